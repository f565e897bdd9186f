-- sim/lua/tests/lua/select.lua: bsdselect (BSD's select) over two sockets
-- with integer masks:
-- a timeout returns 0 (4.4BSD, not the 4.2 draft's EINTR) at exactly the
-- deadline; a datagram arriving on one socket wakes it at the moment it is
-- sent; a poll (timeout 0) never blocks; writability; EOF is readable;
-- files are always ready; EBADF for a closed descriptor's bit, EINVAL for
-- nfds < 0. Lua's own select, both forms, works everywhere, with arguments
-- that would be a BSD select's.

local function ns() return math.floor(now() * 1e9 + 0.5) end
local h = host { name = "renoir" }
local steps = {}

h:spawn("selector", function()
  local a1, a2 = socketpair(AF_UNIX, SOCK_STREAM, 0)    -- 3, 4
  local b = socket(AF_UNIX, SOCK_DGRAM, 0)              -- 5
  assert(a1 == 3 and a2 == 4 and b == 5)
  assert(bind(b, { family = AF_UNIX, path = "/sel" }) == 0)
  local mask = (1 << a1) | (1 << b)
  local n, r, w, e = bsdselect(6, mask, nil, nil, "250ms")
  assert(n == 0 and r == 0 and w == 0 and e == 0, "timeout gives 0")
  steps[#steps + 1] = ns()
  n, r = bsdselect(6, mask, nil, nil, 0)
  assert(n == 0 and r == 0 and ns() == 250000000, "a poll returns at once")
  n, r = bsdselect(6, mask, nil, nil, 5)         -- the writer sends at 1 s
  assert(n == 1 and r == (1 << b), "b is readable")
  steps[#steps + 1] = ns()
  assert(recv(b, 10, 0) == "wake")
  n, r, w = bsdselect(6, nil, (1 << a2) | (1 << b), nil, 0)
  assert(n == 2 and r == 0 and w == (1 << a2) | (1 << b), "room to write")
  close(a2)
  n, r = bsdselect(6, 1 << a1, nil, nil)
  assert(n == 1 and r == 1 << a1 and read(a1, 10) == "", "EOF is readable")
  local x, err, num = bsdselect(6, 1 << a2, nil, nil, 0)
  assert(x == nil and err == "EBADF" and num == 9, "a closed descriptor")
  local f = creat("/tmp.txt", 420)
  assert(f == 4)
  n, r, w = bsdselect(6, 1 << f, 1 << f, nil)
  assert(n == 2 and r == 1 << 4 and w == 1 << 4, "a file is always ready")
  x, err, num = bsdselect(-1, nil, nil, nil, 0)
  assert(x == nil and err == "EINVAL" and num == 22, "nfds < 0")
  steps[#steps + 1] = ns()
  -- Lua's select in a process, with what could be a BSD select's arguments
  assert(select("#", 3, 1, nil, nil, 0) == 5, "select('#') in a process")
  assert(select(2, 3, 1 << f, 7) == 1 << f, "select(n, ...) in a process")
  assert(select(-1, "a", "b") == "b", "select(-n, ...)")
  assert(ns() == 1000000000, "Lua's select never waits")
end)

h:spawn("writer", function()
  sleep(1)
  local s = socket(AF_UNIX, SOCK_DGRAM, 0)
  assert(sendto(s, "wake", 0, { family = AF_UNIX, path = "/sel" }) == 4)
end)

run { stop = "10s" }
assert(select("#", "a", "b") == 2, "Lua's select('#') still works")
assert(select(2, "a", "b", "c") == "b", "Lua's select(n, ...) too")
local ok, msg = pcall(bsdselect, 1, 1, nil, nil, 0)
assert(not ok and msg:find("bsdselect: only a process"), msg)
assert(table.concat(steps, " ") == "250000000 1000000000 1000000000",
       table.concat(steps, " "))
print("select ok")
