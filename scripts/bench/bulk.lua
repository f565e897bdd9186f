-- scripts/bench/bulk.lua: the bulk-transfer benchmark's scenario, run by
-- scripts/bench/bulk (which times it; nothing here reads the wall clock).
--
--   src --(100 Mb/s, 1 ms)-- gw1 --(10 Mb/s, 10 ms, queue 100)-- gw2
--       --(100 Mb/s, 1 ms)-- dst
--
-- --flows N TCP connections (default 1) from src to dst for the whole
-- run: for each, src writes 64 KB at a time, dst reads 64 KB at a time,
-- both with 64 KB socket buffers so the bottleneck runs full. Everything
-- is on net 10 (class A, subnets per link), so tcp_mss takes the MSS from
-- the MTU: 1460.
-- Arguments (after --): --time SECONDS (default 1000), --loss P on the
-- bottleneck (default 0), --profile 4.2bsd|tahoe|4.4bsd|newreno (default
-- 4.4bsd), --flows N (default 1), --neck RATE (default 10Mbps), --access
-- RATE (the two outer links, default 100Mbps), --read buffer|string (below). W2 of scripts/bench/vs-ns3
-- is --flows 100 --neck 100Mbps --access 1Gbps --loss 0.01. Prints
-- goodput, events and, last, `segments N`: dst's tcpstat rcvpack, the
-- in-sequence data segments its TCP took in.
-- --read buffer|string (default buffer): how the sinks read. `buffer`:
-- read(g, buf) into one buffer(64 KB) that every sink shares (they only
-- count), so each byte is copied once, from the socket buffer into it,
-- and nothing is allocated; `string`: read(g, 65536), a new Lua string
-- per read (a second copy, and garbage for Lua's collector). Neither
-- changes the simulation: the same events, segments and goodput.
-- The accepted socket inherits the listener's SO_RCVBUF, as in 4.4BSD.
local BUF = 64 * 1024
local opt = { time = 1000, loss = 0, profile = "4.4bsd", flows = 1,
              neck = "10Mbps", access = "100Mbps", read = "buffer" }
local PROFILES = { ["4.2bsd"] = true, tahoe = true, ["4.4bsd"] = true,
                   newreno = true }

local i = 1
while arg[i] do
  local name, value = arg[i], arg[i + 1]
  if name == "--time" then
    opt.time = assert(tonumber(value), "--time: a number of seconds")
  elseif name == "--loss" then
    opt.loss = assert(tonumber(value), "--loss: a probability")
  elseif name == "--flows" then
    opt.flows = assert(math.tointeger(tonumber(value)),
                       "--flows: a whole number of connections")
  elseif name == "--neck" then
    opt.neck = value
  elseif name == "--access" then
    opt.access = value
  elseif name == "--read" then
    assert(value == "buffer" or value == "string", "--read: buffer or string")
    opt.read = value
  elseif name == "--profile" then
    assert(PROFILES[value], "--profile: 4.2bsd, tahoe, 4.4bsd or newreno")
    opt.profile = value
  else
    error("bench/bulk.lua: unknown argument " .. tostring(name))
  end
  i = i + 2
end

local acc1 = link { name = "acc1", rate = opt.access, delay = "1ms" }
local neck = link { name = "neck", rate = opt.neck, delay = "10ms",
                    queue = 100, loss = opt.loss }
local acc2 = link { name = "acc2", rate = opt.access, delay = "1ms" }
local src = host { name = "src", tcp = opt.profile,
                   iface = { acc1, "10.1.0.1/16" } }
gateway { name = "gw1", iface = { { acc1, "10.1.0.2/16" },
                                  { neck, "10.2.0.1/16" } } }
gateway { name = "gw2", iface = { { neck, "10.2.0.2/16" },
                                  { acc2, "10.3.0.2/16" } } }
local dst = host { name = "dst", tcp = opt.profile,
                   iface = { acc2, "10.3.0.1/16" } }

-- Reads g to its end: into the shared buffer, or as strings (--read).
local SINKBUF = opt.read == "buffer" and buffer(BUF) or nil
local function drain(g)
  if SINKBUF then
    repeat
      local n = read(g, SINKBUF)
    until not n or n == 0
  else
    repeat
      local chunk = read(g, BUF)
    until not chunk or chunk == ""
  end
end

-- Flow k: a sink on port 8 + k of dst, a source on src.
for k = 1, opt.flows do
  dst:spawn("sink" .. k, function()
    local l = socket(AF_INET, SOCK_STREAM, 0)
    assert(setsockopt(l, SOL_SOCKET, SO_RCVBUF, BUF))
    assert(bind(l, { family = AF_INET, port = 8 + k }))
    listen(l, 5)
    drain(accept(l))
  end)
end

-- Built from 1 KB pieces: string.rep of a single character copies it one
-- byte at a time, which cost 1.7 M instructions of set-up per run.
local DATA = string.rep(string.rep("x", 1024), BUF // 1024)
for k = 1, opt.flows do
  src:spawn("source" .. k, function()
    local s = socket(AF_INET, SOCK_STREAM, 0)
    assert(setsockopt(s, SOL_SOCKET, SO_SNDBUF, BUF))
    assert(connect(s, { family = AF_INET, addr = "10.3.0.1", port = 8 + k }))
    while write(s, DATA) do end
  end)
end

run { stop = opt.time }

local st = dst:tcpstat()
print(string.format("profile %s loss %g time %g s", opt.profile, opt.loss,
                    opt.time))
print(string.format("goodput_mbps %.3f", st.rcvbyte * 8 / opt.time / 1e6))
print(string.format("rexmit_segments %d", src:tcpstat().sndrexmitpack))
print(string.format("events %d", events()))
print(string.format("segments %d", st.rcvpack))
