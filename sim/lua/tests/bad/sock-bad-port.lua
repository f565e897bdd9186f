-- expect: sock-bad-port.lua:5: bad argument #2 to 'bind' (port must be an integer 0..65535, not 70000)
local h = host { name = "monet" }
h:spawn("p", function()
  local s = socket(AF_UNIX, SOCK_DGRAM, 0)
  bind(s, { family = AF_INET, port = 70000 })
end)
run { stop = "1s" }
