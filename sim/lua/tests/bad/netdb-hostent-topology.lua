-- expect: netdb-hostent-topology.lua:3: hostent: name 'monet' is already used by a host
host { name = "monet" }
hostent { name = "monet", addrs = { "128.32.1.1" } }
