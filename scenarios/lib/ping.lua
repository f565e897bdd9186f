-- scenarios/lib/ping.lua: ping(8) in Lua, as BSD builds it: a raw ICMP
-- socket (root only), an echo request a second carrying the process id
-- and a sequence number, and bsdselect() to wait for replies. Prints BSD's
-- lines, with the round-trip time to the nanosecond, and returns the
-- figures: { transmitted, received, rtt = { [seq] = seconds }, errors }.
--   local ping = require("ping")
--   ping("degas", { count = 4, size = 56, interval = 1 })
local icmp = require("icmp")

-- Reads one datagram and reports it; returns seq of a reply to us, or nil.
local function receive(s, id, sent, out)
  local pkt, from = recvfrom(s, 65535)
  local m = pkt and icmp.parse(pkt)
  if not m then return nil end
  if m.type == 0 and m.id == id and sent[m.seq] then
    local rtt = now() - sent[m.seq]
    print(string.format("%d bytes from %s: icmp_seq=%d ttl=%d time=%.6f ms",
                        #pkt - m.hlen, from.addr, m.seq, m.ttl, rtt * 1000))
    return m.seq, rtt
  end
  local q = (m.type == 3 or m.type == 11) and icmp.quoted(m.quote)
  if q and q.proto == 1 and q.w3 == id then
    local why = m.type == 3 and (icmp.unreach[m.code] or "?") .. " unreachable"
                or "time to live exceeded"
    print(string.format("From %s: %s", from.addr, why))
    out.errors = out.errors + 1
  end
end

-- Waits until `deadline` (simulated seconds), taking replies as they come.
local function wait_until(s, deadline, id, sent, out)
  while true do
    local left = deadline - now()
    if left <= 0 then return end
    local n = bsdselect(s + 1, 1 << s, nil, nil, left)
    if not n or n == 0 then return end
    local seq, rtt = receive(s, id, sent, out)
    if seq and not out.rtt[seq] then
      out.rtt[seq] = rtt
      out.received = out.received + 1
    end
  end
end

local function summary(name, out)
  print(string.format("--- %s ping statistics ---", name))
  print(string.format("%d packets transmitted, %d packets received, %d%% packet loss",
        out.transmitted, out.received,
        (out.transmitted - out.received) * 100 // math.max(out.transmitted, 1)))
end

return function(dst, o)
  o = o or {}
  local count, size = o.count or 4, o.size or 56
  local interval = o.interval or 1
  local hp = assert(gethostbyname(dst), "ping: unknown host " .. tostring(dst))
  local s, err = socket(AF_INET, SOCK_RAW, IPPROTO_ICMP)
  if not s then
    print("ping: socket: " .. err)
    return nil, err
  end
  local id = getpid and getpid() or 1
  local to = { family = AF_INET, addr = hp.h_addr }
  local out = { transmitted = 0, received = 0, rtt = {}, errors = 0 }
  local sent = {}
  print(string.format("PING %s (%s): %d data bytes", hp.h_name, hp.h_addr, size))
  for seq = 0, count - 1 do
    local t0 = now()
    sent[seq] = t0
    local ok, e = sendto(s, icmp.echo(id, seq, size), 0, to)
    if ok then out.transmitted = out.transmitted + 1
    else print("ping: sendto: " .. e) end
    wait_until(s, t0 + interval, id, sent, out)
  end
  summary(hp.h_name, out)
  close(s)
  return out
end
