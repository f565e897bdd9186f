-- scenarios/connect-timeout.lua: ETIMEDOUT when the server's host is
-- powered off. degas never answers ARP, so monet's SYN never
-- leaves; TCP retransmits it on 4.4BSD's schedule: the first timeout is
-- 6 s (t_rxtcur from srtt 0 and rttvar 3 s), the next ones
-- TCP_REXMTVAL (12 s) times the backoff table {1, 2, 4, ...}, so SYNs go
-- at 0, 6 and 30 s (the next would be at 78 s), as Stevens shows in TCP/IP
-- Illustrated. The connection-establishment timer (TCPTV_KEEP_INIT, 75 s)
-- ends the attempt: connect returns ETIMEDOUT at exactly 75 s.
-- Each retransmission makes ARP ask again, at most once a second, so the
-- address is never rejected (EHOSTDOWN would need 5 unanswered
-- requests): the error is ETIMEDOUT, as on a 4.4BSD host.
local lan = ethernet { name = "lan0" }
-- boot = 0 (monet): its clock ticks on multiples of 500 ms, so the 75 s
-- timer (150 ticks) started at 0 ends at exactly 75 s (with another boot,
-- 74.5 to 75 s).
local monet = host { name = "monet", boot = 0, iface = { lan, "128.32.1.1" } }
local degas = host { name = "degas", iface = { lan, "128.32.1.2" } }
degas:down()

monet:spawn("rlogin", function()
  local s = socket(AF_INET, SOCK_STREAM, 0)
  local t0 = now()
  local ok, err = connect(s, { family = AF_INET, addr = "128.32.1.2", port = 513 })
  if not ok then perror("rlogin: connect") end
  print(string.format("connect failed after %.6f s", now() - t0))
  assert(err == "ETIMEDOUT" and now() - t0 == 75)
  local arp = monet:iface(1):stats().tx_frames
  print(string.format("ARP requests sent: %d (one per SYN)", arp))
  assert(arp == 3)
end)

run { stop = "100s" }
