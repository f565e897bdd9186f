-- sim/cli/tests/endings/error.lua: a process fails at 1 s of a 100 s run.
local lan = ethernet { name = "lan0" }
local a = host { name = "a", iface = { lan, "10.0.0.1/8" } }
a:spawn("p", function() sleep(1) error("boom") end)
a:spawn("q", function() while true do sleep(0.5) end end)
run { stop = "100s" }
