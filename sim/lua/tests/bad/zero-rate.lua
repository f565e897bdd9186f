-- expect: zero-rate.lua:2: link 'wan0': rate must be more than 0
local wan = link { name = "wan0", rate = 0 }
