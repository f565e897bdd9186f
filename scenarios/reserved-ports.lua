-- scenarios/reserved-ports.lua: primer section 5.4, reserved ports.
--
-- Ports 0..1023 are for the super user. The remote shell's search for a
-- free privileged port (lport from IPPORT_RESERVED - 1 down to
-- IPPORT_RESERVED / 2, skipping ports in use) is translated line by line.
-- Two sessions already hold ports 1023 and 1022, so root's search ends
-- at 1021 on its third try; the same loop run by uid 100 fails at once
-- with EACCES ("Permission denied"), which the loop reports with perror.
-- A port the system picks (port 0) is never reserved: it is 1024 or up.
-- The uid also decides raw sockets and broadcast (4.2BSD): EACCES both.
-- (The primer's rsh uses a stream socket; the binding rules are the same
-- for datagram sockets, used here.)
local lan = ethernet { name = "lan" }
local monet = host { name = "monet", iface = { lan, "128.32.1.1" } }

-- The primer's loop; returns the socket and port, or nil.
local function rresvport(tries)
  local s = assert(socket(AF_INET, SOCK_DGRAM, 0))
  local sin = { family = AF_INET, addr = INADDR_ANY }
  local lport = IPPORT_RESERVED - 1
  while true do
    sin.port = htons(lport)
    local ok, err = bind(s, sin)
    tries[#tries + 1] = lport .. ":" .. (ok and "ok" or err)
    if ok then return s, lport end
    if err ~= "EADDRINUSE" and err ~= "EADDRNOTAVAIL" then
      perror("socket")
      close(s)
      return nil, err
    end
    lport = lport - 1
    if lport == IPPORT_RESERVED // 2 then
      print("socket: All ports in use")
      close(s)
      return nil
    end
  end
end

local held = {}
monet:spawn("sessions", function()       -- two earlier rsh sessions
  for _ = 1, 2 do
    local tries = {}
    local s, port = rresvport(tries)
    held[#held + 1] = s
    print("an earlier session holds port " .. port)
  end
  sleep(10)
end)

monet:spawn("rsh", function()
  sleep(1)
  assert(getuid() == 0)
  local tries = {}
  local _, port = rresvport(tries)
  print("root: tried " .. table.concat(tries, " ") .. "; bound " .. port)
  assert(port == 1021 and #tries == 3)
  local e = socket(AF_INET, SOCK_DGRAM, 0)
  assert(bind(e, { family = AF_INET, addr = INADDR_ANY, port = 0 }))
  local auto = getsockname(e).port
  print("port 0 gets " .. auto .. " (never reserved)")
  assert(auto >= IPPORT_RESERVED)
end, { uid = 0 })

monet:spawn("user-rsh", function()
  sleep(2)
  assert(getuid() == 100)
  local tries = {}
  local s, err = rresvport(tries)
  print("uid 100: tried " .. table.concat(tries, " "))
  assert(s == nil and err == "EACCES" and #tries == 1)
  -- The uid also governs raw sockets (ping) and broadcast.
  local r, rerr = socket(AF_INET, SOCK_RAW, IPPROTO_ICMP)
  print("uid 100: raw socket: " .. tostring(rerr))
  assert(r == nil and rerr == "EACCES")
  local b = assert(socket(AF_INET, SOCK_DGRAM, 0))
  assert(setsockopt(b, SOL_SOCKET, SO_BROADCAST, 1))
  local ok, berr = sendto(b, "hi", 0, { family = AF_INET,
                                        addr = "128.32.255.255", port = 513 })
  print("uid 100: broadcast with SO_BROADCAST: " .. tostring(berr))
  assert(ok == nil and berr == "EACCES")
end, { uid = 100 })

run { stop = "5s" }
