-- expect: bad-time.lua:2: link 'wan0': delay: bad time '5 fortnights'
local wan = link { name = "wan0", rate = "1Mbps", delay = "5 fortnights" }
