-- sim/exec/tests/nc.lua: Debian's netcat-openbsd, unmodified (--param
-- nc=PATH), asks a simulated host for a port nobody listens on
-- (Connection refused), then one that is powered off (timed out).
local lan = ethernet { name = "lan0", rate = "10Mbps", length = "200m" }
local monet = host { name = "monet", iface = { lan, "128.32.1.1/16" } }
host { name = "degas", iface = { lan, "128.32.1.2/16" } }
local renoir = host { name = "renoir", iface = { lan, "128.32.1.3/16" } }
renoir:down()
local nc = param("nc")
monet:exec(nc, { "nc", "-v", "degas", "513" })
at(1, function()
  monet:exec(nc, { "nc", "-v", "renoir", "513" })
end)
run { stop = "100s" }
