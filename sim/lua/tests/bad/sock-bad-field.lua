-- expect: sock-bad-field.lua:5: connect: unknown field 'pth' (did you mean 'path'?)
local h = host { name = "monet" }
h:spawn("p", function()
  local s = socket(AF_UNIX, SOCK_STREAM, 0)
  connect(s, { family = AF_UNIX, pth = "/x" })
end)
run { stop = "1s" }
