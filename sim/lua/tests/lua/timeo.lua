-- sim/lua/tests/lua/timeo.lua: SO_RCVTIMEO, SO_SNDTIMEO and MSG_DONTWAIT
-- from Lua, as 4.4BSD: a receive or send sleeps at most the timeout
-- (sbwait's tsleep), then fails with EWOULDBLOCK, or returns the count
-- when part was moved; the value is a timeval kept in 10 ms ticks
-- (truncated; over 32767 ticks is EDOM); MSG_DONTWAIT makes one receive
-- non-blocking, and 4.4BSD-Lite's sosend ignores it.

local function ms() return math.floor(now() * 1000 + 0.5) end
local h = host { name = "monet" }
local done = {}

h:spawn("timeo", function()
  local a, b = socketpair(AF_UNIX, SOCK_STREAM, 0)
  -- the value: a timeval table or a time; read back as a timeval
  assert(setsockopt(a, SOL_SOCKET, SO_RCVTIMEO, { tv_sec = 1, tv_usec = 500000 }) == 0)
  local tv = getsockopt(a, SOL_SOCKET, SO_RCVTIMEO)
  assert(tv.tv_sec == 1 and tv.tv_usec == 500000)
  assert(setsockopt(a, SOL_SOCKET, SO_SNDTIMEO, "255ms") == 0)
  tv = getsockopt(a, SOL_SOCKET, SO_SNDTIMEO)
  assert(tv.tv_sec == 0 and tv.tv_usec == 250000, "truncated to ticks")
  local x, e, n = setsockopt(a, SOL_SOCKET, SO_SNDTIMEO, { tv_sec = 328 })
  assert(x == nil and e == "EDOM" and n == 33, "over SHRT_MAX ticks")
  assert(getsockopt(a, SOL_SOCKET, SO_SNDTIMEO).tv_usec == 250000, "kept")

  -- a receive with nothing to read gives up after 1.5 s
  local t0 = ms()
  x, e, n = recv(a, 10)
  assert(x == nil and e == "EWOULDBLOCK" and n == 35 and ms() - t0 == 1500)
  t0 = ms()
  x, e = read(a, 10)
  assert(x == nil and e == "EWOULDBLOCK" and ms() - t0 == 1500, "read too")
  -- data arriving in time is returned
  fork(function() sleep(1) ; write(b, "hi") end)
  t0 = ms()
  assert(recv(a, 10) == "hi" and ms() - t0 == 1000)
  -- each wakeup restarts the wait in full (4.4BSD's soreceive goes back
  -- to sbwait): MSG_WAITALL for 10 bytes, 3 come at 0.5 s, EWOULDBLOCK
  -- 1.5 s later with the 3 left queued (soreceive waited before copying)
  fork(function() sleep(0.5) ; write(b, "abc") end)
  t0 = ms()
  x, e = recv(a, 10, MSG_WAITALL)
  assert(x == nil and e == "EWOULDBLOCK" and ms() - t0 == 2000)
  assert(recv(a, 10) == "abc")

  -- MSG_DONTWAIT: at once, nothing slept
  t0 = ms()
  x, e = recv(a, 10, MSG_DONTWAIT)
  assert(x == nil and e == "EWOULDBLOCK" and ms() == t0)
  write(b, "xy")
  assert(recv(a, 10, MSG_DONTWAIT | MSG_WAITALL) == "xy", "what is there")

  -- a send into a full buffer: the part that fit, after 250 ms; then
  -- nothing fits, EWOULDBLOCK after another 250 ms
  t0 = ms()
  assert(send(a, string.rep("x", 5000)) == 4096 and ms() - t0 == 250)
  t0 = ms()
  x, e = write(a, "y")
  assert(x == nil and e == "EWOULDBLOCK" and ms() - t0 == 250)
  -- 0 turns the limit off: with MSG_DONTWAIT (ignored by sosend, as
  -- 4.4BSD-Lite) the send sleeps until the reader drains the buffer
  assert(setsockopt(a, SOL_SOCKET, SO_SNDTIMEO, 0) == 0)
  fork(function() sleep(2) ; read(b, 4096) end)
  t0 = ms()
  assert(send(a, "z", MSG_DONTWAIT) == 1 and ms() - t0 == 2000)
  done.timeo = true
end)

run { stop = "60s" }
assert(done.timeo, "the process did not finish")
print("timeo ok")
