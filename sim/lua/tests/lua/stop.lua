-- sim/lua/tests/lua/stop.lua: run with --stop 3s; --stop replaces run{stop=}.
local h = host { name = "h" }
h:spawn("tick", function() while true do sleep(1) end end)
run { stop = "10s" }
assert(now() == 3, "--stop 3s ends the run at 3 s, not 10 s")
print("stop ok")
