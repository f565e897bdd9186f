-- expect: iface-queue.lua:3: host 'a': iface 1: queue must be a whole number from 0 to 100000, not '-1'
local lan = ethernet { name = "lan" }
host { name = "a", iface = { lan, "128.32.1.1", queue = -1 } }
