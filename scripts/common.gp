# @NAME@.gp: written by ipcsim from scripts/@KIND@.gp. Edit it and draw it
# again with: gnuplot @NAME@.gp   (in this directory)
# The lines down to the template are scripts/common.gp, put in front of
# every plot: terminal, output file, key, grid.
set terminal @TERMINAL@
set output "@OUTPUT@"
set key outside right top box opaque
set grid
set border 3
set tics nomirror
set datafile separator whitespace
set style data linespoints
# ---- scripts/@KIND@.gp
