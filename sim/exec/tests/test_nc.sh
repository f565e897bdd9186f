#!/usr/bin/env bash
# sim/exec/tests/test_nc.sh IPCSIM SRCDIR: Debian's netcat-openbsd,
# unmodified, on a simulated host: "Connection refused" from a host with
# nothing on the port, "timed out" against a powered-off one, each
# explained by --explain. SKIP (77) without nc (apt-get install
# netcat-openbsd).
set -u
ipcsim=$(realpath "$1") src=$(realpath "$2")
nc=$(command -v nc.openbsd || true)
[ -n "$nc" ] || { echo "SKIP: no nc.openbsd (apt-get install netcat-openbsd)"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$src" && "$ipcsim" run nc.lua --quiet --explain --out "$tmp/o" \
   --param nc="$nc") >"$tmp/out" 2>&1 || { cat "$tmp/out"; echo "FAIL: run"; exit 1; }
cat "$tmp/out"
grep -q "monet:nc: nc: connect to degas (128.32.1.2) port 513 (tcp) failed: Connection refused" "$tmp/out" ||
  { echo "FAIL: no Connection refused from nc"; exit 1; }
grep -q "monet:nc: nc: connect to renoir (128.32.1.3) port 513 (tcp) failed: Connection timed out" "$tmp/out" ||
  { echo "FAIL: no timeout from nc"; exit 1; }
grep -q "failed with ECONNREFUSED" "$tmp/out" ||
  { echo "FAIL: --explain did not explain ECONNREFUSED"; exit 1; }
grep -q "failed with ETIMEDOUT" "$tmp/out" ||
  { echo "FAIL: --explain did not explain ETIMEDOUT"; exit 1; }
echo "PASS"
