-- expect: livelock.lua:17: run: livelock: 100000 events at 0.000000000 s without simulated time moving (--max-same-time); in the last 10000: monet:echo ran 5000 times; IP datagrams sent and received in that time: monet 10000
-- Run with --max-same-time 100000. A UDP echo server that once hears
-- itself echoes to itself forever: loopback takes no time, so simulated
-- time stands still. The run stops and names the process that loops.
local lan = ethernet { name = "lan0" }
local monet = host { name = "monet", iface = { lan, "128.32.1.1/16" } }
monet:spawn("echo", function()
  local s = socket(AF_INET, SOCK_DGRAM, 0)
  local me = { family = AF_INET, addr = "128.32.1.1", port = 7 }
  assert(bind(s, me))
  sendto(s, "x", 0, me)
  while true do
    local data, from = recvfrom(s, 100)
    sendto(s, data, 0, from)
  end
end)
run { stop = "10s" }
