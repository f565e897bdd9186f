/* sim/engine/pbuf.h: packet buffers. Frames carry real bytes.
 *
 * Rules:
 *  - A pbuf is a view (offset, length) onto a reference-counted byte block.
 *    pbuf_share() makes a second view of the same block (a broadcast frame
 *    handed to several receivers): no bytes are copied.
 *  - Ownership moves with the pointer. A function that takes a pbuf owns it
 *    from then on and must free it or pass it on; the caller must not touch
 *    it afterwards. Functions that only look say so ("borrows").
 *  - Headers are added in front with pbuf_push() into the headroom and
 *    removed with pbuf_pull(); both only move the view, so they are safe on
 *    a shared block. Writing bytes is not: call pbuf_writable() first, which
 *    copies the block if another view shares it (copy on write).
 *  - pbuf_new() leaves PBUF_HEADROOM bytes in front for the headers below
 *    (link, IP, transport), so the layers never copy to prepend.
 *  - A pbuf may sit on one queue at a time, through its `next` field.
 *  - pbuf_free(NULL) is a no-op. Freeing the last view frees the block.
 *  - pbuf_new() and pbuf_from() make the view and its block in one
 *    allocation (a chunk): that memory goes when both the view and every
 *    view of the block are gone. */
#ifndef IPCSIM_PBUF_H
#define IPCSIM_PBUF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "sim_time.h"

#define PBUF_HEADROOM 128     /* enough for Ethernet + IP + TCP w/ options */

struct pbuf_block {
  uint32_t refs;              /* views pointing at this block */
  uint32_t cap;               /* bytes in data[] */
  uint32_t flags;             /* PBUF_BLK_* (pbuf.c) */
  uint8_t data[];             /* the bytes */
};

struct pbuf {
  struct pbuf_block *blk;     /* shared storage */
  uint32_t off;               /* first valid byte in blk->data */
  uint32_t len;               /* number of valid bytes */
  uint64_t id;                /* creator-chosen tag, kept by copies (trace) */
  sim_time_t stamp;           /* free for the current owner (e.g. enqueue time) */
  struct pbuf *next;          /* queue link, NULL when not queued */
  bool in_chunk;              /* allocated with a block (pbuf.c) */
};

/* New pbuf with len bytes (zeroed) and PBUF_HEADROOM bytes of headroom. */
struct pbuf *pbuf_new(uint32_t len);

/* New pbuf holding a copy of bytes[0..len), with the usual headroom. */
struct pbuf *pbuf_from(const void *bytes, uint32_t len);

/* Frees this view; the block goes when its last view goes. NULL is ok. */
void pbuf_free(struct pbuf *p);

/* A second view of the same bytes (refcount + 1). Borrows p. */
struct pbuf *pbuf_share(const struct pbuf *p);

/* A deep copy with its own block and the same headroom. Borrows p. */
struct pbuf *pbuf_copy(const struct pbuf *p);

/* Pointer to the first valid byte. Read-only unless pbuf_writable(). */
static inline uint8_t *pbuf_data(const struct pbuf *p)
{
  return p->blk->data + p->off;
}

/* Bytes free in front of / behind the data. */
static inline uint32_t pbuf_headroom(const struct pbuf *p) { return p->off; }
uint32_t pbuf_tailroom(const struct pbuf *p);

/* Makes p's bytes private to p (copies the block if shared) and returns
 * the data pointer, now writable. */
uint8_t *pbuf_writable(struct pbuf *p);

/* Grows the front by n bytes and returns the new start (writable: the block
 * is made private first). Reallocates if the headroom is short. */
uint8_t *pbuf_push(struct pbuf *p, uint32_t n);

/* Drops n bytes from the front (n <= len). Returns the new start. */
uint8_t *pbuf_pull(struct pbuf *p, uint32_t n);

/* Grows the back by n zeroed bytes and returns a pointer to them (writable;
 * reallocates if needed). Used for padding short frames. */
uint8_t *pbuf_put(struct pbuf *p, uint32_t n);

/* Shortens the data to len bytes (len <= p->len). */
void pbuf_trim(struct pbuf *p, uint32_t len);

#endif
