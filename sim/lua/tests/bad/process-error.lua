-- expect: process-error.lua:5: boom
local h = host { name = "monet" }
h:spawn("p", function()
  sleep("1s")
  error("boom")
end)
run { stop = "5s" }
