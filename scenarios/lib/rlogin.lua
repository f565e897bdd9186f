-- scenarios/lib/rlogin.lua: the remote login client of 4.4BSD
-- (usr.bin/rlogin/rlogin.c; primer Figures 1 and 5), in Lua. It runs on
-- a terminal (descriptors 0 and 1): it binds a reserved port (rresvport,
-- 1023 down), connects to login/tcp, sends "\0user\0user\0term/speed\0",
-- waits for the server's "\0", puts the terminal in raw mode (^S/^Q stay
-- local flow control) and forks: the parent copies the keyboard to the
-- socket, the child the socket to the screen. The child owns the socket
-- (F_SETOWN) and catches SIGURG (Figure 5): it reads and throws away
-- data up to the out-of-band mark, takes the control byte with
-- recv(MSG_OOB), and on TIOCPKT_FLUSHWRITE flushes the terminal's output
-- (TIOCFLUSH) and drops what it had read but not yet shown. When the
-- connection closes it puts the terminal back and says "Connection
-- closed.".
--   local rlogin = require "rlogin"
--   monet:spawn("rlogin", function() rlogin.main("degas", "user") end,
--                { tty = monet:terminal {} })
local M = { stats = { oob = 0, discarded = 0, flushes = 0, marks = {},
                      before_mark = 0, urg_wait = 0 } }

-- rresvport(): a socket bound to a free port from 1023 down to 512.
function M.rresvport()
  for port = IPPORT_RESERVED - 1, IPPORT_RESERVED / 2, -1 do
    local s = socket(AF_INET, SOCK_STREAM, 0)
    if not s then return nil end
    local ok, e = bind(s, { family = AF_INET, addr = INADDR_ANY, port = port })
    if ok then return s end
    close(s)
    if e ~= "EADDRINUSE" then return nil end
  end
  return nil
end

local flushed = false              -- the reader's buffer must be dropped

-- The child's SIGURG handler (4.4BSD rlogin's oob(), primer Figure 5).
local function oob(rem)
  local mark
  local t0 = now()
  while true do
    local c, e = recv(rem, 1, MSG_OOB)
    if c then mark = c:byte(); break end
    if e ~= "EWOULDBLOCK" then return end
    -- the urgent byte is not here yet: read on toward it
    local d = read(rem, 1024)
    if not d or d == "" then return end
    M.stats.discarded = M.stats.discarded + #d
    M.stats.before_mark = M.stats.before_mark + #d
  end
  M.stats.urg_wait = M.stats.urg_wait + (now() - t0)
  M.stats.oob = M.stats.oob + 1
  M.stats.marks[#M.stats.marks + 1] = mark
  local t = tcgetattr(0)
  if mark & TIOCPKT_NOSTOP ~= 0 then
    t.c_iflag = t.c_iflag & ~IXON
    tcsetattr(0, TCSANOW, t)
  elseif mark & TIOCPKT_DOSTOP ~= 0 then
    t.c_iflag = t.c_iflag | IXON
    tcsetattr(0, TCSANOW, t)
  end
  if mark & TIOCPKT_FLUSHWRITE ~= 0 then
    M.stats.flushes = M.stats.flushes + 1
    ioctl(1, TIOCFLUSH, FWRITE)
    while ioctl(rem, SIOCATMARK) == 0 do
      local d = read(rem, 1024)
      if not d or d == "" then break end
      M.stats.discarded = M.stats.discarded + #d
    end
    flushed = true
  end
end

-- The child: the socket to the screen.
local function reader(rem)
  signal(SIGURG, function() oob(rem) end)
  siginterrupt(SIGURG, 1)          -- a write to the screen is not restarted
  fcntl(rem, F_SETOWN, getpid())
  while true do
    local d, e = read(rem, 8192)
    if not d and e ~= "EINTR" then break end
    if d == "" then break end
    local off = 1
    while d and off <= #d and not flushed do
      local n = write(1, d:sub(off))
      if n then off = off + n end
    end
    if flushed and d then
      M.stats.discarded = M.stats.discarded + #d - off + 1
    end
    flushed = false
  end
  exit(0)
end

-- main(host, user): the whole client, on the caller's terminal.
function M.main(host, user)
  local sp = getservbyname("login", "tcp")
  local hp = gethostbyname(host)
  if not hp then
    write(2, "rlogin: " .. host .. ": unknown host\n")
    exit(1)
  end
  local rem = M.rresvport()
  if not rem then perror("rlogin: socket: All ports in use"); exit(1) end
  if not connect(rem, { family = hp.h_addrtype, addr = hp.h_addr,
                        port = sp.s_port }) then
    perror("rlogin: connect")
    exit(1)
  end
  local saved = tcgetattr(0)
  write(rem, "\0" .. user .. "\0" .. user .. "\0network/" ..
        saved.c_ospeed .. "\0")
  if read(rem, 1) ~= "\0" then
    write(2, "rlogin: connection refused by the server\n")
    exit(1)
  end
  local raw = tcgetattr(0)
  raw.c_lflag = raw.c_lflag & ~(ICANON | ECHO | ISIG | IEXTEN)
  raw.c_iflag = raw.c_iflag & ~ICRNL
  raw.c_oflag = raw.c_oflag & ~OPOST
  tcsetattr(0, TCSANOW, raw)
  local child = fork(function() reader(rem) end)
  signal(SIGCHLD, function()       -- done(): the reader saw the end
    wait()
    tcsetattr(0, TCSANOW, saved)
    write(1, "\nConnection closed.\n")
    exit(0)
  end)
  signal(SIGURG, SIG_IGN)
  while true do                    -- writer(): the keyboard to the socket
    local c = read(0, 1)
    if not c or c == "" then break end
    if not write(rem, c) then break end
  end
  kill(child, SIGKILL)
  tcsetattr(0, TCSANOW, saved)
  exit(0)
end

return M
