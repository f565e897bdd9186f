-- expect: fs-bad-path.lua:4: bad argument #1 to 'open' (string expected, got table)
local h = host { name = "monet" }
h:spawn("p", function()
  open({}, O_RDONLY)
end)
run { stop = "1s" }
