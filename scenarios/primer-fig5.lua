-- scenarios/primer-fig5.lua: primer Figure 5 (section 5.1), the remote
-- login client's SIGURG handler oob(), as literally as Lua allows, in a
-- client on a user's terminal against rlogind with a pty in packet mode.
--
--   monet (console, rlogin) --slip: 19.2 kb/s, 10 ms, MTU 296-- degas (rlogind, pty, sh)
--
-- The client is Figure 1 with 4.2BSD rlogin's protocol after the connect:
-- the handshake, raw mode, and a forked reader (the socket to fd 1) that
-- owns the socket (SIOCSPGRP, section 5.2) and catches SIGURG with
-- Figure 5's oob(): flush the terminal's output (TIOCFLUSH on fd 1), read
-- and throw away data until SIOCATMARK says the mark is reached, then
-- recv the urgent byte with MSG_OOB. The server is 4.4BSD's rlogind
-- (scenarios/lib/rlogind.lua): its pty in packet mode reports the flush
-- that ^C causes on the slave (TIOCPKT_FLUSHWRITE), and it sends that byte
-- as urgent data. The user runs `yes` and presses ^C. Asserted: what the
-- primer says happens: SIGURG, the output up to the mark discarded, the
-- urgent byte read out of band, and the prompt back soon after the ^C.
-- The urgent pointer reaches monet on ACKs at 8.03 s, ahead of the output
-- queued on the line (the byte itself follows):
--   build/ipcsim plot ladder results/primer-fig5 --from 7.95 --to 8.2
local rlogind = require "rlogind"

local slip = link { name = "slip", rate = "19200bps", delay = "10ms", mtu = 296 }
local monet = host { name = "monet", iface = { slip, "128.32.130.1/24" }, boot = 0 }
local degas = host { name = "degas", iface = { slip, "128.32.130.2/24" }, boot = 0 }
local console = monet:terminal { speed = 9600 }

local BUFSIZ = 1024
local rem                            -- the connection, as in rlogin.c
local st = { urg = 0, flushes = 0, waste = 0, marks = {}, oob_err = nil }

-- Figure 5 (primer lines 1115-1135).
local function oob()
  local out = 1 + 1                  -- FWRITE
  local mark
  signal(SIGURG, oob)
  st.urg = st.urg + 1
  -- flush local terminal input and output
  if ioctl(1, TIOCFLUSH, out) then st.flushes = st.flushes + 1 end
  while true do
    local yes = ioctl(rem, SIOCATMARK)
    if not yes then
      perror("ioctl")
      break
    end
    mark = yes
    if mark ~= 0 then
      break
    end
    local waste = read(rem, BUFSIZ)
    if waste then st.waste = st.waste + #waste end
  end
  local e
  mark, e = recv(rem, 1, MSG_OOB)
  if mark then st.marks[#st.marks + 1] = mark:byte() else st.oob_err = e end
  -- ...
end

-- Figure 1 and the protocol after it (primer lines 640-683).
local function rlogin_main(argv)
  local sp = getservbyname("login", "tcp")
  local hp = gethostbyname(argv[1])
  local sin = { family = hp.h_addrtype, addr = hp.h_addr, port = sp.s_port }
  rem = socket(AF_INET, SOCK_STREAM, 0)
  for port = IPPORT_RESERVED - 1, IPPORT_RESERVED / 2, -1 do  -- rresvport
    if bind(rem, { family = AF_INET, addr = INADDR_ANY, port = port }) then break end
  end
  if not connect(rem, sin) then perror("rlogin: connect"); exit(5) end
  local saved = tcgetattr(0)
  write(rem, "\0" .. argv[2] .. "\0" .. argv[2] .. "\0network/"
        .. saved.c_ospeed .. "\0")
  if read(rem, 1) ~= "\0" then exit(1) end
  local raw = tcgetattr(0)
  raw.c_lflag = raw.c_lflag & ~(ICANON | ECHO | ISIG | IEXTEN)
  raw.c_iflag = raw.c_iflag & ~ICRNL
  raw.c_oflag = raw.c_oflag & ~OPOST
  tcsetattr(0, TCSANOW, raw)
  local child = fork(function()        -- reader(): the socket to the screen
    signal(SIGURG, oob)
    siginterrupt(SIGURG, 1)
    ioctl(rem, SIOCSPGRP, getpid())    -- SIGURG comes to this process
    while true do
      local d, e = read(rem, BUFSIZ)
      if not d and e ~= "EINTR" then break end
      if d == "" then break end
      if d then write(1, d) end
    end
    exit(0)
  end)
  signal(SIGCHLD, function()
    wait()
    tcsetattr(0, TCSANOW, saved)
    write(1, "\nConnection closed.\n")
    exit(0)
  end)
  while true do                        -- writer(): the keyboard to the socket
    local c = read(0, 1)
    if not c or c == "" or not write(rem, c) then break end
  end
  kill(child, SIGKILL)
  exit(0)
end

degas:spawn("rlogind", rlogind.server)
monet:spawn("rlogin", function() rlogin_main { "degas", "mckusick" } end,
            { tty = console })

local t, shown = {}, {}
monet:spawn("user", function()
  assert(console:wait("degas$ ", 10), "the shell's prompt")
  console:type("yes\r")
  assert(console:wait("yes\r\ny\r\ny\r\n", 10))
  sleep(5)                                  -- the output backs up
  shown.before = #console:screen()
  t.intr = now()
  console:type("\3")
  assert(console:wait("degas$ ", 60), "the prompt after ^C")
  t.prompt = now()
  shown.after = #console:screen() - shown.before
  console:type("exit\r")
  assert(console:wait("Connection closed.", 60))
end)

run { stop = "30s" }

print(string.format("^C at %.3f s, prompt %.3f s later; %d bytes shown after ^C",
                    t.intr, t.prompt - t.intr, shown.after))
print(string.format("oob(): %d SIGURG, %d TIOCFLUSH, %d bytes of waste read "
                    .. "to the mark, urgent byte %s", st.urg, st.flushes,
                    st.waste, st.marks[1] and string.format("0x%02x", st.marks[1])
                    or tostring(st.oob_err)))
assert(rlogind.stats.oob_sent == 1, "rlogind sent one urgent byte")
assert(st.urg == 1 and st.flushes == 1, "one SIGURG, one flush of the terminal")
assert(st.waste > shown.after, "oob() threw away more than the user saw after ^C")
assert(st.marks[1] == TIOCPKT_FLUSHWRITE, "the urgent byte: TIOCPKT_FLUSHWRITE")
assert(t.prompt - t.intr < 8, "the prompt came back soon after the ^C")
assert(console:screen():find("^C\r\ndegas$ exit\r\n", 1, true), "^C, the prompt")
