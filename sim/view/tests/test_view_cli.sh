#!/usr/bin/env bash
# sim/view/tests/test_view_cli.sh IPCSIM SCENARIOS_DIR: `ipcsim view DIR`
# and `--view` write one self-contained index.html (the page's script and
# the run's rows inlined, Graphviz's SVG with every host, nothing loaded
# from elsewhere); a missing directory and a missing dot fail clearly.
# The rows are deflated and in base64 (view_pack.c): python3, where there
# is one, unpacks their JSON header to look inside.
set -uo pipefail
ipcsim=$1 dir=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
command -v dot >/dev/null || { echo "SKIP: no Graphviz dot (apt-get install graphviz)"; exit 77; }

"$ipcsim" run "$dir/walk-errors.lua" --quiet --out "$tmp/r" >/dev/null || fail "run failed"
"$ipcsim" view "$tmp/r" 2>"$tmp/err" || fail "ipcsim view failed: $(cat "$tmp/err")"
p=$tmp/r/index.html
[ -s "$p" ] || fail "no index.html"
for want in 'id="host:monet"' 'id="host:gw"' 'id="seg:lan1"' \
            'id="run-data">' 'View.init()' '#ladder {'; do
  grep -qF -- "$want" "$p" || fail "index.html lacks $want"
done
if command -v python3 >/dev/null; then
  sed -n 's/.*id="run-data">\([^<]*\)<.*/\1/p' "$p" | python3 -c '
import base64, sys, zlib
d = zlib.decompress(base64.b64decode(sys.stdin.read()), -15)
n = int.from_bytes(d[:4], "little")
sys.stdout.write(d[4:4 + n].decode())' >"$tmp/head.json" || fail "the rows do not inflate"
  for want in '"scenario":"r"' 'connect() monet:1024 -\u003e degas:513 failed with ECONNREFUSED'; do
    grep -qF -- "$want" "$tmp/head.json" || fail "the rows lack $want"
  done
fi
grep -qE '<(script|link|img)[^>]+(src|href)=' "$p" && fail "index.html loads something from elsewhere"
grep -c '</script>' "$p" | grep -qx 2 || fail "a </script> inside the data or script"

"$ipcsim" run "$dir/econnrefused.lua" --quiet --view --out "$tmp/e" >/dev/null 2>"$tmp/err" ||
  fail "--view failed: $(cat "$tmp/err")"
[ -s "$tmp/e/index.html" ] || fail "--view wrote no index.html"

"$ipcsim" view "$tmp/nothing" 2>"$tmp/err" && fail "view of a missing directory succeeded"
grep -q "nothing" "$tmp/err" || fail "no directory named in: $(cat "$tmp/err")"
PATH=/nonexistent "$ipcsim" view "$tmp/r" 2>"$tmp/err" && fail "view without dot succeeded"
grep -q "graphviz" "$tmp/err" || fail "no hint to install graphviz in: $(cat "$tmp/err")"
"$ipcsim" view 2>/dev/null; [ $? -eq 2 ] || fail "no argument is not a usage error (2)"
"$ipcsim" run "$dir/econnrefused.lua" --quiet --view --no-record 2>"$tmp/err" >/dev/null
[ $? -eq 2 ] && grep -q "not with --no-record" "$tmp/err" || fail "--view --no-record: $(cat "$tmp/err")"
[ "$fails" -eq 0 ] && echo "ok: ipcsim view"
exit $((fails > 0))
