-- sim/lua/tests/lua/files.lua: a host's file system from Lua, the way rwhod
-- and ruptime use it (primer 4.3): mkdir, creat/open with 4.4BSD flags,
-- write, read, lseek, O_APPEND, O_EXCL, stat/fstat, unlink of an open
-- file, dup sharing the offset, and opendir/readdir/closedir. Hosts have
-- separate file systems.

local h = host { name = "monet" }
local other = host { name = "degas" }
local done = false

h:spawn("files", function()
  assert(mkdir("/usr", 493) == 0 and mkdir("/usr/spool", 493) == 0)
  assert(mkdir("/usr/spool/rwho", 493) == 0)
  local x, e, n = mkdir("/usr/spool/rwho")
  assert(x == nil and e == "EEXIST" and n == 17)
  local f = open("/usr/spool/rwho/whod.monet", FWRONLY | FCREATE | FTRUNCATE, 438)
  assert(f == 3)
  assert(write(f, "up 9:45, 5 users") == 16)
  x, e = read(f, 10)
  assert(x == nil and e == "EBADF", "opened write-only")
  assert(close(f) == 0)
  assert(creat("/usr/spool/rwho/whod.degas", 438) == 3)
  assert(write(3, "down") == 4 and close(3) == 0)
  local st = stat("/usr/spool/rwho/whod.monet")
  assert(st.type == "file" and st.st_size == 16 and st.st_nlink == 1)
  assert(st.st_mode == S_IFREG | 438)
  assert(stat("/usr/spool").type == "directory")
  x, e = stat("/usr/spool/nothing")
  assert(x == nil and e == "ENOENT")
  -- read back with lseek; dup shares the offset
  f = open("/usr/spool/rwho/whod.monet", O_RDONLY)
  assert(read(f, 2) == "up")
  local g = dup(f)
  assert(read(g, 5) == " 9:45")
  assert(lseek(f, 0, SEEK_CUR) == 7)
  assert(lseek(g, -5, SEEK_END) == 11 and read(f, 100) == "users")
  assert(read(f, 100) == "", "end of file")
  x, e = write(f, "x")
  assert(x == nil and e == "EBADF", "opened read-only")
  x, e = lseek(f, -1, SEEK_SET)
  assert(x == nil and e == "EINVAL")
  assert(fstat(f).st_size == 16)
  close(g)
  -- O_APPEND, O_EXCL, EISDIR, a socket's name
  local a = open("/log", O_WRONLY | O_CREAT | O_APPEND)
  assert(write(a, "one ") == 4)
  assert(lseek(a, 0, SEEK_SET) == 0 and write(a, "two") == 3)
  x, e = open("/log", O_RDWR | O_CREAT | O_EXCL)
  assert(x == nil and e == "EEXIST")
  local r = open("/log", O_RDONLY)
  assert(read(r, 100) == "one two", "appends went to the end")
  x, e = open("/usr", O_WRONLY)
  assert(x == nil and e == "EISDIR")
  local s = socket(AF_UNIX, SOCK_DGRAM, 0)
  assert(bind(s, { family = AF_UNIX, path = "/usr/spool/sock" }) == 0)
  x, e = open("/usr/spool/sock", O_RDONLY)
  assert(x == nil and e == "EOPNOTSUPP")
  assert(stat("/usr/spool/sock").type == "socket")
  x, e = lseek(s, 0, SEEK_SET)
  assert(x == nil and e == "ESPIPE")
  -- unlink of an open file: the name goes, the bytes stay readable
  assert(unlink("/log") == 0)
  assert(lseek(r, 0, SEEK_SET) == 0 and read(r, 3) == "one")
  x, e = stat("/log")
  assert(x == nil and e == "ENOENT")
  x, e = unlink("/usr")
  assert(x == nil and e == "EPERM", "unlink of a directory")
  -- ruptime's loop
  local dirp = assert(opendir("/usr/spool/rwho"))
  local names = {}
  while true do
    local dp = readdir(dirp)
    if not dp then break end
    assert(dp.d_ino > 0)
    names[#names + 1] = dp.d_name
  end
  assert(closedir(dirp) == 0)
  assert(table.concat(names, ",") == "whod.degas,whod.monet")
  x, e = opendir("/usr/spool/rwho/whod.monet")
  assert(x == nil and e == "ENOTDIR")
  assert(open("relative", O_CREAT | O_WRONLY) and stat("/relative"),
         "relative paths start at /")
  done = true
end)

other:spawn("elsewhere", function()
  local x, e = stat("/usr")
  assert(x == nil and e == "ENOENT", "each host has its own files")
end)

run { stop = "1s" }
assert(done)
print("files ok")
