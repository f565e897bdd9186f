-- expect: netdb-htons-range.lua:2: bad argument #1 to 'htons' (65536 is outside 0..65535)
local port = htons(65536)
