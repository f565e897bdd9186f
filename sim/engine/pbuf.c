/* sim/engine/pbuf.c: packet buffers (rules in pbuf.h). Blocks are g_malloc
 * allocations with a refcount in front; views are small structs. A new
 * pbuf's view and block share one allocation (struct chunk), which halves
 * the mallocs of the packet path; the chunk is freed when its view is
 * gone and its block has no views left, in either order. */
#include "pbuf.h"

#include <glib.h>
#include <string.h>

#define PBUF_BLK_IN_CHUNK 1u   /* the block lives in a chunk */
#define PBUF_BLK_VIEW_LIVE 2u  /* ... whose own view is not freed yet */

/* A view and the block it was made with, in one allocation. */
struct chunk {
  struct pbuf view;           /* the first view (in_chunk) */
  struct pbuf_block blk;      /* its block; data[] runs on (GNU C) */
};

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
    g_free(chunk_of(b));
}

/* Frees the view struct itself (its block reference already dropped). */
static void view_release(struct pbuf *p)
{
  if (!p->in_chunk) {
    g_free(p);
    return;
  }
  struct chunk *c = (struct chunk *)p;
  c->blk.flags &= ~PBUF_BLK_VIEW_LIVE;
  if (c->blk.refs == 0)
    g_free(c);
}

static struct pbuf *view_new(struct pbuf_block *b, uint32_t off, uint32_t len)
{
  struct pbuf *p = g_new0(struct pbuf, 1);
  p->blk = b;
  p->off = off;
  p->len = len;
  return p;
}

/* A new chunk: a view of len bytes after PBUF_HEADROOM (not zeroed). */
static struct pbuf *chunk_new(uint32_t len)
{
  uint32_t cap = PBUF_HEADROOM + len;
  struct chunk *c = g_malloc(sizeof *c + cap);
  memset(&c->view, 0, sizeof c->view);
  c->view.blk = &c->blk;
  c->view.off = PBUF_HEADROOM;
  c->view.len = len;
  c->view.in_chunk = true;
  c->blk.refs = 1;
  c->blk.cap = cap;
  c->blk.flags = PBUF_BLK_IN_CHUNK | PBUF_BLK_VIEW_LIVE;
  return &c->view;
}

struct pbuf *pbuf_new(uint32_t len)
{
  struct pbuf *p = chunk_new(len);
  memset(pbuf_data(p), 0, len);
  return p;
}

struct pbuf *pbuf_from(const void *bytes, uint32_t len)
{
  struct pbuf *p = chunk_new(len);
  if (len)
    memcpy(pbuf_data(p), bytes, len);
  return p;
}

void pbuf_free(struct pbuf *p)
{
  if (!p)
    return;
  block_unref(p->blk);
  view_release(p);
}

struct pbuf *pbuf_share(const struct pbuf *p)
{
  struct pbuf *q = view_new(p->blk, p->off, p->len);
  p->blk->refs++;
  q->id = p->id;
  q->stamp = p->stamp;
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
