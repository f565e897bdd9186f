/* sim/pbuf.c: packet buffers (rules in pbuf.h). Blocks are plain g_malloc
 * allocations with a refcount in front; views are small structs. */
#include "pbuf.h"

#include <glib.h>
#include <string.h>

static struct pbuf_block *block_new(uint32_t cap)
{
  struct pbuf_block *b = g_malloc(sizeof *b + cap);
  b->refs = 1;
  b->cap = cap;
  return b;
}

static struct pbuf *view_new(struct pbuf_block *b, uint32_t off, uint32_t len)
{
  struct pbuf *p = g_new0(struct pbuf, 1);
  p->blk = b;
  p->off = off;
  p->len = len;
  return p;
}

struct pbuf *pbuf_new(uint32_t len)
{
  struct pbuf_block *b = block_new(PBUF_HEADROOM + len);
  memset(b->data + PBUF_HEADROOM, 0, len);
  return view_new(b, PBUF_HEADROOM, len);
}

struct pbuf *pbuf_from(const void *bytes, uint32_t len)
{
  struct pbuf_block *b = block_new(PBUF_HEADROOM + len);
  if (len)
    memcpy(b->data + PBUF_HEADROOM, bytes, len);
  return view_new(b, PBUF_HEADROOM, len);
}

void pbuf_free(struct pbuf *p)
{
  if (!p)
    return;
  g_assert(p->blk->refs > 0);
  if (--p->blk->refs == 0)
    g_free(p->blk);
  g_free(p);
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
  if (--p->blk->refs == 0)
    g_free(p->blk);
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
