-- sim/cli/tests/endings/gc-loop.lua: a finalizer that never returns. The
-- count hook does not run inside finalizers, so only the watchdog
-- (--max-stall) can stop it.
setmetatable({}, { __gc = function() while true do end end })
collectgarbage()
print("never")
