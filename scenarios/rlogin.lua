-- scenarios/rlogin.lua: primer Figures 1 and 2 (and the SIGCHLD reaper
-- of section 5.6), translated line by line.
--
-- degas runs rlogind: getservbyname("login", "tcp"), bind to its port,
-- listen(f, 5), and a fork per connection in which the child closes the
-- listening descriptor f and the parent closes the connection g. Here
-- doit() is a tiny echo "session". Three clients on three hosts run
-- Figure 1's rlogin at different times, type a few lines, read them
-- back and hang up. A SIGCHLD handler reaps each session with wait3 and
-- WNOHANG, so no zombie is left; the scenario checks that with ps.
local lan = ethernet { name = "lan0" }
local degas = host { name = "degas", iface = { lan, "128.32.1.2" } }
local clients = {}
for i, name in ipairs { "monet", "manet", "matisse" } do
  clients[i] = host { name = name, iface = { lan, "128.32.1." .. (10 + i) } }
end

local served = 0

-- The session: echo each line until the client hangs up.
local function doit(g, _from)     -- the primer's doit(g, &from)
  while true do
    local line = read(g, 1024)
    if not line or line == "" then break end
    write(g, "degas: " .. line)
  end
  close(g)
  exit(0)
end

-- Section 5.6's reaper: wait3 returns 0 while children still run, and
-- fails (nil, ECHILD) when none is left; C's -1 compares the same way.
local function reaper()
  while (wait3(WNOHANG) or -1) > 0 do served = served + 1 end
end

degas:spawn("rlogind", function()
  local sp = getservbyname("login", "tcp")
  if sp == nil then print("rlogind: tcp/login: unknown service"); exit(1) end
  local sin = { family = AF_INET, port = sp.s_port }
  local f = socket(AF_INET, SOCK_STREAM, 0)
  if not bind(f, sin) then perror("rlogind: bind"); exit(1) end
  listen(f, 5)
  signal(SIGCHLD, reaper)
  while true do
    local g, from = accept(f)
    if not g then
      if from ~= "EINTR" then perror("rlogind: accept") end
    else
      print(string.format("connection from %s:%d", from.addr, from.port))
      fork(function() close(f); doit(g, from) end)
      close(g)
    end
  end
end)

-- Figure 1, then a short session.
local function rlogin(me, i)
  me:spawn("rlogin", function()
    sleep(i)
    local sp = getservbyname("login", "tcp")
    local hp = gethostbyname("degas")
    local sin = { family = hp.h_addrtype, addr = hp.h_addr, port = sp.s_port }
    local s = socket(AF_INET, SOCK_STREAM, 0)
    if not s then perror("rlogin: socket"); exit(3) end
    if not connect(s, sin) then perror("rlogin: connect"); exit(5) end
    for k = 1, 3 do
      local line = string.format("%s line %d\n", me:name(), k)
      write(s, line)
      local back = read(s, 1024)
      assert(back == "degas: " .. line, "echo of " .. line)
    end
    print(string.format("%s: 3 lines echoed, hanging up", me:name()))
    close(s)
  end)
end
for i, h in ipairs(clients) do rlogin(h, i) end

run { stop = "30s" }
assert(served == 3, "the reaper reaped every session")
for _, p in ipairs(degas:ps()) do
  assert(p.state ~= "zombie", "no zombie left: " .. p.name)
end
print(string.format("rlogind served %d sessions; no zombies", served))
