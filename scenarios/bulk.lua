-- scenarios/bulk.lua: bulk transfer over a lossy bottleneck, for each
-- TCP profile.
--
-- Four copies of one path, one per profile (host{ tcp = ... }):
--
--   src --(10 Mb/s, 1 ms)-- gw --(1.5 Mb/s, 20 ms, loss 1%, queue 8)-- dst
--
-- src sends 1 MB (a pattern numbering each 16-byte line) and closes;
-- dst reads to end of file and checks every byte against the pattern.
-- Both ends are on net 11 (class A; 4.4BSD counts subnets as local), so
-- tcp_mss takes the MSS from the MTU: 1460. Both sockets have 16 KB
-- buffers (the accepted socket inherits the listener's): a window of 11
-- segments, against a path that holds about 5 segments in flight
-- (1.5 Mb/s times a 42 ms round trip) plus 8 in gw's queue.
-- "4.2bsd" has no congestion window: whenever the window opens, and after
-- every timeout (go-back-N from snd_una), it sends the whole window at
-- the 10 Mb/s of the access link; gw's queue overflows, so it loses
-- segments to the queue besides the link's 1%, times out again and again
-- (4.2BSD's timer: twice a smoothed RTT that, with no Karn rule, the
-- retransmissions inflate), and retransmits hundreds of segments. The
-- others start slowly and grow cwnd by about a segment per round trip;
-- with 1% loss cwnd seldom outgrows path and queue, so they lose almost
-- only to the link, and recover mostly by fast retransmit (Tahoe then
-- slow-starts from one segment; Reno and NewReno halve cwnd).
-- Printed: goodput, the sender's retransmitted segments (tcpstat
-- sndrexmitpack), retransmission timeouts (rexmttimeo) and gw's queue
-- drops. Asserted: the megabyte arrives intact for every profile; 4.2bsd
-- overflows gw's queue (at least 20 drops), retransmits the most, has the
-- most queue drops and the lowest goodput. For seed 1 the margins are
-- wide (see results/reference/bulk.out): 339 retransmissions against at
-- most 10, 136 queue drops against none.
-- (With 32 KB windows and a 4-frame queue, 4.2bsd collapses outright:
-- 4 kb/s, 2007 retransmissions, 36 minutes for the megabyte.)
--
local SIZE, BUF = 1024 * 1024, 16 * 1024
local PROFILES = { "4.2bsd", "tahoe", "4.4bsd", "newreno" }

-- The data: 65536 numbered 16-byte lines.
local lines = {}
for i = 0, SIZE // 16 - 1 do lines[#lines + 1] = string.format("%015d\n", i) end
local DATA = table.concat(lines)
assert(#DATA == SIZE)

local paths = {}
for k, prof in ipairs(PROFILES) do
  local net = 10 + k
  local acc = link { name = "acc" .. k, rate = "10Mbps", delay = "1ms" }
  local neck = link { name = "neck" .. k, rate = "1.5Mbps", delay = "20ms",
                      loss = 0.01, queue = 8 }
  local src = host { name = "src" .. k, tcp = prof,
                     iface = { acc, string.format("%d.1.0.1/16", net) } }
  gateway { name = "gw" .. k,
            iface = { { acc, string.format("%d.1.0.2/16", net) },
                      { neck, string.format("%d.2.0.2/16", net) } } }
  local dst = host { name = "dst" .. k, tcp = prof,
                     iface = { neck, string.format("%d.2.0.1/16", net) } }
  paths[k] = { prof = prof, src = src, dst = dst, neck = neck,
               addr = string.format("%d.2.0.1", net) }
end

for _, p in ipairs(paths) do
  p.dst:spawn("sink", function()
    local l = socket(AF_INET, SOCK_STREAM, 0)
    assert(setsockopt(l, SOL_SOCKET, SO_RCVBUF, BUF))
    assert(bind(l, { family = AF_INET, port = 9 }))
    listen(l, 5)
    local g = accept(l)
    local t0, parts = now(), {}
    while true do
      local chunk = read(g, 8192)
      if not chunk or chunk == "" then break end
      parts[#parts + 1] = chunk
    end
    p.took = now() - t0
    p.intact = table.concat(parts) == DATA
    close(g)
  end)
  p.src:spawn("source", function()
    local s = socket(AF_INET, SOCK_STREAM, 0)
    assert(setsockopt(s, SOL_SOCKET, SO_SNDBUF, BUF))
    assert(connect(s, { family = AF_INET, addr = p.addr, port = 9 }))
    assert(write(s, DATA) == SIZE)
    close(s)
  end)
end

run { stop = "200s" }

print("profile   goodput (kb/s)  time (s)  rexmit segs  timeouts  gw queue drops")
for _, p in ipairs(paths) do
  local st = p.src:tcpstat()
  p.rexmit, p.timeouts = st.sndrexmitpack, st.rexmttimeo
  p.qdrops = p.neck:stats("ba").drops.queue + p.neck:stats("ab").drops.queue
  p.goodput = SIZE * 8 / p.took / 1000
  print(string.format("%-8s %15.1f %9.3f %12d %9d %15d", p.prof, p.goodput,
                      p.took, p.rexmit, p.timeouts, p.qdrops))
end
for _, p in ipairs(paths) do
  assert(p.took and p.intact, p.prof .. ": the megabyte arrives intact")
end
local old = paths[1]
assert(old.qdrops >= 20, "4.2bsd overflows gw's queue")
for k = 2, #paths do
  local p = paths[k]
  assert(old.rexmit > p.rexmit, p.prof .. " retransmits less than 4.2bsd")
  assert(old.qdrops > p.qdrops, p.prof .. " overflows gw's queue less")
  assert(p.goodput > old.goodput, p.prof .. " beats 4.2bsd's goodput")
end
