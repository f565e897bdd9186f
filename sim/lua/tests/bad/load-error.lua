-- expect: (in code made by load(), called at load-error.lua:6)
-- An error in code made by load() names the string it came from, and the
-- runtime adds the scenario line that called into it.
local f = load("local t = nil\nreturn t.field")
local x = 1
f(x)
