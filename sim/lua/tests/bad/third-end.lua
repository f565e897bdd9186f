-- expect: third-end.lua:5: host 'c': iface 1: link 'wan0' already has both ends attached
local wan = link { name = "wan0", rate = "1Mbps" }
host { name = "a", iface = { wan } }
host { name = "b", iface = { wan } }
host { name = "c", iface = { wan } }
