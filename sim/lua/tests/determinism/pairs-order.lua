-- sim/lua/tests/determinism/pairs-order.lua: starts a process per host in
-- pairs() order over a table keyed by host names, each sending a datagram
-- at once on a shared Ethernet: the order of the frames, and so
-- packets.csv, follows the traversal. Lua's own pairs() order changes
-- from run to run (its string hash is seeded by time and addresses);
-- ipcsim's must not (test_determinism.sh runs this several times).
local lan = ethernet { name = "lan0" }
local names = { "monet", "degas", "renoir", "manet", "pissarro", "sisley",
                "morisot", "cassatt", "cezanne", "gauguin", "seurat",
                "signac" }
local hosts = {}
for i, n in ipairs(names) do
  hosts[n] = host { name = n, iface = { lan, "128.32.1." .. i .. "/16" } }
end
local sink = host { name = "sink", iface = { lan, "128.32.2.1/16" } }
sink:spawn("sink", function()
  local s = socket(AF_INET, SOCK_DGRAM, 0)
  bind(s, { family = AF_INET, addr = INADDR_ANY, port = 9 })
  for _ = 1, #names do
    local data = recvfrom(s, 100)
    print("got " .. data)
  end
end)
local order = {}
for n, h in pairs(hosts) do
  order[#order + 1] = n
  h:spawn("send", function()
    local s = socket(AF_INET, SOCK_DGRAM, 0)
    sendto(s, n, 0, { family = AF_INET, addr = "128.32.2.1", port = 9 })
  end)
end
print("order: " .. table.concat(order, " "))
local _, err = pcall(ethernet, { name = "x", zz = 1, aa = 2, mm = 3 })
print(err)
run { stop = "1s" }
