-- expect: wait3-options.lua:4: bad argument #1 to 'wait3' (bad options 8 (WNOHANG, WUNTRACED))
local h = host { name = "monet" }
h:spawn("p", function()
  wait3(8)
end)
