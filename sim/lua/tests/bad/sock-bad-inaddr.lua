-- expect: sock-bad-inaddr.lua:5: bad argument #4 to 'sendto' (bad address '128.32.1.300'
local h = host { name = "monet" }
h:spawn("p", function()
  local s = socket(AF_UNIX, SOCK_DGRAM, 0)
  sendto(s, "x", 0, { family = AF_INET, addr = "128.32.1.300", port = 513 })
end)
run { stop = "1s" }
