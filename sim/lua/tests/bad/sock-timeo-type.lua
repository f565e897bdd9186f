-- expect: sock-timeo-type.lua:5: bad argument #4 to 'setsockopt' (a time must be a number or a string with a unit, not a boolean)
local h = host { name = "monet" }
h:spawn("p", function()
  local s = socket(AF_INET, SOCK_DGRAM, 0)
  setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, true)
end)
