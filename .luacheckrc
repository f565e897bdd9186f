-- .luacheckrc: luacheck's configuration for ipcsim's Lua (scenarios, their
-- lib/, the Lua tests). Run from the repository root: `luacheck scenarios sim
-- scripts` (the meson test 'luacheck' does). The scenario API's globals are
-- not listed here: they are read from the LuaLS definitions in
-- scenarios/types/ (every `function NAME(` and `NAME =` at column 0), so
-- the editor's and luacheck's lists are one. scenarios/tests/api-drift
-- checks both against what the runtime gives a scenario.
local function api_globals()
  local dir = "scenarios/types/"
  local src = debug and debug.getinfo(1, "S").source
  if src and src:match("^@.*/") then
    dir = src:match("^@(.*/)") .. dir
  end
  local names = {}
  for _, file in ipairs({ "ipcsim", "topology", "sockets", "processes", "netdb", "terminals" }) do
    local f = assert(io.open(dir .. file .. ".lua"))
    for line in f:lines() do
      local name = line:match("^function ([%a_][%w_]*)%(") or line:match("^([%a_][%w_]*) = ")
      if name then
        names[#names + 1] = name
      end
    end
    f:close()
  end
  return names
end

-- Lua 5.4 as the sandbox gives it: no io, os, package, debug, dofile, loadfile.
std = "lua54"
not_globals = { "io", "os", "package", "debug", "dofile", "loadfile" }
read_globals = api_globals()
max_line_length = false

-- The definitions declare the globals; bad/ scenarios are wrong on purpose.
exclude_files = { "scenarios/types/*.lua", "sim/lua/tests/bad/*.lua", "build*/**" }

-- --unsafe: this test uses the full library.
files["sim/lua/tests/lua/unsafe.lua"] = { read_globals = { "io", "os", "package", "debug" } }
-- This test asserts that the sandbox took them away.
files["sim/lua/tests/lua/api.lua"] = { read_globals = { "io", "os", "package", "debug", "dofile", "loadfile" } }
