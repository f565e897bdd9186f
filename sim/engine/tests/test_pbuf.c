/* sim/engine/tests/test_pbuf.c: packet buffers (sim/engine/pbuf.h).
 * Lengths, headroom and bytes through push/pull/put/trim; reallocation
 * when the headroom or tailroom runs out; copy on write between shared
 * views; reference counts (run under ASan to catch leaks and double frees);
 * deep copies; id and stamp carried by share and copy; borrowed bytes
 * (copy on write, share, release once, detach, pool accounting). Looks
 * inside struct pbuf_block only to check refcounts. */
#include <string.h>

#include <glib.h>

#include "pbuf.h"
#include "pool.h"

static const uint8_t payload[] = "0123456789abcdef";   /* 17 bytes with NUL */

static void assert_bytes(const struct pbuf *p, const void *want, size_t n)
{
  g_assert_cmpmem(pbuf_data(p), p->len, want, n);
}

static void test_new(void)
{
  struct pbuf *p = pbuf_new(100);
  g_assert_cmpuint(p->len, ==, 100);
  g_assert_cmpuint(pbuf_headroom(p), ==, PBUF_HEADROOM);
  g_assert_cmpuint(pbuf_tailroom(p), ==, 0);
  g_assert_cmpuint(p->blk->refs, ==, 1);
  g_assert_null(p->next);
  for (uint32_t i = 0; i < p->len; i++)
    g_assert_cmpuint(pbuf_data(p)[i], ==, 0);
  pbuf_free(p);
  p = pbuf_new(0);
  g_assert_cmpuint(p->len, ==, 0);
  g_assert_cmpuint(pbuf_headroom(p), ==, PBUF_HEADROOM);
  pbuf_free(p);
  pbuf_free(NULL);
}

static void test_from(void)
{
  struct pbuf *p = pbuf_from(payload, sizeof payload);
  g_assert_cmpuint(p->len, ==, sizeof payload);
  g_assert_cmpuint(pbuf_headroom(p), ==, PBUF_HEADROOM);
  assert_bytes(p, payload, sizeof payload);
  pbuf_free(p);
  p = pbuf_from(NULL, 0);
  g_assert_cmpuint(p->len, ==, 0);
  pbuf_free(p);
}

static void test_push_pull(void)
{
  static const uint8_t hdr[14] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12,
                                   0x88, 0xb5 };
  struct pbuf *p = pbuf_from(payload, 16);
  uint8_t *old = pbuf_data(p);
  uint8_t *h = pbuf_push(p, sizeof hdr);
  g_assert_true(h == old - sizeof hdr);       /* no copy: headroom used */
  g_assert_true(h == pbuf_data(p));
  memcpy(h, hdr, sizeof hdr);
  g_assert_cmpuint(p->len, ==, 30);
  g_assert_cmpuint(pbuf_headroom(p), ==, PBUF_HEADROOM - 14);
  g_assert_cmpmem(pbuf_data(p), 14, hdr, 14);
  g_assert_cmpmem(pbuf_data(p) + 14, 16, payload, 16);
  g_assert_true(pbuf_pull(p, 14) == old);
  g_assert_cmpuint(p->len, ==, 16);
  g_assert_cmpuint(pbuf_headroom(p), ==, PBUF_HEADROOM);
  assert_bytes(p, payload, 16);
  pbuf_pull(p, 16);
  g_assert_cmpuint(p->len, ==, 0);
  pbuf_free(p);
}

/* Pushing more than the headroom reallocates and keeps the bytes. */
static void test_push_realloc(void)
{
  struct pbuf *p = pbuf_from(payload, 16);
  p->id = 42;
  p->stamp = 1000;
  uint8_t *h = pbuf_push(p, PBUF_HEADROOM + 72);
  memset(h, 0xee, PBUF_HEADROOM + 72);
  g_assert_cmpuint(p->len, ==, PBUF_HEADROOM + 72 + 16);
  g_assert_cmpmem(pbuf_data(p) + PBUF_HEADROOM + 72, 16, payload, 16);
  for (int i = 0; i < PBUF_HEADROOM + 72; i++)
    g_assert_cmpuint(pbuf_data(p)[i], ==, 0xee);
  g_assert_cmpuint(p->id, ==, 42);
  g_assert_cmpint(p->stamp, ==, 1000);
  /* Push again until the headroom is gone, byte by byte. */
  uint32_t room = pbuf_headroom(p);
  for (uint32_t i = 0; i <= room; i++)
    *pbuf_push(p, 1) = (uint8_t)i;
  g_assert_cmpuint(p->len, ==, PBUF_HEADROOM + 72 + 16 + room + 1);
  g_assert_cmpuint(pbuf_data(p)[0], ==, (uint8_t)room);
  g_assert_cmpmem(pbuf_data(p) + p->len - 16, 16, payload, 16);
  pbuf_free(p);
}

static void test_put_trim(void)
{
  struct pbuf *p = pbuf_from(payload, 6);
  uint8_t *t = pbuf_put(p, 40);                /* no tailroom: realloc */
  g_assert_true(t == pbuf_data(p) + 6);
  g_assert_cmpuint(p->len, ==, 46);
  g_assert_cmpmem(pbuf_data(p), 6, payload, 6);
  for (int i = 6; i < 46; i++)
    g_assert_cmpuint(pbuf_data(p)[i], ==, 0);
  g_assert_cmpuint(pbuf_headroom(p), ==, PBUF_HEADROOM);
  memset(t, 0x55, 40);
  pbuf_trim(p, 3);
  g_assert_cmpuint(p->len, ==, 3);
  g_assert_cmpuint(pbuf_tailroom(p), >=, 43);
  /* put reuses the tailroom, and zeroes the stale 0x55 bytes */
  uint8_t *block = p->blk->data;
  g_assert_true(pbuf_put(p, 5) == pbuf_data(p) + 3);
  g_assert_true(p->blk->data == block);
  static const uint8_t want[] = { '0', '1', '2', 0, 0, 0, 0, 0 };
  assert_bytes(p, want, sizeof want);
  pbuf_trim(p, 0);
  g_assert_cmpuint(p->len, ==, 0);
  pbuf_free(p);
}

/* Writing through a shared view copies first; the other view keeps its
 * bytes. The last owner writes in place. */
static void test_share_cow(void)
{
  struct pbuf *p = pbuf_from(payload, 16);
  p->id = 7;
  p->stamp = 51200;
  struct pbuf *q = pbuf_share(p);
  g_assert_true(q->blk == p->blk);
  g_assert_cmpuint(p->blk->refs, ==, 2);
  g_assert_true(pbuf_data(q) == pbuf_data(p));
  g_assert_cmpuint(q->id, ==, 7);
  g_assert_cmpint(q->stamp, ==, 51200);
  uint8_t *w = pbuf_writable(q);
  g_assert_true(q->blk != p->blk);
  g_assert_cmpuint(p->blk->refs, ==, 1);
  g_assert_cmpuint(q->blk->refs, ==, 1);
  g_assert_cmpuint(pbuf_headroom(q), ==, pbuf_headroom(p));
  memset(w, 'X', q->len);
  assert_bytes(p, payload, 16);
  g_assert_cmpuint(pbuf_data(q)[15], ==, 'X');
  uint8_t *before = pbuf_data(p);
  g_assert_true(pbuf_writable(p) == before);   /* sole owner: in place */
  pbuf_free(q);
  pbuf_free(p);
}

/* push, pull, put and trim on one view leave the other view as it was. */
static void test_share_view_ops(void)
{
  struct pbuf *p = pbuf_from(payload, 16);
  struct pbuf *q = pbuf_share(p);
  memset(pbuf_push(q, 4), 0xaa, 4);
  assert_bytes(p, payload, 16);
  g_assert_cmpuint(q->len, ==, 20);
  g_assert_cmpmem(pbuf_data(q) + 4, 16, payload, 16);
  pbuf_free(q);

  q = pbuf_share(p);
  pbuf_pull(q, 10);
  pbuf_trim(q, 2);
  g_assert_true(q->blk == p->blk);             /* views only: no copy */
  g_assert_cmpmem(pbuf_data(q), 2, payload + 10, 2);
  pbuf_put(q, 3);
  assert_bytes(p, payload, 16);                /* put did not zero p's bytes */
  static const uint8_t want[] = { 'a', 'b', 0, 0, 0 };
  assert_bytes(q, want, sizeof want);
  pbuf_free(p);
  pbuf_free(q);
}

/* A new pbuf's view and block share one allocation: after the view moves
 * to a new block (push past the headroom) the old block lives on for a
 * shared view, and the memory goes with the last user, in either order
 * (ASan checks). */
static void test_chunk_lifetimes(void)
{
  for (int order = 0; order < 2; order++) {
    struct pbuf *p = pbuf_from(payload, 16);
    g_assert_true(p->in_chunk);
    struct pbuf *q = pbuf_share(p);
    g_assert_false(q->in_chunk);
    pbuf_push(p, PBUF_HEADROOM + 8);          /* p gets a new block */
    g_assert_true(q->blk != p->blk);
    g_assert_cmpuint(q->blk->refs, ==, 1);
    assert_bytes(q, payload, 16);
    g_assert_cmpmem(pbuf_data(p) + PBUF_HEADROOM + 8, 16, payload, 16);
    pbuf_free(order ? p : q);
    pbuf_free(order ? q : p);
  }
}

/* The block goes with its last view, whatever the order (ASan checks). */
static void test_refcount(void)
{
  struct pbuf *p = pbuf_from(payload, 16);
  struct pbuf *v[4];
  for (int i = 0; i < 4; i++) {
    v[i] = pbuf_share(i ? v[i - 1] : p);
    g_assert_cmpuint(p->blk->refs, ==, (uint32_t)i + 2);
  }
  pbuf_free(p);
  g_assert_cmpuint(v[0]->blk->refs, ==, 4);
  pbuf_free(v[2]);
  pbuf_free(v[0]);
  g_assert_cmpuint(v[3]->blk->refs, ==, 2);
  pbuf_writable(v[1]);                          /* leaves v[3] alone */
  g_assert_cmpuint(v[3]->blk->refs, ==, 1);
  g_assert_cmpuint(v[1]->blk->refs, ==, 1);
  assert_bytes(v[3], payload, 16);
  pbuf_free(v[3]);
  pbuf_free(v[1]);
}

static void test_copy(void)
{
  struct pbuf *p = pbuf_from(payload, 16);
  pbuf_pull(p, 2);
  p->id = 99;
  p->stamp = 123456789;
  struct pbuf *other = pbuf_new(1);
  p->next = other;                              /* p sits on a queue */
  struct pbuf *c = pbuf_copy(p);
  g_assert_true(c->blk != p->blk);
  g_assert_cmpuint(p->blk->refs, ==, 1);
  g_assert_cmpuint(c->blk->refs, ==, 1);
  g_assert_cmpuint(c->id, ==, 99);
  g_assert_cmpint(c->stamp, ==, 123456789);
  g_assert_null(c->next);
  g_assert_cmpuint(pbuf_headroom(c), ==, pbuf_headroom(p));
  g_assert_cmpuint(pbuf_tailroom(c), ==, pbuf_tailroom(p));
  assert_bytes(c, payload + 2, 14);
  memset(pbuf_writable(c), 'Z', c->len);
  assert_bytes(p, payload + 2, 14);
  struct pbuf *s = pbuf_share(p);
  g_assert_null(s->next);
  pbuf_free(s);
  pbuf_free(c);
  pbuf_free(p);
  pbuf_free(other);
}

/* Pulling more than len is a programmer error (g_return_val_if_fail). */
static void test_pull_too_far(void)
{
  if (g_test_subprocess()) {
    struct pbuf *p = pbuf_new(4);
    pbuf_pull(p, 5);
    pbuf_free(p);
    return;
  }
  g_test_trap_subprocess(NULL, 0, 0);
  g_test_trap_assert_failed();
  g_test_trap_assert_stderr("*n <= p->len*");
}

/* A warm pool hands back the memory it took back (no malloc), pooled
 * views and chunks count as out until freed, and a pool closed with
 * pbufs still out lives until the last comes back (ASan checks). */
static void test_pool(void)
{
  struct pbuf_pool *pp = pbuf_pool_new();
  for (int round = 0; round < 3; round++) {
    struct pbuf *a = pbuf_alloc(pp, 40);            /* small class */
    struct pbuf *b = pbuf_alloc_from(pp, payload, 16);
    struct pbuf *big = pbuf_alloc(pp, 1500);         /* large class */
    struct pbuf *piece = pbuf_alloc(pp, 2048);       /* sosend's cluster */
    memset(pbuf_writable(piece), 0xa5, 2048);       /* fits (ASan) */
    struct pbuf *huge = pbuf_alloc(pp, 9000);        /* malloc */
    struct pbuf *v = pbuf_share(big);
    g_assert_true(a->pool == pp && v->pool == pp);
    g_assert_null(huge->pool);
    g_assert_true(piece->pool == pp);
    g_assert_cmpuint(pbuf_pool_out(pp), ==, 5);
    assert_bytes(b, payload, 16);
    for (uint32_t i = 0; i < 40; i++)
      g_assert_cmpuint(pbuf_data(a)[i], ==, 0);
    pbuf_free(big);                  /* the chunk stays for v */
    g_assert_cmpuint(pbuf_pool_out(pp), ==, 5);
    pbuf_free(piece);
    pbuf_free(v);
    pbuf_free(a);
    pbuf_free(b);
    pbuf_free(huge);
    g_assert_cmpuint(pbuf_pool_out(pp), ==, 0);
    if (pool_reuses())                           /* not under ASan */
      g_assert_cmpuint(pbuf_pool_mallocs(pp), ==, 5);  /* round 0 only */
  }
  struct pbuf *late = pbuf_alloc(pp, 100);
  struct pbuf *lv = pbuf_share(late);
  pbuf_pool_close(pp);                /* two out: the pool waits */
  struct pbuf *after = pbuf_alloc(pp, 10);          /* closed: malloc */
  g_assert_null(after->pool);
  pbuf_free(after);
  pbuf_free(late);
  pbuf_free(lv);                      /* the last: the pool goes too */
}

/* share and copy keep csum_good; writable clears it on its view only. */
static void test_csum_good(void)
{
  struct pbuf *p = pbuf_from(payload, 16);
  p->csum_good = true;
  struct pbuf *s = pbuf_share(p), *c = pbuf_copy(p);
  g_assert_true(s->csum_good && c->csum_good);
  pbuf_push(p, 4);
  pbuf_put(p, 4);
  pbuf_trim(p, p->len - 4);
  g_assert_true(p->csum_good);
  pbuf_writable(s);
  g_assert_false(s->csum_good);
  g_assert_true(p->csum_good);
  pbuf_free(s);
  pbuf_free(c);
  pbuf_free(p);
}

/* ---- borrowed bytes (pbuf_borrow) ---- */

struct lender {
  struct pbuf_owner o;        /* first: release() gets it back */
  int released;               /* calls to release() */
};

static void lender_release(struct pbuf_owner *o)
{
  ((struct lender *)o)->released++;
}

/* Two pieces of one lending point at the bytes (no copy), have no room
 * on either side, count as out of the pool, and release() runs once:
 * after the maker's drop and the last piece, in either order. */
static void test_borrow_release(void)
{
  static const char bytes[] = "borrowed bytes, not copied";
  struct pbuf_pool *pp = pbuf_pool_new();
  for (int order = 0; order < 2; order++) {
    struct lender l = { 0 };
    pbuf_owner_init(&l.o, bytes, sizeof bytes, lender_release);
    struct pbuf *a = pbuf_borrow(pp, &l.o, bytes, 8);
    struct pbuf *b = pbuf_borrow(pp, &l.o, bytes + 8, sizeof bytes - 8);
    g_assert_true(pbuf_data(a) == (const uint8_t *)bytes);
    g_assert_true(pbuf_data(b) == (const uint8_t *)bytes + 8);
    g_assert_cmpuint(pbuf_headroom(a), ==, 0);
    g_assert_cmpuint(pbuf_tailroom(b), ==, 0);
    g_assert_true(a->pool == pp);
    g_assert_cmpuint(pbuf_pool_out(pp), ==, 2);
    g_assert_cmpuint(l.o.refs, ==, 3);
    pbuf_pull(b, 1);
    pbuf_trim(b, 4);
    g_assert_cmpmem(pbuf_data(b), 4, bytes + 9, 4);
    if (order)
      pbuf_owner_drop(&l.o);
    pbuf_free(a);
    pbuf_free(b);
    g_assert_cmpint(l.released, ==, order);
    if (!order)
      pbuf_owner_drop(&l.o);
    g_assert_cmpint(l.released, ==, 1);
    g_assert_cmpuint(pbuf_pool_out(pp), ==, 0);
  }
  pbuf_pool_close(pp);
}

/* writable, push and put copy into a private block, never into the
 * borrowed bytes; the piece then no longer holds the owner. */
static void test_borrow_cow(void)
{
  uint8_t bytes[16];
  memcpy(bytes, payload, 16);
  struct pbuf_pool *pp = pbuf_pool_new();
  struct lender l = { 0 };
  pbuf_owner_init(&l.o, bytes, 16, lender_release);
  struct pbuf *w = pbuf_borrow(pp, &l.o, bytes, 16);
  struct pbuf *h = pbuf_borrow(pp, &l.o, bytes, 16);
  struct pbuf *t = pbuf_borrow(pp, &l.o, bytes + 4, 8);
  g_assert_cmpuint(l.o.refs, ==, 4);
  uint8_t *d = pbuf_writable(w);
  g_assert_true(d != bytes);
  memset(d, 'W', 16);
  g_assert_cmpuint(pbuf_headroom(w), ==, PBUF_HEADROOM);
  uint8_t *hd = pbuf_push(h, 14);
  g_assert_true(hd + 14 != bytes);
  memset(hd, 'H', 14);
  g_assert_cmpmem(pbuf_data(h) + 14, 16, payload, 16);
  uint8_t *td = pbuf_put(t, 3);
  memset(td, 'T', 3);
  g_assert_cmpmem(pbuf_data(t), 8, payload + 4, 8);
  g_assert_cmpmem(bytes, 16, payload, 16);          /* untouched */
  g_assert_cmpuint(l.o.refs, ==, 1);                /* pieces let go */
  pbuf_owner_drop(&l.o);
  g_assert_cmpint(l.released, ==, 1);
  pbuf_free(w);
  pbuf_free(h);
  pbuf_free(t);
  g_assert_cmpuint(pbuf_pool_out(pp), ==, 0);
  pbuf_pool_close(pp);
}

/* share is a second borrowing piece (no copy) holding the owner too;
 * copy is private. Any order of frees releases once. */
static void test_borrow_share(void)
{
  static const char bytes[] = "shared";
  struct pbuf_pool *pp = pbuf_pool_new();
  struct lender l = { 0 };
  pbuf_owner_init(&l.o, bytes, 6, lender_release);
  struct pbuf *a = pbuf_borrow(pp, &l.o, bytes, 6);
  a->id = 5;
  a->csum_good = true;
  pbuf_owner_drop(&l.o);                   /* the pieces hold it now */
  struct pbuf *s = pbuf_share(a);
  struct pbuf *c = pbuf_copy(a);
  g_assert_true(pbuf_data(s) == pbuf_data(a) && s->blk != a->blk);
  g_assert_true(pbuf_data(c) != pbuf_data(a));
  g_assert_true(s->id == 5 && s->csum_good && c->id == 5);
  g_assert_cmpuint(pbuf_headroom(c), ==, PBUF_HEADROOM);
  g_assert_cmpmem(pbuf_data(c), 6, bytes, 6);
  g_assert_cmpuint(l.o.refs, ==, 2);
  g_assert_cmpuint(pbuf_pool_out(pp), ==, 3);   /* c: a chunk, own block */
  pbuf_free(a);
  pbuf_free(c);
  g_assert_cmpint(l.released, ==, 0);
  pbuf_free(s);
  g_assert_cmpint(l.released, ==, 1);
  g_assert_cmpuint(pbuf_pool_out(pp), ==, 0);
  pbuf_pool_close(pp);
}

/* After detach the pieces read a private copy, so the lender may change
 * or free its bytes; the copy goes before release() (ASan checks). */
static void test_borrow_detach(void)
{
  uint8_t *bytes = g_memdup2(payload, 16);
  struct lender l = { 0 };
  pbuf_owner_init(&l.o, bytes, 16, lender_release);
  struct pbuf *a = pbuf_borrow(NULL, &l.o, bytes + 2, 10);
  struct pbuf *b = pbuf_borrow(NULL, &l.o, bytes + 12, 4);
  pbuf_pull(a, 3);
  struct pbuf *gone = pbuf_borrow(NULL, &l.o, bytes, 1);
  pbuf_free(gone);
  pbuf_owner_detach(&l.o);
  pbuf_owner_detach(&l.o);                  /* once is enough */
  memset(bytes, 0, 16);
  g_free(bytes);
  g_assert_cmpmem(pbuf_data(a), 7, payload + 5, 7);
  g_assert_cmpmem(pbuf_data(b), 4, payload + 12, 4);
  struct pbuf *c = pbuf_borrow(NULL, &l.o, l.o.bytes + 1, 2);  /* the copy */
  g_assert_cmpmem(pbuf_data(c), 2, payload + 1, 2);
  pbuf_owner_drop(&l.o);
  pbuf_free(c);
  pbuf_free(b);
  g_assert_cmpint(l.released, ==, 0);
  pbuf_free(a);
  g_assert_cmpint(l.released, ==, 1);
  g_assert_null(l.o.copy);
}

/* A pool closed with borrowing pieces out waits for them (ASan checks);
 * a warm pool reuses their chunks. */
static void test_borrow_pool(void)
{
  static const char bytes[] = "x";
  struct pbuf_pool *pp = pbuf_pool_new();
  struct lender l = { 0 };
  pbuf_owner_init(&l.o, bytes, 1, lender_release);
  for (int i = 0; i < 3; i++)
    pbuf_free(pbuf_borrow(pp, &l.o, bytes, 1));
  if (pool_reuses())
    g_assert_cmpuint(pbuf_pool_mallocs(pp), ==, 1);
  struct pbuf *late = pbuf_borrow(pp, &l.o, bytes, 1);
  pbuf_pool_close(pp);
  struct pbuf *after = pbuf_borrow(pp, &l.o, bytes, 1);   /* malloc */
  g_assert_null(after->pool);
  pbuf_owner_drop(&l.o);
  pbuf_free(after);
  pbuf_free(late);
  g_assert_cmpint(l.released, ==, 1);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/pbuf/new", test_new);
  g_test_add_func("/pbuf/from", test_from);
  g_test_add_func("/pbuf/push-pull", test_push_pull);
  g_test_add_func("/pbuf/push/realloc", test_push_realloc);
  g_test_add_func("/pbuf/put-trim", test_put_trim);
  g_test_add_func("/pbuf/share/copy-on-write", test_share_cow);
  g_test_add_func("/pbuf/share/view-ops", test_share_view_ops);
  g_test_add_func("/pbuf/share/refcount", test_refcount);
  g_test_add_func("/pbuf/copy", test_copy);
  g_test_add_func("/pbuf/chunk-lifetimes", test_chunk_lifetimes);
  g_test_add_func("/pbuf/pull/too-far", test_pull_too_far);
  g_test_add_func("/pbuf/pool", test_pool);
  g_test_add_func("/pbuf/csum-good", test_csum_good);
  g_test_add_func("/pbuf/borrow/release", test_borrow_release);
  g_test_add_func("/pbuf/borrow/copy-on-write", test_borrow_cow);
  g_test_add_func("/pbuf/borrow/share-copy", test_borrow_share);
  g_test_add_func("/pbuf/borrow/detach", test_borrow_detach);
  g_test_add_func("/pbuf/borrow/pool", test_borrow_pool);
  return g_test_run();
}
