-- sim/lua/tests/lua/unix-stream.lua: AF_UNIX stream sockets from Lua. An echo
-- server accepts two clients one after the other (no fork: an accept loop),
-- each client's data comes back upper-cased, and EOF, EPIPE, the names and
-- the errors of bind/connect/accept are checked exactly. AF_UNIX moves
-- data at once, so every step happens at the time its process acts.

local function ns() return math.floor(now() * 1e9 + 0.5) end

local h = host { name = "monet" }
local log = {}
local function note(s) log[#log + 1] = string.format("%d %s", ns(), s) end

h:spawn("server", function()
  signal(SIGPIPE, SIG_IGN)          -- the EPIPE test below would kill us
  local s = socket(AF_UNIX, SOCK_STREAM, 0)
  assert(s == 3, "the first descriptor is 3, after 0, 1 and 2")
  assert(bind(s, { family = AF_UNIX, path = "/echo" }) == 0)
  assert(listen(s, 5) == 0)
  local n, e, num = accept(socket(AF_UNIX, SOCK_STREAM, 0))
  assert(n == nil and e == "EINVAL" and num == 22, "accept without listen")
  assert(close(4) == 0)
  for _ = 1, 2 do
    local g, from = accept(s)                       -- blocks
    note("accept " .. g .. " from '" .. from.path .. "'")
    assert(from.family == AF_UNIX)
    local me = getsockname(g)
    assert(me.family == AF_UNIX and me.path == "/echo")
    while true do
      local d = read(g, 100)
      if d == "" then break end                     -- EOF: the client closed
      note("read " .. d)
      assert(write(g, d:upper()) == #d)
    end
    assert(write(g, "bye") == 3, "the other direction still works")
    sleep("1ms")                                    -- the client closes
    local w, err = write(g, "late")
    assert(w == nil and err == "EPIPE", "write after the peer closed")
    assert(close(g) == 0)
  end
  assert(close(s) == 0)
  local x, err, errno = close(s)
  assert(x == nil and err == "EBADF" and errno == 9)
end)

local function client(name, at, words)
  h:spawn(name, function()
    sleep(at)
    signal(SIGPIPE, SIG_IGN)        -- its EPIPE test would kill it
    local s = socket(AF_UNIX, SOCK_STREAM, 0)
    local a, e = getpeername(s)
    assert(a == nil and e == "ENOTCONN")
    assert(connect(s, { family = AF_UNIX, path = "/echo" }) == 0)
    local x, err = connect(s, { family = AF_UNIX, path = "/echo" })
    assert(x == nil and err == "EISCONN")
    assert(getpeername(s).path == "/echo")
    for _, w in ipairs(words) do
      assert(send(s, w, 0) == #w)
      local back = recv(s, 100, 0)
      assert(back == w:upper(), name .. " got " .. back)
      note(name .. " got " .. back)
    end
    assert(shutdown(s, SHUT_WR) == 0)
    local x2, err2 = send(s, "more")
    assert(x2 == nil and err2 == "EPIPE", "send after shutdown(SHUT_WR)")
    assert(read(s, 10) == "bye", "shutdown(SHUT_WR) leaves reading")
    close(s)
  end)
end
client("c1", 1, { "hello", "world" })
client("c2", 2, { "again" })

-- bind and connect errors, in their own process
h:spawn("errors", function()
  sleep(3)
  local s = socket(AF_UNIX, SOCK_STREAM, 0)
  local x, e, n = bind(s, { family = AF_UNIX, path = "/echo" })
  assert(x == nil and e == "EADDRINUSE" and n == 48, "the name stays")
  x, e, n = connect(s, { family = AF_UNIX, path = "/echo" })
  assert(x == nil and e == "ECONNREFUSED" and n == 61, "nobody listens")
  x, e, n = connect(s, { family = AF_UNIX, path = "/nothere" })
  assert(x == nil and e == "ENOENT" and n == 2)
  x, e = connect(s, { family = AF_INET, addr = "10.0.0.1", port = 7 })
  assert(x == nil and e == "EAFNOSUPPORT")
  x, e = socket(AF_INET + 40, SOCK_STREAM, 0)
  assert(x == nil and e == "EPROTONOSUPPORT")
  x, e = socket(AF_UNIX, SOCK_RAW, 0)
  assert(x == nil and e == "EPROTONOSUPPORT")
  assert(unlink("/echo") == 0)
  assert(bind(s, { family = AF_UNIX, path = "/echo" }) == 0, "after unlink")
  close(s)
  note("errors ok")
end)

run { stop = "10s" }
local want = {
  "1000000000 accept 4 from ''",
  "1000000000 read hello",
  "1000000000 c1 got HELLO",
  "1000000000 read world",
  "1000000000 c1 got WORLD",
  "2000000000 accept 4 from ''",
  "2000000000 read again",
  "2000000000 c2 got AGAIN",
  "3000000000 errors ok",
}
assert(#log == #want, "log has " .. #log .. " lines:\n" .. table.concat(log, "\n"))
for i, w in ipairs(want) do
  assert(log[i] == w, "line " .. i .. ": '" .. log[i] .. "' not '" .. w .. "'")
end
print("unix-stream ok")
