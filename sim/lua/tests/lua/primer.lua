-- sim/lua/tests/lua/primer.lua: what the primer's programs use beyond the
-- socket calls: the setsockopt(s, SOL_SOCKET, SO_DEBUG, (char *)0, 0) form
-- (4.2BSD: on; 4.3BSD and 4.4BSD: EINVAL), socket() with a protocol of
-- another type (4.4BSD-Lite's pffindproto: EPROTONOSUPPORT) and
-- EPROTOTYPE where 4.4BSD gives it (an AF_UNIX connect to a socket of
-- another type), shutdown's discarding of input only, and the constants IPPORT_RESERVED, INADDR_BROADCAST,
-- INADDR_LOOPBACK.

local lan = ethernet { name = "lan0" }
local new = host { name = "monet", iface = { lan, "128.32.1.1/16" } }
local old = host { name = "ucbvax", tcp = "4.2bsd",
                   iface = { lan, "128.32.1.2/16" } }
local done = {}

local function fails(want, num, ...)
  local r, e, n = ...
  assert(r == nil and e == want and n == num,
         string.format("want %s, got %s %s", want, tostring(r), tostring(e)))
end

new:spawn("t", function()
  local s = socket(AF_INET, SOCK_STREAM, 0)
  fails("EINVAL", 22, setsockopt(s, SOL_SOCKET, SO_DEBUG, nil, 0))
  fails("EINVAL", 22, setsockopt(s, SOL_SOCKET, SO_REUSEADDR))
  assert(getsockopt(s, SOL_SOCKET, SO_REUSEADDR) == 0, "still off")
  -- a protocol that is not of the type: no entry (EPROTONOSUPPORT)
  fails("EPROTONOSUPPORT", 43, socket(AF_INET, SOCK_STREAM, IPPROTO_UDP))
  fails("EPROTONOSUPPORT", 43, socket(AF_INET, SOCK_DGRAM, IPPROTO_TCP))
  fails("EPROTONOSUPPORT", 43, socket(AF_INET, SOCK_STREAM, IPPROTO_ICMP))
  assert(socket(AF_INET, SOCK_STREAM, IPPROTO_TCP))
  assert(socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP))
  -- EPROTOTYPE: a stream socket connecting to a datagram one
  local d = socket(AF_UNIX, SOCK_DGRAM, 0)
  assert(bind(d, { family = AF_UNIX, path = "/dgram" }) == 0)
  local c = socket(AF_UNIX, SOCK_STREAM, 0)
  fails("EPROTOTYPE", 41, connect(c, { family = AF_UNIX, path = "/dgram" }))
  -- shutdown (2.6): 0 discards what was received, 1 keeps what is queued
  local a, b = socketpair(AF_UNIX, SOCK_STREAM, 0)
  assert(write(a, "abc") == 3 and ioctl(b, FIONREAD) == 3)
  assert(shutdown(b, SHUT_RD) == 0)
  assert(ioctl(b, FIONREAD) == 0 and read(b, 10) == "", "input flushed")
  assert(write(b, "up") == 2 and shutdown(b, SHUT_WR) == 0)
  assert(read(a, 10) == "up" and read(a, 10) == "", "output kept, then EOF")
  done.new = true
end)

old:spawn("t", function()
  local s = socket(AF_INET, SOCK_STREAM, 0)
  -- 4.2BSD: no value sets a boolean option
  assert(setsockopt(s, SOL_SOCKET, SO_DEBUG, nil, 0) == 0)
  assert(getsockopt(s, SOL_SOCKET, SO_DEBUG) == SO_DEBUG)
  assert(setsockopt(s, SOL_SOCKET, SO_REUSEADDR) == 0)
  assert(getsockopt(s, SOL_SOCKET, SO_REUSEADDR) == SO_REUSEADDR)
  assert(setsockopt(s, SOL_SOCKET, SO_REUSEADDR, 0) == 0, "a value still counts")
  assert(getsockopt(s, SOL_SOCKET, SO_REUSEADDR) == 0)
  -- but not for options that need one, nor at other levels
  fails("EINVAL", 22, setsockopt(s, SOL_SOCKET, SO_SNDBUF))
  fails("EINVAL", 22, setsockopt(s, SOL_SOCKET, SO_LINGER))
  fails("EINVAL", 22, setsockopt(s, IPPROTO_TCP, TCP_NODELAY))
  done.old = true
end)

run { stop = "1s" }
assert(done.new and done.old)
assert(IPPORT_RESERVED == 1024 and IPPORT_USERRESERVED == 5000)
assert(INADDR_BROADCAST == 0xffffffff and INADDR_LOOPBACK == 0x7f000001)
assert(inet_ntoa(INADDR_LOOPBACK) == "127.0.0.1")
print("primer ok")
