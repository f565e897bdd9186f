-- tty.lua: terminals (docs/lua-api.md, "Terminals"): a scripted user at
-- h:terminal{}, canonical input with erase, word erase and kill, echo,
-- raw input with tcsetattr, ^C and ^\ signalling the foreground group,
-- ^S/^Q stopping output, ^O discarding it, TIOCFLUSH, the controlling
-- terminal and its group, and each call's errors.
local h = host { name = "degas" }
local term = h:terminal { speed = 9600 }
local got = {}
local sigs = {}

h:spawn("reader", function()
  -- canonical lines
  for _ = 1, 2 do got[#got + 1] = read(0, 100) end
  -- raw (cbreak): bytes as typed, no echo
  local t = tcgetattr(0)
  assert(t.c_lflag & ICANON ~= 0 and t.c_cc[VINTR] == 3 and t.c_ospeed == 9600)
  assert(t.c_cc[VERASE] == 127 and t.c_cc[VKILL] == 21 and t.c_cc[VEOF] == 4)
  local saved = tcgetattr(0)
  t.c_lflag = t.c_lflag & ~(ICANON | ECHO)
  assert(tcsetattr(0, TCSANOW, t) == 0)
  got[#got + 1] = read(0, 100)
  assert(tcsetattr(0, TCSAFLUSH, saved) == 0)
  -- signals from the keyboard go to the foreground group
  signal(SIGINT, function(s) sigs[#sigs + 1] = s end)
  signal(SIGQUIT, function(s) sigs[#sigs + 1] = s end)
  assert(ioctl(0, TIOCGPGRP) == getpgrp(), "login made us the foreground")
  got[#got + 1] = read(0, 100)         -- ^C, ^\ interrupt; then a line
  -- the foreground group: only a group that exists
  local x, e = ioctl(0, TIOCSPGRP, 999)
  assert(x == nil and e == "EPERM", "no such group")
  -- output: ^S stops it, ^Q starts it; ^O discards; TIOCFLUSH
  write(1, string.rep("x", 50) .. "\n")
  sleep(1)
  write(1, "[after flush]\n")
  assert(ioctl(1, TIOCOUTQ) > 0)
  assert(ioctl(1, TIOCFLUSH, FWRITE) == 0 and ioctl(1, TIOCOUTQ) == 0)
  write(1, "end\n")
  -- errors
  x, e = tcsetattr(0, 7, t)
  assert(x == nil and e == "EINVAL", "unknown action")
  local s = socket(AF_UNIX, SOCK_STREAM, 0)
  x, e = tcgetattr(s)
  assert(x == nil and e == "ENOTTY")
  x, e = tcgetattr(40)
  assert(x == nil and e == "EBADF")
  x, e = setsid()
  assert(x == nil and e == "EPERM", "a group leader cannot setsid")
  local fd = open("/dev/tty", O_RDWR)
  assert(fd and write(fd, "via /dev/tty\n") == 13)
  fork(function()
    assert(setsid() == getpid(), "a child can")
    local y, ee = open("/dev/tty", O_RDWR)
    assert(y == nil and ee == "ENXIO", "no controlling terminal now")
    y, ee = ioctl(0, TIOCSCTTY)
    assert(y == nil and ee == "EPERM", "degas:reader's session holds it")
  end)
  wait()
end, { tty = term })

h:spawn("user", function()
  term:type("helo\127lo wrld\23world\r")   -- erase, word erase
  term:type("junk\21line two\r")          -- kill
  sleep(1)
  term:type("ab\r", 0)                     -- raw: no echo
  sleep(1)
  term:type("x\3y\28z\r")
  -- stopped output: nothing reaches the screen until ^Q
  assert(term:wait("xxxxxxxxxx"))
  term:type("\19", 0)
  local n = #term:screen()
  sleep(0.5)
  assert(#term:screen() == n, "^S stopped the output")
  term:type("\17", 0)
  assert(term:wait("x\r\n"))
  assert(term:wait("end\r\n"))
  assert(not term:screen():find("after flush"), "TIOCFLUSH dropped it")
  assert(term:wait("via /dev/tty"))
  local ok, e = term:wait("never", 1)
  assert(ok == nil and e == "ETIMEDOUT")
end)

run { stop = "20s" }
assert(got[1] == "hello world\n", got[1])
assert(got[2] == "line two\n", got[2])
assert(got[3] == "ab\n", got[3])        -- ICRNL still maps CR
assert(got[4] == "z\n", got[4])
assert(#sigs == 2 and sigs[1] == SIGINT and sigs[2] == SIGQUIT)
local scr = term:screen()
assert(scr:find("helo\b \blo wrld\b \b\b \b\b \b\b \bworld\r\n", 1, true), scr)
assert(scr:find("junk\b \b\b \b\b \b\b \bline two\r\n", 1, true))
assert(not scr:find("ab", 1, true), "raw without echo")
assert(scr:find("x^Cy^\\z\r\n", 1, true), "signal characters echo as ^X")
print("tty ok")
