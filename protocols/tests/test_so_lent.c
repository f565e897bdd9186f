/* protocols/tests/test_so_lent.c: lent bytes (sosend_lent, pbuf_borrow)
 * under the real stream protocols. TCP keeps the pieces in its send
 * buffer until they are acknowledged, so the lender is released by the
 * last ACK, by the close of a dropped connection, or by the host's end;
 * AF_UNIX puts them in the peer's receive buffer, so the reader's last
 * read releases it, while its datagrams are copies. The bytes arrive
 * intact. The caller's own reference is dropped right after sending, as
 * the Lua runtime does (sim/lua/lsim_fd.c). */
#include "tcp_fixture.h"
#include "fs.h"

struct lender {
  struct pbuf_owner o;        /* first: release() gets it back */
  int released;               /* calls to release() */
};

static void lender_release(struct pbuf_owner *o)
{
  ((struct lender *)o)->released++;
}

/* Bytes 0..len of a pattern, in new memory. */
static uint8_t *pattern(size_t len)
{
  uint8_t *d = g_malloc(len);
  for (size_t i = 0; i < len; i++)
    d[i] = (uint8_t)(i * 7 + i / 251);
  return d;
}

/* sosend_lent of bytes[off..len) on so lent by l, the caller's reference
 * taken and dropped around it as lsim_fd.c does: bytes taken, or -errno. */
static long lend(struct socket *so, struct lender *l, const uint8_t *bytes,
                 size_t off, size_t len)
{
  struct so_rights *none = NULL;
  const void *wchan;
  l->o.refs++;
  long n = sosend_lent(so, NULL, bytes + off, len - off, 0, &none, &l->o,
                       &wchan);
  pbuf_owner_drop(&l->o);
  return n;
}

/* Whether so's send buffer holds pieces that point into bytes. */
static bool snd_borrows(const struct socket *so, const uint8_t *bytes,
                        size_t len)
{
  const struct sb_record *r = sb_first(&so->so_snd);
  return r && r->head && pbuf_data(r->head) >= bytes &&
         pbuf_data(r->head) < bytes + len;
}

/* 20 KB over the LAN: released exactly when the last byte is ACKed. */
static void test_tcp_acked(void)
{
  struct net n;
  net_init(&n, TCP_PROFILE_RENO);
  struct socket *ls = tlisten(&n, n.b, 7, 5), *cli, *srv;
  tpair(&n, n.a, "128.32.0.2", ls, 7, &cli, &srv);
  const size_t len = 20000;
  uint8_t *bytes = pattern(len), *out = g_malloc(len);
  struct lender l = { 0 };
  pbuf_owner_init(&l.o, bytes, len, lender_release);
  size_t sent = 0, got = 0;
  bool borrowed = false;
  while (got < len) {
    if (sent < len) {
      long w = lend(cli, &l, bytes, sent, len);
      sent += w > 0 ? (size_t)w : 0;
      borrowed |= snd_borrows(cli, bytes, len);
    }
    long r = rd(srv, out + got, len - got, MSG_DONTWAIT);
    got += r > 0 ? (size_t)r : 0;
    if (r <= 0)
      g_assert_true(sched_step(n.sim->sched));
  }
  g_assert_true(borrowed);
  g_assert_cmpmem(out, len, bytes, len);
  pbuf_owner_drop(&l.o);                     /* the maker's hold */
  while (cli->so_snd.cc > 0) {
    g_assert_cmpint(l.released, ==, 0);
    g_assert_true(sched_step(n.sim->sched));
  }
  g_assert_cmpint(l.released, ==, 1);
  net_free(&n);
  g_free(bytes);
  g_free(out);
}

/* A connection dropped with lent bytes unacknowledged: the close of its
 * socket releases them; one left open goes with the host. */
static void test_tcp_dropped(void)
{
  for (int closed = 0; closed < 2; closed++) {
    struct net n;
    net_init(&n, TCP_PROFILE_RENO);
    struct socket *ls = tlisten(&n, n.b, 7, 5), *cli, *srv;
    tpair(&n, n.a, "128.32.0.2", ls, 7, &cli, &srv);
    const size_t len = 4000;
    uint8_t *bytes = pattern(len);
    struct lender l = { 0 };
    pbuf_owner_init(&l.o, bytes, len, lender_release);
    g_assert_cmpint(lend(cli, &l, bytes, 0, len), >, 0);
    pbuf_owner_drop(&l.o);
    g_assert_true(snd_borrows(cli, bytes, len));
    tcp_drop(tp_of(cli), -ETIMEDOUT);
    g_assert_cmpint(l.released, ==, 0);
    if (closed) {
      tclose(&n, cli);
      g_assert_cmpint(l.released, ==, 1);
    }
    net_free(&n);
    g_assert_cmpint(l.released, ==, 1);
    g_free(bytes);
  }
}

/* An AF_UNIX stream hands the pieces to the peer's receive buffer: the
 * reader's last read releases them. Its datagrams are copies. */
static void test_unix(void)
{
  struct sim *sim = sim_new(1);
  struct host *h = host_new(sim, "h", in_proto_domains);
  struct socket *s1, *s2, *d1, *d2;
  g_assert_cmpint(socreate(h, true, AF_UNIX, SOCK_STREAM, 0, &s1), ==, 0);
  g_assert_cmpint(socreate(h, true, AF_UNIX, SOCK_STREAM, 0, &s2), ==, 0);
  g_assert_cmpint(soconnect2(s1, s2), ==, 0);
  const size_t len = 3000;
  uint8_t *bytes = pattern(len), out[3000];
  struct lender l = { 0 };
  pbuf_owner_init(&l.o, bytes, len, lender_release);
  g_assert_cmpint(lend(s1, &l, bytes, 0, len), ==, (long)len);
  pbuf_owner_drop(&l.o);
  const struct pbuf *m = sb_first(&s2->so_rcv)->head;
  g_assert_true(pbuf_data(m) == bytes);
  g_assert_cmpint(rd(s2, out, 2500, 0), ==, 2500);
  g_assert_cmpint(l.released, ==, 0);
  g_assert_cmpint(rd(s2, out + 2500, 500, 0), ==, 500);
  g_assert_cmpint(l.released, ==, 1);
  g_assert_cmpmem(out, len, bytes, len);

  g_assert_cmpint(socreate(h, true, AF_UNIX, SOCK_DGRAM, 0, &d1), ==, 0);
  g_assert_cmpint(socreate(h, true, AF_UNIX, SOCK_DGRAM, 0, &d2), ==, 0);
  g_assert_cmpint(soconnect2(d1, d2), ==, 0);
  struct lender ld = { 0 };
  pbuf_owner_init(&ld.o, bytes, 100, lender_release);
  g_assert_cmpint(lend(d1, &ld, bytes, 0, 100), ==, 100);
  pbuf_owner_drop(&ld.o);
  g_assert_cmpint(ld.released, ==, 1);        /* copied: nothing borrows */
  g_assert_true(pbuf_data(sb_first(&d2->so_rcv)->head) != bytes);
  soclose(s1);
  soclose(s2);
  soclose(d1);
  soclose(d2);
  host_free(h);
  sim_free(sim);
  g_free(bytes);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/so-lent/tcp/acked", test_tcp_acked);
  g_test_add_func("/so-lent/tcp/dropped", test_tcp_dropped);
  g_test_add_func("/so-lent/unix", test_unix);
  return g_test_run();
}
