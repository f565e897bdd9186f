-- scenarios/udp-refused.lua: ECONNREFUSED on a connected UDP socket, and
-- the silence of an unconnected one (4.4BSD udp_ctlinput, in_pcbnotify).
--
--   monet 128.32.1.1 --lan (10 Mb/s, 100 m)-- degas 128.32.1.2
--
-- Nobody listens on degas's port 2000. Part 1: monet connects a datagram
-- socket to it and sends; the send succeeds (UDP sends at once and hears
-- nothing back). degas answers with ICMP port unreachable, which sets
-- the socket's error: select wakes (an error makes a socket readable) at
-- the moment the ICMP arrives. The next sends fail with ECONNREFUSED (61)
-- and keep failing, as 4.4BSD-Lite's sosend reports so_error without
-- clearing it; the recv that follows returns it and clears it. A new send
-- works, and its refusal is read this time with getsockopt(SO_ERROR).
-- Part 2: an unconnected socket (sendto) never hears of it: in_pcbnotify
-- only tells sockets connected to the address the ICMP quotes, so
-- recvfrom behind a 1 s select gets nothing. Part 3: degas starts a
-- server on port 2000, and the same connected socket now gets its answer.
--
-- Asserted: each call's result and errno; the times (the refusal comes
-- back one round trip after the send, computed to the nanosecond once ARP
-- is done); degas's udp_noport and icmp_error count every refused datagram.

local lan = ethernet { name = "lan", length = "100m" }
local monet = host { name = "monet", iface = { lan, "128.32.1.1", at = "0m" } }
local degas = host { name = "degas",
                     iface = { lan, "128.32.1.2", at = "100m" } }
local PORT = 2000
local DEGAS = { family = AF_INET, addr = "128.32.1.2", port = PORT }

local function ns(x) return math.floor(x * 1e9 + 0.5) end
local function check(cond, what)
  if not cond then error("udp-refused: " .. what, 2) end
end
local function show(what, r, err, num)
  if r then print(what .. ": " .. tostring(r))
  else print(string.format("%s: %s (%d)", what, err, num)) end
  return r, err
end

-- An n-byte datagram and the ICMP error quoting it (IP header + 8 bytes
-- of the original) on the Ethernet: 8 preamble, 14 header, 4 FCS, 64
-- bytes at least; 100 m of cable each way. Both wait one 9.6 us gap
-- first, as the cable was just busy: monet sends as the previous ICMP's
-- last bit arrives, and degas answers as the datagram's arrives.
local function ether(ip_len)
  return ns(8 * (math.max(ip_len + 14 + 4, 64) + 8) / 10e6)
end
local function refusal_rtt(n)
  return 9600 + ether(20 + 8 + n) + ns(100 / 2e8)
       + 9600 + ether(20 + 8 + 20 + 8) + ns(100 / 2e8)
end

local seen = {}

-- Waits up to `t` for s to be readable; returns how long it waited (ns).
local function wait_readable(s, t)
  local t0 = ns(now())
  local n = bsdselect(s + 1, 1 << s, nil, nil, t)
  return n, ns(now()) - t0
end

local function part1(s)
  check(connect(s, DEGAS) == 0, "connect")
  local me = getsockname(s)
  print(string.format("connected %s:%d to degas:%d", me.addr, me.port, PORT))
  check(show("send 'one'", send(s, "one", 0)) == 3, "the first send works")
  local n, waited = wait_readable(s, 1)
  print(string.format("select: %d readable after %.6f ms (the ICMP is back)",
                      n, waited / 1e6))
  check(n == 1 and waited < 2e6, "the refusal wakes select")
  local _, e1 = show("send 'two'", send(s, "two", 0))
  local _, e2 = show("send 'three'", send(s, "three", 0))
  check(e1 == "ECONNREFUSED" and e2 == "ECONNREFUSED",
        "sends fail while the error is pending")
  local _, e3 = show("recv", recv(s, 100, 0))
  check(e3 == "ECONNREFUSED", "recv returns the error")
  check(show("send 'four'", send(s, "four", 0)) == 4, "recv cleared it")
  n, waited = wait_readable(s, 1)
  print(string.format("select: %d readable after %.6f ms", n, waited / 1e6))
  check(n == 1 and waited == refusal_rtt(4),
        string.format("refused in one round trip: %d ns, analytic %d ns",
                      waited, refusal_rtt(4)))
  local num, name = getsockopt(s, SOL_SOCKET, SO_ERROR)
  print(string.format("getsockopt SO_ERROR: %d %s", num, name))
  check(num == 61 and name == "ECONNREFUSED", "SO_ERROR has it")
  check(getsockopt(s, SOL_SOCKET, SO_ERROR) == 0, "and clears it")
  seen.part1 = true
end

local function part2()
  local u = socket(AF_INET, SOCK_DGRAM, 0)
  local before = monet:ipstat().delivered
  check(show("sendto 'five' (unconnected)", sendto(u, "five", 0, DEGAS)) == 4,
        "sendto works")
  local n, waited = wait_readable(u, 1)
  print(string.format("select: %d after %.3f s: the ICMP came back but no "
                      .. "socket was told", n, waited / 1e9))
  check(n == 0 and waited == 1e9, "an unconnected socket never hears")
  check(monet:ipstat().delivered == before + 1, "though the ICMP came")
  check(show("sendto 'six'", sendto(u, "six", 0, DEGAS)) == 3,
        "no error is pending")
  close(u)
  seen.part2 = true
end

local function part3(s)
  check(show("send 'seven' (a server is there now)", send(s, "seven", 0)) == 5,
        "send")
  local d, err = recv(s, 100, 0)
  print("recv: " .. tostring(d or err))
  check(d == "SEVEN", "the same socket gets its answer")
  seen.part3 = true
end

monet:spawn("client", function()
  local s = socket(AF_INET, SOCK_DGRAM, 0)
  part1(s)
  part2()
  sleep(1)                           -- degas's server starts at 1.5 s
  part3(s)
end)

degas:spawn("server", function()
  sleep(1.5)
  local s = socket(AF_INET, SOCK_DGRAM, 0)
  check(bind(s, { family = AF_INET, port = PORT }) == 0, "bind")
  print("listening on port " .. PORT)
  local d, from = recvfrom(s, 100, 0)
  print(string.format("'%s' from %s:%d", d, from.addr, from.port))
  sendto(s, d:upper(), 0, from)
  close(s)
end)

run { stop = "3s" }

local st, mst = degas:ipstat(), monet:ipstat()
print(string.format("degas: udp_ipackets %d, udp_noport %d, icmp_error %d",
                    st.udp_ipackets, st.udp_noport, st.icmp_error))
print(string.format("monet: udp_opackets %d, udp_ipackets %d",
                    mst.udp_opackets, mst.udp_ipackets))
check(seen.part1 and seen.part2 and seen.part3, "every part ran")
-- one, four, five and six were refused; seven was taken; two and three
-- never left monet.
check(st.udp_ipackets == 5 and st.udp_noport == 4 and st.icmp_error == 4,
      "degas refused four datagrams")
check(mst.udp_opackets == 5 and mst.udp_ipackets == 1, "monet sent five")
print("udp-refused: all outcomes as expected")
