/* hosts/tests/test_socket.c: the socket layer (hosts/socketvar.h) alone.
 *
 * A fake "loop" protocol stands under the sockets: what a socket sends
 * comes back into its own receive buffer (as a record with the sender's
 * address for the datagram flavour), and each pr_send is logged with its
 * size, so the tests can assert how sosend cut a stream. The rest checks
 * socket buffers, receive (records, truncation, MSG_PEEK, the out-of-band
 * mark), the send checks, options, ioctls, select's conditions, listen
 * queues and socreate's errors, each with exact values.
 * Read: 4.4BSD kern/uipc_socket.c, kern/uipc_socket2.c. */
#include <errno.h>
#include <limits.h>
#include <string.h>
#include <glib.h>

#include "host.h"
#include "pbuf.h"
#include "socketvar.h"
#include "domain.h"

/* ---- the fake protocol ---- */

struct fake_pcb {
  GArray *sends;              /* int: size of each pr_send, in order */
  int ctl_calls;              /* pr_ctloutput calls */
  int rcvd_calls;             /* pr_rcvd calls */
};

static int fake_attach(struct socket *so, int proto)
{
  struct fake_pcb *pcb = g_new0(struct fake_pcb, 1);
  pcb->sends = g_array_new(FALSE, FALSE, sizeof(int));
  so->so_pcb = pcb;
  return soreserve(so, 4096, 4096);
}

static void fake_free(struct socket *so)
{
  struct fake_pcb *pcb = so->so_pcb;
  g_array_unref(pcb->sends);
  g_free(pcb);
  so->so_pcb = NULL;
}

static void fake_detach(struct socket *so)
{
  fake_free(so);
}

static void fake_abort(struct socket *so)
{
  fake_free(so);
  sofree(so);
}

static int fake_listen(struct socket *so, int backlog)
{
  return 0;
}

static int fake_send(struct socket *so, int flags, struct pbuf *m,
                     const struct so_addr *nam)
{
  struct fake_pcb *pcb = so->so_pcb;
  int n = (int)m->len;
  g_array_append_val(pcb->sends, n);
  if (!(so->so_proto->pr_flags & PR_ADDR)) {
    sbappend(&so->so_snd, pbuf_share(m));   /* kept until "acked", as TCP */
    sbappend(&so->so_rcv, m);
    return 0;
  }
  struct so_addr from = { .family = AF_INET, .addr = 0x0a000001,
                          .port = 7 };
  if (!sbappendaddr(&so->so_rcv, &from, m)) {
    pbuf_free(m);
    return -ENOBUFS;
  }
  return 0;
}

static int fake_rcvd(struct socket *so, int flags)
{
  ((struct fake_pcb *)so->so_pcb)->rcvd_calls++;
  return 0;
}

static int fake_rcvoob(struct socket *so, uint8_t *c, int flags)
{
  *c = '!';
  return 0;
}

static int fake_ctloutput(struct socket *so, bool set, int level,
                          int optname, int *val)
{
  ((struct fake_pcb *)so->so_pcb)->ctl_calls++;
  if (level == SOL_SOCKET)
    return 0;
  *val = 99;
  return level == IPPROTO_IP ? 0 : -EINVAL;
}

static const struct protosw fake_dgram = {
  .pr_type = SOCK_DGRAM, .pr_domain = AF_INET, .pr_protocol = 200,
  .pr_flags = PR_ATOMIC | PR_ADDR, .pr_name = "fake-dgram",
  .pr_attach = fake_attach, .pr_detach = fake_detach,
  .pr_send = fake_send, .pr_ctloutput = fake_ctloutput,
  .pr_abort = fake_abort, .pr_listen = fake_listen,
};

static const struct protosw fake_stream = {
  .pr_type = SOCK_STREAM, .pr_domain = AF_INET, .pr_protocol = 201,
  .pr_flags = PR_CONNREQUIRED | PR_WANTRCVD, .pr_name = "fake-stream",
  .pr_attach = fake_attach, .pr_detach = fake_detach,
  .pr_send = fake_send, .pr_rcvd = fake_rcvd, .pr_rcvoob = fake_rcvoob,
  .pr_abort = fake_abort, .pr_listen = fake_listen,
};

/* ---- the rig ---- */

struct rig {
  struct sim *sim;            /* the run */
  struct host *h;             /* the host */
};

static void rig_init(struct rig *r)
{
  r->sim = sim_new(1);
  r->h = host_new(r->sim, "h", NULL);
}

static void rig_free(struct rig *r)
{
  host_free(r->h);
  sim_free(r->sim);
}

static struct socket *fake_socket(struct rig *r, const struct protosw *pr)
{
  struct socket *so = NULL;
  g_assert_cmpint(socreate_pr(r->h, true, pr, 0, &so), ==, 0);
  return so;
}

static const struct so_addr to = { .family = AF_INET, .addr = 0x0a000002,
                                   .port = 9 };

/* Sends s whole on so (to `to` for datagrams); asserts it all went. */
static void send_str(struct socket *so, const char *s)
{
  const void *wchan = (void *)1;
  const struct so_addr *nam = so->so_type == SOCK_DGRAM ? &to : NULL;
  g_assert_cmpint(sosend(so, nam, s, strlen(s), 0, &wchan), ==,
                  (long)strlen(s));
  g_assert_null(wchan);
}

static GArray *sends_of(struct socket *so)
{
  return ((struct fake_pcb *)so->so_pcb)->sends;
}

/* ---- socket buffers ---- */

static void test_sockbuf_records(void)
{
  struct sockbuf sb = { .hiwat = 100 };
  g_queue_init(&sb.records);
  sbappendrecord(&sb, pbuf_from("abc", 3));
  sbappend(&sb, pbuf_from("de", 2));            /* joins the last record */
  sbappendrecord(&sb, pbuf_from("xyz", 3));
  g_assert_cmpuint(sb.cc, ==, 8);
  g_assert_cmpuint(g_queue_get_length(&sb.records), ==, 2);
  char buf[8] = { 0 };
  sbcopy(&sb, 1, 4, buf);
  g_assert_cmpstr(buf, ==, "bcde");
  sbdrop(&sb, 4);                               /* "abcd" */
  g_assert_cmpuint(sb.cc, ==, 4);
  memset(buf, 0, sizeof buf);
  sbcopy(&sb, 0, 1, buf);
  g_assert_cmpstr(buf, ==, "e");
  sbdrop(&sb, 2);                  /* "e" and the first byte of "xyz" */
  g_assert_cmpuint(g_queue_get_length(&sb.records), ==, 1);
  g_assert_cmpuint(sb.cc, ==, 2);
  sbflush(&sb);
  g_assert_cmpuint(sb.cc, ==, 0);
}

/* sbcopy's cursor: copies that go forward, back, and across drops of
 * whole and partial pbufs read the right bytes. The stream is bytes
 * 0..199 in pbufs of 1..9 bytes; each copy is checked against it. */
static void test_sockbuf_copy_cursor(void)
{
  struct sockbuf sb = { .hiwat = 1000 };
  g_queue_init(&sb.records);
  uint8_t all[200];
  for (int i = 0; i < 200; i++)
    all[i] = (uint8_t)i;
  for (int at = 0, n = 1; at < 200; at += n, n = n % 9 + 1)
    sbappend(&sb, pbuf_from(all + at, (uint32_t)MIN(n, 200 - at)));
  static const struct { uint32_t drop, off, len; } steps[] = {
    { 0, 0, 10 }, { 0, 10, 30 }, { 0, 40, 1 }, { 0, 5, 50 }, { 0, 41, 0 },
    { 0, 80, 10 }, { 5, 82, 5 }, { 2, 90, 3 },
    { 7, 0, 20 }, { 0, 60, 13 }, { 13, 10, 40 }, { 0, 50, 50 }, { 0, 3, 4 },
    { 44, 30, 6 }, { 1, 0, 128 }, { 0, 127, 1 }, { 127, 0, 1 },
  };
  uint32_t base = 0;
  for (size_t i = 0; i < G_N_ELEMENTS(steps); i++) {
    sbdrop(&sb, steps[i].drop);
    base += steps[i].drop;
    uint8_t buf[200];
    memset(buf, 0xee, sizeof buf);
    sbcopy(&sb, steps[i].off, steps[i].len, buf);
    g_assert_cmpmem(buf, steps[i].len, all + base + steps[i].off,
                    steps[i].len);
    g_assert_cmpuint(buf[steps[i].len], ==, 0xee);
  }
  g_assert_cmpuint(sb.cc, ==, 1);
  sbflush(&sb);
  g_assert_null(sb.hint);
}

/* What sbwalk hands out: the pieces, each within one pbuf. */
struct walk {
  uint8_t out[200];
  uint32_t at, pieces;
};

static void walk_piece(void *ctx, const uint8_t *bytes, uint32_t n)
{
  struct walk *w = ctx;
  g_assert_cmpuint(n, >, 0);
  g_assert_cmpuint(n, <=, 9);                   /* never across pbufs */
  memcpy(w->out + w->at, bytes, n);
  w->at += n;
  w->pieces++;
}

/* sbwalk gives the bytes sbcopy copies, piece by piece as the pbufs hold
 * them, and moves the same cursor: walks and copies mixed, forward,
 * back and across drops, over pbufs of 1..9 bytes. */
static void test_sockbuf_walk(void)
{
  struct sockbuf sb = { .hiwat = 1000 };
  g_queue_init(&sb.records);
  uint8_t all[200];
  for (int i = 0; i < 200; i++)
    all[i] = (uint8_t)(i * 13);
  for (int at = 0, n = 1; at < 200; at += n, n = n % 9 + 1)
    sbappend(&sb, pbuf_from(all + at, (uint32_t)MIN(n, 200 - at)));
  static const struct { uint32_t drop, off, len; } steps[] = {
    { 0, 0, 1 }, { 0, 0, 45 }, { 0, 45, 9 }, { 0, 3, 4 }, { 3, 50, 0 },
    { 0, 60, 33 }, { 10, 0, 100 }, { 1, 99, 1 }, { 50, 7, 20 },
  };
  uint32_t base = 0;
  for (size_t i = 0; i < G_N_ELEMENTS(steps); i++) {
    sbdrop(&sb, steps[i].drop);
    base += steps[i].drop;
    struct walk w = { .at = 0 };
    sbwalk(&sb, steps[i].off, steps[i].len, walk_piece, &w);
    g_assert_cmpuint(w.at, ==, steps[i].len);
    g_assert_cmpmem(w.out, w.at, all + base + steps[i].off, steps[i].len);
    g_assert_cmpuint(w.pieces, >=, (steps[i].len + 8) / 9);
    uint8_t buf[200];
    sbcopy(&sb, steps[i].off / 2, steps[i].len / 2, buf);
    g_assert_cmpmem(buf, steps[i].len / 2, all + base + steps[i].off / 2,
                    steps[i].len / 2);
  }
  sbflush(&sb);
  g_assert_null(sb.hint);
}

static void test_sockbuf_addr(void)
{
  struct sockbuf sb = { .hiwat = 40 };
  g_queue_init(&sb.records);
  struct so_addr in = { .family = AF_INET };
  struct so_addr un = { .family = AF_UNIX, .path = "/tmp/sock" };
  g_assert_cmpuint(so_addr_len(&in), ==, 16);
  g_assert_cmpuint(so_addr_len(&un), ==, 11);
  g_assert_true(sbappendaddr(&sb, &in, pbuf_from("0123456789", 10)));
  g_assert_cmpuint(sb.cc, ==, 26);            /* the address counts */
  g_assert_cmpint(sbspace(&sb), ==, 14);
  struct pbuf *m = pbuf_from("abc", 3);         /* 3 + 11 = 14 fits */
  g_assert_true(sbappendaddr(&sb, &un, m));
  m = pbuf_from("", 0);                         /* 0 + 16 does not */
  g_assert_false(sbappendaddr(&sb, &in, m));
  pbuf_free(m);
  g_assert_cmpuint(sb.cc, ==, 40);
  sbdroprecord(&sb);
  g_assert_cmpuint(sb.cc, ==, 14);
  sbflush(&sb);
  g_assert_false(sbreserve(&sb, 246724, NULL)); /* 4.4BSD's limit + 1 */
  g_assert_true(sbreserve(&sb, 246723, NULL));
}

/* A record reused from the spare (what the last dropped record left)
 * starts clean: a stream record after a datagram's has no address and
 * no rights, and counts only its bytes; dropping across its pbufs and
 * into the next record keeps sbcopy's cursor right. */
static void test_sockbuf_spare_reuse(void)
{
  struct sockbuf sb = { .hiwat = 1000 };
  g_queue_init(&sb.records);
  struct so_addr un = { .family = AF_UNIX, .path = "/tmp/sock" };
  g_assert_true(sbappendaddr(&sb, &un, pbuf_from("abc", 3)));
  sbdroprecord(&sb);                            /* now the spare */
  g_assert_nonnull(sb.spare);
  g_assert_cmpuint(sb.cc, ==, 0);
  sbappend(&sb, pbuf_from("0123", 4));          /* takes the spare */
  sbappend(&sb, pbuf_from("4567", 4));
  g_assert_null(sb.spare);
  struct sb_record *r = sb_first(&sb);
  g_assert_false(r->has_addr);
  g_assert_null(r->rights);
  g_assert_cmpuint(r->len, ==, 8);
  g_assert_cmpuint(sb.cc, ==, 8);
  char buf[9] = { 0 };
  sbcopy(&sb, 2, 5, buf);                       /* cursor on "4567" */
  g_assert_cmpstr(buf, ==, "23456");
  sbdrop(&sb, 5);                               /* frees "0123" */
  memset(buf, 0, sizeof buf);
  sbcopy(&sb, 1, 2, buf);
  g_assert_cmpstr(buf, ==, "67");
  sbappendrecord(&sb, pbuf_from("xy", 2));
  sbdrop(&sb, 4);                               /* "567", then "x" */
  g_assert_cmpuint(sb_nrecords(&sb), ==, 1);
  r = sb_first(&sb);
  g_assert_false(r->has_addr);
  g_assert_cmpuint(sb.cc, ==, 1);
  memset(buf, 0, sizeof buf);
  sbcopy(&sb, 0, 1, buf);
  g_assert_cmpstr(buf, ==, "y");
  sbflush(&sb);
  g_assert_null(sb.hint);
}

/* ---- receiving ---- */

static void test_receive_truncate(void)
{
  struct rig r;
  rig_init(&r);
  struct socket *so = fake_socket(&r, &fake_dgram);
  send_str(so, "0123456789");
  send_str(so, "second");
  char buf[16] = { 0 };
  struct so_addr from;
  int flags = -1;
  const void *wchan;
  g_assert_cmpint(soreceive(so, buf, 4, 0, &from, &flags, &wchan), ==, 4);
  g_assert_cmpstr(buf, ==, "0123");
  g_assert_cmpint(flags, ==, MSG_TRUNC);
  g_assert_cmpint(from.family, ==, AF_INET);
  g_assert_cmpuint(from.addr, ==, 0x0a000001);
  g_assert_cmpuint(from.port, ==, 7);
  g_assert_cmpuint(so->so_rcv.cc, ==, 6 + 16);  /* the rest was dropped */
  memset(buf, 0, sizeof buf);
  g_assert_cmpint(soreceive(so, buf, 16, 0, NULL, &flags, &wchan), ==, 6);
  g_assert_cmpstr(buf, ==, "second");
  g_assert_cmpint(flags, ==, 0);
  g_assert_cmpint(soreceive(so, buf, 16, 0, NULL, &flags, &wchan), ==,
                  -EWOULDBLOCK);
  g_assert_true(wchan == &so->so_rcv);
  so->so_state |= SS_NBIO;
  g_assert_cmpint(soreceive(so, buf, 16, 0, NULL, &flags, &wchan), ==,
                  -EWOULDBLOCK);
  g_assert_null(wchan);
  g_assert_cmpint(soclose(so), ==, 0);
  rig_free(&r);
}

static void test_receive_peek(void)
{
  struct rig r;
  rig_init(&r);
  struct socket *so = fake_socket(&r, &fake_dgram);
  send_str(so, "peekaboo");
  char buf[16] = { 0 };
  struct so_addr from;
  int flags;
  const void *wchan;
  for (int i = 0; i < 2; i++) {
    g_assert_cmpint(soreceive(so, buf, 4, MSG_PEEK, &from, &flags, &wchan),
                    ==, 4);
    g_assert_cmpint(flags, ==, MSG_TRUNC);
    g_assert_cmpuint(from.port, ==, 7);
    g_assert_cmpuint(so->so_rcv.cc, ==, 8 + 16);   /* still there */
  }
  memset(buf, 0, sizeof buf);
  g_assert_cmpint(soreceive(so, buf, 16, 0, NULL, &flags, &wchan), ==, 8);
  g_assert_cmpstr(buf, ==, "peekaboo");
  g_assert_cmpuint(so->so_rcv.cc, ==, 0);
  soclose(so);
  rig_free(&r);
}

static void test_receive_stream(void)
{
  struct rig r;
  rig_init(&r);
  struct socket *so = fake_socket(&r, &fake_stream);
  so->so_state |= SS_ISCONNECTED;
  send_str(so, "hello ");
  send_str(so, "world");
  char buf[16] = { 0 };
  int flags;
  const void *wchan;
  g_assert_cmpint(soreceive(so, buf, 3, 0, NULL, &flags, &wchan), ==, 3);
  g_assert_cmpstr(buf, ==, "hel");
  g_assert_cmpint(((struct fake_pcb *)so->so_pcb)->rcvd_calls, ==, 1);
  /* MSG_WAITALL for more than is there (and <= hiwat) waits */
  g_assert_cmpint(soreceive(so, buf, 12, MSG_WAITALL, NULL, &flags,
                            &wchan), ==, -EWOULDBLOCK);
  g_assert_true(wchan == &so->so_rcv);
  memset(buf, 0, sizeof buf);
  g_assert_cmpint(soreceive(so, buf, 16, 0, NULL, &flags, &wchan), ==, 8);
  g_assert_cmpstr(buf, ==, "lo world");
  /* a raised low-water mark makes a short stream wait */
  so->so_rcv.lowat = 4;
  send_str(so, "ab");
  g_assert_cmpint(soreceive(so, buf, 16, 0, NULL, &flags, &wchan), ==,
                  -EWOULDBLOCK);
  socantrcvmore(so);                            /* but EOF releases it */
  g_assert_cmpint(soreceive(so, buf, 16, 0, NULL, &flags, &wchan), ==, 2);
  g_assert_cmpint(soreceive(so, buf, 16, 0, NULL, &flags, &wchan), ==, 0);
  soclose(so);
  rig_free(&r);
}

static void test_receive_error_first(void)
{
  struct rig r;
  rig_init(&r);
  struct socket *so = fake_socket(&r, &fake_stream);
  so->so_state |= SS_ISCONNECTED;
  char buf[4];
  int flags;
  const void *wchan;
  so->so_error = -ECONNRESET;
  g_assert_cmpint(soreceive(so, buf, 4, MSG_PEEK, NULL, &flags, &wchan), ==,
                  -ECONNRESET);
  g_assert_cmpint(so->so_error, ==, -ECONNRESET);   /* PEEK keeps it */
  g_assert_cmpint(soreceive(so, buf, 4, 0, NULL, &flags, &wchan), ==,
                  -ECONNRESET);
  g_assert_cmpint(so->so_error, ==, 0);
  so->so_state &= ~SS_ISCONNECTED;
  g_assert_cmpint(soreceive(so, buf, 4, 0, NULL, &flags, &wchan), ==,
                  -ENOTCONN);
  soclose(so);
  rig_free(&r);
}

static void test_receive_oob(void)
{
  struct rig r;
  rig_init(&r);
  struct socket *so = fake_socket(&r, &fake_stream);
  so->so_state |= SS_ISCONNECTED;
  send_str(so, "abcdef");
  so->so_oobmark = 4;                 /* the mark is after "abcd" */
  g_assert_true(soexcept(so));
  char buf[16] = { 0 };
  int flags;
  const void *wchan;
  g_assert_cmpint(soreceive(so, buf, 16, 0, NULL, &flags, &wchan), ==, 4);
  g_assert_cmpstr(buf, ==, "abcd");
  g_assert_true(so->so_state & SS_RCVATMARK);
  int mark = 0;
  g_assert_cmpint(soioctl(so, SIOCATMARK, &mark), ==, 0);
  g_assert_cmpint(mark, ==, 1);
  g_assert_cmpint(soreceive(so, buf, 16, MSG_OOB, NULL, &flags, &wchan),
                  ==, 1);
  g_assert_cmpint(buf[0], ==, '!');
  g_assert_cmpint(soreceive(so, buf, 16, 0, NULL, &flags, &wchan), ==, 2);
  g_assert_false(so->so_state & SS_RCVATMARK);
  g_assert_false(soexcept(so));
  soclose(so);
  struct socket *d = fake_socket(&r, &fake_dgram);
  g_assert_cmpint(soreceive(d, buf, 16, MSG_OOB, NULL, &flags, &wchan), ==,
                  -EOPNOTSUPP);
  soclose(d);
  rig_free(&r);
}

/* ---- sending ---- */

static void test_send_checks(void)
{
  struct rig r;
  rig_init(&r);
  struct socket *d = fake_socket(&r, &fake_dgram);
  const void *wchan;
  char big[4097] = { 0 };
  g_assert_cmpint(sosend(d, NULL, "x", 1, 0, &wchan), ==, -EDESTADDRREQ);
  g_assert_cmpint(sosend(d, &to, big, 4097, 0, &wchan), ==, -EMSGSIZE);
  d->so_rcv.hiwat = 100000;           /* where the loop puts it */
  g_assert_cmpint(sosend(d, &to, big, 4096, 0, &wchan), ==, 4096);
  d->so_snd.cc = 4000;                 /* as if 4000 bytes were queued */
  g_assert_cmpint(sosend(d, &to, big, 97, 0, &wchan), ==, -EWOULDBLOCK);
  g_assert_true(wchan == &d->so_snd);
  d->so_state |= SS_NBIO;
  g_assert_cmpint(sosend(d, &to, big, 97, 0, &wchan), ==, -EWOULDBLOCK);
  g_assert_null(wchan);
  g_assert_cmpint(sosend(d, &to, big, 96, 0, &wchan), ==, 96);
  d->so_snd.cc = 0;
  d->so_error = -EHOSTUNREACH;                 /* returned, not cleared */
  g_assert_cmpint(sosend(d, &to, "x", 1, 0, &wchan), ==, -EHOSTUNREACH);
  g_assert_cmpint(sosend(d, &to, "x", 1, 0, &wchan), ==, -EHOSTUNREACH);
  socantsendmore(d);                           /* EPIPE comes first */
  g_assert_cmpint(sosend(d, &to, "x", 1, 0, &wchan), ==, -EPIPE);
  soclose(d);
  struct socket *s = fake_socket(&r, &fake_stream);
  g_assert_cmpint(sosend(s, NULL, "x", 1, 0, &wchan), ==, -ENOTCONN);
  soclose(s);
  rig_free(&r);
}

static void test_send_pieces(void)
{
  struct rig r;
  rig_init(&r);
  struct socket *s = fake_socket(&r, &fake_stream);
  s->so_state |= SS_ISCONNECTED;
  s->so_rcv.hiwat = 100000;            /* the loop's receiver never fills */
  char data[5000] = { 0 };
  const void *wchan;
  g_assert_cmpint(sosend(s, NULL, data, 150, 0, &wchan), ==, 150);
  sbflush(&s->so_snd);                 /* "acknowledged" */
  g_assert_cmpint(sosend(s, NULL, data, 3000, 0, &wchan), ==, 3000);
  GArray *a = sends_of(s);
  int want[] = { 100, 50, 2048, 952 };
  g_assert_cmpuint(a->len, ==, G_N_ELEMENTS(want));
  for (guint i = 0; i < a->len; i++)
    g_assert_cmpint(g_array_index(a, int, i), ==, want[i]);
  sbflush(&s->so_snd);                 /* all "acknowledged" */
  g_assert_cmpint(sosend(s, NULL, data, 1096, 0, &wchan), ==, 1096);
  g_array_set_size(a, 0);              /* now 3000 of 4096 are free */
  g_assert_cmpint(sosend(s, NULL, data, 5000, 0, &wchan), ==, 3000);
  g_assert_true(wchan == &s->so_snd);  /* sleep, then send the rest */
  int want2[] = { 2048, 100, 100, 100, 100, 100, 100, 100, 100, 100, 52 };
  g_assert_cmpuint(a->len, ==, G_N_ELEMENTS(want2));
  for (guint i = 0; i < a->len; i++)
    g_assert_cmpint(g_array_index(a, int, i), ==, want2[i]);
  g_assert_cmpint(sosend(s, NULL, data, 5000, 0, &wchan), ==, -EWOULDBLOCK);
  soclose(s);
  rig_free(&r);
}

/* ---- lent bytes (sosend_lent) ---- */

struct lender {
  struct pbuf_owner o;        /* first: release() gets it back */
  int released;               /* calls to release() */
};

static void lender_release(struct pbuf_owner *o)
{
  ((struct lender *)o)->released++;
}

/* Whether every pbuf of sb's first record points into bytes[0..len). */
static bool sb_borrows(const struct sockbuf *sb, const char *bytes,
                       size_t len)
{
  const struct sb_record *r = sb_first(sb);
  g_assert_nonnull(r);
  for (const struct pbuf *m = r->head; m; m = m->next)
    if (pbuf_data(m) < (const uint8_t *)bytes ||
        pbuf_data(m) + m->len > (const uint8_t *)bytes + len)
      return false;
  return true;
}

/* A stream's pieces borrow the lent bytes, cut and counted exactly as
 * sosend's copies (test_send_pieces); the lender is released once, when
 * the caller has let go and the last piece is "acknowledged" and read. */
static void test_send_lent_stream(void)
{
  struct rig r;
  rig_init(&r);
  struct socket *s = fake_socket(&r, &fake_stream);
  s->so_state |= SS_ISCONNECTED;
  s->so_rcv.hiwat = 100000;
  char data[5000];
  memset(data, 'L', sizeof data);
  struct lender l = { 0 };
  pbuf_owner_init(&l.o, data, sizeof data, lender_release);
  struct so_rights *none = NULL;
  const void *wchan;
  g_assert_cmpint(sosend_lent(s, NULL, data, 3000, 0, &none, &l.o, &wchan),
                  ==, 3000);
  GArray *a = sends_of(s);
  int want[] = { 2048, 952 };
  g_assert_cmpuint(a->len, ==, G_N_ELEMENTS(want));
  for (guint i = 0; i < a->len; i++)
    g_assert_cmpint(g_array_index(a, int, i), ==, want[i]);
  g_assert_cmpuint(s->so_snd.cc, ==, 3000);
  g_assert_true(sb_borrows(&s->so_snd, data, sizeof data));
  g_assert_true(sb_borrows(&s->so_rcv, data, sizeof data));
  g_array_set_size(a, 0);
  g_assert_cmpint(sosend_lent(s, NULL, data + 3000, 1096, 0, &none, &l.o,
                              &wchan), ==, 1096);
  int want2[] = { 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 96 };
  g_assert_cmpuint(a->len, ==, G_N_ELEMENTS(want2));
  for (guint i = 0; i < a->len; i++)
    g_assert_cmpint(g_array_index(a, int, i), ==, want2[i]);
  pbuf_owner_drop(&l.o);               /* the caller lets go */
  sbdrop(&s->so_snd, 4000);            /* most "acknowledged" */
  sbflush(&s->so_rcv);                 /* and read */
  g_assert_cmpint(l.released, ==, 0);  /* 96 bytes still unacknowledged */
  g_assert_cmpuint(s->so_snd.cc, ==, 96);
  sbdrop(&s->so_snd, 96);
  g_assert_cmpint(l.released, ==, 1);
  soclose(s);
  rig_free(&r);
}

/* Closing a socket with lent bytes still queued releases the lender. */
static void test_send_lent_close(void)
{
  struct rig r;
  rig_init(&r);
  struct socket *s = fake_socket(&r, &fake_stream);
  s->so_state |= SS_ISCONNECTED;
  static const char data[] = "kept until closed";
  struct lender l = { 0 };
  pbuf_owner_init(&l.o, data, sizeof data, lender_release);
  struct so_rights *none = NULL;
  const void *wchan;
  g_assert_cmpint(sosend_lent(s, NULL, data, sizeof data, 0, &none, &l.o,
                              &wchan), ==, (long)sizeof data);
  pbuf_owner_drop(&l.o);
  g_assert_cmpint(l.released, ==, 0);
  soclose(s);
  g_assert_cmpint(l.released, ==, 1);
  rig_free(&r);
}

/* A PR_ATOMIC protocol copies: the datagram does not borrow, and the
 * lender goes as soon as the caller lets go. */
static void test_send_lent_atomic(void)
{
  struct rig r;
  rig_init(&r);
  struct socket *d = fake_socket(&r, &fake_dgram);
  static const char data[] = "a datagram";
  struct lender l = { 0 };
  pbuf_owner_init(&l.o, data, sizeof data, lender_release);
  struct so_rights *none = NULL;
  const void *wchan;
  g_assert_cmpint(sosend_lent(d, &to, data, sizeof data, 0, &none, &l.o,
                              &wchan), ==, (long)sizeof data);
  g_assert_false(sb_borrows(&d->so_rcv, data, sizeof data));
  g_assert_cmpuint(l.o.refs, ==, 1);
  pbuf_owner_drop(&l.o);
  g_assert_cmpint(l.released, ==, 1);
  soclose(d);
  rig_free(&r);
}

/* ---- options and ioctls ---- */

/* SO_SNDBUF and SO_RCVBUF as 4.4BSD's sosetopt: the int is taken as an
 * unsigned long by sbreserve, so a negative size is a huge one; anything
 * over sb_max's share (246723) fails with ENOBUFS and changes nothing;
 * 0 is accepted. */
static void test_buffer_limits(void)
{
  struct rig r;
  rig_init(&r);
  struct socket *so = fake_socket(&r, &fake_dgram);
  static const int too_big[] = { 246724, INT_MAX, -1, INT_MIN, -246723 };
  static const int opts[] = { SO_SNDBUF, SO_RCVBUF };
  int val, onoff;
  for (guint o = 0; o < G_N_ELEMENTS(opts); o++) {
    g_assert_cmpint(sosetopt(so, SOL_SOCKET, opts[o], 246723, 0), ==, 0);
    for (guint i = 0; i < G_N_ELEMENTS(too_big); i++) {
      g_assert_cmpint(sosetopt(so, SOL_SOCKET, opts[o], too_big[i], 0), ==,
                      -ENOBUFS);
      sogetopt(so, SOL_SOCKET, opts[o], &val, &onoff);
      g_assert_cmpint(val, ==, 246723);
    }
    g_assert_cmpint(sosetopt(so, SOL_SOCKET, opts[o], 0, 0), ==, 0);
    sogetopt(so, SOL_SOCKET, opts[o], &val, &onoff);
    g_assert_cmpint(val, ==, 0);
  }
  soclose(so);
  rig_free(&r);
}

/* A host's sb_max (kern.ipc.maxsockbuf) raises the buffer limit: 1 MB is
 * refused at 4.4BSD's 256 KB and taken at 2 MB. */
static void test_sb_max(void)
{
  struct rig r;
  rig_init(&r);
  struct socket *so = fake_socket(&r, &fake_dgram);
  int val, onoff;
  g_assert_cmpint(sosetopt(so, SOL_SOCKET, SO_RCVBUF, 1 << 20, 0), ==,
                  -ENOBUFS);
  r.h->sb_max = 2 << 20;
  g_assert_cmpint(sosetopt(so, SOL_SOCKET, SO_RCVBUF, 1 << 20, 0), ==, 0);
  sogetopt(so, SOL_SOCKET, SO_RCVBUF, &val, &onoff);
  g_assert_cmpint(val, ==, 1 << 20);
  g_assert_cmpint(sosetopt(so, SOL_SOCKET, SO_SNDBUF, 2 << 20, 0), ==,
                  -ENOBUFS);                  /* over 2 MB * 2048 / 2176 */
  soclose(so);
  rig_free(&r);
}

static void test_options(void)
{
  struct rig r;
  rig_init(&r);
  struct socket *so = fake_socket(&r, &fake_dgram);
  int val, onoff;
  g_assert_cmpint(sosetopt(so, SOL_SOCKET, SO_REUSEADDR, 1, 0), ==, 0);
  g_assert_cmpint(sogetopt(so, SOL_SOCKET, SO_REUSEADDR, &val, &onoff), ==,
                  0);
  g_assert_cmpint(val, ==, SO_REUSEADDR);       /* the bit, 4 */
  g_assert_cmpint(sosetopt(so, SOL_SOCKET, SO_REUSEADDR, 0, 0), ==, 0);
  sogetopt(so, SOL_SOCKET, SO_REUSEADDR, &val, &onoff);
  g_assert_cmpint(val, ==, 0);
  g_assert_cmpint(sosetopt(so, SOL_SOCKET, SO_LINGER, 30, 1), ==, 0);
  sogetopt(so, SOL_SOCKET, SO_LINGER, &val, &onoff);
  g_assert_cmpint(val, ==, 30);
  g_assert_cmpint(onoff, ==, SO_LINGER);
  g_assert_cmpint(sosetopt(so, SOL_SOCKET, SO_SNDBUF, 8192, 0), ==, 0);
  sogetopt(so, SOL_SOCKET, SO_SNDBUF, &val, &onoff);
  g_assert_cmpint(val, ==, 8192);
  g_assert_cmpint(sosetopt(so, SOL_SOCKET, SO_RCVBUF, 300000, 0), ==,
                  -ENOBUFS);
  sogetopt(so, SOL_SOCKET, SO_TYPE, &val, &onoff);
  g_assert_cmpint(val, ==, SOCK_DGRAM);
  g_assert_cmpint(sosetopt(so, SOL_SOCKET, SO_TYPE, 1, 0), ==, -ENOPROTOOPT);
  g_assert_cmpint(sogetopt(so, SOL_SOCKET, SO_ACCEPTCONN, &val, &onoff), ==,
                  -ENOPROTOOPT);
  g_assert_cmpint(sogetopt(so, SOL_SOCKET, 0x4242, &val, &onoff), ==,
                  -ENOPROTOOPT);
  so->so_error = -ECONNREFUSED;
  sogetopt(so, SOL_SOCKET, SO_ERROR, &val, &onoff);
  g_assert_cmpint(val, ==, -ECONNREFUSED);
  g_assert_cmpint(so->so_error, ==, 0);         /* reading cleared it */
  /* the protocol hears of SOL_SOCKET sets and gets the other levels */
  struct fake_pcb *pcb = so->so_pcb;
  int calls = pcb->ctl_calls;
  g_assert_cmpint(sogetopt(so, IPPROTO_IP, IP_TTL, &val, &onoff), ==, 0);
  g_assert_cmpint(val, ==, 99);
  g_assert_cmpint(sosetopt(so, IPPROTO_TCP, TCP_NODELAY, 1, 0), ==, -EINVAL);
  g_assert_cmpint(pcb->ctl_calls, ==, calls + 2);
  soclose(so);
  struct socket *s = fake_socket(&r, &fake_stream);    /* no ctloutput */
  g_assert_cmpint(sogetopt(s, IPPROTO_IP, IP_TTL, &val, &onoff), ==,
                  -ENOPROTOOPT);
  soclose(s);
  rig_free(&r);
}

/* SO_SNDTIMEO/SO_RCVTIMEO (4.4BSD sosetopt/sogetopt, sbwait's tsleep
 * timeout): a timeval kept in ticks of 10 ms, truncated; over SHRT_MAX
 * ticks, negative, or usec outside 0..999999 is EDOM. */
static void test_timeo_options(void)
{
  struct rig r;
  rig_init(&r);
  struct socket *so = fake_socket(&r, &fake_stream);
  int val, onoff;
  g_assert_cmpint(sosetopt(so, SOL_SOCKET, SO_RCVTIMEO, 2, 505000), ==, 0);
  g_assert_cmpint(sogetopt(so, SOL_SOCKET, SO_RCVTIMEO, &val, &onoff), ==,
                  0);
  g_assert_cmpint(val, ==, 2);
  g_assert_cmpint(onoff, ==, 500000);           /* 250 ticks */
  g_assert_cmpint(so_sleep_timeo(so, &so->so_rcv), ==, 2500 * SIM_MS);
  g_assert_cmpint(so_sleep_timeo(so, &so->so_snd), ==, 0);
  g_assert_cmpint(so_sleep_timeo(so, &so->so_timeo), ==, 0);
  g_assert_cmpint(sosetopt(so, SOL_SOCKET, SO_SNDTIMEO, 327, 670000), ==, 0);
  g_assert_cmpint(so_sleep_timeo(so, &so->so_snd), ==, 327670 * SIM_MS);
  g_assert_cmpint(sosetopt(so, SOL_SOCKET, SO_SNDTIMEO, 327, 680000), ==,
                  -EDOM);
  g_assert_cmpint(sosetopt(so, SOL_SOCKET, SO_SNDTIMEO, INT_MAX, 0), ==,
                  -EDOM);
  g_assert_cmpint(sosetopt(so, SOL_SOCKET, SO_SNDTIMEO, -1, 0), ==, -EDOM);
  g_assert_cmpint(sosetopt(so, SOL_SOCKET, SO_SNDTIMEO, 0, 1000000), ==,
                  -EDOM);
  g_assert_cmpint(so_sleep_timeo(so, &so->so_snd), ==, 327670 * SIM_MS);
  /* under one tick truncates to 0: no limit */
  g_assert_cmpint(sosetopt(so, SOL_SOCKET, SO_SNDTIMEO, 0, 9999), ==, 0);
  g_assert_cmpint(so_sleep_timeo(so, &so->so_snd), ==, 0);
  soclose(so);
  rig_free(&r);
}

/* MSG_DONTWAIT (4.4BSD-Lite soreceive): EWOULDBLOCK instead of a channel
 * when nothing is queued, and what is there without waiting for
 * MSG_WAITALL or the low-water mark. sosend ignores it, as Lite does. */
static void test_receive_dontwait(void)
{
  struct rig r;
  rig_init(&r);
  struct socket *so = fake_socket(&r, &fake_stream);
  so->so_state |= SS_ISCONNECTED;
  char buf[16];
  int flags;
  const void *wchan = &r;
  g_assert_cmpint(soreceive(so, buf, 4, MSG_DONTWAIT, NULL, &flags, &wchan),
                  ==, -EWOULDBLOCK);
  g_assert_null(wchan);
  send_str(so, "ab");
  so->so_rcv.lowat = 4;
  g_assert_cmpint(soreceive(so, buf, 8, MSG_DONTWAIT | MSG_WAITALL, NULL,
                            &flags, &wchan), ==, 2);
  soclose(so);
  rig_free(&r);
}

static void test_ioctl(void)
{
  struct rig r;
  rig_init(&r);
  struct socket *so = fake_socket(&r, &fake_dgram);
  int arg = 1;
  g_assert_cmpint(soioctl(so, FIONBIO, &arg), ==, 0);
  g_assert_true(so->so_state & SS_NBIO);
  arg = 0;
  soioctl(so, FIONBIO, &arg);
  g_assert_false(so->so_state & SS_NBIO);
  send_str(so, "12345");
  soioctl(so, FIONREAD, &arg);
  g_assert_cmpint(arg, ==, 5 + 16);             /* 4.4BSD counts the name */
  arg = -42;
  soioctl(so, SIOCSPGRP, &arg);
  arg = 0;
  soioctl(so, SIOCGPGRP, &arg);
  g_assert_cmpint(arg, ==, -42);
  g_assert_cmpint(soioctl(so, 0x12345678, &arg), ==, -EOPNOTSUPP);
  soclose(so);
  rig_free(&r);
}

/* ---- select ---- */

static void test_select_conditions(void)
{
  struct rig r;
  rig_init(&r);
  struct socket *s = fake_socket(&r, &fake_stream);
  g_assert_false(soreadable(s));
  g_assert_false(sowriteable(s));     /* needs a connection first */
  s->so_state |= SS_ISCONNECTED;
  g_assert_true(sowriteable(s));
  s->so_snd.cc = 4096 - 2047;          /* space under the low-water mark */
  g_assert_false(sowriteable(s));
  s->so_snd.cc = 0;
  send_str(s, "x");
  g_assert_true(soreadable(s));
  g_assert_false(soexcept(s));
  soclose(s);
  struct socket *d = fake_socket(&r, &fake_dgram);
  g_assert_true(sowriteable(d));      /* datagrams need no connection */
  d->so_error = -EHOSTDOWN;
  g_assert_true(soreadable(d));
  soclose(d);
  rig_free(&r);
}

/* ---- listen queues ---- */

static void test_listen_queue(void)
{
  struct rig r;
  rig_init(&r);
  struct socket *l = fake_socket(&r, &fake_stream);
  g_assert_cmpint(solisten(l, 1), ==, 0);
  g_assert_true(l->so_options & SO_ACCEPTCONN);
  g_assert_cmpint(l->so_qlimit, ==, 1);
  /* 3 * 1 / 2 = 1: two fit, the third is refused */
  g_assert_nonnull(sonewconn(l, SS_ISCONNECTED));
  g_assert_nonnull(sonewconn(l, 0));
  g_assert_null(sonewconn(l, SS_ISCONNECTED));
  g_assert_cmpint(l->so_qlen, ==, 1);
  g_assert_cmpint(l->so_q0len, ==, 1);
  struct socket *a;
  struct so_addr nam;
  const void *wchan;
  g_assert_cmpint(soaccept(l, &a, &nam, &wchan), ==, 0);
  g_assert_false(a->so_state & SS_NOFDREF);
  g_assert_true(a->so_state & SS_ISCONNECTED);
  g_assert_cmpint(soaccept(l, &a, &nam, &wchan), ==, -EWOULDBLOCK);
  g_assert_true(wchan == &l->so_timeo);
  soclose(a);
  g_assert_cmpint(solisten(l, 50), ==, 0);
  g_assert_cmpint(l->so_qlimit, ==, SOMAXCONN);
  soclose(l);                          /* aborts the one on so_q0 */
  /* SOMAXCONN 5: 3 * 5 / 2 = 7, so eight wait and the ninth is refused */
  struct socket *l5 = fake_socket(&r, &fake_stream);
  g_assert_cmpint(solisten(l5, 5), ==, 0);
  for (int i = 0; i < 8; i++)
    g_assert_nonnull(sonewconn(l5, i % 2 ? SS_ISCONNECTED : 0));
  g_assert_null(sonewconn(l5, 0));
  soclose(l5);
  struct socket *d = fake_socket(&r, &fake_stream);
  g_assert_cmpint(soaccept(d, &a, &nam, &wchan), ==, -EINVAL);
  soclose(d);
  rig_free(&r);
}

/* ---- socreate ---- */

/* A domain of the two fake protocols plus a raw wildcard, for socket()'s
 * lookups (hosts/uipc_domain.c); the real domains are protocols/'. */
static const struct protosw fake_raw = {
  .pr_type = SOCK_RAW, .pr_domain = AF_INET, .pr_protocol = 0,
  .pr_flags = PR_ATOMIC | PR_ADDR, .pr_name = "fake-raw",
  .pr_attach = fake_attach, .pr_detach = fake_detach,
  .pr_send = fake_send,
};

static const struct protosw *const fake_sw[] = {
  &fake_dgram, &fake_stream, &fake_raw, NULL,
};

static const struct domain fake_domain = {
  .dom_family = AF_INET, .dom_name = "fake", .dom_protosw = fake_sw,
};

static const struct domain *const fake_domains[] = { &fake_domain, NULL };

static void test_socreate_errors(void)
{
  struct rig r;
  r.sim = sim_new(1);
  r.h = host_new(r.sim, "h", fake_domains);
  struct socket *so = NULL;
  g_assert_cmpint(socreate(r.h, true, AF_INET, SOCK_STREAM, 0, &so), ==, 0);
  g_assert_true(so->so_state & SS_PRIV);
  g_assert_true(so->so_proto == &fake_stream);
  soclose(so);
  g_assert_cmpint(socreate(r.h, false, AF_INET, SOCK_DGRAM, 200, &so), ==, 0);
  g_assert_false(so->so_state & SS_PRIV);
  g_assert_true(so->so_proto == &fake_dgram);
  soclose(so);
  /* SOCK_RAW with a protocol nobody has: the wildcard raw entry */
  g_assert_cmpint(socreate(r.h, true, AF_INET, SOCK_RAW, 77, &so), ==, 0);
  g_assert_true(so->so_proto == &fake_raw);
  soclose(so);
  /* 4.4BSD-Lite: every miss is EPROTONOSUPPORT */
  g_assert_cmpint(socreate(r.h, true, 99, SOCK_STREAM, 0, &so), ==,
                  -EPROTONOSUPPORT);
  g_assert_cmpint(socreate(r.h, true, AF_UNIX, SOCK_STREAM, 0, &so), ==,
                  -EPROTONOSUPPORT);
  g_assert_cmpint(socreate(r.h, true, AF_INET, 42, 0, &so), ==,
                  -EPROTONOSUPPORT);
  g_assert_cmpint(socreate(r.h, true, AF_INET, SOCK_STREAM, 200, &so), ==,
                  -EPROTONOSUPPORT);
  g_assert_cmpint(socreate(r.h, true, AF_UNSPEC, SOCK_DGRAM, 0, &so), ==,
                  -EPROTONOSUPPORT);
  rig_free(&r);
  /* a host of no domain speaks nothing */
  rig_init(&r);
  g_assert_cmpint(socreate(r.h, true, AF_INET, SOCK_DGRAM, 0, &so), ==,
                  -EPROTONOSUPPORT);
  rig_free(&r);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/socket/sockbuf/records", test_sockbuf_records);
  g_test_add_func("/socket/sockbuf/addr", test_sockbuf_addr);
  g_test_add_func("/socket/sockbuf/copy-cursor", test_sockbuf_copy_cursor);
  g_test_add_func("/socket/sockbuf/walk", test_sockbuf_walk);
  g_test_add_func("/socket/sockbuf/spare-reuse", test_sockbuf_spare_reuse);
  g_test_add_func("/socket/receive/truncate", test_receive_truncate);
  g_test_add_func("/socket/receive/peek", test_receive_peek);
  g_test_add_func("/socket/receive/stream", test_receive_stream);
  g_test_add_func("/socket/receive/error-first", test_receive_error_first);
  g_test_add_func("/socket/receive/oob-mark", test_receive_oob);
  g_test_add_func("/socket/send/checks", test_send_checks);
  g_test_add_func("/socket/send/pieces", test_send_pieces);
  g_test_add_func("/socket/send/lent/stream", test_send_lent_stream);
  g_test_add_func("/socket/send/lent/close", test_send_lent_close);
  g_test_add_func("/socket/send/lent/atomic", test_send_lent_atomic);
  g_test_add_func("/socket/options", test_options);
  g_test_add_func("/socket/options/buffer-limits", test_buffer_limits);
  g_test_add_func("/socket/options/sb-max", test_sb_max);
  g_test_add_func("/socket/options/timeo", test_timeo_options);
  g_test_add_func("/socket/receive/dontwait", test_receive_dontwait);
  g_test_add_func("/socket/ioctl", test_ioctl);
  g_test_add_func("/socket/select-conditions", test_select_conditions);
  g_test_add_func("/socket/listen-queue", test_listen_queue);
  g_test_add_func("/socket/socreate/errors", test_socreate_errors);
  return g_test_run();
}
