-- scenarios/idle-acks.lua: a dozen quiet TCP connections on one Ethernet,
-- and the phase of each host's clock (issue 11, item 1).
--
-- degas keeps an rlogin-like session open to each of twelve clients and
-- writes one short status line to all of them every second, back to
-- back. Each client has nothing to say, so it delays its ACK to its next
-- 200 ms fast tick (4.4BSD tcp_fasttimo). A host's ticks count from its
-- boot (4.4BSD domaininit starts pffasttimo and pfslowtimo then), so
-- hosts that booted at unrelated times ACK at unrelated instants, and at
-- 0.02% load the cable carries them without a collision. Hosts that all
-- booted at 0 tick together: the twelve ACKs start at the same instant
-- every second and collide, again and again, until backoff sorts them.
--   ipcsim run scenarios/idle-acks.lua               (boot: each host's own)
--   ipcsim run scenarios/idle-acks.lua --param boot=0   (every host at 0)
-- Asserted, from the segment's counters (the collisions of collisions.csv):
-- no collision with each host's own boot; with boot=0, collisions in
-- every round of ACKs.
local BOOT = param("boot", "own")
local N, ROUNDS, PORT = 12, 20, 5130
local boot = BOOT ~= "own" and BOOT or nil

local lan = ethernet { name = "lan0" }
local degas = host { name = "degas", boot = boot, iface = { lan, "128.32.1.1" } }
local clients = {}
for i = 1, N do
  clients[i] = host { name = "c" .. i, boot = boot,
                      iface = { lan, "128.32.1." .. (10 + i) } }
end

-- The server: accept N sessions, then a line to each every second, then
-- hang up one session at a time (a client answers a FIN at once, in no
-- time, so FINs sent back to back would collide with those answers).
degas:spawn("statd", function()
  local l = socket(AF_INET, SOCK_STREAM, 0)
  assert(bind(l, { family = AF_INET, port = PORT }))
  listen(l, 5)
  local conns = {}
  for i = 1, N do conns[i] = assert(accept(l)) end
  for r = 1, ROUNDS do
    sleep(1)
    for i = 1, N do write(conns[i], string.format("status %d\n", r)) end
  end
  for i = 1, N do sleep(0.05); close(conns[i]) end
end)

-- A client: connect (one at a time, 50 ms apart), then read until EOF.
local got = 0
for i, h in ipairs(clients) do
  h:spawn("stat", function()
    sleep(0.05 * i)
    local s = socket(AF_INET, SOCK_STREAM, 0)
    assert(connect(s, { family = AF_INET, addr = "128.32.1.1", port = PORT }))
    while true do
      local line = read(s, 100)
      if not line or line == "" then break end
      got = got + 1
    end
    close(s)
  end)
end

run { stop = "30s" }

local st = lan:stats()
print(string.format("boot %s: %d frames, %d collisions, utilisation %.4f%%",
                    tostring(BOOT), st.tx_frames, st.collisions,
                    100 * st.utilisation))
assert(got >= ROUNDS, "every status line was read")
if BOOT == "own" then
  assert(st.collisions == 0, "phased clocks: no collision")
else
  assert(st.collisions >= ROUNDS, "clocks in phase: the ACKs collide")
end
