-- expect: spawn-opts.lua:3: spawn: unknown field 'uidd' (did you mean 'uid'?)
local h = host { name = "monet" }
h:spawn("p", function() end, { uidd = 100 })
