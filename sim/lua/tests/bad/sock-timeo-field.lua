-- expect: sock-timeo-field.lua:5: setsockopt: unknown field 'sec' (fields: tv_sec, tv_usec)
local h = host { name = "monet" }
h:spawn("p", function()
  local s = socket(AF_INET, SOCK_DGRAM, 0)
  setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, { sec = 1 })
end)
