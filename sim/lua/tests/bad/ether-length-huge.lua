-- expect: ether-length-huge.lua:4: ethernet 'lan': length 1e+300 m is more than a cable may have here
-- A cable so long its propagation time overflows the clock was accepted
-- and overflowed (found by the Lua API fuzzer).
ethernet { name = "lan", length = 1e300 }
