-- expect: spawn-pgrp.lua:3: spawn: pgrp
local h = host { name = "monet" }
h:spawn("p", function() end, { pgrp = 0 })
