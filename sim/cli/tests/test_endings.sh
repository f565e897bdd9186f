#!/usr/bin/env bash
# sim/cli/tests/test_endings.sh IPCSIM DIR: every way a run ends leaves
# whole files and a summary.txt that says how and when: done, stopped at
# its stop time, a process's error (the time it died, not the stop time),
# SIGINT and SIGTERM (exit 130 and 143, CSV rows whole, the pcap readable),
# a finalizer's run{} that may not carry on, and Lua that only the
# watchdog can stop (--max-stall). TAP output.
set -u
ipcsim=$(realpath "$1") dir=$(realpath "$2")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0 fails=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); fails=$((fails + 1)); echo "not ok $n - $1"; }
check() { local d=$1; shift; if "$@" >/dev/null 2>&1; then ok "$d"; else not_ok "$d"; fi; }
line2() { sed -n 2p "$1/summary.txt"; }

# A process that fails: the run ends when it died.
"$ipcsim" run "$dir/error.lua" -q --out "$tmp/err" >/dev/null 2>&1
check "a process error exits 1" test $? -eq 1
check "the summary's time is when it died" grep -qx "Run of 1.000000000 s simulated (seed 1)" "$tmp/err/summary.txt"
check "and says why" grep -qx "It ended with an error at 1.000000000 s: .*error.lua:4: boom." "$tmp/err/summary.txt"

# Interrupted: wait until rows are being written, then signal.
interrupt() {  # SIG STATUS
  local out=$tmp/$1
  "$ipcsim" run "$dir/long.lua" -q --pcap --out "$out" >/dev/null 2>"$tmp/$1.err" &
  local pid=$! i=0
  while [ "$(wc -l 2>/dev/null <"$out/packets.csv" || echo 0)" -lt 100 ] && [ $i -lt 600 ]; do
    sleep 0.1; i=$((i + 1))
  done
  kill -"$1" $pid
  wait $pid
  check "SIG$1 exits $2" test $? -eq "$2"
  check "SIG$1: said on stderr" grep -q "interrupted by SIG$1" "$tmp/$1.err"
  check "SIG$1: summary says so" grep -q "^It ended interrupted by SIG$1 at [0-9.]* s\.$" "$out/summary.txt"
  check "SIG$1: every packets.csv row whole" awk -F, -v want=27 'NF < want { exit 1 }' "$out/packets.csv"
  check "SIG$1: packets.csv ends with a newline" test "$(tail -c 1 "$out/packets.csv" | od -An -c | tr -d ' ')" = '\n'
  if [ -n "${TSHARK:-}" ]; then
    check "SIG$1: the pcap reads back" "${PCAP_CHECK:?}" "$out/lan0.pcap"
  else
    n=$((n + 1)); echo "ok $n - SIG$1: the pcap reads back # SKIP no tshark"
  fi
}
interrupt INT 130
interrupt TERM 143

# A finalizer's run{} at close: refused, nothing printed after 1 s.
"$ipcsim" run "$dir/finalizer.lua" -q --out "$tmp/fin" >"$tmp/fin.out" 2>&1
check "the run before the finalizer finished" grep -q "done" "$tmp/fin.out"
check "the finalizer's run{} did not go on" sh -c "! grep -q late '$tmp/fin.out'"
check "summary: the stop time" grep -qx "It ended at its stop time, 1.000000000 s." "$tmp/fin/summary.txt"
# Lua the instruction limit cannot reach: the watchdog stops it.
for s in gc-loop pattern; do
  timeout 60 "$ipcsim" run "$dir/$s.lua" -q --no-record --max-stall 2 \
    >/dev/null 2>"$tmp/$s.err"
  check "$s: the watchdog stops it (exit 1)" test $? -eq 1
  check "$s: and says why" grep -q "no progress for 2 s of wall time" "$tmp/$s.err"
done
echo "1..$n"
[ "$fails" -eq 0 ]
