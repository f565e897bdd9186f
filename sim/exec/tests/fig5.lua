-- sim/exec/tests/fig5.lua: scenarios/oob.lua (primer Figure 5) with the
-- C programs fig5_server.c and fig5_client.c instead of the Lua
-- processes: the same topology, the same calls. test_exec.sh checks
-- that its pcap is byte-identical to oob.lua's.
local bin = param("bin")
local lan = ethernet { name = "lan0" }
local monet = host { name = "monet", iface = { lan, "128.32.1.1" } }
local degas = host { name = "degas", iface = { lan, "128.32.1.2" } }
degas:exec(bin .. "/fig5_server", { "rlogind" })
monet:exec(bin .. "/fig5_client", { "rlogin" })
run { stop = "20s" }
