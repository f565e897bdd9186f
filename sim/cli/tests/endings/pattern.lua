-- sim/cli/tests/endings/pattern.lua: a pattern that backtracks for ages
-- inside string.find, a C function the count hook never interrupts.
print(string.find(string.rep("a", 60), string.rep(".-", 40) .. "b"))
