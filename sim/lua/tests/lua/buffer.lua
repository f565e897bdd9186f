-- sim/lua/tests/lua/buffer.lua: buffer(n) and the reads into it (read,
-- recv, recvfrom; lsim_buf.c): argument errors, data, a short count, end
-- of file, EBADF, EWOULDBLOCK (non-blocking, SO_RCVTIMEO), a read blocked
-- on the direct path woken by data and one killed by SIGTERM, a handler
-- restarting it or EINTR, pipes, files, a terminal, TCP (MSG_WAITALL,
-- MSG_PEEK) and UDP (a datagram cut to the capacity), and the same bytes
-- as the string form gives.

local lan = ethernet { name = "lan" }
local h = host { name = "degas", iface = { lan, "128.32.1.1" } }
local m = host { name = "monet", iface = { lan, "128.32.1.2" } }

local function err(f, ...)
  local ok, msg = pcall(f, ...)
  assert(not ok)
  return msg
end
local function fails(name, num, r, e, n)
  assert(r == nil and e == name and n == num,
         string.format("want %s (%d), got %s %s %s", name, num, tostring(r),
                       tostring(e), tostring(n)))
end
local function has(msg, text)
  assert(msg:find(text, 1, true), msg)
end

-- ---- the object ----
local b = buffer(16)
assert(#b == 0 and b:capacity() == 16 and b:string() == "")
assert(tostring(b) == "buffer (0 of 16 bytes)")
has(err(buffer, 0), "bad argument #1 to 'buffer' (0 is outside 1..1073741824)")
has(err(buffer, 2 ^ 31), "bad argument #1 to 'buffer'")
has(err(buffer, "x"), "bad argument #1 to 'buffer' (number expected")
has(err(b.string, {}), "(ipcsim.buffer expected, got table)")
has(err(read, 0, b), "read: only a process can make system calls")

-- ---- arguments, data, short counts, end of file, EBADF ----
local r = {}
h:spawn("args", function()
  local a, w = pipe()
  r.over = err(read, a, b, 17)
  r.neg = err(read, a, b, -1)
  r.tbl = err(read, a, {})
  r.rng = err(read, a, rng("x"))
  r.recv = err(recv, a, {})
  write(w, "hello, world")
  r.n = read(a, b, 5)
  r.s1, r.len1 = b:string(), #b
  r.n2 = read(a, b)
  r.s2 = b:string()
  r.sub = { b:string(1, 2), b:string(-5), b:string(3), b:string(0, -6),
            b:string(5, 2), b:string(-100, 100) }
  r.tostr = tostring(b)
  r.zero = read(a, b, 0)
  write(w, "abc")
  r.conv = read(a, b, "2")                -- converted, as read(fd, "2")
  r.nilarg = read(a, b, nil)
  r.s3 = b:string()
  close(w)
  r.eof = read(a, b)
  r.eoflen = #b
  local a2, w2 = pipe()
  write(w2, "z")
  r.z = read(a2, b)
  r.bad = { read(99, b) }
  r.badlen = #b
  r.wronly = { read(w2, b) }
end)
run()
has(r.over, "bad argument #3 to 'read' (17 is over the buffer's capacity, 16 bytes)")
has(r.neg, "bad argument #3 to 'read' (-1 is outside")
has(r.tbl, "bad argument #2 to 'read' (number or buffer expected, got table)")
has(r.rng, "bad argument #2 to 'read' (number or buffer expected, got ipcsim.rng)")
has(r.recv, "bad argument #2 to 'recv' (number or buffer expected, got table)")
assert(r.n == 5 and r.s1 == "hello" and r.len1 == 5)
assert(r.n2 == 7 and r.s2 == ", world")
assert(r.sub[1] == ", " and r.sub[2] == "world" and r.sub[3] == "world")
assert(r.sub[4] == ", " and r.sub[5] == "" and r.sub[6] == ", world")
assert(r.tostr == "buffer (7 of 16 bytes)")
assert(r.zero == 0)
assert(r.conv == 2 and r.nilarg == 1 and r.s3 == "c")
assert(r.eof == 0 and r.eoflen == 0 and r.z == 1)
fails("EBADF", 9, table.unpack(r.bad))
assert(r.badlen == 0)
fails("EBADF", 9, table.unpack(r.wronly))

-- ---- blocking on the direct path: woken by data; killed by SIGTERM ----
local w = {}
h:spawn("reader", function()
  local a, c = pipe()
  local buf = buffer(100)
  w.pid = getpid()
  local t1 = now()
  fork(function() sleep(1); w.wrote = write(c, "hello") end)
  w.first = read(a, buf)
  w.s, w.at = buf:string(), now() - t1
  w.second = read(a, buf)
  w.after = true
end)
at(now() + 2, function() h:kill(w.pid, SIGTERM) end)
run()
assert(w.wrote == 5 and w.first == 5 and w.s == "hello" and w.at == 1)
assert(w.second == nil and w.after == nil)

-- ---- a handler: the read restarted, then EINTR after siginterrupt ----
local sg = {}
h:spawn("caught", function()
  local c, d = pipe()
  local buf = buffer(64)
  signal(SIGUSR1, function() sg.handled = (sg.handled or 0) + 1 end)
  sg.pid = getpid()
  fork(function() sleep(2); write(d, "late") end)
  sg.first = read(c, buf)
  sg.data = buf:string()
  siginterrupt(SIGUSR1, true)
  sg.second = { read(c, buf) }
  sg.len = #buf
  sg.third = { recv(c, buf) }
end)
local t0 = now()
at(t0 + 1, function() h:kill(sg.pid, SIGUSR1) end)
at(t0 + 3, function() h:kill(sg.pid, SIGUSR1) end)
at(t0 + 4, function() h:kill(sg.pid, SIGUSR1) end)
run()
assert(sg.handled == 3 and sg.first == 4 and sg.data == "late")
fails("EINTR", 4, table.unpack(sg.second))
assert(sg.len == 0)
fails("EINTR", 4, table.unpack(sg.third))

-- ---- the same bytes as the string form, in pieces over a stream ----
local big = {}
for i = 1, 20000 do big[i] = string.format("%09d\n", i) end
big = table.concat(big)
local t = {}
h:spawn("streams", function()
  local p, q = socketpair(AF_UNIX, SOCK_STREAM, 0)
  local p2, q2 = socketpair(AF_UNIX, SOCK_STREAM, 0)
  fork(function()
    close(p); close(p2); close(q2)
    local buf, parts, counts = buffer(65536), {}, {}
    while true do
      local n = read(q, buf)
      if not n or n == 0 then break end
      assert(n == #buf)
      parts[#parts + 1], counts[#counts + 1] = buf:string(), n
    end
    t.got, t.counts = table.concat(parts), counts
  end)
  fork(function()
    close(p); close(p2); close(q)
    local parts, counts = {}, {}
    while true do
      local got = read(q2, 65536)
      if not got or got == "" then break end
      parts[#parts + 1], counts[#counts + 1] = got, #got
    end
    t.got2, t.counts2 = table.concat(parts), counts
  end)
  t.wrote = write(p, big)
  close(p)
  t.wrote2 = write(p2, big)
  close(p2)
end)
run()
assert(t.wrote == #big and t.wrote2 == #big)
assert(t.got == big and t.got2 == big)
assert(#t.counts == #t.counts2 and #t.counts > 1)
for i = 1, #t.counts do assert(t.counts[i] == t.counts2[i]) end

-- ---- a file ----
local f = {}
h:spawn("file", function()
  local fd = assert(open("/buf", O_RDWR | O_CREAT | O_TRUNC))
  write(fd, "file bytes")
  lseek(fd, 0, SEEK_SET)
  local buf = buffer(4)
  f.a = read(fd, buf); f.sa = buf:string()
  f.b = read(fd, buf, 3); f.sb = buf:string()
  f.c = read(fd, buf); f.sc = buf:string()
  f.d = read(fd, buf)
  close(fd)
end)
run()
assert(f.a == 4 and f.sa == "file" and f.b == 3 and f.sb == " by")
assert(f.c == 3 and f.sc == "tes" and f.d == 0)

-- ---- a terminal: one canonical line per read ----
local term = h:terminal {}
local y = {}
h:spawn("tty", function()
  local buf = buffer(100)
  y.n = read(0, buf)
  y.s = buf:string()
  y.n2 = read(0, buf, 2)
  y.s2 = buf:string()
end, { tty = term })
h:spawn("user", function() term:type("a line\rxyz\r", 0) end)
run()
assert(y.n == 7 and y.s == "a line\n" and y.n2 == 2 and y.s2 == "xy")

-- ---- TCP: MSG_WAITALL, MSG_PEEK, EWOULDBLOCK, SO_RCVTIMEO ----
local c = {}
m:spawn("server", function()
  local l = socket(AF_INET, SOCK_STREAM, 0)
  assert(bind(l, { family = AF_INET, port = 9 }))
  listen(l, 1)
  local g = accept(l)
  local buf, peek = buffer(30000), buffer(10)
  c.all = recv(g, buf, MSG_WAITALL)
  c.alldata = buf:string()
  c.peek = recv(g, peek, MSG_PEEK)
  c.next = read(g, peek)
  c.same = peek:string()
  assert(ioctl(g, FIONBIO, 1) == 0)
  local got = {}
  while true do
    local n, e = read(g, buf)
    if n == 0 then break end
    if n then got[#got + 1] = buf:string() else
      assert(e == "EWOULDBLOCK" and #buf == 0)
      c.wouldblock = true
      assert(ioctl(g, FIONBIO, 0) == 0)
    end
  end
  c.rest = table.concat(got)
  local u = socket(AF_INET, SOCK_DGRAM, 0)
  assert(bind(u, { family = AF_INET, port = 10 }))
  assert(setsockopt(u, SOL_SOCKET, SO_RCVTIMEO, 0.5))
  c.timeo = { read(u, buf) }
  c.timeo_at = now()
end)
local DATA = string.rep("0123456789", 10000)
m:spawn("client", function()
  sleep(0.1)
  local s = socket(AF_INET, SOCK_STREAM, 0)
  assert(connect(s, { family = AF_INET, addr = "128.32.1.2", port = 9 }))
  write(s, DATA)
  close(s)
end)
run()
assert(c.all == 30000 and c.alldata == DATA:sub(1, 30000))
assert(c.peek == 10 and c.next == 10 and c.same == "0123456789")
assert(c.wouldblock and c.rest == DATA:sub(30011))
fails("EWOULDBLOCK", 35, table.unpack(c.timeo))

-- ---- UDP: recvfrom into a buffer, a datagram cut to its capacity ----
local u = {}
h:spawn("udp", function()
  local s = socket(AF_INET, SOCK_DGRAM, 0)
  assert(bind(s, { family = AF_INET, port = 7000 }))
  local small = buffer(5)
  local n, from = recvfrom(s, small)
  u.n, u.s, u.from = n, small:string(), from
  u.r = read(s, small, 3)
  u.rs = small:string()
  u.all = recv(s, small, MSG_WAITALL)     -- datagrams: no waiting for all
  u.alls = small:string()
end)
h:spawn("udp-send", function()
  sleep(0.1)
  local s = socket(AF_INET, SOCK_DGRAM, 0)
  local to = { family = AF_INET, addr = "127.0.0.1", port = 7000 }
  sendto(s, "hello, world", 0, to)
  sendto(s, "second", 0, to)
  sendto(s, "xy", 0, to)
end)
run()
assert(u.n == 5 and u.s == "hello" and u.from.addr == "127.0.0.1")
assert(u.r == 3 and u.rs == "sec" and u.all == 2 and u.alls == "xy")
print("buffer ok")
