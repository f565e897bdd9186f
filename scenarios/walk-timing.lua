-- scenarios/walk-timing.lua: timing on one path, for the classroom
-- walkthrough docs/walkthroughs/2-timing.md.
--
--   ann 10.0.1.1 --thin: 256 kb/s, 40 ms-- bob 10.0.1.2   (long and thin)
--   cat 10.0.2.1 --fat:  10 Mb/s,  1 ms-- dan 10.0.2.2    (short and fat)
--
-- ann and cat each send 24 KB over TCP (4.4bsd) to a sink on the other
-- end, from time 0. A frame takes bytes*8/rate to send and the link's
-- delay to cross: a full 1500-byte datagram is a 1507-byte frame on the
-- wire (PPP's 4 bytes of header, RFC 1662's 2-byte FCS and a flag), 47.1
-- ms on thin (longer than its 40 ms of propagation) but 1.2056 ms on fat.
-- The handshake takes two 67-byte frames (60-byte SYN and SYN-ACK: they
-- carry the MSS, window scale and timestamp options, RFC 1323):
-- 2*(67*8/rate + delay), 84.1875 ms on thin and 2.1072 ms on fat
-- (asserted to the nanosecond). Slow start sends 1, then
-- 2, then 3 segments per round trip; the first waits for bob's delayed
-- ACK (the 200 ms tick). Segments carry 1448 bytes (1460 less the
-- 12-byte timestamp option). From 1.10 to 1.11 s thin loses every frame
-- (thin:set{ loss = 1 }): the one segment that starts in that window
-- (21721:23169) is lost. Only one segment follows it, so one duplicate
-- ACK comes back, too few for fast retransmit: the retransmission timer
-- (RTO 2 s, from an estimator that counts in 500 ms ticks) sends it again
-- at 3 s, and the transfer ends at 3.087 s instead of 1.233. With cwnd at
-- one segment the retransmission is t_maxseg bytes, 1448 and a 12-byte
-- runt (4.4BSD-Lite's tcp_output takes the option room from t_maxseg).
-- Asserted: both handshake times, the loss, the timeout and its time.
local thin = link { name = "thin", rate = "256kbps", delay = "40ms" }
local fat = link { name = "fat", rate = "10Mbps", delay = "1ms" }
-- boot = 0 (ann, bob, cat, dan): every clock ticks on multiples of 200 and
-- 500 ms, so the times the walkthrough quotes (bob's delayed ACK, the
-- timeout at 3 s) are exact.
local ann = host { name = "ann", boot = 0, iface = { thin, "10.0.1.1/24" } }
local bob = host { name = "bob", boot = 0, iface = { thin, "10.0.1.2/24" } }
local cat = host { name = "cat", boot = 0, iface = { fat, "10.0.2.1/24" } }
local dan = host { name = "dan", boot = 0, iface = { fat, "10.0.2.2/24" } }
local SIZE = 24 * 1024
local done = {}

local function ns(s) return math.floor(s * 1e9 + 0.5) end

-- Starts a sink on h that reads to end of file and notes when it ended.
local function sink(h)
  h:spawn("sink", function()
    local l = socket(AF_INET, SOCK_STREAM, 0)
    assert(bind(l, { family = AF_INET, port = 9 }))
    listen(l, 5)
    local g = accept(l)
    local got = 0
    while true do
      local c = read(g, 8192)
      if not c or c == "" then break end
      got = got + #c
    end
    print(string.format("%d bytes, the last at %.6f s", got, now()))
    assert(got == SIZE)
    done[h:name()] = now()
    close(g)
  end)
end

-- Starts a source on h sending SIZE bytes to addr; its connect must take
-- the analytic handshake time 2*(67*8/rate + delay).
local function source(h, addr, rate, delay)
  h:spawn("source", function()
    local s = socket(AF_INET, SOCK_STREAM, 0)
    local t0 = now()
    assert(connect(s, { family = AF_INET, addr = addr, port = 9 }))
    local took, expect = ns(now() - t0), ns(2 * (67 * 8 / rate + delay))
    print(string.format("handshake took %.6f ms (analytic %.6f ms)",
                        took / 1e6, expect / 1e6))
    assert(took == expect)
    assert(write(s, string.rep("x", SIZE)) == SIZE)
    close(s)
  end)
end

sink(bob); sink(dan)
source(ann, "10.0.1.2", 256000, 0.040)
source(cat, "10.0.2.2", 10e6, 0.001)
-- The loss window: --param loss_at=SECONDS (default 1.10) and
-- loss_for=SECONDS (default 0.01) move or widen it (the walkthrough's
-- "things to try"); the exact asserts below hold for the default window,
-- any window must still deliver every byte (the sinks assert it).
local LOSS_AT, LOSS_FOR = param("loss_at", 1.10), param("loss_for", 0.01)
assert(type(LOSS_AT) == "number" and LOSS_AT > 0.0842,
       "--param loss_at: a time in seconds after the handshakes (> 0.0842)")
assert(type(LOSS_FOR) == "number" and LOSS_FOR > 0,
       "--param loss_for: a positive number of seconds")
at(LOSS_AT, function() print("thin loses every frame"); thin:set { loss = 1 } end)
at(LOSS_AT + LOSS_FOR, function() print("thin loses nothing"); thin:set { loss = 0 } end)

run { stop = "30s" }

local st = ann:tcpstat()
print(string.format("ann: %d segment lost, %d retransmitted, %d timeout",
                    thin:stats("ab").drops.loss, st.sndrexmitpack, st.rexmttimeo))
assert(cat:tcpstat().sndrexmitpack == 0)
if LOSS_AT ~= 1.10 or LOSS_FOR ~= 0.01 then
  print(string.format("ann: %d duplicate ACKs; bob had every byte at %.6f s",
                      st.rcvdupack, done.bob))
else
  assert(thin:stats("ab").drops.loss == 1 and thin:stats("ba").drops.loss == 0)
  assert(st.sndrexmitpack == 2 and st.sndrexmitbyte == 1460)
  assert(st.rexmttimeo == 1)
  assert(ns(done.bob) == ns(3 + 1507 * 8 / 256000 + 0.040),
         "the retransmission at 3 s, then 47.09375 + 40 ms")
end
