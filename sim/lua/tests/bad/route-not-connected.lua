-- expect: route-not-connected.lua:4: route: gateway 10.0.0.1 is not on a network directly connected to host 'a'
local lan = ethernet { name = "lan" }
local a = host { name = "a", iface = { lan, "128.32.1.1" } }
route(a, "default", "10.0.0.1")
