-- expect: route-bad-dest.lua:4: route: bad address '10.0.0.0/33'
local lan = ethernet { name = "lan" }
local a = host { name = "a", iface = { lan, "128.32.1.1" } }
route(a, "10.0.0.0/33", "128.32.1.2")
