-- expect: sock-addr-not-table.lua:5: bad argument #2 to 'connect' (table expected, got string)
local h = host { name = "monet" }
h:spawn("p", function()
  local s = socket(AF_UNIX, SOCK_STREAM, 0)
  connect(s, "/tmp/socket")
end)
run { stop = "1s" }
