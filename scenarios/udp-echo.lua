-- scenarios/udp-echo.lua: a UDP echo client and server over a link that
-- loses, duplicates and reorders (primer section 2.7: datagram sockets).
--
--   monet (client) --wan: 1 Mb/s, 10 ms; each way loss 10%, dup 5%,
--                         reorder 5% held 25 ms-- degas (server, port 7)
--
-- The client sends 200 numbered datagrams, one every 10 ms, each carrying
-- its number, its send time and a body whose length depends on the number
-- (12 to 400 bytes); between sends it takes the echoes with select. The
-- server echoes each datagram back (recvfrom, then sendto the sender) and
-- classifies what it saw: lost (never seen), duplicated (seen twice),
-- held back (its one-way delay is the link's plus 25 ms) and reordered
-- (arrived after a higher number).
--
-- Asserted: every datagram arrives whole (its exact length and bytes: UDP
-- keeps record boundaries); every one-way delay is the analytic one to the
-- nanosecond, or that plus 25 ms; the counts equal the link's own counters
-- for monet -> degas (drops.loss, dup_frames, reordered); a held datagram
-- arrives after a higher number exactly when one of the next two got
-- through without being held (they are sent 10 and 20 ms later, within
-- 25 ms; the third, 30 ms later, is too late to overtake); the echoes the
-- client gets match what the server sent, minus the losses and plus the
-- duplicates of degas -> monet.

local N, GAP, PORT = 200, 0.010, 7
local RATE, DELAY, HOLD = 1e6, 0.010, 0.025
local bad = { loss = 0.1, dup = 0.05, reorder = 0.05, reorder_delay = HOLD }
local wan = link { name = "wan", rate = RATE, delay = DELAY,
                   ab = bad, ba = bad }
local monet = host { name = "monet", iface = { wan, "10.0.0.1" } }
local degas = host { name = "degas", iface = { wan, "10.0.0.2" } }

local function ns(x) return math.floor(x * 1e9 + 0.5) end
local function check(cond, what)
  if not cond then error("udp-echo: " .. what, 2) end
end

-- Datagram seq: number, send time (ns), then a body of its own length.
local function size(seq) return 12 + seq * 37 % 389 end
local function body(seq)
  return string.rep(string.char(65 + seq % 26), size(seq) - 12)
end
local function datagram(seq)
  return string.pack(">I4I8", seq, ns(now())) .. body(seq)
end

-- The one-way delay of a datagram of n data bytes: UDP 8, IP 20, PPP 4
-- bytes of header and RFC 1662's 2-byte FCS and flag go out at RATE, then
-- DELAY of propagation.
local function one_way(n)
  local bits = (n + 8 + 20 + 4 + 3) * 8
  return (bits * 1000000000 + RATE // 2) // RATE + ns(DELAY)
end

local server = { seen = {}, held = {}, late = {}, echoed = 0 }

-- Reads one datagram, checks it and records what the link did to it.
local function take(s, top)
  local d, from = recvfrom(s, 2048, 0)
  local seq, sent = string.unpack(">I4I8", d)
  check(#d == size(seq), "datagram " .. seq .. " arrives whole")
  check(d:sub(13) == body(seq), "datagram " .. seq .. " has its own bytes")
  local delay = ns(now()) - sent
  local held = delay == one_way(#d) + ns(HOLD)
  check(held or delay == one_way(#d), "one-way delay of " .. seq)
  local seen = (server.seen[seq] or 0) + 1
  server.seen[seq] = seen
  if held and seen == 1 then
    server.held[seq] = true
    print(string.format("#%d held back: %.3f ms on the way", seq,
                        delay / 1e6))
  end
  if seq < top and not server.late[seq] then
    server.late[seq] = true
    print(string.format("#%d arrives after #%d", seq, top))
  end
  if seen > 1 then print(string.format("#%d again: a duplicate", seq)) end
  check(sendto(s, d, 0, from) == #d, "echo " .. seq)
  server.echoed = server.echoed + 1
  return math.max(top, seq)
end

degas:spawn("echod", function()
  local s = socket(AF_INET, SOCK_DGRAM, 0)
  check(bind(s, { family = AF_INET, addr = INADDR_ANY, port = PORT }) == 0,
        "bind the echo port")
  local top = 0
  while bsdselect(s + 1, 1 << s, nil, nil, 1) == 1 do  -- 1 s idle: done
    top = take(s, top)
  end
  close(s)
end)

local client = { got = {}, echoes = 0 }

-- Takes echoes until simulated time `deadline`.
local function echoes_until(s, deadline)
  while now() < deadline do
    if bsdselect(s + 1, 1 << s, nil, nil, deadline - now()) == 0 then return end
    local d, from = recvfrom(s, 2048, 0)
    local seq = string.unpack(">I4", d)
    check(from.addr == "10.0.0.2" and from.port == PORT, "echo from degas:7")
    check(#d == size(seq) and d:sub(13) == body(seq),
          "echo " .. seq .. " whole")
    client.got[seq] = (client.got[seq] or 0) + 1
    client.echoes = client.echoes + 1
    if seq <= 3 then
      local _, sent = string.unpack(">I4I8", d)
      print(string.format("echo of #%d, %d bytes, round trip %.6f ms", seq,
                          #d, (ns(now()) - sent) / 1e6))
    end
  end
end

monet:spawn("client", function()
  local s = socket(AF_INET, SOCK_DGRAM, 0)
  local to = { family = AF_INET, addr = "10.0.0.2", port = PORT }
  local t0 = now()
  for seq = 1, N do
    local d = datagram(seq)
    check(sendto(s, d, 0, to) == #d, "sendto " .. seq)
    if seq <= 3 then
      print(string.format("sent #%d, %d bytes", seq, #d))
    end
    echoes_until(s, t0 + seq * GAP)
  end
  echoes_until(s, now() + 0.5)
  close(s)
end)

run { stop = "5s" }

-- ---- the outcome, against the link's counters ----
local ab, ba = wan:stats("ab"), wan:stats("ba")
local lost, dups, held, late, predicted = {}, 0, 0, 0, 0
local function through(seq)          -- delivered, not held back
  return (server.seen[seq] or 0) > 0 and not server.held[seq]
end
for seq = 1, N do
  local seen = server.seen[seq] or 0
  check(seen <= 2, "no datagram is seen three times")
  if seen == 0 then lost[#lost + 1] = seq end
  if seen == 2 then dups = dups + 1 end
  if server.held[seq] then
    held = held + 1
    if through(seq + 1) or through(seq + 2) then predicted = predicted + 1 end
  end
  if server.late[seq] then
    check(server.held[seq], "only a held datagram arrives late")
    late = late + 1
  elseif server.held[seq] then
    local function fate(n)
      return (server.seen[n] or 0) == 0 and "lost" or "held too"
    end
    print(string.format("#%d was held but nothing overtook it: #%d %s, #%d %s",
                        seq, seq + 1, fate(seq + 1), seq + 2, fate(seq + 2)))
  end
end
print(string.format("monet -> degas: %d sent, %d frames delivered", N,
                    ab.rx_frames))
print(string.format("  lost:       %3d   link drops.loss  %3d   (%s)", #lost,
                    ab.drops.loss, table.concat(lost, " ")))
print(string.format("  duplicated: %3d   link dup_frames  %3d", dups,
                    ab.dup_frames))
print(string.format("  held back:  %3d   link reordered   %3d", held,
                    ab.reordered))
print(string.format("  overtaken:  %3d   (held, with #n+1 or #n+2 through "
                    .. "unheld: %d)",
                    late, predicted))
check(ab.tx_frames == N and ab.drops.total == ab.drops.loss, "only loss drops")
check(#lost == ab.drops.loss, "lost = the link's loss drops")
check(dups == ab.dup_frames, "duplicated = the link's dup_frames")
check(held == ab.reordered, "held back = the link's reordered")
check(late == predicted, "overtaken exactly when a successor got past")
check(N - #lost + dups == ab.rx_frames, "every frame is accounted for")

local copies = 0
for _, c in pairs(client.got) do copies = copies + c end
print(string.format("degas -> monet: %d echoes sent, %d lost, %d duplicated, "
                    .. "%d received", server.echoed, ba.drops.loss,
                    ba.dup_frames, client.echoes))
check(ba.tx_frames == server.echoed, "one frame per echo")
check(client.echoes == server.echoed - ba.drops.loss + ba.dup_frames,
      "echoes received = sent - lost + duplicated")
check(copies == client.echoes, "each echo is counted once")
print("udp-echo: all counts match the link's")
