#!/usr/bin/env bash
# sim/exec/tests/test_nc.sh IPCSIM BINDIR SRCDIR: Debian's
# netcat-openbsd, unmodified, on a simulated host (nc.lua): "Connection
# refused" from a host with nothing on the port, "timed out" against a
# powered-off one, each explained by --explain, and a line through the
# C echo server; two runs byte-identical. SKIP (77) without nc
# (apt-get install netcat-openbsd).
set -u
ipcsim=$(realpath "$1") bin=$(realpath "$2") src=$(realpath "$3")
nc=$(command -v nc.openbsd || true)
[ -n "$nc" ] || { echo "SKIP: no nc.openbsd (apt-get install netcat-openbsd)"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
run() {
  (cd "$src" && "$ipcsim" run nc.lua --quiet --explain --pcap --trace \
     --out "$tmp/$1" --param nc="$nc" --param bin="$bin") >"$tmp/$1.out" 2>&1 ||
    { cat "$tmp/$1.out"; echo "FAIL: run"; exit 1; }
}
run a
cat "$tmp/a.out"
want() {
  grep -qF "$1" "$tmp/a.out" || { echo "FAIL: no '$1'"; exit 1; }
}
want "monet:nc: nc: connect to degas (128.32.1.2) port 513 (tcp) failed: Connection refused"
want "monet:nc: nc: connect to renoir (128.32.1.3) port 513 (tcp) failed: Connection timed out"
want "monet:nc: hello from nc"
want "failed with ECONNREFUSED"
want "failed with ETIMEDOUT"
run b
for f in "$tmp"/a/*; do
  cmp "$f" "$tmp/b/$(basename "$f")" || { echo "FAIL: $(basename "$f") differs between two runs"; exit 1; }
done
cmp "$tmp/a.out" "$tmp/b.out" || { echo "FAIL: the output differs between two runs"; exit 1; }
echo "PASS (two runs byte-identical)"
