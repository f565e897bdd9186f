#!/usr/bin/env bash
# sim/lua/tests/test_determinism.sh IPCSIM DIR: runs each scenario of DIR
# five times with seed 1, each a new process (so Lua's string hash seed,
# taken from the time and addresses, differs every time), and wants the
# same stdout and the same packets.csv and trace every time. TAP output.
set -u
ipcsim=$(realpath "$1") dir=$(realpath "$2")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0 fails=0
for f in "$dir"/*.lua; do
  name=$(basename "$f" .lua)
  same=1
  for i in 1 2 3 4 5; do
    if ! "$ipcsim" run "$f" --seed 1 --quiet --trace --out "$tmp/$i" \
         >"$tmp/$i.out" 2>&1; then
      echo "# run $i of $name failed:"; sed 's/^/# /' "$tmp/$i.out"; same=0
    fi
    if [ $i -gt 1 ]; then
      for x in "$i.out" "$i/packets.csv" "$i/trace.txt"; do
        if ! cmp -s "$tmp/1${x#$i}" "$tmp/$x"; then
          echo "# run $i differs from run 1 in ${x#$i}:"
          diff "$tmp/1${x#$i}" "$tmp/$x" | head -5 | sed 's/^/# /'
          same=0
        fi
      done
    fi
  done
  n=$((n + 1))
  if [ $same = 1 ]; then echo "ok $n - $name: five runs, the same bytes"
  else fails=$((fails + 1)); echo "not ok $n - $name: five runs, the same bytes"; fi
  rm -rf "$tmp"/[0-9]*
done
echo "1..$n"
[ "$fails" -eq 0 ]
