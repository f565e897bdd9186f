-- expect: unknown-first.lua:3: ethernet: unknown field 'aaa'
-- Several unknown fields: the first in byte order is named, every run.
ethernet { name = "lan0", zz = 1, mm = 2, qq = 3, aaa = 4, bb = 5, kk = 6, yy = 7 }
