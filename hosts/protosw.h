/* hosts/protosw.h: the protocol switch, the seam between the socket
 * layer (hosts/socketvar.h, uipc_*.c) and the protocols; domain.h is the
 * other one, for hosts and interfaces. Each protocol a socket can use
 * (UDP, TCP, raw IP, AF_UNIX stream and datagram) has one const struct
 * protosw; protocols/in_proto.c lists them in their domains (domain.h),
 * where socket() looks them up. The user requests follow FreeBSD's
 * pr_usrreqs, one pointer per request, in place of 4.4BSD's single
 * pr_usrreq(PRU_*) switch. Division of labour (as in 4.4BSD): the socket
 * layer owns the buffers, the sleeping and waking, the errno returned to
 * the caller; a protocol moves data into and out of the buffers and sets
 * state with soisconnected(), so->so_error, ... Errors are negative
 * errnos. A NULL request means "not supported": the socket layer returns
 * -EOPNOTSUPP. Read: 4.4BSD sys/protosw.h, kern/uipc_socket.c. */
#ifndef IPCSIM_PROTOSW_H
#define IPCSIM_PROTOSW_H

#include <stdbool.h>
#include <stdint.h>
#include "in.h"

struct socket;
struct so_addr;
struct so_rights;
struct pbuf;
struct host;
struct netif;

/* pr_flags, 4.4BSD's meanings. */
#define PR_ATOMIC       0x01  /* each send is one record (datagram) */
#define PR_ADDR         0x02  /* records carry the sender's address */
#define PR_CONNREQUIRED 0x04  /* must connect before sending */
#define PR_WANTRCVD     0x08  /* call pr_rcvd after the reader takes data */

/* pr_ctlinput commands (4.4BSD PRC_*): what an ICMP error or an
 * interface event says happened to traffic toward an address. */
enum prc_cmd {
  PRC_QUENCH,                 /* source quench */
  PRC_MSGSIZE,                /* fragmentation needed, DF set */
  PRC_HOSTDEAD,               /* the host seems down (ARP gave up) */
  PRC_UNREACH_NET,            /* no route to the network */
  PRC_UNREACH_HOST,           /* no route to the host */
  PRC_UNREACH_PROTOCOL,       /* the peer does not speak the protocol */
  PRC_UNREACH_PORT,           /* nobody at the port */
  PRC_UNREACH_SRCFAIL,        /* source route failed */
  PRC_TIMXCEED_INTRANS,       /* TTL ran out on the way */
  PRC_TIMXCEED_REASS,         /* the peer's reassembly timed out */
  PRC_PARAMPROB,              /* a header was wrong (parameter problem) */
  PRC_NCMDS,                  /* number of commands */
};

/* What pr_ctlinput learns: who the failing datagram was for, and its
 * transport ports when the quoted bytes carry them (UDP, TCP). */
struct prc_info {
  in_addr32 src, dst;         /* the quoted datagram's source, destination */
  uint16_t sport, dport;      /* its transport ports, or 0 */
  uint8_t proto;              /* its protocol */
  uint32_t mtu;               /* next-hop MTU for PRC_MSGSIZE, else 0 */
};

struct protosw {
  int pr_type;                /* SOCK_STREAM, SOCK_DGRAM, SOCK_RAW */
  int pr_domain;              /* AF_UNIX, AF_INET */
  int pr_protocol;            /* IPPROTO_UDP, ...; 0 for AF_UNIX */
  int pr_flags;               /* PR_* */
  const char *pr_name;        /* "udp", for traces and errors */

  /* ---- user requests, called by the socket layer ---- */
  /* A new socket of this protocol: allocate the control block (so_pcb)
   * and reserve buffer space. proto is socket()'s third argument. */
  int (*pr_attach)(struct socket *so, int proto);
  /* The socket is going away (close): free the control block. */
  void (*pr_detach)(struct socket *so);
  /* bind(): nam is AF-checked by the socket layer. */
  int (*pr_bind)(struct socket *so, const struct so_addr *nam);
  /* listen(): the socket layer then sets SO_ACCEPTCONN. */
  int (*pr_listen)(struct socket *so, int backlog);
  /* connect(): may complete at once (datagrams) or start a handshake
   * (soisconnecting(), then soisconnected() later). */
  int (*pr_connect)(struct socket *so, const struct so_addr *nam);
  /* socketpair(): join two new sockets of this protocol. */
  int (*pr_connect2)(struct socket *so, struct socket *so2);
  /* accept(): the peer's address of a newly accepted socket. */
  int (*pr_accept)(struct socket *so, struct so_addr *nam);
  /* Break the association (datagram sockets: connect to AF_UNSPEC,
   * close). */
  int (*pr_disconnect)(struct socket *so);
  /* shutdown(SHUT_WR or SHUT_RDWR): no more sends. */
  int (*pr_shutdown)(struct socket *so);
  /* The reader took data out of so_rcv (PR_WANTRCVD only). */
  int (*pr_rcvd)(struct socket *so, int flags);
  /* Sends data m (takes it, in every outcome), to nam when non-NULL
   * (sendto), with MSG_OOB/MSG_DONTROUTE in flags. The socket layer has
   * already checked sizes against so_snd for PR_ATOMIC protocols. */
  int (*pr_send)(struct socket *so, int flags, struct pbuf *m,
                 const struct so_addr *nam);
  /* pr_send with access rights (uipc_rights.h), taken in every outcome
   * like m: 4.4BSD's PRU_SEND with control. NULL for protocols that carry
   * none (the socket layer then answers -EINVAL). AF_UNIX only. */
  int (*pr_send_rights)(struct socket *so, int flags, struct pbuf *m,
                        const struct so_addr *nam, struct so_rights *rights);
  /* recv(MSG_OOB): the urgent byte into *c; MSG_PEEK leaves it. */
  int (*pr_rcvoob)(struct socket *so, uint8_t *c, int flags);
  /* Abort (a listener closing with unaccepted connections). */
  void (*pr_abort)(struct socket *so);
  /* getsockname(), getpeername(). */
  int (*pr_sockaddr)(struct socket *so, struct so_addr *nam);
  int (*pr_peeraddr)(struct socket *so, struct so_addr *nam);
  /* setsockopt (set true) / getsockopt at a level other than SOL_SOCKET;
   * *val is the integer option value. */
  int (*pr_ctloutput)(struct socket *so, bool set, int level, int optname,
                      int *val);

  /* ---- protocol side, called by IP (AF_INET only) ---- */
  /* A datagram for this protocol arrived on ifp at host h. p starts at
   * the IP header (hlen bytes), which the protocol may pull. Takes p. */
  void (*pr_input)(struct host *h, struct pbuf *p, int hlen,
                   struct netif *ifp);
  /* An ICMP error (or ARP failure) concerning traffic toward info->dst. */
  void (*pr_ctlinput)(struct host *h, enum prc_cmd cmd,
                      const struct prc_info *info);
};

#endif
