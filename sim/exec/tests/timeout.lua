-- sim/exec/tests/timeout.lua: a real C client connects to a host that
-- is powered off: no ARP reply ever comes, and connect() fails with
-- ETIMEDOUT when 4.4BSD's connection-establishment timer (75 s) fires.
local bin = param("bin")
local lan = ethernet { name = "lan0", rate = "10Mbps", length = "200m" }
local monet = host { name = "monet", iface = { lan, "128.32.1.1/16" } }
local degas = host { name = "degas", iface = { lan, "128.32.1.2/16" } }
degas:down()
monet:exec(bin .. "/echo_client", { "echo_client", "degas", "513", "x" })
run { stop = "100s" }
