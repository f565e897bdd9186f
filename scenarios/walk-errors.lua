-- scenarios/walk-errors.lua: three failed connects side by side, for the
-- classroom walkthrough docs/walkthroughs/1-errors.md.
--
--   monet 128.32.1.1, degas .2, cezanne .3 (off), gw .4   -- lan1
--   gw 128.33.1.4, gw2 128.33.1.5                         -- lan2
--   gw2 128.34.1.5, renoir 128.34.1.1                     -- lan3
--
-- Routes are static (run{ autoroute = false }): monet and degas go by
-- default through gw, renoir through gw2, but gw was never told where
-- 128.34 is. One client process on monet connects to port 513 three
-- times, one after the other so that each shows alone in a ladder:
-- 1. at 0 s to degas, where nobody listens: a RST, ECONNREFUSED after one
--    round trip (plus the ARP exchange);
-- 2. at 1 s to cezanne, powered off: ARP is never answered, the SYN never
--    leaves monet, SYNs again at 7 and 31 s, ETIMEDOUT at 76 s (75 s);
-- 3. at 80 s to renoir: gw has no route and answers each SYN with ICMP
--    host unreachable (4.4BSD-Lite2 ip_forward); TCP keeps it as a soft
--    error (4.4BSD tcp_notify) and
--    reports it instead of ETIMEDOUT when the 75 s timer ends the attempt:
--    EHOSTUNREACH at 155 s.
-- Asserted: each errno and the time each call took.
local lan1 = ethernet { name = "lan1" }
local lan2 = ethernet { name = "lan2" }
local lan3 = ethernet { name = "lan3" }
-- boot = 0 (monet): its clock ticks on multiples of 500 ms, so each 75 s
-- timer is exact (with another boot, 74.5 to 75 s).
local monet = host { name = "monet", boot = 0, iface = { lan1, "128.32.1.1" } }
local degas = host { name = "degas", iface = { lan1, "128.32.1.2" } }
local cezanne = host { name = "cezanne", iface = { lan1, "128.32.1.3" } }
local gw = gateway { name = "gw", iface = { { lan1, "128.32.1.4" }, { lan2, "128.33.1.4" } } }
local gw2 = gateway { name = "gw2", iface = { { lan2, "128.33.1.5" }, { lan3, "128.34.1.5" } } }
local renoir = host { name = "renoir", iface = { lan3, "128.34.1.1" } }
route(monet, "default", "128.32.1.4")
route(degas, "default", "128.32.1.4")
route(gw2, "default", "128.33.1.4")
route(renoir, "default", "128.34.1.5")
-- The walkthrough's "things to try": --param gw_route=1 gives gw its route
-- to 128.34 (renoir is up and nobody listens: ECONNREFUSED), and
-- --param cezanne_up=1 leaves cezanne on (it refuses too, at once).
local GW_ROUTE, CEZANNE_UP = param("gw_route", 0) == 1, param("cezanne_up", 0) == 1
if GW_ROUTE then route(gw, "128.34.0.0/16", "128.33.1.5") end
if not CEZANNE_UP then cezanne:down() end

-- Connects to addr:513 at time t0; returns the errno and the seconds taken.
local function try(t0, name, addr)
  sleep(t0 - now())
  local s = socket(AF_INET, SOCK_STREAM, 0)
  local ok, err = connect(s, { family = AF_INET, addr = addr, port = 513 })
  local took = now() - t0
  assert(not ok, "connect to " .. name .. " succeeded")
  perror("connect to " .. name)
  print(string.format("connect to %s (%s) failed with %s after %.6f s",
                      name, addr, err, took))
  close(s)
  return err, took
end

monet:spawn("client", function()
  local err, took = try(0, "degas", "128.32.1.2")
  assert(err == "ECONNREFUSED" and took < 0.001, "a RST within a round trip")
  err, took = try(1, "cezanne", "128.32.1.3")
  if CEZANNE_UP then
    assert(err == "ECONNREFUSED" and took < 0.001, "cezanne up: a RST at once")
  else
    assert(err == "ETIMEDOUT" and took == 75, "the 75 s timer, no answer at all")
  end
  err, took = try(80, "renoir", "128.34.1.1")
  if GW_ROUTE then
    assert(err == "ECONNREFUSED" and took < 0.01, "renoir's RST, two gateways away")
    assert(gw:ipstat().icmp_error == 0, "gw had a route: no ICMP")
  else
    assert(err == "EHOSTUNREACH" and took == 75, "gw's ICMP as the soft error")
    assert(gw:ipstat().icmp_error == 3, "gw answered each of the 3 SYNs")
  end
end)

run { stop = "160s", autoroute = false }
