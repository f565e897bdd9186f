# scripts/queue.gp: transmit queue lengths in packets against time, one
# line per link direction or segment station (plot_data.c fills it from
# queues.csv). Variables (between @ signs where used):
#   TITLE    text
#   DATA     blocks, two blank lines apart, each a header line whose first
#            field names the queue, then rows "t qlen"
#   NSERIES  how many blocks
#   XRANGE   [from:to] in s, or [*:*]
set title "@TITLE@"
set xlabel "time (s)"
set ylabel "queue length (packets)"
set xrange @XRANGE@
set yrange [0:*]
set ytics 1
set key title "queue"
plot for [i=0:@NSERIES@-1] "@DATA@" index i using 1:2 with steps lw 2 \
     title columnheader(1)
