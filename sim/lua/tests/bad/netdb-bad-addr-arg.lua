-- expect: netdb-bad-addr-arg.lua:4: bad argument #1 to 'gethostbyaddr' (bad address '128.32.1': expected four decimal numbers 0..255 separated by dots)
local h = host { name = "monet" }
h:spawn("p", function()
  local hp = gethostbyaddr("128.32.1")
end)
