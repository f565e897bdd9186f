-- expect: multicast-address.lua:3: host 'h': iface 1: bad address '224.0.0.1': a class D (multicast) address has no default netmask
local lan = ethernet { name = "lan0" }
host { name = "h", iface = { lan, "224.0.0.1" } }
