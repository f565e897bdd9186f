---@meta
-- scenarios/types/terminals.lua: LuaLS definitions of terminals,
-- pseudo-terminals and termios (docs/lua-api.md, "Terminals").

---The modes of a terminal, as tcgetattr returns them (4.4BSD termios).
---@class ipcsim.Termios
---@field c_iflag integer input modes (ICRNL, IXON, ...)
---@field c_oflag integer output modes (OPOST, ONLCR, OXTABS)
---@field c_cflag integer control modes (kept, not used)
---@field c_lflag integer local modes (ICANON, ECHO, ISIG, ...)
---@field c_cc table<integer, integer> control characters by index 0..19 (VINTR, ...)
---@field c_ispeed integer bits per second
---@field c_ospeed integer bits per second

---Fields of host:terminal{}.
---@class ipcsim.TerminalSpec
---@field name? string device name under /dev (default "console")
---@field speed? integer line speed in bits per second (default 9600)

---A terminal wired to a host, and the scripted user at it.
---@class ipcsim.Terminal
local Terminal = {}

---Types text: a key every gap (default 0.1 s) in a process, all at once elsewhere.
---@param text string
---@param gap? ipcsim.time
---@return integer typed
function Terminal:type(text, gap) end

---Waits (in a process) until text appears on the screen after the last match.
---@param text string
---@param timeout? ipcsim.time
---@return boolean? ok
---@return ipcsim.errname? err
---@return integer? errno
function Terminal:wait(text, timeout) end

---Everything the terminal has shown so far.
---@return string
function Terminal:screen() end

---Its device name ("/dev/console").
---@return string
function Terminal:name() end

---A terminal on this host, /dev/<name>.
---@param spec? ipcsim.TerminalSpec
---@return ipcsim.Terminal
function Host:terminal(spec) end

---The modes of the terminal at fd.
---@param fd integer
---@return ipcsim.Termios? t
---@return ipcsim.errname? err
---@return integer? errno
function tcgetattr(fd) end

---Sets the modes of the terminal at fd (TCSANOW, TCSADRAIN, TCSAFLUSH).
---@param fd integer
---@param action integer
---@param t ipcsim.Termios
---@return integer? ok
---@return ipcsim.errname? err
---@return integer? errno
function tcsetattr(fd, action, t) end

---Starts a new session and process group, without a controlling terminal.
---@return integer? sid
---@return ipcsim.errname? err
---@return integer? errno
function setsid() end

---Terminal constant (4.4BSD sys/ttycom.h, sys/termios.h).
TIOCGETA = 1076655123

---Terminal constant (4.4BSD sys/ttycom.h, sys/termios.h).
TIOCSETA = 2150396948

---Terminal constant (4.4BSD sys/ttycom.h, sys/termios.h).
TIOCSETAW = 2150396949

---Terminal constant (4.4BSD sys/ttycom.h, sys/termios.h).
TIOCSETAF = 2150396950

---Terminal constant (4.4BSD sys/ttycom.h, sys/termios.h).
TIOCFLUSH = 2147775504

---Terminal constant (4.4BSD sys/ttycom.h, sys/termios.h).
TIOCSCTTY = 536900705

---Terminal constant (4.4BSD sys/ttycom.h, sys/termios.h).
TIOCSTART = 536900718

---Terminal constant (4.4BSD sys/ttycom.h, sys/termios.h).
TIOCSTOP = 536900719

---Terminal constant (4.4BSD sys/ttycom.h, sys/termios.h).
TIOCPKT = 2147775600

---Terminal constant (4.4BSD sys/ttycom.h, sys/termios.h).
TIOCNOTTY = 536900721

---Terminal constant (4.4BSD sys/ttycom.h, sys/termios.h).
TIOCOUTQ = 1074033779

---Terminal constant (4.4BSD sys/ttycom.h, sys/termios.h).
TIOCSPGRP = 2147775606

---Terminal constant (4.4BSD sys/ttycom.h, sys/termios.h).
TIOCGPGRP = 1074033783

---Terminal constant (4.4BSD sys/ttycom.h, sys/termios.h).
TIOCPKT_DATA = 0

---Terminal constant (4.4BSD sys/ttycom.h, sys/termios.h).
TIOCPKT_FLUSHREAD = 1

---Terminal constant (4.4BSD sys/ttycom.h, sys/termios.h).
TIOCPKT_FLUSHWRITE = 2

---Terminal constant (4.4BSD sys/ttycom.h, sys/termios.h).
TIOCPKT_STOP = 4

---Terminal constant (4.4BSD sys/ttycom.h, sys/termios.h).
TIOCPKT_START = 8

---Terminal constant (4.4BSD sys/ttycom.h, sys/termios.h).
TIOCPKT_NOSTOP = 16

---Terminal constant (4.4BSD sys/ttycom.h, sys/termios.h).
TIOCPKT_DOSTOP = 32

---Terminal constant (4.4BSD sys/ttycom.h, sys/termios.h).
FREAD = 1

---Terminal constant (4.4BSD sys/ttycom.h, sys/termios.h).
FWRITE = 2

---Terminal constant (4.4BSD sys/ttycom.h, sys/termios.h).
BRKINT = 2

---Terminal constant (4.4BSD sys/ttycom.h, sys/termios.h).
ISTRIP = 32

---Terminal constant (4.4BSD sys/ttycom.h, sys/termios.h).
INLCR = 64

---Terminal constant (4.4BSD sys/ttycom.h, sys/termios.h).
IGNCR = 128

---Terminal constant (4.4BSD sys/ttycom.h, sys/termios.h).
ICRNL = 256

---Terminal constant (4.4BSD sys/ttycom.h, sys/termios.h).
IXON = 512

---Terminal constant (4.4BSD sys/ttycom.h, sys/termios.h).
IXOFF = 1024

---Terminal constant (4.4BSD sys/ttycom.h, sys/termios.h).
IXANY = 2048

---Terminal constant (4.4BSD sys/ttycom.h, sys/termios.h).
IMAXBEL = 8192

---Terminal constant (4.4BSD sys/ttycom.h, sys/termios.h).
OPOST = 1

---Terminal constant (4.4BSD sys/ttycom.h, sys/termios.h).
ONLCR = 2

---Terminal constant (4.4BSD sys/ttycom.h, sys/termios.h).
OXTABS = 4

---Terminal constant (4.4BSD sys/ttycom.h, sys/termios.h).
CS8 = 768

---Terminal constant (4.4BSD sys/ttycom.h, sys/termios.h).
CREAD = 2048

---Terminal constant (4.4BSD sys/ttycom.h, sys/termios.h).
HUPCL = 16384

---Terminal constant (4.4BSD sys/ttycom.h, sys/termios.h).
ECHOKE = 1

---Terminal constant (4.4BSD sys/ttycom.h, sys/termios.h).
ECHOE = 2

---Terminal constant (4.4BSD sys/ttycom.h, sys/termios.h).
ECHOK = 4

---Terminal constant (4.4BSD sys/ttycom.h, sys/termios.h).
ECHO = 8

---Terminal constant (4.4BSD sys/ttycom.h, sys/termios.h).
ECHONL = 16

---Terminal constant (4.4BSD sys/ttycom.h, sys/termios.h).
ECHOCTL = 64

---Terminal constant (4.4BSD sys/ttycom.h, sys/termios.h).
ISIG = 128

---Terminal constant (4.4BSD sys/ttycom.h, sys/termios.h).
ICANON = 256

---Terminal constant (4.4BSD sys/ttycom.h, sys/termios.h).
IEXTEN = 1024

---Terminal constant (4.4BSD sys/ttycom.h, sys/termios.h).
TOSTOP = 4194304

---Terminal constant (4.4BSD sys/ttycom.h, sys/termios.h).
FLUSHO = 8388608

---Terminal constant (4.4BSD sys/ttycom.h, sys/termios.h).
NOFLSH = 2147483648

---Terminal constant (4.4BSD sys/ttycom.h, sys/termios.h).
VEOF = 0

---Terminal constant (4.4BSD sys/ttycom.h, sys/termios.h).
VEOL = 1

---Terminal constant (4.4BSD sys/ttycom.h, sys/termios.h).
VEOL2 = 2

---Terminal constant (4.4BSD sys/ttycom.h, sys/termios.h).
VERASE = 3

---Terminal constant (4.4BSD sys/ttycom.h, sys/termios.h).
VWERASE = 4

---Terminal constant (4.4BSD sys/ttycom.h, sys/termios.h).
VKILL = 5

---Terminal constant (4.4BSD sys/ttycom.h, sys/termios.h).
VREPRINT = 6

---Terminal constant (4.4BSD sys/ttycom.h, sys/termios.h).
VINTR = 8

---Terminal constant (4.4BSD sys/ttycom.h, sys/termios.h).
VQUIT = 9

---Terminal constant (4.4BSD sys/ttycom.h, sys/termios.h).
VSUSP = 10

---Terminal constant (4.4BSD sys/ttycom.h, sys/termios.h).
VDSUSP = 11

---Terminal constant (4.4BSD sys/ttycom.h, sys/termios.h).
VSTART = 12

---Terminal constant (4.4BSD sys/ttycom.h, sys/termios.h).
VSTOP = 13

---Terminal constant (4.4BSD sys/ttycom.h, sys/termios.h).
VLNEXT = 14

---Terminal constant (4.4BSD sys/ttycom.h, sys/termios.h).
VDISCARD = 15

---Terminal constant (4.4BSD sys/ttycom.h, sys/termios.h).
VMIN = 16

---Terminal constant (4.4BSD sys/ttycom.h, sys/termios.h).
VTIME = 17

---Terminal constant (4.4BSD sys/ttycom.h, sys/termios.h).
VSTATUS = 18

---Terminal constant (4.4BSD sys/ttycom.h, sys/termios.h).
NCCS = 20

---Terminal constant (4.4BSD sys/ttycom.h, sys/termios.h).
_POSIX_VDISABLE = 255

---Terminal constant (4.4BSD sys/ttycom.h, sys/termios.h).
TCSANOW = 0

---Terminal constant (4.4BSD sys/ttycom.h, sys/termios.h).
TCSADRAIN = 1

---Terminal constant (4.4BSD sys/ttycom.h, sys/termios.h).
TCSAFLUSH = 2

---ioctl: the modes as a 4.3BSD sgttyb table { sg_ispeed, sg_ospeed, sg_erase, sg_kill, sg_flags }.
TIOCGETP = 1074164744
---ioctl: set them from such a table.
TIOCSETP = 2147906569
---sg_flags: raw input and output.
RAW = 32
---sg_flags: characters as typed, signals still on.
CBREAK = 2
---sg_flags: CR to NL in, NL to CR NL out.
CRMOD = 16
---sg_flags: tabs expanded.
XTABS = 3072
---sgttyb speed code.
B300 = 7
---sgttyb speed code.
B1200 = 9
---sgttyb speed code.
B2400 = 11
---sgttyb speed code.
B4800 = 12
---sgttyb speed code.
B9600 = 13
---sgttyb speed code.
B19200 = 14
---sgttyb speed code.
B38400 = 15
