-- scenarios/unix-echo.lua: UNIX-domain sockets on one host (primer 2).
--
-- Part 1, a stream echo server. monet's echod binds the name /tmp/echo,
-- listens and serves its clients one after the other (an accept loop, no
-- fork); two clients connect, send lines and read them back upper-cased.
-- Then echod exits without unlinking its name.
--
-- Part 2, the lesson: a name outlives its socket. The restarted echod
-- cannot bind /tmp/echo (EADDRINUSE) and a client's connect is refused
-- (ECONNREFUSED: the name is there, nobody listens at it) until someone
-- unlinks the name; then bind succeeds and the service is back.
--
-- Part 3, datagrams. timed answers each request on /tmp/timed with
-- sendto to the sender's name, which recvfrom reports. A client that
-- bound no name gets no answer: its requests arrive from "" and timed's
-- reply fails with ENOENT.
--
-- AF_UNIX moves data at once: every line below happens at the simulated
-- time its process acts (the clients start a second apart).

local monet = host { name = "monet" }
local ECHO = { family = AF_UNIX, path = "/tmp/echo" }
local outcome = {}

local function check(cond, what)
  if not cond then error("unix-echo: " .. what, 2) end
end

-- ---- part 1: the echo server and two clients ----

local function echod(tag, nclients)
  local s = socket(AF_UNIX, SOCK_STREAM, 0)
  local ok, err = bind(s, ECHO)
  if not ok then
    print(tag .. ": bind /tmp/echo: " .. err)
    outcome[tag .. " bind"] = err
    return
  end
  check(listen(s, 5) == 0, "listen")
  print(tag .. ": listening on /tmp/echo")
  for _ = 1, nclients do
    local g, from = accept(s)
    print(string.format("%s: accepted descriptor %d from '%s' (unnamed)",
                        tag, g, from.path))
    local served = 0
    while true do
      local line = read(g, 1024)
      if line == "" then break end                -- the client closed
      write(g, line:upper())
      served = served + #line
    end
    print(string.format("%s: client done, %d bytes echoed", tag, served))
    close(g)
  end
  close(s)                     -- exits without unlink("/tmp/echo")
  print(tag .. ": exiting; /tmp/echo is still in the file system")
end

local function client(name, lines)
  local s = socket(AF_UNIX, SOCK_STREAM, 0)
  local ok, err = connect(s, ECHO)
  if not ok then
    print(name .. ": connect /tmp/echo: " .. err)
    outcome[name] = err
    close(s)
    return
  end
  local got = {}
  for _, line in ipairs(lines) do
    write(s, line)
    got[#got + 1] = read(s, 1024)
    print(name .. ": sent '" .. line .. "', got '" .. got[#got] .. "'")
  end
  close(s)
  outcome[name] = table.concat(got, "|")
end

monet:spawn("mkdirs", function()
  check(mkdir("/tmp", 511) == 0, "mkdir /tmp")
end)
monet:spawn("echod", function() echod("echod", 2) end)
monet:spawn("alice", function()
  sleep(1)
  client("alice", { "hello", "echo" })
end)
monet:spawn("bob", function()
  sleep(2)
  client("bob", { "stream sockets", "are pipes" })
end)

-- ---- part 2: EADDRINUSE until unlink ----

monet:spawn("restart", function()
  sleep(3)
  echod("echod-2", 0)                          -- bind fails
  client("carol", { "anyone?" })               -- refused
  local st = stat("/tmp/echo")
  print("restart: /tmp/echo is a " .. st.type .. "; unlinking it")
  check(unlink("/tmp/echo") == 0, "unlink")
  local ls = {}
  local d = opendir("/tmp")
  while true do
    local e = readdir(d)
    if not e then break end
    ls[#ls + 1] = e.d_name
  end
  closedir(d)
  print("restart: /tmp now holds {" .. table.concat(ls, ", ") .. "}")
end)
monet:spawn("echod-3", function()
  sleep(4)
  echod("echod-3", 1)
end)
monet:spawn("dave", function()
  sleep(5)
  client("dave", { "back again" })
end)

-- ---- part 3: datagrams ----

monet:spawn("timed", function()
  sleep(6)
  local s = socket(AF_UNIX, SOCK_DGRAM, 0)
  check(bind(s, { family = AF_UNIX, path = "/tmp/timed" }) == 0, "bind timed")
  for _ = 1, 2 do
    local req, from = recvfrom(s, 512, 0)
    local answer = string.format("%s at %.3f s", req, now())
    local n, err = sendto(s, answer, 0, from)
    print(string.format("timed: '%s' from '%s': reply %s", req, from.path,
                        n and ("sent, " .. n .. " bytes") or ("failed, " .. err)))
    outcome["reply to '" .. from.path .. "'"] = n or err
  end
  close(s)
  unlink("/tmp/timed")
end)
monet:spawn("named", function()
  sleep(7)
  local s = socket(AF_UNIX, SOCK_DGRAM, 0)
  check(bind(s, { family = AF_UNIX, path = "/tmp/named" }) == 0, "bind named")
  sendto(s, "what time", 0, { family = AF_UNIX, path = "/tmp/timed" })
  local reply, from = recvfrom(s, 512, 0)
  print("named: got '" .. reply .. "' from '" .. from.path .. "'")
  outcome.named = reply
  close(s)
  unlink("/tmp/named")
end)
monet:spawn("anonymous", function()
  sleep(8)
  local s = socket(AF_UNIX, SOCK_DGRAM, 0)
  check(sendto(s, "and me?", 0, { family = AF_UNIX, path = "/tmp/timed" }) == 7,
        "sendto from an unnamed socket")
  print("anonymous: sent a request from a socket with no name")
  close(s)
end)

run { stop = "10s" }

-- ---- the outcome ----
check(outcome.alice == "HELLO|ECHO", "alice's echo")
check(outcome.bob == "STREAM SOCKETS|ARE PIPES", "bob's echo")
check(outcome["echod-2 bind"] == "EADDRINUSE", "the stale name blocks bind")
check(outcome.carol == "ECONNREFUSED", "nobody listens at a stale name")
check(outcome.dave == "BACK AGAIN", "after unlink the service is back")
check(outcome.named == "what time at 7.000 s", "the datagram reply")
check(outcome["reply to '/tmp/named'"] == 20, "reply to a named socket")
check(outcome["reply to ''"] == "ENOENT", "no reply to an unnamed socket")
print("unix-echo: all outcomes as expected")
