-- scenarios/sweep-loss.lua: TCP goodput against loss, the example for
-- `ipcsim sweep` (README.md, "Sweeps"). One path:
--
--   src --(rate, 10 ms, loss)-- dst
--
-- src sends `size` bytes over TCP (the 4.4bsd profile) and closes; dst
-- reads to end of file. Parameters (param): loss (default 0.01), rate
-- (default 10Mbps), size (default 131072 bytes). Reported (report):
-- goodput_kbps (bytes delivered * 8 / transfer time), time_s, rexmit
-- (the sender's retransmitted segments) and timeouts (its retransmission
-- timeouts). Each run takes well under a second of wall time.
-- With seed 1 at 1% loss (results/reference/sweep-loss.out) the 128 KB
-- take 0.687 s. Other seeds stall: a lost segment near the end, or a
-- lost ACK that covered everything in flight, leaves too few duplicate
-- ACKs for fast retransmit, and the sender waits for its retransmission
-- timer (docs/walkthroughs/3-loss.md). Sweeping several seeds averages
-- such stalls in.
--   ipcsim sweep scenarios/sweep-loss.lua --param loss=0,0.01,0.02,0.05 \
--     --param rate=1Mbps,10Mbps --seeds 1..10 --y goodput_kbps \
--     --xlabel "loss probability per frame" --ylabel "goodput (kb/s)"
local LOSS = param("loss", 0.01)
local RATE = param("rate", "10Mbps")
local SIZE = param("size", 128 * 1024)

local wire = link { name = "wire", rate = RATE, delay = "10ms", loss = LOSS }
local src = host { name = "src", tcp = "4.4bsd", iface = { wire, "10.0.0.1/8" } }
local dst = host { name = "dst", tcp = "4.4bsd", iface = { wire, "10.0.0.2/8" } }
local DATA = string.rep("x", SIZE)
local got, t0, t1 = 0, nil, nil

dst:spawn("sink", function()
  local l = socket(AF_INET, SOCK_STREAM, 0)
  assert(bind(l, { family = AF_INET, port = 9 }))
  listen(l, 5)
  local g = accept(l)
  t0 = now()
  while true do
    local chunk = read(g, 8192)
    if not chunk or chunk == "" then break end
    got = got + #chunk
  end
  t1 = now()
  close(g)
end)
src:spawn("source", function()
  local s = socket(AF_INET, SOCK_STREAM, 0)
  assert(connect(s, { family = AF_INET, addr = "10.0.0.2", port = 9 }))
  assert(write(s, DATA) == SIZE)
  close(s)
end)

run { stop = "600s" }

local st = src:tcpstat()
local took = (t1 or now()) - (t0 or 0)
report { goodput_kbps = got * 8 / took / 1000, time_s = took,
         rexmit = st.sndrexmitpack, timeouts = st.rexmttimeo }
print(string.format("loss %g rate %s: %d of %d bytes in %.3f s, %.1f kb/s, "
                    .. "%d retransmitted segments, %d timeouts", LOSS, RATE,
                    got, SIZE, took, got * 8 / took / 1000,
                    st.sndrexmitpack, st.rexmttimeo))
