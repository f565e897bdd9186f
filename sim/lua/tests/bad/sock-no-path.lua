-- expect: sock-no-path.lua:5: bad argument #2 to 'bind' (an AF_UNIX address needs path = "/a/name", not nil)
local h = host { name = "monet" }
h:spawn("p", function()
  local s = socket(AF_UNIX, SOCK_STREAM, 0)
  bind(s, { family = AF_UNIX })
end)
run { stop = "1s" }
