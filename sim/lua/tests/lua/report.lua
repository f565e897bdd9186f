-- sim/lua/tests/lua/report.lua: param(), seed() and report{} (run by
-- test_lua.sh with --seed 7 --param loss=0.25 --param rate=10Mbps
-- --param n=3). report.csv itself is checked by test_sweep.sh.
assert(seed() == 7 and math.type(seed()) == "integer")
assert(param("loss", 0.5) == 0.25)                 -- a number, not "0.25"
assert(math.type(param("n")) == "integer" and param("n") == 3)
assert(param("rate", "1Mbps") == "10Mbps")         -- not a number: a string
assert(param("absent", "dflt") == "dflt")
assert(param("absent2", 42) == 42)
local ok, err = pcall(param, "nodefault")
assert(not ok and err:find("param: 'nodefault' was not given %(%-%-param " ..
                           "nodefault=VALUE%) and has no default"), err)
ok, err = pcall(param, "bad name", 1)
assert(not ok and err:find("'bad name' is not a parameter name"), err)
ok, err = pcall(param, "x", {})
assert(not ok and err:find("default of 'x' must be a number or a string, " ..
                           "not a table"), err)
report { b = 2, a = 1 }
report { a = 5, c = 0.5 }                          -- a is replaced
ok, err = pcall(report, { goodput = "812" })
assert(not ok and err:find("report: goodput = 812 is not a finite number " ..
                           "%(a string%)"), err)
ok, err = pcall(report, { [1] = 2 })
assert(not ok and err:find("report: key 1 is not a name"), err)
ok, err = pcall(report, { x = 0 / 0 })
assert(not ok and err:find("report: x = .*nan is not a finite number"), err)
ok, err = pcall(report, 5)
assert(not ok and err:find("table expected"), err)
print("report ok")
