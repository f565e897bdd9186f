-- expect: in process monet:p at 1.000000 s
local h = host { name = "monet" }
h:spawn("p", function()
  sleep("1s")
  local t = nil
  return t.field
end)
run { stop = "5s" }
