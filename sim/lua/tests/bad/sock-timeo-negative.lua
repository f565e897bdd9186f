-- expect: sock-timeo-negative.lua:5: bad argument #4 to 'setsockopt' (tv_sec must be an integer 0..2147483647, not -1)
local h = host { name = "monet" }
h:spawn("p", function()
  local s = socket(AF_INET, SOCK_DGRAM, 0)
  setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, { tv_sec = -1 })
end)
