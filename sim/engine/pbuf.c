/* sim/engine/pbuf.c: packet buffers (rules in pbuf.h). Blocks are g_malloc
 * allocations with a refcount in front; views are small structs. A new
 * pbuf's view and block share one allocation (struct chunk), which halves
 * the mallocs of the packet path; the chunk is freed when its view is
 * gone and its block has no views left, in either order. A pooled chunk
 * has one of three capacities (a pure ACK's, a full Ethernet frame's, a
 * socket's 2 KB cluster with headroom) and goes back to its class's free
 * list instead; larger ones are malloc'd. A borrowing chunk (pbuf_borrow)
 * has a block with no data area: its view points into the owner's bytes,
 * and after the block's header comes `struct lent` (the owner, and the
 * links of the owner's list of borrowers, walked by pbuf_owner_detach).
 * Its block has exactly one view, the chunk's own (pbuf_share makes a
 * second borrowing chunk), so detach finds every view through the list. */
#include "pbuf.h"
#include "pool.h"

#include <glib.h>
#include <string.h>

#define PBUF_BLK_IN_CHUNK 1u   /* the block lives in a chunk */
#define PBUF_BLK_VIEW_LIVE 2u  /* ... whose own view is not freed yet */
#define PBUF_BLK_CLASS1 4u     /* ... a pooled chunk of class 0 (+1) */
#define PBUF_BLK_CLASS2 8u     /* ... of class 1 (+1) */
#define PBUF_BLK_CLASSES (PBUF_BLK_CLASS1 | PBUF_BLK_CLASS2) /* both: 2 */
/* PBUF_BLK_LENT 16u (pbuf.h): ... a borrowing chunk (no data area) */
#define PBUF_CLASSES 3

/* A view and the block it was made with, in one allocation. */
struct chunk {
  struct pbuf view;           /* the first view (in_chunk) */
  struct pbuf_block blk;      /* its block; data[] runs on (GNU C) */
};

/* What follows a borrowing chunk's struct chunk. */
struct lent {
  struct pbuf_owner *owner;   /* whose bytes the view points into */
  struct lent *prev, *next;   /* the owner's borrowers */
};

#define LENT_CHUNK_SIZE (sizeof(struct chunk) + sizeof(struct lent))

/* Block capacities of the pooled chunk classes: headers of a pure ACK or
 * a small datagram; a 1500-byte datagram with full headroom; a socket
 * buffer's 2 KB piece (sosend's cluster) with headroom. */
static const uint32_t class_cap[PBUF_CLASSES] = {
  256, 1920 - sizeof(struct chunk), 2304 - sizeof(struct chunk),
};

struct pbuf_pool {
  struct pool chunks[PBUF_CLASSES]; /* free chunks per class */
  struct pool views;          /* free views (pbuf_share) */
  struct pool lent;           /* free borrowing chunks (pbuf_borrow) */
  uint64_t out;               /* chunks and views handed out, not back */
  bool closed;                /* pbuf_pool_close() was called */
};

struct pbuf_pool *pbuf_pool_new(void)
{
  struct pbuf_pool *pp = g_new0(struct pbuf_pool, 1);
  for (int i = 0; i < PBUF_CLASSES; i++)
    pool_init(&pp->chunks[i], sizeof(struct chunk) + class_cap[i]);
  pool_init(&pp->views, sizeof(struct pbuf));
  pool_init(&pp->lent, LENT_CHUNK_SIZE);
  return pp;
}

static void pool_drain_all(struct pbuf_pool *pp)
{
  for (int i = 0; i < PBUF_CLASSES; i++)
    pool_drain(&pp->chunks[i]);
  pool_drain(&pp->views);
  pool_drain(&pp->lent);
}

void pbuf_pool_close(struct pbuf_pool *pp)
{
  if (!pp)
    return;
  pool_drain_all(pp);
  pp->closed = true;
  if (pp->out == 0)
    g_free(pp);
}

uint64_t pbuf_pool_out(const struct pbuf_pool *pp)
{
  return pp->out;
}

uint64_t pbuf_pool_mallocs(const struct pbuf_pool *pp)
{
  uint64_t n = pp->views.mallocs + pp->lent.mallocs;
  for (int i = 0; i < PBUF_CLASSES; i++)
    n += pp->chunks[i].mallocs;
  return n;
}

/* Takes back obj, of pool pl (one of pp's). */
static void pool_return(struct pbuf_pool *pp, struct pool *pl, void *obj)
{
  pool_put(pl, obj);
  pp->out--;
  if (pp->closed) {
    pool_drain_all(pp);
    if (pp->out == 0)
      g_free(pp);
  }
}

/* Frees a whole chunk, to its pool or to malloc. */
static void chunk_release(struct chunk *c)
{
  unsigned cls = (c->blk.flags & PBUF_BLK_CLASSES) / PBUF_BLK_CLASS1;
  struct pbuf_pool *pp = c->view.pool;
  if (cls && pp)
    pool_return(pp, &pp->chunks[cls - 1], c);
  else if ((c->blk.flags & PBUF_BLK_LENT) && pp)
    pool_return(pp, &pp->lent, c);
  else
    g_free(c);
}

static struct chunk *chunk_of(struct pbuf_block *b)
{
  return (struct chunk *)((char *)b - offsetof(struct chunk, blk));
}

static struct lent *lent_of(struct chunk *c)
{
  return (struct lent *)((char *)c + sizeof(struct chunk));
}

/* Borrowing block b has no view left: off its owner's list, and the
 * owner loses b's reference. */
static void lent_end(struct pbuf_block *b)
{
  struct lent *l = lent_of(chunk_of(b));
  struct pbuf_owner *o = l->owner;
  if (l->prev)
    l->prev->next = l->next;
  else
    o->borrowers = l->next;
  if (l->next)
    l->next->prev = l->prev;
  if (o->refs > 1)            /* not the last: pbuf_owner_drop's case */
    o->refs--;
  else
    pbuf_owner_drop(o);
}

static struct pbuf_block *block_new(uint32_t cap)
{
  struct pbuf_block *b = g_malloc(sizeof *b + cap);
  b->refs = 1;
  b->cap = cap;
  b->flags = 0;
  return b;
}

/* Drops one view of b; frees b (or its chunk) with the last. */
static void block_unref(struct pbuf_block *b)
{
  g_assert(b->refs > 0);
  if (--b->refs > 0)
    return;
  if (b->flags & PBUF_BLK_LENT)
    lent_end(b);
  if (!(b->flags & PBUF_BLK_IN_CHUNK))
    g_free(b);
  else if (!(b->flags & PBUF_BLK_VIEW_LIVE))
    chunk_release(chunk_of(b));
}

/* Frees the view struct itself (its block reference already dropped). */
static void view_release(struct pbuf *p)
{
  if (!p->in_chunk) {
    if (p->pool)
      pool_return(p->pool, &p->pool->views, p);
    else
      g_free(p);
    return;
  }
  struct chunk *c = (struct chunk *)p;
  c->blk.flags &= ~PBUF_BLK_VIEW_LIVE;
  if (c->blk.refs == 0)
    chunk_release(c);
}

static struct pbuf *view_new(struct pbuf_pool *pp, struct pbuf_block *b,
                             uint8_t *data, uint32_t len)
{
  struct pbuf *p;
  if (pp && !pp->closed) {
    p = pool_get(&pp->views);
    pp->out++;
  } else {
    p = g_malloc(sizeof *p);
    pp = NULL;
  }
  *p = (struct pbuf){ .blk = b, .data = data, .len = len, .pool = pp };
  return p;
}

/* Fills in chunk c's view (of len bytes after PBUF_HEADROOM, not zeroed)
 * and its block of capacity cap, from pool pp in class cls + 1 (0: none). */
static struct pbuf *chunk_init(struct chunk *c, struct pbuf_pool *pp,
                               uint32_t len, uint32_t cap, unsigned cls)
{
  c->view = (struct pbuf){
    .blk = &c->blk, .data = c->blk.data + PBUF_HEADROOM, .len = len,
    .in_chunk = true,
    .pool = cls ? pp : NULL,
  };
  c->blk.refs = 1;
  c->blk.cap = cap;
  c->blk.flags = PBUF_BLK_IN_CHUNK | PBUF_BLK_VIEW_LIVE |
                 cls * PBUF_BLK_CLASS1;
  return &c->view;
}

/* chunk_new's other cases: an empty free list, a closed or no pool, a
 * chunk larger than every class. Kept apart so the common case calls
 * nothing. */
__attribute__((noinline))
static struct pbuf *chunk_new_slow(struct pbuf_pool *pp, uint32_t len)
{
  uint32_t cap = PBUF_HEADROOM + len;
  if (pp && !pp->closed)
    for (unsigned i = 0; i < PBUF_CLASSES; i++)
      if (cap <= class_cap[i]) {
        pp->out++;
        return chunk_init(pool_get(&pp->chunks[i]), pp, len, class_cap[i],
                          i + 1);
      }
  return chunk_init(g_malloc(sizeof(struct chunk) + cap), NULL, len, cap, 0);
}

/* A new chunk: a view of len bytes after PBUF_HEADROOM (not zeroed). The
 * common case: an open pool whose class for len has a free chunk. */
static struct pbuf *chunk_new(struct pbuf_pool *pp, uint32_t len)
{
  uint32_t cap = PBUF_HEADROOM + len;
  if (!pp || pp->closed || cap > class_cap[PBUF_CLASSES - 1])
    return chunk_new_slow(pp, len);
  unsigned i = cap <= class_cap[0] ? 0 : cap <= class_cap[1] ? 1 : 2;
  struct pool *pl = &pp->chunks[i];
  if (!pl->free)
    return chunk_new_slow(pp, len);
  pp->out++;
  return chunk_init(pool_get(pl), pp, len, class_cap[i], i + 1);
}

struct pbuf *pbuf_alloc(struct pbuf_pool *pp, uint32_t len)
{
  struct pbuf *p = chunk_new(pp, len);
  memset(pbuf_data(p), 0, len);
  return p;
}

struct pbuf *pbuf_alloc_raw(struct pbuf_pool *pp, uint32_t len)
{
  return chunk_new(pp, len);
}

struct pbuf *pbuf_alloc_from(struct pbuf_pool *pp, const void *bytes,
                             uint32_t len)
{
  struct pbuf *p = chunk_new(pp, len);
  if (len)
    memcpy(pbuf_data(p), bytes, len);
  return p;
}

struct pbuf *pbuf_new(uint32_t len)
{
  return pbuf_alloc(NULL, len);
}

struct pbuf *pbuf_from(const void *bytes, uint32_t len)
{
  return pbuf_alloc_from(NULL, bytes, len);
}

/* ---- borrowed bytes ---- */

void pbuf_owner_init(struct pbuf_owner *o, const void *bytes, size_t len,
                     void (*release)(struct pbuf_owner *o))
{
  g_return_if_fail(release != NULL);
  *o = (struct pbuf_owner){ .refs = 1, .release = release, .bytes = bytes,
                            .len = len };
}

void pbuf_owner_drop(struct pbuf_owner *o)
{
  g_assert(o->refs > 0);
  if (--o->refs > 0)
    return;
  g_assert(o->borrowers == NULL);
  g_free(o->copy);
  o->copy = NULL;
  o->release(o);
}

void pbuf_owner_detach(struct pbuf_owner *o)
{
  if (o->copy)
    return;
  o->copy = g_malloc(MAX(o->len, 1));
  memcpy(o->copy, o->bytes, o->len);
  for (struct lent *l = o->borrowers; l; l = l->next) {
    struct pbuf *v = (struct pbuf *)((char *)l - sizeof(struct chunk));
    v->data = o->copy + (v->data - o->bytes);
  }
  o->bytes = o->copy;
}

struct pbuf *pbuf_borrow(struct pbuf_pool *pp, struct pbuf_owner *o,
                         const void *bytes, uint32_t len)
{
  const uint8_t *b = bytes;
  g_assert(o->refs > 0 && b >= o->bytes && len <= o->len &&
           (size_t)(b - o->bytes) <= o->len - len);
  struct chunk *c;
  if (pp && !pp->closed) {
    c = pool_get(&pp->lent);
    pp->out++;
  } else {
    c = g_malloc(LENT_CHUNK_SIZE);
    pp = NULL;
  }
  c->view = (struct pbuf){
    .blk = &c->blk, .data = (uint8_t *)b, .len = len, .in_chunk = true,
    .pool = pp,
  };
  c->blk.refs = 1;
  c->blk.cap = 0;
  c->blk.flags = PBUF_BLK_IN_CHUNK | PBUF_BLK_VIEW_LIVE | PBUF_BLK_LENT;
  struct lent *l = lent_of(c);
  *l = (struct lent){ .owner = o, .next = o->borrowers };
  if (l->next)
    l->next->prev = l;
  o->borrowers = l;
  o->refs++;
  return &c->view;
}

/* The common case of pbuf_free: p is the only view of its own pooled
 * chunk's block, and the pool is open. Then the chunk goes straight onto
 * its class's free list. (A block with class bits lives in a chunk, so
 * its address less the view's size is that chunk's view: if that is p,
 * p is the chunk's own view.) */
static bool chunk_free_fast(struct pbuf *p)
{
  struct pbuf_block *b = p->blk;
  unsigned cls = (b->flags & PBUF_BLK_CLASSES) / PBUF_BLK_CLASS1;
  if (!cls || b->refs != 1 ||
      (uintptr_t)b - offsetof(struct chunk, blk) != (uintptr_t)p)
    return false;
  struct pbuf_pool *pp = p->pool;
  if (pp->closed)
    return false;
  pp->out--;
  pool_put(&pp->chunks[cls - 1], p);
  return true;
}

/* Frees borrowing piece p (a block with one view: p, its chunk's own):
 * off the owner's list, the owner's reference dropped, the chunk back. */
static void lent_free(struct pbuf *p)
{
  g_assert(p->blk->refs == 1);
  lent_end(p->blk);
  struct pbuf_pool *pp = p->pool;
  if (pp && !pp->closed) {    /* pool_return's open-pool case */
    pool_put(&pp->lent, p);
    pp->out--;
  } else if (pp)
    pool_return(pp, &pp->lent, p);
  else
    g_free(p);
}

/* pbuf_free's general case, apart so the common one saves no registers. */
__attribute__((noinline))
static void pbuf_free_slow(struct pbuf *p)
{
  if (p->blk->flags & PBUF_BLK_LENT) {
    lent_free(p);
    return;
  }
  block_unref(p->blk);
  view_release(p);
}

void pbuf_free(struct pbuf *p)
{
  if (!p || chunk_free_fast(p))
    return;
  if (p->blk->flags & PBUF_BLK_LENT)
    lent_free(p);             /* a socket buffer's piece: often */
  else
    pbuf_free_slow(p);
}

struct pbuf *pbuf_share(const struct pbuf *p)
{
  struct pbuf *q;
  if (p->blk->flags & PBUF_BLK_LENT) {
    q = pbuf_borrow(p->pool, lent_of(chunk_of(p->blk))->owner, p->data,
                    p->len);
  } else {
    q = view_new(p->pool, p->blk, p->data, p->len);
    p->blk->refs++;
  }
  q->id = p->id;
  q->stamp = p->stamp;
  q->csum_good = p->csum_good;
  return q;
}

/* Gives p a private block with at least `head` bytes in front and `tail`
 * behind its data, copying the bytes. */
static void rebuild(struct pbuf *p, uint32_t head, uint32_t tail)
{
  struct pbuf_block *b = block_new(head + p->len + tail);
  memcpy(b->data + head, pbuf_data(p), p->len);
  block_unref(p->blk);
  p->blk = b;
  p->data = b->data + head;
}

/* Whether p may write its block's bytes: the only view, not borrowed. */
static inline bool is_private(const struct pbuf *p)
{
  return p->blk->refs == 1 && !(p->blk->flags & PBUF_BLK_LENT);
}

/* The headroom a private copy of p gets: p's, or the usual for borrowed
 * bytes (which have none). */
static uint32_t copy_head(const struct pbuf *p)
{
  return p->blk->flags & PBUF_BLK_LENT ? PBUF_HEADROOM : pbuf_headroom(p);
}

struct pbuf *pbuf_copy(const struct pbuf *p)
{
  struct pbuf *q = pbuf_share(p);
  rebuild(q, copy_head(p), pbuf_tailroom(p));
  return q;
}

uint32_t pbuf_headroom(const struct pbuf *p)
{
  if (p->blk->flags & PBUF_BLK_LENT)
    return 0;
  return (uint32_t)(p->data - p->blk->data);
}

uint32_t pbuf_tailroom(const struct pbuf *p)
{
  if (p->blk->flags & PBUF_BLK_LENT)
    return 0;
  return (uint32_t)(p->blk->data + p->blk->cap - (p->data + p->len));
}

uint8_t *pbuf_writable_copy(struct pbuf *p)
{
  p->csum_good = false;
  if (!is_private(p))
    rebuild(p, copy_head(p), pbuf_tailroom(p));
  return pbuf_data(p);
}

/* pbuf_push's other cases: too little headroom, or bytes p may not
 * write (shared or borrowed): a private block with room for n. */
__attribute__((noinline))
static void push_slow(struct pbuf *p, uint32_t n)
{
  if (pbuf_headroom(p) < n)
    rebuild(p, n + PBUF_HEADROOM, pbuf_tailroom(p));
  else
    rebuild(p, copy_head(p), pbuf_tailroom(p));
}

uint8_t *pbuf_push(struct pbuf *p, uint32_t n)
{
  const struct pbuf_block *b = p->blk;
  /* For borrowed bytes the first test is meaningless, and the last one
   * decides. */
  if ((uintptr_t)p->data - (uintptr_t)b->data < n || b->refs != 1 ||
      (b->flags & PBUF_BLK_LENT))
    push_slow(p, n);
  p->data -= n;
  p->len += n;
  return pbuf_data(p);
}

uint8_t *pbuf_pull(struct pbuf *p, uint32_t n)
{
  g_return_val_if_fail(n <= p->len, pbuf_data(p));
  p->data += n;
  p->len -= n;
  return pbuf_data(p);
}

uint8_t *pbuf_put(struct pbuf *p, uint32_t n)
{
  if (!is_private(p) || pbuf_tailroom(p) < n)
    rebuild(p, copy_head(p), n);
  uint8_t *tail = pbuf_data(p) + p->len;
  memset(tail, 0, n);
  p->len += n;
  return tail;
}

void pbuf_trim(struct pbuf *p, uint32_t len)
{
  g_return_if_fail(len <= p->len);
  p->len = len;
}
