-- scenarios/lib/rlogind.lua: the remote login server of 4.4BSD
-- (libexec/rlogind/rlogind.c; primer Figure 2 and section 5.3), in Lua.
-- One connection: check that the client's port is reserved, read the
-- "\0user\0user\0term/speed\0" handshake, answer "\0", take a pty (the
-- primer's /dev/ptyXX search), fork the session: a new session whose
-- controlling terminal is the slave, on descriptors 0, 1 and 2, running
-- the login shell (scenarios/lib/shell.lua). The server then copies
-- between the socket and the master in packet mode; a control byte from
-- the pty (TIOCPKT_FLUSHWRITE after ^C, TIOCPKT_NOSTOP/DOSTOP) is sent to
-- the client as urgent data, and a flush drops what was waiting for the
-- network. SIGCHLD (the shell ended) closes the connection.
--   local rlogind = require "rlogind"
--   degas:spawn("rlogind", rlogind.server)
local shell = require "shell"
local M = { stats = { sessions = 0, oob_sent = 0, dropped = 0 },
            send_oob = true }        -- false: pass no control byte on

local function fatal(f, msg)
  write(f, "\1rlogind: " .. msg .. ".\r\n")
  exit(1)
end

-- The primer's section 5.3 loop: the first free master of /dev/ptyXX.
function M.getpty()
  for c in ("pqrs"):gmatch(".") do
    if not stat("/dev/pty" .. c .. "0") then break end
    for i = 1, 16 do
      local line = "/dev/pty" .. c .. ("0123456789abcdef"):sub(i, i)
      local master = open(line, O_RDWR)
      if master and master > 0 then return master, line end
    end
  end
  return nil
end

-- One string of the handshake, up to its "\0".
local function getstr(f, what)
  local s = ""
  while true do
    local c = read(f, 1)
    if not c or c == "" then exit(1) end
    if c == "\0" then return s end
    s = s .. c
    if #s > 64 then fatal(f, what .. " too long") end
  end
end

-- The slave side: login's work, then the shell.
local function session(f, master, line, user)
  signal(SIGCHLD, SIG_DFL)          -- exec would reset the caught ones
  signal(SIGHUP, SIG_DFL)
  close(f)
  close(master)
  setsid()
  local slave = open("/dev/t" .. line:sub(7), O_RDWR)
  if not slave then exit(1) end
  ioctl(slave, TIOCSCTTY)
  dup2(slave, 0); dup2(slave, 1); dup2(slave, 2)
  if slave > 2 then close(slave) end
  shell.sh { prompt = gethostname() .. "$ ", user = user }
  exit(0)
end

-- A control byte from the pty: what rlogind passes on (pkcontrol).
local function control(f, byte)
  local cntl = byte & (TIOCPKT_FLUSHWRITE | TIOCPKT_NOSTOP | TIOCPKT_DOSTOP)
  if cntl ~= 0 and M.send_oob then
    send(f, string.char(cntl), MSG_OOB)
    M.stats.oob_sent = M.stats.oob_sent + 1
  end
  return cntl & TIOCPKT_FLUSHWRITE ~= 0
end

-- The copy loop between the network f and the pty master p (protocol()).
local function protocol(f, p)
  local fbuf, pbuf = "", ""
  local fbit, pbit = 1 << f, 1 << p
  while true do
    local ibits = (#fbuf == 0 and fbit or 0) | (#pbuf == 0 and pbit or 0)
    local obits = (#fbuf > 0 and pbit or 0) | (#pbuf > 0 and fbit or 0)
    local n, r, w = bsdselect(16, ibits, obits, nil)
    if not n then
      if r ~= "EINTR" then return end
    else
      if r & fbit ~= 0 then
        local d = read(f, 1024)
        if not d or d == "" then return end
        fbuf = d
      end
      if w & pbit ~= 0 and #fbuf > 0 then
        local k = write(p, fbuf)
        if k then fbuf = fbuf:sub(k + 1) end
      end
      if r & pbit ~= 0 then
        local d = read(p, 1024)
        if d and #d > 0 then
          if d:byte(1) == TIOCPKT_DATA then
            pbuf = d:sub(2)
          elseif control(f, d:byte(1)) then
            M.stats.dropped = M.stats.dropped + #pbuf
            pbuf = ""
          end
        end
      end
      if w & fbit ~= 0 and #pbuf > 0 then
        local k = write(f, pbuf)
        if k then pbuf = pbuf:sub(k + 1) end
      end
    end
  end
end

-- doit(f, from): one connection, in its own process (the primer's doit).
function M.doit(f, from)
  if from.port >= IPPORT_RESERVED or from.port < IPPORT_RESERVED / 2 then
    fatal(f, "Permission denied")
  end
  if read(f, 1) ~= "\0" then exit(1) end
  local _ = getstr(f, "remuser")
  local locuser = getstr(f, "locuser")
  local term = getstr(f, "Terminal type")
  local master, line = M.getpty()
  if not master then fatal(f, "Out of ptys") end
  write(f, "\0")
  M.stats.sessions = M.stats.sessions + 1
  local speed = tonumber(term:match("/(%d+)$"))
  local pid = fork(function() session(f, master, line, locuser) end)
  if speed then
    local t = tcgetattr(master)
    t.c_ispeed, t.c_ospeed = speed, speed
    tcsetattr(master, TCSANOW, t)
  end
  ioctl(master, TIOCPKT, 1)
  ioctl(f, FIONBIO, 1)
  ioctl(master, FIONBIO, 1)
  signal(SIGCHLD, function()          -- cleanup(): the shell is gone
    shutdown(f, SHUT_RDWR)
    exit(0)
  end)
  protocol(f, master)
  signal(SIGCHLD, SIG_IGN)
  kill(pid, SIGHUP)
  shutdown(f, SHUT_RDWR)
  exit(0)
end

-- The daemon: listen on login/tcp and fork a doit per connection, with
-- the primer's SIGCHLD reaper.
function M.server()
  local sp = getservbyname("login", "tcp")
  local s = socket(AF_INET, SOCK_STREAM, 0)
  assert(bind(s, { family = AF_INET, addr = INADDR_ANY, port = sp.s_port }))
  listen(s, 5)
  signal(SIGCHLD, function() while (wait3(WNOHANG) or -1) > 0 do end end)
  while true do
    local g, from = accept(s)
    if g then
      fork(function() close(s); M.doit(g, from) end)
      close(g)
    end
  end
end

return M
