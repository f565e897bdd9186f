-- stdio.lua: descriptors 0, 1 and 2 of a process (docs/lua-api.md,
-- "Standard descriptors"): 0 reads end of file, 1 and 2 write the
-- process's output, unprefixed; a forked child writes under its own name;
-- dup2(p, 0); close(p) replaces the standard input. test_lua.sh checks
-- the printed text and the per-process files.
local h = host { name = "monet" }
h:spawn("writer", function()
  assert(read(0, 10) == "", "descriptor 0 reads end of file")
  assert(write(1, "one\n") == 4 and write(2, "two\n") == 4)
  local x, e, n = write(0, "no")
  assert(x == nil and e == "EBADF" and n == 9, "0 is read-only")
  x, e = read(1, 1)
  assert(x == nil and e == "EBADF", "1 is write-only")
  assert(ioctl(1, FIONREAD) == 0)
  x, e = ioctl(1, SIOCATMARK)
  assert(x == nil and e == "ENOTTY", "no socket ioctl on the output")
  local s = socket(AF_UNIX, SOCK_STREAM, 0)
  assert(s == 3, "the first socket is descriptor 3")
  local a, b = socketpair(AF_UNIX, SOCK_STREAM, 0)
  assert(write(b, "from the pair") == 13)
  assert(dup2(a, 0) == 0 and close(a) == 0, "dup2(p, 0); close(p)")
  assert(read(0, 100) == "from the pair", "0 is the pair now")
  assert(dup(1) == a, "dup of the output takes the lowest free")
  assert(write(a, "three\n") == 6)
  local pid = fork(function() write(1, "child\n") end)
  wait()
  assert(pid == 2)
  close(1)
  x, e = write(1, "gone")
  assert(x == nil and e == "EBADF")
  print("stdio ok")
end)
run {}
