#!/usr/bin/env bash
# sim/analysis/tests/test_plot_cli.sh IPCSIM PLOTDIR: `ipcsim plot` on the fixture
# results dirs in PLOTDIR (tcp/: monet -lan0- gw -wan0- degas, a handshake,
# a data segment lost on wan0 and retransmitted after the RTO, two more,
# a FIN exchange; udp/: a UDP datagram and the ICMP port unreachable, no
# TCP), in the exact columns of docs/results.md. Renders every kind in
# png, svg and dumb, checks the files (PNG magic, SVG root, text), the
# exact .dat lines that carry the teaching (handshake bands, the lost
# frame's cross, the retransmission), the errors and their exit codes,
# `run --plot`, and a scenario's own series{} and plot{}. Every ipcsim
# command's exit status is checked (a TAP line each). Without gnuplot the
# drawings SKIP; a command that needs it must then fail with "gnuplot not
# found", and the data files it writes first are still checked. TAP output.
set -u
ipcsim=$(realpath "$1") fix=$(realpath "$2")
n=0 fails=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
have_gp=1
command -v gnuplot >/dev/null || have_gp=0

ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); fails=$((fails + 1)); echo "not ok $n - $1"; sed 's/^/# /' "$tmp/err"; }
skip() { n=$((n + 1)); echo "ok $n - $1 # SKIP gnuplot missing"; }

. "$(dirname "$0")/../../../scripts/tap_expect.sh"

# drawn DESC -- CMD...: CMD draws with gnuplot: it must exit 0, or without
# gnuplot exit 1 naming it (its .dat and .gp files are written first).
drawn() {
  local desc=$1; shift 2
  if [ $have_gp = 1 ]; then expect "$desc" 0 "" -- "$@"
  else expect "$desc (no gnuplot: fails, says so)" 1 "gnuplot not found on PATH" -- "$@"; fi
}

# has DESC FILE TEXT: FILE contains the line TEXT exactly.
has() {
  if grep -qxF -- "$3" "$2"; then ok "$1"; else
    { echo "$2 lacks the line: $3"; head -40 "$2"; } >"$tmp/err"; not_ok "$1"; fi
}

fresh() { rm -rf "$tmp/$1"; cp -r "$fix/$1" "$tmp/$1"; }

# Every kind in every format from the TCP fixture.
for fmt in png svg dumb; do
  fresh tcp
  for kind in throughput tseq cwnd rtt queue ladder; do
    ext=$fmt; [ "$fmt" = dumb ] && ext=txt
    if [ $have_gp = 0 ] && ! { [ $kind = ladder ] && [ $fmt = dumb ]; }; then
      skip "$kind $fmt"; continue; fi
    expect "$kind $fmt" 0 "" -- "$ipcsim" plot $kind "$tmp/tcp" --format $fmt
    f="$tmp/tcp/$kind.$ext"
    case $fmt in
      png) head -c 8 "$f" | od -An -tx1 | grep -q '89 50 4e 47 0d 0a 1a 0a' ;;
      svg) grep -q '<svg' "$f" && grep -q '</svg>' "$f" ;;
      dumb) [ -s "$f" ] && grep -qF "tcp: " "$f" && grep -qF "tcp: " "$tmp/out" ;;
    esac && ok "$kind $fmt output" || { echo "bad $f" >"$tmp/err"; not_ok "$kind $fmt output"; }
  done
done

fresh tcp
d="$tmp/tcp"
drawn "plot all" -- "$ipcsim" plot all "$d"
# Ladder: the columns follow the path, the SYN's band on each hop (ms).
has "ladder hosts" "$d/ladder.dat" '1 -4.283524 222.743248 "gw"'
has "ladder SYN on lan0, first corner" "$d/ladder.dat" '0 0.1044'
has "ladder SYN on lan0, last bit sent" "$d/ladder.dat" '0 0.1556'
has "ladder SYN at gw, last bit" "$d/ladder.dat" '1 0.1566'
has "ladder SYN on wan0, arrival" "$d/ladder.dat" '2 10.5086'
has "ladder lost frame's cross half-way" "$d/ladder.dat" '1.5 28.6386 "lost (loss model)"'
has "ladder lost frame's label over the whole hop" "$d/ladder.dat" '1.50857568 27.491292 -6.7 "ACK 1:513(512) ack 1 win 4096"'
has "ladder gap shortened" "$d/ladder.dat" '1 42.097 "(1468.71 ms with nothing on the wire: shortened)"'
has "ladder tick after the gap" "$d/ladder.dat" '0 52.909 "1500"'
grep -qF 'CATS' "$d/ladder.gp" && ! grep -q '@' "$d/ladder.gp" && ok "ladder.gp filled" || { cp "$d/ladder.gp" "$tmp/err"; not_ok "ladder.gp filled"; }
grep -qF 'for [c in "data rexmit ack ctl arp"]' "$d/ladder.gp" && ok "ladder categories" || { cp "$d/ladder.gp" "$tmp/err"; not_ok "ladder categories"; }
# tseq: the retransmission at the RTO, the ACK and window lines.
has "tseq retransmission" "$d/tseq.dat" '1.5 1 513'
has "tseq data" "$d/tseq.dat" '1.6103722 1025 1537'
has "tseq ack" "$d/tseq.dat" '1.6400334 1537'
has "tseq window" "$d/tseq.dat" '1.6400334 5633'
grep -qF 'set title "tcp: time-sequence graph, 128.32.1.1:1023-10.0.0.2:513 (at monet)"' "$d/tseq.gp" && ok "tseq title" || { cp "$d/tseq.gp" "$tmp/err"; not_ok "tseq title"; }
has "cwnd unset ssthresh is a gap" "$d/cwnd.dat" '0.0209128 512 NaN 4096'
has "cwnd after the RTO" "$d/cwnd.dat" '1.5 512 1024 4096'
has "rtt sample" "$d/rtt.dat" '1.6400334 500'
has "rtt rto backed off" "$d/rtt.dat" '1.5 500 3000'
has "throughput" "$d/throughput.dat" '1.52 0.2048'
has "queue series" "$d/queue.dat" '"wan0 port a" t y'
# Text ladder: the lost frame, the idle gap.
expect "text ladder" 0 "" -- "$ipcsim" plot ladder "$d" --format dumb
cp "$tmp/out" "$tmp/ladder.txt"
grep -q '|-ACK 1:513(512) ack --X .*X lost (loss model)$' "$tmp/ladder.txt" && ok "text ladder lost frame" || { cp "$tmp/ladder.txt" "$tmp/err"; not_ok "text ladder lost frame"; }
grep -qF '(1468.71 ms idle)' "$tmp/ladder.txt" && ok "text ladder gap" || { cp "$tmp/ladder.txt" "$tmp/err"; not_ok "text ladder gap"; }
# A powered-off host as a column (walk-errors.lua: cezanne is down; the
# ARP requests for its address end at a cross), and the dropped label.
expect "run walk-errors.lua" 0 "" -- "$ipcsim" run "$fix/../../../../scenarios/walk-errors.lua" -q --out "$tmp/we"
expect "text ladder, monet and cezanne" 0 "" -- \
  "$ipcsim" plot ladder "$tmp/we" --format dumb --hosts monet,cezanne --from 1 --to 80
cp "$tmp/out" "$tmp/off.txt"
[ "$(grep -c 'ARP who-ha--X .*X link or host down$' "$tmp/off.txt")" -eq 3 ] && ok "ladder: ARP to a powered-off host, crossed" || { cp "$tmp/off.txt" "$tmp/err"; not_ok "ladder: ARP to a powered-off host, crossed"; }
expect "text ladder, monet and degas" 0 "" -- "$ipcsim" plot ladder "$tmp/we" --format dumb --hosts monet,degas --to 0.5
cp "$tmp/out" "$tmp/on.txt"
! grep -q 'X ' "$tmp/on.txt" && [ "$(grep -c -- '--' "$tmp/on.txt")" -eq 4 ] && ok "ladder: ARP to a live host delivered" || { cp "$tmp/on.txt" "$tmp/err"; not_ok "ladder: ARP to a live host delivered"; }
# A connect that never got through (syn-loss.lua): tseq picks the end
# that sent the SYNs, and draws them at 0, 6 and 30 s.
expect "run syn-loss.lua" 0 "" -- "$ipcsim" run "$fix/../../../../scenarios/syn-loss.lua" -q --out "$tmp/sl"
drawn "text tseq of syn-loss" -- "$ipcsim" plot tseq "$tmp/sl" --format dumb
syns=$(awk '/^# synfin/ { on = 1; next } /^#/ { on = 0 } on && NF { printf "%s ", $1 }' "$tmp/sl/tseq.dat" 2>/dev/null)
[ "$syns" = "0 6 30 " ] && grep -q 'at monet' "$tmp/sl/tseq.gp" && ok "tseq of a connect that never got through" || { echo "synfin rows: '$syns'" >>"$tmp/err"; not_ok "tseq of a connect that never got through"; }
# Windows and host choice.
expect "text ladder --to 25ms" 0 "" -- "$ipcsim" plot ladder "$d" --format dumb --to 25ms
cp "$tmp/out" "$tmp/w.txt"
[ "$(grep -c -- '--' "$tmp/w.txt")" -eq 10 ] && ok "ladder --to keeps 10 frames" || { cp "$tmp/w.txt" "$tmp/err"; not_ok "ladder --to keeps 10 frames"; }
expect "text ladder --hosts degas,gw" 0 "" -- "$ipcsim" plot ladder "$d" --format dumb --hosts degas,gw
cp "$tmp/out" "$tmp/h.txt"
grep -q 'time  degas  *gw$' "$tmp/h.txt" && ok "ladder --hosts order" || { cp "$tmp/h.txt" "$tmp/err"; not_ok "ladder --hosts order"; }

# No TCP: all draws the ladder (UDP, ICMP) and queue, skips the rest.
fresh udp
if [ $have_gp = 1 ]; then
  expect "all without TCP" 0 "skipped tseq: no TCP connection" -- "$ipcsim" plot all "$tmp/udp"
  [ -f "$tmp/udp/ladder.png" ] && [ ! -f "$tmp/udp/tseq.png" ] && ok "no tseq without TCP" || { ls "$tmp/udp" >"$tmp/err"; not_ok "no tseq without TCP"; }
  has "udp ladder icmp" "$tmp/udp/ladder.dat" '# icmp'
else skip "all without TCP"; skip "no tseq without TCP"; skip "udp ladder icmp"; fi
expect "tseq without TCP" 1 "no TCP connection in $tmp/udp/tcp.csv" -- "$ipcsim" plot tseq "$tmp/udp"

# Errors.
expect "unknown kind" 2 "unknown plot kind 'pie'" -- "$ipcsim" plot pie "$d"
expect "missing dir" 1 "no results directory '$tmp/nope'" -- "$ipcsim" plot ladder "$tmp/nope"
expect "missing args" 2 "give a KIND and a RESULTS_DIR" -- "$ipcsim" plot ladder
expect "bad format" 2 "--format: 'gif' is not png, svg or dumb" -- "$ipcsim" plot ladder "$d" --format gif
expect "bad time" 2 "--from: bad time '2 fortnights'" -- "$ipcsim" plot ladder "$d" --from "2 fortnights"
expect "to before from" 2 "--to 1s is not after --from" -- "$ipcsim" plot ladder "$d" --from 2s --to 1s
expect "no such host" 1 "--hosts: no host 'manet'" -- "$ipcsim" plot ladder "$d" --hosts monet,manet
expect "one host" 2 "a ladder needs two or more hosts" -- "$ipcsim" plot ladder "$d" --hosts monet
expect "hosts on tseq" 2 "--hosts is for the ladder, not for 'tseq'" -- "$ipcsim" plot tseq "$d" --hosts a,b
expect "no such conn" 1 "--conn: no connection '1.2.3.4:5-6.7.8.9:10'" -- "$ipcsim" plot tseq "$d" --conn 1.2.3.4:5-6.7.8.9:10
expect "empty window" 1 "no frame between the hosts monet,gw,degas in the --from/--to window" -- "$ipcsim" plot ladder "$d" --from 5s --format dumb
mkdir -p "$tmp/nofile"
expect "missing file" 1 "cannot read $tmp/nofile/packets.csv" -- "$ipcsim" plot ladder "$tmp/nofile"
fresh tcp
sed -i '1s/,label$/,lbl/' "$tmp/tcp/packets.csv"
expect "missing column" 1 "packets.csv has no column 'label' (docs/results.md)" -- "$ipcsim" plot ladder "$tmp/tcp"

# A scenario's own series and plot; run --plot.
cat >"$tmp/own.lua" <<'LUA'
local s = series{ name = "backlog", columns = { "t", "queued", "max" } }
for i = 0, 4 do s:add(i / 4, i % 3, 5) end
plot{ name = "backlog", title = "backlog", x = "t", y = { "queued", "max" },
      xlabel = "time (s)", ylabel = "connections" }
run { stop = "1s" }
LUA
if [ $have_gp = 1 ]; then
  expect "series and plot" 0 "" -- "$ipcsim" run "$tmp/own.lua" --quiet --out "$tmp/own" --plot
  has "series csv" "$tmp/own/backlog.csv" '0.75,0,5'
  has "series dat" "$tmp/own/backlog.dat" '0.5 2 5'
  grep -qF 'title word("queued max", i)' "$tmp/own/backlog.gp" && [ -s "$tmp/own/backlog.png" ] && ok "own plot drawn" || { ls "$tmp/own" >"$tmp/err"; not_ok "own plot drawn"; }
else skip "series and plot"; skip "series csv"; skip "series dat"; skip "own plot drawn"; fi
# A partial retransmission (4.4BSD's t_maxseg less the options, then a
# 12-byte runt) is drawn as a retransmission, not as new data: in
# ladder.dat both bands (five corners each) sit in the rexmit block.
# runt/: a -wire- b, segment 1449:2897 lost, resent as 1449:2885 and
# 2885:2897.
fresh runt
drawn "ladder of a partial retransmission" -- "$ipcsim" plot ladder "$tmp/runt" --hosts a,b
block=$(awk '/^# /{cat=$2} cat=="rexmit"' "$tmp/runt/ladder.dat")
if [ "$(grep -cE '^[0-9]' <<<"$block")" -eq 10 ]; then
  ok "both parts of the resent segment are retransmissions"
else
  { echo "rexmit block:"; echo "$block"; } >"$tmp/err"
  not_ok "both parts of the resent segment are retransmissions"
fi

echo "1..$n"
[ "$fails" -eq 0 ]
