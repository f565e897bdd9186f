-- scenarios/rlogin-session.lua: the remote login of the primer, whole: a
-- user at monet's terminal (9600 b/s) rlogins to degas over a slow serial
-- line, runs `yes`, and presses ^C.
--
--   monet (console, rlogin) --slip: 19.2 kb/s, 10 ms, MTU 296-- degas (rlogind, pty, sh)
--
-- rlogin (scenarios/lib/rlogin.lua) binds a reserved port, sends the
-- "\0user\0user\0term/speed\0" handshake and goes raw; rlogind
-- (scenarios/lib/rlogind.lua) finds a pty with the primer's /dev/ptyXX
-- loop, forks the shell (scenarios/lib/shell.lua) on the slave and copies
-- in packet mode. `yes` fills the pty, rlogind's socket buffer, the line
-- and the terminal. The ^C the user types crosses to degas as a plain
-- byte; the slave's line discipline sends SIGINT to the shell's group
-- (yes dies, the shell prompts again) and flushes its output, which the
-- master reports as TIOCPKT_FLUSHWRITE; rlogind sends that byte as urgent
-- data. Its urgent pointer rides on the next segment out, ahead of the
-- output still queued in the socket buffer: monet's reader gets SIGURG
-- long before the byte itself arrives, reads and drops everything up to
-- the mark (primer Figure 5), flushes the terminal (TIOCFLUSH) and the
-- prompt comes: 4.0 s after the ^C, the user having seen 3.3 KB more of
-- y's; without the urgent data (--param oob=0), 13.1 s and 12.6 KB.
-- Asserted: what the user sees, that the notification
-- overtook the queued output, and that far more output was dropped than
-- shown after the ^C. The ladder of the urgent segment:
--   build/ipcsim plot ladder results/rlogin-session --from 8.2 --to 8.7
local rlogin = require "rlogin"
local rlogind = require "rlogind"
-- --param oob=0: rlogind passes no control byte on (for comparison: the
-- backlog then plays out on the screen before the prompt comes back).
local OOB = param("oob", 1) == 1
rlogind.send_oob = OOB

local slip = link { name = "slip", rate = "19200bps", delay = "10ms", mtu = 296 }
local monet = host { name = "monet", iface = { slip, "128.32.130.1/24" }, boot = 0 }
local degas = host { name = "degas", iface = { slip, "128.32.130.2/24" }, boot = 0 }
local console = monet:terminal { speed = 9600 }

degas:spawn("rlogind", rlogind.server)
monet:spawn("rlogin", function() rlogin.main("degas", "mckusick") end,
            { tty = console })

local t, shown = {}, {}
monet:spawn("user", function()
  assert(console:wait("degas$ ", 10), "the shell's prompt")
  t.login = now()
  console:type("yes\r")
  assert(console:wait("yes\r\ny\r\ny\r\n", 10))
  t.yes = now()
  sleep(5)                                  -- the output backs up
  shown.before = #console:screen()
  t.intr = now()
  console:type("\3")
  assert(console:wait("degas$ ", 60), "the prompt after ^C")
  t.prompt = now()
  shown.after = #console:screen() - shown.before
  console:type("exit\r")
  assert(console:wait("Connection closed.", 60))
  t.closed = now()
end)

run { stop = "30s" }

report { prompt_after_intr = t.prompt - t.intr, shown_after_intr = shown.after }
if not OOB then
  print(string.format("without urgent data: prompt %.3f s after ^C, %d bytes shown",
                      t.prompt - t.intr, shown.after))
  return
end
local scr = console:screen()
local st, sd = rlogin.stats, rlogind.stats
print(string.format("login prompt at %.3f s, yes at %.3f s, ^C at %.3f s",
                    t.login, t.yes, t.intr))
print(string.format("prompt again at %.3f s (%.3f s after ^C), closed at %.3f s",
                    t.prompt, t.prompt - t.intr, t.closed))
print(string.format("after ^C the user saw %d bytes; dropped: %d by rlogin "
                    .. "(read up to the mark or held), %d by rlogind",
                    shown.after, st.discarded, sd.dropped))
print(string.format("urgent byte 0x%02x; SIGURG came %.3f s before it, "
                    .. "with %d bytes still ahead of the mark",
                    st.marks[1], st.urg_wait, st.before_mark))
print("the screen from the ^C on:")
for line in scr:sub((scr:find("^C", 1, true))):gmatch("[^\n]+") do
  print("  | " .. (line:gsub("\r", "")))
end

assert(scr:find("degas$ yes\r\ny\r\ny\r\n", 1, true), "the command echoed")
assert(scr:find("y\r\n^C\r\ndegas$ exit\r\n", 1, true)
       or scr:find("^C\r\ndegas$ exit\r\n", 1, true), "^C, then the prompt")
assert(scr:find("\r\nConnection closed.\r\n", 1, true))
assert(sd.oob_sent == 1 and st.oob == 1, "one urgent byte")
assert(st.marks[1] == TIOCPKT_FLUSHWRITE, "it says: flush your output")
assert(st.before_mark > 0 and st.urg_wait > 0,
       "the urgent notification overtook queued output")
assert(st.discarded > 2 * shown.after,
       "the flush dropped far more than the user saw after ^C")
