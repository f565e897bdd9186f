-- expect: signal-number.lua:4: bad argument #1 to 'signal' (bad signal number 99 (1..31, e.g. SIGCHLD))
local h = host { name = "monet" }
h:spawn("p", function()
  signal(99, function() end)
end)
