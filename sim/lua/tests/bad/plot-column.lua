-- expect: plot: y: 'qq' is not a column of series 'b' (t, q)
local s = series{ name = "b", columns = { "t", "q" } }
plot{ name = "b", x = "t", y = { "qq" } }
