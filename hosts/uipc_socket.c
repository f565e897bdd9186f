/* hosts/uipc_socket.c: the socket calls, protocol-independent: creation,
 * bind, listen, accept, connect, send and receive over the socket buffers,
 * shutdown, close, options, ioctls and select's conditions (see
 * socketvar.h for each contract). The checks and their order are 4.4BSD's
 * kern/uipc_socket.c, kern/uipc_syscalls.c and kern/sys_socket.c. Nothing
 * here sleeps: where 4.4BSD calls sbwait() or tsleep() we return
 * -EWOULDBLOCK and the channel, and the caller comes back. Not here:
 * descriptors (syscalls.h), protocol state (protocols/). */
#include "socketvar.h"
#include "domain.h"
#include "host.h"
#include "record.h"
#include "pbuf.h"
#include "uipc_rights.h"

#include <errno.h>
#include <string.h>

/* 4.4BSD mbuf geometry, which decides how sosend cuts a stream. */
#define MLEN      108           /* data bytes in a plain mbuf */
#define MHLEN     100           /* data bytes in a packet-header mbuf */
#define MINCLSIZE (MHLEN + MLEN) /* from this size on, use a cluster */
#define MCLBYTES  2048          /* cluster size */
#define OOB_EXTRA 1024          /* sosend's extra space for MSG_OOB */

#define pr_flag(so, f) (((so)->so_proto->pr_flags & (f)) != 0)

/* ---- creation, naming, connection ------------------------------------ */

int socreate(struct host *h, bool priv, int dom, int type, int proto,
             struct socket **aso)
{
  int err = 0;
  const struct protosw *pr = pf_findproto(h, dom, type, proto, &err);
  if (!pr)
    return err;
  return socreate_pr(h, priv, pr, proto, aso);
}

int socreate_pr(struct host *h, bool priv, const struct protosw *pr,
                int proto, struct socket **aso)
{
  int err;
  struct socket *so = g_new0(struct socket, 1);
  if (SIM_RECORDING(h->sim))
    record_sock_new(h->sim->rec, so);
  so->so_type = pr->pr_type;
  so->so_state = priv ? SS_PRIV : 0;
  so->so_proto = pr;
  so->so_host = h;
  g_queue_init(&so->so_q0);
  g_queue_init(&so->so_q);
  err = pr->pr_attach(so, proto);
  if (err) {
    g_assert(so->so_pcb == NULL);
    so->so_state |= SS_NOFDREF;
    sofree(so);
    return err;
  }
  *aso = so;
  return 0;
}

int sobind(struct socket *so, const struct so_addr *nam)
{
  if (nam->family != so->so_proto->pr_domain)
    return -EAFNOSUPPORT;
  if (!so->so_proto->pr_bind)
    return -EOPNOTSUPP;
  return so->so_proto->pr_bind(so, nam);
}

int solisten(struct socket *so, int backlog)
{
  if (!so->so_proto->pr_listen)
    return -EOPNOTSUPP;
  int err = so->so_proto->pr_listen(so, backlog);
  if (err)
    return err;
  if (g_queue_is_empty(&so->so_q))
    so->so_options |= SO_ACCEPTCONN;
  so->so_qlimit = CLAMP(backlog, 0, SOMAXCONN);
  return 0;
}

int soaccept(struct socket *so, struct socket **aso, struct so_addr *nam,
             const void **wchan)
{
  *wchan = NULL;
  if (!(so->so_options & SO_ACCEPTCONN))
    return -EINVAL;
  if ((so->so_state & SS_NBIO) && so->so_qlen == 0)
    return -EWOULDBLOCK;
  if (so->so_qlen == 0 && so->so_error == 0) {
    if (!(so->so_state & SS_CANTRCVMORE)) {
      *wchan = &so->so_timeo;
      return -EWOULDBLOCK;
    }
    so->so_error = -ECONNABORTED;
  }
  if (so->so_error) {
    int err = so->so_error;
    so->so_error = 0;
    return err;
  }
  struct socket *a = g_queue_peek_head(&so->so_q);
  g_queue_pop_head(&so->so_q);
  so->so_qlen--;
  a->so_head = NULL;
  a->so_onq = 0;
  a->so_state &= ~SS_NOFDREF;
  memset(nam, 0, sizeof *nam);
  if (a->so_proto->pr_accept)
    (void)a->so_proto->pr_accept(a, nam);   /* 4.4BSD ignores its error */
  *aso = a;
  return 0;
}

int sodisconnect(struct socket *so)
{
  if (!(so->so_state & SS_ISCONNECTED))
    return -ENOTCONN;
  if (so->so_state & SS_ISDISCONNECTING)
    return -EALREADY;
  if (!so->so_proto->pr_disconnect)
    return -EOPNOTSUPP;
  return so->so_proto->pr_disconnect(so);
}

/* soconnect()'s checks and the protocol request. */
static int connect1(struct socket *so, const struct so_addr *nam)
{
  if (so->so_options & SO_ACCEPTCONN)
    return -EOPNOTSUPP;
  if ((so->so_state & (SS_ISCONNECTED | SS_ISCONNECTING)) &&
      (pr_flag(so, PR_CONNREQUIRED) || sodisconnect(so) != 0))
    return -EISCONN;
  if (nam->family != so->so_proto->pr_domain)
    return -EAFNOSUPPORT;
  if (!so->so_proto->pr_connect)
    return -EOPNOTSUPP;
  return so->so_proto->pr_connect(so, nam);
}

int soconnect(struct socket *so, const struct so_addr *nam)
{
  if ((so->so_state & SS_NBIO) && (so->so_state & SS_ISCONNECTING))
    return -EALREADY;
  int err = connect1(so, nam);
  if (err) {
    so->so_state &= ~SS_ISCONNECTING;
    return err;
  }
  if ((so->so_state & SS_NBIO) && (so->so_state & SS_ISCONNECTING))
    return -EINPROGRESS;
  return 0;
}

int soconnect_wait(struct socket *so, const void **wchan)
{
  *wchan = NULL;
  if ((so->so_state & SS_ISCONNECTING) && so->so_error == 0) {
    *wchan = &so->so_timeo;
    return -EWOULDBLOCK;
  }
  int err = so->so_error;
  so->so_error = 0;
  so->so_state &= ~SS_ISCONNECTING;
  return err;
}

void soconnect_abandon(struct socket *so)
{
  so->so_state &= ~SS_ISCONNECTING;
}

int soconnect2(struct socket *so1, struct socket *so2)
{
  if (!so1->so_proto->pr_connect2)
    return -EOPNOTSUPP;
  int err = so1->so_proto->pr_connect2(so1, so2);
  if (!err && so1->so_type == SOCK_DGRAM)
    err = so2->so_proto->pr_connect2(so2, so1);   /* asymmetric */
  return err;
}

/* ---- sending ---------------------------------------------------------- */

/* sosend's checks before each round, in 4.4BSD's order. */
static int send_check(struct socket *so, const struct so_addr *nam,
                      size_t len, uint32_t clen)
{
  if (so->so_state & SS_CANTSENDMORE)
    return -EPIPE;                /* the caller posts SIGPIPE (sendit) */
  if (so->so_error)
    return so->so_error;
  if (!(so->so_state & SS_ISCONNECTED)) {
    if (pr_flag(so, PR_CONNREQUIRED))
      return -ENOTCONN;
    if (!nam)
      return -EDESTADDRREQ;
  }
  if (nam && nam->family != so->so_proto->pr_domain)
    return -EAFNOSUPPORT;
  if ((pr_flag(so, PR_ATOMIC) && len > so->so_snd.hiwat) ||
      clen > so->so_snd.hiwat)
    return -EMSGSIZE;
  return 0;
}

/* The next piece of a stream send, as one mbuf (or cluster) of 4.4BSD's
 * sosend would hold; *cost is the space it uses up. */
static size_t piece(size_t resid, long space, long *cost)
{
  if (resid >= MINCLSIZE && space >= MCLBYTES) {
    *cost = MCLBYTES;
    return MIN(resid, (size_t)MCLBYTES);
  }
  size_t n = MIN(MIN(resid, (size_t)MHLEN), (size_t)space);
  *cost = (long)n;
  return n;
}

/* What one sosend call sends: the caller's arguments, fixed per call. */
struct send_args {
  const struct so_addr *nam;  /* destination, or NULL */
  int flags;                  /* MSG_* */
  struct so_rights **rights;  /* access rights to go with the first piece */
  struct pbuf_owner *lender;  /* the bytes' owner (sosend_lent), or NULL */
};

/* Piece data[0..n) as a pbuf: borrowed when its owner lends it and the
 * protocol is a stream's (4.4BSD's sosend makes M_EXT clusters only for
 * those too), else copied. */
static struct pbuf *piece_pbuf(struct socket *so, const struct send_args *a,
                               const uint8_t *data, size_t n)
{
  struct pbuf_pool *pp = so->so_host->sim->pbufs;
  if (a->lender && !pr_flag(so, PR_ATOMIC))
    return pbuf_borrow(pp, a->lender, data, (uint32_t)n);
  return pbuf_alloc_from(pp, data, (uint32_t)n);
}

/* Hands one piece to the protocol, with *a->rights when there are any
 * (they go, and *a->rights becomes NULL). */
static int send_piece(struct socket *so, const struct send_args *a,
                      const uint8_t *data, size_t n)
{
  const struct so_addr *nam = a->nam;
  int flags = a->flags;
  struct so_rights **rights = a->rights;
  bool dontroute = (flags & MSG_DONTROUTE) &&
                   !(so->so_options & SO_DONTROUTE) &&
                   pr_flag(so, PR_ATOMIC);
  if (!so->so_proto->pr_send)
    return -EOPNOTSUPP;
  struct pbuf *m = piece_pbuf(so, a, data, n);
  if (dontroute)
    so->so_options |= SO_DONTROUTE;
  struct so_rights *r = *rights;
  *rights = NULL;
  int err = r ? so->so_proto->pr_send_rights(so, flags, m, nam, r)
              : so->so_proto->pr_send(so, flags, m, nam);
  if (dontroute)
    so->so_options &= ~SO_DONTROUTE;
  return err;
}

long sosend(struct socket *so, const struct so_addr *nam, const void *data,
            size_t len, int flags, const void **wchan)
{
  struct so_rights *none = NULL;
  return sosend_rights(so, nam, data, len, flags, &none, wchan);
}

long sosend_rights(struct socket *so, const struct so_addr *nam,
                   const void *data, size_t len, int flags,
                   struct so_rights **rights, const void **wchan)
{
  return sosend_lent(so, nam, data, len, flags, rights, NULL, wchan);
}

long sosend_lent(struct socket *so, const struct so_addr *nam,
                 const void *data, size_t len, int flags,
                 struct so_rights **rights, struct pbuf_owner *lender,
                 const void **wchan)
{
  const struct send_args a = { nam, flags, rights, lender };
  bool atomic = pr_flag(so, PR_ATOMIC);
  const uint8_t *p = data;
  size_t taken = 0;
  *wchan = NULL;
  if (*rights && !so->so_proto->pr_send_rights)
    return -EINVAL;
  do {
    uint32_t clen = rights_len(*rights);
    int err = send_check(so, nam, len - taken, clen);
    if (err)
      return err;
    long space = sbspace(&so->so_snd) + ((flags & MSG_OOB) ? OOB_EXTRA : 0);
    size_t resid = len - taken;
    if (space < (long)(resid + clen) &&
        (atomic || space < (long)so->so_snd.lowat || space < (long)clen)) {
      if (!(so->so_state & SS_NBIO))
        *wchan = &so->so_snd;
      return taken > 0 ? (long)taken : -EWOULDBLOCK;
    }
    space -= clen;
    do {
      long cost = (long)resid;
      size_t n = atomic ? resid : piece(resid, space, &cost);
      space -= cost;
      err = send_piece(so, &a, p + taken, n);
      if (err)
        return err;
      taken += n;
      resid -= n;
    } while (resid > 0 && space > 0);
  } while (taken < len);
  return (long)taken;
}

/* ---- receiving -------------------------------------------------------- */

/* recv(MSG_OOB): the urgent byte, from the protocol. */
static long receive_oob(struct socket *so, uint8_t *buf, size_t len,
                        int flags)
{
  uint8_t c;
  if (!so->so_proto->pr_rcvoob)
    return -EOPNOTSUPP;
  int err = so->so_proto->pr_rcvoob(so, &c, flags & MSG_PEEK);
  if (err)
    return err;
  if (len == 0)
    return 0;
  buf[0] = c;
  return 1;
}

/* Whether soreceive must wait before taking anything (4.4BSD's test). */
static bool must_wait(const struct socket *so, size_t len, int flags)
{
  const struct sockbuf *sb = &so->so_rcv;
  if (!sb_first(sb))
    return true;
  return !(flags & MSG_DONTWAIT) && sb->cc < len &&
         (sb->cc < sb->lowat ||
          ((flags & MSG_WAITALL) && len <= sb->hiwat)) &&
         sb_nrecords(sb) == 1 &&
         !pr_flag(so, PR_ATOMIC);
}

/* What soreceive returns when it must wait: an error, EOF, or the channel.
 * 1 means "there is data after all: take it". */
static long wait_or_fail(struct socket *so, size_t len, int flags,
                         const void **wchan)
{
  bool data = sb_first(&so->so_rcv) != NULL;
  if (so->so_error) {
    if (data)
      return 1;
    int err = so->so_error;
    if (!(flags & MSG_PEEK))
      so->so_error = 0;
    return err;
  }
  if (so->so_state & SS_CANTRCVMORE)
    return data ? 1 : 0;
  if (!(so->so_state & (SS_ISCONNECTED | SS_ISCONNECTING)) &&
      pr_flag(so, PR_CONNREQUIRED))
    return -ENOTCONN;
  if (len == 0)
    return 0;
  if (!(so->so_state & SS_NBIO) && !(flags & MSG_DONTWAIT))
    *wchan = &so->so_rcv;
  return -EWOULDBLOCK;
}

/* Takes (or with MSG_PEEK copies) up to len bytes of the first record,
 * stopping at the out-of-band mark. Returns the count. */
static size_t take(struct socket *so, struct sb_record *r, uint8_t *buf,
                   size_t len, int flags, int *outflags)
{
  struct sockbuf *sb = &so->so_rcv;
  size_t n = MIN(len, (size_t)r->len);
  if (so->so_oobmark && n > so->so_oobmark)
    n = so->so_oobmark;
  if (n > 0) {
    so->so_state &= ~SS_RCVATMARK;
    sbcopy(sb, 0, (uint32_t)n, buf);
  }
  bool rest = r->len > n;
  if (pr_flag(so, PR_ATOMIC) && rest)
    *outflags |= MSG_TRUNC;
  if (flags & MSG_PEEK)
    return n;
  if (pr_flag(so, PR_ATOMIC) || !rest)
    sbdroprecord(sb);
  else
    sbdrop(sb, (uint32_t)n);
  if (so->so_oobmark) {
    so->so_oobmark -= (uint32_t)n;
    if (so->so_oobmark == 0)
      so->so_state |= SS_RCVATMARK;
  }
  return n;
}

long soreceive(struct socket *so, void *buf, size_t len, int flags,
               struct so_addr *from, int *outflags, const void **wchan)
{
  return soreceive_rights(so, buf, len, flags, from, outflags, NULL, 0,
                          wchan);
}

/* The first record's access rights, for a receive that is not a peek:
 * at most room of them to *rights (MSG_CTRUNC in *oflags for the rest,
 * closed), or all discarded for a plain read (rights NULL). True when
 * the caller got rights. */
static bool take_rights(struct socket *so, int flags, int *oflags,
                        struct so_rights **rights, unsigned room)
{
  if ((flags & MSG_PEEK) || !sb_first(&so->so_rcv)->rights)
    return false;
  struct so_rights *r = sbtakerights(&so->so_rcv);
  if (!rights) {
    rights_dispose(r);
    return false;
  }
  if (rights_truncate(&r, room))
    *oflags |= MSG_CTRUNC;
  *rights = r;
  return true;
}

long soreceive_rights(struct socket *so, void *buf, size_t len, int flags,
                      struct so_addr *from, int *outflags,
                      struct so_rights **rights, unsigned room,
                      const void **wchan)
{
  int oflags = 0;
  *wchan = NULL;
  if (outflags)
    *outflags = 0;
  if (rights)
    *rights = NULL;
  if (from)
    memset(from, 0, sizeof *from);
  if (flags & MSG_OOB)
    return receive_oob(so, buf, len, flags);
  for (;;) {
    if (must_wait(so, len, flags)) {
      long w = wait_or_fail(so, len, flags, wchan);
      if (w != 1)
        return w;
    }
    struct sb_record *r = sb_first(&so->so_rcv);
    bool addr = pr_flag(so, PR_ADDR);
    if (addr && from && r->has_addr)
      *from = r->from;
    bool peeked = (flags & MSG_PEEK) && r->rights;
    bool got = take_rights(so, flags, &oflags, rights, room);
    size_t n = take(so, r, buf, len, flags, &oflags);
    if (!(flags & MSG_PEEK) && pr_flag(so, PR_WANTRCVD) && so->so_pcb &&
        so->so_proto->pr_rcvd)
      so->so_proto->pr_rcvd(so, flags);
    if (n == 0 && len > 0 && !addr && !got && !peeked &&
        !(so->so_state & SS_CANTRCVMORE))
      continue;                   /* 4.4BSD's "goto restart" */
    if (outflags)
      *outflags = oflags;
    return (long)n;
  }
}

/* ---- shutdown and close ----------------------------------------------- */

/* Discards the receive buffer and further input (4.4BSD sorflush, which
 * also zeroes the buffer's marks). */
static void sorflush(struct socket *so)
{
  socantrcvmore(so);
  sbflush(&so->so_rcv);
  so->so_rcv.hiwat = 0;
  so->so_rcv.lowat = 0;
}

int soshutdown(struct socket *so, int how)
{
  /* 4.4BSD: how + 1 gives FREAD 1, FWRITE 2; unsigned, so INT_MAX + 1
   * wraps instead of overflowing. */
  unsigned flags = (unsigned)how + 1u;
  if (flags & 1)
    sorflush(so);
  if (flags & 2)
    return so->so_proto->pr_shutdown ? so->so_proto->pr_shutdown(so)
                                     : -EOPNOTSUPP;
  return 0;
}

/* Aborts every connection waiting on queue q of listener so. */
static void abort_queue(struct socket *so, GQueue *q)
{
  while (!g_queue_is_empty(q)) {
    guint before = g_queue_get_length(q);
    struct socket *a = g_queue_peek_head(q);
    g_assert(a->so_proto->pr_abort);
    a->so_proto->pr_abort(a);
    g_assert(g_queue_get_length(q) < before);  /* pr_abort must free it */
  }
}

int soclose_linger(struct socket *so, const void **wchan)
{
  *wchan = NULL;
  if (!(so->so_options & SO_LINGER) || so->so_linger <= 0 ||
      !(so->so_state & SS_ISCONNECTED))
    return 0;
  if (!(so->so_state & SS_ISDISCONNECTING)) {
    int err = sodisconnect(so);
    if (err)
      return err;
  }
  if (!(so->so_state & SS_ISCONNECTED) || (so->so_state & SS_NBIO))
    return 0;
  *wchan = &so->so_timeo;
  return -EWOULDBLOCK;
}

int soclose(struct socket *so)
{
  int err = 0;
  if (so->so_options & SO_ACCEPTCONN) {
    abort_queue(so, &so->so_q0);
    abort_queue(so, &so->so_q);
  }
  if (so->so_pcb && (so->so_state & SS_ISCONNECTED) &&
      !(so->so_state & SS_ISDISCONNECTING)) {
    err = sodisconnect(so);
  }
  if (so->so_pcb && so->so_proto->pr_detach)
    so->so_proto->pr_detach(so);
  g_assert(!(so->so_state & SS_NOFDREF));
  so->so_state |= SS_NOFDREF;
  sofree(so);
  return err;
}

/* ---- options and ioctls ----------------------------------------------- */

/* Options that are one SO_* bit. */
static bool bit_option(int optname)
{
  switch (optname) {
  case SO_DEBUG: case SO_KEEPALIVE: case SO_DONTROUTE:
  case SO_BROADCAST: case SO_REUSEADDR: case SO_OOBINLINE:
    return true;
  default:
    return false;
  }
}

/* SO_SNDTIMEO/SO_RCVTIMEO: sec, usec to ticks, truncated as 4.4BSD's
 * sosetopt (tv_sec * hz + tv_usec / tick; over SHRT_MAX is EDOM). */
static int set_timeo(struct sockbuf *sb, int sec, int usec)
{
  if (sec < 0 || usec < 0 || usec > 999999)
    return -EDOM;
  int64_t ticks = (int64_t)sec * SO_HZ + usec / SO_TICK_US;
  if (ticks > SO_TIMEO_MAX)
    return -EDOM;
  sb->timeo = (int)ticks;
  return 0;
}

sim_time_t so_sleep_timeo(const struct socket *so, const void *wchan)
{
  const struct sockbuf *sb = wchan == &so->so_snd ? &so->so_snd
                             : wchan == &so->so_rcv ? &so->so_rcv : NULL;
  return sb ? (sim_time_t)sb->timeo * (SIM_S / SO_HZ) : 0;
}

/* The SOL_SOCKET part of sosetopt. */
static int set_socket_option(struct socket *so, int optname, int val,
                             int onoff)
{
  if (optname == SO_LINGER) {
    so->so_linger = val;
    val = onoff;
    optname = SO_LINGER;
  }
  if (bit_option(optname) || optname == SO_LINGER) {
    if (val)
      so->so_options |= optname;
    else
      so->so_options &= ~optname;
    return 0;
  }
  switch (optname) {
  case SO_SNDBUF:
  case SO_RCVBUF:
    return sbreserve(optname == SO_SNDBUF ? &so->so_snd : &so->so_rcv,
                     (uint32_t)val, so) ? 0 : -ENOBUFS;
  case SO_SNDLOWAT:
    so->so_snd.lowat = (uint32_t)val;
    return 0;
  case SO_RCVLOWAT:
    so->so_rcv.lowat = (uint32_t)val;
    return 0;
  case SO_SNDTIMEO:
    return set_timeo(&so->so_snd, val, onoff);
  case SO_RCVTIMEO:
    return set_timeo(&so->so_rcv, val, onoff);
  default:
    return -ENOPROTOOPT;
  }
}

int sosetopt(struct socket *so, int level, int optname, int val, int onoff)
{
  int (*ctl)(struct socket *, bool, int, int, int *) =
    so->so_proto->pr_ctloutput;
  if (level != SOL_SOCKET)
    return ctl ? ctl(so, true, level, optname, &val) : -ENOPROTOOPT;
  int err = set_socket_option(so, optname, val, onoff);
  if (!err && ctl)
    (void)ctl(so, true, level, optname, &val);   /* told, as in 4.4BSD */
  return err;
}

int sogetopt(struct socket *so, int level, int optname, int *val,
             int *onoff)
{
  *val = *onoff = 0;
  if (level != SOL_SOCKET)
    return so->so_proto->pr_ctloutput
             ? so->so_proto->pr_ctloutput(so, false, level, optname, val)
             : -ENOPROTOOPT;
  if (bit_option(optname)) {
    *val = so->so_options & optname;      /* the bit, as 4.4BSD returns */
    return 0;
  }
  switch (optname) {
  case SO_LINGER:
    *onoff = so->so_options & SO_LINGER;
    *val = so->so_linger;
    return 0;
  case SO_TYPE:     *val = so->so_type; return 0;
  case SO_ERROR:    *val = so->so_error; so->so_error = 0; return 0;
  case SO_SNDBUF:   *val = (int)so->so_snd.hiwat; return 0;
  case SO_RCVBUF:   *val = (int)so->so_rcv.hiwat; return 0;
  case SO_SNDLOWAT: *val = (int)so->so_snd.lowat; return 0;
  case SO_RCVLOWAT: *val = (int)so->so_rcv.lowat; return 0;
  case SO_SNDTIMEO:
  case SO_RCVTIMEO: {
    int t = optname == SO_SNDTIMEO ? so->so_snd.timeo : so->so_rcv.timeo;
    *val = t / SO_HZ;
    *onoff = (t % SO_HZ) * SO_TICK_US;
    return 0;
  }
  default:
    return -ENOPROTOOPT;
  }
}

/* Sets or clears state bit f by *arg. */
static void set_state(struct socket *so, int f, const int *arg)
{
  if (*arg)
    so->so_state |= f;
  else
    so->so_state &= ~f;
}

int soioctl(struct socket *so, unsigned long cmd, int *arg)
{
  switch (cmd) {
  case FIONBIO:    set_state(so, SS_NBIO, arg); return 0;
  case FIOASYNC:   set_state(so, SS_ASYNC, arg); return 0;
  case FIONREAD:   *arg = (int)so->so_rcv.cc; return 0;
  case SIOCSPGRP:  so->so_pgid = *arg; return 0;
  case SIOCGPGRP:  *arg = so->so_pgid; return 0;
  case SIOCATMARK: *arg = (so->so_state & SS_RCVATMARK) != 0; return 0;
  default:
    /* 4.4BSD passes group 'i' to ifioctl, 'r' to rtioctl and the rest
     * to the protocol (PRU_CONTROL, in_control for AF_INET); none of
     * those requests is simulated. */
    return -EOPNOTSUPP;
  }
}

int sogetsockname(struct socket *so, struct so_addr *nam)
{
  memset(nam, 0, sizeof *nam);
  if (!so->so_proto->pr_sockaddr)
    return -EOPNOTSUPP;
  return so->so_proto->pr_sockaddr(so, nam);
}

int sogetpeername(struct socket *so, struct so_addr *nam)
{
  memset(nam, 0, sizeof *nam);
  if (!(so->so_state & SS_ISCONNECTED))
    return -ENOTCONN;
  if (!so->so_proto->pr_peeraddr)
    return -EOPNOTSUPP;
  return so->so_proto->pr_peeraddr(so, nam);
}

/* ---- select ----------------------------------------------------------- */

bool soreadable(const struct socket *so)
{
  return so->so_rcv.cc >= so->so_rcv.lowat ||
         (so->so_state & SS_CANTRCVMORE) || so->so_qlen || so->so_error;
}

bool sowriteable(const struct socket *so)
{
  return (sbspace(&so->so_snd) >= (long)so->so_snd.lowat &&
          ((so->so_state & SS_ISCONNECTED) ||
           !pr_flag(so, PR_CONNREQUIRED))) ||
         (so->so_state & SS_CANTSENDMORE) || so->so_error;
}

bool soexcept(const struct socket *so)
{
  return so->so_oobmark || (so->so_state & SS_RCVATMARK);
}
