-- expect: runaway.lua:4: runaway scenario: more than 1000000 Lua instructions without blocking
local h = host { name = "monet" }
h:spawn("spin", function()
  while true do end
end)
run { stop = "1s" }
