-- scenarios/exec.lua: one real program on a small default network, from
-- the command line (docs/programs.md):
--   ipcsim run scenarios/exec.lua -- PROGRAM [ARGS...]
-- PROGRAM runs on monet (128.32.1.1). On the same 10 Mb/s Ethernet,
-- degas (128.32.1.2) is up with nothing listening, so a connection is
-- refused, and renoir (128.32.1.3) is powered off, so one times out.
-- The run stops when nothing is left to do, or at --stop (default 200 s).
-- --explain tells why the program's calls failed.
local lan = ethernet { name = "lan0", rate = "10Mbps", length = "200m" }
local monet = host { name = "monet", iface = { lan, "128.32.1.1/16" } }
host { name = "degas", iface = { lan, "128.32.1.2/16" } }
local renoir = host { name = "renoir", iface = { lan, "128.32.1.3/16" } }
renoir:down()
assert(arg[1], "usage: ipcsim run scenarios/exec.lua -- PROGRAM [ARGS...]")
local argv = {}
for i = 1, #arg do argv[i] = arg[i] end
monet:exec(arg[1], argv)
run { stop = "200s" }
