-- expect: tiny-rate.lua:3: ethernet 'lan0': rate must be at least 1bps (got 1e-300 bps)
-- A rate so small that a frame's time would overflow the clock.
local lan = ethernet { name = "lan0", rate = 1e-300 }
host { name = "a", iface = { lan, "10.0.0.1/8" } }
run { stop = "1s" }
