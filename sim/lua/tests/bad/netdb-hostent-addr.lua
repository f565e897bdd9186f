-- expect: netdb-hostent-addr.lua:2: hostent 'ucbvax': addrs[2]: bad address '192.5.5': expected four decimal numbers 0..255 separated by dots
hostent { name = "ucbvax", addrs = { "192.5.5.1", "192.5.5" } }
