-- scenarios/ether-load.lua: classic Ethernet under rising offered load.
--
-- Eight independent 10 Mb/s, 500 m segments, each with the same ten
-- stations, each offered a different load: every station sends frames of
-- 1000 data bytes to a random other station, with exponential gaps, so the
-- total offered load is the given fraction of 10 Mb/s. For each load the
-- table shows what the cable carried, the collisions per frame sent, and the
-- frames dropped (station queue full or 16 collisions).
--
-- What to see: below saturation the cable carries what is offered and
-- collisions are rare; as the load passes the capacity, collisions per frame
-- climb, queues overflow, and the carried load levels off below 10 Mb/s.
--
-- Arguments (after --): the run time in seconds (default 2).

local T = tonumber(arg[1] or "2")
local STATIONS, DATA = 10, 1000
local FRAME_BITS = (DATA + 14 + 4 + 8) * 8   -- header, FCS, preamble
-- Offered and carried are both in these bits on the wire; the gaps between
-- frames (9.6 us each) keep even a perfect cable a little under 10 Mb/s.
local loads = { 0.1, 0.3, 0.5, 0.7, 0.9, 1.2, 2.0, 4.0 }

local lans = {}
for i, load in ipairs(loads) do
  local lan = ethernet { name = string.format("lan%d", i), rate = "10Mbps",
                         length = "500m" }
  lans[i] = lan
  local hosts = {}
  for s = 1, STATIONS do
    hosts[s] = host { name = string.format("l%ds%d", i, s), iface = { lan } }
  end
  -- Mean gap per station so that all of them together offer `load`.
  local gap = FRAME_BITS / (load * 10e6) * STATIONS
  for s = 1, STATIONS do
    local h = hosts[s]
    local r = rng(string.format("load/%d/%d", i, s))
    h:spawn("gen", function()
      local e = h:iface(1)
      local seq = 0
      while true do
        sleep(r:exp(gap))
        if now() >= T then break end
        local to = r:int(STATIONS - 1)
        if to >= s then to = to + 1 end
        seq = seq + 1
        e:send { to = hosts[to], size = DATA, seq = seq }  -- ENOBUFS counts as a drop
      end
    end)
  end
end

run { stop = T }         -- measure over [0, T]; frames still queued don't count

print(string.format("%-6s %9s %9s %11s %9s %9s", "load", "offered", "carried",
                    "coll/frame", "dropped", "deferred"))
local carried, cpf = {}, {}
for i, load in ipairs(loads) do
  local st = lans[i]:stats()
  local sent = st.tx_frames
  local drops = st.drops_queue + st.drops_collisions
  carried[i] = sent * FRAME_BITS / T / 1e6
  cpf[i] = st.collisions / math.max(sent, 1)
  print(string.format("%-6.1f %6.2f Mb %6.2f Mb %11.3f %9d %9d", load,
                      load * 10, carried[i], cpf[i], drops, st.deferrals))
end

-- The outcome: light loads are carried whole, heavy ones level off below
-- capacity, and collisions per frame grow with the load.
for i = 1, 3 do
  assert(math.abs(carried[i] - loads[i] * 10) < 0.08 * loads[i] * 10,
         "light load is carried as offered")
end
assert(carried[#loads] < 10 and carried[#loads] > 8, "saturated cable carries 8-10 Mb/s")
assert(cpf[#loads] > 5 * cpf[1], "collisions per frame grow with the load")
assert(lans[#loads]:stats().drops_queue > 0, "overload fills the station queues")
