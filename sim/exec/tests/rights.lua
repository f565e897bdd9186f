-- sim/exec/tests/rights.lua: rights.c on monet passes descriptors to its
-- child (SCM_RIGHTS): a TCP connection to echo_server.c on degas, a
-- pipe's write end, and three into room for one (MSG_CTRUNC).
local bin = param("bin")
local lan = ethernet { name = "lan0", rate = "10Mbps", length = "200m" }
local monet = host { name = "monet", iface = { lan, "128.32.1.1/16" } }
local degas = host { name = "degas", iface = { lan, "128.32.1.2/16" } }
degas:exec(bin .. "/echo_server", { "echo_server", "7000", "1" })
at(0.001, function()
  monet:exec(bin .. "/rights", { "rights", "degas", "7000" })
end)
run { stop = "10s" }
