-- sim/exec/tests/more_calls.lua: more_calls.c on monet, which has an
-- Ethernet interface (en0) and a point-to-point one (en1) to degas.
local bin = param("bin")
local lan = ethernet { name = "lan0", rate = "10Mbps", length = "200m" }
local slip = link { name = "slip", rate = "19.2kbps", delay = "5ms" }
local monet = host { name = "monet", iface = { { lan, "128.32.1.1/16" },
                                              { slip, "10.1.0.1/16" } } }
host { name = "degas", iface = { slip, "10.1.0.2/16" } }
monet:exec(bin .. "/more_calls", { "more_calls", bin .. "/std_echo" })
run { stop = "10s" }
