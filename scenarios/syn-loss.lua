-- scenarios/syn-loss.lua: one connect whose three SYNs are lost in three
-- different ways, told by --explain (on 4.4BSD's
-- schedule: SYNs at 0, 6 and 30 s, ETIMEDOUT at 75 s).
--
--   monet 10.0.1.1 --wan0 (10 Mb/s)-- gw --wan1 (64 kb/s, queue 4)-- degas
--
-- 1. The SYN at 0 s is lost by wan0's loss model: direction ab (monet to
--    gw) loses every frame until 1 s (link{ ab = { loss = 1 } }).
-- 2. The SYN at 6 s is dropped at gw, whose queue on wan1 is full: from
--    5.5 s to 6.5 s monet sends a 1000-byte UDP datagram to degas every
--    10 ms, eight times faster than wan1 drains (125 ms a datagram).
-- 3. The SYN at 30 s reaches degas, which answers with a SYN-ACK; from
--    29 s wan1's direction ba (degas to gw) loses every frame, so the
--    SYN-ACK and its retransmissions are lost.
-- The connection-establishment timer (75 s) then ends the connect with
-- ETIMEDOUT. Loss is 0 or 1 and switched at set times, so every seed gives
-- the same run. Asserted: ETIMEDOUT at exactly 75 s, and from the links'
-- and degas's counters that each of the three drops happened (wan0 ab
-- lost 1 frame; wan1 ab refused frames for its full queue and lost none,
-- and degas accepted one SYN; wan1 ba lost the SYN-ACK and the two
-- retransmissions of degas's two retransmission timeouts).
local wan0 = link { name = "wan0", rate = "10Mbps", delay = "1ms",
                    ab = { loss = 1 } }
local wan1 = link { name = "wan1", rate = "64kbps", delay = "5ms", queue = 4 }
-- boot = 0 (monet, and degas below): their clocks tick on multiples of
-- 500 ms, so the SYN and SYN-ACK schedules and the 75 s timer are exact
-- (with another boot they move by under 500 ms).
local monet = host { name = "monet", boot = 0, iface = { wan0, "10.0.1.1/24" } }
gateway { name = "gw", iface = { { wan0, "10.0.1.2/24" },
                                  { wan1, "10.0.2.2/24" } } }
local degas = host { name = "degas", boot = 0, iface = { wan1, "10.0.2.1/24" } }

at(1, function() wan0:set("ab", { loss = 0 }) end)
at(29, function() wan1:set("ba", { loss = 1 }) end)

degas:spawn("rlogind", function()
  local s = socket(AF_INET, SOCK_STREAM, 0)
  assert(bind(s, { family = AF_INET, port = 513 }))
  listen(s, 5)
  accept(s)
end)

degas:spawn("discard", function()   -- takes the flood, so no ICMP goes back
  local s = socket(AF_INET, SOCK_DGRAM, 0)
  assert(bind(s, { family = AF_INET, port = 9 }))
  while true do recv(s, 2048) end
end)

monet:spawn("flood", function()
  sleep(5.5)
  local s = socket(AF_INET, SOCK_DGRAM, 0)
  local to = { family = AF_INET, addr = "10.0.2.1", port = 9 }
  for _ = 1, 100 do
    sendto(s, string.rep("x", 1000), 0, to)
    sleep(0.010)
  end
end)

monet:spawn("rlogin", function()
  local s = socket(AF_INET, SOCK_STREAM, 0)
  local ok, err = connect(s, { family = AF_INET, addr = "10.0.2.1", port = 513 })
  if not ok then perror("rlogin: connect") end
  print(string.format("connect: %s at %.6f s", err or "connected", now()))
  assert(err == "ETIMEDOUT" and now() == 75)
end)

run { stop = "80s" }

local l0, q1, r1 = wan0:stats("ab"), wan1:stats("ab"), wan1:stats("ba")
local st = degas:tcpstat()
print(string.format("wan0 monet->gw: %d lost; wan1 gw->degas: %d refused "
                    .. "(queue full); wan1 degas->gw: %d lost; degas: %d "
                    .. "SYN accepted, %d retransmission timeouts",
                    l0.drops.loss, q1.drops.queue, r1.drops.loss, st.accepts,
                    st.rexmttimeo))
-- wan0 lost one frame: the first SYN (nothing else was sent before 1 s).
assert(l0.drops.loss == 1 and l0.drops.total == 1)
-- wan1 lost nothing toward degas but refused frames at gw, and only one
-- SYN of the three reached degas: the one at 6 s was among those refused.
assert(q1.drops.queue > 0 and q1.drops.loss == 0 and st.accepts == 1)
-- degas's SYN-ACK and its two retransmissions (36 s, 60 s) were lost.
assert(r1.drops.loss == 3 and r1.drops.total == 3 and st.rexmttimeo == 2)
