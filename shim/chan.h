/* shim/chan.h: the channel between a real program's preloaded shim
 * (shim/) and the simulator (sim/exec/): one request, one reply, strictly
 * alternating, through a shared memory page (struct chan_shm, a memfd the
 * program inherits at CHAN_SHM_FD) with a futex handshake: the writer
 * fills its area and bumps its sequence number, the reader spins on the
 * number for a few microseconds, then waits with FUTEX_WAIT
 * (chan_wait.h). A request is a struct chan_req then len payload
 * bytes; a reply a struct chan_rep then len payload bytes. Beside it a
 * stream socket, inherited at CHAN_FD (its number is also in
 * $IPCSIM_CHAN_FD), carries what memory cannot: fork's real descriptors
 * (SCM_RIGHTS of the real kernel), and the end of either side (end of file). Values on this channel are the simulated host's
 * (4.4BSD constants, from hosts/socket.h's table, repeated here as
 * CHAN_* so the shim need not include the simulator); errors are this
 * machine's (Linux) errno numbers, as the simulator uses inside. The
 * shim translates between the Linux ABI and these. Plain C, no GLib:
 * the shim includes it too. */
#ifndef IPCSIM_CHAN_H
#define IPCSIM_CHAN_H

#include <stdint.h>

#define CHAN_FD 1000            /* the program's end of the socket */
#define CHAN_SHM_FD 1001        /* the shared page, struct chan_shm */
#define CHAN_FD_ENV "IPCSIM_CHAN_FD"
#define CHAN_PROG_ENV "IPCSIM_PROG" /* the program's name, for messages */
#define CHAN_MAX 65536          /* largest payload either way */
#define CHAN_RIGHTS_MAX 253     /* descriptors one sendmsg passes (Linux's
                                   SCM_MAX_FD; hosts' SYS_RIGHTS_MAX) */

enum chan_op {
  CHAN_HELLO = 1,   /* first message of a process, and again after each
                       execve: a[0] real pid; payload its name; reply
                       b[0] the set (bit i) of descriptors 0..2 that a
                       dup2 made the simulated host's */
  CHAN_UNCOVERED,   /* payload: the call's name; never answered */
  CHAN_SOCKET,      /* a: domain, type, protocol */
  CHAN_BIND,        /* a[0] fd; payload struct chan_addr */
  CHAN_LISTEN,      /* a: fd, backlog */
  CHAN_ACCEPT,      /* a[0] fd; reply payload chan_addr */
  CHAN_CONNECT,     /* a[0] fd; payload chan_addr */
  CHAN_READ,        /* a: fd, len; reply payload the bytes */
  CHAN_WRITE,       /* a[0] fd; payload the bytes */
  CHAN_SENDTO,      /* a: fd, flags, has_to, nfds; payload the address
                       (has_to), nfds int32 descriptors to pass
                       (sendmsg's SCM_RIGHTS), the data */
  CHAN_RECVFROM,    /* a: fd, len, flags, room (recvmsg: descriptors it
                       can take; -1 recv); reply b: BSD flags (MSG_TRUNC,
                       MSG_CTRUNC), n descriptors received; payload
                       chan_addr, n int32 descriptors, the data */
  CHAN_CLOSE,       /* a[0] fd */
  CHAN_SHUTDOWN,    /* a: fd, how */
  CHAN_GETSOCKNAME, /* a[0] fd; reply chan_addr */
  CHAN_GETPEERNAME, /* a[0] fd; reply chan_addr */
  CHAN_SETSOCKOPT,  /* a: fd, level, name, val, onoff */
  CHAN_GETSOCKOPT,  /* a: fd, level, name; reply b: val, onoff */
  CHAN_HOSTBYNAME,  /* payload the name; reply payload chan_host */
  CHAN_HOSTBYADDR,  /* a[0] address; reply chan_host */
  CHAN_SERVBYNAME,  /* payload "name\0proto\0"; reply chan_serv */
  CHAN_SERVBYPORT,  /* a[0] port; payload "proto\0"; reply chan_serv */
  CHAN_GETTIME,     /* reply b[0] ns since the epoch: the run's simulated
                       time plus the program's epoch (h:exec's epoch=) */
  CHAN_SLEEP,       /* a[0] ns (< 0: until a signal); reply b[0] ns
                       left when a signal ended it */
  CHAN_SELECT,      /* a: nfds, timeout ns (-1 none), poll's set of
                       descriptors (0 for select); payload 3 x u64 bits;
                       reply the same, and b[0] those of poll's set that
                       are not open (POLLNVAL; select: EBADF) */
  CHAN_DUP,         /* a[0] fd */
  CHAN_DUP2,        /* a: fd, fd2 */
  CHAN_IOCTL,       /* a: fd, BSD request, arg; reply b[0] arg out */
  CHAN_FCNTL_NB,    /* a: fd, -1 get / 0 clear / 1 set O_NONBLOCK */
  CHAN_FORK,        /* reply: ret child pid; then on the socket one byte
                       with 4 fds (SCM_RIGHTS): the child's socket,
                       stdout, stderr and shared page */
  CHAN_WAIT,        /* a: pid, options (BSD); reply b[0] status (BSD) */
  CHAN_GETIDS,      /* reply b: pid, ppid, uid; ret pgrp */
  CHAN_KILL,        /* a: pid, BSD signal */
  CHAN_GETHOSTNAME, /* reply payload the name */
  CHAN_PIPE,        /* reply b: fd0, fd1 */
  CHAN_SOCKETPAIR,  /* a: domain, type, protocol; reply b: fd0, fd1 */
  CHAN_SIGDISP,     /* a: BSD signal, 0 default / 1 ignore / 2 catch,
                       restart (SA_RESTART); ret the previous one */
  CHAN_ALARM,       /* a[0] seconds; ret the seconds left of the last */
  CHAN_OPEN,        /* a: BSD flags, mode; payload the path */
  CHAN_LISTDIR,     /* payload the path; reply the names, NUL-ended */
  CHAN_MKDIR,       /* a[0] mode; payload the path */
  CHAN_NETBYNAME,   /* payload the name; reply b[0] the network number */
  CHAN_SIGMASK,     /* a: how (0 block, 1 unblock, 2 set), BSD set;
                       ret the previous set */
  CHAN_SETUID,      /* a[0] uid */
  CHAN_RANDOM,      /* a[0] bytes (<= CHAN_MAX); reply them, drawn from the
                       run's seed (getrandom, /dev/urandom's stand-in) */
  CHAN_ITIMER,      /* ITIMER_REAL: a: 1 set / 0 get, value ns, interval
                       ns; reply b: the old (get: current) value, interval */
  CHAN_IFCONF,      /* SIOCGIFCONF: a: fd, BSD ifc_len; reply ret entries,
                       b[0] BSD bytes used; payload struct chan_ifreq each */
  CHAN_IFIOCTL,     /* SIOCGIF*: a: fd, BSD request; payload the name
                       (CHAN_IFNAMSIZ); reply b: flags or address, family */
};

struct chan_req {
  uint32_t op;                  /* enum chan_op */
  uint32_t len;                 /* payload bytes after this header */
  int64_t a[5];                 /* arguments, by op */
};

#define CHAN_RESTART (-2)       /* chan_rep.ret: run the handlers (sigs),
                                   then make the same request again */

struct chan_rep {
  int64_t ret;                  /* the result (>= 0), -1, or CHAN_RESTART */
  int32_t err;                  /* Linux errno when ret == -1, else 0 */
  uint32_t len;                 /* payload bytes after this header */
  int64_t b[3];                 /* more results, by op */
  int64_t sigs;                 /* BSD_SIGBIT set of caught signals whose
                                   handlers must run now (the shim raises
                                   each in the real process) */
};

/* A socket address: family CHAN_AF_*; addr and port in host order. */
struct chan_addr;

/* One message's room: header, an address, CHAN_MAX bytes. */
#define CHAN_AREA (64 + 128 + CHAN_MAX)

/* The shared page. Sequence numbers are futex words; each side waits
 * for the other's to change, spinning first (chan_wait.h). */
struct chan_shm {
  uint32_t req_seq;             /* bumped when req holds a new request */
  uint32_t rep_seq;             /* bumped when rep holds a new reply */
  uint32_t req_sleeps;          /* the simulator sleeps on req_seq */
  uint32_t rep_sleeps;          /* the program sleeps on rep_seq */
  int64_t spin_ns;              /* how long a reader spins before it
                                   sleeps (set by the simulator) */
  unsigned char req[CHAN_AREA]; /* struct chan_req + payload */
  unsigned char rep[CHAN_AREA]; /* struct chan_rep + payload */
};

struct chan_addr {
  int32_t family;               /* 0 unspec, 1 unix, 2 inet */
  uint32_t addr;                /* AF_INET address */
  uint32_t port;                /* AF_INET port */
  char path[104];               /* AF_UNIX path, NUL-terminated */
};

#define CHAN_MAXADDRS 8
#define CHAN_NAME 64

/* A hostent's content. */
struct chan_host {
  char name[CHAN_NAME];         /* official name */
  int32_t naddrs;               /* addresses, 1..CHAN_MAXADDRS */
  uint32_t addrs[CHAN_MAXADDRS];/* host order */
};

/* A servent's content. */
struct chan_serv {
  char name[CHAN_NAME];         /* official name */
  char proto[8];                /* "tcp", "udp" */
  int32_t port;                 /* host order */
};

#define CHAN_IFNAMSIZ 16

/* One interface entry of SIOCGIFCONF (the host's struct if_req). */
struct chan_ifreq {
  char name[CHAN_IFNAMSIZ];     /* "en0", NUL-terminated */
  int32_t family;               /* CHAN_AF_INET, or CHAN_AF_LINK */
  uint32_t addr;                /* AF_INET: host order */
};

/* 4.4BSD values the shim translates to (hosts/socket.h has them too). */
#define CHAN_AF_UNSPEC 0
#define CHAN_AF_UNIX 1
#define CHAN_AF_INET 2
#define CHAN_AF_LINK 18
#define CHAN_SIOCGIFFLAGS 0xc0206911u    /* sys/sockio.h, _IOWR('i', ...) */
#define CHAN_SIOCGIFADDR 0xc0206921u
#define CHAN_SIOCGIFDSTADDR 0xc0206922u
#define CHAN_SIOCGIFBRDADDR 0xc0206923u
#define CHAN_SIOCGIFNETMASK 0xc0206925u
#define CHAN_IFREQ_SIZE 32               /* 4.4BSD's sizeof (struct ifreq) */
#define CHAN_SOL_SOCKET 0xffff
#define CHAN_MSG_OOB 0x1
#define CHAN_MSG_PEEK 0x2
#define CHAN_MSG_DONTROUTE 0x4
#define CHAN_MSG_TRUNC 0x10
#define CHAN_MSG_CTRUNC 0x20
#define CHAN_MSG_WAITALL 0x40
#define CHAN_MSG_DONTWAIT 0x80
#define CHAN_MSG_NOSIGNAL 0x20000  /* Linux's, no BSD bit: the simulator
                                      takes back the SIGPIPE of EPIPE */
#define CHAN_FIONREAD 0x4004667fu
#define CHAN_FIONBIO 0x8004667eu
#define CHAN_SIOCATMARK 0x40047307u
#define CHAN_SIOCSPGRP 0x80047308u
#define CHAN_SIOCGPGRP 0x40047309u
#define CHAN_WNOHANG 1
#define CHAN_O_WRONLY 0x0001
#define CHAN_O_RDWR 0x0002
#define CHAN_O_NONBLOCK 0x0004
#define CHAN_O_APPEND 0x0008
#define CHAN_O_CREAT 0x0200
#define CHAN_O_TRUNC 0x0400
#define CHAN_O_EXCL 0x0800

#endif
