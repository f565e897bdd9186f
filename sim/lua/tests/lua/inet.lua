-- sim/lua/tests/lua/inet.lua: gateway{}, route(), automatic routes, the
-- interface queue= limit, h:routes() and h:ipstat().
local lan1 = ethernet { name = "lan1" }
local lan2 = ethernet { name = "lan2" }
local wan = link { name = "wan", rate = "56kbps", delay = "5ms" }
local a = host { name = "a", iface = { lan1, "128.32.1.1" } }
local g1 = gateway { name = "g1", iface = { { lan1, "128.32.1.2" },
                                            { wan, "10.1.0.1/16", queue = 3 } } }
local g2 = gateway { name = "g2", iface = { { wan, "10.1.0.2/16" },
                                            { lan2, "128.33.1.2" } } }
local b = host { name = "b", iface = { lan2, "128.33.1.1" } }
route(a, "default", "128.32.1.2")
route(b, "192.0.2.7", "128.33.1.2")
run { stop = "1s" }
local function has(h, want)
  for _, l in ipairs(h:routes()) do if l == want then return true end end
  error(h:name() .. " lacks route " .. want .. ":\n" ..
        table.concat(h:routes(), "\n"))
end
has(a, "128.32.0.0/16 en0 connected")
has(a, "128.33.0.0/16 via 128.32.1.2 en0 auto")
has(a, "0.0.0.0/0 via 128.32.1.2 en0 static")
has(g1, "128.33.0.0/16 via 10.1.0.2 ppp1 auto")
has(b, "192.0.2.7/32 via 128.33.1.2 en0 static")
assert(#a:routes() == 4 and #g2:routes() == 3)
run { stop = "2s", autoroute = false }
assert(#a:routes() == 2, "autoroute = false leaves connected and static")
local st = a:ipstat()
assert(st.total == 0 and st.localout == 0 and st.icmp_error == 0)
assert(g1:iface(2):stats().tx_qdrops == 0)
print("inet ok")
