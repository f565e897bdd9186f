---@meta ipcsim.netdb
-- scenarios/types/netdb.lua: LuaLS definitions of the scenario API (5 of 5):
-- the network databases (hosts, networks, protocols, services) and the
-- address routines of primer section 3. Never run; see ipcsim.lua beside
-- it for the conventions, and docs/lua-api.md "Network databases".

---A host entry.
---@class ipcsim.hostent
---@field h_name string
---@field h_aliases string[]
---@field h_addrtype integer AF_INET (2)
---@field h_length integer 4
---@field h_addr_list string[]
---@field h_addr string h_addr_list[1]

---A network entry.
---@class ipcsim.netent
---@field n_name string
---@field n_aliases string[]
---@field n_addrtype integer AF_INET (2)
---@field n_net integer right-justified: 128.32 is 0x8020

---A protocol entry.
---@class ipcsim.protoent
---@field p_name string
---@field p_aliases string[]
---@field p_proto integer

---A service entry.
---@class ipcsim.servent
---@field s_name string
---@field s_aliases string[]
---@field s_port integer host order
---@field s_proto "tcp"|"udp"

---The host called name (or a dotted address); nil, "HOST_NOT_FOUND", 1 if none.
---@param name string
---@return ipcsim.hostent? hp
---@return string? err
---@return integer? h_errno
function gethostbyname(name) end

---The host that has this address (len 4, type AF_INET).
---@param addr ipcsim.addr
---@param len? integer
---@param type? integer
---@return ipcsim.hostent? hp
---@return string? err
---@return integer? h_errno
function gethostbyaddr(addr, len, type) end

---Rewinds the caller's walk of the hosts database.
---@param stayopen? boolean|integer
function sethostent(stayopen) end

---The next entry of the walk (one per address, as /etc/hosts lines), or nil at the end.
---@return ipcsim.hostent?
function gethostent() end

---Ends (rewinds) the walk of the hosts database.
function endhostent() end

---The network called name, or nil.
---@param name string
---@return ipcsim.netent?
function getnetbyname(name) end

---The network with this number, or nil.
---@param net integer
---@param type? integer
---@return ipcsim.netent?
function getnetbynumber(net, type) end

---4.4BSD's name of getnetbynumber.
---@param net integer
---@param type? integer
---@return ipcsim.netent?
function getnetbyaddr(net, type) end

---Rewinds the caller's walk of the networks database.
---@param stayopen? boolean|integer
function setnetent(stayopen) end

---The next network of the walk, or nil at the end.
---@return ipcsim.netent?
function getnetent() end

---Ends (rewinds) the walk of the networks database.
function endnetent() end

---The protocol called name, or nil.
---@param name string
---@return ipcsim.protoent?
function getprotobyname(name) end

---The protocol with this number, or nil.
---@param n integer
---@return ipcsim.protoent?
function getprotobynumber(n) end

---Rewinds the caller's walk of the protocols database.
---@param stayopen? boolean|integer
function setprotoent(stayopen) end

---The next protocol of the walk, or nil at the end.
---@return ipcsim.protoent?
function getprotoent() end

---Ends (rewinds) the walk of the protocols database.
function endprotoent() end

---The service called name on proto ("tcp", "udp", nil for any), or nil.
---@param name string
---@param proto? "tcp"|"udp"
---@return ipcsim.servent?
function getservbyname(name, proto) end

---The service on this port, or nil.
---@param port integer
---@param proto? "tcp"|"udp"
---@return ipcsim.servent?
function getservbyport(port, proto) end

---Rewinds the caller's walk of the services database.
---@param stayopen? boolean|integer
function setservent(stayopen) end

---The next service of the walk, or nil at the end.
---@return ipcsim.servent?
function getservent() end

---Ends (rewinds) the walk of the services database.
function endservent() end

---Adds a host outside the topology: { name, aliases, addrs }; returns its hostent.
---@param spec { name: string, aliases?: string[], addrs: ipcsim.addr[] }
---@return ipcsim.hostent
function hostent(spec) end

---Declares a network: { name, net, aliases }; returns its netent.
---@param spec { name: string, net: string|integer, aliases?: string[] }
---@return ipcsim.netent
function network(spec) end

---Adds a service: { name, port, proto, aliases }; returns its servent.
---@param spec { name: string, port: integer, proto: "tcp"|"udp", aliases?: string[] }
---@return ipcsim.servent
function service(spec) end

---Adds a protocol: { name, number, aliases }; returns its protoent.
---@param spec { name: string, number: integer, aliases?: string[] }
---@return ipcsim.protoent
function protocol(spec) end

---The address as an integer, or INADDR_NONE when s is not one.
---@param s string
---@return integer
function inet_addr(s) end

---The address as an integer, or nil when s is not one.
---@param s string
---@return integer?
function inet_aton(s) end

---"a.b.c.d" of an address.
---@param addr ipcsim.addr
---@return string
function inet_ntoa(addr) end

---A network number, right-justified ("128.32" is 0x8020), or INADDR_NONE.
---@param s string
---@return integer
function inet_network(s) end

---Builds an address from a network number and a local part, classful.
---@param net integer
---@param lna integer
---@return integer
function inet_makeaddr(net, lna) end

---The network part of an address, by its class.
---@param addr ipcsim.addr
---@return integer
function inet_netof(addr) end

---The local part of an address, by its class.
---@param addr ipcsim.addr
---@return integer
function inet_lnaof(addr) end

---Host to network order, 32 bits: the identity (hosts are big-endian).
---@param x integer
---@return integer
function htonl(x) end

---Network to host order, 32 bits: the identity.
---@param x integer
---@return integer
function ntohl(x) end

---Host to network order, 16 bits: the identity.
---@param x integer
---@return integer
function htons(x) end

---Network to host order, 16 bits: the identity.
---@param x integer
---@return integer
function ntohs(x) end

---No address: what inet_addr returns for a bad one (0xffffffff).
INADDR_NONE = 4294967295
