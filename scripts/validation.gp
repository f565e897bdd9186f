# scripts/validation.gp: docs/img/validation.png from docs/validation.csv
# (a summary.csv of `ipcsim sweep scenarios/validate-loss.lua`, run by
# scripts/validate): mean goodput with 95% intervals against loss p, one
# line per profile, over the Mathis et al. (1997) model with C =
# sqrt(3/2) and the Padhye et al. (PFTK, 1998) full model with timeouts
# for b = 1 and b = 2 packets per ACK. Variables (gnuplot -e): csv, png.
# The path (scenarios/validate-loss.lua): 1448 bytes of data per segment,
# RTT 0.1 s; T0 is the senders' mean RTO less a quarter second (the
# 500 ms tick fires on average half a tick early).
set terminal pngcairo size 900,600 font ",10"
set output png
set datafile separator comma
set key inside right top box opaque
set grid
set border 3
set tics nomirror
set logscale xy
set format x "%g"
set format y "%g"
set xrange [0.0004:0.06]
set yrange [0.1:30]
set xlabel "loss probability p (data segments, Bernoulli)"
set ylabel "goodput (Mb/s)"
set title "TCP goodput under random loss: 100 Mb/s, RTT 100 ms, 1 MB windows (10 seeds each)"
stats csv using 10 every ::1 nooutput
T0 = STATS_mean - 0.25
MSS = 1448.0
RTT = 0.1
mbps(pkts) = pkts * MSS * 8 / 1e6
mathis(p) = mbps(1 / RTT * sqrt(1.5) / sqrt(p))
tofrac(b, p) = T0 * (1 < 3 * sqrt(3 * b * p / 8) ? 1 : 3 * sqrt(3 * b * p / 8))
pftk(b, p) = mbps(1 / (RTT * sqrt(2 * b * p / 3) + tofrac(b, p) * p * (1 + 32 * p**2)))
is(prof) = strcol(2) eq prof
colour(pr) = pr eq "4.4bsd" ? "red" : pr eq "newreno" ? "blue" : "purple"
plot mathis(x) with lines lw 2 dt 2 lc rgb "black" title "Mathis, C = sqrt(3/2)", \
     pftk(1, x) with lines lw 2 dt 3 lc rgb "dark-green" title sprintf("PFTK b = 1, T0 = %.2f s", T0), \
     pftk(2, x) with lines lw 2 dt 4 lc rgb "dark-orange" title "PFTK b = 2", \
     for [pr in "4.4bsd newreno tahoe"] csv every ::1 \
         using 1:(is(pr) ? $4 : NaN):5 with yerrorbars pt 7 ps 1.2 \
         lc rgb colour(pr) title pr
