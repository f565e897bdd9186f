-- scenarios/link-cut.lua: ETIMEDOUT when the link is cut mid-transfer
-- and stays cut.
--
--   sun 10.1.0.1 --wan (1 Mb/s, 10 ms)-- vax 10.1.0.2
--
-- sun streams data to vax; at 2 s the link goes down for good. sun's
-- TCP retransmits the oldest unacknowledged segment each time the
-- retransmit timer expires, the timeout doubling from the RTO it had
-- measured (4.4BSD's backoff table {1, 2, 4, 8, 16, 32, 64, 64, ...},
-- capped at 64 s), and after TCP_MAXRXTSHIFT (12) backoffs it drops the
-- connection, about 9 minutes after the cut, recording ETIMEDOUT as the
-- socket's error. The blocked write wakes and fails first with EPIPE
-- (4.4BSD's sosend tests "can't send more" before the error; SIGPIPE is
-- ignored here); the next read returns the error itself: ETIMEDOUT. A monitor process samples sun's retransmit-timeout
-- counter at every 500 ms tick (the timers fire on the tick) and prints
-- the schedule, which the scenario checks: each gap is the previous one
-- doubled until it reaches 64 s, twelve timeouts, and the drop at the
-- thirteenth expiry (counted as a drop, not a timeout, as 4.4BSD does).
local wan = link { name = "wan", rate = "1Mbps", delay = "10ms" }
-- boot = 0 (sun): its clock ticks on multiples of 500 ms, the instants the
-- monitor samples at, so each timeout is seen at its own tick.
local sun = host { name = "sun", boot = 0, iface = { wan, "10.1.0.1/16" } }
local vax = host { name = "vax", iface = { wan, "10.1.0.2/16" } }

vax:spawn("sink", function()
  local s = socket(AF_INET, SOCK_STREAM, 0)
  bind(s, { family = AF_INET, port = 5001 })
  listen(s, 5)
  local g = accept(s)
  while true do
    local d = read(g, 8192)
    if not d or d == "" then break end
  end
end)

at(2, function() wan:down() end)

local timeouts, dropped = {}, nil
sun:spawn("monitor", function()
  local seen = 0
  while now() < 700 do
    sleep(0.5 - now() % 0.5 + 0.001)        -- just after each tick
    local n = sun:tcpstat().rexmttimeo
    while seen < n do
      seen = seen + 1
      timeouts[seen] = math.floor(now() * 2) / 2   -- the tick it fired on
    end
  end
end)

sun:spawn("source", function()
  signal(SIGPIPE, SIG_IGN)
  local s = socket(AF_INET, SOCK_STREAM, 0)
  assert(connect(s, { family = AF_INET, addr = "10.1.0.2", port = 5001 }))
  local chunk, sent = string.rep("x", 1024), 0
  while true do
    local n, err = write(s, chunk)
    if not n then
      print(string.format("write failed at %.1f s: %s", now(), err))
      perror("source: write")
      assert(err == "EPIPE")
      dropped = now()
      local r, rerr = read(s, 1)
      print(string.format("read failed at %.1f s: %s", now(), rerr))
      perror("source: read")
      assert(r == nil and rerr == "ETIMEDOUT")
      break
    end
    sent = sent + n
  end
  print(string.format("%d bytes written before the cut filled the buffers", sent))
  sleep(1)
  print("retransmit timeouts (s):  #  at      gap")
  for i, t in ipairs(timeouts) do
    local gap = i > 1 and t - timeouts[i - 1] or t - 2
    print(string.format("                         %2d  %6.1f  %5.1f", i, t, gap))
    if i > 2 then
      local prev = timeouts[i - 1] - timeouts[i - 2]
      assert(gap == math.min(prev * 2, 64), "the backoff doubles up to 64 s")
    end
  end
  assert(#timeouts == 12, "12 retransmit timeouts (TCP_MAXRXTSHIFT)")
  assert(dropped - timeouts[12] == 64, "the 13th expiry, 64 s on, drops it")
  local cut = dropped - 2
  print(string.format("dropped at %.1f s: %.1f s (%.1f min) after the cut",
                      dropped, cut, cut / 60))
  assert(cut > 8 * 60 and cut < 10 * 60)
end)

run { stop = "720s" }
