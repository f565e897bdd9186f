-- sim/exec/tests/echo.lua: a real C echo server and two real C clients
-- (echo_server.c, echo_client.c, built by meson; --param bin=DIR) on
-- simulated hosts. The first client echoes two lines; the second asks
-- for a port nobody listens on and gets ECONNREFUSED. Both SYNs wait
-- for the same ARP reply, and 4.4BSD's ARP holds one datagram per
-- address, so the first SYN is dropped and resent after the initial
-- retransmit timeout: the echo comes 5.7 s later.
local bin = param("bin")
local lan = ethernet { name = "lan0", rate = "10Mbps", length = "200m" }
local monet = host { name = "monet", iface = { lan, "128.32.1.1/16" } }
local degas = host { name = "degas", iface = { lan, "128.32.1.2/16" } }
degas:exec(bin .. "/echo_server", { "echo_server", "7000", "1" })
at(0.001, function()
  monet:exec(bin .. "/echo_client", { "echo_client", "degas", "7000",
                                      "hello", "world" })
  monet:exec(bin .. "/echo_client", { "echo_client", "degas", "7001", "x" })
end)
run { stop = "10s" }
