-- expect: sock-bad-type.lua:4: bad argument #1 to 'socket' (number expected, got string)
local h = host { name = "monet" }
h:spawn("p", function()
  socket("AF_UNIX", SOCK_STREAM, 0)
end)
run { stop = "1s" }
