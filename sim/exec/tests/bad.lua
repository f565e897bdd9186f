-- sim/exec/tests/bad.lua: a real program that misbehaves (bad_calls.c,
-- --param what=uncovered|crash|hang|threads|exit3), beside a Lua process
-- that prints at 1 s, which shows whether the run went on.
local bin = param("bin")
local what = param("what")
local lan = ethernet { name = "lan0", rate = "10Mbps", length = "200m" }
local monet = host { name = "monet", iface = { lan, "128.32.1.1/16" } }
monet:exec(param("path", bin .. "/bad_calls"), { "bad_calls", what },
           { limit = "0.5s" })
monet:spawn("witness", function()
  sleep(1)
  print("the run went on")
end)
run { stop = "2s" }
