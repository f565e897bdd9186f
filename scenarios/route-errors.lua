-- scenarios/route-errors.lua: why a send fails, five ways.
--
--   monet 128.32.1.1 --lan1-- gw 128.32.1.2 / 128.33.1.2 --lan2
--   cezanne 128.32.1.3 is on lan1 but powered off;
--   gw2 128.32.1.4 is monet's static route to net 128.34, and is off too.
--
-- 1. EHOSTUNREACH: no route at all to 192.0.2.1; the send fails at once
--    (4.4BSD-Lite2 ip_output: rtalloc found nothing). With MSG_DONTROUTE
--    the same send is ENETUNREACH: 192.0.2.1 is on no directly connected
--    network (ip_output's IP_ROUTETOIF branch).
-- 2. EHOSTDOWN: cezanne never answers ARP. As 4.4BSD, monet holds one
--    packet and asks at most once a second; after 5 unanswered requests
--    the address is rejected for 20 s and the next sends fail.
-- 3. EHOSTUNREACH through a gateway: 128.33.1.9 does not exist. gw's ARP
--    gives up the same way, and gw then answers each datagram with ICMP
--    host unreachable; monet's connected socket records it, and its next
--    send fails.
-- 4. EHOSTUNREACH locally: the route to 128.34/16 goes through gw2,
--    which is off; monet's own ARP gives up, and because the route used a
--    gateway the error is EHOSTUNREACH, not EHOSTDOWN.
-- 5. A gateway with no route: monet's route to 10/8 goes through gw, which
--    has none; gw answers with ICMP host unreachable, as 4.4BSD-Lite2's
--    ip_forward does (code 1; RFC 792's "net unreachable", code 0, is not
--    sent). A raw ICMP socket on monet shows the code; the connected
--    socket's next send fails with EHOSTUNREACH.
-- Each outcome is asserted, with the second at which it happens.
local icmp = require("icmp")
local lan1 = ethernet { name = "lan1" }
local lan2 = ethernet { name = "lan2" }
local monet = host { name = "monet", iface = { lan1, "128.32.1.1" } }
gateway { name = "gw", iface = { { lan1, "128.32.1.2" }, { lan2, "128.33.1.2" } } }
local cezanne = host { name = "cezanne", iface = { lan1, "128.32.1.3" } }
local gw2 = gateway { name = "gw2", iface = { lan1, "128.32.1.4" } }
route(monet, "128.34.0.0/16", "128.32.1.4")
route(monet, "10.0.0.0/8", "128.32.1.2")
cezanne:down()
gw2:down()

local function report(what, ok, name, num)
  print(string.format("%-40s %s", what, ok and "sent" or (name .. " (" .. num .. ")")))
  return ok and "sent" or name
end

-- Sends one datagram a second on s (to `to`, or connected when nil) from
-- time t0 until the first failure; returns its errno and the second.
local function until_failure(s, to, label, t0)
  for i = 0, 30 do
    sleep(t0 + i - now())
    local ok, name, num
    if to then ok, name, num = sendto(s, "hello", 0, to)
    else ok, name, num = send(s, "hello") end
    if report(string.format("%s, t=%ds:", label, t0 + i), ok, name, num) ~= "sent" then
      return name, t0 + i
    end
  end
end

monet:spawn("sender", function()
  local s = assert(socket(AF_INET, SOCK_DGRAM, 0))
  local ok, name, num = sendto(s, "x", 0, { family = AF_INET, addr = "192.0.2.1", port = 9 })
  report("1. to 192.0.2.1 (no route), t=0s:", ok, name, num)
  assert(name == "EHOSTUNREACH")
  ok, name, num = sendto(s, "x", MSG_DONTROUTE, { family = AF_INET, addr = "192.0.2.1", port = 9 })
  report("1. the same with MSG_DONTROUTE, t=0s:", ok, name, num)
  assert(name == "ENETUNREACH")

  local e, t = until_failure(s, { family = AF_INET, addr = "128.32.1.3", port = 9 },
                             "2. to cezanne (off)", 1)
  assert(e == "EHOSTDOWN" and t == 7, "EHOSTDOWN at the seventh send")

  local c = assert(socket(AF_INET, SOCK_DGRAM, 0))
  assert(connect(c, { family = AF_INET, addr = "128.33.1.9", port = 9 }))
  e, t = until_failure(c, nil, "3. to 128.33.1.9 (via gw)", 10)
  assert(e == "EHOSTUNREACH" and t == 17, "gw's host unreachable at 17 s")

  e, t = until_failure(s, { family = AF_INET, addr = "128.34.1.1", port = 9 },
                       "4. to 128.34.1.1 (via gw2, off)", 20)
  assert(e == "EHOSTUNREACH" and t == 26, "local EHOSTUNREACH at 26 s")

  local raw = assert(socket(AF_INET, SOCK_RAW, IPPROTO_ICMP))
  local d = assert(socket(AF_INET, SOCK_DGRAM, 0))
  assert(connect(d, { family = AF_INET, addr = "10.1.1.1", port = 9 }))
  e, t = until_failure(d, nil, "5. to 10.1.1.1 (gw has no route)", 30)
  assert(e == "EHOSTUNREACH" and t == 31, "gw's ICMP at once: fails at 31 s")
  local m = icmp.parse(assert(recv(raw, 256)))
  print(string.format("5. gw's ICMP: type %d code %d (host unreachable)", m.type, m.code))
  assert(m.type == 3 and m.code == 1, "ICMP host unreachable, not net")
end)

run { stop = "40s" }
