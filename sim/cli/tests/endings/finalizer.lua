-- sim/cli/tests/endings/finalizer.lua: a finalizer that calls run{} when
-- ipcsim closes must not carry the simulation on past its results.
local lan = ethernet { name = "lan0" }
local a = host { name = "a", iface = { lan, "10.0.0.1/8" } }
a:spawn("late", function() sleep(5) print("late") end)
keep = setmetatable({}, { __gc = function() run { stop = "20s" } end })  -- luacheck: ignore 111 (a global, alive until ipcsim closes)
run { stop = "1s" }
print("done")
