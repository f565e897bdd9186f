-- scenarios/ether-frames.lua: frames between stations on one Ethernet.
--
-- Three stations on a 10 Mb/s, 500 m cable: monet at 0 m, renoir at 250 m,
-- degas at 500 m. monet sends degas a minimum-size frame (46 bytes of data,
-- 64 on the wire), then a broadcast. Only degas gets the first; renoir and
-- degas both get the second. The times can be checked by hand:
--   transmission: (8 preamble + 64 frame) bytes * 8 bits / 10 Mb/s = 57.6 us
--   propagation:  500 m / 2e8 m/s = 2.5 us (250 m: 1.25 us)
-- Then degas and renoir send at the same instant and collide: both hear the
-- other 1.25 us later, jam, back off, and try again until both get through.

local lan    = ethernet { name = "lan0", rate = "10Mbps", length = "500m" }
local monet  = host { name = "monet",  iface = { lan, at = "0m" } }
local renoir = host { name = "renoir", iface = { lan, at = "250m" } }
local degas  = host { name = "degas",  iface = { lan, at = "500m" } }

local arrivals = {}          -- "host seq" -> arrival time in ns

local function ns() return math.floor(now() * 1e9 + 0.5) end

local function listen(h)
  h:spawn("listen", function()
    local ifc = h:iface(1)
    while true do
      local f = ifc:recv()
      print(string.format("frame %d from %s to %s: %d data bytes, at %.2f us",
                          f.seq, f.src, f.dst, f.size, ns() / 1000))
      arrivals[h:name() .. " " .. f.seq] = ns()
    end
  end)
end
listen(monet); listen(renoir); listen(degas)

monet:spawn("send", function()
  local e = monet:iface(1)
  assert(e:send { to = degas, size = 46, seq = 1 })
  sleep("1ms")
  assert(e:send { to = "broadcast", size = 46, seq = 2 })
end)

-- At 2 ms renoir and degas both send to monet: a collision.
at("2ms", function()
  assert(renoir:iface(1):send { to = monet, size = 46, seq = 3 })
  assert(degas:iface(1):send { to = monet, size = 46, seq = 4 })
end)

run { stop = "10ms" }

local st = lan:stats()
print(string.format("lan0: %d frames sent, %d delivered, %d collisions, %d deferrals",
                    st.tx_frames, st.rx_frames, st.collisions, st.deferrals))

-- The outcome, exactly as the model defines it.
assert(arrivals["degas 1"] == 57600 + 2500, "unicast arrival time")
assert(arrivals["renoir 1"] == nil, "unicast must not reach renoir")
assert(arrivals["renoir 2"] == 1000000 + 57600 + 1250, "broadcast at renoir")
assert(arrivals["degas 2"] == 1000000 + 57600 + 2500, "broadcast at degas")
assert(arrivals["monet 3"] and arrivals["monet 4"], "both collided frames get through")
assert(st.collisions >= 2, "renoir and degas collide")
assert(st.tx_frames == 4 and st.rx_frames == 5, "4 frames sent, 5 received")
