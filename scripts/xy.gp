# scripts/xy.gp: a scenario's own plot{}: one or more columns of one of
# its series{} against another (lsim_series.c fills it). Variables:
#   TITLE, XLABEL, YLABEL  text (from plot{}; labels default to the
#            column names)
#   DATA     rows "x y1 y2 ..." (the series' columns, in plot{}'s order)
#   NY       how many y columns
#   YNAMES   their names, space separated (the key)
set title "@TITLE@"
set xlabel "@XLABEL@"
set ylabel "@YLABEL@"
plot for [i=1:@NY@] "@DATA@" using 1:(column(i+1)) with linespoints \
     lw 2 pt 7 ps 0.6 title word("@YNAMES@", i)
