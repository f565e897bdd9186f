-- expect: memory.lua: scenario exceeded the Lua memory cap
local t = {}
for i = 1, 1e8 do t[i] = string.rep("x", 100) .. i end
