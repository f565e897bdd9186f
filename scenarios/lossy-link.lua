-- scenarios/lossy-link.lua: a point-to-point link dropping what its model says.
--
-- One 1 Mb/s link with a 10 ms delay between monet and degas. From monet to
-- degas (direction "ab") it loses 10% of frames independently (Bernoulli);
-- from degas to monet ("ba") it loses in bursts (Gilbert-Elliott: the link
-- turns bad with probability p = 0.05 per frame and good again with r = 0.5,
-- and loses every frame while bad: 9.1% lost on average, in bursts of 2 on
-- average). Then the link goes down for a second: everything sent then is
-- lost too, counted under "down".
--
-- Each side sends 2000 frames of 100 data bytes, 5 ms apart, numbered; the
-- receiver counts what arrives and the runs of consecutive losses.

local N, GAP = 2000, 0.005
local wan = link { name = "wan0", rate = "1Mbps", delay = "10ms",
                   ab = { loss = 0.1 },
                   ba = { burst = { p = 0.05, r = 0.5 } } }
local monet = host { name = "monet", iface = { wan } }
local degas = host { name = "degas", iface = { wan } }

local result = {}

local function sender(h)
  h:spawn("send", function()
    local e = h:iface(1)
    for seq = 1, N do
      assert(e:send { size = 100, seq = seq })
      sleep(GAP)
    end
  end)
end

local function receiver(h, dir)
  h:spawn("recv", function()
    local e = h:iface(1)
    local got, last, bursts, burst_frames = 0, 0, 0, 0
    while true do
      local f = e:recv { timeout = "1s" }
      if not f then break end
      if f.seq > last + 1 then
        bursts = bursts + 1
        burst_frames = burst_frames + (f.seq - last - 1)
      end
      got, last = got + 1, f.seq
    end
    if last < N then bursts, burst_frames = bursts + 1, burst_frames + N - last end
    result[dir] = { got = got, bursts = bursts, burst_frames = burst_frames }
  end)
end

sender(monet); sender(degas)
receiver(degas, "ab"); receiver(monet, "ba")
run { stop = "15s" }

for _, dir in ipairs { "ab", "ba" } do
  local r, st = result[dir], wan:stats(dir)
  print(string.format("%s: sent %d, received %d, lost %d (%.1f%%) in %d runs "
                      .. "(mean run %.2f frames)", dir, N, r.got, N - r.got,
                      100 * (N - r.got) / N, r.bursts, r.burst_frames / r.bursts))
  assert(r.got + st.drops.loss == N, "every frame is delivered or lost by the model")
  assert(st.drops.total == st.drops.loss, "only the loss model drops")
end
-- 10% of 2000 is 200, sd about 13.4: allow 4 sd.
local lost_ab = N - result.ab.got
assert(math.abs(lost_ab - 200) < 54, "Bernoulli loss near 10%")
-- Gilbert-Elliott: mean loss p/(p+r) = 9.1%, runs of 1/r = 2 frames.
local lost_ba = N - result.ba.got
assert(lost_ba > 110 and lost_ba < 260, "burst loss near 9%")
local mean_run = result.ba.burst_frames / result.ba.bursts
assert(mean_run > 1.6 and mean_run < 2.5, "burst loss comes in runs of about 2")
assert(result.ab.burst_frames / result.ab.bursts < 1.3, "Bernoulli losses are mostly single")

-- Phase two: the link goes down for a second.
local before = wan:stats("ab").drops.down
at(now() + 0.5, function() wan:down() end)
at(now() + 1.5, function() wan:up() end)
monet:spawn("send2", function()
  local e = monet:iface(1)
  for seq = 1, 400 do e:send { size = 100, seq = seq }; sleep(GAP) end
end)
run { stop = now() + 3 }
local down = wan:stats("ab").drops.down - before
print(string.format("link down for 1 s: %d of 400 frames dropped as 'down'", down))
-- 200 frames are sent while it is down, and going down also loses the
-- frames on the wire then (10 ms of delay holds up to 2 of them).
assert(down >= 200 and down <= 202, "one second of 5 ms frames is lost to the outage")
