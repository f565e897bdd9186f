-- expect: time-too-large.lua:3: bad argument #1 to 'at' (bad time 10000000000.0: too large (at most 9223372036.854775807 seconds))
-- A finite time past the clock's end: too large, not "negative".
at(1e10, function() end)
