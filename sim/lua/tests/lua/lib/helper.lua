-- sim/lua/tests/lua/lib/helper.lua: a module for api.lua's require test.
local M = {}
function M.double(x) return 2 * x end
return M
