-- sim/lua/tests/lua/sig.lua: signals: numbers, signal/sigset, kill, alarm,
-- handlers running in the process (and blocking), EINTR against restart,
-- sigpause/pause, masks, default actions, and the primer's SIGCHLD
-- reaper (section 5.6). Every check is an exact value; times in ns.

local function ns() return math.floor(now() * 1e9 + 0.5) end
local h = host { name = "degas" }

-- 4.4BSD numbers, not this machine's
assert(SIGHUP == 1 and SIGKILL == 9 and SIGPIPE == 13 and SIGALRM == 14)
assert(SIGURG == 16 and SIGSTOP == 17 and SIGCHLD == 20 and SIGIO == 23)
assert(SIGWINCH == 28 and SIGINFO == 29 and SIGUSR1 == 30 and SIGUSR2 == 31)
assert(NSIG == 32 and WNOHANG == 1 and sigmask(SIGCHLD) == 1 << 19)

-- signal returns the previous handler; SIGKILL cannot be caught
local r = {}
h:spawn("disp", function()
  local f = function() end
  r.first = signal(SIGINT, f)
  r.second = signal(SIGINT, SIG_IGN)
  r.third = sigset(SIGINT, SIG_DFL)
  r.kill = { signal(SIGKILL, f) }
end)
run()
assert(r.first == SIG_DFL and type(r.second) == "function" and r.third == SIG_IGN)
assert(r.kill[1] == nil and r.kill[2] == "EINVAL" and r.kill[3] == 22)

-- kill to self: the handler runs before kill returns
local order = {}
h:spawn("self", function()
  signal(SIGUSR1, function(sig) order[#order + 1] = "handler " .. sig end)
  local rv = kill(getpid(), SIGUSR1)
  order[#order + 1] = "kill returned " .. rv
end)
run()
assert(table.concat(order, ", ") == "handler 30, kill returned 0")

-- alarm breaks sleep early: sleep returns the time left, the handler has
-- run; alarm returns what the previous alarm had left
local a = {}
local t0 = ns()
h:spawn("alarm", function()
  signal(SIGALRM, function() a.handler_at = ns() end)
  a.none = alarm(10)
  a.prev = alarm(2)
  a.left = sleep(5)
  a.woke = ns()
  a.cancel = alarm(0)
end)
run()
assert(a.none == 0 and a.prev == 10)
assert(a.handler_at == t0 + 2000000000 and a.woke == a.handler_at)
assert(a.left == 3 and a.cancel == 0)

-- a handler may block (it sleeps); the interrupted sleep returns after it
local b = {}
t0 = ns()
h:spawn("blocking-handler", function()
  signal(SIGALRM, function()
    b.h1 = ns(); sleep(1); b.h2 = ns()
  end)
  alarm("500ms")
  b.left = sleep(10)
  b.back = ns()
end)
run()
assert(b.h1 == t0 + 500000000 and b.h2 == t0 + 1500000000)
assert(b.back == b.h2 and b.left == 9.5)

-- EINTR against restart: wait() broken by SIGALRM is restarted (signal
-- sets SA_RESTART) unless siginterrupt(SIGALRM, 1) was called
local function waiter(interrupt)
  local res = {}
  h:spawn("waiter", function()
    signal(SIGALRM, function() res.handler = ns() end)
    if interrupt then siginterrupt(SIGALRM, 1) end
    local c = fork(function() sleep(5) end)
    alarm(1)
    res.ret = { wait() }
    res.at = ns()
    res.child = c
    if interrupt then res.later = { wait() } end
  end)
  return res
end
t0 = ns()
local restarted = waiter(false)
run()
assert(restarted.handler == t0 + 1000000000)
assert(restarted.ret[1] == restarted.child and restarted.at == t0 + 5000000000)
t0 = ns()
local broken = waiter(true)
run()
assert(broken.handler == t0 + 1000000000 and broken.at == broken.handler)
assert(broken.ret[1] == nil and broken.ret[2] == "EINTR" and broken.ret[3] == 4)
assert(#broken.ret == 3, "the restart flag does not reach the scenario")
assert(broken.later[1] == broken.child)

-- pause and sigpause: always EINTR, after the handler ran; sigpause's
-- mask holds only while it waits
local p = {}
h:spawn("pause", function()
  signal(SIGUSR2, function() p.ran = ns(); p.mask_in = sigblock(0) end)
  sigblock(sigmask(SIGUSR1))
  local pid = getpid()
  fork(function() sleep(1); kill(pid, SIGUSR2) end)
  p.ret = { pause() }
  p.mask_after = sigblock(0)
  fork(function() sleep(1); kill(pid, SIGUSR2) end)
  p.ret2 = { sigpause(sigmask(SIGINT)) }
  p.mask_after2 = sigblock(0)
  wait(); wait()
end)
run()
assert(p.ret[2] == "EINTR" and p.ret[3] == 4 and #p.ret == 3)
assert(p.mask_after == sigmask(SIGUSR1))
assert(p.ret2[2] == "EINTR" and p.mask_after2 == sigmask(SIGUSR1))
assert(p.mask_in == sigmask(SIGINT) | sigmask(SIGUSR2), "handler: sigpause mask + sig")

-- a blocked signal waits; sigsetmask unblocking it delivers it before
-- sigsetmask returns
local m = {}
h:spawn("mask", function()
  signal(SIGUSR1, function() m[#m + 1] = "handler" end)
  sigblock(sigmask(SIGUSR1))
  kill(getpid(), SIGUSR1)
  m[#m + 1] = "after kill"
  sigsetmask(0)
  m[#m + 1] = "after setmask"
end)
run()
assert(table.concat(m, ", ") == "after kill, handler, after setmask")

-- default actions: SIGTERM kills a sleeping child (its parent sees
-- WTERMSIG), SIGCHLD and SIGURG are ignored, SIG_IGN holds, SIGKILL wins
local d = {}
h:spawn("defaults", function()
  local c = fork(function() sleep(100) end)
  sleep(1)
  kill(c, SIGTERM)
  local pid, st = wait()
  d.term = { pid == c, WIFSIGNALED(st), WTERMSIG(st), WIFEXITED(st), ns() }
  kill(getpid(), SIGURG)
  kill(getpid(), SIGCHLD)
  d.alive = true
  c = fork(function() signal(SIGTERM, SIG_IGN); sleep(2) end)
  sleep(1)
  kill(c, SIGTERM)
  pid, st = wait(); assert(pid == c)
  d.ign = { WIFEXITED(st), ns() }
  c = fork(function() signal(SIGINT, function() end); sleep(100) end)
  sleep(1)
  kill(c, SIGKILL)
  pid, st = wait(); assert(pid == c)
  d.kill = { WTERMSIG(st), ns() }
  local me = getpid()
  c = fork(function() exit(kill(me, 0) == 0 and 7 or 8) end)
  pid, st = wait(); assert(pid == c)
  d.probe = WEXITSTATUS(st)
  c = fork(function() kill(getpid(), SIGUSR2); exit(1) end)
  pid, st = wait(); assert(pid == c)
  d.self = WTERMSIG(st)
end)
t0 = ns()
run()
assert(d.term[1] and d.term[2] and d.term[3] == SIGTERM and not d.term[4])
assert(d.term[5] == t0 + 1000000000 and d.alive)
assert(d.ign[1] and d.ign[2] == t0 + 3000000000)
assert(d.kill[1] == SIGKILL and d.kill[2] == t0 + 4000000000)
assert(d.probe == 7 and d.self == SIGUSR2)

-- a terminating signal ends a process blocked where a caught one could
-- not interrupt (iface:recv sleeps uninterruptibly)
local lan = ethernet { name = "lan0" }
local h2 = host { name = "renoir", iface = { lan } }
local rk = {}
h2:spawn("recv", function()
  signal(SIGUSR1, function() rk.handled = ns() end)
  local c = fork(function() h2:iface(1):recv() end)
  sleep(1)
  kill(c, SIGUSR1)          -- caught by the child: does not break recv
  sleep(1)
  rk.alive = h2:ps()[2].state
  kill(c, SIGTERM)
  local pid, st = wait(); assert(pid == c)
  rk.st = { WTERMSIG(st), ns() }
end)
t0 = ns()
run()
assert(rk.alive == "sleep" and rk.handled == nil)
assert(rk.st[1] == SIGTERM and rk.st[2] == t0 + 2000000000)

-- kill's errors: no process, no permission (uid), bad signal number
local e = {}
h:spawn("victim", function() sleep(1) end)
h:spawn("user", function()
  e.srch = { kill(999, SIGTERM) }
  e.perm = { kill(e.victim, SIGTERM) }
  e.inval = { kill(getpid(), 99) }
  e.pg1 = { killpg(1, SIGTERM) }
  e.cont = kill(e.victim, SIGCONT)
end, { uid = 100 })
e.victim = h:ps()[1].pid
run()
assert(e.srch[2] == "ESRCH" and e.srch[3] == 3)
assert(e.perm[2] == "EPERM" and e.perm[3] == 1)
assert(e.inval[2] == "EINVAL" and e.inval[3] == 22)
assert(e.pg1[2] == "ESRCH" and e.cont == 0)

-- fork copies the handlers; exit from a handler ends the process
local f = {}
h:spawn("inherit", function()
  signal(SIGUSR1, function() exit(9) end)
  local c = fork(function() sleep(10) end)
  kill(c, SIGUSR1)
  local pid, st = wait(); assert(pid == c)
  f.st = WEXITSTATUS(st)
end)
run()
assert(f.st == 9)

-- h:kill from outside (an at() callback), as the operator would
local o = {}
local victim = h:spawn("target", function()
  signal(SIGHUP, function() o.hup = ns() end)
  o.left = sleep(10)
end)
t0 = ns()
at(now() + 2, function()
  o.r = h:kill(victim, SIGHUP)
  o.none = { h:kill(4242, SIGHUP) }
end)
run()
assert(o.r == 0 and o.hup == t0 + 2000000000 and o.left == 8)
assert(o.none[2] == "ESRCH")

-- The primer's Figure 2 server with the section 5.6 reaper: children
-- exit at different times; the SIGCHLD handler reaps them with
-- wait3(WNOHANG) while the parent is blocked; no zombie is left.
local reaped, zombies_seen = {}, nil
local srv = h:spawn("rlogind", function()
  local function reaper()
    while true do
      local pid = wait3(WNOHANG)
      if not pid or pid <= 0 then break end
      reaped[#reaped + 1] = pid
    end
  end
  sigset(SIGCHLD, reaper)
  for i = 1, 3 do
    fork(function() sleep(i) end)      -- doit(g, &from)
  end
  fork(function() sleep(2) end)        -- two exit at the same time
  local left = sleep(10)               -- stands for the accept loop
  while left > 0 do left = sleep(left) end
  zombies_seen = 0
  for _, ps in ipairs(h:ps()) do
    if ps.state == "zombie" then zombies_seen = zombies_seen + 1 end
  end
end)
run()
assert(#reaped == 4, "all four reaped, got " .. #reaped)
assert(reaped[1] == srv + 1 and reaped[4] == srv + 3)
assert(zombies_seen == 0 and #h:ps() == 0)

-- Without the reaper the same server leaves zombies.
h:spawn("careless", function()
  for i = 1, 2 do fork(function() sleep(i) end) end
  sleep(3)
  local n = 0
  for _, ps in ipairs(h:ps()) do
    if ps.state == "zombie" then n = n + 1 end
  end
  assert(n == 2, "two zombies, got " .. n)
end)
run()
print("sig ok")
