-- expect: syscall-many-args.lua:8: bad argument #1 to 'kill' (number expected, got string)
-- A system call with 300 arguments: its wrapper copies them onto a stack
-- that Lua promises only 20 free slots; the copy asks for room first.
local h = host { name = "monet" }
h:spawn("p", function()
  local t = {}
  for i = 1, 300 do t[i] = i end
  kill("me", table.unpack(t))
end)
