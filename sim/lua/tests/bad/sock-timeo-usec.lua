-- expect: sock-timeo-usec.lua:5: bad argument #4 to 'setsockopt' (tv_usec must be an integer 0..999999, not 1000000)
local h = host { name = "monet" }
h:spawn("p", function()
  local s = socket(AF_INET, SOCK_DGRAM, 0)
  setsockopt(s, SOL_SOCKET, SO_SNDTIMEO, { tv_usec = 1000000 })
end)
