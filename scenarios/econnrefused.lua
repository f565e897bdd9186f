-- scenarios/econnrefused.lua: connect() to a port where nobody listens
-- (TCP). Nothing listens at degas:login, so degas answers monet's SYN
-- with a RST and connect fails with ECONNREFUSED after one round trip,
-- plus the ARP exchange that precedes the first datagram. The time is
-- asserted to the nanosecond from the Ethernet's timing: the ARP frames
-- and the RST are minimum-size ones (64 bytes + 8 of preamble: 57.6 us),
-- the SYN is 78 bytes + 8 (68.8 us: its 20 bytes of TCP options, MSS,
-- window scale and timestamps, RFC 1323), the stations are 200 m apart
-- (1 us), and each answer defers one 9.6 us gap after the frame it
-- answers.
local lan = ethernet { name = "lan0", rate = "10Mbps", length = "200m" }
local monet = host { name = "monet", iface = { lan, "128.32.1.1/16", at = "0m" } }
host { name = "degas", iface = { lan, "128.32.1.2/16", at = "200m" } }

local function ns(s) return math.floor(s * 1e9 + 0.5) end
local frame, syn, gap, prop = 57600, 68800, 9600, 1000
-- ARP request, ARP reply, SYN, RST: four frames, three answers' gaps.
local expect = 3 * (frame + prop) + (syn + prop) + 3 * gap

monet:spawn("rlogin", function()
  local sp = getservbyname("login", "tcp")
  local hp = gethostbyname("degas")
  local s = socket(AF_INET, SOCK_STREAM, 0)
  local t0 = now()
  local ok, err, num = connect(s, { family = hp.h_addrtype, addr = hp.h_addr,
                                    port = sp.s_port })
  local took = ns(now() - t0)
  if not ok then perror("rlogin: connect") end
  print(string.format("connect failed after %.1f us (analytic %.1f us)",
                      took / 1000, expect / 1000))
  assert(err == "ECONNREFUSED" and num == 61)
  assert(took == expect, string.format("%d ns, analytic %d ns", took, expect))
  close(s)
end)

run { stop = "10s" }
