#!/usr/bin/env bash
# sim/cli/tests/test_sweep_slurm.sh IPCSIM DIR SLURM_LOCAL: `ipcsim sweep
# --slurm` against a real one-node Slurm that the test starts with
# scripts/slurm-local (and stops). The sweep of DIR/grid.lua through Slurm
# must give the same runs.csv and summary.csv as the same sweep run
# locally; a failed run is reported with its command and stderr; --jobs
# throttles the array; bad command lines exit 2; no sbatch exits 1 saying
# so. SKIP (a TAP 1..0 plan) when Slurm is not installed or cannot start here (not
# root, no daemons). TAP output.
set -u
ipcsim=$(realpath "$1") dir=$(realpath "$2") slurm_local=$(realpath "$3")
tmp=$(mktemp -d)
cluster=$tmp/cluster
trap '"$slurm_local" stop "$cluster" >/dev/null 2>&1; rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
n=0 fails=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); fails=$((fails + 1)); echo "not ok $n - $1"; sed 's/^/# /' "$tmp/err"; }
check() { local d=$1; shift; if "$@" >>"$tmp/err" 2>&1; then ok "$d"; else not_ok "$d"; fi; }
. "$(dirname "$0")/../../../scripts/tap_expect.sh"

# A port pair of our own, so two checks on one machine do not meet.
export SLURM_LOCAL_PORT=$((20000 + ($$ % 10000) * 2))
if ! env=$("$slurm_local" start "$cluster" 2>"$tmp/start.err"); then
  echo "1..0 # SKIP no Slurm here: $(head -1 "$tmp/start.err")"
  exit 0   # TAP: the 1..0 plan is the skip (77 is an error under TAP)
fi
eval "$env"
grid=$dir/grid.lua
sweep() { "$ipcsim" sweep "$grid" --param a=1,2 --param b=x,yy --seeds 1..2 --format dumb "$@"; }

expect "sweep --slurm" 0 "8 runs, 0 failed" -- sweep --slurm --out "$tmp/s"
check "it went through Slurm (Submitted batch job)" grep -q "Submitted batch job" "$tmp/err"
check "each run's exit status came back" test "$(cat "$tmp"/s/runs/*/exit-status | sort -u)" = 0
expect "the same sweep locally" 0 "8 runs, 0 failed" -- sweep --out "$tmp/l"
check "runs.csv is the same as the local sweep's" cmp "$tmp/s/runs.csv" "$tmp/l/runs.csv"
check "summary.csv too" cmp "$tmp/s/summary.csv" "$tmp/l/summary.csv"
check "array.sh runs the 8 runs as 8 tasks" grep -q -- "--array=0-7$" "$tmp/s/slurm/array.sh"

expect "a failed run under Slurm" 1 "planted failure" -- \
  "$ipcsim" sweep "$grid" --param fail=0,1 --seeds 1..2 --slurm --jobs 1 \
  --format dumb --out "$tmp/f"
check "it names the run" grep -q "run 3 failed (exit status 1)" "$tmp/err"
check "with its command line" grep -q "command: .*ipcsim run .*--seed 2 .*--param fail=1" "$tmp/err"
printf 'run,fail,seed,y,z,w\n0,0,1,101,1,7\n1,0,2,104,1,7\n2,1,1,101,1,7\n3,1,2,,,\n' >"$tmp/want"
check "runs.csv keeps the failed run's row, empty" diff "$tmp/want" "$tmp/f/runs.csv"
check "--jobs 1 throttles the array to one task at a time" grep -q -- "--array=0-3%1$" "$tmp/f/slurm/array.sh"

expect "--slurm-args reach sbatch (a bad one fails the sweep)" 1 "never ended under Slurm" -- \
  sweep --slurm --slurm-args "--partition=nosuch" --out "$tmp/bad"
expect "--slurm and --collect" 2 "exclude each other" -- sweep --slurm --collect
expect "--slurm-args alone" 2 "--slurm-args without --slurm" -- sweep --slurm-args "-t 1"
expect "--slurm-args unbalanced quote" 2 "not words a shell could split" -- \
  sweep --slurm --slurm-args "'x"
expect "no sbatch on PATH" 1 "cannot start sbatch" -- \
  env PATH=/nonexistent "$ipcsim" sweep "$grid" --param a=1 --slurm --format dumb --out "$tmp/np"

echo "1..$n"
[ "$fails" -eq 0 ]
