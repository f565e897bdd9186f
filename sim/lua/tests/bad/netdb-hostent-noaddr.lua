-- expect: netdb-hostent-noaddr.lua:2: hostent 'ucbvax': addrs must list at least one address
hostent { name = "ucbvax", aliases = { "vax" } }
