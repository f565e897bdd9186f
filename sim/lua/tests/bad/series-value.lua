-- expect: series 'b': add: q = x is not a finite number
local s = series{ name = "b", columns = { "t", "q" } }
s:add(1, "x")
