-- expect: bad-unit.lua:2: link 'wan0': rate: bad rate '10 parsecs'
local wan = link { name = "wan0", rate = "10 parsecs" }
