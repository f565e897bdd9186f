-- tty-more.lua: the rest of the terminal calls (docs/lua-api.md,
-- "Terminals"): ^O discarding output, TIOCSTOP/TIOCSTART, FIONREAD,
-- F_SETOWN/F_GETOWN on a terminal, SIGHUP to the session leader when a
-- pty master closes, typing from an at() callback, and the errors of
-- h:terminal{}, spawn{ tty = }, tcsetattr's table and term:wait.
local h = host { name = "degas" }
local other = host { name = "monet" }
local term = h:terminal { name = "tty00", speed = 19200 }
local function fails(f, want)
  local ok, msg = pcall(f)
  assert(not ok and msg:find(want, 1, true), msg)
end
fails(function() h:terminal { name = "tty00" } end, "already has /dev/tty00")
fails(function() h:terminal { name = "a/b" } end, "not a device name")
fails(function() h:terminal { speed = 10 } end, "speed")
fails(function() h:terminal { sped = 9600 } end, "unknown field 'sped'")
fails(function() other:spawn("x", function() end, { tty = term }) end,
      "is not on host 'monet'")
fails(function() term:wait("x") end, "only a process")
assert(term:name() == "/dev/tty00" and tostring(term) == "terminal /dev/tty00")

local seen = {}
h:spawn("prog", function()
  local t = tcgetattr(0)
  assert(t.c_ospeed == 19200, "the terminal's speed")
  fails(function() tcsetattr(0, TCSANOW, { c_iflag = 1 }) end, "c_oflag")
  local bad = tcgetattr(0)
  bad.c_cc[VINTR] = 300
  fails(function() tcsetattr(0, TCSANOW, bad) end, "c_cc[8]")
  bad = tcgetattr(0)
  bad.c_lflag = -1
  fails(function() tcsetattr(0, TCSANOW, bad) end, "c_lflag")
  -- F_GETOWN on a terminal: minus its group; F_SETOWN takes a pid's group
  assert(fcntl(0, F_GETOWN) == -getpgrp())
  assert(fcntl(0, F_SETOWN, getpid()) == 0 and ioctl(0, TIOCGPGRP) == getpgrp())
  -- typed from an at() callback, all at once: a whole line to read, and
  -- SIGIO to the foreground group with FASYNC
  local io = 0
  signal(SIGIO, function() io = io + 1 end)
  assert(fcntl(0, F_SETFL, FASYNC) == 0)
  assert(ioctl(0, FIONREAD) == 0)
  seen.line = read(0, 100)
  assert(io == 1, "SIGIO on a line of input")
  assert(fcntl(0, F_SETFL, 0) == 0)
  -- TIOCSTOP holds output, TIOCSTART lets it go
  assert(ioctl(1, TIOCSTOP) == 0)
  write(1, "held\n")
  sleep(0.5)
  seen.stopped = term:screen()
  assert(ioctl(1, TIOCSTART) == 0)
  sleep(0.5)
  seen.started = term:screen()
  -- ^O: discard output until ^O again
  write(1, "start\n")
  sleep(1)                         -- the user types ^O at 2.5 s
  write(1, "discarded\n")
  sleep(1)                         -- ^O again at 3.5 s
  write(1, "shown\n")
  -- a pty master closing sends SIGHUP to the slave's session leader
  local m = open("/dev/ptyp0", O_RDWR)
  local child = fork(function()
    close(m)
    setsid()
    local s = open("/dev/ttyp0", O_RDWR)
    assert(ioctl(s, TIOCSCTTY) == 0)
    pause()
  end)
  sleep(0.1)
  close(m)
  local pid, st = wait()
  assert(pid == child and WTERMSIG(st) == SIGHUP, "hung up")
  seen.done = true
end, { tty = term })
at(1, function() term:type("typed at once\r") end)
h:spawn("user", function()
  sleep(2.5)
  term:type("\15", 0)
  sleep(1)
  term:type("\15", 0)
end)
run { stop = "10s" }
assert(seen.line == "typed at once\n", seen.line)
assert(not seen.stopped:find("held"), "TIOCSTOP")
assert(seen.started:find("held\r\n", 1, true), "TIOCSTART")
local scr = term:screen()
assert(scr:find("start\r\n^O", 1, true), "^O echoed")
assert(not scr:find("discarded"), "^O discarded the output")
assert(scr:find("shown\r\n", 1, true), "a second ^O lets it through")
assert(seen.done)
print("tty-more ok")
