-- expect: c-stack-overflow.lua:5: C stack overflow
-- An overflow raised inside a C function (tostring calling __tostring
-- calling tostring...) has no place of its own; the runtime gives it the
-- line of the innermost Lua code running.
local function g() return tostring(setmetatable({}, { __tostring = g })) end
g()
