-- sim/exec/tests/bench.lua: the cost of one intercepted call
-- (bench_calls.c; --param n=CALLS). scripts/bench/exec runs it.
local bin = param("bin")
local h = host { name = "monet" }
h:exec(bin .. "/bench_calls", { "bench_calls", tostring(param("n", 200000)) })
run { stop = "1s" }
