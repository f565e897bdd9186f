-- expect: netdb-host-aliases-type.lua:2: host 'monet': aliases must be a list, not a string
host { name = "monet", aliases = "ucbmonet" }
