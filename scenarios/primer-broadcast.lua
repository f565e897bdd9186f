-- scenarios/primer-broadcast.lua: primer section 5.5, "Broadcasting and
-- determining network configuration" (the 4.4BSD text), translated line
-- by line.
--
--   degas 128.32.1.2 -localnet (Ethernet)- monet 128.32.1.1
--                                           monet 192.5.5.1 -wan0 (link)-
--                                                  ucbvax 192.5.5.2
--
-- monet marks a datagram socket for broadcast, binds it to MYPORT, asks
-- for the interface configuration (SIOCGIFCONF), skips the entries that
-- are not AF_INET, reads each interface's flags (SIOCGIFFLAGS), skips the
-- boring ones (down, loopback, neither broadcast nor point-to-point), and
-- sends one datagram to each broadcast address (SIOCGIFBRDADDR) or
-- point-to-point destination (SIOCGIFDSTADDR). A listener on DESTPORT on
-- each host prints what it hears. Then two destinations the primer
-- mentions: INADDR_BROADCAST, 4.4BSD's shorthand for the local network
-- (the first interface's broadcast), and the 4.2 draft's INADDR_ANY,
-- which 4.4BSD turns into the host's own first address: it never reaches
-- the network.
--
-- Asserted: the entries and flags SIOCGIFCONF/SIOCGIFFLAGS give, that
-- without SO_BROADCAST the send is EACCES, and who heard which datagram
-- from which address and port (monet hears its own Ethernet broadcast:
-- the interface is IFF_SIMPLEX, so the host copies it to itself).

local MYPORT, DESTPORT = 5000, 5001
local SIZEOF_IFREQ = 32                 -- sizeof (struct ifreq)
local localnet = ethernet { name = "localnet" }
local wan0 = link { name = "wan0", rate = "56kbps", delay = "10ms" }
local monet = host { name = "monet", iface = { { localnet, "128.32.1.1/16" },
                                               { wan0, "192.5.5.1/24" } } }
local degas = host { name = "degas", iface = { localnet, "128.32.1.2/16" } }
local ucbvax = host { name = "ucbvax", iface = { wan0, "192.5.5.2/24" } }

local heard = {}                        -- "host: message from addr:port"
local FLAGS = { { IFF_UP, "UP" }, { IFF_BROADCAST, "BROADCAST" },
                { IFF_LOOPBACK, "LOOPBACK" }, { IFF_POINTOPOINT, "POINTOPOINT" },
                { IFF_NOTRAILERS, "NOTRAILERS" }, { IFF_RUNNING, "RUNNING" },
                { IFF_SIMPLEX, "SIMPLEX" } }

-- "863<UP,BROADCAST,...>", as ifconfig prints flags.
local function flagnames(f)
  local names = {}
  for _, fl in ipairs(FLAGS) do
    if f & fl[1] ~= 0 then names[#names + 1] = fl[2] end
  end
  return string.format("%x<%s>", f, table.concat(names, ","))
end

local function listener(h)
  h:spawn("listen", function()
    local s = socket(AF_INET, SOCK_DGRAM, 0)
    assert(bind(s, { family = AF_INET, addr = INADDR_ANY, port = DESTPORT }))
    while true do
      local buf, from = recvfrom(s, 100, 0)
      local line = string.format("%s: '%s' from %s:%d", h:name(), buf,
                                 from.addr, from.port)
      print(line)
      heard[#heard + 1] = line
    end
  end)
end

local function sender()
  local s = socket(AF_INET, SOCK_DGRAM, 0)
  local on = 1
  local sin = { family = AF_INET, addr = htonl(INADDR_ANY),
                port = htons(MYPORT) }
  assert(bind(s, sin) == 0)
  local dst0 = { family = AF_INET, addr = "128.32.255.255", port = DESTPORT }
  local ok, err = sendto(s, "unmarked", 0, dst0)
  print("sendto before SO_BROADCAST:", ok, err)
  assert(not ok and err == "EACCES")
  setsockopt(s, SOL_SOCKET, SO_BROADCAST, on)

  local ifc = { ifc_len = 1024 }        -- char buf[BUFSIZ]
  if not ioctl(s, SIOCGIFCONF, ifc) then perror("ioctl (SIOCGIFCONF)") end
  print(string.format("SIOCGIFCONF: %d bytes, %d entries", ifc.ifc_len,
                      #ifc.ifc_req))
  for n = 1, ifc.ifc_len // SIZEOF_IFREQ do
    local ifr = ifc.ifc_req[n]
    print(string.format("  %-5s family %2d %s", ifr.ifr_name,
                        ifr.ifr_addr.family,
                        ifr.ifr_addr.addr or ifr.ifr_addr.lladdr or ""))
  end
  -- for (n = ifc.ifc_len / sizeof (struct ifreq); --n >= 0; ifr++)
  for n = 1, ifc.ifc_len // SIZEOF_IFREQ do
    local ifr = ifc.ifc_req[n]
    -- We must be careful that we don't use an interface devoted to an
    -- address family other than those intended.
    if ifr.ifr_addr.family ~= AF_INET then goto continue end
    if not ioctl(s, SIOCGIFFLAGS, ifr) then perror("ioctl") end
    print(string.format("%s: flags=%s", ifr.ifr_name,
                        flagnames(ifr.ifr_flags)))
    -- Skip boring cases.
    if (ifr.ifr_flags & IFF_UP) == 0 or
       (ifr.ifr_flags & IFF_LOOPBACK) ~= 0 or
       (ifr.ifr_flags & (IFF_BROADCAST | IFF_POINTOPOINT)) == 0 then
      goto continue
    end
    local dst
    if (ifr.ifr_flags & IFF_POINTOPOINT) ~= 0 then
      if not ioctl(s, SIOCGIFDSTADDR, ifr) then perror("ioctl") end
      dst = ifr.ifr_dstaddr
    elseif (ifr.ifr_flags & IFF_BROADCAST) ~= 0 then
      if not ioctl(s, SIOCGIFBRDADDR, ifr) then perror("ioctl") end
      dst = ifr.ifr_broadaddr
    end
    dst.port = DESTPORT
    print(string.format("%s: sendto %s:%d", ifr.ifr_name, dst.addr, dst.port))
    assert(sendto(s, "hello via " .. ifr.ifr_name, 0, dst))
    ::continue::
  end

  sleep(1)
  local any = { family = AF_INET, addr = INADDR_BROADCAST, port = DESTPORT }
  assert(sendto(s, "to INADDR_BROADCAST", 0, any))
  sleep(1)
  any.addr = INADDR_ANY                 -- the 4.2 draft's broadcast address
  assert(sendto(s, "to INADDR_ANY", 0, any))
end

listener(monet)
listener(degas)
listener(ucbvax)
monet:spawn("broadcast", function() sleep(0.1) sender() end)
run { stop = "5s" }

local want = {
  "monet: 'hello via en0' from 128.32.1.1:5000",
  "degas: 'hello via en0' from 128.32.1.1:5000",
  "ucbvax: 'hello via ppp1' from 192.5.5.1:5000",
  "monet: 'to INADDR_BROADCAST' from 128.32.1.1:5000",
  "degas: 'to INADDR_BROADCAST' from 128.32.1.1:5000",
  "monet: 'to INADDR_ANY' from 128.32.1.1:5000",
}
assert(#heard == #want, "heard " .. #heard .. " datagrams")
for i, w in ipairs(want) do
  assert(heard[i] == w, "datagram " .. i .. ": " .. heard[i])
end
print("primer-broadcast: all assertions hold")
