-- sim/lua/tests/lua/reject.lua: reject and blackhole routes (4.4BSD's
-- RTF_REJECT and RTF_BLACKHOLE, handled by looutput), from Lua:
--   a 128.32.1.1 --lan1-- g (gateway) 128.32.1.2 / 128.33.1.1 --lan2-- b
-- On a: a reject host route fails a send with EHOSTUNREACH, a reject
-- network route with ENETUNREACH, a blackhole route discards with no
-- error. On the gateway: a reject host route for b (more specific than
-- the gateway's connected route to b's network) answers a's datagram
-- with ICMP host unreachable, so a's connected UDP socket gets
-- EHOSTUNREACH; a blackhole route for an address nobody has answers
-- nothing, where ARP's failure would have given host unreachable.
local lan1 = ethernet { name = "lan1" }
local lan2 = ethernet { name = "lan2" }
local a = host { name = "a", iface = { lan1, "128.32.1.1/24" } }
local g = gateway { name = "g", iface = { { lan1, "128.32.1.2/24" },
                                         { lan2, "128.33.1.1/24" } } }
host { name = "b", iface = { lan2, "128.33.1.2/24" } }
route(a, "192.0.2.7", "reject")
route(a, "198.51.100.0/24", "reject")
route(a, "203.0.113.0/24", "blackhole")
route(a, "default", "128.32.1.2")
local done = {}

local function is_err(name, num, ok, err, n)
  assert(ok == nil and err == name and n == num,
         string.format("want %s (%d), got %s %s %s", name, num, tostring(ok),
                       tostring(err), tostring(n)))
end

a:spawn("sender", function()
  local s = assert(socket(AF_INET, SOCK_DGRAM, 0))
  local function to(addr) return { family = AF_INET, addr = addr, port = 7 } end
  is_err("EHOSTUNREACH", 65, sendto(s, "x", 0, to("192.0.2.7")))
  is_err("ENETUNREACH", 51, sendto(s, "x", 0, to("198.51.100.9")))
  assert(sendto(s, "x", 0, to("203.0.113.5")) == 1, "blackhole: no error")
  assert(a:ipstat().localout >= 0)
  done.local_routes = true
  -- Through the gateway, which rejects b from 0.5 s on.
  local c = assert(socket(AF_INET, SOCK_DGRAM, 0))
  assert(connect(c, to("128.33.1.2")))
  sleep(1)
  assert(send(c, "y") == 1)
  sleep(0.1)
  is_err("EHOSTUNREACH", 65, send(c, "z"))
  done.gateway_reject = true
  local d = assert(socket(AF_INET, SOCK_DGRAM, 0))
  assert(connect(d, to("128.33.1.3")))  -- nobody; blackholed at g
  for _ = 1, 8 do
    assert(send(d, "w") == 1, "a blackhole sends back nothing")
    sleep(1)
  end
  done.gateway_blackhole = true
end)
at(0.5, function() route(g, "128.33.1.2", "reject") end)
route(g, "128.33.1.3", "blackhole")
run { stop = "15s" }
assert(done.local_routes and done.gateway_reject and done.gateway_blackhole,
       "a step did not finish")
print("reject ok")
