-- expect: signal-handler.lua:4: bad argument #2 to 'signal' (function, SIG_DFL or SIG_IGN expected, got number)
local h = host { name = "monet" }
h:spawn("p", function()
  signal(SIGINT, 1)
end)
