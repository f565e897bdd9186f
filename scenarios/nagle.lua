-- scenarios/nagle.lua: the Nagle / delayed-ACK stall, and TCP_NODELAY
-- (RFC 896, RFC 1122 4.2.3.2 and 4.2.3.4).
--
-- A client sends ten requests over one connection and waits for each
-- reply. It writes each 30-byte request in two small writes (a 10-byte
-- header, then a 20-byte body); the server answers only a whole request.
-- With Nagle's algorithm (the default) the header goes at once, but the
-- body waits in the send buffer while the header is unacknowledged. The
-- server has nothing to say yet, so it delays its ACK until 4.4BSD's
-- 200 ms fast timer (tcp_fasttimo) next fires. Only then does the body
-- go, and the reply follows. Every exchange so lasts until the next
-- 200 ms tick: the first one a part of 200 ms, each later one about
-- 200 ms (it starts just after a tick). With setsockopt(s, IPPROTO_TCP,
-- TCP_NODELAY, 1) the body goes at once and an exchange takes a few
-- round trips of the Ethernet, well under a millisecond.
-- Each later exchange starts the same few hundred microseconds after a
-- tick and ends as long after the next one: exactly 200 ms.
-- Asserted: with Nagle exchanges 2-10 each take 200 ms (to the
-- microsecond), and 10 exchanges about 2 s; with TCP_NODELAY each takes
-- under 1 ms; the server sends one delayed ACK per exchange with Nagle,
-- none without (tcpstat delack).
local lan = ethernet { name = "lan0" }
local monet = host { name = "monet", iface = { lan, "128.32.1.1" } }
local degas = host { name = "degas", iface = { lan, "128.32.1.2" } }

local PORT, N = 7000, 10
local REQ, BODY = "GET /xyz\r\n", "0123456789abcdefghi\n"   -- 10 + 20 bytes

-- The server: a reply for each whole 30-byte request.
degas:spawn("server", function()
  local l = socket(AF_INET, SOCK_STREAM, 0)
  assert(bind(l, { family = AF_INET, port = PORT }))
  listen(l, 5)
  while true do
    local g = accept(l)
    while true do
      local req = recv(g, 30, MSG_WAITALL)
      if not req or #req < 30 then break end
      write(g, "reply to " .. req:sub(1, 8))
    end
    close(g)
  end
end)

local times = {}

-- N exchanges on a fresh connection; returns the list of their durations.
local function exchanges(nodelay)
  local s = socket(AF_INET, SOCK_STREAM, 0)
  if nodelay then assert(setsockopt(s, IPPROTO_TCP, TCP_NODELAY, 1)) end
  assert(connect(s, { family = AF_INET, addr = "128.32.1.2", port = PORT }))
  local d = {}
  for i = 1, N do
    local t0 = now()
    write(s, REQ)
    write(s, BODY)
    local r = read(s, 100)
    assert(r == "reply to " .. REQ:sub(1, 8))
    d[i] = now() - t0
  end
  close(s)
  return d
end

monet:spawn("client", function()
  local st0 = degas:tcpstat().delack
  times.nagle = exchanges(false)
  times.delack = degas:tcpstat().delack - st0
  sleep(1)
  st0 = degas:tcpstat().delack
  times.nodelay = exchanges(true)
  times.delack_nodelay = degas:tcpstat().delack - st0
end)

run { stop = "10s" }

print("exchange   Nagle (ms)   TCP_NODELAY (ms)")
local sum = { nagle = 0, nodelay = 0 }
for i = 1, N do
  local a, b = times.nagle[i], times.nodelay[i]
  sum.nagle, sum.nodelay = sum.nagle + a, sum.nodelay + b
  print(string.format("%8d   %10.3f   %16.3f", i, a * 1e3, b * 1e3))
end
print(string.format("   total   %10.3f   %16.3f", sum.nagle * 1e3, sum.nodelay * 1e3))
print(string.format("degas's delayed ACKs: %d with Nagle, %d with TCP_NODELAY",
                    times.delack, times.delack_nodelay))
for i = 1, N do
  if i > 1 then
    assert(math.abs(times.nagle[i] - 0.2) < 1e-6,
           "Nagle exchange " .. i .. " waits for the 200 ms tick")
  end
  assert(times.nodelay[i] < 0.001, "TCP_NODELAY exchange " .. i .. " does not stall")
end
assert(sum.nagle > 1.8 and sum.nagle < 2.0)
assert(times.delack == N, "each stall ends with a delayed ACK")
assert(times.delack_nodelay == 0, "the reply carries every ACK")
