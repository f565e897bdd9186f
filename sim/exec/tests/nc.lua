-- sim/exec/tests/nc.lua: Debian's netcat-openbsd, unmodified (--param
-- nc=PATH), on monet: it asks degas for a port nobody listens on
-- (Connection refused), then renoir, which is powered off (timed out),
-- then sends a line from its standard input to the C echo server on
-- degas (--param bin=DIR) and prints the echo (-N: shut down on end of
-- input, so the server closes and nc ends).
local lan = ethernet { name = "lan0", rate = "10Mbps", length = "200m" }
local monet = host { name = "monet", iface = { lan, "128.32.1.1/16" } }
local degas = host { name = "degas", iface = { lan, "128.32.1.2/16" } }
local renoir = host { name = "renoir", iface = { lan, "128.32.1.3/16" } }
renoir:down()
local nc = param("nc")
monet:exec(nc, { "nc", "-v", "degas", "513" })
at(1, function()
  monet:exec(nc, { "nc", "-v", "renoir", "513" })
end)
at(80, function()
  degas:exec(param("bin") .. "/echo_server", { "echo_server", "7000", "1" })
end)
at(81, function()
  monet:exec(nc, { "nc", "-N", "degas", "7000" }, { input = "hello from nc\n" })
end)
run { stop = "100s" }
