-- scenarios/lib/icmp.lua: ICMP messages built and read in Lua, as BSD's
-- ping and traceroute build them in user space over a raw socket: the
-- Internet checksum (RFC 1071), echo requests, and the decoding of what a
-- raw socket returns (the whole datagram, IP header first).
local M = {}

-- The 16-bit one's complement checksum of string s.
function M.cksum(s)
  if #s % 2 == 1 then s = s .. "\0" end
  local sum = 0
  for i = 1, #s, 2 do
    sum = sum + (s:byte(i) << 8 | s:byte(i + 1))
  end
  while sum > 0xffff do sum = (sum & 0xffff) + (sum >> 16) end
  return ~sum & 0xffff
end

-- An echo request: type 8, identifier id, sequence seq, `size` data bytes.
function M.echo(id, seq, size)
  local data = string.rep("\0", size)
  local body = string.pack(">BBHHH", 8, 0, 0, id, seq) .. data
  local sum = M.cksum(body)
  return string.pack(">BBHHH", 8, 0, sum, id, seq) .. data
end

-- Decodes a datagram from a raw socket: { ttl, src, hlen, type, code,
-- id, seq, quote } where quote is the datagram an error quotes (its IP
-- header first), or nil when the bytes are too short.
function M.parse(pkt)
  if #pkt < 28 then return nil end
  local vhl, ttl = pkt:byte(1), pkt:byte(9)
  local hlen = (vhl & 15) * 4
  local t, code, _, id, seq = string.unpack(">BBHHH", pkt, hlen + 1)
  return { ttl = ttl, hlen = hlen, type = t, code = code, id = id,
           seq = seq, quote = pkt:sub(hlen + 9) }
end

-- From a quoted datagram: its protocol and its first three 16-bit words
-- after the header (UDP: source port, destination port, length; ICMP:
-- type and code, checksum, identifier).
function M.quoted(q)
  if #q < 28 then return nil end
  local qh = (q:byte(1) & 15) * 4
  if #q < qh + 6 then return nil end
  local w1, w2, w3 = string.unpack(">HHH", q, qh + 1)
  return { proto = q:byte(10), w1 = w1, w2 = w2, w3 = w3 }
end

M.names = {
  [0] = "echo reply", [3] = "destination unreachable",
  [4] = "source quench", [8] = "echo request", [11] = "time exceeded",
}
M.unreach = { [0] = "net", "host", "protocol", "port", "fragmentation needed" }

return M
