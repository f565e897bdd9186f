-- sim/lua/tests/lua/proc.lua: processes: ids, spawn options, fork, exit,
-- wait/wait3/waitpid, zombies in host:ps(), process groups.
-- Every check is an exact value; times are in ns.

local function ns() return math.floor(now() * 1e9 + 0.5) end
local h = host { name = "monet" }

-- ids and spawn options
local ids = {}
h:spawn("root", function()
  ids.root = { getpid(), getppid(), getpgrp(), getuid(), gethostname() }
end)
h:spawn("user", function()
  ids.user = { getpid(), getppid(), getpgrp(), getuid() }
end, { uid = 100, pgrp = 7 })
run()
assert(table.concat(ids.root, " ") == "1 0 1 0 monet", table.concat(ids.root, " "))
assert(table.concat(ids.user, " ") == "2 0 7 100")
assert(#h:ps() == 0, "spawned processes leave no zombie")

-- fork: the child runs fn with the parent as parent, in its group, as
-- its uid; exit(3) is status 3 << 8; a second wait is ECHILD.
local log = {}
local ppid
ppid = h:spawn("parent", function()
  local c = fork(function()
    log.child = { getpid(), getppid(), getpgrp(), getuid() }
    sleep("1ms")
    exit(3)
    error("not reached")
  end)
  log.forked = c
  local pid, status = wait()
  log.wait = { pid, status, ns() }
  assert(WIFEXITED(status) and WEXITSTATUS(status) == 3)
  assert(not WIFSIGNALED(status) and not WIFSTOPPED(status))
  log.again = { wait() }
end, { uid = 5 })
run()
assert(log.forked == ppid + 1)
assert(table.concat(log.child, " ") == (ppid + 1) .. " " .. ppid .. " " .. ppid .. " 5")
assert(log.wait[1] == ppid + 1 and log.wait[2] == 0x300)
assert(log.wait[3] == 1000000 + 0, "wait returns at the child's exit")
assert(log.again[1] == nil and log.again[2] == "ECHILD" and log.again[3] == 10)

-- A child returning from fn is exit(0); an unreaped child is a zombie in
-- ps until waited for; wait3(WNOHANG) gives 0 while children live.
local t0 = ns()
local z = {}
local p3 = h:spawn("srv", function()
  local a = fork(function() sleep(1) end)
  local b = fork(function() sleep(2) end)
  z.nohang = wait3(WNOHANG)
  sleep(3)
  z.ps = h:ps()
  z.w1 = { waitpid(b, 0) }
  z.w2 = { wait3(WNOHANG) }
  z.w3 = { wait3(WNOHANG) }
  z.a = a
end)
run()
assert(z.nohang == 0)
assert(#z.ps == 3, "parent and two zombies")
assert(z.ps[1].pid == p3 and z.ps[1].state == "run" and z.ps[1].ppid == 0)
for i = 2, 3 do
  local e = z.ps[i]
  assert(e.state == "zombie" and e.ppid == p3 and e.pgrp == p3)
  assert(e.name == "srv" and e.uid == 0)
end
assert(z.w1[1] == p3 + 2 and z.w1[2] == 0)
assert(z.w2[1] == z.a and z.w2[2] == 0)
assert(z.w3[1] == nil and z.w3[2] == "ECHILD")
assert(ns() == t0 + 3000000000)

-- A parent that exits first leaves no zombie behind (init reaps).
h:spawn("quitter", function()
  fork(function() sleep(1) end)
end)
run()
assert(#h:ps() == 0)

-- setpgrp: a child into its own group, then into another; killpg.
local g = {}
h:spawn("pg", function()
  local me = getpid()
  local c = fork(function() sleep(10) end)
  g.own = setpgrp(c, 0)
  g.bad = { setpgrp(c, 4242) }
  g.nochild = { setpgid(1, 0) }
  for _, e in ipairs(h:ps()) do if e.pid == c then g.pgrp = e.pgrp end end
  g.kill = killpg(c, SIGKILL)
  local pid, st = wait()
  g.dead = { pid == c, WIFSIGNALED(st), WTERMSIG(st), ns() }
  g.me = me
end)
local before = ns()
run()
assert(g.own == 0 and g.pgrp == g.me + 1)
assert(g.bad[2] == "EPERM" and g.bad[3] == 1)
assert(g.nochild[2] == "ESRCH" and g.nochild[3] == 3)
assert(g.kill == 0)
assert(g.dead[1] and g.dead[2] and g.dead[3] == SIGKILL and g.dead[4] == before)

-- Errors of the calls themselves.
assert(not pcall(getpid), "getpid outside a process is an error")
local ok, msg = pcall(fork, function() end)
assert(not ok and msg:match("fork: only a process"), msg)
print("proc ok")
