-- sim/lua/tests/lua/sigpipe.lua: a write to a broken stream posts SIGPIPE
-- (4.4BSD write/sendit): a handler runs and the call fails with EPIPE;
-- with the default action the writer dies, and wait shows the signal.
local h = host { name = "monet" }
h:spawn("writer", function()
  local got = 0
  signal(SIGPIPE, function(sig) assert(sig == SIGPIPE); got = got + 1 end)
  local a, b = socketpair(AF_UNIX, SOCK_STREAM, 0)
  assert(close(b) == 0)
  local n, e, num = write(a, "x")
  assert(n == nil and e == "EPIPE" and num == 32)
  assert(got == 1, "the handler ran before write returned")
  n, e = send(a, "y", 0)
  assert(n == nil and e == "EPIPE" and got == 2, "send posts it too")
  local pid = fork(function()
    signal(SIGPIPE, SIG_DFL)
    write(a, "z")
    exit(0)                       -- not reached
  end)
  local wpid, status = wait()
  assert(wpid == pid and WIFSIGNALED(status) and WTERMSIG(status) == SIGPIPE)
  print("sigpipe ok")
end)
