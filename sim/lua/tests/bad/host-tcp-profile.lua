-- expect: host-tcp-profile.lua:3: host: tcp must be "4.2bsd", "tahoe", "4.4bsd" or "newreno", not 'reno'
local lan = ethernet { name = "lan" }
host { name = "a", iface = { lan, "128.32.1.1" }, tcp = "reno" }
