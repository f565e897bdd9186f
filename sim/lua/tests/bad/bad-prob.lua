-- expect: bad-prob.lua:2: link 'wan0': loss must be a probability between 0 and 1, not '1.5'
local wan = link { name = "wan0", rate = "1Mbps", loss = 1.5 }
