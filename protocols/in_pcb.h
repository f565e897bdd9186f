/* protocols/in_pcb.h: internet protocol control blocks, the addresses of
 * a UDP, TCP or raw socket: (local address, local port, foreign address,
 * foreign port). Binding and connecting follow 4.4BSD in_pcbbind and
 * in_pcbconnect, which is what primer section 5.4 describes: INADDR_ANY
 * is a wildcard; ports below 1024 need root (EACCES); an ephemeral port is
 * the next free one in 1024..5000; SO_REUSEADDR lets a local address be
 * reused while every association stays unique (EADDRINUSE); only our own
 * addresses may be bound (EADDRNOTAVAIL); connect picks the source
 * address of the outgoing interface. The socket layer is not known here:
 * the owner is an opaque pointer and the flags it matters for are
 * arguments. Connected blocks are also hashed on (foreign address,
 * foreign port, local port), as later BSDs do, so a segment finds its
 * connection in O(1); wildcard matches still scan the list. Read: 4.4BSD
 * netinet/in_pcb.c. */
#ifndef IPCSIM_IN_PCB_H
#define IPCSIM_IN_PCB_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>
#include "in.h"
#include "protosw.h"

struct host;
struct so_addr;

#define IPPORT_RESERVED     1024    /* below: root only */
#define IPPORT_USERRESERVED 5000    /* ephemeral ports stay below */

/* All the control blocks of one protocol on one host. */
struct inpcbhead {
  GList *list;                /* struct inpcb *, newest first */
  uint16_t lastport;          /* last ephemeral port handed out */
  struct inpcb **hash;        /* connected blocks (faddr set), chains
                                 newest first; NULL when none */
  guint hmask;                /* buckets - 1 */
  guint hcount;               /* blocks in hash */
  uint64_t serial;            /* allocations so far: list order */
};

struct inpcb {
  struct inpcbhead *head;     /* the list it is on */
  GList *link;                /* its node in head->list: O(1) detach */
  struct inpcb *hnext;        /* next in its hash chain */
  uint64_t serial;            /* allocation number: newer is larger */
  bool hashed;                /* on head->hash */
  struct host *host;          /* owner host */
  void *owner;                /* the socket (opaque here) */
  in_addr32 laddr;            /* local address, or IN_ADDR_ANY */
  uint16_t lport;             /* local port, 0 = unbound */
  in_addr32 faddr;            /* foreign address, or IN_ADDR_ANY */
  uint16_t fport;             /* foreign port, 0 = not connected */
  uint8_t proto;              /* raw sockets: the protocol, 0 = all */
  uint8_t ttl;                /* IP_TTL for its datagrams, 0 = default */
  uint8_t tos;                /* IP_TOS for its datagrams */
  void *ppcb;                 /* the protocol's own block (TCP: struct
                                 tcpcb), or NULL (4.4BSD inp_ppcb) */
};

/* Lookup flag: also match wildcard entries (4.4BSD INPLOOKUP_WILDCARD). */
#define INPLOOKUP_WILDCARD 1

/* A new unbound block on head, owned by `owner`. */
struct inpcb *in_pcballoc(struct inpcbhead *head, struct host *h,
                          void *owner);

/* Takes the block off its list and frees it. */
void in_pcbdetach(struct inpcb *inp);

/* bind(): nam NULL means "any address, an ephemeral port" (the implicit
 * bind of a send or connect). reuseaddr is SO_REUSEADDR, priv whether the
 * socket's creator is root. Returns 0 or -EINVAL (bound already),
 * -EAFNOSUPPORT, -EADDRNOTAVAIL, -EACCES, -EADDRINUSE. */
int in_pcbbind(struct inpcb *inp, const struct so_addr *nam, bool reuseaddr,
               bool priv);

/* connect(): fixes the foreign address and port, binding the local side
 * first if needed (source address: the outgoing interface's; 4.4BSD
 * falls back to the first interface when there is no route, leaving the
 * send to fail). INADDR_ANY means the primary address and
 * INADDR_BROADCAST the primary interface's broadcast, as in 4.4BSD.
 * Returns 0 or -EAFNOSUPPORT, -EADDRNOTAVAIL (port 0, no address at
 * all), -EADDRINUSE (the association exists). */
int in_pcbconnect(struct inpcb *inp, const struct so_addr *nam);

/* Forgets the foreign address and port. */
void in_pcbdisconnect(struct inpcb *inp);

/* The block best matching (faddr, fport, laddr, lport): with
 * INPLOOKUP_WILDCARD the one with the fewest wildcards; without, only
 * exact matches. NULL if none. Ties go to the newest block. An exact
 * match of a connected block is found by hash; the rest by a scan. */
struct inpcb *in_pcblookup(struct inpcbhead *head, in_addr32 faddr,
                           uint16_t fport, in_addr32 laddr, uint16_t lport,
                           int flags);

/* The same answer by scanning the whole list, as 4.4BSD does (kept for
 * the tests, which check the hash against it). */
struct inpcb *in_pcblookup_linear(struct inpcbhead *head, in_addr32 faddr,
                                  uint16_t fport, in_addr32 laddr,
                                  uint16_t lport, int flags);

/* The hash of connected blocks (in_pcb_hash.c), for in_pcb.c: insert
 * once faddr, fport and lport are set, remove before they change; find
 * gives the newest block matching all four exactly (faddr not ANY). */
void in_pcbhash_insert(struct inpcb *inp);
void in_pcbhash_remove(struct inpcb *inp);
struct inpcb *in_pcbhash_find(const struct inpcbhead *head, in_addr32 faddr,
                              uint16_t fport, in_addr32 laddr,
                              uint16_t lport);

/* Calls notify(inp, err) for every block connected to dst (and to fport,
 * and from laddr/lport, where those are non-zero), err being the errno
 * cmd maps to; nothing when it maps to none. */
void in_pcbnotify(struct inpcbhead *head, enum prc_cmd cmd,
                  const struct prc_info *info,
                  void (*notify)(struct inpcb *inp, int err));

/* 4.4BSD inetctlerrmap: the negative errno a pr_ctlinput command means
 * for a socket (PRC_UNREACH_PORT: -ECONNREFUSED, ...), or 0. */
int in_ctlerrno(enum prc_cmd cmd);

/* The IP-level options of a control block (pr_ctloutput at level
 * IPPROTO_IP): IP_TTL (1..255; 0 restores the default) and IP_TOS
 * (0..255). set stores *val, else reads it. Returns 0, -EINVAL for a
 * value out of range, -ENOPROTOOPT for other options or levels. */
int in_pcbctloutput(struct inpcb *inp, bool set, int level, int optname,
                    int *val);

/* Fills nam with the local (getsockname) or foreign address. */
void in_setsockaddr(const struct inpcb *inp, struct so_addr *nam);
void in_setpeeraddr(const struct inpcb *inp, struct so_addr *nam);

#endif
