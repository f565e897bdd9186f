-- scenarios/backlog.lua: listen backlog overflow (primer 2.4).
--
-- degas listens with listen(s, 5) and then accepts only one connection
-- every 9 s. Twelve clients on monet connect at once, 10 ms apart. 4.4BSD's
-- sonewconn refuses a new connection when the queues already hold more
-- than 3/2 of the limit (qlen + q0len > 3 * 5 / 2 = 7), so 8 connections
-- fit: clients 1 to 8 connect at once (the handshake completes in the
-- kernel before any accept). The SYNs of clients 9 to 12 find the queue
-- full and are dropped silently (no RST: primer 2.4, the client retries),
-- so they retransmit on the SYN backoff: at 6 s (still full: nothing was
-- accepted yet) and at 30 s. TCP's timers count 500 ms ticks of one
-- clock for the whole host (4.4BSD tcp_slowtimo), so all four retransmit
-- at exactly 6.0 and 30.0 s although they started 10 ms apart. By then degas has accepted at 9, 18 and 27 s,
-- making room for three: clients 9, 10 and 11 connect at 30 s. Client
-- 12's SYN is dropped again; its next would go at 78 s, after the
-- connection-establishment timer (150 ticks), so connect fails with
-- ETIMEDOUT on the 150th tick: at exactly 75.0 s, 74.89 s after it began.
-- Asserted: who connects when (within 10 ms of starting for the immediate
-- ones, within 10 ms after 30.0 s for the late ones), ETIMEDOUT at exactly
-- 75.0 s, and
-- the SYNs dropped for the full queue (tcpstat listendrop: 4 + 4 + 1).
local lan = ethernet { name = "lan0" }
-- boot = 0 (monet): its clock ticks on multiples of 500 ms, so the SYN
-- retransmissions fall at 6.0 and 30.0 s and the 75 s timer ends at 75.0 s.
local monet = host { name = "monet", boot = 0, iface = { lan, "128.32.1.1" } }
local degas = host { name = "degas", iface = { lan, "128.32.1.2" } }

local N, PORT = 12, 5000
local result = {}

degas:spawn("slowd", function()
  local s = socket(AF_INET, SOCK_STREAM, 0)
  assert(bind(s, { family = AF_INET, port = PORT }))
  listen(s, 5)
  while true do
    sleep(9)
    accept(s)       -- never closed: the client stays connected
  end
end)

for i = 1, N do
  monet:spawn("client" .. i, function()
    sleep((i - 1) * 0.010)
    local t0 = now()
    local s = socket(AF_INET, SOCK_STREAM, 0)
    local ok, e = connect(s, { family = AF_INET, addr = "128.32.1.2", port = PORT })
    result[i] = { t0 = t0, t = now(), err = not ok and e or nil }
    sleep(200)
  end)
end

run { stop = "90s" }

print("client  started     connect")
for i = 1, N do
  local r = result[i]
  print(string.format("%6d  %7.3f s  %s at %.6f s (after %.6f s)", i, r.t0,
                      r.err or "connected", r.t, r.t - r.t0))
end
for i = 1, 8 do
  local r = result[i]
  assert(not r.err and r.t - r.t0 < 0.010, "client " .. i .. " fits at once")
end
for i = 9, 11 do
  local r = result[i]
  assert(not r.err and r.t > 30 and r.t < 30.010,
         "client " .. i .. " connects on its SYN retransmission at 30 s")
end
assert(result[12].err == "ETIMEDOUT" and result[12].t == 75,
       "client 12 times out at 75 s")
local st = degas:tcpstat()
print(string.format("degas: %d SYNs dropped for a full queue, %d accepted",
                    st.listendrop, st.accepts))
assert(st.listendrop == 9 and st.accepts == 11)
