/* hosts/socket.h: the socket layer's constants, with 4.4BSD's values
 * (sys/socket.h, netinet/in.h, sys/ioctl.h, sys/filio.h, sys/sockio.h),
 * and struct so_addr, the one socket-address type the simulator passes
 * around (sockaddr_in and sockaddr_un in one). The names are the primer's,
 * so code reads like the primer; the values are what a 4.4BSD program
 * sees, which is what the Lua face exposes. Never include the machine's
 * <sys/socket.h> or <netinet/in.h> beside this file: they define the same
 * names with Linux values. Read: primer sections 2 and 5, 4.4BSD
 * sys/socket.h. */
#ifndef IPCSIM_SOCKET_H
#define IPCSIM_SOCKET_H

#include <stdint.h>
#include "in.h"

#if defined(_SYS_SOCKET_H) || defined(_NETINET_IN_H) || defined(_SYS_IOCTL_H)
#error "hosts/socket.h defines 4.4BSD values; do not mix with system headers"
#endif

/* Address and protocol families. */
#define AF_UNSPEC   0
#define AF_UNIX     1         /* local: names are paths in the host's fs */
#define AF_INET     2         /* internet: IPv4 address and port */
#define PF_UNSPEC   AF_UNSPEC
#define PF_UNIX     AF_UNIX
#define PF_INET     AF_INET

/* Socket types. */
#define SOCK_STREAM 1         /* reliable byte stream */
#define SOCK_DGRAM  2         /* datagrams, boundaries kept */
#define SOCK_RAW    3         /* raw protocol access (root) */

/* Protocols (netinet/in.h). */
#define IPPROTO_IP   0
#define IPPROTO_ICMP 1
#define IPPROTO_TCP  6
#define IPPROTO_UDP  17
#define IPPROTO_RAW  255

/* Socket-level options (level SOL_SOCKET). */
#define SOL_SOCKET    0xffff
#define SO_DEBUG      0x0001
#define SO_ACCEPTCONN 0x0002  /* read-only: listen() was called */
#define SO_REUSEADDR  0x0004
#define SO_KEEPALIVE  0x0008
#define SO_DONTROUTE  0x0010
#define SO_BROADCAST  0x0020
#define SO_LINGER     0x0080
#define SO_OOBINLINE  0x0100
#define SO_SNDBUF     0x1001
#define SO_RCVBUF     0x1002
#define SO_SNDLOWAT   0x1003
#define SO_RCVLOWAT   0x1004
#define SO_SNDTIMEO   0x1005  /* a struct timeval: sec in val, usec in onoff */
#define SO_RCVTIMEO   0x1006  /* the same */
#define SO_ERROR      0x1007  /* read-only; reading clears it */
#define SO_TYPE       0x1008  /* read-only */

/* IP-level (IPPROTO_IP) and TCP-level (IPPROTO_TCP) options. */
#define IP_OPTIONS    1
#define IP_HDRINCL    2
#define IP_TOS        3
#define IP_TTL        4
#define TCP_NODELAY   0x01
#define TCP_MAXSEG    0x02
#define TCP_NOOPT     0x08    /* FreeBSD's value; 4.4BSD-Lite has only
                                 the flag TF_NOOPT, no option */

/* send/recv flags. The primer's SOF_OOB, SOF_PREVIEW and SOF_DONTROUTE
 * are the same bits. */
#define MSG_OOB       0x1
#define MSG_PEEK      0x2
#define MSG_DONTROUTE 0x4
#define MSG_EOR       0x8
#define MSG_TRUNC     0x10
#define MSG_CTRUNC    0x20    /* access rights cut short (recvmsg) */
#define MSG_WAITALL   0x40
#define MSG_DONTWAIT  0x80    /* 4.4BSD-Lite: receive only (see soreceive) */

/* SO_SNDTIMEO and SO_RCVTIMEO count clock ticks, as 4.4BSD's sb_timeo:
 * hz 100, one tick 10000 us; at most SHRT_MAX ticks (EDOM above). */
#define SO_HZ         100
#define SO_TICK_US    10000
#define SO_TIMEO_MAX  32767

#define SOMAXCONN     5       /* listen() backlog limit */

/* shutdown(how) */
#define SHUT_RD   0
#define SHUT_WR   1
#define SHUT_RDWR 2

/* ioctl requests, encoded as 4.4BSD's _IOR/_IOW macros encode them. */
#define FIONREAD   0x4004667fu  /* _IOR('f', 127, int) */
#define FIONBIO    0x8004667eu  /* _IOW('f', 126, int) */
#define FIOASYNC   0x8004667du  /* _IOW('f', 125, int) */
#define SIOCATMARK 0x40047307u  /* _IOR('s', 7, int) */
#define SIOCSPGRP  0x80047308u  /* _IOW('s', 8, int) */
#define SIOCGPGRP  0x40047309u  /* _IOR('s', 9, int) */

#define SO_PATH_MAX 104       /* 4.4BSD sizeof(sun_path) */

/* A socket address: sockaddr_in when family is AF_INET, sockaddr_un when
 * AF_UNIX, nothing (unnamed) when AF_UNSPEC. Passed by pointer, borrowed. */
struct so_addr {
  int family;                 /* AF_UNSPEC, AF_INET or AF_UNIX */
  in_addr32 addr;             /* AF_INET: address, host order */
  uint16_t port;              /* AF_INET: port, host order */
  char path[SO_PATH_MAX];     /* AF_UNIX: NUL-terminated path */
};

#endif
