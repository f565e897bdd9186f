-- scenarios/select.lua: a server multiplexing two datagram sockets with
-- select and a timeout (primer section 2.8, "Input/Output multiplexing").
--
--   monet (server, 0 m) --lan (10 Mb/s)-- degas (100 m), renoir (200 m)
--
-- monet's server binds port 3000 (descriptor 3) and port 3001 (descriptor
-- 4; 0, 1 and 2 are the standard ones) and loops on bsdselect(5, 1 << 3 | 1 << 4, nil, nil, 1 s): it prints
-- which descriptors are ready and reads each one, taking 10 ms (a sleep)
-- per request. degas sends to port 3000 at 1.2, 2 and 2.004 s; renoir to
-- port 3001 at 1.5, 2.002 and 3.5 s. The datagrams of 2.002 and 2.004 s
-- arrive while the server is busy, so one select reports both (and the
-- server reads them in descriptor order, not arrival order). When nothing
-- arrives for a second, select returns 0 (4.4BSD; the 4.2 draft of the
-- primer says -1 with EINTR): at 1 s, before anyone sent, and twice more
-- later; after the third timeout the server stops.
--
-- Asserted: the sequence of what the server saw, and every time to the
-- nanosecond: a datagram makes select return as its last bit reaches
-- monet (its 72-byte frame, preamble included, takes 57.6 us, then 0.5 us
-- per 100 m of cable), except the first from each client, which waits for
-- ARP (asserted within 1 ms); a busy server's select returns at once; a
-- timeout comes exactly 1 s after select was called.

local lan = ethernet { name = "lan", length = "200m" }
local monet = host { name = "monet", iface = { lan, "128.32.1.1", at = "0m" } }
local degas = host { name = "degas",
                     iface = { lan, "128.32.1.2", at = "100m" } }
local renoir = host { name = "renoir",
                      iface = { lan, "128.32.1.3", at = "200m" } }
local WORK, TIMEOUT = 0.010, 1

local function ns(x) return math.floor(x * 1e9 + 0.5) end
local function check(cond, what)
  if not cond then error("select: " .. what, 2) end
end

local log = {}                       -- { t = ns, what = "..." }, in order

local function note(what)
  log[#log + 1] = { t = ns(now()), what = what }
end

-- Reads fd's datagram and works on it for WORK.
local function serve(fd, port)
  local d, from = recvfrom(fd, 100, 0)
  print(string.format("  fd %d (port %d): '%s' from %s:%d", fd, port, d,
                      from.addr, from.port))
  note("read " .. d)
  sleep(WORK)
end

monet:spawn("server", function()
  local ports = { [3] = 3000, [4] = 3001 }
  for fd = 3, 4 do
    local s = socket(AF_INET, SOCK_DGRAM, 0)
    check(s == fd, "descriptors 3 and 4")
    check(bind(s, { family = AF_INET, port = ports[fd] }) == 0, "bind")
  end
  local mask = 1 << 3 | 1 << 4
  local timeouts = 0
  while timeouts < 3 do
    local t0 = ns(now())
    local n, r = bsdselect(5, mask, nil, nil, TIMEOUT)
    if n == 0 then
      print(string.format("select -> 0: nothing for %d s", TIMEOUT))
      note(string.format("timeout after %d ns", ns(now()) - t0))
      timeouts = timeouts + 1
    else
      local fds = {}
      for fd = 3, 4 do
        if r & (1 << fd) ~= 0 then fds[#fds + 1] = fd end
      end
      print(string.format("select -> %d, ready: fd %s", n,
                          table.concat(fds, " and fd ")))
      note("ready " .. table.concat(fds, ","))
      for _, fd in ipairs(fds) do serve(fd, ports[fd]) end
    end
  end
  close(3)
  close(4)
end)

-- A client sending `msg` to monet:port at each time of `times`.
local function client(h, port, times)
  h:spawn("client", function()
    local s = socket(AF_INET, SOCK_DGRAM, 0)
    local to = { family = AF_INET, addr = "128.32.1.1", port = port }
    for i, t in ipairs(times) do
      sleep(t - now())
      local msg = (port == 3000 and "a" or "b") .. i
      check(sendto(s, msg, 0, to) == #msg, "sendto")
      print(string.format("sent '%s' to port %d", msg, port))
    end
  end)
end
client(degas, 3000, { 1.2, 2, 2.004 })
client(renoir, 3001, { 1.5, 2.002, 3.5 })

run { stop = "5s" }

-- ---- the outcome ----
local function frame(cable_m)      -- a 2-byte datagram's last bit at monet
  return ns(8 * (64 + 8) / 10e6) + ns(cable_m / 2e8)
end
local a2 = ns(2) + frame(100)
local want = {                     -- what, and when (nil: checked below)
  { "timeout after 1000000000 ns", ns(TIMEOUT) },
  { "ready 3" }, { "read a1" },
  { "ready 4" }, { "read b1" },
  { "ready 3", a2 }, { "read a2", a2 },
  { "ready 3,4", a2 + ns(WORK) }, { "read a3", a2 + ns(WORK) },
  { "read b2", a2 + 2 * ns(WORK) },
  { "timeout after 1000000000 ns", a2 + 3 * ns(WORK) + ns(TIMEOUT) },
  { "ready 4", ns(3.5) + frame(200) }, { "read b3", ns(3.5) + frame(200) },
  { "timeout after 1000000000 ns",
    ns(3.5) + frame(200) + ns(WORK) + ns(TIMEOUT) },
}
check(#log == #want, string.format("%d events, not %d", #log, #want))
for i, w in ipairs(want) do
  check(log[i].what == w[1], string.format("event %d: '%s', not '%s'", i,
                                           log[i].what, w[1]))
  check(w[2] == nil or log[i].t == w[2],
        string.format("event %d (%s): at %d ns, not %d", i, w[1], log[i].t,
                      w[2] or 0))
end
-- The first datagram from each host waits for ARP (request and reply).
check(log[2].t > ns(1.2) + frame(100) and log[2].t < ns(1.201), "a1 after ARP")
check(log[4].t > ns(1.5) + frame(200) and log[4].t < ns(1.501), "b1 after ARP")
print("select: every event in order and on time")
