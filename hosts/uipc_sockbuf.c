/* hosts/uipc_sockbuf.c: what protocols call on sockets (see socketvar.h):
 * connection state changes with their wakeups, listen queues (sonewconn),
 * and the socket buffers, queues of records of pbufs. This is 4.4BSD's
 * kern/uipc_socket2.c without mbuf accounting: a buffer counts bytes,
 * including, as 4.4BSD does, the length of each datagram's sender address
 * and of access rights in flight (uipc_rights.h's rights_len).
 * Not here: the calls users make (uipc_socket.c). */
#include "sig.h"
#include "socketvar.h"
#include "uipc_rights.h"
#include "host.h"
#include "pbuf.h"
#include "proc.h"
#include "record.h"

#include <errno.h>
#include <string.h>

#define MSIZE    128            /* 4.4BSD machine/param.h */
#define MCLBYTES 2048

const char so_selwait;

/* ---- wakeups and state ------------------------------------------------ */

static void wake(struct socket *so, const void *chan)
{
  proc_wakeup(so->so_host, chan);
  proc_wakeup(so->so_host, &so_selwait);
  if (so->so_state & SS_ASYNC)
    sig_owner(so->so_host, so->so_pgid, BSD_SIGIO);   /* 4.4BSD sowakeup */
}

void sorwakeup(struct socket *so)
{
  wake(so, &so->so_rcv);
}

void sowwakeup(struct socket *so)
{
  wake(so, &so->so_snd);
}

void sohasoutofband(struct socket *so)
{
  sig_owner(so->so_host, so->so_pgid, BSD_SIGURG);  /* 4.4BSD */
  proc_wakeup(so->so_host, &so_selwait);
}

void soisconnecting(struct socket *so)
{
  so->so_state &= ~(SS_ISCONNECTED | SS_ISDISCONNECTING);
  so->so_state |= SS_ISCONNECTING;
}

/* Takes so off its listener's queue q (1: so_q0, 2: so_q). */
static bool qremove(struct socket *so, int q)
{
  struct socket *head = so->so_head;
  if (!head || so->so_onq != q)
    return false;
  g_queue_remove(q == 1 ? &head->so_q0 : &head->so_q, so);
  if (q == 1)
    head->so_q0len--;
  else
    head->so_qlen--;
  so->so_onq = 0;
  so->so_head = NULL;
  return true;
}

static void qinsert(struct socket *head, struct socket *so, int q)
{
  so->so_head = head;
  so->so_onq = q;
  g_queue_push_tail(q == 1 ? &head->so_q0 : &head->so_q, so);
  if (q == 1)
    head->so_q0len++;
  else
    head->so_qlen++;
}

void soisconnected(struct socket *so)
{
  struct socket *head = so->so_head;
  so->so_state &= ~(SS_ISCONNECTING | SS_ISDISCONNECTING);
  so->so_state |= SS_ISCONNECTED;
  if (head && qremove(so, 1)) {
    qinsert(head, so, 2);
    sorwakeup(head);
    proc_wakeup(head->so_host, &head->so_timeo);
  } else {
    proc_wakeup(so->so_host, &so->so_timeo);
    sorwakeup(so);
    sowwakeup(so);
  }
}

/* The wakeups of both disconnect steps. */
static void wake_all(struct socket *so)
{
  proc_wakeup(so->so_host, &so->so_timeo);
  sowwakeup(so);
  sorwakeup(so);
}

void soisdisconnecting(struct socket *so)
{
  so->so_state &= ~SS_ISCONNECTING;
  so->so_state |= SS_ISDISCONNECTING | SS_CANTRCVMORE | SS_CANTSENDMORE;
  wake_all(so);
}

void soisdisconnected(struct socket *so)
{
  so->so_state &= ~(SS_ISCONNECTING | SS_ISCONNECTED | SS_ISDISCONNECTING);
  so->so_state |= SS_CANTRCVMORE | SS_CANTSENDMORE;
  wake_all(so);
}

void socantsendmore(struct socket *so)
{
  so->so_state |= SS_CANTSENDMORE;
  sowwakeup(so);
}

void socantrcvmore(struct socket *so)
{
  so->so_state |= SS_CANTRCVMORE;
  sorwakeup(so);
}

struct socket *sonewconn(struct socket *head, int connstatus)
{
  if (head->so_qlen + head->so_q0len > 3 * head->so_qlimit / 2)
    return NULL;
  struct socket *so = g_new0(struct socket, 1);
  if (SIM_RECORDING(head->so_host->sim))
    record_sock_new(head->so_host->sim->rec, so);
  so->so_type = head->so_type;
  so->so_options = head->so_options & ~SO_ACCEPTCONN;
  so->so_linger = head->so_linger;
  so->so_state = head->so_state | SS_NOFDREF;
  so->so_proto = head->so_proto;
  so->so_host = head->so_host;
  so->so_pgid = head->so_pgid;
  g_queue_init(&so->so_q0);
  g_queue_init(&so->so_q);
  (void)soreserve(so, head->so_snd.hiwat, head->so_rcv.hiwat);
  qinsert(head, so, connstatus ? 2 : 1);
  if (so->so_proto->pr_attach(so, 0) != 0) {
    qremove(so, connstatus ? 2 : 1);
    sbflush(&so->so_snd);
    sbflush(&so->so_rcv);
    g_free(so);
    return NULL;
  }
  if (connstatus) {
    sorwakeup(head);
    proc_wakeup(head->so_host, &head->so_timeo);
    so->so_state |= connstatus;
  }
  return so;
}

void sofree(struct socket *so)
{
  if (so->so_pcb || !(so->so_state & SS_NOFDREF))
    return;
  if (so->so_head && !qremove(so, 1) && !qremove(so, 2))
    g_assert_not_reached();
  sbflush(&so->so_snd);
  sbflush(&so->so_rcv);
  g_free(so);
}

/* ---- socket buffers --------------------------------------------------- */

uint32_t so_addr_len(const struct so_addr *a)
{
  if (a->family == AF_UNIX && a->path[0])
    return 2 + (uint32_t)strlen(a->path);
  return 16;                    /* sockaddr_in, or sizeof(struct sockaddr) */
}

long sbspace(const struct sockbuf *sb)
{
  return (long)sb->hiwat - (long)sb->cc;
}

/* Bytes in a chain of pbufs. */
static uint32_t chain_len(const struct pbuf *m)
{
  uint32_t n = 0;
  for (; m; m = m->next)
    n += m->len;
  return n;
}

static void chain_free(struct pbuf *m)
{
  while (m) {
    struct pbuf *next = m->next;
    m->next = NULL;
    pbuf_free(m);
    m = next;
  }
}

/* Adds chain m to the end of record r. */
static void record_add(struct sb_record *r, struct pbuf *m)
{
  if (!m)
    return;
  if (r->tail)
    r->tail->next = m;
  else
    r->head = m;
  while (m->next)
    m = m->next;
  r->tail = m;
}

/* GQueue's push_tail_link and pop_head_link, inline: a stream's receive
 * buffer takes and drops a record for nearly every segment. */
static inline void records_push(GQueue *q, GList *l)
{
  l->next = NULL;
  l->prev = q->tail;
  if (q->tail)
    q->tail->next = l;
  else
    q->head = l;
  q->tail = l;
  q->length++;
}

static inline GList *records_pop(GQueue *q)
{
  GList *l = q->head;
  if (!l)
    return NULL;
  q->head = l->next;
  if (q->head) {
    q->head->prev = NULL;
    l->next = NULL;
  } else
    q->tail = NULL;
  q->length--;
  return l;
}

static struct sb_record *record_new(struct sockbuf *sb, struct pbuf *m)
{
  struct sb_record *r = sb->spare ? sb->spare : g_new(struct sb_record, 1);
  sb->spare = NULL;
  /* Field by field: `from` (over 100 bytes) is set only with
   * has_addr, and read only then. */
  r->link.data = r;
  r->head = r->tail = NULL;
  r->len = 0;
  r->has_addr = false;
  r->rights = NULL;
  record_add(r, m);
  records_push(&sb->records, &r->link);
  return r;
}

void sbappend(struct sockbuf *sb, struct pbuf *m)
{
  if (!m)
    return;
  uint32_t n = chain_len(m);
  struct sb_record *r = sb_last(sb);
  if (!r)
    r = record_new(sb, NULL);
  record_add(r, m);
  r->len += n;
  sb->cc += n;
}

void sbappendrecord(struct sockbuf *sb, struct pbuf *m)
{
  uint32_t n = chain_len(m);
  struct sb_record *r = record_new(sb, m);
  r->len = n;
  sb->cc += n;
}

bool sbappendaddr(struct sockbuf *sb, const struct so_addr *from,
                  struct pbuf *m)
{
  uint32_t n = chain_len(m), alen = so_addr_len(from);
  if ((long)(n + alen) > sbspace(sb))
    return false;
  struct sb_record *r = record_new(sb, m);
  r->len = n;
  r->has_addr = true;
  r->from = *from;
  sb->cc += n + alen;
  return true;
}

bool sbappendaddr_rights(struct sockbuf *sb, const struct so_addr *from,
                         struct pbuf *m, struct so_rights *rights)
{
  uint32_t n = chain_len(m), alen = so_addr_len(from);
  uint32_t clen = rights_len(rights);
  if ((long)(n + alen + clen) > sbspace(sb)) {
    rights_dispose(rights);
    return false;
  }
  sbappendaddr(sb, from, m);
  sb_last(sb)->rights = rights;
  sb->cc += clen;
  return true;
}

void sbappendcontrol(struct sockbuf *sb, struct pbuf *m,
                     struct so_rights *rights)
{
  sbappendrecord(sb, m);
  sb_last(sb)->rights = rights;
  sb->cc += rights_len(rights);
}

struct so_rights *sbtakerights(struct sockbuf *sb)
{
  struct sb_record *r = sb_first(sb);
  struct so_rights *rights = r ? r->rights : NULL;
  if (r)
    r->rights = NULL;
  sb->cc -= rights_len(rights);
  return rights;
}

/* Frees r, returning the rights it carried for the caller to discard
 * once the buffer is consistent again (discarding may close a socket). */
static struct so_rights *record_free(struct sockbuf *sb, struct sb_record *r)
{
  struct so_rights *rights = r->rights;
  sb->cc -= r->len + (r->has_addr ? so_addr_len(&r->from) : 0) +
            rights_len(rights);
  chain_free(r->head);
  if (sb->spare)
    g_free(sb->spare);
  sb->spare = r;
  return rights;
}

void sbdroprecord(struct sockbuf *sb)
{
  sb->hint = NULL;
  GList *l = records_pop(&sb->records);
  if (l)
    rights_dispose(record_free(sb, l->data));
}

/* Drops up to len bytes from the front of record r; returns how many.
 * A pbuf wholly dropped is freed as read (its length and link, one look
 * each); the next one is prefetched first, so its cold header arrives
 * while this one is freed (an ACK frees several of sosend's pieces). */
static uint32_t record_drop(struct sockbuf *sb, struct sb_record *r,
                            uint32_t len)
{
  uint32_t done = 0;
  struct pbuf *m = r->head;
  while (m && done < len) {
    uint32_t n = m->len;
    if (n > len - done) {         /* the rest is in this one */
      pbuf_pull(m, len - done);
      done = len;
      break;
    }
    struct pbuf *next = m->next;
    if (next)
      __builtin_prefetch(next);
    done += n;
    m->next = NULL;
    if (sb->hint == m)
      sb->hint = NULL;
    pbuf_free(m);
    m = next;
  }
  r->head = m;
  if (!m)
    r->tail = NULL;
  sb->hint_off = sb->hint_off > done ? sb->hint_off - done : 0;
  r->len -= done;
  sb->cc -= done;
  return done;
}

void sbdrop(struct sockbuf *sb, uint32_t len)
{
  while (len > 0) {
    struct sb_record *r = sb_first(sb);
    g_assert(r);
    len -= record_drop(sb, r, len);
    if (r->len == 0)
      sbdroprecord(sb);
  }
}

/* The pbuf of sb's first record holding byte off of its data (starting
 * from sbcopy's cursor when that is not past off); *at gets the offset of
 * its first byte. */
static inline const struct pbuf *seek(const struct sockbuf *sb,
                                      uint32_t off, uint32_t *at)
{
  const struct sb_record *r = sb_first(sb);
  const struct pbuf *m = r->head;
  *at = 0;
  if (sb->hint && sb->hint_off <= off)
    m = sb->hint, *at = sb->hint_off;
  for (; *at + m->len <= off; m = m->next)
    *at += m->len;
  return m;
}

void sbcopy(struct sockbuf *sb, uint32_t off, uint32_t len, void *dst)
{
  const struct sb_record *r = sb_first(sb);
  g_assert(r && off + len <= r->len);
  if (len == 0)
    return;
  uint32_t at;                    /* offset of m's first byte */
  const struct pbuf *m = seek(sb, off, &at);
  uint8_t *out = dst;
  while (len > 0) {
    uint32_t n = MIN(m->len - (off - at), len);
    memcpy(out, pbuf_data(m) + (off - at), n);
    out += n, off += n, len -= n;
    if (len > 0)
      at += m->len, m = m->next;
  }
  sb->hint = m, sb->hint_off = at;
}

void sbwalk(struct sockbuf *sb, uint32_t off, uint32_t len,
            sb_piece_fn *fn, void *ctx)
{
  const struct sb_record *r = sb_first(sb);
  g_assert(r && off + len <= r->len);
  if (len == 0)
    return;
  uint32_t at;
  const struct pbuf *m = seek(sb, off, &at);
  while (len > 0) {
    uint32_t n = MIN(m->len - (off - at), len);
    fn(ctx, pbuf_data(m) + (off - at), n);
    off += n, len -= n;
    if (len > 0)
      at += m->len, m = m->next;
  }
  sb->hint = m, sb->hint_off = at;
}

void sbflush(struct sockbuf *sb)
{
  while (!g_queue_is_empty(&sb->records))
    sbdroprecord(sb);
  g_assert(sb->cc == 0);
  g_free(sb->spare);
  sb->spare = NULL;
}

bool sbreserve(struct sockbuf *sb, uint32_t cc, const struct socket *so)
{
  uint64_t sb_max = so ? so->so_host->sb_max : HOST_SB_MAX;
  if ((uint64_t)cc > sb_max * MCLBYTES / (MSIZE + MCLBYTES))
    return false;
  sb->hiwat = cc;
  if (sb->lowat > sb->hiwat)
    sb->lowat = sb->hiwat;
  return true;
}

int soreserve(struct socket *so, uint32_t sndcc, uint32_t rcvcc)
{
  if (!sbreserve(&so->so_snd, sndcc, so) ||
      !sbreserve(&so->so_rcv, rcvcc, so))
    return -ENOBUFS;
  if (so->so_rcv.lowat == 0)
    so->so_rcv.lowat = 1;
  if (so->so_snd.lowat == 0)
    so->so_snd.lowat = MCLBYTES;
  if (so->so_snd.lowat > so->so_snd.hiwat)
    so->so_snd.lowat = so->so_snd.hiwat;
  return 0;
}
