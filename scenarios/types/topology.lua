---@meta ipcsim.topology
-- scenarios/types/topology.lua: LuaLS definitions of the scenario API (2 of 5):
-- Ethernet segments, point-to-point links, hosts, gateways, interfaces and
-- routes, with the fields of their constructors. Never run; see ipcsim.lua
-- beside it for the conventions, docs/lua-api.md "Topology" for the rest.

---Fields of ethernet{}.
---@class ipcsim.EthernetSpec
---@field name string used in traces and as the pcap file name
---@field rate? ipcsim.rate bit rate (default "10Mbps")
---@field length? ipcsim.length cable length (default "500m")
---@field queue? integer frames each station may queue (default 50)
---@field slot? ipcsim.time slot time (default "51.2us")
---@field ifg? ipcsim.time inter-frame gap (default "9.6us")
---@field sense_delay? ipcsim.time carrier-sense delay (default "0.5us")
---@field jam_bits? integer jam length in bits (default 32)
---@field max_attempts? integer attempts before a frame is dropped (default 16)
---@field backoff_limit? integer backoff exponent limit (default 10)

---Counters of a segment or of one station on it.
---@class ipcsim.EthernetStats
---@field tx_frames integer
---@field tx_bytes integer
---@field rx_frames integer
---@field rx_bytes integer
---@field collisions integer
---@field deferrals integer
---@field drops_queue integer
---@field drops_collisions integer
---@field drops_size integer
---@field busy_time number seconds
---@field utilisation number 0 to 1

---A shared half-duplex Ethernet bus with CSMA/CD.
---@class ipcsim.Ethernet
local Ethernet = {}

---The segment's totals, or those of one station (interface).
---@param iface? ipcsim.Iface
---@return ipcsim.EthernetStats
function Ethernet:stats(iface) end

---Makes an Ethernet segment.
---@param spec ipcsim.EthernetSpec
---@return ipcsim.Ethernet
function ethernet(spec) end

---Gilbert-Elliott burst loss of a link.
---@class ipcsim.Burst
---@field p number probability good -> bad
---@field r number probability bad -> good
---@field loss_good? number loss in the good state (default 0)
---@field loss_bad? number loss in the bad state (default 1)

---The settings of one direction of a link (also link:set{}).
---@class ipcsim.LinkParams
---@field rate? ipcsim.rate bit rate
---@field delay? ipcsim.time propagation delay (default 0)
---@field mtu? integer largest payload (default 1500)
---@field queue? integer drop-tail limit in frames (default 50, 0 = none)
---@field queue_bytes? ipcsim.size drop-tail limit in bytes (default none)
---@field loss? number Bernoulli loss probability per frame
---@field burst? ipcsim.Burst Gilbert-Elliott loss
---@field dup? number probability a frame arrives twice
---@field reorder? number probability a frame is held back
---@field reorder_delay? ipcsim.time how long a reordered frame is held
---@field corrupt? number probability one bit of a frame is flipped
---@field stuffing? boolean RFC 1662 octet stuffing (default false)

---Fields of link{}.
---@class ipcsim.LinkSpec: ipcsim.LinkParams
---@field name string used in traces and as the pcap file name
---@field rate ipcsim.rate bit rate (required)
---@field ab? ipcsim.LinkParams settings for the first-to-second direction only
---@field ba? ipcsim.LinkParams settings for the second-to-first direction only

---Counters of one direction of a link.
---@class ipcsim.LinkStats
---@field tx_frames integer
---@field tx_bytes integer
---@field rx_frames integer
---@field rx_bytes integer
---@field dup_frames integer
---@field reordered integer
---@field corrupted integer
---@field queue_len integer
---@field queue_max integer
---@field drops { queue: integer, loss: integer, down: integer, mtu: integer, noport: integer, total: integer }

---A point-to-point link (PPP in RFC 1662 framing).
---@class ipcsim.Link
local Link = {}

---Both directions' counters ({ ab = ..., ba = ... }), or one direction's.
---@param dir? "ab"|"ba"
---@return table
function Link:stats(dir) end

---Takes the link down, losing every queued and in-flight frame.
function Link:down() end

---Brings the link back up.
function Link:up() end

---True while the link is up.
---@return boolean
function Link:is_up() end

---Changes settings of both directions (set{...}) or of one (set("ab", {...})).
---@param dir_or_params "ab"|"ba"|ipcsim.LinkParams
---@param params? ipcsim.LinkParams
function Link:set(dir_or_params, params) end

---Makes a point-to-point link; the first host attached is end a.
---@param spec ipcsim.LinkSpec
---@return ipcsim.Link
function link(spec) end

---One interface of host{}: { medium, "a.b.c.d/len", at = ..., mac = ..., queue = ... }.
---@class ipcsim.IfaceSpec
---@field [1] ipcsim.Ethernet|ipcsim.Link the medium
---@field [2] string the address, "a.b.c.d/len" (classful without /len)
---@field at? ipcsim.length position on an Ethernet cable
---@field mac? string MAC address, "02:..."
---@field queue? integer frames that may wait to be sent (default the medium's)

---Fields of host{} and gateway{}.
---@class ipcsim.HostSpec
---@field name string the host's name
---@field iface? ipcsim.IfaceSpec|ipcsim.IfaceSpec[] one interface or a list of them
---@field aliases? string[] other names in the hosts database
---@field tcp? "4.2bsd"|"tahoe"|"4.4bsd"|"newreno" the TCP profile (default "4.4bsd")
---@field boot? ipcsim.time phase of the host's clock, in [0, 1s) (default drawn)
---@field sb_max? ipcsim.size most a socket buffer may hold (default 256KB)

---Options of host:spawn().
---@class ipcsim.SpawnOpts
---@field uid? integer user id (default 0, root)
---@field pgrp? integer process group (default the pid)
---@field tty? ipcsim.Terminal descriptors 0, 1, 2 on this terminal, its controlling terminal

---Options of host:exec().
---@class ipcsim.ExecOpts
---@field limit? ipcsim.time wall time the program may compute between two calls before the run stops (default 10s)
---@field netns? boolean run it in a private network namespace where allowed (default true)
---@field uid? integer simulated user id (default 0, root)
---@field input? string its standard input (default empty)
---@field epoch? integer seconds its clocks read at simulated time 0 (default 0)

---One row of host:ps().
---@class ipcsim.ProcInfo
---@field pid integer
---@field ppid integer
---@field pgrp integer
---@field uid integer
---@field name string
---@field state "run"|"sleep"|"zombie"

---A simulated host (or gateway).
---@class ipcsim.Host
local Host = {}

---Starts a process running `fn` now; returns its pid.
---@param name string
---@param fn fun()
---@param opts? ipcsim.SpawnOpts
---@return integer pid
function Host:spawn(name, fn, opts) end

---Starts a real, dynamically linked executable as a process of this host
---(docs/programs.md); returns its pid.
---@param path string
---@param argv? string[] its arguments, argv[1] the program's name (default { path })
---@param opts? ipcsim.ExecOpts
---@return integer pid
function Host:exec(path, argv, opts) end

---An interface by position (1, 2, ...) or name ("en0").
---@param which integer|string
---@return ipcsim.Iface
function Host:iface(which) end

---The host's name.
---@return string
function Host:name() end

---The routing table, one string per entry in lookup order.
---@return string[]
function Host:routes() end

---The IP, ICMP and UDP counters (4.4BSD's names).
---@return table<string, integer>
function Host:ipstat() end

---The TCP counters (4.4BSD's names).
---@return table<string, integer>
function Host:tcpstat() end

---Crashes the host (its processes and connections are gone).
function Host:down() end

---Reboots a host that is down.
function Host:up() end

---True while the host is up.
---@return boolean
function Host:isup() end

---The host's processes by pid, zombies included.
---@return ipcsim.ProcInfo[]
function Host:ps() end

---Sends a signal as the operator (root), from outside any process.
---@param pid integer
---@param sig integer
---@return integer? ok
---@return ipcsim.errname? err
---@return integer? errno
function Host:kill(pid, sig) end

---Makes a host.
---@param spec ipcsim.HostSpec
---@return ipcsim.Host
function host(spec) end

---Makes a host that forwards datagrams not addressed to it.
---@param spec ipcsim.HostSpec
---@return ipcsim.Host
function gateway(spec) end

---Adds a static route: dest "default", "net/len" or a host; gateway an address, "reject" or "blackhole".
---@param h ipcsim.Host
---@param dest string
---@param gateway string
function route(h, dest, gateway) end

---Fields of iface:send{}.
---@class ipcsim.FrameSpec
---@field to? ipcsim.Host|ipcsim.Iface|string destination (Ethernet only): a host, an interface, "broadcast" or a MAC
---@field size? ipcsim.size data bytes (default 46)
---@field seq? integer a sequence number carried in the frame

---A raw test frame received by iface:recv().
---@class ipcsim.Frame
---@field seq integer
---@field size integer data bytes received
---@field frame_len integer
---@field src? string
---@field dst? string

---A host's network interface.
---@class ipcsim.Iface
local Iface = {}

---Sends one raw test frame; true, or nil, "ENOBUFS", 55.
---@param spec ipcsim.FrameSpec
---@return true? ok
---@return ipcsim.errname? err
---@return integer? errno
function Iface:send(spec) end

---Blocks (in a process) until a raw test frame arrives, or the timeout passes.
---@param opts? { timeout: ipcsim.time }
---@return ipcsim.Frame? frame
---@return ipcsim.errname? err
---@return integer? errno
function Iface:recv(opts) end

---The interface's counters (tx_frames, tx_qdrops, rx_frames, rx_badframe, ...).
---@return table<string, integer>
function Iface:stats() end

---name, host, medium, mtu, mac and addr of the interface.
---@return { name: string, host: string, medium: string, mtu: integer, mac: string?, addr: string? }
function Iface:info() end
