/* sim/engine/pbuf.c: packet buffers (rules in pbuf.h). Blocks are g_malloc
 * allocations with a refcount in front; views are small structs. A new
 * pbuf's view and block share one allocation (struct chunk), which halves
 * the mallocs of the packet path; the chunk is freed when its view is
 * gone and its block has no views left, in either order. A pooled chunk
 * has one of three capacities (a pure ACK's, a full Ethernet frame's, a
 * socket's 2 KB cluster with headroom) and goes back to its class's free
 * list instead; larger ones are malloc'd. */
#include "pbuf.h"
#include "pool.h"

#include <glib.h>
#include <string.h>

#define PBUF_BLK_IN_CHUNK 1u   /* the block lives in a chunk */
#define PBUF_BLK_VIEW_LIVE 2u  /* ... whose own view is not freed yet */
#define PBUF_BLK_CLASS1 4u     /* ... a pooled chunk of class 0 (+1) */
#define PBUF_BLK_CLASS2 8u     /* ... of class 1 (+1) */
#define PBUF_BLK_CLASSES (PBUF_BLK_CLASS1 | PBUF_BLK_CLASS2) /* both: 2 */
#define PBUF_CLASSES 3

/* A view and the block it was made with, in one allocation. */
struct chunk {
  struct pbuf view;           /* the first view (in_chunk) */
  struct pbuf_block blk;      /* its block; data[] runs on (GNU C) */
};

/* Block capacities of the pooled chunk classes: headers of a pure ACK or
 * a small datagram; a 1500-byte datagram with full headroom; a socket
 * buffer's 2 KB piece (sosend's cluster) with headroom. */
static const uint32_t class_cap[PBUF_CLASSES] = {
  256, 1920 - sizeof(struct chunk), 2304 - sizeof(struct chunk),
};

struct pbuf_pool {
  struct pool chunks[PBUF_CLASSES]; /* free chunks per class */
  struct pool views;          /* free views (pbuf_share) */
  uint64_t out;               /* chunks and views handed out, not back */
  bool closed;                /* pbuf_pool_close() was called */
};

struct pbuf_pool *pbuf_pool_new(void)
{
  struct pbuf_pool *pp = g_new0(struct pbuf_pool, 1);
  for (int i = 0; i < PBUF_CLASSES; i++)
    pool_init(&pp->chunks[i], sizeof(struct chunk) + class_cap[i]);
  pool_init(&pp->views, sizeof(struct pbuf));
  return pp;
}

static void pool_drain_all(struct pbuf_pool *pp)
{
  for (int i = 0; i < PBUF_CLASSES; i++)
    pool_drain(&pp->chunks[i]);
  pool_drain(&pp->views);
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
  uint64_t n = pp->views.mallocs;
  for (int i = 0; i < PBUF_CLASSES; i++)
    n += pp->chunks[i].mallocs;
  return n;
}

/* Takes back obj (a chunk of class cls, or a view when cls is -1). */
static void pool_return(struct pbuf_pool *pp, void *obj, int cls)
{
  pool_put(cls < 0 ? &pp->views : &pp->chunks[cls], obj);
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
  if (cls && c->view.pool)
    pool_return(c->view.pool, c, (int)cls - 1);
  else
    g_free(c);
}

static struct chunk *chunk_of(struct pbuf_block *b)
{
  return (struct chunk *)((char *)b - offsetof(struct chunk, blk));
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
      pool_return(p->pool, p, -1);
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
                             uint32_t off, uint32_t len)
{
  struct pbuf *p;
  if (pp && !pp->closed) {
    p = pool_get(&pp->views);
    pp->out++;
  } else {
    p = g_malloc(sizeof *p);
    pp = NULL;
  }
  *p = (struct pbuf){ .blk = b, .off = off, .len = len, .pool = pp };
  return p;
}

/* Fills in chunk c's view (of len bytes after PBUF_HEADROOM, not zeroed)
 * and its block of capacity cap, from pool pp in class cls + 1 (0: none). */
static struct pbuf *chunk_init(struct chunk *c, struct pbuf_pool *pp,
                               uint32_t len, uint32_t cap, unsigned cls)
{
  c->view = (struct pbuf){
    .blk = &c->blk, .off = PBUF_HEADROOM, .len = len, .in_chunk = true,
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

/* pbuf_free's general case, apart so the common one saves no registers. */
__attribute__((noinline))
static void pbuf_free_slow(struct pbuf *p)
{
  block_unref(p->blk);
  view_release(p);
}

void pbuf_free(struct pbuf *p)
{
  if (p && !chunk_free_fast(p))
    pbuf_free_slow(p);
}

struct pbuf *pbuf_share(const struct pbuf *p)
{
  struct pbuf *q = view_new(p->pool, p->blk, p->off, p->len);
  p->blk->refs++;
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
  p->off = head;
}

struct pbuf *pbuf_copy(const struct pbuf *p)
{
  struct pbuf *q = pbuf_share(p);
  rebuild(q, p->off, pbuf_tailroom(p));
  return q;
}

uint32_t pbuf_tailroom(const struct pbuf *p)
{
  return p->blk->cap - p->off - p->len;
}

uint8_t *pbuf_writable(struct pbuf *p)
{
  p->csum_good = false;
  if (p->blk->refs > 1)
    rebuild(p, p->off, pbuf_tailroom(p));
  return pbuf_data(p);
}

uint8_t *pbuf_push(struct pbuf *p, uint32_t n)
{
  if (p->off < n)
    rebuild(p, n + PBUF_HEADROOM, pbuf_tailroom(p));
  else if (p->blk->refs > 1)
    rebuild(p, p->off, pbuf_tailroom(p));
  p->off -= n;
  p->len += n;
  return pbuf_data(p);
}

uint8_t *pbuf_pull(struct pbuf *p, uint32_t n)
{
  g_return_val_if_fail(n <= p->len, pbuf_data(p));
  p->off += n;
  p->len -= n;
  return pbuf_data(p);
}

uint8_t *pbuf_put(struct pbuf *p, uint32_t n)
{
  if (p->blk->refs > 1 || pbuf_tailroom(p) < n)
    rebuild(p, p->off, n);
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
