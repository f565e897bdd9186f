-- sim/lua/tests/lua/ifconf.lua: the interface ioctls (primer 5.5):
-- SIOCGIFCONF's entries and its ifc_len rule, SIOCGIFFLAGS, SIOCGIFADDR,
-- SIOCGIFNETMASK, SIOCGIFBRDADDR, SIOCGIFDSTADDR, lo0, and each error:
-- EBADF, ENOTTY (a file), ENXIO (no such name), EOPNOTSUPP (an AF_UNIX
-- socket), EADDRNOTAVAIL (no address), EINVAL (the wrong kind of
-- interface), and Lua errors for a malformed argument.

local lan = ethernet { name = "lan0" }
local wan = link { name = "wan0", rate = "56kbps" }
local spare = ethernet { name = "spare" }
local h = host { name = "monet", iface = { { lan, "128.32.1.1/16" },
                                           { wan, "10.1.0.1/16" },
                                           { spare } } }
host { name = "degas", iface = { wan, "10.1.0.2/16" } }
local done = false

local function fails(want, ...)
  local r, e = ...
  assert(r == nil and e == want, "want " .. want .. ", got " .. tostring(e))
end

h:spawn("t", function()
  local s = socket(AF_INET, SOCK_DGRAM, 0)
  local ifc = { ifc_len = 1024 }
  assert(ioctl(s, SIOCGIFCONF, ifc) == 0)
  local names = {}
  for _, r in ipairs(ifc.ifc_req) do
    names[#names + 1] = r.ifr_name .. "/" .. r.ifr_addr.family ..
                        (r.ifr_addr.addr and ("/" .. r.ifr_addr.addr) or "")
  end
  assert(table.concat(names, " ") == "en0/18 en0/2/128.32.1.1 ppp1/18 " ..
         "ppp1/2/10.1.0.1 en2/18 lo0/18 lo0/2/127.0.0.1", table.concat(names, " "))
  assert(ifc.ifc_len == 7 * 32)
  assert(ifc.ifc_req[1].ifr_addr.lladdr:match("^%x%x:"))
  -- a copy needs more than 32 bytes left (4.4BSD's ifconf): 64 gives 1
  ifc = { ifc_len = 64 }
  assert(ioctl(s, SIOCGIFCONF, ifc) == 0 and #ifc.ifc_req == 1 and ifc.ifc_len == 32)
  ifc = { ifc_len = 32 }
  assert(ioctl(s, SIOCGIFCONF, ifc) == 0 and #ifc.ifc_req == 0 and ifc.ifc_len == 0)
  ifc = { ifc_len = -5 }
  assert(ioctl(s, SIOCGIFCONF, ifc) == 0 and #ifc.ifc_req == 0 and ifc.ifc_len == 0)
  ifc = {}                                  -- no ifc_len: no limit
  assert(ioctl(s, SIOCGIFCONF, ifc) == 0 and #ifc.ifc_req == 7)

  local function flags(name)
    local ifr = { ifr_name = name }
    assert(ioctl(s, SIOCGIFFLAGS, ifr) == 0)
    return ifr.ifr_flags
  end
  assert(flags("en0") == IFF_UP | IFF_BROADCAST | IFF_NOTRAILERS |
                         IFF_RUNNING | IFF_SIMPLEX)
  assert(flags("ppp1") == IFF_UP | IFF_POINTOPOINT | IFF_RUNNING)
  assert(flags("lo0") == IFF_UP | IFF_LOOPBACK | IFF_RUNNING)
  assert(flags("en2") == IFF_BROADCAST | IFF_NOTRAILERS | IFF_SIMPLEX,
         "no address: not up")

  local function get(req, name, field)
    local ifr = { ifr_name = name }
    local r, e = ioctl(s, req, ifr)
    if not r then return nil, e end
    return ifr[field].addr
  end
  assert(get(SIOCGIFADDR, "en0", "ifr_addr") == "128.32.1.1")
  assert(get(SIOCGIFNETMASK, "en0", "ifr_addr") == "255.255.0.0")
  assert(get(SIOCGIFBRDADDR, "en0", "ifr_broadaddr") == "128.32.255.255")
  assert(get(SIOCGIFDSTADDR, "ppp1", "ifr_dstaddr") == "10.1.0.2")
  assert(get(SIOCGIFADDR, "lo0", "ifr_addr") == "127.0.0.1")
  assert(get(SIOCGIFNETMASK, "lo0", "ifr_addr") == "255.0.0.0")

  -- errors, in 4.4BSD's order
  fails("EINVAL", get(SIOCGIFBRDADDR, "ppp1", "ifr_broadaddr"))
  fails("EINVAL", get(SIOCGIFBRDADDR, "lo0", "ifr_broadaddr"))
  fails("EINVAL", get(SIOCGIFDSTADDR, "en0", "ifr_dstaddr"))
  fails("EADDRNOTAVAIL", get(SIOCGIFADDR, "en2", "ifr_addr"))
  fails("EADDRNOTAVAIL", get(SIOCGIFBRDADDR, "en2", "ifr_broadaddr"))
  fails("ENXIO", get(SIOCGIFADDR, "en9", "ifr_addr"))
  fails("ENXIO", ioctl(s, SIOCGIFFLAGS, { ifr_name = "" }))
  fails("ENXIO", ioctl(s, SIOCGIFFLAGS, { ifr_name = "en0-and-much-more" }))
  fails("EBADF", ioctl(99, SIOCGIFCONF, {}))
  fails("EBADF", ioctl(99, SIOCGIFFLAGS, { ifr_name = "en0" }))
  local u = socket(AF_UNIX, SOCK_DGRAM, 0)
  assert(ioctl(u, SIOCGIFCONF, {}) == 0, "any socket lists them")
  assert(ioctl(u, SIOCGIFFLAGS, { ifr_name = "en0" }) == 0)
  fails("EOPNOTSUPP", ioctl(u, SIOCGIFADDR, { ifr_name = "en0" }))
  fails("ENXIO", ioctl(u, SIOCGIFADDR, { ifr_name = "xx0" }))
  local f = creat("/tmp-file", 420)
  fails("ENOTTY", ioctl(f, SIOCGIFCONF, {}))
  fails("ENOTTY", ioctl(f, SIOCGIFFLAGS, { ifr_name = "en0" }))
  local ok, msg = pcall(ioctl, s, SIOCGIFFLAGS, "en0")
  assert(not ok and msg:find("table expected"), msg)
  ok, msg = pcall(ioctl, s, SIOCGIFFLAGS, {})
  assert(not ok and msg:find("ifr_name must be a string"), msg)
  ok, msg = pcall(ioctl, s, SIOCGIFCONF, { ifc_len = "big" })
  assert(not ok and msg:find("ifc_len must be an integer"), msg)
  -- the constants are 4.4BSD's
  assert(SIOCGIFCONF == 0xc0086924 and SIOCGIFFLAGS == 0xc0206911)
  assert(SIOCGIFADDR == 0xc0206921 and SIOCGIFNETMASK == 0xc0206925)
  assert(SIOCGIFBRDADDR == 0xc0206923 and SIOCGIFDSTADDR == 0xc0206922)
  assert(IFF_UP == 1 and IFF_BROADCAST == 2 and IFF_LOOPBACK == 8 and
         IFF_POINTOPOINT == 0x10 and IFF_RUNNING == 0x40 and AF_LINK == 18)
  done = true
end)
run { stop = "1s" }
assert(done)
print("ifconf ok")
