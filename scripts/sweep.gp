# scripts/sweep.gp: a sweep's result, one reported value (mean, with the
# 95% confidence interval as an error bar) against one parameter, one line
# per combination of the other parameters (sweep_out.c fills it).
# Variables (written between @ signs where used):
#   TITLE, XLABEL, YLABEL  text
#   DATA     the data file: one block per line, blocks apart by two blank
#            lines, each starting with a header whose first field is the
#            line's title, then rows "x mean ci95"
#   NSERIES  how many blocks
#   USING    the using spec: 1:2:3 for numeric x, 0:2:3:xtic(1) for labels
set title "@TITLE@"
set xlabel "@XLABEL@"
set ylabel "@YLABEL@"
set offsets graph 0.05, graph 0.05, graph 0.05, graph 0.05
plot for [i=0:@NSERIES@-1] "@DATA@" index i using @USING@ \
     with yerrorlines title columnheader(1)
