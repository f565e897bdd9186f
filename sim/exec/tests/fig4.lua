-- sim/exec/tests/fig4.lua: primer Figure 4 in C (rwhod.c) on three
-- hosts of "localnet", then the C ruptime (ruptime.c) on monet after
-- ten minutes; or, with --param lua=1, the same rwhods as Lua
-- processes, scenarios/rwho.lua's translation. test_exec.sh checks that
-- both write byte-identical pcaps.
local bin = param("bin", "")
local lua = param("lua", 0) == 1
local EPOCH = 759888000           -- Jan 30, 1994, as in rwho.lua
local ether = ethernet { name = "ucb-ether", length = "500m" }
network { name = "localnet", net = "128.32" }
local status = {
  { name = "monet", boot = EPOCH - 3600, users = 2, load = { 22, 9, 7 } },
  { name = "degas", boot = EPOCH - 86400, users = 0, load = { 149, 143, 141 } },
  { name = "ucbvax", boot = EPOCH - 600, users = 1, load = { 608, 516, 328 } },
}
for i, st in ipairs(status) do
  st.handle = host { name = st.name, iface = { ether, "128.32.0." .. i } }
end

local function time() return EPOCH + math.floor(now()) end
local WHOD, WHOENT = ">BBxxi4i4c32i4i4i4i4", ">c8c8i4i4"
local function pack(w)
  local t = { string.pack(WHOD, 1, 1, w.sendtime, w.recvtime, w.hostname,
                          w.load[1], w.load[2], w.load[3], w.boottime) }
  for k = 1, w.users do
    t[#t + 1] = string.pack(WHOENT, "tty" .. k, "user" .. k, w.boottime, 0)
  end
  return table.concat(t)
end

-- rwho.lua's rwhod, with rwhod.c's mkdirs first.
local function rwhod(st)
  for _, d in ipairs { "/usr", "/usr/spool", "/usr/spool/rwho" } do mkdir(d) end
  local sp = getservbyname("who", "udp")
  local net = getnetbyname("localnet")
  local s = socket(AF_INET, SOCK_DGRAM, 0)
  assert(bind(s, { family = AF_INET, addr = INADDR_ANY, port = sp.s_port }))
  setsockopt(s, SOL_SOCKET, SO_BROADCAST, 1)
  local to = { family = AF_INET, addr = inet_makeaddr(net.n_net, INADDR_ANY),
               port = sp.s_port }
  local function onalrm()
    sendto(s, pack { sendtime = time(), recvtime = 0, hostname = gethostname(),
                     load = st.load, boottime = st.boot, users = st.users },
           0, to)
    alarm(180)
  end
  sigset(SIGALRM, onalrm)
  onalrm()
  while true do
    local wd = recvfrom(s, 1024, 0)
    local name = wd:sub(13, 44):gsub("\0+$", "")
    local whod = open("/usr/spool/rwho/whod." .. name,
                      FWRONLY | FCREATE | FTRUNCATE, 438)
    write(whod, wd:sub(1, 8) .. string.pack(">i4", time()) .. wd:sub(13))
    close(whod)
  end
end

for i, st in ipairs(status) do
  at(i, function()
    if lua then
      st.handle:spawn("rwhod", function() rwhod(st) end)
    else
      st.handle:exec(bin .. "/rwhod", { "rwhod", tostring(st.boot),
        tostring(st.users), tostring(st.load[1]), tostring(st.load[2]),
        tostring(st.load[3]) }, { epoch = EPOCH })
    end
  end)
end
if not lua then
  at(600, function()
    status[1].handle:exec(bin .. "/ruptime", { "ruptime" }, { epoch = EPOCH })
  end)
end
run { stop = 601 }
