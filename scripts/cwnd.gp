# scripts/cwnd.gp: the congestion window and the slow-start threshold of
# one end of a TCP connection, with the window its peer offers, in bytes
# against time (plot_tcp.c fills it from tcp.csv). A gap in a line: the
# value is still 4.4BSD's "no limit" (1073725440). Variables:
#   TITLE, DATA  text; DATA's block "# cwnd" has rows
#                "t cwnd ssthresh snd_wnd"
#   XRANGE       [from:to] in s, or [*:*]
set title "@TITLE@"
set xlabel "time (s)"
set ylabel "window (bytes)"
set xrange @XRANGE@
set yrange [0:*]
set key title "sender's windows"
plot "@DATA@" index "cwnd" using 1:2 with steps lw 2 lc rgb "#1f77b4" \
       title "cwnd (congestion window)", \
     "" index "cwnd" using 1:3 with steps lw 2 dt 2 lc rgb "#d62728" \
       title "ssthresh (slow-start threshold)", \
     "" index "cwnd" using 1:4 with steps lw 1 dt 3 lc rgb "#2ca02c" \
       title "snd_wnd (peer's window)"
