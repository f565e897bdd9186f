-- scenarios/tests/api-names.lua: prints what a sandboxed scenario sees,
-- one name a line, sorted: every global ("NAME type"), then the methods
-- of each handle class ("Class:method"). scenarios/tests/api-drift runs
-- it and compares the list with the LuaLS annotations (scenarios/types/)
-- and with luacheck's globals (.luacheckrc). Not a scenario to learn from.
local names = {}
for k, v in next, _ENV do
  names[#names + 1] = k .. " " .. type(v)
end

-- One handle of each class the runtime makes, for its methods.
local lan = ethernet { name = "lan" }
local wan = link { name = "wan", rate = "1Mbps" }
local h = host { name = "h", iface = { { lan, "10.0.0.1/24" }, { wan, "10.1.0.1/24" } } }
local g = gateway { name = "g", iface = { wan, "10.1.0.2/24" } }
local handles = {
  Ethernet = lan, Link = wan, Host = h, Iface = h:iface(1), Rng = rng("x"),
  Series = series { name = "api_names", columns = { "t" } },
  Terminal = h:terminal {}, Buffer = buffer(1),
}
assert(getmetatable(g) == getmetatable(h))
h:spawn("dir", function()
  handles.Dir = opendir("/")
end)
run { stop = 0 }
for class, obj in next, handles do
  for m in next, getmetatable(obj).__index do
    names[#names + 1] = class .. ":" .. m
  end
end
table.sort(names)
for _, n in ipairs(names) do
  print(n)
end
