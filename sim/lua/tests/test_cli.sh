#!/usr/bin/env bash
# sim/lua/tests/test_cli.sh IPCSIM BADDIR: bad input gets a clear message and
# a non-zero exit, never a crash. Runs every scenario in BADDIR (each says
# "-- expect: TEXT" on its first line: stderr must contain TEXT, and the
# exit status must be 1), then bad command lines (exit 2). TAP output.
set -u
ipcsim=$(realpath "$1") bad=$(realpath "$2")
n=0 fails=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); fails=$((fails + 1)); echo "not ok $n - $1"; sed 's/^/# /' "$tmp/err"; }

. "$(dirname "$0")/../../../scripts/tap_expect.sh"

for f in "$bad"/*.lua; do
  text=$(head -n 1 "$f" | sed 's/^-- expect: //')
  name=$(basename "$f")
  extra=()
  case $name in
    runaway.lua) extra=(--max-instructions 1000000) ;;
    memory.lua) extra=(--max-memory 20MB) ;;
    tiny-memory.lua) extra=(--max-memory 16KB) ;;
    c-memory.lua) extra=(--max-memory 2MB) ;;
    livelock.lua|land.lua) extra=(--max-same-time 100000) ;;
    event-limit.lua|implicit-run-limit.lua) extra=(--max-events 1000) ;;
  esac
  # Errors name the file as given: run from its directory.
  expect "$name" 1 "$text" -- bash -c 'cd "$1" && shift && exec "$@"' _ "$bad" \
    "$ipcsim" run "$name" --quiet --out "$tmp/o" "${extra[@]}"
done

good="$tmp/good.lua"
echo 'run { stop = "1s" }' >"$good"
expect "unknown option" 2 "Unknown option --bogus" -- "$ipcsim" run "$good" --bogus
expect "bad seed" 2 "--seed: 'abc' is not a whole number" -- "$ipcsim" run "$good" --seed abc
expect "bad stop" 2 "bad time '5parsecs'" -- "$ipcsim" run "$good" --stop 5parsecs
expect "bad max-memory" 2 "bad size '12 apples'" -- "$ipcsim" run "$good" --max-memory "12 apples"
expect "no file" 2 "no scenario file given" -- "$ipcsim" run
expect "extra argument" 2 "unexpected argument 'extra'" -- "$ipcsim" run "$good" extra
expect "unknown command" 2 "unknown command 'frobnicate'" -- "$ipcsim" frobnicate
expect "missing file" 1 "nosuch.lua: no such scenario file" -- "$ipcsim" run "$tmp/nosuch.lua"
mkdir "$tmp/adir"; mkfifo "$tmp/afifo"; printf '\033Lua' >"$tmp/bin.lua"
expect "a directory" 1 "adir: is a directory, not a scenario file" -- "$ipcsim" run "$tmp/adir"
expect "a FIFO" 1 "afifo: not a regular file" -- "$ipcsim" run "$tmp/afifo"
expect "a binary file" 1 "bin.lua: attempt to load a binary chunk" -- "$ipcsim" run "$tmp/bin.lua"
expect "exponent too large" 2 "bad size '1e40GB': too large" -- "$ipcsim" run "$good" --max-memory 1e40GB
expect "stop with an exponent" 0 "" -- "$ipcsim" run "$good" --quiet --stop 1e3ms
expect "unwritable out" 1 "cannot create output directory /proc/nope" -- "$ipcsim" run "$good" --trace --out /proc/nope
expect "good run" 0 "" -- "$ipcsim" run "$good" --quiet
expect "version" 0 "" -- "$ipcsim" --version
echo "1..$n"
[ "$fails" -eq 0 ]
