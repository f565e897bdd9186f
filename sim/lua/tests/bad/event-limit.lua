-- expect: event-limit.lua:5: run: stopped at the event limit, 1000 events
local h = host { name = "monet" }
h:spawn("tick", function() while true do sleep("1ms") end end)
local x = 0
run { stop = "100s" }
