# scripts/throughput.gp: data bytes each TCP flow's receiver took in
# order, per interval, in Mb/s against time (plot_data.c fills it from
# throughput.csv). Variables (between @ signs where used):
#   TITLE    text
#   DATA     blocks, two blank lines apart, each a header line whose first
#            field is the flow (its conn), then rows "t mbps"
#   NSERIES  how many blocks
#   XRANGE   [from:to] in s, or [*:*]
set title "@TITLE@"
set xlabel "time (s)"
set ylabel "throughput (Mb/s)"
set xrange @XRANGE@
set yrange [0:*]
set key title "flow (receiver's conn)"
plot for [i=0:@NSERIES@-1] "@DATA@" index i using 1:2 with fsteps lw 2 \
     title columnheader(1)
