-- scenarios/oob.lua: primer 5.1, Figure 5: out-of-band data flushes
-- what was typed ahead.
--
-- monet's client types 20 lines ahead of a busy server on degas, then
-- hits the interrupt key: it sends the interrupt character ^C (0x03) as
-- out-of-band data with send(s, "\3", MSG_OOB), and types one more line.
-- The server has made itself the socket's owner with
-- ioctl(g, SIOCSPGRP, -getpgrp()) (4.4BSD: a negative value names a
-- process group), so TCP's urgent pointer raises SIGURG in its group
-- (sohasoutofband). The server's SIGURG handler is Figure 5's oob():
-- until ioctl(SIOCATMARK) says the read pointer is at the mark, it reads
-- and discards (a read stops at the mark, so nothing after it is lost);
-- then recv(rem, 1, MSG_OOB) takes the urgent byte, which TCP pulled out
-- of the stream (no SO_OOBINLINE). After the handler the server reads on
-- and gets only what was typed after the interrupt.
-- Two edge cases as 4.4BSD's tcp_usrreq (PRU_RCVOOB) gives them:
-- recv(MSG_OOB) before any urgent data is EINVAL, and again after the
-- byte was taken is EINVAL too (TCPOOB_HADDATA).
-- Asserted: the signal, the bytes discarded (all 20 lines and nothing
-- else), the urgent byte, the data after the mark, and both EINVALs.
local lan = ethernet { name = "lan0" }
local monet = host { name = "monet", iface = { lan, "128.32.1.1" } }
local degas = host { name = "degas", iface = { lan, "128.32.1.2" } }

local PORT = 513
local typed = {}
for i = 1, 20 do typed[i] = string.format("typed-ahead line %02d\n", i) end
local TYPED, AFTER = table.concat(typed), "after the interrupt\n"
local got = {}

degas:spawn("rlogind", function()
  local f = socket(AF_INET, SOCK_STREAM, 0)
  assert(bind(f, { family = AF_INET, port = PORT }))
  listen(f, 5)
  local rem = assert(accept(f))
  assert(ioctl(rem, SIOCSPGRP, -getpgrp()))

  local _, e = recv(rem, 1, MSG_OOB)
  print("recv(MSG_OOB) with no urgent data: " .. e)
  got.einval_before = e

  -- Figure 5's oob(), without the terminal's TIOCFLUSH.
  local function oob()
    got.sigurg = now()
    print("SIGURG")
    local waste = {}
    while true do
      local mark = ioctl(rem, SIOCATMARK)
      if not mark then perror("ioctl"); break end
      if mark == 1 then break end
      waste[#waste + 1] = read(rem, 1024)
    end
    got.discarded = table.concat(waste)
    local byte = recv(rem, 1, MSG_OOB)
    got.oob = byte
    print(string.format("discarded %d bytes up to the mark; urgent byte 0x%02x",
                        #got.discarded, byte:byte()))
  end
  signal(SIGURG, oob)

  local left = sleep(10)                    -- busy: the signal cuts it short
  print(string.format("the busy sleep ended %.3f s early", left))
  _, e = recv(rem, 1, MSG_OOB)
  print("recv(MSG_OOB) again: " .. e)
  got.einval_after = e
  local rest = {}
  while true do
    local chunk = read(rem, 1024)
    if not chunk or chunk == "" then break end
    rest[#rest + 1] = chunk
  end
  got.after = table.concat(rest)
  print("read after the mark: " .. got.after:gsub("\n", ""))
  close(rem)
end)

monet:spawn("rlogin", function()
  local s = socket(AF_INET, SOCK_STREAM, 0)
  assert(connect(s, { family = AF_INET, addr = "128.32.1.2", port = PORT }))
  sleep(1)
  for _, line in ipairs(typed) do write(s, line) end
  sleep(1)
  print("interrupt: send ^C out of band")
  assert(send(s, "\3", MSG_OOB) == 1)
  sleep(1)
  write(s, AFTER)
  sleep(1)
  close(s)
end)

run { stop = "20s" }
assert(got.einval_before == "EINVAL", "no urgent data yet")
assert(got.sigurg and got.sigurg > 2 and got.sigurg < 2.001, "SIGURG as the ^C arrives")
assert(got.discarded == TYPED, "everything before the mark, and only that, is flushed")
assert(got.oob == "\3", "the urgent byte is the interrupt")
assert(got.einval_after == "EINVAL", "the urgent byte was already taken")
assert(got.after == AFTER, "the stream goes on after the mark")
