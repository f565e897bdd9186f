-- expect: unknown-field.lua:3: link: unknown field 'rat' (did you mean 'rate'?)
local x = 1
local wan = link { name = "wan0", rat = "1Mbps" }
