# scripts/tseq.gp: a time-sequence graph in the style of tcptrace, for one
# end of one TCP connection (plot_tcp.c fills it from tcp.csv): each data
# segment sent is a bar from seq to seq+len at its send time (retransmis-
# sions in red), the ACKs received are a step line, and ack + the window
# they advertise a dashed one: the sender may send up to it. Sequence
# numbers are relative to the sender's ISS. Variables:
#   TITLE, DATA  text; DATA has blocks "# data", "# rexmit" (t seq end),
#                "# ack", "# win" (t value), "# synfin" (t seq)
#   XRANGE       [from:to] in s, or [*:*]
#   HAS_DATA, HAS_REXMIT, HAS_ACK, HAS_SYNFIN   the block's name when it
#                has rows, else empty (the for loop then draws nothing)
set title "@TITLE@"
set xlabel "time (s)"
set ylabel "sequence number (bytes, relative to the ISS)"
set xrange @XRANGE@
set key title "segments sent, ACKs received"
plot for [s in "@HAS_ACK@"] "@DATA@" index "win" using 1:2 with steps \
       dt 2 lw 1.5 lc rgb "#9467bd" title "ack + advertised window", \
     for [s in "@HAS_ACK@"] "@DATA@" index s using 1:2 with steps \
       lw 1.5 lc rgb "#2ca02c" title "ACK received", \
     for [s in "@HAS_DATA@"] "@DATA@" index s using 1:2:(0):($3-$2) \
       with vectors heads size screen 0.006,90 lw 2 lc rgb "#1f77b4" \
       title "data segment (seq..seq+len)", \
     for [s in "@HAS_REXMIT@"] "@DATA@" index s using 1:2:(0):($3-$2) \
       with vectors heads size screen 0.006,90 lw 2.5 lc rgb "#d62728" \
       title "retransmission", \
     for [s in "@HAS_SYNFIN@"] "@DATA@" index s using 1:2 with points \
       pt 6 ps 1.5 lc rgb "#000000" title "SYN or FIN sent"
