-- scenarios/reboot-reset.lua: ECONNRESET after the server's host reboots,
-- and EHOSTUNREACH through a gateway.
--
--   monet 128.32.1.1 --lan1-- gw --lan2-- degas 128.33.1.1
--                                          (128.33.1.9: nobody)
--
-- 1. An rlogin-style session from monet to degas echoes a line. At 5 s
--    degas crashes (h:down(): every process and socket is gone, and the
--    crash sends nothing); at 10 s it boots again with no process. At 15 s
--    the client types a line: write succeeds (the data only goes into the
--    send buffer), degas has no connection for the segment and answers
--    with a RST (4.4BSD tcp_input's dropwithreset), and the client's read
--    fails with ECONNRESET within one round trip. The socket can send no
--    more: a further write fails with EPIPE (SIGPIPE is ignored, or it
--    would kill the client, as on BSD).
-- 2. connect to 128.33.1.9 through gw. gw's ARP asks for it once per
--    packet it has to send, at most once a second (4.4BSD arpresolve), and
--    gives up (rejecting the address for 20 s, answering with ICMP host
--    unreachable) only after 5 unanswered requests. A lone connect sends
--    only 3 SYNs (0, 6, 30 s) before its 75 s timer, so gw never gives up
--    and connect fails with ETIMEDOUT. When other traffic (a UDP sender,
--    one datagram a second for 7 s) has already made gw reject the
--    address, the SYNs are answered with ICMP host unreachable.
--    tcp_notify records each as the soft error (t_rxtshift never passes 3
--    before 75 s, so it is not handed to the socket at once), and at 75 s
--    tcp_drop reports the soft error instead of ETIMEDOUT: connect fails
--    with EHOSTUNREACH at exactly 75 s.
-- Asserted: the errno of each call and the times (to the nanosecond for
-- the 75 s timers, within a round trip for the RST).
local lan1 = ethernet { name = "lan1" }
local lan2 = ethernet { name = "lan2" }
-- boot = 0 (monet): its clock ticks on multiples of 500 ms, so each 75 s
-- connection timer is exact (with another boot, 74.5 to 75 s).
local monet = host { name = "monet", boot = 0, iface = { lan1, "128.32.1.1" } }
local gw = gateway { name = "gw", iface = { { lan1, "128.32.1.2" }, { lan2, "128.33.1.2" } } }
local degas = host { name = "degas", iface = { lan2, "128.33.1.1" } }

local PORT = 513

degas:spawn("rlogind", function()
  local f = socket(AF_INET, SOCK_STREAM, 0)
  assert(bind(f, { family = AF_INET, port = PORT }))
  listen(f, 5)
  local g = assert(accept(f))
  while true do
    local line = read(g, 1024)
    if not line or line == "" then break end
    write(g, "degas: " .. line)
  end
end)

at(5, function() print("degas crashes"); degas:down() end)
at(10, function() print("degas boots again, with no process"); degas:up() end)

monet:spawn("rlogin", function()
  signal(SIGPIPE, SIG_IGN)
  sleep(1)
  local s = socket(AF_INET, SOCK_STREAM, 0)
  assert(connect(s, { family = AF_INET, addr = "128.33.1.1", port = PORT }))
  write(s, "hello\n")
  local back = read(s, 1024)
  print("echoed: " .. back:gsub("\n", ""))
  assert(back == "degas: hello\n")

  sleep(15 - now())
  local n, err = write(s, "are you there?\n")
  print(string.format("write after the reboot: %s", tostring(n or err)))
  assert(n == 15, "the write only fills the send buffer")
  local t0 = now()
  local data, e, num = read(s, 1024)
  perror("rlogin: read")
  print(string.format("read failed %.6f s after the write", now() - t0))
  assert(data == nil and e == "ECONNRESET" and num == 54)
  assert(now() - t0 > 0 and now() - t0 < 0.01, "within one round trip")
  n, e, num = write(s, "again\n")
  perror("rlogin: write")
  assert(n == nil and e == "EPIPE" and num == 32)
  close(s)
end)

-- Connects to 128.33.1.9 at time t0; returns the errno and how long it took.
local function connect_nobody(t0)
  sleep(t0 - now())
  local s = socket(AF_INET, SOCK_STREAM, 0)
  local ok, e = connect(s, { family = AF_INET, addr = "128.33.1.9", port = PORT })
  local took = now() - t0
  perror(string.format("connect at %d s", t0))
  print(string.format("connect at %d s failed after %.6f s", t0, took))
  assert(not ok)
  close(s)
  return e, took
end

monet:spawn("nobody", function()
  local e, took = connect_nobody(30)
  assert(gw:ipstat().icmp_error == 0, "gw never gave up")
  assert(e == "ETIMEDOUT" and took == 75, "a lone connect: gw never gives up")

  -- Make gw give up on 128.33.1.9 first: one datagram a second for 7 s.
  sleep(120 - now())
  local u = socket(AF_INET, SOCK_DGRAM, 0)
  for _ = 1, 7 do
    sendto(u, "x", 0, { family = AF_INET, addr = "128.33.1.9", port = 9 })
    sleep(1)
  end
  local icmp0 = gw:ipstat().icmp_error
  e, took = connect_nobody(127)
  local icmp = gw:ipstat().icmp_error - icmp0
  print(string.format("gw answered %d of the SYNs with ICMP host unreachable", icmp))
  assert(icmp == 2, "the SYNs at 127 and 133 s, while gw rejects the address")
  assert(e == "EHOSTUNREACH" and took == 75,
         "the ICMPs' soft error replaces ETIMEDOUT at 75 s")
end)

run { stop = "220s" }
