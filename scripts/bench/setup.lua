-- scripts/bench/setup.lua: the set-up benchmark's scenario, run by
-- scripts/bench/setup (which times it; nothing here reads the wall clock).
--
-- N hosts over S = N/100 Ethernets "lan1".."lanS" of 100 stations each:
-- 99 hosts and a gateway, which also sits on the backbone Ethernet "core".
-- Segment s is 10.(s//256).(s%256).0/24 (hosts .1-.99, the gateway .254);
-- gateway s is 172.16.(s//256).(s%256)/16 on the core. Then a short run{}
-- (automatic routes are computed there). With --send, the first host of
-- each segment sends one UDP datagram to the first host of the next.
-- Arguments (after --): N (default 1000, a multiple of 100), --send.
-- Prints `hosts N`, `segments S` and `routes R` (the routes of host 1).
local n, send = 1000, false
for i = 1, #arg do
  if arg[i] == "--send" then send = true else n = assert(tonumber(arg[i])) end
end
assert(n >= 200 and n % 100 == 0, "N: a multiple of 100, at least 200")
local S = n // 100

local core = ethernet { name = "core", length = "2000m" }
local first = {}
for s = 1, S do
  local net = string.format("10.%d.%d", s // 256, s % 256)
  local lan = ethernet { name = "lan" .. s }
  gateway { name = "gw" .. s, iface = {
    { lan, net .. ".254/24" },
    { core, string.format("172.16.%d.%d/16", s // 256, s % 256) } } }
  for h = 1, 99 do
    local hh = host { name = string.format("h%d-%d", s, h),
                      iface = { lan, string.format("%s.%d/24", net, h) } }
    if h == 1 then first[s] = hh end
  end
end

if send then
  for s = 1, S do
    local to = string.format("10.%d.%d.1", (s % S + 1) // 256, (s % S + 1) % 256)
    first[s]:spawn("send", function()
      local fd = socket(AF_INET, SOCK_DGRAM, 0)
      sendto(fd, "x", 0, { family = AF_INET, addr = to, port = 9 })
    end)
  end
end

run { stop = "1s" }
print("hosts", n)
print("segments", S)
print("routes", #first[1]:routes())
