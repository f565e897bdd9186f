-- expect: beyond-cable.lua:3: host 'a': iface 1: at = 600.0 m is beyond the end of the 500.0 m cable
local lan = ethernet { name = "lan0", length = "500m" }
host { name = "a", iface = { lan, at = "600m" } }
