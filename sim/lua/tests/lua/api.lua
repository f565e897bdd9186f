-- sim/lua/tests/lua/api.lua: the Lua API, each call checked by an assert.
-- Run as: ipcsim run api.lua -- hello   (test_lua.sh does)

local function ns() return math.floor(now() * 1e9 + 0.5) end

-- arg and require (from this file's lib/)
assert(arg[1] == "hello", "scenario arguments reach arg[]")
assert(arg[0]:match("api%.lua$"), "arg[0] is the scenario")
assert(require("helper").double(21) == 42, "require loads lib/helper.lua")
assert(require("helper") == require("helper"), "require caches modules")

-- the sandbox without --unsafe
assert(os == nil and io == nil and debug == nil and package == nil)
assert(string.dump == nil and dofile == nil and loadfile == nil)
assert(load("return 1 + 1")() == 2, "load still takes text")

-- random streams: named, independent, deterministic
local a1, a2, b = rng("a"), rng("a"), rng("b")
local x = a1:uniform()
assert(x >= 0 and x < 1 and x == a2:uniform(), "same name, same draws")
assert(b:uniform() ~= x, "another name, other draws")
local lo_hi = a1:uniform(5, 6)
assert(lo_hi >= 5 and lo_hi < 6)
for _ = 1, 100 do
  local i = a1:int(3, 5)
  assert(i >= 3 and i <= 5 and math.type(i) == "integer")
end
assert(a1:bernoulli(0) == false and a1:bernoulli(1) == true)
assert(a1:exp(2) >= 0)
math.randomseed(7)
local m1 = math.random(1000)
math.randomseed(7)
assert(math.random(1000) == m1, "math.random is a seeded stream")

-- topology, stats and info
local lan = ethernet { name = "lan0", length = "100m" }
local wan = link { name = "wan0", rate = "1Mbps", delay = "5ms" }
local h1 = host { name = "h1", iface = { { lan, "10.0.0.1/8", at = "0m" },
                                         { wan, "192.168.1.1/30" } } }
local h2 = host { name = "h2", iface = { { lan, "10.0.0.2", mac = "02:aa:bb:cc:dd:ee" },
                                         { wan } } }
local e1, p1 = h1:iface(1), h1:iface("ppp1")
assert(e1:info().name == "en0" and e1:info().addr == "10.0.0.1/8")
assert(e1:info().mac == "02:00:00:00:00:01" and e1:info().mtu == 1500)
assert(h2:iface(1):info().mac == "02:aa:bb:cc:dd:ee")
assert(p1:info().medium == "wan0" and p1:info().mac == nil)
assert(tostring(h1) == "host 'h1'" and tostring(e1) == "h1.en0")
assert(tostring(lan) == "ethernet 'lan0'" and tostring(wan) == "link 'wan0'")

-- link:set changes one direction from then on
wan:set("ba", { loss = 1 })
local got = {}
h2:spawn("recv", function()
  while true do
    local f = h2:iface(2):recv { timeout = "50ms" }
    if not f then break end
    got[#got + 1] = ns()
  end
end)
h1:spawn("send", function()
  assert(p1:send { size = 100, seq = 1 })
  assert(h2:iface(2):send { size = 100, seq = 2 })  -- lost: ba loss = 1
  sleep(0)
  assert(ns() == 0, "sleep(0) does not advance time")
  sleep("1ms")
  assert(ns() == 1000000)
end)
run { stop = "1s" }
-- 100 data + 8 LCP + 4 PPP + 2 FCS + 1 flag (RFC 1662) = 115 bytes at
-- 1 Mb/s = 920 us, + 5 ms
assert(#got == 1 and got[1] == 5920000, "one frame, at 5.920 ms")
assert(wan:stats("ba").drops.loss == 1 and wan:stats("ab").drops.total == 0)
assert(wan:stats().ab.rx_frames == 1)
assert(p1:stats().tx_frames == 1 and h2:iface(2):stats().rx_frames == 1)
assert(lan:stats(e1).tx_frames == 0)
assert(not pcall(lan.stats, lan, p1), "a link interface is not on lan0")

-- recv timeout returns nil, errno name and 4.4BSD number
local r1, r2, r3
h1:spawn("timeout", function() r1, r2, r3 = e1:recv { timeout = "10ms" } end)
run { stop = now() + 1 }
assert(r1 == nil and r2 == "EWOULDBLOCK" and r3 == 35)

-- a full station queue gives ENOBUFS (55)
local lan2 = ethernet { name = "lan1", queue = 1 }
local q1 = host { name = "q1", iface = { lan2, at = "0m" } }
local q2 = host { name = "q2", iface = { lan2, at = "10m" } }
local s1, s2, s3
q1:spawn("flood", function()
  local e = q1:iface(1)
  s1 = e:send { to = q2, size = 1000 }
  s2 = e:send { to = q2, size = 1000 }
  s3 = { e:send { to = q2, size = 1000 } }
end)
run { stop = now() + 1 }
assert(s1 == true and s2 == true and s3[1] == nil and s3[2] == "ENOBUFS" and s3[3] == 55)
print("api ok")
