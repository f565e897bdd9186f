-- scenarios/fragments.lua: IP fragmentation across a small-MTU serial
-- link.
--
--   sun 128.32.1.1 --lan (10 Mb/s)-- gw --slip (19.2 kb/s, MTU 296)-- vax
--
-- sun sends a 1200-byte UDP datagram to vax's echo server. The 1228-byte
-- IP datagram does not fit the 296-byte MTU, so gw cuts it into 5
-- fragments of 272, 272, 272, 272 and 120 data bytes (offsets multiples
-- of 8); vax reassembles it and the server reads all 1200 bytes in one
-- recvfrom. vax's reply is fragmented by vax itself. The pcap of the link
-- (--pcap: results/fragments/slip.pcap) shows each fragment.
-- Then one fragment of a second datagram is lost on the link: vax holds
-- the other four for 30 s (4.4BSD's IPFRAGTTL) and drops them; the
-- server never sees that datagram. Everything is asserted.
local lan = ethernet { name = "lan" }
local slip = link { name = "slip", rate = "19.2kbps", delay = "5ms", mtu = 296 }
local sun = host { name = "sun", iface = { lan, "128.32.1.1" } }
local gw = gateway { name = "gw", iface = { { lan, "128.32.1.2" },
                                            { slip, "10.1.0.1/16" } } }
local vax = host { name = "vax", iface = { slip, "10.1.0.2/16" } }

local PORT = 7
local function pattern(n, k)
  local t = {}
  for i = 1, n do t[i] = string.char(65 + (i + k) % 26) end
  return table.concat(t)
end

vax:spawn("echod", function()
  local s = assert(socket(AF_INET, SOCK_DGRAM, 0))
  assert(bind(s, { family = AF_INET, port = PORT }))
  while true do
    local d, from = recvfrom(s, 8192)
    print(string.format("got %d bytes from %s:%d, whole: %s", #d, from.addr,
                        from.port, tostring(d == pattern(1200, 0))))
    assert(d == pattern(1200, 0), "the datagram arrives whole")
    sendto(s, d, 0, from)
  end
end)

sun:spawn("client", function()
  local s = assert(socket(AF_INET, SOCK_DGRAM, 0))
  local to = { family = AF_INET, addr = "10.1.0.2", port = PORT }
  assert(sendto(s, pattern(1200, 0), 0, to) == 1200)
  local n = bsdselect(s + 1, 1 << s, nil, nil, 5)
  assert(n == 1, "the echo comes back")
  local d = recvfrom(s, 8192)
  print(string.format("echo: %d bytes back at %.6f s", #d, now()))
  assert(d == pattern(1200, 0))
  local g, v = gw:ipstat(), vax:ipstat()
  print(string.format("gw fragmented %d datagram into %d fragments; vax " ..
                      "reassembled %d; vax fragmented its reply into %d",
                      g.fragmented, g.ofragments, v.reassembled, v.ofragments))
  assert(g.fragmented == 1 and g.ofragments == 5 and v.reassembled == 1)
  assert(v.fragmented == 1 and v.ofragments == 5)
  assert(sun:ipstat().reassembled == 1)

  -- A second datagram; its second fragment is lost on the link.
  sleep(10 - now())
  at(now() + 0.12, function() slip:set("ab", { loss = 1 }) end)
  at(now() + 0.20, function() slip:set("ab", { loss = 0 }) end)
  assert(sendto(s, pattern(1200, 0), 0, to) == 1200)
  n = bsdselect(s + 1, 1 << s, nil, nil, 5)
  assert(n == 0, "no echo: the datagram never completed")
  print(string.format("t=%.0fs: no echo; vax holds %d fragments", now(),
                      vax:ipstat().fragments - 5))
  sleep(45 - now())
  v = vax:ipstat()
  print(string.format("t=%.0fs: vax dropped %d fragments on the 30 s " ..
                      "reassembly timer", now(), v.fragtimeout))
  assert(v.fragments == 9 and v.fragtimeout == 4)
  assert(slip:stats("ab").drops.loss == 1)
end)

run { stop = "60s" }
