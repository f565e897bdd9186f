#!/usr/bin/env bash
# sim/tests/test_explain.sh IPCSIM SRCDIR: `ipcsim run --explain` and
# `ipcsim explain` against the recorded facts. Runs scenarios into a temp
# dir; compares the exact text for econnrefused and connect-timeout
# (sim/tests/explain/*.txt), and for every scenario checks the numbers in
# the explanation against packets.csv, tcp.csv and events.csv, read here
# with awk, independently of sim/explain.c. TAP output.
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

run() {  # run NAME: runs scenarios/NAME.lua with --explain; the explanation
  "$ipcsim" run "$src/scenarios/$1.lua" -q --explain --out "$tmp/$1" >"$tmp/out" 2>&1
  sed -n '/^==== Why calls failed/,$p' "$tmp/out" >"$tmp/why"
  "$ipcsim" explain "$tmp/$1" >"$tmp/again"
}

for s in econnrefused connect-timeout; do
  run $s
  if diff -u "$src/sim/tests/explain/$s.txt" "$tmp/again" >"$tmp/why"; then ok "$s: exact text"; else not_ok "$s: exact text"; fi
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
has "link-cut: retransmission times" "retransmitted at $(list $rx)"
has "link-cut: their fate" "all $(echo $rx | wc -w) were dropped because link wan was down"
has "link-cut: drop" "expired again at $(s3 $(awk -F, '$4 == "drop" { print $1 }' $d/tcp.csv)) s and TCP dropped the connection after $(echo $rx | wc -w) retransmissions"

echo "1..$n"
exit $((fails > 0))
