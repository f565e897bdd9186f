-- sim/lua/tests/lua/nonblock.lua: non-blocking sockets (ioctl FIONBIO): read,
-- recv and accept return EWOULDBLOCK instead of sleeping, a write into a
-- full AF_UNIX stream takes what fits (4096 bytes, 4.4BSD's PIPSIZ) and
-- then fails; a blocking write that does not fit waits for the reader and
-- finishes when it drains. Also the socket options and ioctls from Lua.

local function ns() return math.floor(now() * 1e9 + 0.5) end
local h = host { name = "monet" }
local done = {}

h:spawn("nb", function()
  local a, b = socketpair(AF_UNIX, SOCK_STREAM, 0)
  assert(ioctl(a, FIONBIO, 1) == 0)
  local x, e, n = read(a, 10)
  assert(x == nil and e == "EWOULDBLOCK" and n == 35)
  x, e = recv(a, 10, 0)
  assert(x == nil and e == "EWOULDBLOCK")
  assert(write(a, string.rep("x", 5000)) == 4096, "what fits, no more")
  x, e = write(a, "y")
  assert(x == nil and e == "EWOULDBLOCK")
  assert(ioctl(b, FIONREAD) == 4096)
  assert(ns() == 0, "nothing slept")
  local l = socket(AF_UNIX, SOCK_STREAM, 0)
  assert(bind(l, { family = AF_UNIX, path = "/l" }) == 0)
  assert(listen(l, 1) == 0)
  ioctl(l, FIONBIO, true)
  x, e = accept(l)
  assert(x == nil and e == "EWOULDBLOCK")
  -- options
  assert(getsockopt(l, SOL_SOCKET, SO_TYPE) == SOCK_STREAM)
  assert(getsockopt(l, SOL_SOCKET, SO_SNDBUF) == 4096)
  assert(setsockopt(l, SOL_SOCKET, SO_REUSEADDR, 1) == 0)
  assert(getsockopt(l, SOL_SOCKET, SO_REUSEADDR) == SO_REUSEADDR)
  assert(setsockopt(l, SOL_SOCKET, SO_LINGER, { l_onoff = 1, l_linger = 5 }) == 0)
  local lg = getsockopt(l, SOL_SOCKET, SO_LINGER)
  assert(lg.l_onoff == SO_LINGER and lg.l_linger == 5)
  x, e = setsockopt(l, SOL_SOCKET, SO_RCVBUF, 1 << 20)
  assert(x == nil and e == "ENOBUFS")
  x, e = setsockopt(l, SOL_SOCKET, SO_REUSEADDR)
  assert(x == nil and e == "EINVAL", "a missing value")
  x, e = getsockopt(l, IPPROTO_TCP, TCP_NODELAY)
  assert(x == nil and e == "ENOPROTOOPT")
  assert(getsockopt(l, SOL_SOCKET, SO_ERROR) == 0)
  assert(ioctl(l, SIOCSPGRP, -7) == 0 and ioctl(l, SIOCGPGRP) == -7)
  assert(ioctl(l, SIOCATMARK) == 0)
  done.nb = true
end)

-- a blocking writer waits for its reader, who reads 4096 bytes a second
local got = {}
h:spawn("writer", function()
  local s = socket(AF_UNIX, SOCK_STREAM, 0)
  sleep("1ms")
  assert(connect(s, { family = AF_UNIX, path = "/w" }) == 0)
  assert(write(s, string.rep("z", 10000)) == 10000, "all of it, eventually")
  got.written = ns()
  close(s)
end)
h:spawn("reader", function()
  local l = socket(AF_UNIX, SOCK_STREAM, 0)
  assert(bind(l, { family = AF_UNIX, path = "/w" }) == 0)
  assert(listen(l, 5) == 0)
  local s = accept(l)
  local total, sizes = 0, {}
  while true do
    sleep(1)
    local d = read(s, 4096)
    if d == "" then break end
    total = total + #d
    sizes[#sizes + 1] = ns() .. ":" .. #d
  end
  got.sizes = table.concat(sizes, " ")
  got.read = total
end)

run { stop = "10s" }
assert(done.nb)
assert(got.read == 10000, tostring(got.read))
assert(got.sizes == "1001000000:4096 2001000000:4096 3001000000:1808",
       got.sizes)
-- 4096 went at once; the rest (two 4096-byte rounds) as the reader drained
assert(got.written == 2001000000, tostring(got.written))
print("nonblock ok")
