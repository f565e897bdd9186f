-- sim/analysis/tests/explain/keepalive.lua: ETIMEDOUT from the keepalive timer,
-- for test_explain.sh. monet connects to degas with SO_KEEPALIVE and reads;
-- nothing is sent. From 100 s link wan loses every frame from monet to
-- degas, so after 2 h idle (4.4BSD TCPTV_KEEP_IDLE) the probes, every
-- 75 s (TCPTV_KEEPINTVL), are all lost, and when the connection has been
-- idle 2 h + 8 * 75 s the timer drops it: read fails with ETIMEDOUT.
local wan = link { name = "wan", rate = "1Mbps", delay = "10ms" }
-- boot = 0: monet's keepalive probes fall on whole 500 ms ticks, the
-- exact times the expected explanation quotes.
local monet = host { name = "monet", boot = 0, iface = { wan, "10.0.0.1/24" } }
local degas = host { name = "degas", iface = { wan, "10.0.0.2/24" } }

degas:spawn("server", function()
  local s = socket(AF_INET, SOCK_STREAM, 0)
  assert(bind(s, { family = AF_INET, port = 7000 }))
  listen(s, 5)
  local g = accept(s)
  read(g, 100)
end)

at(100, function() wan:set("ab", { loss = 1 }) end)

monet:spawn("client", function()
  local s = socket(AF_INET, SOCK_STREAM, 0)
  assert(setsockopt(s, SOL_SOCKET, SO_KEEPALIVE, 1))
  assert(connect(s, { family = AF_INET, addr = "10.0.0.2", port = 7000 }))
  local _, err = read(s, 100)
  print(string.format("read: %s at %.3f s", tostring(err), now()))
  assert(err == "ETIMEDOUT")
end)

run { stop = "8000s" }
