-- scripts/bench/setup.lua: the set-up benchmark's scenario, run by
-- scripts/bench/setup (which times it; nothing here reads the wall clock).
--
-- N hosts over S = N/100 Ethernets "lan1".."lanS" of 100 stations each:
-- 99 hosts and a gateway, which also sits on the backbone Ethernet "core".
-- Segment s is 10.(s//256).(s%256).0/24 (hosts .1-.99, the gateway .254);
-- gateway s is 172.16.(s//256).(s%256)/16 on the core. Then a short run{}
-- (automatic routes are computed there). With --send, the first host of
-- each segment sends one UDP datagram to the first host of the next.
-- With --transfers (the scale workload of scripts/bench/vs-ns3), odd host
-- h of each segment sends 100 KB over TCP to host h + 1 of the same
-- segment (49 transfers per segment, about N/2 in all) and the run lasts
-- --time SECONDS (default 30).
-- Arguments (after --): N (default 1000, a multiple of 100), --send,
-- --transfers, --time SECONDS, --read buffer|string (default buffer): the
-- sinks read into one buffer(64 KB) they all share (they only count the
-- bytes: one copy per byte, nothing allocated), or as a new string per
-- read(fd, 65536); the simulation is the same either way.
-- Prints `hosts N`, `segments S` and `routes R` (the routes of host 1);
-- with --transfers also `goodput_mbps` and `transfers_done`.
local n, send, transfers, time, form = 1000, false, false, 1, "buffer"
local i = 1
while arg[i] do
  if arg[i] == "--send" then send = true
  elseif arg[i] == "--read" then
    i = i + 1
    form = arg[i]
    assert(form == "buffer" or form == "string", "--read: buffer or string")
  elseif arg[i] == "--transfers" then transfers, time = true, 30
  elseif arg[i] == "--time" then
    i = i + 1
    time = assert(tonumber(arg[i]), "--time: a number of seconds")
  else n = assert(tonumber(arg[i]), "N: a number of hosts") end
  i = i + 1
end
assert(n >= 200 and n % 100 == 0, "N: a multiple of 100, at least 200")
local S = n // 100

local core = ethernet { name = "core", length = "2000m" }
local first = {}
local SIZE, received, done = 100 * 1024, 0, 0
local DATA = string.rep("x", SIZE)
local SINKBUF = form == "buffer" and buffer(65536) or nil

-- The bytes read from g until its end (--read). Two loops, not one with
-- a test per read: every Lua instruction costs the run (the count hook),
-- and the string loop stays the one measured before --read existed.
local function drain(g)
  local got = 0
  if SINKBUF then
    while true do
      local count = read(g, SINKBUF)
      if not count or count == 0 then break end
      got = got + count
    end
  else
    while true do
      local chunk = read(g, 65536)
      if not chunk or chunk == "" then break end
      got = got + #chunk
    end
  end
  return got
end

-- Host a sends SIZE bytes to b (at addr) on port 9.
local function transfer(a, b, addr)
  b:spawn("sink", function()
    local l = socket(AF_INET, SOCK_STREAM, 0)
    assert(bind(l, { family = AF_INET, port = 9 }))
    listen(l, 1)
    local got = drain(accept(l))
    received = received + got
    if got == SIZE then done = done + 1 end
  end)
  a:spawn("source", function()
    local fd = socket(AF_INET, SOCK_STREAM, 0)
    assert(connect(fd, { family = AF_INET, addr = addr, port = 9 }))
    write(fd, DATA)
    close(fd)
  end)
end

for s = 1, S do
  local net = string.format("10.%d.%d", s // 256, s % 256)
  local lan = ethernet { name = "lan" .. s }
  gateway { name = "gw" .. s, iface = {
    { lan, net .. ".254/24" },
    { core, string.format("172.16.%d.%d/16", s // 256, s % 256) } } }
  local prev
  for h = 1, 99 do
    local addr = string.format("%s.%d", net, h)
    local hh = host { name = string.format("h%d-%d", s, h),
                      tcp = transfers and "newreno" or nil,
                      iface = { lan, addr .. "/24" } }
    if h == 1 then first[s] = hh end
    if transfers and h % 2 == 0 then transfer(prev, hh, addr) end
    prev = hh
  end
end

if send then
  for s = 1, S do
    local to = string.format("10.%d.%d.1", (s % S + 1) // 256, (s % S + 1) % 256)
    first[s]:spawn("send", function()
      local fd = socket(AF_INET, SOCK_DGRAM, 0)
      sendto(fd, "x", 0, { family = AF_INET, addr = to, port = 9 })
    end)
  end
end

run { stop = time }
print("hosts", n)
print("segments", S)
print("routes", #first[1]:routes())
if transfers then
  print(string.format("goodput_mbps %.3f", received * 8 / time / 1e6))
  print("transfers_done", done)
end
