#!/usr/bin/env bash
# sim/lua/tests/test_lua.sh IPCSIM DIR: the Lua API scripts in DIR (each
# asserts what it uses, and prints "... ok" at its end). TAP output.
set -u
ipcsim=$(realpath "$1") dir=$(realpath "$2")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0 fails=0
# t DESC EXPECTED-TEXT ARGS...: runs ipcsim in DIR, wants exit 0 and TEXT.
# --no-record: no CSVs; --out too, for report.csv, which report{} writes
# even then: nothing lands in the source tree.
t() {
  local desc=$1 text=$2; shift 2
  n=$((n + 1))
  if (cd "$dir" && "$ipcsim" run --quiet --no-record --out "$tmp/o" "$@") >"$tmp/out" 2>&1 &&
     grep -qF "$text" "$tmp/out"; then
    echo "ok $n - $desc"
  else
    fails=$((fails + 1)); echo "not ok $n - $desc"; sed 's/^/# /' "$tmp/out"
  fi
}
t "api" "api ok" api.lua -- hello
t "--stop replaces run{stop=}" "stop ok" stop.lua --stop 3s
t "--unsafe" "unsafe ok" unsafe.lua --unsafe
t "gateway, route, autoroute, queue" "inet ok" inet.lua
t "netdb" "netdb ok" netdb.lua
t "AF_UNIX streams" "unix-stream ok" unix-stream.lua
t "AF_UNIX datagrams, socketpair, pipe" "unix-dgram ok" unix-dgram.lua
t "select" "select ok" select.lua
t "non-blocking sockets, options" "nonblock ok" nonblock.lua
t "SO_RCVTIMEO, SO_SNDTIMEO, MSG_DONTWAIT" "timeo ok" timeo.lua
t "files" "files ok" files.lua
t "processes: fork, exit, wait, zombies" "proc ok" proc.lua
t "signals: handlers, EINTR, alarm, reaper" "sig ok" sig.lua
t "read and write: the direct and the protected path" "direct ok" direct.lua
t "buffer(n): read, recv, recvfrom into a reusable buffer" "buffer ok" buffer.lua
t "SIGPIPE on a broken stream" "sigpipe ok" sigpipe.lua
t "UDP sockets, bind rules, errors, broadcast" "udp ok" udp.lua
t "calls that used to crash or overflow" "robust ok" robust.lua
t "resource limits: buffer sizes, descriptors" "limits ok" limits.lua
t "reject and blackhole routes" "reject ok" reject.lua
t "interface ioctls: SIOCGIFCONF, flags, addresses" "ifconf ok" ifconf.lua
t "time, gettimeofday, run{epoch=}" "clock ok" clock.lua
t "setsockopt without a value, EPROTONOSUPPORT, EPROTOTYPE, constants" "primer ok" primer.lua
t "param, seed, report" "report ok" report.lua --seed 7 --param loss=0.25 \
  --param rate=10Mbps --param n=3
t "standard descriptors" "stdio ok" stdio.lua
t "fcntl, owners, FNDELAY, FASYNC" "fcntl ok" fcntl.lua
t "terminals: line discipline, signals, flow, the scripted user" "tty ok" tty.lua
t "pseudo-terminals, packet mode" "pty ok" pty.lua
t "terminals: ^O, TIOCSTOP, owners, hangup, errors" "tty-more ok" tty-more.lua
t "the login shell and its programs (scenarios/lib)" "shell ok" shell.lua
# The output of write(1, ...) unprefixed on stdout without --quiet, and
# kept per process (a forked child in its own file) when recording.
n=$((n + 1))
if (cd "$dir" && "$ipcsim" run --out "$tmp/s" stdio.lua) >"$tmp/out" 2>/dev/null &&
   [ "$(grep -v ' monet:' "$tmp/out")" = "$(printf 'one\ntwo\nthree\nchild')" ] &&
   [ "$(cat "$tmp/s/stdout/monet.1.writer")" = "$(printf 'one\ntwo\nthree')" ] &&
   [ "$(cat "$tmp/s/stdout/monet.2.writer")" = child ] &&
   (cd "$dir" && "$ipcsim" run --quiet --out "$tmp/q" stdio.lua) >"$tmp/out" &&
   ! grep -qx one "$tmp/out"; then
  echo "ok $n - write(1) printed, kept per process, quiet with --quiet"
else
  fails=$((fails + 1)); echo "not ok $n - write(1) printed and kept"
  sed 's/^/# /' "$tmp/out"
fi
echo "1..$n"
[ "$fails" -eq 0 ]
