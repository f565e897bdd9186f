-- sim/cli/tests/endings/long.lua: a UDP stream that would run 100,000
-- simulated seconds; test_endings.sh interrupts it.
local lan = ethernet { name = "lan0" }
local a = host { name = "a", iface = { lan, "10.0.0.1/8" } }
local b = host { name = "b", iface = { lan, "10.0.0.2/8" } }
b:spawn("sink", function()
  local s = socket(AF_INET, SOCK_DGRAM, 0)
  bind(s, { family = AF_INET, addr = INADDR_ANY, port = 9 })
  while true do recvfrom(s, 2000) end
end)
a:spawn("src", function()
  local s = socket(AF_INET, SOCK_DGRAM, 0)
  local to = { family = AF_INET, addr = "10.0.0.2", port = 9 }
  while true do
    sendto(s, string.rep("x", 1000), 0, to)
    sleep("1ms")
  end
end)
run { stop = "100000s" }
