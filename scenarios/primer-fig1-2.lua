-- scenarios/primer-fig1-2.lua: primer Figures 1 and 2 (sections 3.5, 4.1,
-- 4.2), the remote login client and server, as literally as Lua allows,
-- run against each other with a user at a terminal.
--
--   monet (console, rlogin) ---- lan0 ---- degas (rlogind, pty, sh)
--
-- Figure 2 runs on degas: getservbyname("login", "tcp"), socket, bind,
-- listen(f, 5), and the accept loop that forks doit(g, &from) in a child
-- which closes f while the parent closes g. doit (which the primer
-- leaves out: "the details of the remote login protocol will not be
-- considered here") is 4.2BSD rlogind's: the reserved-port check, the
-- handshake, the /dev/ptyXX search, a child that makes the slave its
-- terminal on 0, 1, 2 and runs the shell (scenarios/lib/shell.lua), and
-- a copy loop between the socket and the pty master. Figure 1 runs on
-- monet, on its console (spawn{ tty = }), as `rlogin degas`: the
-- lookups, socket, connect, then (the "...") the handshake, raw mode, and
-- the copy: the keyboard (fd 0) to the socket, the socket to fd 1. The
-- user types a command and exits; a second rlogin names a host that does
-- not exist and stops at Figure 1's exit(2); a client on an unreserved
-- port is refused by doit. Asserted: what the user saw.
local shell = require "shell"

local lan = ethernet { name = "lan0" }
local monet = host { name = "monet", iface = { lan, "128.32.1.1" } }
local degas = host { name = "degas", iface = { lan, "128.32.1.2" } }
local console = monet:terminal { speed = 9600 }
local exits = {}                    -- the status of each rlogin
local served                        -- what doit saw

local function fprintf_stderr(s) write(2, s) end

-- The server side of one connection (the primer's doit, 4.2BSD's).
local function doit(f, fromp)
  -- the client must sit on a reserved port: "rlogind: Permission denied."
  if fromp.port >= IPPORT_RESERVED or fromp.port < IPPORT_RESERVED / 2 then
    write(f, "\1rlogind: Permission denied.\r\n"); exit(1)
  end
  local hs = ""                     -- "\0remuser\0locuser\0term/speed\0"
  while select(2, hs:gsub("\0", "")) < 4 do
    local c = read(f, 1)
    if not c or c == "" then exit(1) end
    hs = hs .. c
  end
  local locuser = hs:match("^%z[^%z]*%z([^%z]*)%z")
  -- for (c = 'p'; c <= 's'; c++) { ... line = "/dev/ptyXX"; p = open(line) }
  local p, line
  for c in ("pqrs"):gmatch(".") do
    if not stat("/dev/pty" .. c .. "0") then break end
    for i = 1, 16 do
      line = "/dev/pty" .. c .. ("0123456789abcdef"):sub(i, i)
      p = open(line, O_RDWR)
      if p then goto gotpty end
    end
  end
  write(f, "\1rlogind: Out of ptys.\r\n"); exit(1)
  ::gotpty::
  print(string.format("doit: %s port %d, %s for %s", fromp.addr, fromp.port,
                      line, locuser))
  served = { port = fromp.port, line = line }
  write(f, "\0")
  -- line[strlen("/dev/")] = 't': the slave, /dev/ttyXX
  local tline = "/dev/t" .. line:sub(7)
  local pid = fork(function()
    close(f); close(p)
    setsid()
    local t = open(tline, O_RDWR)
    if not t then exit(1) end
    ioctl(t, TIOCSCTTY)
    dup2(t, 0); dup2(t, 1); dup2(t, 2)
    close(t)
    shell.sh { prompt = gethostname() .. "$ ", user = locuser } -- execl(sh)
    exit(0)
  end)
  signal(SIGCHLD, function() shutdown(f, SHUT_RDWR); exit(0) end) -- cleanup
  -- the copy loop: net to pty, pty to net, with select
  local fbit, pbit = 1 << f, 1 << p
  while true do
    local n, ibits = bsdselect(16, fbit | pbit, nil, nil)
    if n then
      if ibits & fbit ~= 0 then
        local d = read(f, 1024)
        if not d or d == "" then break end
        write(p, d)
      end
      if ibits & pbit ~= 0 then
        local d = read(p, 1024)
        if not d or d == "" then break end
        write(f, d)
      end
    end
  end
  kill(pid, SIGHUP)
  exit(0)
end

-- Figure 2 (primer lines 771-811): the remote login server's main.
local function rlogind_main()
  local f
  local from
  local sp = getservbyname("login", "tcp")
  if sp == nil then
    fprintf_stderr("rlogind: tcp/login: unknown service\n")
    exit(1)
  end
  -- ... #ifndef DEBUG <<disassociate server from controlling terminal>>
  local sin = { family = AF_INET, addr = INADDR_ANY }
  sin.port = sp.s_port
  -- ...
  f = socket(AF_INET, SOCK_STREAM, 0)
  -- ...
  if not bind(f, sin) then
    perror("rlogind: bind"); exit(1)
  end
  -- ...
  listen(f, 5)
  signal(SIGCHLD, function()          -- section 5.6's reaper
    while (wait3(WNOHANG) or -1) > 0 do end
  end)
  while true do                      -- for (;;)
    local g
    g, from = accept(f)
    if not g then
      if from ~= "EINTR" then perror("rlogind: accept") end
      goto continue
    end
    if fork(function() close(f); doit(g, from) end) then
      close(g)
    end
    ::continue::
  end
end

-- Figure 1 (primer lines 640-683): the remote login client's main,
-- with the protocol of the "..." after connect.
local function rlogin_main(argv)
  local sp = getservbyname("login", "tcp")
  if sp == nil then
    fprintf_stderr("rlogin: tcp/login: unknown service\n")
    exit(1)
  end
  local hp = gethostbyname(argv[1])
  if hp == nil then
    fprintf_stderr(string.format("rlogin: %s: unknown host\n", argv[1]))
    exits[#exits + 1] = 2
    exit(2)
  end
  local sin = {}                                  -- bzero(&sin)
  sin.addr = hp.h_addr                            -- bcopy(hp->h_addr, ...)
  sin.family = hp.h_addrtype
  sin.port = sp.s_port
  local s = socket(AF_INET, SOCK_STREAM, 0)
  if not s then
    perror("rlogin: socket")
    exit(3)
  end
  -- ... rlogin binds a reserved port, 1023 down (rresvport)
  for port = IPPORT_RESERVED - 1, IPPORT_RESERVED / 2, -1 do
    if bind(s, { family = AF_INET, addr = INADDR_ANY, port = port }) then
      break
    end
  end
  if not connect(s, sin) then
    perror("rlogin: connect")
    exit(5)
  end
  -- ... the protocol: the handshake, raw mode, and the two copies
  local saved = tcgetattr(0)
  write(s, "\0" .. argv[2] .. "\0" .. argv[2] .. "\0network/"
        .. saved.c_ospeed .. "\0")
  if read(s, 1) ~= "\0" then exit(1) end
  local raw = tcgetattr(0)
  raw.c_lflag = raw.c_lflag & ~(ICANON | ECHO | ISIG | IEXTEN)
  raw.c_iflag = raw.c_iflag & ~ICRNL
  raw.c_oflag = raw.c_oflag & ~OPOST
  tcsetattr(0, TCSANOW, raw)
  local child = fork(function()        -- the socket to the screen
    while true do
      local d = read(s, 1024)
      if not d or d == "" then exit(0) end
      write(1, d)
    end
  end)
  signal(SIGCHLD, function()
    wait()
    tcsetattr(0, TCSANOW, saved)
    write(1, "\nConnection closed.\n")
    exits[#exits + 1] = 0
    exit(0)
  end)
  while true do                        -- the keyboard to the socket
    local c = read(0, 1)
    if not c or c == "" or not write(s, c) then break end
  end
  kill(child, SIGKILL)
  exit(0)
end

degas:spawn("rlogind", rlogind_main)
monet:spawn("rlogin", function() rlogin_main { "degas", "mckusick" } end,
            { tty = console })

local seen
monet:spawn("user", function()
  assert(console:wait("degas$ ", 10), "the shell's prompt")
  console:type("echo hello, world\r")
  assert(console:wait("hello, world\r\ndegas$ ", 10), "the echo's output")
  console:type("exit\r")
  assert(console:wait("Connection closed.", 10))
  seen = console:screen()
  -- Figure 1's second error: an unknown host, exit(2)
  monet:spawn("rlogin", function() rlogin_main { "nohost", "mckusick" } end,
              { tty = console })
  assert(console:wait("rlogin: nohost: unknown host\r\n", 10))
end)

-- doit's check (primer 4.1: "the address of the client is also handed
-- the doit routine because it requires it in authenticating clients"): a
-- client on an ordinary port is turned away.
local refused
monet:spawn("intruder", function()
  sleep(20)
  local s = socket(AF_INET, SOCK_STREAM, 0)
  local hp, sp = gethostbyname("degas"), getservbyname("login", "tcp")
  assert(connect(s, { family = AF_INET, addr = hp.h_addr, port = sp.s_port }))
  write(s, "\0mallory\0root\0network/9600\0")
  refused = read(s, 100)
  print(string.format("from port %d: \\1%s\\r\\n", getsockname(s).port,
                      refused:sub(2, -3)))
  close(s)
end)

run { stop = "30s" }

print("the screen:")
for l in console:screen():gmatch("[^\n]+") do print("  | " .. (l:gsub("\r", ""))) end
assert(seen, "the session ended")
assert(seen:find("degas$ echo hello, world\r\nhello, world\r\ndegas$ exit\r\n",
                 1, true), "the command, its output and exit, echoed by degas")
assert(seen:find("exit\r\n\r\nConnection closed.", 1, true))
assert(served.port == IPPORT_RESERVED - 1 and served.line == "/dev/ptyp0",
       "the client on port 1023, the session on the first pty")
assert(refused == "\1rlogind: Permission denied.\r\n",
       "a client on an unreserved port is refused")
assert(exits[1] == 0 and exits[2] == 2, "exit 0, then Figure 1's exit(2)")
