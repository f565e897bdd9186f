# scripts/ladder.gp: a ladder (time-space) diagram: one vertical line per
# host, time running down the page, each frame a band from the sender at
# its transmission (top edge: first bit, bottom: last bit) to the receiver
# at its arrival. The slope is the propagation delay, the thickness the
# transmission time. A dropped frame ends half-way with a cross and the
# cause. plot_ladder_draw.c fills it; the y values are "visual" time
# (true inside busy stretches, long idle gaps shortened), so the time
# tics come from the data. Variables:
#   TITLE, YLABEL  text
#   DATA      blocks: "# hosts" (x top height name), one per category in
#             CATS (closed polygons "x y", a blank line apart), "# labels"
#             (x y angle text), "# drops" (x y cause), "# ticks" (0 y
#             text), "# gaps" (x y text)
#   CATS      the categories present: data rexmit ack ctl arp icmp udp other
#   HAS_DROPS "drops" when a frame was dropped, else empty
#   XLO, XHI, YLO, YHI, TMARGIN   the ranges and the plot's top (the C code computed the label angles
#             for them and for the margins below: keep them together)
set title "@TITLE@" font "sans,13"
set lmargin at screen 0.11
set rmargin at screen 0.72
set tmargin at screen @TMARGIN@
set bmargin at screen 0.03
set xrange [@XLO@:@XHI@]
set x2range [@XLO@:@XHI@]
set yrange [@YHI@:@YLO@]
set ylabel "@YLABEL@"
unset xtics
set x2tics scale 0 font "sans,12"
set ytics scale 0.5
set grid noxtics noytics
set border 0
set key title "frames (band: slope = propagation,\nthickness = transmission time)"
set style fill transparent solid 0.45 border
color(c) = c eq "data" ? "#1f77b4" : c eq "rexmit" ? "#d62728" : \
           c eq "ack" ? "#2ca02c" : c eq "ctl" ? "#9467bd" : \
           c eq "arp" ? "#7f7f7f" : c eq "icmp" ? "#ff7f0e" : \
           c eq "udp" ? "#17becf" : "#8c564b"
name(c) = c eq "data" ? "TCP data" : c eq "rexmit" ? "TCP retransmission" : \
          c eq "ack" ? "TCP ACK (no data)" : \
          c eq "ctl" ? "TCP SYN, FIN or RST" : c eq "arp" ? "ARP" : \
          c eq "icmp" ? "ICMP" : c eq "udp" ? "UDP" : "other"
plot "@DATA@" index "ticks" using 1:2:ytic(3) with points pt 0 ps 0 \
       lc rgb "#FF000000" notitle, \
     "" index "hosts" using 1:2:(0):3:x2tic(4) with vectors nohead lw 3 \
       lc rgb "#333333" notitle, \
     for [c in "@CATS@"] "@DATA@" index c using 1:2 with filledcurves \
       closed lc rgb color(c) title name(c), \
     "" index "gaps" using 1:2:3 with labels center font "sans,9" \
       tc rgb "#555555" notitle, \
     "" index "labels" using 1:2:4:3 with labels rotate variable center \
       font "sans,9" notitle, \
     for [s in "@HAS_DROPS@"] "@DATA@" index s using 1:2 with points \
       pt 2 ps 2.5 lw 3 lc rgb "#d62728" title "dropped (cause below)", \
     for [s in "@HAS_DROPS@"] "@DATA@" index s using 1:2:3 with labels \
       left offset 1.2,-1.1 font "sans,9" tc rgb "#d62728" notitle
