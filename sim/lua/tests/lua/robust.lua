-- sim/lua/tests/lua/robust.lua: calls that used to crash or overflow
-- (issue 15, items 1 and 2), each with the answer 4.4BSD gives: TCP
-- requests on a socket whose connection was dropped (EINVAL: the pcb is
-- gone), a process powering its own host off (it ends there, also from a
-- signal handler), paths of 1024 bytes and more (ENAMETOOLONG), pids and
-- groups of -2^31, shutdown's how of 2^31-1, an empty write to an empty
-- file, a fork bomb.
local lan = ethernet { name = "lan0" }
local a = host { name = "a", iface = { lan, "128.32.1.1/16" } }
local b = host { name = "b", iface = { lan, "128.32.1.2/16" } }
local c = host { name = "c", iface = { lan, "128.32.1.3/16" } }
local d = host { name = "d", iface = { lan, "128.32.1.4/16" } }
local done = {}

local function is_err(name, ok, err)
  assert(ok == nil and err == name, string.format("want %s, got %s %s", name,
         tostring(ok), tostring(err)))
end

a:spawn("refused", function()
  local s = socket(AF_INET, SOCK_STREAM, 0)
  local peer = { family = AF_INET, addr = "128.32.1.2", port = 4000 }
  is_err("ECONNREFUSED", connect(s, peer))
  is_err("EINVAL", connect(s, peer))          -- a retry on the same socket
  is_err("EINVAL", bind(s, { family = AF_INET, addr = INADDR_ANY, port = 4001 }))
  is_err("EINVAL", listen(s, 5))
  is_err("EINVAL", shutdown(s, 1))
  assert(close(s))
  done.refused = true
end)

a:spawn("numbers", function()
  local min = -2 ^ 31 // 1
  is_err("ESRCH", kill(min, 0))
  is_err("ESRCH", killpg(min, 0))
  is_err("ESRCH", killpg(-5, 0))
  is_err("ECHILD", waitpid(min, WNOHANG))
  local s = socket(AF_INET, SOCK_DGRAM, 0)
  assert(shutdown(s, 2 ^ 31 // 1 - 1) == 0)
  assert(shutdown(s, min) == 0)
  close(s)
  local long = "/" .. string.rep("x", 1100)
  is_err("ENAMETOOLONG", mkdir(long))
  is_err("ENAMETOOLONG", creat(long))
  is_err("ENAMETOOLONG", open(long, O_RDONLY))
  local fd = assert(creat("/empty"))
  assert(write(fd, "") == 0)
  close(fd)
  done.numbers = true
end)

b:spawn("suicide", function()
  sleep(0.1)
  b:down()
  error("a process ran on after its host went down")
end)

c:spawn("handler", function()
  signal(SIGALRM, function()
    c:down()
    error("a handler ran on after its host went down")
  end)
  alarm(1)
  pause()
  error("a process ran on after its host went down")
end)

-- A fork bomb meets 4.4BSD's limits: 40 processes per user, 532 in all
-- (root may take the last one); fork fails with EAGAIN (35, also named
-- EWOULDBLOCK) and the host lives on.
local function bomb(uid)
  local n
  for i = 1, 1000 do
    local pid, err, num = fork(function() pause() end)
    if not pid then
      assert(num == 35, tostring(err))
      n = i - 1
      break
    end
  end
  done["bomb" .. uid] = n
end
d:spawn("user", function() bomb(7) end, { uid = 7 })
d:spawn("root", function() sleep(0.1) bomb(0) end)

run { stop = "5s" }
assert(done.bomb7 == 39 and done.bomb0 == 532 - 39 - 1,   -- user exited
       string.format("forked %s and %s", done.bomb7, done.bomb0))
-- 39 + 492 orphans: the scenario may start one more, not two.
d:spawn("last", function() pause() end)
local ok, err = pcall(d.spawn, d, "more", function() end)
assert(not ok and err:find("has 532 processes, its limit"), tostring(err))
assert(done.refused and done.numbers, "a process did not finish")
assert(not b:isup() and not c:isup())
print("robust ok")
