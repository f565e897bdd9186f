-- expect: netdb-network-net.lua:2: network 'ucb-ether': net: bad network number '128.320'
network { name = "ucb-ether", net = "128.320" }
