-- expect: kill-arg.lua:4: bad argument #1 to 'kill' (number expected, got string)
local h = host { name = "monet" }
h:spawn("p", function()
  kill("me", SIGTERM)
end)
