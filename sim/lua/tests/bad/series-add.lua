-- expect: series 'b': add: 1 values for 2 columns (t, q)
local s = series{ name = "b", columns = { "t", "q" } }
s:add(1)
