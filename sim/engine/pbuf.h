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
 *    view of the block are gone.
 *  - pbuf_alloc() and pbuf_alloc_from() take their chunk from a run's
 *    pbuf_pool (struct sim's `pbufs`), and pbuf_share() of a pooled pbuf
 *    its view: the packet path reuses memory instead of calling malloc.
 *    Freeing gives it back to that pool; a closed pool frees what comes
 *    back, and itself with the last. The bytes of a reused chunk are
 *    whatever the last user left (as with malloc): never read them before
 *    writing.
 *  - csum_good: the IP header and transport checksums of the datagram in
 *    these bytes are known to be right (set by the transport that computed
 *    them; see protocols/). pbuf_writable() clears it: whoever writes into
 *    the bytes sets it again only if it recomputed every checksum its
 *    write touched. Views made by pbuf_share() and pbuf_copy() keep it.
 *  - Borrowed bytes (4.4BSD's M_EXT clusters, read-only): pbuf_borrow()
 *    makes a pbuf that points at bytes it does not own, lent by a struct
 *    pbuf_owner whose maker promises they stay unchanged until the owner's
 *    release() is called. Such a pbuf has no headroom and no tailroom:
 *    pbuf_writable(), pbuf_push() and pbuf_put() copy the bytes into a
 *    private block first, and never write into borrowed ones. Its
 *    pbuf_share() is a second borrowing pbuf of the same bytes (a chunk of
 *    its own; still no copy). The pbufs of one lending (one write's
 *    pieces) share one owner; release() runs once, when the owner's
 *    maker has let go and the last borrowing block is gone. */
#ifndef IPCSIM_PBUF_H
#define IPCSIM_PBUF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "sim_time.h"

#define PBUF_HEADROOM 128     /* enough for Ethernet + IP + TCP w/ options */

struct pbuf_pool;

/* The lender of borrowed bytes (rules above). The maker fills it with
 * pbuf_owner_init(), holding one reference, lends it to any number of
 * pbuf_borrow() calls (each block takes one), then drops its own with
 * pbuf_owner_drop(). */
struct pbuf_owner {
  uint32_t refs;              /* the maker's hold + one per borrowing block */
  void (*release)(struct pbuf_owner *o); /* called once, at refs 0 */
  const uint8_t *bytes;       /* the bytes lent: bytes[0..len) (the private
                                 copy after pbuf_owner_detach) */
  size_t len;                 /* their count */
  uint8_t *copy;              /* the private copy, or NULL (pbuf.c frees it
                                 before release()) */
  void *borrowers;            /* blocks borrowing now (pbuf.c's list) */
};

struct pbuf_block {
  uint32_t refs;              /* views pointing at this block */
  uint32_t cap;               /* bytes in data[] */
  uint32_t flags;             /* PBUF_BLK_* (pbuf.c) */
  uint8_t data[];             /* the bytes */
};

struct pbuf {
  struct pbuf_block *blk;     /* shared storage */
  uint8_t *data;              /* first valid byte: in blk->data, or in the
                                 borrowed bytes (pbuf_borrow) */
  uint32_t len;               /* number of valid bytes */
  bool in_chunk;              /* allocated with a block (pbuf.c) */
  bool csum_good;             /* checksums known right (rules above) */
  uint64_t id;                /* creator-chosen tag, kept by copies (trace) */
  sim_time_t stamp;           /* free for the current owner (e.g. enqueue time) */
  struct pbuf *next;          /* queue link, NULL when not queued */
  struct pbuf_pool *pool;     /* where this view (and its chunk) came
                                 from, NULL: malloc */
};

/* A new, empty pool of pbufs for one run. */
struct pbuf_pool *pbuf_pool_new(void);

/* Ends the pool's use: frees its free lists now, and the pool itself when
 * the last pbuf still out comes back (at once if none is). NULL is ok. */
void pbuf_pool_close(struct pbuf_pool *pp);

/* Chunks and views of the pool handed out and not yet back (tests). */
uint64_t pbuf_pool_out(const struct pbuf_pool *pp);

/* Calls to malloc the pool made (tests: a warm run makes none). */
uint64_t pbuf_pool_mallocs(const struct pbuf_pool *pp);

/* As pbuf_new / pbuf_from, from pool pp (NULL: malloc, as those). */
struct pbuf *pbuf_alloc(struct pbuf_pool *pp, uint32_t len);
struct pbuf *pbuf_alloc_from(struct pbuf_pool *pp, const void *bytes,
                             uint32_t len);

/* As pbuf_alloc, the len bytes left as the chunk's last user left them:
 * for a caller that writes every one of them at once (a TCP segment). */
struct pbuf *pbuf_alloc_raw(struct pbuf_pool *pp, uint32_t len);

/* Makes o an owner of bytes[0..len) with one reference (the maker's);
 * release (not NULL) is called once when the last reference goes. */
void pbuf_owner_init(struct pbuf_owner *o, const void *bytes, size_t len,
                     void (*release)(struct pbuf_owner *o));

/* Drops a reference to o; at the last one frees o's private copy (if
 * any) and calls o->release(o). */
void pbuf_owner_drop(struct pbuf_owner *o);

/* The lender can no longer keep its promise (its bytes are about to go):
 * copies o's bytes once into private memory and points every pbuf that
 * borrows them there. Later pbuf_borrow() calls on o lend from the copy. */
void pbuf_owner_detach(struct pbuf_owner *o);

/* A pbuf of len bytes at `bytes`, which lie in o's bytes and are borrowed,
 * not copied (rules above); takes a reference to o. From pool pp (NULL:
 * malloc), in a small chunk with no data area. */
struct pbuf *pbuf_borrow(struct pbuf_pool *pp, struct pbuf_owner *o,
                         const void *bytes, uint32_t len);

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
  return p->data;
}

/* Bytes free in front of / behind the data (0 for borrowed bytes). */
uint32_t pbuf_headroom(const struct pbuf *p);
uint32_t pbuf_tailroom(const struct pbuf *p);

#define PBUF_BLK_LENT 16u      /* pbuf_block flags: a borrowing chunk (no
                                 data area; the other flags in pbuf.c) */

/* pbuf_writable when p's bytes are shared or borrowed: the copy. */
uint8_t *pbuf_writable_copy(struct pbuf *p);

/* Makes p's bytes private to p (copies the block if shared) and returns
 * the data pointer, now writable. Clears csum_good (rules above). */
static inline uint8_t *pbuf_writable(struct pbuf *p)
{
  p->csum_good = false;
  if (__builtin_expect(p->blk->refs == 1 &&
                       !(p->blk->flags & PBUF_BLK_LENT), 1))
    return p->data;
  return pbuf_writable_copy(p);
}

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
