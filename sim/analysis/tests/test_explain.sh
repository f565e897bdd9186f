#!/usr/bin/env bash
# sim/analysis/tests/test_explain.sh IPCSIM SRCDIR: `ipcsim run --explain` and
# `ipcsim explain` against the recorded facts. Runs scenarios into a temp
# dir; compares the exact text for econnrefused, connect-timeout,
# syn-loss, backlog and keepalive (sim/analysis/tests/explain/*.txt), and for
# every scenario checks the numbers in the explanation against
# packets.csv, tcp.csv and events.csv, read here with awk, independently
# of sim/analysis/explain.c. Every run and every `ipcsim explain` must
# exit 0 (a TAP line each). TAP output.
set -u
ipcsim=$(realpath "$1") src=$(realpath "$2")
n=0 fails=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); fails=$((fails + 1)); echo "not ok $n - $1"; sed 's/^/# /' "$tmp/why"; }
# has DESC TEXT: the last explanation contains TEXT.
has() { if grep -qF -- "$2" "$tmp/why"; then ok "$1"; else echo "lacks: $2" >>"$tmp/why"; not_ok "$1"; fi; }
# 3-decimal seconds, as the explanation prints them.
s3() { awk -v t="$1" 'BEGIN { printf "%.3f", t }'; }
# list t1 t2 ... -> "t1, t2 and t3 s"
list() { awk 'BEGIN { for (i = 1; i < ARGC; i++) { printf "%s%.3f", (i == 1 ? "" : i == ARGC - 1 ? " and " : ", "), ARGV[i] } printf " s" }' "$@"; }

# exits0 DESC OUTPUT CMD...: runs CMD with stdout to OUTPUT; ok when it
# exits 0, else not ok with its stdout and stderr.
exits0() {
  local desc=$1 out=$2; shift 2
  if "$@" >"$out" 2>"$tmp/stderr"; then ok "$desc"; else
    { echo "exit status $?: $*"; cat "$out" "$tmp/stderr"; } >"$tmp/why"; not_ok "$desc"; fi
}

run() {  # run NAME [FILE]: runs FILE (scenarios/NAME.lua) with --explain
  exits0 "$1: run --explain exits 0" "$tmp/out" \
    "$ipcsim" run "${2:-$src/scenarios/$1.lua}" -q --explain --out "$tmp/$1"
  exits0 "$1: ipcsim explain exits 0" "$tmp/again" "$ipcsim" explain "$tmp/$1"
  sed -n '/^==== Why calls failed/,$p' "$tmp/out" >"$tmp/why"
}

for s in econnrefused connect-timeout syn-loss backlog keepalive; do
  f=$src/scenarios/$s.lua
  [ -f "$f" ] || f=$src/sim/analysis/tests/explain/$s.lua
  run $s "$f"
  if diff -u "$src/sim/analysis/tests/explain/$s.txt" "$tmp/again" >"$tmp/why"; then ok "$s: exact text"; else not_ok "$s: exact text"; fi
  tail -n +2 "$tmp/out" | sed -n '/^==== Why/,$p' | tail -n +2 | diff -q - "$tmp/again" >/dev/null \
    && ok "$s: --explain prints what ipcsim explain prints" || not_ok "$s: --explain = ipcsim explain"
done

# econnrefused: the RST's arrival at monet and its departure from degas.
run econnrefused
d=$tmp/econnrefused
rst_tx=$(awk -F, '$18 ~ /R/ && $6 == "degas" { print $1 }' $d/packets.csv)
rst_rx=$(awk -F, '$18 ~ /R/ && $7 == "monet" { print $4 }' $d/packets.csv)
has "econnrefused: RST sent" "answered with a RST at $(s3 $rst_tx) s"
has "econnrefused: RST received" "which reached monet at $(s3 $rst_rx) s"
has "econnrefused: port" "no socket listening on port $(awk -F, '$18 == "S" { print $17 }' $d/packets.csv)"

# connect-timeout: SYN times from tcp.csv, ARP requests, the drop time.
run connect-timeout
d=$tmp/connect-timeout
has "connect-timeout: SYN times" "SYNs were sent at $(list $(awk -F, '$4 == "send" && $6 == "S" { print $1 }' $d/tcp.csv))"
for t in $(awk -F, '$10 == "arp" && $25 == "request" { print $1 }' $d/packets.csv); do
  has "connect-timeout: ARP at $t unanswered" "by ARP at $(s3 $t) s and got no reply"
done
has "connect-timeout: drop time" "expired at $(s3 $(awk -F, '$4 == "drop" { print $1 }' $d/tcp.csv)) s"

# reboot-reset: down/up times, the RST, the ICMP soft error.
run reboot-reset
d=$tmp/reboot-reset
has "reboot-reset: crash" "gone down at $(s3 $(awk -F, '$2 == "host-down" { print $1 }' $d/events.csv)) s"
has "reboot-reset: boot" "come up again at $(s3 $(awk -F, '$2 == "host-up" { print $1 }' $d/events.csv)) s"
has "reboot-reset: RST arrival" "which reached monet at $(s3 $(awk -F, '$18 == "R" && $7 == "monet" { print $4 }' $d/packets.csv)) s"
icmp=$(awk -F, '$14 == "icmp" && $7 == "monet" && $4 >= 127 { print $4 }' $d/packets.csv | tail -1)
has "reboot-reset: last ICMP" "received at $(s3 $icmp) s ($(awk -F, '$14 == "icmp" && $7 == "monet" && $4 >= 127' $d/packets.csv | wc -l) received)"
gwarp=$(awk -F, '$6 == "gw" && $25 == "request" && $26 == "128.33.1.9" && $1 < 122 { print $1 }' $d/packets.csv)
has "reboot-reset: gw's 5 ARP requests" "by ARP at $(list $gwarp) and got no reply"

# route-errors: EHOSTDOWN's ARP requests, gw's ICMP.
run route-errors
d=$tmp/route-errors
has "route-errors: EHOSTDOWN ARP" "for 128.32.1.3 (cezanne) by ARP at $(list $(awk -F, '$25 == "request" && $26 == "128.32.1.3" { print $1 }' $d/packets.csv))"
has "route-errors: ICMP arrival" "The ICMP reached monet at $(s3 $(awk -F, '$14 == "icmp" { print $4 }' $d/packets.csv)) s"
has "route-errors: gw2 ARP" "for 128.32.1.4 (gw2) by ARP at $(list $(awk -F, '$25 == "request" && $26 == "128.32.1.4" { print $1 }' $d/packets.csv))"

# link-cut: the retransmissions (packets.csv, fate down after the cut).
run link-cut
d=$tmp/link-cut
seq=$(awk -F, '$1 >= 3 && $6 == "sun" && $21 > 0 { print $19; exit }' $d/packets.csv)
rx=$(awk -F, -v q="$seq" '$1 >= 3 && $6 == "sun" && $19 == q { print $1 }' $d/packets.csv)
# Each retransmission (cwnd one segment) goes as 1448 bytes and a 12-byte
# runt (RFC 1323 timestamps, as 4.4BSD-Lite): tcp.csv has both.
rxall=$(awk -F, '$1 >= 3 && $2 == "sun" && $4 == "send" && $5 == "rexmit" { print $1 }' $d/tcp.csv)
has "link-cut: retransmission times" "retransmitted at $(list $rxall)"
has "link-cut: their fate" "$(echo $rx | wc -w) were dropped because link wan was down"
has "link-cut: drop" "expired again at $(s3 $(awk -F, '$4 == "drop" { print $1 }' $d/tcp.csv)) s and TCP dropped the connection after $(echo $rx | wc -w) retransmissions"

# syn-loss: each SYN's fate, followed hop by hop (ip_src + ip_id) in
# packets.csv: the first hop that did not deliver it (lost: the link;
# queue: the gateway and its link), or its arrival and the SYN-ACK's fate.
run syn-loss
d=$tmp/syn-loss
awk -F, '
  function s3(t) { return sprintf("%.3f", t) }
  function why(i) { return fate[i] == "lost" ? "was lost by the loss model of link " med[i] : \
    "was dropped at gateway " from[i] " because its queue on " med[i] " was full" }
  NR > 1 && $14 == "tcp" { n++; key[n] = $11 "/" $13; fate[n] = $9; med[n] = $5; from[n] = $6
    to[n] = $7; tx[n] = $1; rx[n] = $4; fl[n] = $18 }
  END {
    for (i = 1; i <= n; i++) {
      if (seen[key[i]]++ || (fl[i] != "S" && fl[i] != "SA")) continue
      bad = 0; last = i
      for (j = i; j <= n; j++) if (key[j] == key[i]) { last = j; if (fate[j] != "delivered") { bad = j; break } }
      if (fl[i] == "SA") { print "SA " tx[i] " " (bad ? why(bad) : "reached " to[last]); continue }
      if (bad) print "The SYN sent at " s3(tx[i]) " s " why(bad) "."
      else print "The SYN sent at " s3(tx[i]) " s reached " to[last] " at " s3(rx[last]) " s"
    }
  }' $d/packets.csv >"$tmp/fates"
while IFS= read -r line; do has "syn-loss: $line" "$line"; done < <(grep '^The' "$tmp/fates")
grep -q 'lost by the loss model of link wan0\.$' "$tmp/fates" && grep -q 'dropped at gateway gw because its queue on wan1 was full\.$' "$tmp/fates" \
  && grep -q 'reached degas at' "$tmp/fates" && ok "syn-loss: the SYNs met the three fates" || not_ok "syn-loss: the three fates"
sa1=$(awk '$1 == "SA" { print $2; exit }' "$tmp/fates")
has "syn-loss: the SYN-ACK and its fate" "degas answered with a SYN-ACK at $(s3 $sa1) s, which $(awk '$1 == "SA" { $1 = $2 = ""; sub(/^  /, ""); print; exit }' "$tmp/fates")"
sas=$(awk 'NR > 1 && $1 == "SA" { print $2 }' "$tmp/fates" | awk 'NR > 1')
[ "$(awk '$1 == "SA"' "$tmp/fates" | awk 'NR > 1' | cut -d' ' -f3- | sort -u)" = "was lost by the loss model of link wan1" ] \
  && has "syn-loss: the SYN-ACK's retransmissions" "degas retransmitted it at $(list $sas): both were lost by the loss model of link wan1" \
  || not_ok "syn-loss: the SYN-ACK's retransmissions were all lost on wan1"
for seed in 2 3; do
  exits0 "syn-loss: run with seed $seed exits 0" "$tmp/out" \
    "$ipcsim" run "$src/scenarios/syn-loss.lua" -q --seed $seed --out "$tmp/sl$seed"
  exits0 "syn-loss: ipcsim explain, seed $seed, exits 0" "$tmp/again" "$ipcsim" explain "$tmp/sl$seed"
  diff -u "$src/sim/analysis/tests/explain/syn-loss.txt" "$tmp/again" >"$tmp/why" && ok "syn-loss: same explanation with seed $seed" \
    || not_ok "syn-loss: same explanation with seed $seed"
done

# backlog: client 12's SYNs reached degas, whose listendrop rows (tcp.csv)
# give the queue's count; one row per tcpstat listendrop.
run backlog
d=$tmp/backlog
conn=$(awk -F, '$4 == "drop" && $2 == "monet" { print $3 }' $d/tcp.csv)
rconn=$(echo "$conn" | awk -F- '{ print $2 "-" $1 }')
lport=${conn%%-*}; lport=${lport##*:}
for t in $(awk -F, -v c="$conn" '$3 == c && $4 == "send" && $6 == "S" { print $1 }' $d/tcp.csv); do
  # the first SYN frame at or after the send row (the segment may wait for the medium)
  rx=$(awk -F, -v t="$t" -v p="$lport" 'NR > 1 && $1 >= t + 0 && $16 == p && $18 == "S" && $7 == "degas" { print $1, $4 }' $d/packets.csv | sort -n | awk '{ print $2; exit }')
  q=$(awk -F, -v c="$rconn" -v t="$rx" '$3 == c && $4 == "listendrop" && $1 == t { split($5, a, "/"); print a[1] " of " a[2] }' $d/tcp.csv)
  has "backlog: SYN at $t dropped by the full queue" "The SYN sent at $(s3 $t) s reached degas at $(s3 $rx) s, whose listen queue was full ($q): it dropped the SYN without an answer."
done
nd=$(awk -F, '$4 == "listendrop"' $d/tcp.csv | wc -l)
grep -q "degas: $nd SYNs dropped for a full queue" "$tmp/out" && ok "backlog: $nd listendrop rows = tcpstat listendrop" \
  || { cp "$tmp/out" "$tmp/why"; not_ok "backlog: listendrop rows = tcpstat listendrop"; }

# keepalive: the probes (tcp.csv send rows, detail keepalive), their fate
# in packets.csv, and the drop.
run keepalive "$src/sim/analysis/tests/explain/keepalive.lua"
d=$tmp/keepalive
probes=$(awk -F, '$4 == "send" && $5 == "keepalive" { print $1 }' $d/tcp.csv)
has "keepalive: probe times" "The keepalive timer sent probes at $(list $probes):"
np=$(echo $probes | wc -w)
lost=$(for t in $probes; do awk -F, -v t="$t" '$1 == t && $6 == "monet" && $14 == "tcp" { print $9 " " $5 }' $d/packets.csv; done | sort | uniq -c)
[ "$(echo $lost)" = "$np lost wan" ] && has "keepalive: probes lost" "all $np were lost by the loss model of link wan. None was answered" \
  || { echo "$lost" >"$tmp/why"; not_ok "keepalive: each probe lost on wan"; }
has "keepalive: drop" "the keepalive timer dropped the connection at $(s3 $(awk -F, '$4 == "drop" { print $1 }' $d/tcp.csv)) s."
has "keepalive: last heard" "monet last heard from degas at $(s3 $(awk -F, '$2 == "monet" && $4 == "recv" { t = $1 } END { print t }' $d/tcp.csv)) s."

echo "1..$n"
exit $((fails > 0))
