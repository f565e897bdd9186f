-- scenarios/ftp-data.lua: primer 5.4, FTP data connections and
-- SO_REUSEADDR.
--
-- An FTP server sends each file over a new data connection from its port
-- 20 (ftp-data) to a port the client named (RFC 959's PORT). Here monet
-- (the client) listens on 3001 and 3002; degas (the server) connects from
-- 128.32.1.2:20 each time. The server closes each data connection first,
-- so the old one stays in TIME_WAIT on degas for 2*MSL = 60 s, still
-- holding 128.32.1.2:20: the "previous data connection's socket" of the
-- primer.
--   1. file one to monet:3001, then close (TIME_WAIT).
--   2. bind(128.32.1.2:20) without SO_REUSEADDR: EADDRINUSE.
--   3. with SO_REUSEADDR the bind succeeds, and the connection to a
--      different foreign port, monet:3002, works: file two.
--   4. with SO_REUSEADDR toward monet:3001 again, the bind succeeds but
--      connect fails with EADDRINUSE: the association (128.32.1.2:20,
--      128.32.1.1:3001) still exists in TIME_WAIT (4.4BSD in_pcbconnect).
--      The same toward monet:3002 while file two's connection is open.
--   5. after TIME_WAIT (60 s after the first close) the same association
--      may be made again: file three to monet:3001.
-- Asserted: every errno, the files' contents as received, and that the
-- third connection is refused before 2*MSL and made after it.
local lan = ethernet { name = "lan0" }
local monet = host { name = "monet", iface = { lan, "128.32.1.1" } }
local degas = host { name = "degas", iface = { lan, "128.32.1.2" } }

local received = {}

-- monet: a data listener per port; each connection delivers one file.
for _, port in ipairs { 3001, 3002 } do
  monet:spawn("ftp-" .. port, function()
    local l = socket(AF_INET, SOCK_STREAM, 0)
    assert(bind(l, { family = AF_INET, port = port }))
    listen(l, 5)
    while true do
      local g, from = accept(l)
      local data = {}
      while true do
        local chunk = read(g, 1024)
        if not chunk or chunk == "" then break end
        data[#data + 1] = chunk
      end
      close(g)
      local file = table.concat(data)
      print(string.format("got '%s' on port %d from %s:%d", file, port,
                          from.addr, from.port))
      received[#received + 1] = { port = port, file = file, from = from.port }
    end
  end)
end

local function report(what, ok, e, num)
  if ok then print(what .. ": ok") else print(string.format("%s: %s (%d)", what, e, num)) end
  return ok and "ok" or e
end

-- A data socket bound to 128.32.1.2:20, with or without SO_REUSEADDR.
local function data_socket(reuse)
  local s = socket(AF_INET, SOCK_STREAM, 0)
  if reuse then assert(setsockopt(s, SOL_SOCKET, SO_REUSEADDR, 1)) end
  local ok, e, num = bind(s, { family = AF_INET, addr = "128.32.1.2", port = 20 })
  local r = report(string.format("bind 128.32.1.2:20%s",
                                 reuse and " with SO_REUSEADDR" or ""), ok, e, num)
  return s, r
end

local function connect_to(s, port)
  local ok, e, num = connect(s, { family = AF_INET, addr = "128.32.1.1", port = port })
  return report("connect to monet:" .. port, ok, e, num)
end

degas:spawn("ftpd", function()
  sleep(1)
  local d1 = data_socket(true)
  assert(connect_to(d1, 3001) == "ok")
  write(d1, "file one")
  close(d1)                                   -- TIME_WAIT until 61 s
  local t_close = now()
  sleep(1)

  local d2, r = data_socket(false)
  assert(r == "EADDRINUSE", "the TIME_WAIT socket holds port 20")
  close(d2)
  d2, r = data_socket(true)
  assert(r == "ok")
  assert(connect_to(d2, 3002) == "ok", "another foreign port: a new association")

  local d3
  d3, r = data_socket(true)
  assert(r == "ok")
  assert(connect_to(d3, 3001) == "EADDRINUSE", "the TIME_WAIT association")
  close(d3)
  d3, r = data_socket(true)
  assert(r == "ok")
  assert(connect_to(d3, 3002) == "EADDRINUSE", "file two's open association")
  close(d3)

  write(d2, "file two")
  close(d2)

  sleep(t_close + 60 + 1 - now())
  print("2*MSL after the first close")
  d3 = data_socket(true)
  assert(connect_to(d3, 3001) == "ok", "TIME_WAIT is over")
  write(d3, "file three")
  close(d3)
end)

run { stop = "70s" }
assert(#received == 3)
local want = { { 3001, "file one" }, { 3002, "file two" }, { 3001, "file three" } }
for i, w in ipairs(want) do
  assert(received[i].port == w[1] and received[i].file == w[2] and received[i].from == 20,
         "file " .. i)
end
