-- fcntl.lua: fcntl(2) (docs/lua-api.md, "Any descriptor"): F_GETFL and
-- F_SETFL with FNDELAY and FASYNC (SIGIO to the owner), F_SETOWN and
-- F_GETOWN on a socket (SIGURG's target, as SIOCSPGRP), F_DUPFD,
-- F_GETFD/F_SETFD, and each error; killpg and setpgrp with them.
local h = host { name = "monet" }
h:spawn("init", function() end)     -- pid 1: killpg(1, sig) is ESRCH
h:spawn("fcntl", function()
  local a, b = socketpair(AF_UNIX, SOCK_STREAM, 0)
  assert(fcntl(a, F_GETFL) == O_RDWR, "a socket is read-write")
  assert(fcntl(0, F_GETFL) == O_RDONLY and fcntl(1, F_GETFL) == O_WRONLY)
  assert(fcntl(a, F_SETFL, FNDELAY) == 0)
  assert(fcntl(a, F_GETFL) == O_RDWR | FNDELAY)
  local x, e, n = read(a, 10)
  assert(x == nil and e == "EWOULDBLOCK" and n == 35, "FNDELAY: no wait")
  assert(fcntl(a, F_SETFL, 0) == 0 and fcntl(a, F_GETFL) == O_RDWR)
  -- SIGIO to the owner when data comes (FASYNC), and F_GETOWN.
  local io = 0
  signal(SIGIO, function() io = io + 1 end)
  assert(fcntl(a, F_GETOWN) == 0, "a socket starts with no owner")
  assert(fcntl(a, F_SETOWN, getpid()) == 0 and fcntl(a, F_GETOWN) == getpid())
  assert(ioctl(a, SIOCGPGRP) == getpid(), "F_SETOWN is SIOCSPGRP")
  assert(fcntl(a, F_SETFL, FASYNC) == 0 and fcntl(a, F_GETFL) == O_RDWR | FASYNC)
  write(b, "x")
  assert(io == 1, "SIGIO on data")
  assert(read(a, 1) == "x")
  assert(fcntl(a, F_SETFL, 0) == 0)
  write(b, "y")
  assert(io == 1, "no SIGIO without FASYNC")
  assert(read(a, 1) == "y")
  -- owner as a process group: SIGIO to the group.
  assert(fcntl(a, F_SETOWN, -getpgrp()) == 0 and fcntl(a, F_GETOWN) == -getpgrp())
  -- F_DUPFD, F_GETFD, F_SETFD
  assert(fcntl(a, F_DUPFD, 10) == 10 and fcntl(a, F_DUPFD, 10) == 11)
  assert(fcntl(10, F_GETFD) == 0 and fcntl(10, F_SETFD, FD_CLOEXEC) == 0)
  assert(fcntl(10, F_GETFD) == FD_CLOEXEC)
  assert(dup2(a, 10) == 10 and fcntl(10, F_GETFD) == 0, "a new descriptor clears it")
  x, e = fcntl(a, F_DUPFD, 64)
  assert(x == nil and e == "EINVAL", "F_DUPFD past the table")
  x, e, n = fcntl(a, 99)
  assert(x == nil and e == "EINVAL" and n == 22, "unknown cmd")
  x, e = fcntl(40, F_GETFL)
  assert(x == nil and e == "EBADF", "not open")
  local f = creat("/f", 420)
  x, e = fcntl(f, F_SETOWN, getpid())
  assert(x == nil and e == "ENOTTY", "a file has no owner")
  x, e = fcntl(f, F_SETOWN, 1)
  assert(x == nil and e == "ESRCH", "pid 1 has exited")
  assert(fcntl(f, F_SETFL, O_APPEND) == 0 and fcntl(f, F_GETFL) == O_WRONLY | O_APPEND)
  -- killpg and setpgrp (already there): the group gets the signal.
  local usr = 0
  signal(SIGUSR1, function() usr = usr + 1 end)
  assert(setpgrp(0, getpid()) == 0 and getpgrp() == getpid())
  assert(killpg(getpgrp(), SIGUSR1) == 0 and usr == 1)
  x, e = killpg(999, SIGUSR1)
  assert(x == nil and e == "ESRCH")
  print("fcntl ok")
end)
run {}
