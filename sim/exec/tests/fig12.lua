-- sim/exec/tests/fig12.lua: scenarios/rlogin.lua (primer Figures 1 and 2,
-- with the SIGCHLD reaper) with the C programs rlogind.c and rlogin.c:
-- the same topology, the same calls, the clients started at 1, 2, 3 s
-- as the Lua ones wake. test_exec.sh checks that its pcap is
-- byte-identical to rlogin.lua's.
local bin = param("bin")
local lan = ethernet { name = "lan0" }
local degas = host { name = "degas", iface = { lan, "128.32.1.2" } }
local clients = {}
for i, name in ipairs { "monet", "manet", "matisse" } do
  clients[i] = host { name = name, iface = { lan, "128.32.1." .. (10 + i) } }
end
degas:exec(bin .. "/rlogind", { "rlogind" })
for i, h in ipairs(clients) do
  at(i, function() h:exec(bin .. "/rlogin", { "rlogin", "degas" }) end)
end
run { stop = "30s" }
local procs = degas:ps()
for _, p in ipairs(procs) do
  assert(p.state ~= "zombie", "no zombie left: " .. p.name)
end
assert(#procs == 1, "only rlogind is left: the reaper reaped every session")
print("rlogind's sessions all reaped; no zombies")
