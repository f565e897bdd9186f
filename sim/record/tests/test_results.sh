#!/usr/bin/env bash
# sim/record/tests/test_results.sh IPCSIM SCENARIOS_DIR: the results a run
# records (docs/results.md), end to end. Runs econnrefused.lua and
# connect-timeout.lua (seed 1) into temporary --out directories and checks
# exact rows: the SYN and RST frames with their times, fates and labels
# (packets.csv), TCP's send/recv/drop rows (tcp.csv), the failed connect
# (calls.csv), summary.txt's sections, the network (topology.csv) and the
# printed lines (output.csv); and that --no-record writes none.
# Every run must exit 0.
set -uo pipefail
ipcsim=$1 dir=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0

# has FILE LINE: FILE has LINE as a whole line.
has() {
  if ! grep -qxF -- "$2" "$1"; then
    echo "FAIL: $(basename "$1") lacks the row: $2"
    fails=$((fails + 1))
  fi
}

run() {
  "$ipcsim" run "$dir/$1.lua" --seed 1 --quiet --out "$tmp/$1" >/dev/null ||
    { echo "FAIL: $1 exited non-zero"; exit 1; }
}

run econnrefused
o=$tmp/econnrefused
has "$o/packets.csv" "t_tx,t_tx_end,t_rx,t_rx_end,medium,from,to,bytes,fate,ethertype,ip_src,ip_dst,ip_id,ip_proto,frag,sport,dport,tcp_flags,seq,ack,len,win,icmp_type,icmp_code,arp_op,arp_target,label"
has "$o/packets.csv" "0.000000000,0.000057600,0.000001000,0.000058600,lan0,monet,*,64,delivered,arp,,,,,,,,,,,,,,,request,128.32.1.2,ARP who-has 128.32.1.2"
has "$o/packets.csv" "0.000136400,0.000205200,0.000137400,0.000206200,lan0,monet,degas,78,delivered,ip,128.32.1.1,128.32.1.2,1,tcp,,1024,513,S,1828054066,0,0,8192,,,,,SYN 0:0(0) win 8192"
has "$o/packets.csv" "0.000215800,0.000273400,0.000216800,0.000274400,lan0,degas,monet,64,delivered,ip,128.32.1.2,128.32.1.1,1,tcp,,513,1024,RA,0,1828054067,0,0,,,,,RST+ACK 0:0(0) ack 1 win 0"
has "$o/tcp.csv" "0.000000000,monet,128.32.1.1:1024-128.32.1.2:513,send,,S,0,0,,8192,SYN_SENT,0,1,1,1460,1073725440,0,0.000,3000.000,6000.000,,0"
has "$o/tcp.csv" "0.000274400,monet,128.32.1.1:1024-128.32.1.2:513,recv,,RA,0,0,1,0,CLOSED,0,1,1,1460,1073725440,0,0.000,3000.000,6000.000,,0"
has "$o/tcp.csv" "0.000274400,monet,128.32.1.1:1024-128.32.1.2:513,drop,ECONNREFUSED,,,,,,SYN_SENT,0,1,1,1460,1073725440,0,0.000,3000.000,6000.000,,0"
has "$o/calls.csv" "0.000274400,monet,1,rlogin,connect,ECONNREFUSED,61,3,128.32.1.1:1024,128.32.1.2:513"
[ "$(wc -l <"$o/calls.csv")" -eq 2 ] || { echo "FAIL: calls.csv is not one row"; fails=$((fails + 1)); }
has "$o/summary.txt" "TCP connections"
has "$o/summary.txt" "  128.32.1.1:1024 (monet) <-> 128.32.1.2:513 (not recorded)"
has "$o/summary.txt" "    monet: 0 retransmitted segments, 0 timeouts, no RTT samples, dropped with ECONNREFUSED"
has "$o/summary.txt" "Links and segments"
has "$o/summary.txt" "  lan0 (ethernet): 4 frames, 4 delivered, 0 corrupted"
has "$o/summary.txt" "Failed socket calls"
has "$o/summary.txt" "    0.000274400 pid 1 rlogin: connect(fd 3) failed with ECONNREFUSED (61), 128.32.1.1:1024 -> 128.32.1.2:513"
has "$o/topology.csv" "kind,name,medium,addr,rate_bps,delay,length_m,pos"
has "$o/topology.csv" "ethernet,lan0,,,10000000,0.000001000,200,"
has "$o/topology.csv" "host,degas,,,,,,"
has "$o/topology.csv" "iface,degas,lan0,128.32.1.2/16,,,,200"
has "$o/output.csv" "0.000274400,monet:rlogin,rlogin: connect: Connection refused"
for f in throughput.csv queues.csv collisions.csv; do
  [ -s "$o/$f" ] || { echo "FAIL: no $f"; fails=$((fails + 1)); }
done

run connect-timeout
o=$tmp/connect-timeout
has "$o/packets.csv" "6.000000000,6.000057600,6.000002500,6.000060100,lan0,monet,*,64,delivered,arp,,,,,,,,,,,,,,,request,128.32.1.2,ARP who-has 128.32.1.2"
has "$o/tcp.csv" "6.000000000,monet,128.32.1.1:1024-128.32.1.2:513,timer,rexmt,,,,,,SYN_SENT,0,1,1,1460,1073725440,0,0.000,3000.000,6000.000,,0"
has "$o/tcp.csv" "6.000000000,monet,128.32.1.1:1024-128.32.1.2:513,send,rexmit,S,0,0,,8192,SYN_SENT,0,1,1,1460,1024,0,0.000,3000.000,24000.000,,1"
has "$o/tcp.csv" "30.000000000,monet,128.32.1.1:1024-128.32.1.2:513,send,rexmit,S,0,0,,8192,SYN_SENT,0,1,1,1460,1024,0,0.000,3000.000,48000.000,,2"
has "$o/tcp.csv" "75.000000000,monet,128.32.1.1:1024-128.32.1.2:513,timer,keep,,,,,,SYN_SENT,0,1,1,1460,1024,0,0.000,3000.000,48000.000,,2"
has "$o/tcp.csv" "75.000000000,monet,128.32.1.1:1024-128.32.1.2:513,drop,ETIMEDOUT,,,,,,SYN_SENT,0,1,1,1460,1024,0,0.000,3000.000,48000.000,,2"
has "$o/calls.csv" "75.000000000,monet,1,rlogin,connect,ETIMEDOUT,60,3,128.32.1.1:1024,128.32.1.2:513"
has "$o/summary.txt" "    monet: 0 retransmitted segments, 2 timeouts, no RTT samples, dropped with ETIMEDOUT"

# rlogind's accept, restarted after each SIGCHLD (4.2BSD signal()), never
# failed as the program saw it: no EINTR row; wait3's ECHILD rows stay.
run rlogin
o=$tmp/rlogin
if grep -q ',EINTR,' "$o/calls.csv"; then
  echo "FAIL: calls.csv records a restarted call as EINTR:"; grep ',EINTR,' "$o/calls.csv"
  fails=$((fails + 1))
fi
has "$o/calls.csv" "1.000945963,degas,1,rlogind,wait3,ECHILD,10,,,"

"$ipcsim" run "$dir/econnrefused.lua" --quiet --no-record --out "$tmp/none" >/dev/null ||
  { echo "FAIL: econnrefused with --no-record exited non-zero"; fails=$((fails + 1)); }
[ ! -e "$tmp/none" ] || { echo "FAIL: --no-record wrote $(ls "$tmp/none")"; fails=$((fails + 1)); }

[ "$fails" -eq 0 ] && echo "ok: results rows" || exit 1
