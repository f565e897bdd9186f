-- sim/lua/tests/lua/limits.lua: resource limits reached from Lua, each
-- failing as 4.4BSD fails (issue 15, the standing harness): socket buffer
-- sizes beyond sbreserve's limit (sb_max's share, 246723 bytes) give
-- ENOBUFS (55), however large or negative the number, and change
-- nothing; 0 is accepted; a process holds at most OPEN_MAX (64)
-- descriptors, then EMFILE (24); a number that cannot be an int is an
-- argument error with a message, never a wrapped value.
local lan = ethernet { name = "lan0" }
local a = host { name = "a", iface = { lan, "128.32.1.1/16" } }
local done = {}

local function is_err(name, num, ok, err, n)
  assert(ok == nil and err == name and n == num, string.format(
         "want %s (%d), got %s %s %s", name, num, tostring(ok), tostring(err),
         tostring(n)))
end

a:spawn("buffers", function()
  local s = assert(socket(AF_INET, SOCK_DGRAM, 0))
  for _, opt in ipairs { SO_SNDBUF, SO_RCVBUF } do
    assert(setsockopt(s, SOL_SOCKET, opt, 246723) == 0)
    for _, v in ipairs { 246724, 1e12, 2 ^ 31 // 1 - 1, 2 ^ 31 // 1, -1,
                         -2 ^ 31 // 1, -1e12, math.maxinteger,
                         math.mininteger } do
      is_err("ENOBUFS", 55, setsockopt(s, SOL_SOCKET, opt, v))
      assert(getsockopt(s, SOL_SOCKET, opt) == 246723, "unchanged")
    end
    assert(setsockopt(s, SOL_SOCKET, opt, 0) == 0)
    assert(getsockopt(s, SOL_SOCKET, opt) == 0)
  end
  -- A closed descriptor is EBADF before the value is looked at.
  is_err("EBADF", 9, setsockopt(63, SOL_SOCKET, SO_SNDBUF, 1e12))
  -- Not an int: an argument error naming the range, not fd 3 or 0 seconds.
  local ok, err = pcall(setsockopt, s, SOL_SOCKET, SO_REUSEADDR, 1e12)
  assert(not ok and err:find("outside"), tostring(err))
  ok, err = pcall(setsockopt, 2 ^ 32 // 1 + s, SOL_SOCKET, SO_REUSEADDR, 1)
  assert(not ok and err:find("outside"), tostring(err))
  ok, err = pcall(setsockopt, s, SOL_SOCKET, SO_LINGER,
                  { l_onoff = 1, l_linger = 2 ^ 40 // 1 })
  assert(not ok and err:find("l_linger"), tostring(err))
  ok, err = pcall(setsockopt, s, SOL_SOCKET, SO_SNDBUF, 1.5)
  assert(not ok and err:find("integer"), tostring(err))
  close(s)
  done.buffers = true
end)

a:spawn("descriptors", function()
  local fds = {}
  for _ = 1, 100 do
    local fd, err, num = socket(AF_INET, SOCK_DGRAM, 0)
    if not fd then
      is_err("EMFILE", 24, fd, err, num)
      break
    end
    fds[#fds + 1] = fd
  end
  local top = 0
  for _, fd in ipairs(fds) do top = math.max(top, fd) end
  assert(top == 63, "descriptors end at 63, got " .. top)
  is_err("EMFILE", 24, dup(fds[1]))
  is_err("EMFILE", 24, pipe())
  assert(close(fds[1]))
  assert(dup(fds[2]) == fds[1], "the freed number is reused")
  done.descriptors = true
end)

-- A descriptor or flag that does not fit an int is refused, never
-- wrapped: 2^32 + s would be s (or 0) cut to 32 bits.
a:spawn("wide", function()
  local s = assert(socket(AF_INET, SOCK_DGRAM, 0))
  for _, call in ipairs { { close, s + 2^32 }, { dup, 2^32 }, { fstat, -2^40 },
                          { send, s + 2^32, "x" }, { recv, s, 1, 2^31 },
                          { listen, 2^33, 1 }, { bsdselect, 2^32 } } do
    local ok, err = pcall(call[1], table.unpack(call, 2))
    assert(not ok and err:find("is outside %-2147483648%.%.2147483647"),
           tostring(err))
  end
  assert(close(s) == 0, "s is still open: the wide close did not touch it")
  done.wide = true
end)

run { stop = "1s" }
assert(done.buffers and done.descriptors and done.wide,
       "a process did not finish")
print("limits ok")
