-- sim/lua/tests/lua/unix-dgram.lua: AF_UNIX datagram sockets from Lua:
-- sendto a path and recvfrom with the sender's name, record boundaries,
-- truncation, MSG_PEEK, connected datagram sockets, socketpair and pipe,
-- and the errors (EDESTADDRREQ, ENOENT, ECONNREFUSED, EMSGSIZE, EISCONN).

local function ns() return math.floor(now() * 1e9 + 0.5) end
local h = host { name = "degas" }
local done = {}

h:spawn("server", function()
  local s = socket(AF_UNIX, SOCK_DGRAM, 0)
  assert(bind(s, { family = AF_UNIX, path = "/srv" }) == 0)
  local d, from = recvfrom(s, 100, 0)               -- blocks until 1 s
  assert(ns() == 1000000000 and d == "one")
  assert(from.family == AF_UNIX and from.path == "/cli")
  d = recv(s, 100, MSG_PEEK)
  assert(d == "two", "peek")
  assert(ioctl(s, FIONREAD) == (3 + 6) + (5 + 16), "FIONREAD counts names")
  d = recvfrom(s, 2, 0)
  assert(d == "tw", "a datagram is cut to the buffer")
  d, from = recvfrom(s, 100, 0)
  assert(d == "three" and from.path == "", "the rest was dropped; unnamed")
  assert(sendto(s, "reply", 0, { family = AF_UNIX, path = "/cli" }) == 5)
  close(s)
  done.server = true
end)

h:spawn("client", function()
  sleep(1)
  local c = socket(AF_UNIX, SOCK_DGRAM, 0)
  local x, e, n = send(c, "x", 0)
  assert(x == nil and e == "EDESTADDRREQ" and n == 39)
  x, e, n = sendto(c, "x", 0, { family = AF_UNIX, path = "/nobody" })
  assert(x == nil and e == "ENOENT" and n == 2)
  assert(bind(c, { family = AF_UNIX, path = "/cli" }) == 0)
  local srv = { family = AF_UNIX, path = "/srv" }
  assert(sendto(c, "one", 0, srv) == 3)
  assert(sendto(c, "two", 0, srv) == 3)
  local anon = socket(AF_UNIX, SOCK_DGRAM, 0)
  assert(sendto(anon, "three", 0, srv) == 5)
  x, e, n = sendto(c, string.rep("x", 2049), 0, srv)
  assert(x == nil and e == "EMSGSIZE" and n == 40, "over 2048 bytes")
  local d, from = recvfrom(c, 100, 0)
  assert(d == "reply" and from.path == "/srv")
  -- the server closed: its name stays but nobody is there
  x, e, n = sendto(c, "x", 0, srv)
  assert(x == nil and e == "ECONNREFUSED" and n == 61)
  -- connected datagram sockets
  local a, b = socket(AF_UNIX, SOCK_DGRAM, 0), socket(AF_UNIX, SOCK_DGRAM, 0)
  assert(bind(b, { family = AF_UNIX, path = "/b" }) == 0)
  assert(connect(a, { family = AF_UNIX, path = "/b" }) == 0)
  assert(send(a, "hi", 0) == 2)
  x, e = sendto(a, "hi", 0, { family = AF_UNIX, path = "/b" })
  assert(x == nil and e == "EISCONN")
  assert(recv(b, 10, 0) == "hi")
  assert(connect(a, { family = AF_UNSPEC }) == nil, "disconnects, then fails")
  x, e = send(a, "hi", 0)
  assert(x == nil and e == "EDESTADDRREQ", "no longer connected")
  -- socketpair and pipe
  local p, q = socketpair(AF_UNIX, SOCK_DGRAM, 0)
  assert(send(p, "ab", 0) == 2 and send(p, "cd", 0) == 2)
  assert(recv(q, 10, 0) == "ab" and recv(q, 10, 0) == "cd", "boundaries")
  local r, w = pipe()
  assert(write(w, "through the pipe") == 16)
  assert(read(r, 7) == "through" and read(r, 100) == " the pipe")
  x, e = read(w, 1)
  assert(x == nil and e == "EBADF", "the write end does not read")
  close(w)
  assert(read(r, 100) == "", "EOF once the writer closed")
  done.client = true
end)

run { stop = "5s" }
assert(done.server and done.client)
print("unix-dgram ok")
