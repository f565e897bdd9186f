#!/usr/bin/env bash
# sim/cli/tests/test_man.sh IPCSIM PAGE: the man page ipcsim(1) renders
# without a warning (man -l, or groff -man) and, section by section, names
# every long option that `ipcsim --help`, `ipcsim sweep --help` and
# `ipcsim plot --help` list. Exit 77 (SKIP) without the page (no help2man
# at build time) or without man and groff.
set -u
ipcsim=$1 page=$2
export LC_ALL=C MANWIDTH=80
[ -f "$page" ] || { echo "SKIP: no $page (help2man was not found at setup)"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if command -v man >/dev/null; then
  man --warnings -l "$page" >"$tmp/text" 2>"$tmp/err"
elif command -v groff >/dev/null; then
  groff -man -Tascii -ww "$page" 2>"$tmp/err" | col -b >"$tmp/text"
else
  echo "SKIP: neither man nor groff is installed"; exit 77
fi
fails=0
if [ -s "$tmp/err" ]; then
  echo "FAIL: rendering warns:"; cat "$tmp/err"; fails=1
fi
# section FROM TO: the rendered text from heading FROM to heading TO.
section() { awk -v a="$1" -v b="$2" '$0 == a { on = 1; next } $0 == b { on = 0 } on' "$tmp/text"; }
check() {
  local what=$1 text=$2; shift 2
  local opts
  opts=$("$ipcsim" "$@" --help | grep -E '^ +-' | grep -oE -- '--[a-z][a-z-]*' | sort -u)
  [ -n "$opts" ] || { echo "FAIL: no options in ipcsim $* --help"; fails=1; return; }
  for o in $opts; do
    grep -qF -- "$o" <<<"$text" || { echo "FAIL: $what: $o is not in the man page"; fails=1; }
  done
  echo "$what: $(wc -w <<<"$opts") long options found"
}
check "run (OPTIONS)" "$(section OPTIONS SWEEP)"
check "sweep (SWEEP)" "$(section SWEEP PLOT)" sweep
check "plot (PLOT)" "$(section PLOT 'EXIT STATUS')" plot
exit "$fails"
