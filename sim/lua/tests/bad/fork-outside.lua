-- expect: fork-outside.lua:2: fork: only a process can call this
fork(function() end)
