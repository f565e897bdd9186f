-- expect: sock-bad-family.lua:5: bad argument #2 to 'bind' (family must be AF_INET, AF_UNIX or AF_UNSPEC, not 99)
local h = host { name = "monet" }
h:spawn("p", function()
  local s = socket(AF_UNIX, SOCK_DGRAM, 0)
  bind(s, { family = 99, path = "/x" })
end)
run { stop = "1s" }
