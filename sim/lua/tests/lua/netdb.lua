-- sim/lua/tests/lua/netdb.lua: the network databases of primer section 3
-- (docs/lua-api.md, "Network databases"), each call checked by an assert.
-- Run as: ipcsim run netdb.lua   (test_lua.sh does)

local function eq(got, want, what)
  if got ~= want then
    error(string.format("%s: got %s, want %s", what, tostring(got),
                        tostring(want)), 2)
  end
end

local function list(t) return table.concat(t, ",") end

-- A small topology: monet is multi-homed, degas has aliases, box has no
-- address, ucbvax is outside the topology.
local lan = ethernet { name = "lan0" }
local wan = link { name = "wan0", rate = "1Mbps" }
local monet = host { name = "monet", aliases = { "ucbmonet" },
                     iface = { { lan, "128.32.1.1/16" }, { wan, "10.0.0.1" } } }
host { name = "degas", aliases = { "ucbdegas", "printhost" },
       iface = { lan, "128.32.1.2" } }
host { name = "box", iface = { lan } }
local vax = hostent { name = "ucbvax", aliases = { "vax" },
                      addrs = { "192.5.5.1", 0xc0050601 } }
eq(vax.h_name, "ucbvax", "hostent{} returns its hostent")
eq(list(vax.h_addr_list), "192.5.5.1,192.5.6.1", "hostent{} addrs")

-- Constants (the socket glue may define them first: same values).
eq(AF_INET, 2, "AF_INET")
eq(INADDR_NONE, 0xffffffff, "INADDR_NONE")
eq(INADDR_ANY, 0, "INADDR_ANY")

-- gethostbyname: every address in interface order; h_addr is the first.
local hp = gethostbyname("monet")
eq(hp.h_name, "monet", "h_name")
eq(list(hp.h_aliases), "ucbmonet", "h_aliases")
eq(hp.h_addrtype, AF_INET, "h_addrtype")
eq(hp.h_length, 4, "h_length")
eq(list(hp.h_addr_list), "128.32.1.1,10.0.0.1", "h_addr_list")
eq(hp.h_addr, "128.32.1.1", "h_addr")
eq(gethostbyname("PrintHost").h_name, "degas", "aliases, any case")
eq(gethostbyname("vax").h_addr, "192.5.5.1", "an added host")
eq(gethostbyname("128.32.1.99").h_name, "128.32.1.99", "numeric names")
eq(gethostbyname("10.1").h_addr, "10.0.0.1", "numeric, inet_aton forms")
local none, herr, hnum = gethostbyname("nosuch")
assert(none == nil and herr == "HOST_NOT_FOUND" and hnum == 1, "unknown host")
none, herr, hnum = gethostbyname("box")
assert(none == nil and herr == "NO_DATA" and hnum == 4, "host without address")

-- gethostbyaddr: a string or an integer; h_addr_list is the one asked.
hp = gethostbyaddr("10.0.0.1", 4, AF_INET)
eq(hp.h_name, "monet", "byaddr, second interface")
eq(list(hp.h_addr_list), "10.0.0.1", "byaddr lists the address asked")
eq(gethostbyaddr(0x80200102).h_name, "degas", "byaddr, integer")
eq(gethostbyaddr("192.5.6.1").h_name, "ucbvax", "byaddr, added host")
none, herr = gethostbyaddr("10.9.9.9")
assert(none == nil and herr == "HOST_NOT_FOUND", "byaddr, nobody")
eq(select("#", gethostbyaddr("10.0.0.1", 4, 1)), 1, "other type: just nil")
eq(gethostbyaddr("10.0.0.1", 4, 1), nil, "other type: nil")

-- Hosts added later are seen at once (the database is the topology now).
host { name = "late", iface = { lan, "128.32.1.3" } }
eq(gethostbyname("late").h_addr, "128.32.1.3", "a host made after")

-- gethostent at top level: topology order, no box, then the added ones.
local names = {}
sethostent(1)
for e in gethostent do names[#names + 1] = e.h_name end
endhostent()
-- One entry per address, as /etc/hosts has one line per address; the
-- built-in localhost (127.0.0.1) was added when the database opened.
eq(list(names), "monet,monet,degas,late,localhost,ucbvax,ucbvax", "gethostent")
eq(gethostent().h_addr, "128.32.1.1", "endhostent rewinds")
local second = gethostent()
eq(second.h_addr, "10.0.0.1", "monet's second address: an entry of its own")
eq(list(second.h_addr_list), "10.0.0.1", "each entry lists one address")
eq(list(second.h_aliases), "ucbmonet", "with the host's aliases")
eq(gethostent().h_name, "degas", "gethostent goes on")
eq(gethostbyname("vax").h_name, "ucbvax", "a lookup meanwhile...")
eq(gethostent().h_name, "late", "...does not move the cursor")
sethostent()
eq(gethostent().h_name, "monet", "sethostent rewinds")

-- localhost: 127.0.0.1, the loopback interface lo0 of whichever host
-- asks; INADDR_LOOPBACK names it.
eq(gethostbyname("localhost").h_addr, "127.0.0.1", "localhost")
eq(gethostbyaddr(INADDR_LOOPBACK).h_name, "localhost", "127.0.0.1 by address")
do
  local ok, msg = pcall(host, { name = "LocalHost" })
  assert(not ok and msg:find("already a name of host 'localhost'"), msg)
end

-- Primer 3.1's gethostbynameandnet, translated: gethostent walks one
-- entry per address, so a multi-homed host is found on each network.
local function gethostbynameandnet(name, net)
  local hp                              -- luacheck: ignore 431
  sethostent(0)
  while true do
    hp = gethostent()
    if hp == nil then break end
    if hp.h_addrtype ~= AF_INET then goto continue end
    if name ~= hp.h_name then
      for _, a in ipairs(hp.h_aliases) do
        if name == a then goto found end
      end
      goto continue
    end
    ::found::
    if inet_netof(hp.h_addr) == net then break end
    ::continue::
  end
  endhostent(0)
  return hp
end
eq(gethostbynameandnet("monet", 0x8020).h_addr, "128.32.1.1", "monet on 128.32")
eq(gethostbynameandnet("ucbmonet", 10).h_addr, "10.0.0.1", "monet on net 10")
eq(gethostbynameandnet("vax", 0xc00506).h_addr, "192.5.6.1", "an added host's second")
eq(gethostbynameandnet("degas", 10), nil, "degas is not on net 10")

-- Networks: declared ones, then one per interface network, named after
-- the medium unless declared.
local ucb = network { name = "ucb-ether", net = "128.32", aliases = { "localnet" } }
eq(ucb.n_net, 0x8020, "network{} returns its netent")
network { name = "arpanet", net = 10, aliases = { "arpa" } }
network { name = "loopback", net = "127" }
local ne = getnetbyname("localnet")
eq(ne.n_name, "ucb-ether", "getnetbyname alias")
eq(ne.n_net, 0x8020, "n_net right-justified")
eq(ne.n_addrtype, AF_INET, "n_addrtype")
eq(list(ne.n_aliases), "localnet", "n_aliases")
eq(getnetbynumber(10).n_name, "arpanet", "getnetbynumber")
eq(getnetbynumber(10, AF_INET).n_name, "arpanet", "getnetbynumber, type")
eq(getnetbynumber(10, 1), nil, "getnetbynumber, other type")
eq(getnetbyaddr(127).n_name, "loopback", "getnetbyaddr (4.4BSD's name)")
eq(getnetbyname("lan0"), nil, "a declared number hides the medium name")
eq(getnetbyname("nosuch"), nil, "unknown network")
eq(getnetbynumber(0x802001), nil, "unknown number")
host { name = "sub", iface = { wan, "192.168.7.5/24" } }
eq(getnetbyname("wan0").n_net, 0xc0a807, "interface network by medium")
names = {}
setnetent(0)
for e in getnetent do names[#names + 1] = e.n_name .. "=" .. e.n_net end
endnetent()
eq(list(names), "ucb-ether=32800,arpanet=10,loopback=127,wan0=12625927",
   "getnetent")
-- The primer's rwhod: the wildcard address on the local network.
eq(inet_ntoa(inet_makeaddr(getnetbyname("localnet").n_net, INADDR_ANY)),
   "128.32.0.0", "inet_makeaddr with a netent")

-- Protocols and services.
local pp = getprotobyname("tcp")
eq(pp.p_proto, 6, "getprotobyname")
eq(list(pp.p_aliases), "TCP", "p_aliases")
eq(getprotobyname("UDP").p_name, "udp", "protocol alias")
eq(getprotobynumber(1).p_name, "icmp", "getprotobynumber")
eq(getprotobynumber(255), nil, "no raw in 4.4BSD's protocols")
eq(getprotobynumber(-1), nil, "no protocol -1")
eq(protocol { name = "raw", number = 255, aliases = { "RAW" } }.p_proto, 255,
   "protocol{}")
eq(getprotobyname("RAW").p_proto, 255, "an added protocol")

local sp = getservbyname("login", "tcp")
eq(sp.s_port, 513, "login/tcp")
eq(sp.s_proto, "tcp", "s_proto")
eq(sp.s_name, "login", "s_name")
eq(#sp.s_aliases, 0, "no aliases")
eq(getservbyname("who", "udp").s_port, 513, "who/udp")
eq(getservbyname("telnet").s_proto, "tcp", "any protocol")
eq(getservbyname("telnet", "udp"), nil, "no telnet/udp")
eq(getservbyname("nosuch"), nil, "unknown service")
eq(getservbyport(htons(514), "udp").s_name, "syslog", "getservbyport")
eq(getservbyport(514).s_name, "shell", "getservbyport, any")
eq(list(getservbyname("route", "udp").s_aliases), "router,routed", "aliases")
local toy = service { name = "toyd", port = 7000, proto = "udp", aliases = { "toy" } }
eq(toy.s_port, 7000, "service{} returns its servent")
eq(getservbyname("toy", "udp").s_name, "toyd", "an added service")
eq(getservbyport(7000).s_name, "toyd", "an added service by port")

-- getservent and getprotoent: built-in in file order, then added.
local n, last = 0, nil
for e in getservent do n, last = n + 1, e end
eq(n, 70, "services: 69 built in and 1 added")
eq(last.s_name, "toyd", "the added service comes last")
eq(getservent(), nil, "getservent stays at the end")
endservent()
eq(getservent().s_name, "tcpmux", "the first service")
setprotoent(true)
eq(getprotoent().p_name, "ip", "the first protocol")
n = 1
while getprotoent() do n = n + 1 end
eq(n, 15, "protocols: 14 built in and 1 added")
endprotoent()

-- Cursors belong to the calling process: two processes iterating the
-- hosts at once each see every host, in order.
local seen = { a = {}, b = {} }
for _, who in ipairs { "a", "b" } do
  monet:spawn("walk-" .. who, function()
    sethostent(0)
    while true do
      local e = gethostent()
      if not e then break end
      seen[who][#seen[who] + 1] = e.h_name
      sleep("1ms")                     -- the other one runs in between
    end
    endhostent()
  end)
end
endhostent()
local top = gethostent()               -- top level: its own cursor
run { stop = "1s" }
local all = "monet,monet,degas,late,sub,localhost,ucbvax,ucbvax"
eq(list(seen.a), all, "process a's walk")
eq(list(seen.b), all, "process b's walk")
eq(top.h_name, "monet", "top level cursor")
eq(gethostent().h_addr, "10.0.0.1", "top level cursor untouched by processes")

-- Address routines.
eq(inet_addr("128.32.1.2"), 0x80200102, "inet_addr")
eq(inet_addr("128.32.258"), 0x80200102, "inet_addr a.b.c")
eq(inet_addr("128.2097410"), 0x80200102, "inet_addr a.b")
eq(inet_addr("0x80200102"), 0x80200102, "inet_addr hex")
eq(inet_addr("0200.040.01.02"), 0x80200102, "inet_addr octal")
eq(inet_addr("1.2.3.256"), INADDR_NONE, "inet_addr bad")
eq(inet_addr("08.1.1.1"), INADDR_NONE, "inet_addr bad octal")
eq(inet_addr("255.255.255.255"), INADDR_NONE, "inet_addr's ambiguity")
eq(inet_aton("255.255.255.255"), 0xffffffff, "inet_aton")
eq(inet_aton("1.2.3.256"), nil, "inet_aton bad")
eq(inet_ntoa(0x80200102), "128.32.1.2", "inet_ntoa")
eq(inet_ntoa("128.32.1.2"), "128.32.1.2", "inet_ntoa of a string")
eq(inet_network("128.32"), 0x8020, "inet_network")
eq(inet_network("128.320"), INADDR_NONE, "inet_network bad")
eq(inet_makeaddr(0x8020, 0x0102), 0x80200102, "inet_makeaddr B")
eq(inet_makeaddr(10, 1), 0x0a000001, "inet_makeaddr A")
eq(inet_makeaddr(0xc0a801, 5), 0xc0a80105, "inet_makeaddr C")
eq(inet_netof("128.32.1.2"), 0x8020, "inet_netof B")
eq(inet_lnaof("128.32.1.2"), 0x0102, "inet_lnaof B")
eq(inet_netof(0x0a010203), 10, "inet_netof A")
eq(inet_lnaof("192.168.1.5"), 5, "inet_lnaof C")
eq(htonl(0x80200102), 0x80200102, "htonl")
eq(ntohl(0xffffffff), 0xffffffff, "ntohl")
eq(htons(513), 513, "htons")
eq(ntohs(0), 0, "ntohs")

-- Bad arguments: errors naming the argument (pcall'd here).
local function err(f, ...)
  local ok, msg = pcall(f, ...)
  assert(not ok, "expected an error")
  return msg
end
assert(err(htons, 65536):find("bad argument #1 to 'htons' (65536 is outside 0..65535)", 1, true))
assert(err(htonl, -1):find("outside 0..4294967295", 1, true))
assert(err(gethostbyname, 42):find("string expected, got number", 1, true))
assert(err(gethostbyaddr, "1.2.3"):find("bad address '1.2.3'", 1, true))
assert(err(gethostbyaddr, "1.2.3.4", 16):find("16 is outside 4..4", 1, true))
assert(err(getservbyport, 70000):find("bad argument #1 to 'getservbyport'", 1, true))
assert(err(getservbyname, "login", 6):find("bad argument #2 to 'getservbyname' (string expected", 1, true))
assert(err(inet_ntoa, {}):find("address (\"a.b.c.d\" or integer) expected", 1, true))
assert(err(sethostent, "yes"):find("boolean or integer expected", 1, true))
assert(err(inet_addr, nil):find("string expected, got nil", 1, true))
-- Nothing crashes: every call with odd values returns or raises a string.
local odd = table.pack(nil, true, 1.5, -1, 0x7fffffffffffffff, math.huge,
                       0 / 0, "", string.rep("9", 300), "1.2.3.4\0x", {},
                       print)
local calls = { "gethostbyname", "gethostbyaddr", "sethostent", "gethostent",
  "endhostent", "getnetbyname", "getnetbynumber", "getnetbyaddr", "setnetent",
  "getnetent", "endnetent", "getprotobyname", "getprotobynumber",
  "setprotoent", "getprotoent", "endprotoent", "getservbyname",
  "getservbyport", "setservent", "getservent", "endservent", "inet_addr",
  "inet_aton", "inet_ntoa", "inet_network", "inet_makeaddr", "inet_netof",
  "inet_lnaof", "htonl", "ntohl", "htons", "ntohs", "hostent", "network",
  "service", "protocol" }
for _, name in ipairs(calls) do
  for i = 1, odd.n + 1 do
    for j = 1, odd.n + 1 do
      local ok, e = pcall(_G[name], odd[i], odd[j])
      assert(ok or type(e) == "string", name .. " raised a non-string")
    end
  end
end
print("netdb ok")
