-- sim/lua/tests/lua/clock.lua: the simulated wall clock: time() and
-- gettimeofday() read the epoch plus the simulated time, the same on every
-- host; the first run{} may set the epoch (before it, the clock reads the
-- default, 1994-01-30 00:00 UTC); a later run{} may not change it; a bad
-- epoch is an error naming the value.

assert(time() == 759888000, "the default epoch: the primer draft's date")
local tv = gettimeofday()
assert(tv.tv_sec == 759888000 and tv.tv_usec == 0)

local E = 1000000000                 -- 2001-09-09 01:46:40 UTC
local lan = ethernet { name = "lan0" }
local a = host { name = "monet", iface = { lan, "128.32.1.1/16" } }
local b = host { name = "degas", iface = { lan, "128.32.1.2/16" } }
local seen = {}
a:spawn("t", function()
  seen.a0 = time()
  sleep("1.234567891s")
  local t = gettimeofday()
  seen.a1 = { t.tv_sec, t.tv_usec, time() }
end)
b:spawn("t", function()
  sleep(2.5)
  seen.b = time()
end)
at(0.75, function() seen.at = gettimeofday().tv_usec end)

for _, bad in ipairs { -1, 2^31, 1.5, "1994" } do
  local ok, msg = pcall(run, { epoch = bad, stop = 0 })
  assert(not ok and msg:find("epoch must be whole seconds"), msg)
end
run { epoch = E, stop = 1 }
assert(seen.a0 == E, "a process at time 0 reads the epoch")
assert(seen.at == 750000, "an at() callback reads it too")
local ok, msg = pcall(run, { epoch = E + 1, stop = 2 })
assert(not ok and msg:find("only the first run"), msg)
run { epoch = E, stop = 3 }             -- the same epoch again is fine
assert(seen.a1[1] == E + 1 and seen.a1[2] == 234567 and seen.a1[3] == E + 1,
       "microseconds, truncated")
assert(seen.b == E + 2, "every host reads the same clock")
assert(time() == E + 3)
print("clock ok")
