-- scenarios/rwho.lua: primer section 4.3, Figures 3 and 4: rwhod and
-- ruptime on one Ethernet.
--
-- Eighteen hosts (Figure 3's) share the Ethernet "localnet" (128.32).
-- Each runs rwhod, Figure 4 translated line by line: a datagram socket
-- bound to the "who" port (513/udp), a SIGALRM handler that broadcasts
-- the host's status every 3 minutes to the network's 4.2BSD broadcast
-- address inet_makeaddr(net, INADDR_ANY), and a loop that stores every
-- status heard in /usr/spool/rwho/whod.<host> with its arrival time. Every
-- host's status (boot time, users, load) is Figure 3's; the hosts shown
-- down crash at the times that make ruptime report them so (merlin 19
-- days and 15 hours before the end, ...). monet itself rebooted 1 day
-- ago; its spool (on disk) kept what it heard before. After 20 simulated
-- days ruptime on monet reads the spool and writes Figure 3 on its
-- standard output with write(1, ...), byte for byte: the run keeps it in
-- <out>/stdout/monet.<pid>.ruptime, which the test stdout-rwho diffs with
-- results/reference/primer-fig3.txt. This file asserts it line by line.
local AL_INTERVAL = 3 * 60          -- rwhod's broadcast period, seconds
local RWHODIR = "/usr/spool/rwho"
local T = 20 * 86400                -- ruptime runs at the end, 20 days in
local EPOCH = 759888000             -- time() at the start: Jan 30, 1994

local FIGURE3 = [[
arpa up 9:45, 5 users, load 1.15, 1.39, 1.31
cad up 2+12:04, 8 users, load 4.67, 5.13, 4.59
calder up 10:10, 0 users, load 0.27, 0.15, 0.14
dali up 2+06:28, 9 users, load 1.04, 1.20, 1.65
degas up 25+09:48, 0 users, load 1.49, 1.43, 1.41
ear up 5+00:05, 0 users, load 1.51, 1.54, 1.56
ernie down 0:24
esvax down 17:04
ingres down 0:26
kim up 3+09:16, 8 users, load 2.03, 2.46, 3.11
matisse up 3+06:18, 0 users, load 0.03, 0.03, 0.05
medea up 3+09:39, 2 users, load 0.35, 0.37, 0.50
merlin down 19+15:37
miro up 1+07:20, 7 users, load 4.59, 3.28, 2.12
monet up 1+00:43, 2 users, load 0.22, 0.09, 0.07
oz down 16:09
statvax up 2+15:57, 3 users, load 1.52, 1.81, 1.86
ucbvax up 9:34, 2 users, load 6.08, 5.16, 3.28
]]

-- Minutes in "d+hh:mm" or "hh:mm".
local function minutes(s)
  local d, h, m = s:match("^(%d+)%+(%d+):(%d+)$")
  if not d then d, h, m = 0, s:match("^(%d+):(%d+)$") end
  return (tonumber(d) * 24 + tonumber(h)) * 60 + tonumber(m)
end

-- Figure 3 as data, in its order.
local hosts = {}
for line in FIGURE3:gmatch("[^\n]+") do
  local name, state, t = line:match("^(%S+) (%S+) ([%d+:]+)")
  local h = { name = name, up = state == "up", minutes = minutes(t), line = line }
  if h.up then
    local u, l1, l2, l3 = line:match(", (%d+) users, load ([%d.]+), ([%d.]+), ([%d.]+)$")
    h.users, h.load = tonumber(u), { tonumber(l1), tonumber(l2), tonumber(l3) }
  end
  hosts[#hosts + 1] = h
end

local ether = ethernet { name = "ucb-ether", length = "500m" }
network { name = "localnet", net = "128.32" }
for i, h in ipairs(hosts) do
  h.handle = host { name = h.name, iface = { ether, "128.32.0." .. i } }
end

-- The whod packet, 4.2BSD's struct whod: version, type, 2 pad bytes,
-- send time, receive time, host name (32), three load averages x 100,
-- boot time, then one 24-byte whoent per logged-in user (tty 8, name 8,
-- login time, idle time). ruptime counts the entries.
local WHOD, WHOENT = ">BBxxi4i4c32i4i4i4i4", ">c8c8i4i4"
local function pack(wd)
  local t = { string.pack(WHOD, 1, 1, wd.sendtime, wd.recvtime, wd.hostname,
                          wd.load[1], wd.load[2], wd.load[3], wd.boottime) }
  for i = 1, wd.users do
    t[#t + 1] = string.pack(WHOENT, "tty" .. i, "user" .. i, wd.boottime, 0)
  end
  return table.concat(t)
end
local function unpack(s)
  local _, _, st, rt, name, l1, l2, l3, bt = string.unpack(WHOD, s)
  return { sendtime = st, recvtime = rt, hostname = name:gsub("\0+$", ""),
           load = { l1, l2, l3 }, boottime = bt,
           users = (#s - string.packsize(WHOD)) // string.packsize(WHOENT) }
end

local function verify(name)
  return name:match("^[%w%-]+$") ~= nil
end

-- Figure 4, translated. status: { boottime, users, load }.
local function rwhod(status)
  local sp = getservbyname("who", "udp")
  local net = getnetbyname("localnet")
  local sin = { family = AF_INET, addr = INADDR_ANY, port = sp.s_port }
  local s = socket(AF_INET, SOCK_DGRAM, 0)
  assert(bind(s, sin))
  setsockopt(s, SOL_SOCKET, SO_BROADCAST, 1)  -- 4.3BSD on asks for it
  local to = { family = AF_INET, addr = inet_makeaddr(net.n_net, INADDR_ANY),
               port = sp.s_port }
  local function onalrm()
    local wd = { sendtime = time(), recvtime = 0, hostname = gethostname(),
                 load = status.load, boottime = status.boottime,
                 users = status.users }
    sendto(s, pack(wd), 0, to)
    alarm(AL_INTERVAL)
  end
  sigset(SIGALRM, onalrm)
  onalrm()
  while true do
    local wd, from = recvfrom(s, 1024, 0)
    if not wd then
      perror("rwhod: recv")
    elseif from.port ~= sp.s_port then
      write(2, string.format("rwhod: %d: bad from port\n", from.port))
    else
      local w = unpack(wd)
      if not verify(w.hostname) then
        write(2, "rwhod: malformed host name from " .. from.addr .. "\n")
      else
        local path = string.format("%s/whod.%s", RWHODIR, w.hostname)
        local whod = open(path, FWRONLY | FCREATE | FTRUNCATE, 438)
        w.recvtime = time()
        write(whod, pack(w))
        close(whod)
      end
    end
  end
end

-- 4.2BSD ruptime's interval(): minutes rounded up, "d+hh:mm" or "hh:mm".
local function interval(t)
  local m = (t + 59) // 60
  local h, d = m // 60, m // 60 // 24
  if d > 0 then return string.format("%d+%02d:%02d", d, h % 24, m % 60) end
  return string.format("%d:%02d", h, m % 60)
end

local function ruptime()
  local dirp = assert(opendir(RWHODIR))
  local lines, t = {}, time()
  while true do
    local d = readdir(dirp)
    if not d then break end
    local f = assert(open(RWHODIR .. "/" .. d.d_name, O_RDONLY))
    local w = unpack(read(f, 1024))
    close(f)
    if t - w.recvtime > 11 * 60 then
      lines[#lines + 1] = string.format("%s down %s", w.hostname,
                                        interval(t - w.recvtime))
    else
      lines[#lines + 1] = string.format(
        "%s up %s, %d users, load %.2f, %.2f, %.2f", w.hostname,
        interval(w.sendtime - w.boottime), w.users, w.load[1] / 100,
        w.load[2] / 100, w.load[3] / 100)
    end
  end
  closedir(dirp)
  for _, line in ipairs(lines) do   -- ruptime.c's printf: Figure 3 on fd 1
    write(1, line .. "\n")
  end
  return lines
end

-- Starts rwhod on h at sim time `start`, first broadcasting at `first`.
local function boot(h, start, first, status)
  at(start, function()
    h.handle:up()
    h.handle:spawn("rwhod", function()
      for _, d in ipairs { "/usr", "/usr/spool", RWHODIR } do mkdir(d) end
      sleep(first - now())
      rwhod(status)
    end)
  end)
end

-- Timelines. An up host's last broadcast is at S = T - 60 - i (staggered
-- by a second per host), and it booted 60 * minutes - 30 s before that,
-- so ruptime shows its uptime; degas booted before the run began. A down
-- host was last heard at L = T - 60 * minutes + 30 and crashed a second
-- later, after half an hour up. monet listens from the start, reboots
-- 1+00:43 before the end, and keeps its spool.
for i, h in ipairs(hosts) do
  h.handle:down()
  if h.up then
    local S = T - 60 - i
    local bt = S - 60 * h.minutes + 30
    local st = { boottime = EPOCH + bt, users = h.users, load = {} }
    for k = 1, 3 do st.load[k] = math.floor(h.load[k] * 100 + 0.5) end
    local start = math.max(bt, 0)
    if h.name == "monet" then     -- its earlier boot, a day before the run
      boot(h, 0, 0, { boottime = EPOCH - 86400, users = h.users, load = st.load })
      at(bt - 1, function() h.handle:down() end)
    end
    boot(h, math.max(bt, 0), S - AL_INTERVAL * ((S - start) // AL_INTERVAL), st)
  else
    local L = T - 60 * h.minutes + 30
    local st = { boottime = EPOCH + L - 1800, users = 0, load = { 0, 0, 0 } }
    boot(h, L - 1800, L - 1800, st)
    at(L + 1, function() h.handle:down() end)
  end
end

local monet
for _, h in ipairs(hosts) do if h.name == "monet" then monet = h.handle end end
-- --param ruptime=PATH runs that compiled ruptime (sim/exec/tests/
-- ruptime.c) instead, with its clock at the same date; its output must
-- be Figure 3 too (sim/exec/tests/test_exec.sh checks it).
local c_ruptime = param("ruptime", "")
if c_ruptime ~= "" then
  at(T, function() monet:exec(c_ruptime, { "ruptime" }, { epoch = EPOCH }) end)
  run { stop = T + 1 }
  return
end
at(T, function()
  monet:spawn("ruptime", function()
    local lines = ruptime()
    local i = 0
    for want in FIGURE3:gmatch("[^\n]+") do
      i = i + 1
      print(lines[i])
      assert(lines[i] == want, string.format("line %d: got '%s', Figure 3 has '%s'",
                                             i, tostring(lines[i]), want))
    end
    assert(#lines == i, "no other host")
    print("ruptime matches Figure 3")
  end)
end)

run { stop = T + 1, epoch = EPOCH }  -- time() and gettimeofday() read it
