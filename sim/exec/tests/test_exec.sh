#!/usr/bin/env bash
# sim/exec/tests/test_exec.sh IPCSIM BINDIR SRCDIR: real C programs on
# simulated hosts (host:exec). Each scenario's output must match
# expected/NAME.out and two runs must write byte-identical results
# (packets.csv, pcaps, trace); the failures must be explained
# (--explain); the bad programs must get their clear messages. TAP.
set -u
ipcsim=$(realpath "$1") bin=$(realpath "$2") src=$(realpath "$3")
n=0 fails=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); fails=$((fails + 1)); echo "not ok $n - $1"; sed 's/^/# /' "$tmp/err"; }

. "$src/../../../scripts/tap_expect.sh"

# run NAME DIR ARGS...: the scenario NAME.lua into $tmp/DIR, stdout to
# $tmp/DIR.out, stderr to $tmp/err.
run() {
  local name=$1 dir=$2; shift 2
  (cd "$src" && "$ipcsim" run "$name.lua" --quiet --pcap --trace \
     --out "$tmp/$dir" --param bin="$bin" "$@") >"$tmp/$dir.out" 2>"$tmp/err"
}

for name in echo forks timeout fig4 fig5 fig12 calls more_calls rights; do
  if ! run "$name" a; then
    not_ok "$name: runs"; continue
  fi
  if diff -u "$src/expected/$name.out" "$tmp/a.out" >"$tmp/err"; then
    ok "$name: output as expected/$name.out"
  else
    not_ok "$name: output as expected/$name.out"
  fi
  run "$name" b
  same=yes
  for f in "$tmp"/a/*; do
    cmp -s "$f" "$tmp/b/$(basename "$f")" || { same="$(basename "$f")"; break; }
  done
  cmp -s "$tmp/a.out" "$tmp/b.out" || same="the output"
  if [ "$same" = yes ] && [ -s "$tmp/a/packets.csv" ]; then
    ok "$name: two runs byte-identical ($(ls "$tmp/a" | wc -l) files)"
  else
    echo "$same differs" >"$tmp/err"; not_ok "$name: two runs byte-identical"
  fi
  rm -rf "$tmp/a" "$tmp/b"
done

# The channel's spin (shim/chan_wait.h) changes how long each side
# waits, never what it exchanges: no spin and a long one, byte-identical.
IPCSIM_SPIN_NS=0 run forks s0 && IPCSIM_SPIN_NS=2000000 run forks s1
if diff -r "$tmp/s0" "$tmp/s1" >"$tmp/err" && cmp "$tmp/s0.out" "$tmp/s1.out" >>"$tmp/err"; then
  ok "forks: no spin and a 2 ms spin give byte-identical results"
else
  not_ok "forks: the spin changes nothing"
fi

# The C programs and their Lua translation: the same packets, the same
# output.
run echo c && run echo_lua l
if cmp "$tmp/c/lan0.pcap" "$tmp/l/lan0.pcap" >"$tmp/err" &&
   cmp "$tmp/c/packets.csv" "$tmp/l/packets.csv" >>"$tmp/err" &&
   cmp "$tmp/c.out" "$tmp/l.out" >>"$tmp/err"; then
  ok "echo: the C programs and their Lua translation give byte-identical pcaps"
else
  not_ok "echo: C and Lua pcaps byte-identical"
fi

# Primer Figure 5 in C against scenarios/oob.lua, its Lua translation.
run fig5 c5 && (cd "$src/../../../scenarios" && "$ipcsim" run oob.lua --quiet \
  --pcap --out "$tmp/l5") >"$tmp/l5.out" 2>>"$tmp/err"
if cmp "$tmp/c5/lan0.pcap" "$tmp/l5/lan0.pcap" >"$tmp/err" &&
   cmp "$tmp/c5/packets.csv" "$tmp/l5/packets.csv" >>"$tmp/err"; then
  ok "Figure 5: the C programs and scenarios/oob.lua give byte-identical pcaps"
else
  not_ok "Figure 5: C and Lua pcaps byte-identical"
fi

# Primer Figures 1 and 2 in C against scenarios/rlogin.lua.
run fig12 c12 && (cd "$src/../../../scenarios" && "$ipcsim" run rlogin.lua \
  --quiet --pcap --out "$tmp/l12") >"$tmp/l12.out" 2>>"$tmp/err"
if cmp "$tmp/c12/lan0.pcap" "$tmp/l12/lan0.pcap" >"$tmp/err" &&
   cmp "$tmp/c12/packets.csv" "$tmp/l12/packets.csv" >>"$tmp/err"; then
  ok "Figures 1, 2: the C programs and scenarios/rlogin.lua give byte-identical pcaps"
else
  not_ok "Figures 1, 2: C and Lua pcaps byte-identical"
fi

# Primer Figure 4 in C against its Lua translation (fig4.lua lua=1).
run fig4 c4 && run fig4 l4 --param lua=1
if cmp "$tmp/c4/ucb-ether.pcap" "$tmp/l4/ucb-ether.pcap" >"$tmp/err" &&
   cmp "$tmp/c4/packets.csv" "$tmp/l4/packets.csv" >>"$tmp/err"; then
  ok "Figure 4: the C rwhod and its Lua translation give byte-identical pcaps"
else
  not_ok "Figure 4: C and Lua pcaps byte-identical"
fi

# Figure 3 comes out of the C ruptime (ruptime.c) byte for byte, after
# scenarios/rwho.lua's 20 days of Lua rwhods.
scen="$src/../../../scenarios"
sed -n '/^local FIGURE3 = \[\[$/,/^\]\]$/p' "$scen/rwho.lua" | sed '1d;$d' >"$tmp/fig3"
if (cd "$scen" && "$ipcsim" run rwho.lua --quiet --no-record \
      --param ruptime="$bin/ruptime") >"$tmp/r.out" 2>"$tmp/err" &&
   sed 's/^ *[0-9.]* monet:ruptime: //' "$tmp/r.out" | diff -u "$tmp/fig3" - >"$tmp/err"; then
  ok "Figure 3 comes out of the C ruptime byte for byte"
else
  not_ok "Figure 3 from the C ruptime"
fi

# --explain tells the causal chain of a C program's failed calls.
run echo a --explain
if grep -q "failed with ECONNREFUSED" "$tmp/a.out" "$tmp/err" &&
   grep -q "echo_client" "$tmp/a/calls.csv"; then
  ok "echo: --explain explains the C client's ECONNREFUSED"
else
  cat "$tmp/a.out" >>"$tmp/err"; not_ok "echo: --explain explains ECONNREFUSED"
fi
run timeout t --explain
if grep -q "failed with ETIMEDOUT" "$tmp/t.out" "$tmp/err"; then
  ok "timeout: --explain explains the C client's ETIMEDOUT"
else
  cat "$tmp/t.out" >>"$tmp/err"; not_ok "timeout: --explain explains ETIMEDOUT"
fi

# One program from the command line on the default network.
if (cd "$src/../../.." && "$ipcsim" run scenarios/exec.lua --quiet --explain \
      --out "$tmp/x" -- "$bin/echo_client" degas 513 x) >"$tmp/x.out" 2>"$tmp/err" &&
   grep -q "monet:echo_client: echo_client: connect: Connection refused" "$tmp/x.out" &&
   grep -q "failed with ECONNREFUSED" "$tmp/x.out"; then
  ok "scenarios/exec.lua runs one program from the command line"
else
  cat "$tmp/x.out" >>"$tmp/err"; not_ok "scenarios/exec.lua runs one program"
fi

# The bad cases: the run stops with a message naming call and program,
# or goes on after a crash.
bad() {
  local desc=$1 status=$2 text=$3; shift 3
  expect "$desc" "$status" "$text" -- bash -c 'cd "$1" && shift && exec "$@"' \
    _ "$src" "$ipcsim" run bad.lua --quiet --no-record --param bin="$bin" "$@"
}
bad "uncovered call stops the run" 1 \
  "bad_calls called epoll_create1, which the simulated host does not provide" \
  --param what=uncovered
bad "threads are refused" 1 "bad_calls called pthread_create (threads are refused" \
  --param what=threads
bad "a program that never returns stops the run" 1 \
  "bad_calls (pid 1 on monet) did not return to the simulator within 0.5 s" \
  --param what=hang
bad "sendmsg with SCM_CREDENTIALS stops the run" 1 \
  "bad_calls called sendmsg with SCM_CREDENTIALS (only SCM_RIGHTS control data is passed)" \
  --param what=creds
bad "a raw syscall() past the shim stops the run" 1 \
  "bad_calls called syscall(SYS_socket), a raw system call past the shim" \
  --param what=raw
bad "a missing program" 1 "exec: /no/such/program: No such file or directory" \
  --param what=x --param path=/no/such/program
bad "a program that is not executable" 1 "echo.lua: Permission denied" \
  --param what=x --param path="$src/echo.lua"
if [ -x "$bin/echo_client_static" ]; then
  bad "a static binary is refused" 1 "is statically linked (no PT_INTERP)" \
    --param what=x --param path="$bin/echo_client_static"
else
  n=$((n + 1)); echo "ok $n - a static binary is refused # SKIP no static libc"
fi
if (cd "$src" && "$ipcsim" run bad.lua --quiet --no-record --param bin="$bin" \
      --param what=crash) >"$tmp/c.out" 2>"$tmp/err" &&
   grep -q "bad_calls: killed by signal Segmentation fault (SIGSEGV)" "$tmp/c.out" &&
   grep -q "the run went on" "$tmp/c.out"; then
  ok "a crash is reported with its signal and the run goes on"
else
  cat "$tmp/c.out" >>"$tmp/err"; not_ok "a crash is reported and the run goes on"
fi

# Containment: a system call instruction past the shim (and past
# syscall()) finds no real network.
if [ "$(id -u)" = 0 ]; then
  (cd "$src" && "$ipcsim" run bad.lua --quiet --no-record --param bin="$bin" \
     --param what=escape) >"$tmp/e.out" 2>"$tmp/err"
  if grep -q "raw connect to 127.0.0.1:9: Network is unreachable" "$tmp/e.out"; then
    ok "an escape past the shim finds no real network (private namespace)"
  else
    cat "$tmp/e.out" >>"$tmp/err"; not_ok "an escape finds no real network"
  fi
else
  n=$((n + 1)); echo "ok $n - an escape finds no real network # SKIP not root (no unshare)"
fi

# getrandom draws from the run's seed: the same bytes for the same seed.
rnd() {
  (cd "$src" && "$ipcsim" run bad.lua --quiet --no-record --param bin="$bin" \
     --param what=random "$@") 2>>"$tmp/err" | grep "random:"
}
r1=$(rnd --seed 1) r2=$(rnd --seed 1) r3=$(rnd --seed 2)
if [ -n "$r1" ] && [ "$r1" = "$r2" ] && [ "$r1" != "$r3" ]; then
  ok "getrandom: the same bytes for the same seed, others for another"
else
  echo "seed 1: $r1 / $r2, seed 2: $r3" >"$tmp/err"; not_ok "getrandom follows the seed"
fi

echo "1..$n"
[ "$fails" -eq 0 ]
