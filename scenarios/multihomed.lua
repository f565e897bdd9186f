-- scenarios/multihomed.lua: Internet address binding on a host with two
-- networks (primer section 5.4).
--
--   manet 46.0.0.2 -net46- monet 46.0.0.1, 10.0.0.1 -net10- degas 10.0.0.2
--
-- monet is on networks 46 and 10 (classful, class A) and does not forward.
-- Part 1, the wildcard: one datagram socket bound to INADDR_ANY and port
-- 5000 receives what manet sends to 46.0.0.1 and what degas sends to
-- 10.0.0.1; recvfrom names each sender, getsockname shows the wildcard
-- 0.0.0.0:5000. Each answer leaves from the address the client wrote to
-- (the outgoing interface's), so the clients see the reply come from the
-- address they know. Part 2, a specific address: a socket bound to
-- 46.0.0.1:6000 gets manet's datagram, but degas's to 10.0.0.1:6000
-- matches no socket: monet sends ICMP port unreachable and degas's
-- connected socket reports ECONNREFUSED. Binding 0.0.0.0:6000 as well is
-- EADDRINUSE until SO_REUSEADDR is set; then the wildcard socket takes
-- degas's datagrams while manet's still go to the specific one (the match
-- with the fewest wildcards wins). Part 3: binding an address monet does
-- not have gives EADDRNOTAVAIL.
--
-- Asserted: who received what, from whom, the reply's source address,
-- and every errno; monet's udp_noport counts the one refused datagram.

local net46 = ethernet { name = "net46" }
local net10 = ethernet { name = "net10" }
local monet = host { name = "monet", iface = { { net46, "46.0.0.1" },
                                               { net10, "10.0.0.1" } } }
local manet = host { name = "manet", iface = { net46, "46.0.0.2" } }
local degas = host { name = "degas", iface = { net10, "10.0.0.2" } }

local got = {}                       -- what each socket received, in order
local function check(cond, what)
  if not cond then error("multihomed: " .. what, 2) end
end
local function inet(addr, port)
  return { family = AF_INET, addr = addr, port = port }
end
local function report(what, r, err, num)
  if r then print(what .. ": ok")
  else print(string.format("%s: %s (%d)", what, err, num)) end
  return r, err
end

-- Receives n datagrams on s, noting them under `tag`; echoes each.
local function serve(tag, s, n)
  for _ = 1, n do
    local d, from = recvfrom(s, 100, 0)
    print(string.format("%s: '%s' from %s:%d", tag, d, from.addr, from.port))
    got[#got + 1] = tag .. " " .. d .. " " .. from.addr
    sendto(s, "re: " .. d, 0, from)
  end
end

-- A client: at time `at`, sends `msg` to addr:port from a connected
-- socket, then reads the answer (or the error) and notes it.
local function client(h, at, msg, addr, port)
  h:spawn("client", function()
    sleep(at)
    local s = socket(AF_INET, SOCK_DGRAM, 0)
    check(connect(s, inet(addr, port)) == 0, "connect")
    check(send(s, msg, 0) == #msg, "send")
    print(string.format("sent '%s' to %s:%d", msg, addr, port))
    local d, from, num = recvfrom(s, 100, 0)
    if d then
      print(string.format("'%s' from %s:%d", d, from.addr, from.port))
      got[#got + 1] = msg .. " answered by " .. from.addr
    else
      print(string.format("recv: %s (%d)", from, num))
      got[#got + 1] = msg .. " " .. from
    end
    close(s)
  end)
end

-- ---- part 1: one socket bound to the wildcard ----

monet:spawn("any", function()
  local hp = gethostbyname("monet")
  print(string.format("monet is %s on network %d and %s on network %d",
        hp.h_addr_list[1], inet_netof(hp.h_addr_list[1]),
        hp.h_addr_list[2], inet_netof(hp.h_addr_list[2])))
  local s = socket(AF_INET, SOCK_DGRAM, 0)
  check(bind(s, inet(INADDR_ANY, 5000)) == 0, "bind the wildcard")
  local me = getsockname(s)
  print(string.format("bound to %s:%d", me.addr, me.port))
  check(me.addr == "0.0.0.0" and me.port == 5000, "getsockname: wildcard")
  serve("any:5000", s, 2)
  close(s)
end)
client(manet, 1, "hello 46", "46.0.0.1", 5000)
client(degas, 2, "hello 10", "10.0.0.1", 5000)

-- ---- part 2: a socket bound to 46.0.0.1 only ----

monet:spawn("one", function()
  sleep(3)
  local s = socket(AF_INET, SOCK_DGRAM, 0)
  check(bind(s, inet("46.0.0.1", 6000)) == 0, "bind 46.0.0.1")
  local me = getsockname(s)
  print(string.format("bound to %s:%d", me.addr, me.port))
  serve("46.0.0.1:6000", s, 2)
  close(s)
end)
client(manet, 4, "to 46 only", "46.0.0.1", 6000)
client(degas, 5, "to 10, port 6000", "10.0.0.1", 6000)

monet:spawn("wild", function()
  sleep(6)
  local s = socket(AF_INET, SOCK_DGRAM, 0)
  local _, err = report("bind 0.0.0.0:6000", bind(s, inet(INADDR_ANY, 6000)))
  check(err == "EADDRINUSE", "the wildcard overlaps 46.0.0.1:6000")
  check(setsockopt(s, SOL_SOCKET, SO_REUSEADDR, 1) == 0, "SO_REUSEADDR")
  check(report("with SO_REUSEADDR, bind 0.0.0.0:6000",
               bind(s, inet(INADDR_ANY, 6000))) == 0, "bind with reuse")
  serve("any:6000", s, 1)
  close(s)
end)
client(degas, 7, "to 10 again", "10.0.0.1", 6000)
client(manet, 8, "to 46 again", "46.0.0.1", 6000)

-- ---- part 3: an address monet does not have ----

monet:spawn("foreign", function()
  sleep(9)
  local s = socket(AF_INET, SOCK_DGRAM, 0)
  local _, err = report("bind 10.0.0.2:7000 (degas's address)",
                        bind(s, inet("10.0.0.2", 7000)))
  check(err == "EADDRNOTAVAIL", "only our own addresses")
  close(s)
end)

run { stop = "9.5s" }

local want = {
  "any:5000 hello 46 46.0.0.2", "hello 46 answered by 46.0.0.1",
  "any:5000 hello 10 10.0.0.2", "hello 10 answered by 10.0.0.1",
  "46.0.0.1:6000 to 46 only 46.0.0.2", "to 46 only answered by 46.0.0.1",
  "to 10, port 6000 ECONNREFUSED",
  "any:6000 to 10 again 10.0.0.2", "to 10 again answered by 10.0.0.1",
  "46.0.0.1:6000 to 46 again 46.0.0.2", "to 46 again answered by 46.0.0.1",
}
check(#got == #want, string.format("%d events, not %d", #got, #want))
for i, w in ipairs(want) do
  check(got[i] == w, string.format("event %d: '%s', not '%s'", i, got[i], w))
end
local st = monet:ipstat()
print(string.format("monet: udp_ipackets %d, udp_noport %d", st.udp_ipackets,
                    st.udp_noport))
check(st.udp_ipackets == 6 and st.udp_noport == 1, "one datagram refused")
print("multihomed: all outcomes as expected")
