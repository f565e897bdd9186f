-- expect: at-past.lua:3: at: time 1.0 s is in the past (now is 2.0 s)
run { stop = "2s" }
at(1, function() end)
