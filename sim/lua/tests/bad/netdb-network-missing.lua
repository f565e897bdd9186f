-- expect: netdb-network-missing.lua:2: network 'ucb-ether': missing field 'net'
network { name = "ucb-ether", aliases = { "localnet" } }
