-- sim/cli/tests/sweep/grid.lua: a scenario for test_sweep.sh whose reported
-- values are known by hand: y = 100 a + seed^2, z = 1 for b = "x" and 2
-- otherwise, w = 7 (in a second report call). With fail = 1, the run with
-- seed 2 fails.
local a = param("a", 1)
local b = param("b", "x")
if param("fail", 0) == 1 and seed() == 2 then error("planted failure") end
report { z = b == "x" and 1 or 2, y = a * 100 + seed() * seed() }
report { w = 7 }
run { stop = "1ms" }
