/* hosts/socketvar.h: the socket layer: struct socket and its two socket
 * buffers, the state changes protocols report (soisconnected, ...), the
 * buffer operations they use (sbappend*, sbdrop, ...), and the calls the
 * system-call layer (syscalls.h) makes (socreate, sosend, soreceive, ...).
 * Blocking is not done here: a call that must wait returns -EWOULDBLOCK
 * and names the wait channel in *wchan, and the caller (a Lua process, a
 * test) sleeps on it and calls again; *wchan NULL means the socket is
 * non-blocking and the error is final. Simplifications against 4.4BSD:
 * buffers count bytes only (no mbuf counts, sb_mbmax). Access rights
 * (SCM_RIGHTS, uipc_rights.h) sent over AF_UNIX sockets ride in a record
 * with the data they came with (sosend_rights, soreceive_rights), without
 * 4.4BSD's unp_gc.
 * Read: 4.4BSD sys/socketvar.h, kern/uipc_socket.c, kern/uipc_socket2.c. */
#ifndef IPCSIM_SOCKETVAR_H
#define IPCSIM_SOCKETVAR_H

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "protosw.h"
#include "socket.h"

struct host;
struct pbuf;
struct pbuf_owner;
struct so_rights;

/* One record of a socket buffer: a datagram (with its sender's address
 * for PR_ADDR protocols), or, for a stream, the whole byte stream. */
struct sb_record {
  GList link;                 /* in sockbuf.records (data: this record) */
  struct pbuf *head, *tail;   /* data, chained through pbuf->next */
  uint32_t len;               /* data bytes in the chain */
  bool has_addr;              /* from is set (PR_ADDR protocols) */
  struct so_addr from;        /* the sender's address */
  struct so_rights *rights;   /* access rights in flight (4.4BSD's
                               * MT_CONTROL mbuf of SCM_RIGHTS), or NULL;
                               * discarded when the record is dropped */
};

/* A socket buffer. Its own address is its wait channel (4.4BSD sleeps on
 * &sb->sb_cc): readers sleep on &so->so_rcv, writers on &so->so_snd. */
struct sockbuf {
  GQueue records;             /* struct sb_record *, oldest first, linked
                                 through their own `link` */
  struct sb_record *spare;    /* a freed record kept for the next one
                                 (no malloc per record), or NULL */
  uint32_t cc;                /* bytes held: data plus, as in 4.4BSD, the
                               * length of each sender address and of
                               * access rights (rights_len) */
  uint32_t hiwat;             /* high-water mark: capacity in bytes */
  uint32_t lowat;             /* low-water mark (select, sosend, recv) */
  int timeo;                  /* SO_SNDTIMEO/SO_RCVTIMEO in ticks of
                               * 1/SO_HZ s; 0: sleep without limit */
  const struct pbuf *hint;    /* sbcopy's cursor: a pbuf of the first
                               * record where the last copy ended, or NULL */
  uint32_t hint_off;          /* offset of hint's first byte in that record */
};

/* The first and last records of sb, NULL when it is empty; the count of
 * its records. Inline: the send and receive paths ask per segment. */
static inline struct sb_record *sb_first(const struct sockbuf *sb)
{
  return sb->records.head ? sb->records.head->data : NULL;
}

static inline struct sb_record *sb_last(const struct sockbuf *sb)
{
  return sb->records.tail ? sb->records.tail->data : NULL;
}

static inline unsigned sb_nrecords(const struct sockbuf *sb)
{
  return sb->records.length;
}

/* so_state bits, 4.4BSD's values. */
#define SS_NOFDREF         0x001 /* no descriptor refers to it */
#define SS_ISCONNECTED     0x002 /* connected to a peer */
#define SS_ISCONNECTING    0x004 /* connect in progress */
#define SS_ISDISCONNECTING 0x008 /* disconnect in progress */
#define SS_CANTSENDMORE    0x010 /* no more data may be sent */
#define SS_CANTRCVMORE     0x020 /* no more data will arrive (EOF) */
#define SS_RCVATMARK       0x040 /* reading is at the out-of-band mark */
#define SS_PRIV            0x080 /* created by root: reserved ports, raw
                                  * sockets, broadcast are allowed */
#define SS_NBIO            0x100 /* non-blocking (FIONBIO) */
#define SS_ASYNC           0x200 /* SIGIO on activity (FIOASYNC) */

struct socket {
  int so_type;                /* SOCK_STREAM, SOCK_DGRAM, SOCK_RAW */
  int so_options;             /* SO_* bits (SO_DEBUG..SO_OOBINLINE) */
  int so_state;               /* SS_* bits */
  int so_linger;              /* SO_LINGER time, seconds */
  void *so_pcb;               /* protocol control block, NULL when gone */
  const struct protosw *so_proto; /* its protocol */
  struct host *so_host;       /* the host it lives on */
  int so_error;               /* pending error, a negative errno; 0 none */
  int so_pgid;                /* SIGURG/SIGIO target: pid if > 0, process
                               * group -so_pgid if < 0, none if 0 */
  uint32_t so_oobmark;        /* bytes in so_rcv before the urgent mark */
  struct socket *so_head;     /* the listener whose queue holds it */
  GQueue so_q0;               /* listener: connections still completing */
  GQueue so_q;                /* listener: connections ready to accept */
  int so_q0len;               /* length of so_q0 */
  int so_qlen;                /* length of so_q */
  int so_qlimit;              /* listen() backlog, at most SOMAXCONN */
  int so_onq;                 /* 0, or 1/2 when queued on so_head's
                               * so_q0/so_q */
  struct sockbuf so_rcv;      /* receive buffer */
  struct sockbuf so_snd;      /* send buffer */
  char so_timeo;              /* its address is the channel connect,
                               * accept and a lingering close sleep on */
};

/* The channel select() sleeps on. Every socket wakeup on a host also
 * wakes it (4.4BSD's selwait collision channel, without the selinfo
 * bookkeeping): a selecting process then re-scans its descriptors. */
extern const char so_selwait;

/* ---- state changes, called by protocols (uipc_sockbuf.c) ---- */

/* A connect has started (SS_ISCONNECTING). */
void soisconnecting(struct socket *so);

/* The connection is up. A socket on a listener's incomplete queue moves to
 * the complete queue and the listener's accept() wakes; otherwise connect()
 * and the socket's readers and writers wake. */
void soisconnected(struct socket *so);

/* A disconnect has started: no more sends or receives; sleepers wake. */
void soisdisconnecting(struct socket *so);

/* Fully disconnected: SS_CANTSENDMORE | SS_CANTRCVMORE; sleepers wake. */
void soisdisconnected(struct socket *so);

/* A new socket for a connection arriving at listener head: same type,
 * protocol, options (less SO_ACCEPTCONN), buffer sizes, linger and pgid;
 * attached with pr_attach and queued on head's so_q0, or on so_q with
 * connstatus (e.g. SS_ISCONNECTED) added to its state when connstatus is
 * non-zero (then head's accept wakes). NULL when the queues hold more
 * than 3/2 of the backlog (4.4BSD's fudge: so_qlen + so_q0len >
 * 3 * so_qlimit / 2), or when pr_attach fails. */
struct socket *sonewconn(struct socket *head, int connstatus);

/* No more sends (SS_CANTSENDMORE); writers wake. */
void socantsendmore(struct socket *so);

/* No more data will arrive (SS_CANTRCVMORE, EOF after what is queued);
 * readers wake. */
void socantrcvmore(struct socket *so);

/* Wakes readers (and selectors) of so; writers, for sowwakeup. */
void sorwakeup(struct socket *so);
void sowwakeup(struct socket *so);

/* Urgent data arrived: signals so_pgid (SIGURG) and wakes selectors. */
void sohasoutofband(struct socket *so);

/* Frees so once it has neither a protocol control block nor a descriptor
 * (SS_NOFDREF), taking it off its listener's queue. Protocols that detach
 * later than close (TCP's TIME_WAIT) call it after clearing so_pcb. */
void sofree(struct socket *so);

/* ---- socket buffers (uipc_sockbuf.c) ---- */

/* Bytes that can still be added: hiwat - cc, negative when over. */
long sbspace(const struct sockbuf *sb);

/* Appends stream data m to the last record (takes m). */
void sbappend(struct sockbuf *sb, struct pbuf *m);

/* Appends m as a new record (takes m). */
void sbappendrecord(struct sockbuf *sb, struct pbuf *m);

/* Appends datagram m as a new record with its sender's address, counting
 * the address's length (so_addr_len) in cc as 4.4BSD does. False, leaving
 * m with the caller (who frees it and counts the drop), when the record
 * does not fit in sbspace(). */
bool sbappendaddr(struct sockbuf *sb, const struct so_addr *from,
                  struct pbuf *m);

/* sbappendaddr() carrying access rights (taken, also on failure, when
 * they are then discarded) in the new record, their length counted in cc
 * and in the space check: 4.4BSD's sbappendaddr with control. */
bool sbappendaddr_rights(struct sockbuf *sb, const struct so_addr *from,
                         struct pbuf *m, struct so_rights *rights);

/* Appends m as a new record carrying access rights (taken, their length
 * counted in cc): 4.4BSD's sbappendcontrol. Stream data sent later joins
 * this record, as in 4.4BSD's sbappend; a stream read stops at the
 * record's start (soreceive reads one record at most). */
void sbappendcontrol(struct sockbuf *sb, struct pbuf *m,
                     struct so_rights *rights);

/* Takes the first record's access rights off it (NULL when none), and
 * their length off cc: the receiver externalizes them (4.4BSD
 * soreceive's control handling). */
struct so_rights *sbtakerights(struct sockbuf *sb);

/* Drops len bytes from the front of the data (len <= cc; a stream's
 * acknowledged bytes), freeing emptied records. */
void sbdrop(struct sockbuf *sb, uint32_t len);

/* Drops the first record whole (a datagram read or truncated), discarding
 * access rights it still carries (4.4BSD unp_dispose). */
void sbdroprecord(struct sockbuf *sb);

/* Copies len bytes at offset off of the first record's data into dst
 * (TCP output reads its send buffer so). off + len <= that record's len.
 * Remembers where the copy ended (sb->hint), so the next copy further on
 * does not walk the chain from its head again. */
void sbcopy(struct sockbuf *sb, uint32_t off, uint32_t len, void *dst);

/* As sbcopy, but hands the bytes to fn piece by piece, in order, as they
 * lie in the buffer's pbufs (ctx passed on): a caller that copies and
 * does more (TCP: the checksum) touches each byte once. */
typedef void sb_piece_fn(void *ctx, const uint8_t *bytes, uint32_t n);
void sbwalk(struct sockbuf *sb, uint32_t off, uint32_t len,
            sb_piece_fn *fn, void *ctx);

/* Drops everything. */
void sbflush(struct sockbuf *sb);

/* Sets the capacity of sb, a buffer of so, to cc. False (-ENOBUFS to the
 * user) beyond 4.4BSD's limit, sb_max * MCLBYTES / (MSIZE + MCLBYTES):
 * sb_max is so's host's (struct host), 256 KB by default, giving 246723
 * bytes; so NULL takes the default. Clamps lowat to the new hiwat. */
bool sbreserve(struct sockbuf *sb, uint32_t cc, const struct socket *so);

/* Reserves both buffers (protocols call it from pr_attach): 0 or -ENOBUFS.
 * Sets default low-water marks: 1 for receiving, MCLBYTES (2048, at most
 * hiwat) for sending. */
int soreserve(struct socket *so, uint32_t sndcc, uint32_t rcvcc);

/* The length 4.4BSD gives the address in a socket buffer and to
 * getsockname: 16 for AF_INET and unnamed, 2 + strlen(path) for AF_UNIX. */
uint32_t so_addr_len(const struct so_addr *a);

/* ---- the socket calls (uipc_socket.c), for the system-call layer ---- */

/* socket(): a new socket on host h of (dom, type, proto), with SS_PRIV
 * when priv (the caller is root). 0 and *aso, or -EPROTONOSUPPORT /
 * -EPROTOTYPE (pf_findproto), or pr_attach's error (e.g. -EACCES for a
 * raw socket without SS_PRIV). The new socket has SS_NOFDREF clear: the
 * caller's descriptor owns it; soclose() gives it up. */
int socreate(struct host *h, bool priv, int dom, int type, int proto,
             struct socket **aso);

/* socreate() with the protocol given instead of looked up (tests drive
 * the socket layer with a fake protocol so). */
int socreate_pr(struct host *h, bool priv, const struct protosw *pr,
                int proto, struct socket **aso);

/* bind(): -EAFNOSUPPORT when nam's family is not the socket's domain,
 * else pr_bind's result. */
int sobind(struct socket *so, const struct so_addr *nam);

/* listen(): pr_listen, then SO_ACCEPTCONN and a backlog clamped to
 * 0..SOMAXCONN. */
int solisten(struct socket *so, int backlog);

/* accept(): -EINVAL unless listening; takes the first connection off
 * so_q into *aso (SS_NOFDREF cleared: the caller's new descriptor owns
 * it) and its peer's address into *nam. A pending so_error is returned
 * (and cleared) first; SS_CANTRCVMORE gives -ECONNABORTED. With nothing
 * queued: -EWOULDBLOCK, *wchan = &so->so_timeo (NULL if SS_NBIO). */
int soaccept(struct socket *so, struct socket **aso, struct so_addr *nam,
             const void **wchan);

/* connect(), first half: -EOPNOTSUPP on a listener; -EALREADY when a
 * non-blocking connect is in progress; -EISCONN when connected (or
 * connecting) and the protocol needs connections, else a datagram socket
 * is first disconnected (so connecting to AF_UNSPEC disconnects, then
 * fails with -EAFNOSUPPORT); then pr_connect. Returns -EINPROGRESS for a
 * non-blocking socket whose connect goes on, else 0 or the error; after 0
 * call soconnect_wait(). */
int soconnect(struct socket *so, const struct so_addr *nam);

/* connect(), second half: while SS_ISCONNECTING and no so_error returns
 * -EWOULDBLOCK with *wchan = &so->so_timeo; else returns so_error
 * (clearing it) or 0, and clears SS_ISCONNECTING. soconnect_abandon()
 * clears SS_ISCONNECTING when a signal ends the wait. */
int soconnect_wait(struct socket *so, const void **wchan);
void soconnect_abandon(struct socket *so);

/* socketpair(): joins two new sockets (both ways for datagrams). */
int soconnect2(struct socket *so1, struct socket *so2);

/* Disconnects: -ENOTCONN, -EALREADY, or pr_disconnect's result. */
int sodisconnect(struct socket *so);

/* send(), sendto(), write(): sends len bytes of data, to nam when non-NULL.
 * Checks in 4.4BSD's order: -EPIPE (SS_CANTSENDMORE; the system-call layer posts SIGPIPE),
 * so_error (left set), -ENOTCONN (PR_CONNREQUIRED) / -EDESTADDRREQ,
 * -EMSGSIZE (atomic and len > hiwat). Returns the bytes taken: all of
 * them, or for a stream as many as fit (handed to pr_send in mbuf-sized
 * pieces: 2048-byte clusters, or 100 bytes under 208, as 4.4BSD's sosend
 * builds them). When it takes nothing or less than len, *wchan is where to
 * sleep before sending the rest (&so->so_snd), or NULL when the socket is
 * non-blocking; having taken nothing it returns -EWOULDBLOCK. */
long sosend(struct socket *so, const struct so_addr *nam, const void *data,
            size_t len, int flags, const void **wchan);

/* sendmsg() with access rights: sosend() carrying *rights (NULL: none;
 * uipc_rights.h) with its first piece, as 4.4BSD's sosend hands control
 * to PRU_SEND with the first mbuf chain; their length (rights_len) counts
 * against the send space as 4.4BSD's clen does (-EMSGSIZE beyond hiwat).
 * Once handed to the protocol *rights is NULL; while not NULL (an error,
 * -EWOULDBLOCK before anything went) they are still the caller's.
 * -EINVAL for a protocol that carries none (no pr_send_rights: TCP and raw
 * IP give it in 4.4BSD, and Linux for UDP too; 4.4BSD's UDP discards
 * control silently). A stream may carry rights with no data. */
long sosend_rights(struct socket *so, const struct so_addr *nam,
                   const void *data, size_t len, int flags,
                   struct so_rights **rights, const void **wchan);

/* sosend_rights() of bytes that stay unchanged until lender is released
 * (struct pbuf_owner, pbuf.h; lender->bytes holds data[0..len)). A
 * stream protocol's pieces borrow them (pbuf_borrow, each piece holding
 * lender) instead of copying; a PR_ATOMIC protocol's datagram is copied
 * as by sosend. Piece sizes and the socket-buffer accounting are
 * sosend's. The caller keeps its own reference to lender and drops it
 * after the call; lender NULL is sosend_rights(). */
long sosend_lent(struct socket *so, const struct so_addr *nam,
                 const void *data, size_t len, int flags,
                 struct so_rights **rights, struct pbuf_owner *lender,
                 const void **wchan);

/* recv(), recvfrom(), read(): up to len bytes into buf. MSG_OOB reads the
 * urgent byte through pr_rcvoob (-EOPNOTSUPP without one); MSG_PEEK leaves
 * the data; a stream read stops at the out-of-band mark; a datagram is read
 * whole or truncated (the rest dropped, *outflags |= MSG_TRUNC). For PR_ADDR
 * protocols *from (may be NULL) gets the sender's address; from->family is
 * AF_UNSPEC otherwise. Returns the count (0 at end of file, or for len 0),
 * a pending so_error (cleared unless MSG_PEEK), -ENOTCONN, or -EWOULDBLOCK
 * with *wchan = &so->so_rcv (NULL if SS_NBIO). A stream read waits while
 * fewer than so_rcv.lowat bytes, or with MSG_WAITALL fewer than len (when
 * len <= hiwat), are queued; the caller loops for larger MSG_WAITALL. */
long soreceive(struct socket *so, void *buf, size_t len, int flags,
               struct so_addr *from, int *outflags, const void **wchan);

/* recvmsg(): soreceive() that also hands back the access rights of the
 * record it reads from, with the data they came with (4.4BSD's controlp).
 * A stream read never goes past a record, so rights are never merged
 * across reads. *rights (rights NULL: a plain read, which discards them,
 * as 4.4BSD with no controlp) gets at most room descriptors' worth; the
 * ones that do not fit are discarded (closed) and *outflags gets
 * MSG_CTRUNC, as Linux does. MSG_PEEK leaves them queued and hands back
 * none. The caller externalizes them (rights_externalize); having taken
 * rights, a read of no data returns 0 without waiting (4.4BSD). */
long soreceive_rights(struct socket *so, void *buf, size_t len, int flags,
                      struct so_addr *from, int *outflags,
                      struct so_rights **rights, unsigned room,
                      const void **wchan);

/* shutdown(): SHUT_RD (0) discards what is queued and further input,
 * SHUT_WR (1) calls pr_shutdown, SHUT_RDWR (2) both. Any other how acts
 * as 4.4BSD's bit test of how + 1 does (FREAD 1 flushes input, FWRITE 2
 * shuts output: 4 flushes, 5 and -2 do both, -1 and 6 nothing) and
 * returns 0. */
int soshutdown(struct socket *so, int how);

/* close() of the last descriptor: aborts unaccepted connections,
 * disconnects, detaches the protocol and frees the socket when the
 * protocol is done with it. Returns the disconnect's error, or 0.
 * The lingering wait, if any, comes first (soclose_linger). */
int soclose(struct socket *so);

/* The lingering part of close() (4.4BSD soclose with SO_LINGER), called
 * before the last descriptor of a socket goes: when SO_LINGER is on with
 * a non-zero time and the socket is connected, starts the disconnect
 * (once) and, while still connected, returns -EWOULDBLOCK with *wchan =
 * &so->so_timeo: the caller sleeps there for at most so_linger seconds
 * (each wakeup restarts the wait, as 4.4BSD's tsleep loop) and calls
 * again. 0 when the close may go on (not lingering, disconnected,
 * non-blocking, or the wait timed out: the caller stops calling). */
int soclose_linger(struct socket *so, const void **wchan);

/* setsockopt(): SOL_SOCKET options as 4.4BSD's sosetopt (SO_LINGER takes
 * linger seconds in val and on/off in onoff; SO_SNDTIMEO and SO_RCVTIMEO
 * a timeval, seconds in val and microseconds in onoff, -EDOM when it is
 * over SO_TIMEO_MAX ticks as 4.4BSD, or negative, or onoff is not
 * 0..999999; the others one integer), then
 * pr_ctloutput is told; other levels go to pr_ctloutput. -ENOPROTOOPT for
 * unknown and read-only options (SO_ERROR, SO_TYPE, SO_ACCEPTCONN), as
 * 4.4BSD; -ENOBUFS for buffer sizes beyond sbreserve's limit. */
int sosetopt(struct socket *so, int level, int optname, int val, int onoff);

/* How long a sleep on wchan (from sosend or soreceive of so) may last
 * (4.4BSD's sbwait: tsleep with sb_timeo): SO_SNDTIMEO for &so->so_snd,
 * SO_RCVTIMEO for &so->so_rcv, else 0 (no limit). When it passes, the call
 * ends with EWOULDBLOCK, or the count when part was moved. */
sim_time_t so_sleep_timeo(const struct socket *so, const void *wchan);

/* getsockopt(): *val (and *onoff for SO_LINGER and the SO_*TIMEO
 * microseconds, else 0). Flag options
 * give their bit (SO_REUSEADDR gives 4), as 4.4BSD does. SO_ERROR gives
 * so_error, a negative errno or 0, and clears it: the caller shows it as
 * the 4.4BSD number. -ENOPROTOOPT for unknown options (SO_ACCEPTCONN is
 * one in 4.4BSD). */
int sogetopt(struct socket *so, int level, int optname, int *val,
             int *onoff);

/* ioctl() on a socket: FIONBIO, FIOASYNC, FIONREAD (so_rcv.cc),
 * SIOCATMARK, SIOCSPGRP, SIOCGPGRP; *arg in and out. -EOPNOTSUPP else. */
int soioctl(struct socket *so, unsigned long cmd, int *arg);

/* getsockname(); getpeername() (-ENOTCONN unless connected). */
int sogetsockname(struct socket *so, struct so_addr *nam);
int sogetpeername(struct socket *so, struct so_addr *nam);

/* select()'s three conditions, as 4.4BSD's soo_select: readable (data at
 * the low-water mark, EOF, a connection to accept, or an error), writable
 * (space at the low-water mark and connected when required, can't send,
 * or an error), exceptional (an out-of-band mark pending). */
bool soreadable(const struct socket *so);
bool sowriteable(const struct socket *so);
bool soexcept(const struct socket *so);

#endif
