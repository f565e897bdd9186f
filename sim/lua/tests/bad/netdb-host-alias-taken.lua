-- expect: netdb-host-alias-taken.lua:3: host 'degas': 'M' is already a name of host 'monet'
host { name = "monet", aliases = { "m" } }
host { name = "degas", aliases = { "M" } }
