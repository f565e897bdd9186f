# scripts/tap_expect.sh: expect(), sourced by the TAP shell tests
# (test_cli.sh, test_sweep.sh, test_plot_cli.sh). The caller defines
# ok DESC, not_ok DESC and $tmp (a scratch directory) first.
# expect DESC STATUS TEXT -- CMD...: runs CMD, checks status and stderr.
expect() {
  local desc=$1 want=$2 text=$3; shift 4
  "$@" >"$tmp/out" 2>"$tmp/err" </dev/null
  local got=$?
  if [ "$got" -ne "$want" ]; then
    echo "exit status $got, wanted $want" >>"$tmp/err"; not_ok "$desc"
  elif [ -n "$text" ] && ! grep -qF -- "$text" "$tmp/err"; then
    echo "stderr lacks: $text" >>"$tmp/err"; not_ok "$desc"
  else
    ok "$desc"
  fi
}
