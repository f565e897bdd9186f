/* protocols/ip_frag.c: fragmentation on output and reassembly on input.
 * Output: a datagram longer than the interface MTU is cut into pieces of
 * (MTU - header) rounded down to 8 bytes; later pieces carry no options.
 * Input: fragments wait in a queue per (src, dst, id, protocol); on
 * overlap the data already held wins at the front and the new data wins
 * over what follows (4.4BSD ip_reass); a queue not completed within
 * IP_FRAG_TIMEOUT (30 s) is dropped, without an ICMP message, as 4.4BSD
 * does. At most IP_MAXNIPQ datagrams wait at once: a new one then pushes
 * out the oldest (4.4BSD was bounded only by its mbuf pool; FreeBSD's
 * maxfragpackets works this way). Read RFC 791 section 3.2 ("Fragmentation and Reassembly"), RFC
 * 815, 4.4BSD ip_reass/ip_slowtimo/ip_output. */
#include "host.h"
#include "ip_var.h"
#include "in_cksum.h"
#include "pbuf.h"
#include "wire.h"

#include <errno.h>
#include <string.h>

struct frag {
  uint32_t off;               /* first data byte, within the datagram */
  uint32_t len;               /* data bytes */
  struct pbuf *p;             /* the data only */
};

#define IP_MAXNIPQ 256          /* datagrams being reassembled, per host */

struct ipq {
  struct host *host;          /* owner */
  GList *link;                /* its place in inet->ipq */
  in_addr32 src, dst;         /* key */
  uint16_t id;                /* key */
  uint8_t proto;              /* key */
  GList *frags;               /* struct frag *, by offset, not overlapping */
  bool have_last;             /* the fragment without MF arrived */
  uint32_t total;             /* data length, known once have_last */
  uint8_t hdr[IP_HDR_MAX];    /* header of the first fragment */
  uint8_t hlen;               /* its length, 0 until it arrives */
  uint64_t timer;             /* the timeout event */
  uint32_t nfrags;            /* fragments held, for counting drops */
};

/* ---- output ---------------------------------------------------------- */

int ip_fragment(struct host *h, struct pbuf *p, uint32_t mtu,
                int (*out)(void *ctx, struct pbuf *frag), void *ctx)
{
  struct ip_hdr ip;
  int hlen = ipv4_parse(pbuf_data(p), p->len, &ip);
  g_return_val_if_fail(hlen > 0, -EINVAL);
  uint32_t data = ip.len - (uint32_t)hlen;
  if (mtu < (uint32_t)hlen + 8) {
    pbuf_free(p);
    return -EMSGSIZE;
  }
  int err = 0;
  uint32_t n;
  for (uint32_t off = 0; off < data && !err; off += n) {
    struct ip_hdr fh = ip;
    if (off > 0) {
      fh.hlen = IP_HDR_MIN;
      fh.opts = NULL;
    }
    n = MIN((mtu - fh.hlen) & ~7u, data - off);
    bool more = off + n < data || (ip.flags & IP_MF);
    fh.flags = (uint16_t)((ip.flags & IP_DF) | (more ? IP_MF : 0));
    fh.off = (uint16_t)(ip.off + off);
    fh.len = (uint16_t)(fh.hlen + n);
    struct pbuf *q = pbuf_from(pbuf_data(p) + hlen + off, n);
    ipv4_emit(&fh, pbuf_push(q, fh.hlen));
    h->inet->ipstat.ofragments++;
    err = out(ctx, q);
  }
  h->inet->ipstat.fragmented++;
  pbuf_free(p);
  return err;
}

/* ---- reassembly ------------------------------------------------------ */

static void frag_free(void *x)
{
  struct frag *f = x;
  pbuf_free(f->p);
  g_free(f);
}

/* A datagram's key is (src, dst, id, protocol). */
static guint key_hash(gconstpointer k)
{
  const struct ipq *q = k;
  uint32_t h = q->src * 2654435761u;
  h ^= q->dst + 0x9e3779b9u + (h << 6) + (h >> 2);
  h ^= ((uint32_t)q->id << 8 | q->proto) + 0x9e3779b9u + (h << 6) + (h >> 2);
  return h;
}

static gboolean key_equal(gconstpointer a, gconstpointer b)
{
  const struct ipq *x = a, *y = b;
  return x->src == y->src && x->dst == y->dst && x->id == y->id &&
         x->proto == y->proto;
}

static void ipq_free(struct ipq *q)
{
  struct inet *in = q->host->inet;
  sched_cancel(q->host->sim->sched, q->timer);
  g_list_free_full(q->frags, frag_free);
  g_queue_delete_link(&in->ipq, q->link);
  g_hash_table_remove(in->ipq_index, q);
  g_free(q);
}

static void ipq_timeout(void *a, void *b)
{
  struct ipq *q = a;
  q->timer = 0;
  q->host->inet->ipstat.fragtimeout += q->nfrags;
  SIM_TRACE(q->host->sim, q->host->name, "ip-reass-timeout id=%u frags=%u",
            q->id, q->nfrags);
  ipq_free(q);
}

/* The oldest datagram gives way to a new one: its fragments are dropped. */
static void ipq_drop_oldest(struct inet *in)
{
  struct ipq *old = g_queue_peek_head(&in->ipq);
  in->ipstat.fragdropped += old->nfrags;
  SIM_TRACE(old->host->sim, old->host->name,
            "ip-reass-full id=%u frags=%u", old->id, old->nfrags);
  ipq_free(old);
}

static struct ipq *ipq_find(struct host *h, const struct ip_hdr *ip)
{
  struct inet *in = h->inet;
  if (!in->ipq_index)
    in->ipq_index = g_hash_table_new(key_hash, key_equal);
  struct ipq probe = { .src = ip->src, .dst = ip->dst, .id = ip->id,
                       .proto = ip->proto };
  struct ipq *q = g_hash_table_lookup(in->ipq_index, &probe);
  if (q)
    return q;
  if (in->ipq.length >= IP_MAXNIPQ)
    ipq_drop_oldest(in);
  q = g_new0(struct ipq, 1);
  q->host = h;
  q->src = ip->src;
  q->dst = ip->dst;
  q->id = ip->id;
  q->proto = ip->proto;
  q->timer = sched_after(h->sim->sched, IP_FRAG_TIMEOUT, ipq_timeout, q,
                         NULL);
  g_queue_push_tail(&in->ipq, q);
  q->link = in->ipq.tail;
  g_hash_table_add(in->ipq_index, q);
  return q;
}

/* Trims f's front by n bytes (n < f->len). */
static void trim_front(struct frag *f, uint32_t n)
{
  pbuf_pull(f->p, n);
  f->off += n;
  f->len -= n;
}

/* Puts f into q, resolving overlaps. False if nothing new was in f. */
static bool insert(struct ipq *q, struct frag *f)
{
  GList *l = q->frags, *prev = NULL;
  while (l && ((struct frag *)l->data)->off < f->off)
    prev = l, l = l->next;
  if (prev) {                 /* what came before wins */
    struct frag *pf = prev->data;
    uint32_t end = pf->off + pf->len;
    if (end >= f->off + f->len)
      return false;
    if (end > f->off)
      trim_front(f, end - f->off);
  }
  while (l) {                 /* the new one wins over what follows */
    struct frag *nf = l->data;
    uint32_t end = f->off + f->len;
    if (nf->off >= end)
      break;
    GList *next = l->next;
    if (nf->off + nf->len <= end) {
      frag_free(nf);
      q->frags = g_list_delete_link(q->frags, l);
      q->nfrags--;
    } else
      trim_front(nf, end - nf->off);
    l = next;
  }
  q->frags = l ? g_list_insert_before(q->frags, l, f)
               : g_list_append(q->frags, f);
  q->nfrags++;
  return true;
}

/* The whole datagram if q is complete, else NULL. */
static struct pbuf *complete(struct ipq *q)
{
  if (!q->have_last || !q->hlen)
    return NULL;
  uint32_t next = 0;
  for (GList *l = q->frags; l; l = l->next) {
    struct frag *f = l->data;
    if (f->off != next)
      return NULL;
    next += f->len;
  }
  if (next != q->total)
    return NULL;
  struct pbuf *p = pbuf_new(q->hlen + q->total);
  uint8_t *d = pbuf_writable(p);
  memcpy(d, q->hdr, q->hlen);
  for (GList *l = q->frags; l; l = l->next) {
    struct frag *f = l->data;
    memcpy(d + q->hlen + f->off, pbuf_data(f->p), f->len);
  }
  wire_put16(d + 2, (uint16_t)(q->hlen + q->total));  /* total length */
  wire_put16(d + 6, wire_get16(d + 6) & IP_DF);       /* no MF, offset 0 */
  wire_put16(d + 10, 0);
  wire_put16(d + 10, in_cksum(d, q->hlen));
  return p;
}

struct pbuf *ip_reass(struct host *h, struct pbuf *p, const struct ip_hdr *ip)
{
  struct ipstat *st = &h->inet->ipstat;
  uint32_t len = ip->len - ip->hlen;
  if (ip->off + len + ip->hlen > IP_MAXPACKET ||
      ((ip->flags & IP_MF) && len % 8)) {
    st->fragdropped++;          /* past 64 KiB, or a middle piece not x8 */
    pbuf_free(p);
    return NULL;
  }
  struct ipq *q = ipq_find(h, ip);
  if (ip->off == 0) {
    q->hlen = ip->hlen;
    memcpy(q->hdr, pbuf_data(p), ip->hlen);
  }
  if (!(ip->flags & IP_MF)) {
    q->have_last = true;
    q->total = ip->off + len;
  }
  struct frag *f = g_new0(struct frag, 1);
  f->off = ip->off;
  f->len = len;
  f->p = p;
  pbuf_pull(p, ip->hlen);
  if (len == 0 || !insert(q, f)) {
    st->fragdropped++;
    frag_free(f);
    return NULL;
  }
  struct pbuf *whole = complete(q);
  if (whole) {
    st->reassembled++;
    ipq_free(q);
  }
  return whole;
}

void ip_reass_flush(struct host *h)
{
  struct inet *in = h->inet;
  while (in->ipq.length)
    ipq_free(g_queue_peek_head(&in->ipq));
  g_clear_pointer(&in->ipq_index, g_hash_table_destroy);
}
