-- sim/exec/tests/calls.lua: calls.c, one pass over the covered calls,
-- on monet (degas only answers names). Its clock starts at 1994-01-30
-- (epoch=).
local bin = param("bin")
local lan = ethernet { name = "lan0", rate = "10Mbps", length = "200m" }
local monet = host { name = "monet", iface = { lan, "128.32.1.1/16" } }
host { name = "degas", iface = { lan, "128.32.1.2/16" } }
monet:exec(bin .. "/calls", { "calls" }, { epoch = 759888000 })
run { stop = "10s" }
