-- expect: netdb-host-alias.lua:2: host 'monet': aliases[2]: bad name 'ucb monet'
host { name = "monet", aliases = { "ucbmonet", "ucb monet" } }
