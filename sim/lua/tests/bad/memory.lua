-- expect: out of memory
local t = {}
for i = 1, 1e8 do t[i] = string.rep("x", 100) .. i end
