-- expect: sock-timeo-neg-time.lua:5: bad argument #4 to 'setsockopt' (bad time -2: want a finite number of seconds, not negative)
local h = host { name = "monet" }
h:spawn("p", function()
  local s = socket(AF_INET, SOCK_DGRAM, 0)
  setsockopt(s, SOL_SOCKET, SO_SNDTIMEO, -2)
end)
