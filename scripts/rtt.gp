# scripts/rtt.gp: round-trip time samples, the smoothed RTT and the
# retransmission timeout of one end of a TCP connection, in ms against
# time (plot_tcp.c fills it from tcp.csv). 4.4BSD times one segment at a
# time in 500 ms ticks, so samples come in steps of 500 ms. Variables:
#   TITLE, DATA  text; DATA has blocks "# samples" (t rtt_ms) and
#                "# est" (t srtt_ms rto_ms; srtt NaN before a sample)
#   XRANGE       [from:to] in s, or [*:*]
#   HAS_SAMPLES  "samples" when there are any, else empty
set title "@TITLE@"
set xlabel "time (s)"
set ylabel "time (ms)"
set xrange @XRANGE@
set yrange [0:*]
set key title "RTT estimator"
plot "@DATA@" index "est" using 1:3 with steps lw 2 lc rgb "#d62728" \
       title "RTO (retransmission timeout)", \
     "" index "est" using 1:2 with steps lw 2 lc rgb "#1f77b4" \
       title "srtt (smoothed RTT)", \
     for [s in "@HAS_SAMPLES@"] "@DATA@" index s using 1:2 with points \
       pt 7 ps 1.2 lc rgb "#000000" title "RTT sample"
