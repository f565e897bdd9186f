-- pty.lua: pseudo-terminals (primer 5.3; docs/lua-api.md, "Terminals"):
-- the search loop over /dev/ptyXX, a busy master (EIO), a slave without
-- its master (EIO), data both ways through the line discipline, and
-- packet mode: TIOCPKT_DATA before data, TIOCPKT_FLUSHREAD/FLUSHWRITE on
-- a flush (and on ^C), TIOCPKT_STOP/START on ^S/^Q, TIOCPKT_NOSTOP and
-- TIOCPKT_DOSTOP when the slave turns flow control off and on.
local h = host { name = "degas" }

-- The loop of the primer's section 5.3, as C has it.
local function getpty()
  for c in ("pqrs"):gmatch(".") do
    local line = "/dev/pty" .. c .. "0"
    if not stat(line) then break end
    for i = 1, 16 do
      line = "/dev/pty" .. c .. ("0123456789abcdef"):sub(i, i)
      local master = open(line, O_RDWR)
      if master and master > 0 then return master, line end
    end
  end
  return nil
end

h:spawn("server", function()
  local master, line = getpty()
  assert(master == 3 and line == "/dev/ptyp0", line)
  local m2, line2 = getpty()
  assert(m2 == 4 and line2 == "/dev/ptyp1", "p0 is busy: EIO, next")
  local x, e = open("/dev/ttyp5", O_RDWR)
  assert(x == nil and e == "EIO", "a slave needs its master")
  assert(stat("/dev/ttyp0").type == "chardev")
  assert(stat("/dev/ptyqf") and not stat("/dev/ptyr0"), "32 pairs, p and q")
  local slave = open("/dev/t" .. line:sub(7), O_RDWR)
  assert(slave == 5)
  -- master -> slave's line discipline (canonical, echo back to master)
  assert(write(master, "ls\r") == 3)
  assert(read(slave, 100) == "ls\n")
  assert(read(master, 100) == "ls\r\n", "the echo, with ONLCR")
  -- slave -> master
  assert(write(slave, "a\tb\n") == 4)
  assert(read(master, 100) == "a       b\r\n", "OXTABS and ONLCR")
  -- packet mode
  assert(ioctl(master, TIOCPKT, 1) == 0)
  write(slave, "hi\n")
  assert(read(master, 100) == "\0hi\r\n", "TIOCPKT_DATA first")
  write(slave, "lost")
  assert(ioctl(slave, TIOCFLUSH, FWRITE) == 0)
  assert(read(master, 100) == string.char(TIOCPKT_FLUSHWRITE))
  write(master, "\19")                             -- ^S
  assert(read(master, 100) == string.char(TIOCPKT_STOP))
  write(slave, "held")
  assert(bsdselect(5, 1 << master, nil, nil, 0) == 0, "stopped: nothing")
  write(master, "\17")                             -- ^Q
  assert(read(master, 100) == string.char(TIOCPKT_START))
  assert(read(master, 100) == "\0held")
  -- raw mode without ^S/^Q flow control: NOSTOP; back: DOSTOP
  local t = tcgetattr(slave)
  local saved = tcgetattr(slave)
  t.c_iflag = t.c_iflag & ~IXON
  t.c_lflag = t.c_lflag & ~(ICANON | ECHO)
  assert(tcsetattr(slave, TCSANOW, t) == 0)
  assert(read(master, 100) == string.char(TIOCPKT_NOSTOP))
  assert(tcsetattr(slave, TCSANOW, saved) == 0)
  assert(read(master, 100) == string.char(TIOCPKT_DOSTOP))
  -- ^C at the master: SIGINT to the slave's group, both queues flushed
  local child = fork(function()
    close(master)
    assert(setsid() == getpid())
    assert(ioctl(slave, TIOCSCTTY) == 0)
    assert(ioctl(slave, TIOCGPGRP) == getpid())
    write(slave, "ready\n")
    while true do write(slave, "y\n") end        -- until SIGINT
  end)
  assert(read(master, 100):sub(1, 7) == "\0ready\r")
  write(master, "\3")
  local bits = read(master, 100)
  assert(bits == string.char(TIOCPKT_FLUSHREAD | TIOCPKT_FLUSHWRITE),
         string.format("%q", bits))
  local pid, status = wait()
  assert(pid == child and WIFSIGNALED(status) and WTERMSIG(status) == SIGINT)
  assert(read(master, 100) == "\0^C", "the echo after the flush")
  -- the 4.3BSD sgttyb, as the primer's pty code sets RAW
  local b = ioctl(slave, TIOCGETP)
  assert(b.sg_flags == ECHO | CRMOD | XTABS and b.sg_ospeed == B9600)
  assert(b.sg_erase == 127 and b.sg_kill == 21)
  b.sg_flags = RAW
  assert(ioctl(slave, TIOCSETP, b) == 0)
  t = tcgetattr(slave)
  assert(t.c_lflag & (ICANON | ISIG | ECHO) == 0 and t.c_oflag & OPOST == 0)
  assert(ioctl(slave, TIOCGETP).sg_flags == RAW)
  b.sg_flags = CBREAK | ECHO
  assert(ioctl(slave, TIOCSETP, b) == 0)
  t = tcgetattr(slave)
  assert(t.c_lflag & ICANON == 0 and t.c_lflag & ISIG ~= 0 and t.c_lflag & ECHO ~= 0)
  local ok, msg = pcall(ioctl, slave, TIOCSETP, { sg_flags = "raw" })
  assert(not ok and msg:find("sg_ispeed", 1, true), msg)
  x, e = ioctl(open("/g", O_CREAT | O_RDWR), TIOCGETP)
  assert(x == nil and e == "ENOTTY")
  -- errors
  x, e = ioctl(open("/f", O_CREAT | O_RDWR), TIOCPKT, 1)
  assert(x == nil and e == "ENOTTY")
  close(master)
  x, e = write(slave, "x")
  assert(x == nil and e == "EIO", "the master is gone")
  assert(read(slave, 10) == "", "end of file")
  print("pty ok")
end)
run { stop = "10s" }
