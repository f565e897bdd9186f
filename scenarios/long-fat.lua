-- scenarios/long-fat.lua: a long fat pipe (RFC 1323), with and without
-- window scaling.
--
-- Three copies of one path, each a 100 Mb/s point-to-point link with
-- 50 ms of delay each way (a 100 ms round trip, 1.25 MB in flight at line
-- rate):
--
--   src --(100 Mb/s, 50 ms)-- dst
--
-- src writes without end and dst reads; both sockets ask for 1 MB
-- buffers, which the hosts allow (sb_max = "2MB": 4.4BSD's default
-- sb_max, 256 KB, caps a buffer at 246723 bytes).
--   "scaled": the 4.4bsd profile. The SYNs carry window scale (shift 5:
--     65535 << 4 is just under 1 MB) and timestamps, so dst offers its
--     whole megabyte: after slow start the window, not the link, limits
--     the transfer, at 1 MB per round trip, about 84 Mb/s.
--   "TCP_NOOPT": the same profile, but src sets TCP_NOOPT before
--     connecting (no options in its SYN: no scaling, no timestamps), so
--     dst can offer at most 65535 bytes: 64 KB per round trip, 5.2 Mb/s.
--   "4.2bsd": the 4.2bsd profile, which predates RFC 1323: the same cap.
-- Printed: goodput between 3 s and 5 s (slow start is over by then), the
-- window src was offered, the scales and whether timestamps are on.
-- Asserted: the scaled path moves at least 70 Mb/s and the window it was
-- offered exceeds 900000 bytes; the two others stay under 5.3 Mb/s (64
-- KB per round trip) with a window of at most 65535.
--
local BUF = 1024 * 1024
local CHUNK = string.rep("x", 65536)
local T1, T2 = 3, 5

local paths = {}
local function path(k, label, prof, noopt)
  local l = link { name = "lfn" .. k, rate = "100Mbps", delay = "50ms",
                   queue = 1000 }
  local src = host { name = "src" .. k, tcp = prof, sb_max = "2MB",
                     iface = { l, string.format("10.%d.0.1/16", k) } }
  local dst = host { name = "dst" .. k, tcp = prof, sb_max = "2MB",
                     iface = { l, string.format("10.%d.0.2/16", k) } }
  paths[k] = { label = label, prof = prof, noopt = noopt, src = src,
               dst = dst, addr = string.format("10.%d.0.2", k) }
end
path(1, "scaled", "4.4bsd", false)
path(2, "TCP_NOOPT", "4.4bsd", true)
path(3, "4.2bsd", "4.2bsd", false)

for _, p in ipairs(paths) do
  p.dst:spawn("sink", function()
    local l = socket(AF_INET, SOCK_STREAM, 0)
    assert(setsockopt(l, SOL_SOCKET, SO_RCVBUF, BUF))
    assert(bind(l, { family = AF_INET, port = 9 }))
    listen(l, 5)
    local g = accept(l)
    local got = 0
    while true do
      local chunk = read(g, 65536)
      if not chunk or chunk == "" then break end
      got = got + #chunk
      if not p.b1 and now() >= T1 then p.b1 = got end
      if not p.b2 and now() >= T2 then p.b2 = got end
    end
  end)
  p.src:spawn("source", function()
    local s = socket(AF_INET, SOCK_STREAM, 0)
    assert(setsockopt(s, SOL_SOCKET, SO_SNDBUF, BUF))
    if p.noopt then assert(setsockopt(s, IPPROTO_TCP, TCP_NOOPT, 1)) end
    assert(connect(s, { family = AF_INET, addr = p.addr, port = 9 }))
    while now() < T2 + 0.2 do
      p.info = tcp_info(s)
      assert(write(s, CHUNK))
    end
    p.info = tcp_info(s)
  end)
end

run { stop = string.format("%gs", T2 + 0.3) }

print("path       profile  goodput (Mb/s)  offered window  snd/rcv wscale  timestamps")
for _, p in ipairs(paths) do
  p.mbps = (p.b2 - p.b1) * 8 / (T2 - T1) / 1e6
  print(string.format("%-10s %-8s %14.2f %15d %10d/%d  %s", p.label, p.prof,
                      p.mbps, p.info.snd_wnd, p.info.snd_wscale,
                      p.info.rcv_wscale, tostring(p.info.timestamps)))
end
local s = paths[1]
assert(s.mbps >= 70, "the scaled path fills with a 1 MB window")
assert(s.info.snd_wnd > 900000, "dst offers about 1 MB")
assert(s.info.snd_wscale == 5 and s.info.timestamps, "options negotiated")
for k = 2, 3 do
  local p = paths[k]
  assert(p.mbps < 5.3, p.label .. ": capped at 64 KB per round trip")
  assert(p.info.snd_wnd <= 65535, p.label .. ": no window over 65535")
  assert(p.info.snd_wscale == 0 and not p.info.timestamps, p.label)
end
