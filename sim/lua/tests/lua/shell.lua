-- shell.lua: the tiny login shell of scenarios/lib/shell.lua and its
-- programs, driven by a scripted user at a terminal: echo, ls, yes ended
-- by ^C (the shell survives and prompts again), cat until ^D, an unknown
-- command, sleep, and exit.
local shell = require "shell"
local h = host { name = "degas" }
local term = h:terminal { speed = 9600 }
local sh = h:spawn("sh", function() shell.sh() end, { tty = term })
local t_intr, t_prompt
h:spawn("user", function()
  assert(term:wait("degas$ "))
  term:type("echo hi  there\r")
  assert(term:wait("hi there\r\ndegas$ "))
  term:type("ls /dev\r")
  assert(term:wait("ttyqf\r\ndegas$ "))
  term:type("yes\r")
  sleep(2)
  term:type("\3")
  t_intr = now()
  assert(term:wait("^C\r\ndegas$ "))
  t_prompt = now()
  term:type("cat\rabc\r\4")
  assert(term:wait("abc\r\nabc\r\ndegas$ "))
  term:type("bogus\r")
  assert(term:wait("bogus: not found\r\ndegas$ "))
  term:type("sleep 1\r")
  local t0 = now()
  assert(term:wait("degas$ "))
  assert(now() - t0 >= 1)
  term:type("exit\r")
end)
run { stop = "60s" }
assert(#h:ps() == 0, "the shell (pid " .. sh .. ") and the user have exited")
-- ^C's flush dropped the queued y's: the prompt came within a few
-- character times (9600 b/s: about 1 ms each), not a queue's worth.
assert(t_prompt - t_intr < 0.05, t_prompt - t_intr)
print("shell ok")
