#!/usr/bin/env bash
# sim/cli/tests/test_sweep.sh IPCSIM DIR: `ipcsim run --param` and report.csv,
# then `ipcsim sweep` on DIR/grid.lua (values known by hand): runs.csv
# exactly, the same bytes with --jobs 1 and 2, summary.csv's means and
# 95% intervals, the plot, a failed run among good ones, --emit-jobs run
# by bash then --collect, and bad command lines (exit 2). Every ipcsim
# command's exit status is checked. Without gnuplot the pictures SKIP, and
# a sweep must then fail saying so, its CSVs still checked. TAP output.
set -u
ipcsim=$(realpath "$1") dir=$(realpath "$2")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0 fails=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); fails=$((fails + 1)); echo "not ok $n - $1"; sed 's/^/# /' "$tmp/err"; }
# check DESC CMD...: ok when CMD succeeds.
check() { local d=$1; shift; if "$@" >>"$tmp/err" 2>&1; then ok "$d"; else not_ok "$d"; fi; }
. "$(dirname "$0")/../../../scripts/tap_expect.sh"
have_gp=1
command -v gnuplot >/dev/null || have_gp=0
# drawn DESC TEXT -- CMD...: CMD ends with a plot: exit 0 and TEXT on
# stderr; without gnuplot, exit 1 naming it, and TEXT all the same.
drawn() {
  local desc=$1 text=$2; shift 3
  if [ $have_gp = 1 ]; then expect "$desc" 0 "$text" -- "$@"; return; fi
  expect "$desc (no gnuplot: fails, says so)" 1 "gnuplot not found on PATH" -- "$@"
  [ -z "$text" ] || check "$desc: $text" grep -qF -- "$text" "$tmp/err"
}
# picture DESC CMD...: check, or SKIP without gnuplot.
picture() {
  if [ $have_gp = 1 ]; then check "$@"; else n=$((n + 1)); echo "ok $n - $1 # SKIP gnuplot missing"; fi
}
grid=$dir/grid.lua
sweep() { "$ipcsim" sweep "$grid" --param a=1,2 --param b=x,yy --seeds 1..2 "$@"; }

# One run: report.csv, the summary line, the typo warning.
expect "run --param with a typo warns" 0 \
  "ipcsim: warning: --param typo=1: the scenario never asked for 'typo' (it asked for: a, b, fail)" \
  -- "$ipcsim" run "$grid" --seed 3 --param a=2.5 --param typo=1 --out "$tmp/one"
printf 'seed,a,typo,y,z,w\n3,2.5,1,259,1,7\n' >"$tmp/want"
check "report.csv" diff "$tmp/want" "$tmp/one/report.csv"
expect "the summary prints the report" 0 "ipcsim: report: y=259 z=1 w=7" \
  -- "$ipcsim" run "$grid" --seed 3 --param a=2.5 --out "$tmp/one"
expect "run: malformed --param" 2 "--param 'a': not NAME=VALUE" \
  -- "$ipcsim" run "$grid" --param a
expect "run: --param twice" 2 "--param 'a' given twice" \
  -- "$ipcsim" run "$grid" --param a=1 --param a=2

# The sweep, with 2 jobs and with 1.
drawn "sweep --jobs 2" "8 runs, 0 failed" -- sweep --jobs 2 --out "$tmp/j2"
drawn "sweep --jobs 1" "8 runs, 0 failed" -- sweep --jobs 1 --out "$tmp/j1"
cat >"$tmp/want" <<'CSV'
run,a,b,seed,y,z,w
0,1,x,1,101,1,7
1,1,x,2,104,1,7
2,1,yy,1,101,2,7
3,1,yy,2,104,2,7
4,2,x,1,201,1,7
5,2,x,2,204,1,7
6,2,yy,1,201,2,7
7,2,yy,2,204,2,7
CSV
check "runs.csv" diff "$tmp/want" "$tmp/j2/runs.csv"
check "runs.csv: same bytes for --jobs 1 and 2" cmp "$tmp/j1/runs.csv" "$tmp/j2/runs.csv"
check "summary.csv: same bytes for --jobs 1 and 2" cmp "$tmp/j1/summary.csv" "$tmp/j2/summary.csv"
# Per point y is {100a+1, 100a+4}: mean 100a+2.5, s = 3/sqrt(2),
# ci = t(0.975; 1) * s / sqrt(2) = 1.5 * 12.706204736 = 19.059307104.
cat >"$tmp/want" <<'CSV'
1 x 2 102.5 19.059307104 1 0 7 0
1 yy 2 102.5 19.059307104 2 0 7 0
2 x 2 202.5 19.059307104 1 0 7 0
2 yy 2 202.5 19.059307104 2 0 7 0
CSV
check "summary.csv header" grep -qx 'a,b,n,y_mean,y_ci95,z_mean,z_ci95,w_mean,w_ci95' "$tmp/j2/summary.csv"
awk -F, 'NR > 1 { printf "%s %s %s %s %.9f %s %s %s %s\n", $1, $2, $3, $4, $5, $6, $7, $8, $9 }' \
  "$tmp/j2/summary.csv" >"$tmp/got"
check "summary.csv: means and 95% intervals" diff "$tmp/want" "$tmp/got"
picture "sweep.png is a PNG" bash -c "head -c 4 '$tmp/j2/sweep.png' | grep -q PNG"
check "sweep.gp is left to edit" grep -q '"sweep.dat" index i using 1:2:3' "$tmp/j2/sweep.gp"

# One seed: n = 1, the interval is left empty.
drawn "sweep, one seed" "" -- "$ipcsim" sweep "$grid" --param a=1 --out "$tmp/s1" --format svg
check "n = 1: empty ci" grep -qx '1,1,101,,1,,7,' "$tmp/s1/summary.csv"
picture "svg plot" grep -q '<svg' "$tmp/s1/sweep.svg"

# A dumb plot is drawn on stdout; --x and --y pick the axes.
drawn "dumb plot" "" -- sweep --out "$tmp/d" --x b --y z --format dumb
picture "dumb plot on stdout" grep -q 'grid.lua: z against b' "$tmp/out"

# A failed run: reported with its command and stderr, the rest completes.
expect "a failed run" 1 "planted failure" -- \
  "$ipcsim" sweep "$grid" --param fail=0,1 --seeds 1..2 --jobs 2 --out "$tmp/f"
check "it names the run and its command" grep -q "run 3 failed (exit status 1)" "$tmp/err"
check "with its command line" grep -q "command: .*ipcsim run .*--seed 2 .*--param fail=1" "$tmp/err"
printf 'run,fail,seed,y,z,w\n0,0,1,101,1,7\n1,0,2,104,1,7\n2,1,1,101,1,7\n3,1,2,,,\n' >"$tmp/want"
check "runs.csv keeps the failed run's row, empty" diff "$tmp/want" "$tmp/f/runs.csv"

# --emit-jobs, run by bash (as GNU parallel would), then --collect.
expect "emit-jobs" 0 "" -- sweep --out "$tmp/e" --emit-jobs
cp "$tmp/out" "$tmp/jobs"
check "emit-jobs: 8 command lines" test "$(wc -l <"$tmp/jobs")" -eq 8
check "emitted commands run" bash -e "$tmp/jobs"
drawn "collect" "8 runs, 0 failed" -- sweep --out "$tmp/e" --collect
check "collected runs.csv equals the parallel run's" cmp "$tmp/j2/runs.csv" "$tmp/e/runs.csv"
expect "collect in the wrong directory" 1 "did the run call report{}?" \
  -- sweep --out "$tmp/nothing" --collect

# Bad command lines: exit 2, the value named.
expect "malformed --param" 2 "--param 'a1,2': not NAME=VALUE" -- "$ipcsim" sweep "$grid" --param a1,2
expect "empty value" 2 "--param 'a=1,,2': empty value" -- "$ipcsim" sweep "$grid" --param a=1,,2
expect "reversed seeds" 2 "--seeds '5..1': not a range" -- sweep --seeds 5..1
expect "bad seeds" 2 "--seeds 'x..3': not a range" -- sweep --seeds x..3
expect "non-numeric jobs" 2 "--jobs 'two': not a whole number" -- sweep --jobs two
expect "x not a param" 2 "--x 'c': not one of the --param names" -- sweep --x c
expect "y not reported" 2 "--y 'goodput': not a value the runs reported (they reported: y, z, w)" \
  -- sweep --y goodput --out "$tmp/y"
expect "bad format" 2 "--format 'jpeg': not png, svg or dumb" -- sweep --format jpeg
expect "no param" 2 "no --param given" -- "$ipcsim" sweep "$grid"
expect "no such scenario" 2 "nosuch.lua: no such scenario file" -- "$ipcsim" sweep "$tmp/nosuch.lua" --param a=1
expect "emit and collect" 2 "exclude each other" -- sweep --emit-jobs --collect
# What the runs keep: by default what the sweep needs (report.csv and the
# run's output), with --record every results file; run options go through.
drawn "runs keep only report.csv" "8 runs, 0 failed" -- sweep --out "$tmp/lean"
check "no packets.csv in a run by default" test ! -e "$tmp/lean/runs/0/packets.csv"
check "report.csv in a run" test -s "$tmp/lean/runs/0/report.csv"
drawn "--record keeps the results" "8 runs, 0 failed" -- sweep --out "$tmp/rec" --record
check "packets.csv in a run with --record" test -e "$tmp/rec/runs/0/packets.csv"
check "the same runs.csv either way" cmp "$tmp/lean/runs.csv" "$tmp/rec/runs.csv"
expect "run options" 0 "" -- sweep --out "$tmp/o" --emit-jobs --stop 1ms \
  --unsafe --max-events 99 --max-instructions 5 --max-memory 1GB --max-same-time 7
check "each run gets them" grep -q -- "--no-record --unsafe --stop 1ms --max-events 99 --max-instructions 5 --max-same-time 7 --max-memory 1GB" "$tmp/out"
expect "bad --stop" 2 "bad time '5parsecs'" -- sweep --stop 5parsecs
expect "bad --max-events" 2 "--max-events 'lots': not a whole number" -- sweep --max-events lots

echo "1..$n"
[ "$fails" -eq 0 ]
