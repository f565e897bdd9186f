-- scenarios/collapse.lua: congestion collapse, the event that
-- led Jacobson to slow start in 1986. Six hosts on an Ethernet send
-- through one gateway onto a slow line:
--
--   s1..s6 --lan (10 Mb/s)-- gw --(128 kb/s, 50 ms, queue 8)-- dst
--
-- The same network is built twice in one run, once with every host's
-- TCP "4.2bsd" and once "tahoe" (host{ tcp = ... }). Each sender streams
-- to dst for 120 s with 8 KB windows: 96 segments of 512 bytes (the MSS
-- off-net) offered to a line whose pipe holds under 3 and a queue of 8.
--
-- 4.2bsd has no congestion window: each sender fills its window at
-- 10 Mb/s, so every burst overflows the queue; on a timeout it resends
-- its whole window from snd_una (go-back-N), and the bursts of six
-- senders overflow it again. Much of the time all six wait out their
-- timers and the line idles; when it is busy, a quarter of what it
-- carries is copies of segments dst already has. Tahoe starts each
-- connection at one segment, halves its threshold on a loss and grows
-- by one segment a round trip, so the line stays busy with new data.
-- Printed per profile, over the last 90 s (after 30 s of warm-up): the
-- line's utilisation, the goodput (bytes dst's readers got), the share
-- of the line's bytes that were goodput, and the totals of retransmitted
-- segments, timeouts and the gateway's queue drops. Asserted: 4.2bsd's
-- goodput is under half the line rate and tahoe's over 80%; tahoe's is
-- at least twice 4.2bsd's; 4.2bsd retransmits and overflows the queue at
-- least five times as often, and wastes a larger share of the line.
local N, BUF = 6, 8192
local RATE, WARM, STOP = 128000, 30, 120
local PROFILES = { "4.2bsd", "tahoe" }

local function build(k, prof)
  local net = 140 + k
  local lan = ethernet { name = "lan" .. k }
  local neck = link { name = "neck" .. k, rate = RATE, delay = "50ms",
                      queue = 8 }
  gateway { name = "gw" .. k, tcp = prof,
            iface = { { lan, string.format("%d.1.0.254/16", net) },
                      { neck, string.format("%d.2.0.1/16", net) } } }
  local dst = host { name = "dst" .. k, tcp = prof,
                     iface = { neck, string.format("%d.2.0.2/16", net) } }
  local p = { prof = prof, neck = neck, dst = dst, srcs = {}, got = 0,
              addr = string.format("%d.2.0.2", net) }
  for i = 1, N do
    p.srcs[i] = host { name = string.format("s%d_%d", k, i), tcp = prof,
                       iface = { lan, string.format("%d.1.0.%d/16", net, i) } }
  end
  return p
end

local paths = {}
for k, prof in ipairs(PROFILES) do paths[k] = build(k, prof) end

local chunk = string.rep("x", BUF)
for _, p in ipairs(paths) do
  p.dst:spawn("sink", function()
    local l = socket(AF_INET, SOCK_STREAM, 0)
    assert(setsockopt(l, SOL_SOCKET, SO_RCVBUF, BUF))
    assert(bind(l, { family = AF_INET, port = 9 }))
    listen(l, 5)
    for _ = 1, N do
      local g = accept(l)
      fork(function()
        while true do
          local data = read(g, BUF)
          if not data or data == "" then break end
          p.got = p.got + #data
        end
      end)
      close(g)
    end
  end)
  for i, src in ipairs(p.srcs) do
    src:spawn("source", function()
      sleep(0.01 * i)
      local s = socket(AF_INET, SOCK_STREAM, 0)
      assert(setsockopt(s, SOL_SOCKET, SO_SNDBUF, BUF))
      assert(connect(s, { family = AF_INET, addr = p.addr, port = 9 }))
      while true do assert(write(s, chunk)) end
    end)
  end
end

local function line_bytes(p) return p.neck:stats("ab").tx_bytes end
at(WARM .. "s", function()
  for _, p in ipairs(paths) do p.got0, p.line0 = p.got, line_bytes(p) end
end)

run { stop = STOP .. "s" }

local span = STOP - WARM
print("profile  line use  goodput (kb/s)  goodput share  rexmit segs  timeouts  gw queue drops")
for _, p in ipairs(paths) do
  local rexmit, timeouts = 0, 0
  for _, src in ipairs(p.srcs) do
    local st = src:tcpstat()
    rexmit, timeouts = rexmit + st.sndrexmitpack, timeouts + st.rexmttimeo
  end
  local line = (line_bytes(p) - p.line0) * 8 / span
  p.goodput = (p.got - p.got0) * 8 / span
  p.share = p.goodput / line
  p.use = line / RATE
  p.qdrops = p.neck:stats("ab").drops.queue
  p.rexmit = rexmit
  print(string.format("%-8s %7.0f%% %15.1f %13.0f%% %12d %9d %15d", p.prof,
                      100 * p.use, p.goodput / 1000, 100 * p.share, rexmit,
                      timeouts, p.qdrops))
end
local old, new = paths[1], paths[2]
assert(old.goodput < 0.5 * RATE, "4.2bsd's goodput is under half the line")
assert(new.goodput > 0.8 * RATE, "tahoe's goodput is over 80% of the line")
assert(new.goodput >= 2 * old.goodput, "tahoe's goodput is twice 4.2bsd's")
assert(old.rexmit >= 5 * new.rexmit, "4.2bsd retransmits five times more")
assert(old.qdrops >= 5 * new.qdrops, "4.2bsd overflows the queue five times more")
assert(old.share < new.share, "4.2bsd wastes more of the line")
