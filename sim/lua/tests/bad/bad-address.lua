-- expect: bad-address.lua:3: host 'monet': iface 1: bad address '128.32.1.300/16'
local lan = ethernet { name = "lan0" }
local h = host { name = "monet", iface = { lan, "128.32.1.300/16" } }
