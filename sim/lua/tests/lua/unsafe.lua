-- sim/lua/tests/lua/unsafe.lua: run with --unsafe; the full library is there.
assert(os and io and debug and package, "--unsafe opens every library")
assert(require("helper").double(2) == 4, "require still finds lib/")
print("unsafe ok")
