-- sim/lua/tests/lua/udp.lua: UDP sockets from Lua: socket, bind rules
-- (EADDRINUSE, EINVAL, EADDRNOTAVAIL, EAFNOSUPPORT, ephemeral ports,
-- SO_REUSEADDR), the send errors (EDESTADDRREQ, EMSGSIZE over 9216 bytes,
-- EISCONN, EHOSTUNREACH, ENETUNREACH, EPIPE), a 9216-byte datagram fragmented and
-- reassembled (and one lost but for its last fragment, as ARP holds only
-- one packet while it resolves), truncation by a short recv, MSG_PEEK
-- and FIONREAD, a full receive buffer, connected sockets (getpeername,
-- the peer filter, AF_UNSPEC to disconnect, INADDR_ANY as our own
-- address), 127.0.0.1, broadcast (EACCES without SO_BROADCAST; with it
-- every host on the segment gets it, the sender too), ECONNREFUSED kept
-- by sends until a recv (4.4BSD-Lite), and the udp_* counters of
-- h:ipstat(). EACCES for a port below 1024 (a process that is not root)
-- is tested by scenarios/reserved-ports.lua.

local lan = ethernet { name = "lan" }
local a = host { name = "a", iface = { lan, "128.32.1.1" } }
local b = host { name = "b", iface = { lan, "128.32.1.2" } }
local c = host { name = "c", iface = { lan, "128.32.1.3" } }
local done = {}

local function inet(addr, port)
  return { family = AF_INET, addr = addr, port = port }
end
-- Asserts that a call failed with errno `name` (4.4BSD number `num`).
local function fails(name, num, r, e, n)
  assert(r == nil and e == name and n == num,
         string.format("want %s (%d), got %s %s %s", name, num, tostring(r),
                       tostring(e), tostring(n)))
end

-- ---- naming: socket, bind, getsockname ----
a:spawn("bind", function()
  local s = socket(AF_INET, SOCK_DGRAM, 0)
  assert(getsockopt(s, SOL_SOCKET, SO_TYPE) == SOCK_DGRAM)
  local n = getsockname(s)
  assert(n.family == AF_INET and n.addr == "0.0.0.0" and n.port == 0)
  fails("ENOTCONN", 57, getpeername(s))
  assert(bind(s, inet(INADDR_ANY, 7000)) == 0)
  fails("EINVAL", 22, bind(s, inet(INADDR_ANY, 7001)))
  local t = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP)
  fails("EADDRINUSE", 48, bind(t, inet(INADDR_ANY, 7000)))
  fails("EADDRINUSE", 48, bind(t, inet("128.32.1.1", 7000)))
  fails("EADDRNOTAVAIL", 49, bind(t, inet("128.32.1.2", 7000)))
  fails("EAFNOSUPPORT", 47, bind(t, { family = AF_UNIX, path = "/x" }))
  assert(setsockopt(t, SOL_SOCKET, SO_REUSEADDR, 1) == 0)
  assert(bind(t, inet("128.32.1.1", 7000)) == 0, "SO_REUSEADDR")
  local u = socket(AF_INET, SOCK_DGRAM, 0)
  assert(setsockopt(u, SOL_SOCKET, SO_REUSEADDR, 1) == 0)
  fails("EADDRINUSE", 48, bind(u, inet("128.32.1.1", 7000)))
  close(u)
  local e1, e2 = socket(AF_INET, SOCK_DGRAM, 0), socket(AF_INET, SOCK_DGRAM, 0)
  assert(bind(e1, inet(INADDR_ANY, 0)) == 0)
  assert(bind(e2, inet(INADDR_ANY, 0)) == 0)
  assert(getsockname(e1).port == 1024 and getsockname(e2).port == 1025,
         "ephemeral ports from 1024")
  local r = socket(AF_INET, SOCK_DGRAM, 0)
  assert(bind(r, inet("128.32.1.1", 513)) == 0, "root may bind below 1024")
  -- a full receive buffer (41600 bytes) drops: 40 datagrams of 1024
  -- bytes and their 16-byte names fit, the 41st does not
  local before = a:ipstat().udp_fullsock
  for _ = 1, 41 do
    assert(sendto(e1, string.rep("f", 1024), 0, inet("128.32.1.1", 7000))
           == 1024)
  end
  sleep(0.1)
  assert(a:ipstat().udp_fullsock == before + 1, "the 41st is dropped")
  assert(ioctl(t, FIONREAD) == 40 * 1040, "40 queued on the specific one")
  for _, fd in ipairs { s, t, e1, e2, r } do close(fd) end
  done.bind = true
end)

-- ---- sending errors, a fragmented datagram, truncation, MSG_PEEK ----
b:spawn("recv", function()
  local s = socket(AF_INET, SOCK_DGRAM, 0)
  assert(bind(s, inet(INADDR_ANY, 8000)) == 0)
  local d, from = recvfrom(s, 10000, 0)
  assert(#d == 9216 and d == string.rep("z", 9216), "reassembled whole")
  assert(from.addr == "128.32.1.1" and from.port == 1026)
  assert(ioctl(s, FIONREAD) == 0)
  bsdselect(s + 1, 1 << s, nil, nil)            -- the next two arrive
  sleep("1ms")
  assert(ioctl(s, FIONREAD) == (10 + 16) + (5 + 16), "names count")
  d = recv(s, 4, 0)
  assert(d == "0123", "cut to 4 bytes")
  d, from = recvfrom(s, 100, MSG_PEEK)
  assert(d == "after" and from.port == 1026, "the rest of 0123456789 is gone")
  d = recv(s, 100, 0)
  assert(d == "after", "peek left it")
  assert(ioctl(s, FIONBIO, 1) == 0)
  fails("EWOULDBLOCK", 35, recv(s, 100, 0))
  close(s)
  done.recv = true
end)

a:spawn("send", function()
  signal(SIGPIPE, SIG_IGN)        -- the EPIPE case below would kill it
  sleep(1)
  local s = socket(AF_INET, SOCK_DGRAM, 0)
  local to = inet("128.32.1.2", 8000)
  fails("EDESTADDRREQ", 39, send(s, "x", 0))
  fails("EMSGSIZE", 40, sendto(s, string.rep("z", 9217), 0, to))
  -- The first try waits for ARP, which holds one packet: only the last
  -- of the 7 fragments (9224 bytes of UDP in pieces of 1480) gets out.
  assert(sendto(s, string.rep("z", 9216), 0, to) == 9216)
  sleep(0.1)
  local bs = b:ipstat()
  assert(bs.fragments == 1 and bs.reassembled == 0 and bs.udp_ipackets == 0)
  local st = a:ipstat()
  assert(sendto(s, string.rep("z", 9216), 0, to) == 9216)
  local st2 = a:ipstat()
  assert(st2.fragmented == st.fragmented + 1 and
         st2.ofragments == st.ofragments + 7)
  assert(st2.udp_opackets == st.udp_opackets + 1)
  sleep(0.1)
  bs = b:ipstat()
  assert(bs.fragments == 8 and bs.reassembled == 1 and bs.udp_ipackets == 1)
  assert(sendto(s, "0123456789", 0, to) == 10)
  assert(sendto(s, "after", 0, to) == 5)
  -- no route: EHOSTUNREACH (4.4BSD-Lite2 ip_output); ENETUNREACH only
  -- when MSG_DONTROUTE finds no directly connected network
  fails("EHOSTUNREACH", 65, sendto(s, "x", 0, inet("192.0.2.1", 9)))
  assert(a:ipstat().noroute == st2.noroute + 1)
  fails("ENETUNREACH", 51, sendto(s, "x", MSG_DONTROUTE, inet("192.0.2.1", 9)))
  assert(shutdown(s, SHUT_WR) == 0)
  fails("EPIPE", 32, sendto(s, "x", 0, to))
  close(s)
  done.send = true
end)

-- ---- connected sockets ----
b:spawn("peer", function()
  sleep(2)
  local s = socket(AF_INET, SOCK_DGRAM, 0)
  assert(bind(s, inet(INADDR_ANY, 8001)) == 0)
  local d, from = recvfrom(s, 100, 0)
  assert(d == "hello" and from.addr == "128.32.1.1" and from.port == 8002)
  assert(sendto(s, "reply", 0, from) == 5)
  close(s)
end)

c:spawn("stranger", function()
  sleep(2.5)
  local s = socket(AF_INET, SOCK_DGRAM, 0)
  assert(sendto(s, "from c", 0, inet("128.32.1.1", 8002)) == 6)
  local n = bsdselect(s + 1, 1 << s, nil, nil, 1)
  assert(n == 0, "unconnected: the port unreachable is not reported")
  close(s)
  done.stranger = true
end)

a:spawn("connect", function()
  sleep(2)
  local s = socket(AF_INET, SOCK_DGRAM, 0)
  assert(bind(s, inet(INADDR_ANY, 8002)) == 0)
  fails("EADDRNOTAVAIL", 49, connect(s, inet("128.32.1.2", 0)))
  assert(connect(s, inet("128.32.1.2", 8001)) == 0)
  local p, me = getpeername(s), getsockname(s)
  assert(p.addr == "128.32.1.2" and p.port == 8001)
  assert(me.addr == "128.32.1.1" and me.port == 8002, "connect fixes laddr")
  fails("EISCONN", 56, sendto(s, "x", 0, inet("128.32.1.2", 8001)))
  local before = a:ipstat().udp_noport
  assert(send(s, "hello", 0) == 5)
  assert(recv(s, 100, 0) == "reply")
  sleep(1)                    -- c sends to our port: filtered out
  assert(a:ipstat().udp_noport == before + 1, "c's datagram matched nothing")
  fails("EAFNOSUPPORT", 47, connect(s, { family = AF_UNSPEC }))
  fails("ENOTCONN", 57, getpeername(s))
  me = getsockname(s)
  assert(me.addr == "0.0.0.0" and me.port == 8002, "disconnect clears laddr")
  fails("EDESTADDRREQ", 39, send(s, "x", 0))
  -- INADDR_ANY as a destination is our primary address (4.4BSD)
  assert(connect(s, inet(INADDR_ANY, 8002)) == 0)
  assert(getpeername(s).addr == "128.32.1.1")
  assert(send(s, "self", 0) == 4)
  local d, from = recvfrom(s, 100, 0)
  assert(d == "self" and from.addr == "128.32.1.1" and from.port == 8002)
  close(s)
  local l = socket(AF_INET, SOCK_DGRAM, 0)
  assert(bind(l, inet(INADDR_ANY, 8003)) == 0)
  assert(sendto(l, "lo", 0, inet("127.0.0.1", 8003)) == 2)
  d, from = recvfrom(l, 100, 0)
  assert(d == "lo" and from.port == 8003, "127.0.0.1 is the host itself")
  assert(from.addr == "127.0.0.1", "sent from lo0's address")
  close(l)
  -- lo0's address can be bound (INADDR_LOOPBACK); other 127/8 ones not
  l = socket(AF_INET, SOCK_DGRAM, 0)
  assert(bind(l, inet(INADDR_LOOPBACK, 8004)) == 0)
  assert(getsockname(l).addr == "127.0.0.1")
  local cl = socket(AF_INET, SOCK_DGRAM, 0)
  assert(connect(cl, inet("127.0.0.1", 8004)) == 0)
  assert(getsockname(cl).addr == "127.0.0.1", "the source for 127/8")
  assert(send(cl, "lo0", 0) == 3)
  d, from = recvfrom(l, 100, 0)
  assert(d == "lo0" and from.addr == "127.0.0.1")
  fails("EADDRNOTAVAIL", 49, bind(socket(AF_INET, SOCK_DGRAM, 0),
                                  inet("127.0.0.2", 8005)))
  close(l)
  close(cl)
  done.connect = true
end)

-- ---- ECONNREFUSED, kept by sends until a recv ----
a:spawn("refused", function()
  sleep(4)
  local s = socket(AF_INET, SOCK_DGRAM, 0)
  assert(connect(s, inet("128.32.1.2", 9999)) == 0)
  local before = b:ipstat()
  assert(send(s, "anyone?", 0) == 7)
  assert(bsdselect(s + 1, 1 << s, nil, nil, 1) == 1, "an error is readable")
  fails("ECONNREFUSED", 61, send(s, "x", 0))
  fails("ECONNREFUSED", 61, send(s, "x", 0))    -- sosend does not clear it
  fails("ECONNREFUSED", 61, recv(s, 100, 0))    -- soreceive does
  assert(send(s, "again", 0) == 5)
  sleep(0.1)
  local num, name = getsockopt(s, SOL_SOCKET, SO_ERROR)
  assert(num == 61 and name == "ECONNREFUSED")
  assert(getsockopt(s, SOL_SOCKET, SO_ERROR) == 0, "SO_ERROR cleared it")
  local after = b:ipstat()
  assert(after.udp_noport == before.udp_noport + 2)
  assert(after.icmp_error == before.icmp_error + 2)
  close(s)
  done.refused = true
end)

-- ---- broadcast ----
local heard = {}
for _, h in ipairs { a, b, c } do
  h:spawn("bcast-listener", function()
    sleep(5)
    local s = socket(AF_INET, SOCK_DGRAM, 0)
    assert(bind(s, inet(INADDR_ANY, 9000)) == 0)
    for _ = 1, 2 do
      local d, from = recvfrom(s, 100, 0)
      heard[#heard + 1] = h:name() .. " " .. d .. " " .. from.addr .. ":"
                          .. from.port
    end
    close(s)
  end)
end

a:spawn("bcast", function()
  sleep(5.5)
  local s = socket(AF_INET, SOCK_DGRAM, 0)
  assert(bind(s, inet(INADDR_ANY, 9001)) == 0)
  fails("EACCES", 13, sendto(s, "all", 0, inet("128.32.255.255", 9000)))
  fails("EACCES", 13, sendto(s, "all", 0, inet("255.255.255.255", 9000)))
  assert(getsockopt(s, SOL_SOCKET, SO_BROADCAST) == 0)
  assert(setsockopt(s, SOL_SOCKET, SO_BROADCAST, 1) == 0)
  assert(getsockopt(s, SOL_SOCKET, SO_BROADCAST) == 32)
  assert(sendto(s, "net", 0, inet("128.32.255.255", 9000)) == 3)
  sleep(0.1)
  assert(sendto(s, "all", 0, inet("255.255.255.255", 9000)) == 3)
  sleep(0.1)
  local before = b:ipstat()
  assert(sendto(s, "void", 0, inet("128.32.255.255", 9002)) == 4)
  sleep(0.1)
  local after = b:ipstat()
  assert(after.udp_noportbcast == before.udp_noportbcast + 1)
  assert(after.icmp_error == before.icmp_error, "no ICMP for a broadcast")
  close(s)
  done.bcast = true
end)

run { stop = "10s" }
for _, k in ipairs { "bind", "recv", "send", "stranger", "connect",
                     "refused", "bcast" } do
  assert(done[k], k .. " did not finish")
end
table.sort(heard)
local want = {
  "a all 128.32.1.1:9001", "a net 128.32.1.1:9001",
  "b all 128.32.1.1:9001", "b net 128.32.1.1:9001",
  "c all 128.32.1.1:9001", "c net 128.32.1.1:9001",
}
assert(table.concat(heard, "|") == table.concat(want, "|"),
       table.concat(heard, "|"))
print("udp ok")
