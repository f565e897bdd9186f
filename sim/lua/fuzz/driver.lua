-- sim/lua/fuzz/driver.lua: the scenario the Lua API fuzz target runs
-- (fuzz_lua.c). arg[1] is the fuzzer's input in hex; this script reads it
-- as a program: calls to every function of the scenario API (the globals
-- that are not Lua's own, and the functions in global tables such as fs),
-- to the methods of whatever those calls returned (hosts, links,
-- sockets...), run{} with a stop time, and processes spawned on hosts
-- whose bodies are more such calls. Arguments are drawn from extreme and
-- wrong values: nil, booleans, 0, -1, +-2^31, the largest integers, inf,
-- NaN, 1e-300, long strings, addresses, times, tables of known fields,
-- earlier results and functions. Every call runs under pcall: a Lua error
-- is a fine answer; a crash, hang or sanitizer report in C is a finding.

local hex = arg[1] or ""
local bytes = {}
for i = 1, #hex - 1, 2 do bytes[#bytes + 1] = tonumber(hex:sub(i, i + 1), 16) end
local pos = 0
local function more() return pos < #bytes end
local function byte()
  pos = pos + 1
  return bytes[pos] or 0
end

-- Lua's own names: not the API under test.
local lua_own = {}
for name in string.gmatch([[assert collectgarbage dofile error getmetatable
  ipairs load loadfile next pairs pcall print rawequal rawget rawlen rawset
  require select setmetatable tonumber tostring type xpcall _G _VERSION
  coroutine debug io math os package string table utf8 arg]], "%S+") do
  lua_own[name] = true
end

-- The API: global functions, functions in global tables, and the
-- integer constants (SOCK_STREAM, ...). Sorted, so the same bytes make
-- the same program.
local funcs, fnames, consts = {}, {}, {}
local names = {}
for k in pairs(_ENV) do
  if type(k) == "string" and not lua_own[k] then names[#names + 1] = k end
end
table.sort(names)
for _, k in ipairs(names) do
  local v = _ENV[k]
  if type(v) == "function" then
    funcs[#funcs + 1], fnames[#funcs + 1] = v, k
  elseif type(v) == "number" then
    consts[#consts + 1] = v
  elseif type(v) == "table" then
    local sub = {}
    for m, f in pairs(v) do
      if type(m) == "string" and type(f) == "function" then sub[#sub + 1] = m end
    end
    table.sort(sub)
    for _, m in ipairs(sub) do
      funcs[#funcs + 1], fnames[#funcs + 1] = v[m], k .. "." .. m
    end
  end
end

local strings = {
  "10.0.0.1", "10.0.0.2", "128.32.0.1", "128.32.0.255", "255.255.255.255",
  "0.0.0.0", "127.0.0.1", "224.0.0.1", "1.2.3", "300.1.1.1", "10.0.0.0/8",
  "monet", "degas", "lan", "wan", "en0", "lo0", "localhost", "",
  "1ms", "-1s", "1e3ms", "0s", "1e400s", "9e18ns", "1h", "nan", "inf",
  "10Mb/s", "1bps", "0b/s", "1e-300bps", "1KB", "1e40GB", "100m", "-5km",
  "tcp", "udp", "icmp", "stream", "dgram", "raw", "4.4bsd", "newreno",
  "tahoe", "4.2bsd", "echo", "login", "/", "/tmp", "/tmp/x", "..", "a/b/c",
  string.rep("x", 1500), string.rep("/a", 600), "\0", "%s%n", "ff:ff:ff:ff:ff:ff",
}
local fields = {
  "name", "rate", "delay", "iface", "addr", "loss", "profile", "mtu",
  "queue", "stop", "ab", "ba", "gateway", "boot", "position", "length",
  "dup", "reorder", "reorder_delay", "corrupt", "uid", "args", "at",
  "every", "file", "x", "y", "title", "seed", "routes", "forwarding",
  "hosts", "net", "len", "ttl", "backlog", "timeout",
}

local pool = {}                 -- what calls returned, for later calls
local function keep(v)
  if v ~= nil and #pool < 64 then pool[#pool + 1] = v end
end

local val, stmt
local function str(n)
  local t = {}
  for i = 1, n do t[i] = string.char(byte()) end
  return table.concat(t)
end

local function tbl(depth)
  local t = {}
  for _ = 1, byte() % 5 do
    if byte() % 3 == 0 then
      t[#t + 1] = val(depth + 1)
    else
      t[fields[byte() % #fields + 1]] = val(depth + 1)
    end
  end
  return t
end

local function closure(depth)
  local n = byte() % 6
  return function()
    for _ = 1, n do
      if not more() then return end
      stmt(depth + 1)
    end
  end
end

-- A socket address: AF_INET to one of the world's addresses, or AF_UNIX.
local addrs = { "128.32.0.1", "128.32.0.2", "10.0.0.1", "10.0.0.2",
                "128.33.0.1", "128.33.0.2", "128.32.255.255", "0.0.0.0" }
local function sockaddr()
  if byte() % 4 == 0 then
    return { family = AF_UNIX, path = strings[byte() % #strings + 1] }
  end
  local ports = { 0, 7, 13, 21, 23, 80, 513, 1023, 1024, 65535, 65536, -1 }
  return { family = AF_INET, addr = addrs[byte() % #addrs + 1],
           port = ports[byte() % #ports + 1] }
end

function val(depth)
  local b = byte() % 30
  if depth > 3 and b >= 20 then b = b % 20 end
  if b == 0 then return nil
  elseif b == 1 then return true
  elseif b == 2 then return false
  elseif b == 3 then return 0
  elseif b == 4 then return -1
  elseif b == 5 then return 1
  elseif b == 6 then return 2 ^ 31
  elseif b == 7 then return -2 ^ 31
  elseif b == 8 then return 2 ^ 31 - 1
  elseif b == 9 then return math.maxinteger
  elseif b == 10 then return math.mininteger
  elseif b == 11 then return math.huge
  elseif b == 12 then return -math.huge
  elseif b == 13 then return 0 / 0
  elseif b == 14 then return 1e-300
  elseif b == 15 then return byte()
  elseif b == 16 then return byte() / 7
  elseif b == 17 then return str(byte() % 16)
  elseif b == 18 then return strings[byte() % #strings + 1]
  elseif b == 19 then return #consts > 0 and consts[byte() % #consts + 1] or 0
  elseif b == 20 or b == 21 then return tbl(depth)
  elseif b == 22 then return { val(depth + 1), val(depth + 1) }
  elseif b == 23 or b == 24 or b == 25 then
    return #pool > 0 and pool[byte() % #pool + 1] or nil
  elseif b <= 27 then return closure(depth)
  else return sockaddr()
  end
end

local function args(depth)
  local a, n = {}, byte() % 5
  for i = 1, n do a[i] = val(depth) end
  return a, n
end

-- With a second argument "trace", each call is printed with its outcome
-- (to see what an input from the fuzzer does: ipcsim run driver.lua --
-- HEX trace).
local trace = arg[2] == "trace"
local function show(name, a, n, r)
  local t = {}
  for i = 1, n do t[i] = type(a[i]) == "string" and string.format("%q", a[i]:sub(1, 40)) or tostring(a[i]) end
  print(string.format("%s(%s) -> %s %s", name, table.concat(t, ", "),
                      tostring(r[1]), tostring(r[2])))
end

-- A call of API function f (called name), its results kept.
local function call(f, a, n, name)
  local r = table.pack(pcall(f, table.unpack(a, 1, n)))
  if trace then show(name, a, n, r) end
  if r[1] then
    for i = 2, math.min(r.n, 4) do keep(r[i]) end
  end
end

-- The methods an object offers (by its metatable's __index table).
local function methods(o)
  local ok, mt = pcall(getmetatable, o)
  local idx = ok and type(mt) == "table" and rawget(mt, "__index")
  local list = {}
  if type(idx) == "table" then
    for k, v in pairs(idx) do
      if type(k) == "string" and type(v) == "function" then list[#list + 1] = k end
    end
    table.sort(list)
  end
  return list, idx
end

-- A small well-formed world, once, so the calls have hosts to act on:
--   a 128.32.0.1 --lan-- b 128.32.0.2;  a 10.0.0.1 --wan-- g 10.0.0.2;
--   g (a gateway) 128.33.0.1 --lan2-- d 128.33.0.2
-- with some of its parameters drawn from the input.
local world
local function make_world(depth)
  if world then return end
  world = true
  local function opt(v) if byte() % 4 == 1 then return val(depth) end return v end
  local ok, err = pcall(function()
    local lan = ethernet { name = "lan", rate = opt("10Mbps") }
    local lan2 = ethernet { name = "lan2", length = opt("500m") }
    local wan = link { name = "wan", rate = opt(1e6), delay = opt(0.01),
                       loss = opt(0), dup = opt(0), corrupt = opt(0),
                       reorder = opt(0), reorder_delay = opt(0.02) }
    local profiles = { "4.2bsd", "tahoe", "4.4bsd", "newreno" }
    local tcp = profiles[byte() % 4 + 1]
    keep(lan); keep(lan2); keep(wan)
    keep(host { name = "a", tcp = tcp, iface = { { lan, "128.32.0.1" },
                                                 { wan, "10.0.0.1" } } })
    keep(host { name = "b", tcp = tcp, iface = { lan, "128.32.0.2" } })
    keep(gateway { name = "g", iface = { { wan, "10.0.0.2" },
                                         { lan2, "128.33.0.1" } } })
    keep(host { name = "d", tcp = tcp, iface = { lan2, "128.33.0.2" } })
  end)
  if trace then print("world", ok, err) end
end

function stmt(depth)
  local b = byte() % 12
  if b <= 3 and #funcs > 0 then
    local i = byte() % #funcs + 1
    local a, n = args(depth)
    call(funcs[i], a, n, fnames[i])
  elseif b <= 6 and #pool > 0 then
    local o = pool[byte() % #pool + 1]
    local list, idx = methods(o)
    if #list > 0 then
      local name = list[byte() % #list + 1]
      local a, n = args(depth)
      table.insert(a, 1, o)
      call(idx[name], a, n + 1, ":" .. name)
    end
  elseif b == 7 then
    local stops = { 0, 0.001, 0.1, 1, 10, 100 }
    local s = stops[byte() % #stops + 1]
    pcall(run, { stop = byte() % 8 == 0 and val(depth) or s })
  elseif b == 8 and #pool > 0 then
    local h = pool[byte() % #pool + 1]
    local body = closure(depth)
    local ok, err = pcall(function() return h:spawn("p" .. pos, body) end)
    if trace then print("spawn", ok, err) end
  elseif b == 9 then
    make_world(depth)
  elseif #funcs > 0 then
    local i = byte() % #funcs + 1
    local a, n = args(depth)
    call(funcs[i], a, n, fnames[i])
  end
end

while more() do stmt(0) end
