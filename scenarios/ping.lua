-- scenarios/ping.lua: ping and traceroute across two gateways.
--
--   monet --lan1 (10 Mb/s, 200 m)-- gw1 --wan (1.544 Mb/s T1, 10 ms)--
--   gw2 --lan2 (10 Mb/s, 100 m)-- degas
--
-- ping sends 56-byte echo requests (84-byte datagrams). With no other
-- traffic, each round trip after the first (which also waits for ARP on
-- both Ethernets) is exactly the sum of the transmission and propagation
-- delays, which this file computes and asserts to the nanosecond.
-- traceroute then lists gw1 and gw2 (each by the address of the side the
-- probe came in on) and degas.
local ping = require("ping")
local traceroute = require("traceroute")

local lan1 = ethernet { name = "lan1", length = "200m" }
local lan2 = ethernet { name = "lan2", length = "100m" }
local wan = link { name = "wan", rate = "1.544Mbps", delay = "10ms" }
local monet = host { name = "monet", iface = { lan1, "128.32.1.1", at = "0m" } }
gateway { name = "gw1", iface = { { lan1, "128.32.1.2", at = "200m" },
                                  { wan, "10.1.0.1/16" } } }
gateway { name = "gw2", iface = { { wan, "10.1.0.2/16" },
                                  { lan2, "128.33.1.2", at = "0m" } } }
host { name = "degas", iface = { lan2, "128.33.1.1", at = "100m" } }

-- The analytic round trip of an 84-byte datagram, in nanoseconds.
local function ns(x) return math.floor(x * 1e9 + 0.5) end
local function ether(ip_len)      -- frame + FCS (64 at least) + preamble
  return ns(8 * (math.max(ip_len + 14 + 4, 64) + 8) / 10e6)
end
local one_way = 2 * ether(84)                  -- lan1 and lan2
              + ns(8 * (84 + 7) / 1.544e6)     -- wan: PPP header 4, FCS 2,
                                               -- flag 1 (RFC 1662)
              + ns(0.010) + ns(200 / 2e8) + ns(100 / 2e8)
local expect = 2 * one_way + 9600 -- degas answers as the request's last
                                  -- bit arrives: it defers one 9.6 us gap

monet:spawn("ping", function()
  local r = ping("degas", { count = 4 })
  assert(r.received == 4, "every echo is answered")
  for seq = 1, 3 do
    local got = ns(r.rtt[seq])
    assert(got == expect, string.format("rtt %d: %d ns, analytic %d ns",
                                        seq, got, expect))
  end
  assert(ns(r.rtt[0]) > expect, "the first round trip waits for ARP")
  print(string.format("analytic rtt %.6f ms: icmp_seq 1-3 match to the ns",
                      expect / 1e6))
  local hops = traceroute("degas", { wait = 2 })
  local want = { "128.32.1.2", "10.1.0.2", "128.33.1.1" }
  assert(#hops == 3, "three hops")
  for i, a in ipairs(want) do
    assert(hops[i].addr == a and #hops[i].rtt == 3,
           string.format("hop %d is %s", i, a))
  end
end)

run { stop = "60s" }
