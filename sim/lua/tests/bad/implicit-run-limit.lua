-- expect: implicit-run-limit.lua: at its end (the run{} it did not call): run: stopped at the event limit, 1000 events
-- Run with --max-events 1000. No run{} call: the runtime runs the
-- simulation at the end of the file, and an error there names the file.
local h = host { name = "monet" }
h:spawn("tick", function() while true do sleep("1ms") end end)
