-- scenarios/lib/traceroute.lua: traceroute(8) in Lua: UDP probes to
-- unlikely ports (33434 up) with TTL 1, 2, ... (IP_TTL), three per hop,
-- and a raw ICMP socket (root only) that hears the time-exceeded
-- messages of the gateways on the way and the port unreachable of the
-- destination. Prints BSD's lines and returns the hops:
-- { { addr = "128.32.1.2", rtt = { s, s, s } }, ... }.
--   local traceroute = require("traceroute")
--   traceroute("degas", { max_ttl = 30, wait = 5 })
local icmp = require("icmp")

-- Waits for the answer to the probe sent to `port`; returns the sender,
-- the ICMP message and the time it came, or nil after `wait` seconds.
local function answer(rs, lport, port, wait)
  local deadline = now() + wait
  while true do
    local left = deadline - now()
    if left <= 0 then return nil end
    local n = bsdselect(rs + 1, 1 << rs, nil, nil, left)
    if not n or n == 0 then return nil end
    local pkt, from = recvfrom(rs, 65535)
    local m = pkt and icmp.parse(pkt)
    local q = m and (m.type == 11 or m.type == 3) and icmp.quoted(m.quote)
    if q and q.proto == 17 and q.w1 == lport and q.w2 == port then
      return from.addr, m, now()
    end
  end
end

local function hop(us, rs, addr, ttl, o, state)
  setsockopt(us, IPPROTO_IP, IP_TTL, ttl)
  local line, last, h = string.format("%2d ", ttl), nil, { rtt = {} }
  for _ = 1, o.nprobes do
    state.port = state.port + 1
    local t0 = now()
    sendto(us, string.rep("\0", 12), 0,
           { family = AF_INET, addr = addr, port = state.port })
    local lport = getsockname(us).port
    local from, m, t1 = answer(rs, lport, state.port, o.wait)
    if not from then
      line = line .. " *"
    else
      if from ~= last then line = line .. " " .. from; last = from end
      h.addr = from
      h.rtt[#h.rtt + 1] = t1 - t0
      line = line .. string.format("  %.3f ms", (t1 - t0) * 1000)
      if m.type == 3 then
        state.done = true
        if m.code ~= 3 then line = line .. (m.code == 0 and " !N" or " !H") end
      end
    end
  end
  print(line)
  return h
end

return function(dst, o)
  o = o or {}
  o.max_ttl, o.nprobes, o.wait = o.max_ttl or 30, o.nprobes or 3, o.wait or 5
  local hp = assert(gethostbyname(dst), "traceroute: unknown host " .. tostring(dst))
  local rs, err = socket(AF_INET, SOCK_RAW, IPPROTO_ICMP)
  if not rs then
    print("traceroute: icmp socket: " .. err)
    return nil, err
  end
  local us = assert(socket(AF_INET, SOCK_DGRAM, 0))
  print(string.format("traceroute to %s (%s), %d hops max, 40 byte packets",
                      hp.h_name, hp.h_addr, o.max_ttl))
  local hops, state = {}, { port = 33433, done = false }
  for ttl = 1, o.max_ttl do
    hops[ttl] = hop(us, rs, hp.h_addr, ttl, o, state)
    if state.done then break end
  end
  close(us)
  close(rs)
  return hops
end
