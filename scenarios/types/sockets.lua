---@meta ipcsim.sockets
-- scenarios/types/sockets.lua: LuaLS definitions of the scenario API (3 of 5):
-- the socket calls, descriptors and files of the IPC primer, and their
-- constants. Never run; see ipcsim.lua beside it for the conventions, and
-- docs/lua-api.md "Sockets and files". A failed call returns
-- nil, "ENAME", number (4.4BSD's errno); only a process may call these.

---A socket address: { family = AF_INET, addr = ..., port = ... },
---{ family = AF_UNIX, path = ... } or { family = AF_UNSPEC }.
---@class ipcsim.sockaddr
---@field family integer AF_INET, AF_UNIX or AF_UNSPEC
---@field addr? ipcsim.addr AF_INET address (default 0)
---@field port? integer AF_INET port (default 0)
---@field path? string AF_UNIX path

---Creates a socket; returns its descriptor.
---@param domain integer
---@param type integer
---@param protocol? integer
---@return integer? fd
---@return ipcsim.errname? err
---@return integer? errno
function socket(domain, type, protocol) end

---Names a socket.
---@param s integer
---@param addr ipcsim.sockaddr
---@return integer? ok
---@return ipcsim.errname? err
---@return integer? errno
function bind(s, addr) end

---Marks a socket as accepting connections (backlog cut to 0..SOMAXCONN).
---@param s integer
---@param backlog integer
---@return integer? ok
---@return ipcsim.errname? err
---@return integer? errno
function listen(s, backlog) end

---Takes a connection from a listening socket; returns its descriptor and the peer.
---@param s integer
---@return integer? fd
---@return ipcsim.sockaddr|ipcsim.errname|nil peer
---@return integer? errno
function accept(s) end

---Connects a socket to an address.
---@param s integer
---@param addr ipcsim.sockaddr
---@return integer? ok
---@return ipcsim.errname? err
---@return integer? errno
function connect(s, addr) end

---Sends data on a connected socket; returns the bytes sent.
---@param s integer
---@param data string
---@param flags? integer
---@return integer? n
---@return ipcsim.errname? err
---@return integer? errno
function send(s, data, flags) end

---Sends a datagram to an address; returns the bytes sent.
---@param s integer
---@param data string
---@param flags integer
---@param to ipcsim.sockaddr
---@return integer? n
---@return ipcsim.errname? err
---@return integer? errno
function sendto(s, data, flags, to) end

---Receives up to n bytes ("" at end of file); recv(s, buf[, flags]) receives
---up to the buffer's capacity into it and returns the count (0 at end of file).
---@param s integer
---@param n integer
---@param flags? integer
---@return string? data
---@return ipcsim.errname? err
---@return integer? errno
---@overload fun(s: integer, buf: ipcsim.Buffer, flags?: integer): integer?, ipcsim.errname?, integer?
function recv(s, n, flags) end

---Receives up to n bytes and the sender's address (nil for streams);
---recvfrom(s, buf[, flags]) receives into the buffer and returns the count.
---@param s integer
---@param n integer
---@param flags? integer
---@return string? data
---@return ipcsim.sockaddr|ipcsim.errname|nil from
---@return integer? errno
---@overload fun(s: integer, buf: ipcsim.Buffer, flags?: integer): integer?, ipcsim.sockaddr|ipcsim.errname|nil, integer?
function recvfrom(s, n, flags) end

---Shuts down reading (SHUT_RD), writing (SHUT_WR) or both (SHUT_RDWR).
---@param s integer
---@param how integer
---@return integer? ok
---@return ipcsim.errname? err
---@return integer? errno
function shutdown(s, how) end

---The socket's own address.
---@param s integer
---@return ipcsim.sockaddr? addr
---@return ipcsim.errname? err
---@return integer? errno
function getsockname(s) end

---The connected peer's address.
---@param s integer
---@return ipcsim.sockaddr? addr
---@return ipcsim.errname? err
---@return integer? errno
function getpeername(s) end

---Two connected sockets (AF_UNIX only).
---@param domain integer
---@param type integer
---@param protocol? integer
---@return integer? fd1
---@return integer|ipcsim.errname|nil fd2
---@return integer? errno
function socketpair(domain, type, protocol) end

---A pipe: a read descriptor and a write descriptor.
---@return integer? rfd
---@return integer|ipcsim.errname|nil wfd
---@return integer? errno
function pipe() end

---Sets a socket option (an integer, boolean, time, or table for SO_LINGER and the timeouts).
---@param s integer
---@param level integer
---@param name integer
---@param value integer|boolean|number|string|table
---@return integer? ok
---@return ipcsim.errname? err
---@return integer? errno
function setsockopt(s, level, name, value) end

---Reads a socket option's value.
---@param s integer
---@param level integer
---@param name integer
---@return any value
---@return ipcsim.errname|any err
---@return integer? errno
function getsockopt(s, level, name) end

---BSD's select(2): waits until descriptors in the masks (bit 1 << fd) are ready, or the timeout; n, r, w, e.
---The global select is Lua's own (select("#", ...), select(n, ...)).
---@param nfds integer
---@param r? integer
---@param w? integer
---@param e? integer
---@param timeout? ipcsim.time
---@return integer? n
---@return integer|ipcsim.errname|nil r
---@return integer? w
---@return integer? e
function bsdselect(nfds, r, w, e, timeout) end

---A TCP connection's state (state, rto_ms, srtt_ms, snd_cwnd, ..., profile).
---@param s integer
---@return table<string, any>? info
---@return ipcsim.errname? err
---@return integer? errno
function tcp_info(s) end

---Reads up to n bytes from any descriptor ("" at end of file); read(fd, buf[, n])
---reads up to n (default the buffer's capacity) into the buffer and returns
---the count (0 at end of file).
---@param fd integer
---@param n integer
---@return string? data
---@return ipcsim.errname? err
---@return integer? errno
---@overload fun(fd: integer, buf: ipcsim.Buffer, n?: integer): integer?, ipcsim.errname?, integer?
function read(fd, n) end

---A read buffer from buffer(n): read, recv and recvfrom copy into it, each
---overwriting what the last left. #buf is the count the last one returned.
---@class ipcsim.Buffer
---@operator len: integer
local Buffer = {}

---The bytes the last read left, as a new string (or string.sub's i..j of them).
---@param i? integer
---@param j? integer
---@return string
function Buffer:string(i, j) end

---The buffer's capacity: the most one read puts in it.
---@return integer
function Buffer:capacity() end

---A reusable read buffer of n bytes (1 to 1 GiB), holding none yet.
---@param n integer
---@return ipcsim.Buffer
function buffer(n) end

---Writes data to any descriptor; returns the bytes written.
---@param fd integer
---@param data string
---@return integer? n
---@return ipcsim.errname? err
---@return integer? errno
function write(fd, data) end

---Closes a descriptor (a socket with SO_LINGER may wait).
---@param fd integer
---@return integer? ok
---@return ipcsim.errname? err
---@return integer? errno
function close(fd) end

---A new descriptor sharing the open file.
---@param fd integer
---@return integer? fd
---@return ipcsim.errname? err
---@return integer? errno
function dup(fd) end

---Makes fd2 a copy of fd.
---@param fd integer
---@param fd2 integer
---@return integer? fd
---@return ipcsim.errname? err
---@return integer? errno
function dup2(fd, fd2) end

---fcntl(2): F_DUPFD, F_GETFD, F_SETFD, F_GETFL, F_SETFL (FNDELAY, FASYNC, O_APPEND), F_GETOWN, F_SETOWN.
---@param fd integer
---@param cmd integer
---@param arg? integer
---@return integer? value
---@return ipcsim.errname? err
---@return integer? errno
function fcntl(fd, cmd, arg) end

---Controls a descriptor (FIONREAD, FIONBIO, FIOASYNC, SIOCATMARK, SIOCSPGRP, SIOCGPGRP; SIOCGIF* with an ifreq or ifconf table, which it fills).
---@param fd integer
---@param request integer
---@param arg? integer|boolean|table
---@return integer? value
---@return ipcsim.errname? err
---@return integer? errno
function ioctl(fd, request, arg) end

---Opens (O_CREAT: creates) a file of the host's in-memory file system.
---@param path string
---@param flags integer
---@param mode? integer
---@return integer? fd
---@return ipcsim.errname? err
---@return integer? errno
function open(path, flags, mode) end

---open(path, O_WRONLY + O_CREAT + O_TRUNC, mode).
---@param path string
---@param mode? integer
---@return integer? fd
---@return ipcsim.errname? err
---@return integer? errno
function creat(path, mode) end

---Moves a file's offset (SEEK_SET, SEEK_CUR, SEEK_END); returns the new one.
---@param fd integer
---@param offset integer
---@param whence integer
---@return integer? offset
---@return ipcsim.errname? err
---@return integer? errno
function lseek(fd, offset, whence) end

---Removes a name (an open file stays readable).
---@param path string
---@return integer? ok
---@return ipcsim.errname? err
---@return integer? errno
function unlink(path) end

---Makes a directory.
---@param path string
---@param mode? integer
---@return integer? ok
---@return ipcsim.errname? err
---@return integer? errno
function mkdir(path, mode) end

---Removes an empty directory.
---@param path string
---@return integer? ok
---@return ipcsim.errname? err
---@return integer? errno
function rmdir(path) end

---What stat() and fstat() return.
---@class ipcsim.Stat
---@field st_mode integer S_IFREG, S_IFDIR or S_IFSOCK with the permission bits
---@field st_ino integer
---@field st_nlink integer
---@field st_size integer
---@field st_mtime number simulated seconds
---@field type "file"|"directory"|"socket"

---A file's status by path.
---@param path string
---@return ipcsim.Stat? st
---@return ipcsim.errname? err
---@return integer? errno
function stat(path) end

---A file's status by descriptor.
---@param fd integer
---@return ipcsim.Stat? st
---@return ipcsim.errname? err
---@return integer? errno
function fstat(fd) end

---A directory stream from opendir() (no methods: pass it to readdir, closedir).
---@class ipcsim.Dir

---Opens a directory stream (names sorted, without . and ..).
---@param path string
---@return ipcsim.Dir? dirp
---@return ipcsim.errname? err
---@return integer? errno
function opendir(path) end

---The next entry, { d_name, d_ino }, or nil after the last.
---@param dirp ipcsim.Dir
---@return { d_name: string, d_ino: integer }?
function readdir(dirp) end

---Closes a directory stream.
---@param dirp ipcsim.Dir
---@return integer
function closedir(dirp) end

--- Constants (4.4BSD's values) ---

---Address family: unspecified.
AF_UNSPEC = 0
---Address family: local (AF_UNIX) sockets.
AF_UNIX = 1
---Address family: internet (IPv4).
AF_INET = 2
---Protocol family: unspecified.
PF_UNSPEC = 0
---Protocol family: local.
PF_UNIX = 1
---Protocol family: internet.
PF_INET = 2
---Socket type: a reliable byte stream (TCP).
SOCK_STREAM = 1
---Socket type: datagrams (UDP).
SOCK_DGRAM = 2
---Socket type: raw IP.
SOCK_RAW = 3
---Protocol: IP (options level of setsockopt).
IPPROTO_IP = 0
---Protocol: ICMP.
IPPROTO_ICMP = 1
---Protocol: TCP.
IPPROTO_TCP = 6
---Protocol: UDP.
IPPROTO_UDP = 17
---Protocol: raw IP.
IPPROTO_RAW = 255
---Option level: the socket itself.
SOL_SOCKET = 65535
---Socket option: debugging on.
SO_DEBUG = 1
---Socket option (read only): listening.
SO_ACCEPTCONN = 2
---Socket option: allow reuse of a local address.
SO_REUSEADDR = 4
---Socket option: keep connections alive.
SO_KEEPALIVE = 8
---Socket option: bypass routing, use the interface.
SO_DONTROUTE = 16
---Socket option: allow broadcast datagrams.
SO_BROADCAST = 32
---Socket option: linger on close ({ l_onoff, l_linger }).
SO_LINGER = 128
---Socket option: leave out-of-band data inline.
SO_OOBINLINE = 256
---Socket option: send buffer size.
SO_SNDBUF = 4097
---Socket option: receive buffer size.
SO_RCVBUF = 4098
---Socket option: send low-water mark.
SO_SNDLOWAT = 4099
---Socket option: receive low-water mark.
SO_RCVLOWAT = 4100
---Socket option: send timeout ({ tv_sec, tv_usec } or a time).
SO_SNDTIMEO = 4101
---Socket option: receive timeout ({ tv_sec, tv_usec } or a time).
SO_RCVTIMEO = 4102
---Socket option (read only): the pending error, cleared by reading.
SO_ERROR = 4103
---Socket option (read only): the socket type.
SO_TYPE = 4104
---IP option: IP options.
IP_OPTIONS = 1
---IP option: the raw socket gives the IP header.
IP_HDRINCL = 2
---IP option: type of service.
IP_TOS = 3
---IP option: time to live.
IP_TTL = 4
---TCP option: Nagle off.
TCP_NODELAY = 1
---TCP option: the maximum segment size.
TCP_MAXSEG = 2
---TCP option: send no TCP options in the SYN (FreeBSD's).
TCP_NOOPT = 8
---Send/receive flag: out-of-band data.
MSG_OOB = 1
---Receive flag: leave the data queued.
MSG_PEEK = 2
---Send flag: bypass routing.
MSG_DONTROUTE = 4
---Flag: end of record.
MSG_EOR = 8
---Flag: the datagram was truncated.
MSG_TRUNC = 16
---Receive flag: wait for all n bytes.
MSG_WAITALL = 64
---Receive flag: do not wait.
MSG_DONTWAIT = 128
---The primer's name of MSG_OOB.
SOF_OOB = 1
---The primer's name of MSG_PEEK.
SOF_PREVIEW = 2
---The primer's name of MSG_DONTROUTE.
SOF_DONTROUTE = 4
---The largest listen backlog.
SOMAXCONN = 5
---shutdown: no more receives.
SHUT_RD = 0
---shutdown: no more sends.
SHUT_WR = 1
---shutdown: neither.
SHUT_RDWR = 2
---ioctl: bytes ready to read.
FIONREAD = 1074030207
---ioctl: non-blocking I/O on (1) or off (0).
FIONBIO = 2147772030
---ioctl: SIGIO on (1) or off (0).
FIOASYNC = 2147772029
---ioctl: 1 at the out-of-band mark.
SIOCATMARK = 1074033415
---ioctl: set the process (or -group) to signal.
SIOCSPGRP = 2147775240
---ioctl: get the process (or -group) to signal.
SIOCGPGRP = 1074033417
---The wildcard address.
INADDR_ANY = 0
---sendto: the local network's broadcast (the first interface's).
INADDR_BROADCAST = 4294967295
---127.0.0.1, the loopback interface lo0.
INADDR_LOOPBACK = 2130706433
---Ports below this one are root's.
IPPORT_RESERVED = 1024
---Automatic ports stay below this one.
IPPORT_USERRESERVED = 5000
---ioctl: the interface list, into ifc.ifc_req and ifc.ifc_len.
SIOCGIFCONF = 3221776676
---ioctl: an interface's flags, into ifr.ifr_flags.
SIOCGIFFLAGS = 3223349521
---ioctl: an interface's address, into ifr.ifr_addr.
SIOCGIFADDR = 3223349537
---ioctl: a point-to-point interface's other end, into ifr.ifr_dstaddr.
SIOCGIFDSTADDR = 3223349538
---ioctl: a broadcast interface's broadcast address, into ifr.ifr_broadaddr.
SIOCGIFBRDADDR = 3223349539
---ioctl: an interface's netmask, into ifr.ifr_addr.
SIOCGIFNETMASK = 3223349541
---Interface flag: configured (has an address).
IFF_UP = 1
---Interface flag: the broadcast address is valid.
IFF_BROADCAST = 2
---Interface flag: debugging (never set).
IFF_DEBUG = 4
---Interface flag: the loopback interface.
IFF_LOOPBACK = 8
---Interface flag: a point-to-point link.
IFF_POINTOPOINT = 16
---Interface flag: no trailer encapsulation.
IFF_NOTRAILERS = 32
---Interface flag: running.
IFF_RUNNING = 64
---Interface flag: no ARP (never set).
IFF_NOARP = 128
---Interface flag: does not hear its own transmissions.
IFF_SIMPLEX = 2048
---A link-level address family (SIOCGIFCONF entries).
AF_LINK = 18
---Interface names are shorter than this.
IFNAMSIZ = 16
---open: read only.
O_RDONLY = 0
---open: write only.
O_WRONLY = 1
---open: read and write.
O_RDWR = 2
---open: the access mode bits.
O_ACCMODE = 3
---open: non-blocking.
O_NONBLOCK = 4
---open: append on each write.
O_APPEND = 8
---open: create if absent.
O_CREAT = 512
---open: truncate to 0.
O_TRUNC = 1024
---open: with O_CREAT, fail if it exists.
O_EXCL = 2048
---The primer's O_RDONLY.
FRDONLY = 0
---The primer's O_WRONLY.
FWRONLY = 1
---The primer's O_RDWR.
FRDWR = 2
---The primer's O_CREAT.
FCREATE = 512
---The primer's O_TRUNC.
FTRUNCATE = 1024
---The primer's O_APPEND.
FAPPEND = 8
---The primer's O_EXCL.
FEXCL = 2048
---lseek: from the start.
SEEK_SET = 0
---lseek: from the current offset.
SEEK_CUR = 1
---lseek: from the end.
SEEK_END = 2
---st_mode: the file type bits.
S_IFMT = 61440
---st_mode: a directory.
S_IFDIR = 16384
---st_mode: a regular file.
S_IFREG = 32768
---st_mode: a socket.
S_IFSOCK = 49152
---fcntl: a descriptor at or above arg for the same file.
F_DUPFD = 0
---fcntl: the close-on-exec flag.
F_GETFD = 1
---fcntl: set the close-on-exec flag.
F_SETFD = 2
---fcntl: the access mode and O_NONBLOCK, O_APPEND, O_ASYNC.
F_GETFL = 3
---fcntl: set O_NONBLOCK (FNDELAY), O_APPEND, O_ASYNC (FASYNC).
F_SETFL = 4
---fcntl: the process (or -group) SIGIO and SIGURG go to.
F_GETOWN = 5
---fcntl: set it.
F_SETOWN = 6
---F_SETFD: close on exec.
FD_CLOEXEC = 1
---F_SETFL: SIGIO when I/O is possible.
O_ASYNC = 64
---4.4BSD's name of O_ASYNC.
FASYNC = 64
---4.4BSD's name of O_NONBLOCK.
FNDELAY = 4
---st_mode: a character device (a terminal, /dev/ptyp0).
S_IFCHR = 8192
