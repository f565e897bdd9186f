-- sim/lua/tests/lua/direct.lua: read and write take a direct path through
-- the system-call wrapper when the process catches no signal and the
-- arguments are good (lsim_proc.c); otherwise the protected one. Both must
-- behave alike: argument errors, blocking and waking, a default signal
-- killing a reader, a handler that runs and the read restarted or failing
-- with EINTR, and the results with extra or converted arguments.

local h = host { name = "degas" }

local function err(f, ...)
  local ok, msg = pcall(f, ...)
  assert(not ok)
  return msg
end

local r = {}
h:spawn("args", function()
  local a, b = pipe()
  r.badfd = err(read, "x", 10)
  r.badn = err(read, a, -1)
  r.nodata = err(write, b)
  r.bigfd = err(write, 2 ^ 40, "x")
  local rd = read
  r.alias = err(rd, a, nil)
  r.num = write(b, 12345)                 -- converted: 5 bytes
  r.strfd = write(tostring(b), "ab")      -- "4" is descriptor 4
  r.float = write(b + 0.0, "c")
  r.extra = read(a, 100, "ignored")
  r.closed = { read(99, 1) }
  r.eof_w = close(b)
  r.eof = read(a, 10)
end)
run()
assert(r.badfd:find("bad argument #1 to 'read'", 1, true), r.badfd)
assert(r.badn:find("bad argument #2 to 'read' (-1 is outside", 1, true), r.badn)
assert(r.nodata:find("bad argument #2 to 'write' (string expected", 1, true),
       r.nodata)
assert(r.bigfd:find("bad argument #1 to 'write'", 1, true), r.bigfd)
assert(r.alias:find("bad argument #2 to 'read'", 1, true), r.alias)
assert(r.num == 5 and r.strfd == 2 and r.float == 1)
assert(r.extra == "12345abc")
assert(r.closed[1] == nil and r.closed[2] == "EBADF" and r.closed[3] == 9)
assert(r.eof_w == 0 and r.eof == "")

-- A reader blocked on the direct path wakes for data; one that catches no
-- signal dies of SIGTERM in its read.
local w = {}
h:spawn("reader", function()
  local a, b = pipe()
  w.pid = getpid()
  fork(function() sleep(1); w.wrote = write(b, "hello") end)
  w.first = read(a, 100)
  w.at = now()
  w.second = read(a, 100)
  w.after = true
end)
at(2, function() h:kill(w.pid, SIGTERM) end)
run()
assert(w.wrote == 5 and w.first == "hello" and w.at == 1)
assert(w.second == nil and w.after == nil)

-- With a handler the read takes the protected path: SIGUSR1 runs it and
-- the read goes on (restarted); after siginterrupt it fails with EINTR.
local s = {}
h:spawn("caught", function()
  local c, d = pipe()
  signal(SIGUSR1, function() s.handled = (s.handled or 0) + 1 end)
  s.pid = getpid()
  fork(function() sleep(2); write(d, "late") end)
  s.first = read(c, 100)
  siginterrupt(SIGUSR1, true)
  s.second = { read(c, 100) }
end)
local t0 = now()
at(t0 + 1, function() h:kill(s.pid, SIGUSR1) end)
at(t0 + 3, function() h:kill(s.pid, SIGUSR1) end)
run()
assert(s.handled == 2 and s.first == "late")
assert(s.second[1] == nil and s.second[2] == "EINTR" and s.second[3] == 4)

-- A big write blocks several times on the direct path and returns its
-- whole count; the reader sees every byte.
local big = string.rep("0123456789", 20000)
local t = {}
h:spawn("writer", function()
  local p, q = socketpair(AF_UNIX, SOCK_STREAM, 0)
  fork(function()
    local n = 0
    while n < #big do
      local got = read(q, 65536)
      if not got or got == "" then break end
      n = n + #got
    end
    t.got = n
  end)
  t.wrote = write(p, big)
end)
run()
assert(t.wrote == #big and t.got == #big)
print("direct ok")
