-- scenarios/validate-loss.lua: TCP goodput under random loss, for
-- docs/validation.md (run by scripts/validate, a sweep over p, profile
-- and seeds). One path whose capacity and windows do not limit:
--
--   src --(100 Mb/s, 50 ms each way, loss p from src to dst only)-- dst
--
-- src writes without end; dst reads. Both ends have 1 MB buffers (sb_max
-- "2MB"), and the 4.4bsd and newreno profiles negotiate window scaling,
-- so the window never binds below p = 0.0005 (about 100 KB in flight by
-- Mathis et al.). Only data frames are lost (ACKs are not), as in the
-- models. Goodput is counted at dst from WARM seconds (past the first
-- slow start) to the end, which is max(60, 3.4 / sqrt(p)) seconds: about
-- the same number of losses (50 to 100) for every p.
-- Parameters: p (default 0.01), profile (default "newreno"), time
-- (seconds, default as above). Reported: goodput_mbps, lost (data frames
-- the link dropped), timeouts and rexmit (the sender's retransmit timer
-- expiries and retransmitted segments), rto_s and srtt_s (the sender's
-- RTO and smoothed RTT at the end, from 500 ms ticks). Asserted: data
-- flowed and frames were lost. scripts/validate runs the sweep.
local P = param("p", 0.01)
local PROFILE = param("profile", "newreno")
local TIME = param("time", math.max(60, 3.4 / math.sqrt(P)))
local WARM = 10
local BUF = 1024 * 1024
local CHUNK = string.rep("x", 65536)

local l = link { name = "path", rate = "100Mbps", delay = "50ms",
                 queue = 1000, ab = { loss = P } }
local src = host { name = "src", tcp = PROFILE, sb_max = "2MB",
                   iface = { l, "10.0.0.1/16" } }
local dst = host { name = "dst", tcp = PROFILE, sb_max = "2MB",
                   iface = { l, "10.0.0.2/16" } }
local got, base, info = 0, nil, nil

dst:spawn("sink", function()
  local ls = socket(AF_INET, SOCK_STREAM, 0)
  assert(setsockopt(ls, SOL_SOCKET, SO_RCVBUF, BUF))
  assert(bind(ls, { family = AF_INET, port = 9 }))
  listen(ls, 5)
  local g = accept(ls)
  while true do
    local chunk = read(g, 65536)
    if not chunk or chunk == "" then break end
    got = got + #chunk
    if not base and now() >= WARM then base = got end
  end
end)
src:spawn("source", function()
  local s = socket(AF_INET, SOCK_STREAM, 0)
  assert(setsockopt(s, SOL_SOCKET, SO_SNDBUF, BUF))
  assert(connect(s, { family = AF_INET, addr = "10.0.0.2", port = 9 }))
  while true do
    info = tcp_info(s)
    if not write(s, CHUNK) then break end
  end
end)

run { stop = string.format("%gs", TIME) }

local st = l:stats("ab")
assert(got > 0 and st.drops.loss > 0, "data flowed and frames were lost")
local mbps = (got - (base or 0)) * 8 / (TIME - WARM) / 1e6
report { goodput_mbps = mbps, lost = st.drops.loss,
         timeouts = info.timeouts, rexmit = info.retransmits,
         rto_s = info.rto_ms / 1000, srtt_s = info.srtt_ms / 1000 }
print(string.format("%s p=%g %gs: %.3f Mb/s, %d frames lost, %d timeouts, "
                    .. "%d retransmitted, rto %.1f s, srtt %.3f s", PROFILE,
                    P, TIME, mbps, st.drops.loss, info.timeouts,
                    info.retransmits, info.rto_ms / 1000,
                    info.srtt_ms / 1000))
