-- expect: out of memory: the run holds
-- --max-memory counts what the simulator holds in C, not only Lua's heap:
-- 1,200 hosts take a few MB of C structures and almost no Lua heap, so
-- with --max-memory 2MB (test_cli.sh) the run stops with a message that
-- says how much each part holds.
local lan = ethernet { name = "lan" }
for i = 1, 1200 do
  host { name = "h" .. i,
         iface = { lan, string.format("10.%d.%d.1", i // 250, i % 250 + 1) } }
end
run { stop = "1s" }
