-- sim/exec/tests/echo_lua.lua: echo.lua with Lua processes instead of
-- the C programs, call for call (echo_server.c, echo_client.c
-- translated). test_exec.sh checks that both write byte-identical
-- pcaps: a real program and its Lua translation are the same to the
-- network.
local lan = ethernet { name = "lan0", rate = "10Mbps", length = "200m" }
local monet = host { name = "monet", iface = { lan, "128.32.1.1/16" } }
local degas = host { name = "degas", iface = { lan, "128.32.1.2/16" } }

local function echo_server(port, conns)
  local s = socket(AF_INET, SOCK_STREAM, 0)
  setsockopt(s, SOL_SOCKET, SO_REUSEADDR, 1)
  assert(bind(s, { family = AF_INET, addr = INADDR_ANY, port = port }))
  assert(listen(s, 5))
  print("listening on port " .. port)
  for _ = 1, conns do
    local c, from = accept(s)
    print(string.format("connection from %s:%d", from.addr, from.port))
    local total = 0
    while true do
      local data = read(c, 1024)
      if not data or #data == 0 then break end
      write(c, data)
      total = total + #data
    end
    print(string.format("closed after %d bytes", total))
    close(c)
  end
  close(s)
end

local function echo_client(name, port, ...)
  local hp = gethostbyname(name)
  local s = socket(AF_INET, SOCK_STREAM, 0)
  local t0 = now()
  local ok = connect(s, { family = AF_INET, addr = hp.h_addr, port = port })
  if not ok then
    perror("echo_client: connect")
    print(string.format("connect failed after %d us",
                        math.floor((now() - t0) * 1e6 + 0.5)))
    exit(1)
  end
  for _, msg in ipairs({ ... }) do
    write(s, msg)
    local got = ""
    while #got < #msg do
      got = got .. read(s, 511 - #got)
    end
    print("echo: " .. got)
  end
  close(s)
end

degas:spawn("echo_server", function() echo_server(7000, 1) end)
at(0.001, function()
  monet:spawn("echo_client", function()
    echo_client("degas", 7000, "hello", "world")
  end)
  monet:spawn("echo_client", function() echo_client("degas", 7001, "x") end)
end)
run { stop = "10s" }
