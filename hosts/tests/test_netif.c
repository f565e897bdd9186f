/* hosts/tests/test_netif.c: interfaces (hosts/netif.h) and the raw test
 * frames above them (hosts/rawlink.h), over a fake medium.
 *
 * The fake medium is a struct medium_port whose output records a copy of
 * each frame (or refuses it with a chosen errno, as a full queue would);
 * input is driven by calling port->input directly with hand-built or
 * recorded frames. Frame bytes are asserted byte for byte against the
 * formats: Ethernet DIX with type 0x88b5 (IEEE 802 local experimental),
 * and PPP (RFC 1662 framing) LCP Echo-Request (RFC 1661 section 5.8). */
#include <errno.h>
#include <string.h>
#include <glib.h>

#include "host.h"
#include "netif.h"
#include "proc.h"
#include "rawlink.h"

/* ---- the fake medium ---- */

struct fake {
  struct medium_port port;    /* first: output casts back from it */
  GPtrArray *frames;          /* GBytes *, frames accepted, in order */
  int refuse;                 /* 0: accept; else the negative errno */
};

static int fake_output(struct medium_port *port, struct pbuf *p)
{
  struct fake *f = (struct fake *)port;
  if (f->refuse) {
    pbuf_free(p);
    return f->refuse;
  }
  g_ptr_array_add(f->frames, g_bytes_new(pbuf_data(p), p->len));
  pbuf_free(p);
  return 0;
}

static const struct medium_ops fake_ops = { .output = fake_output };

static void fake_init(struct fake *f, enum medium_kind kind)
{
  memset(f, 0, sizeof *f);
  f->port.ops = &fake_ops;
  f->port.kind = kind;
  f->port.mtu = ETHER_MTU;
  f->port.medium_name = "fake0";
  f->frames = g_ptr_array_new_with_free_func((GDestroyNotify)g_bytes_unref);
}

static void fake_clear(struct fake *f)
{
  g_ptr_array_unref(f->frames);
}

/* Asserts that recorded frame i is exactly want[0..len). */
static void check_frame(struct fake *f, guint i, const uint8_t *want,
                        size_t len)
{
  g_assert_cmpuint(i, <, f->frames->len);
  gsize n;
  const uint8_t *got = g_bytes_get_data(f->frames->pdata[i], &n);
  g_assert_cmpmem(got, n, want, len);
}

/* Hands a copy of bytes to the port, as the medium would on arrival. */
static void deliver(struct fake *f, const void *bytes, uint32_t len)
{
  g_assert_nonnull(f->port.input);
  f->port.input(f->port.upper, pbuf_from(bytes, len));
}

/* Delivers recorded frame i of `from` to `to`. */
static void deliver_recorded(struct fake *from, guint i, struct fake *to)
{
  gsize n;
  const void *d = g_bytes_get_data(from->frames->pdata[i], &n);
  deliver(to, d, (uint32_t)n);
}

static const uint8_t mac1[ETHER_ADDR_LEN] = { 0x02, 0, 0, 0, 0, 0x01 };
static const uint8_t mac2[ETHER_ADDR_LEN] = { 0x02, 0, 0, 0, 0, 0x02 };

/* ---- netif ---- */

static void test_attach(void)
{
  struct sim *sim = sim_new(1);
  struct host *h = host_new(sim, "h", NULL);
  struct fake fe, fp;
  fake_init(&fe, MEDIUM_ETHERNET);
  fake_init(&fp, MEDIUM_P2P);
  struct netif *en = netif_attach(h, &fe.port, "en0", mac1);
  struct netif *ppp = netif_attach(h, &fp.port, "ppp0", NULL);
  g_assert_nonnull(fe.port.input);
  g_assert_true(fe.port.upper == en);
  g_assert_cmpstr(fe.port.upper_name, ==, "h.en0");
  g_assert_cmpstr(en->label, ==, "h.en0");
  g_assert_cmpstr(en->name, ==, "en0");
  g_assert_true(en->host == h && en->port == &fe.port);
  g_assert_cmpmem(en->mac, ETHER_ADDR_LEN, mac1, ETHER_ADDR_LEN);
  g_assert_cmpuint(en->rawq_max, ==, 50);
  g_assert_cmpuint(en->rawq.length, ==, 0);
  g_assert_cmpstr(fp.port.upper_name, ==, "h.ppp0");
  static const uint8_t zero[ETHER_ADDR_LEN];
  g_assert_cmpmem(ppp->mac, ETHER_ADDR_LEN, zero, ETHER_ADDR_LEN);
  g_assert_cmpuint(h->ifs->len, ==, 2);
  g_assert_true(host_find_if(h, "en0") == en);
  g_assert_true(host_find_if(h, "ppp0") == ppp);
  g_assert_null(host_find_if(h, "en1"));
  host_free(h);                    /* detaches: the medium may live on */
  g_assert_null(fe.port.input);
  g_assert_null(fe.port.upper);
  g_assert_null(fp.port.upper_name);
  fake_clear(&fe);
  fake_clear(&fp);
  sim_free(sim);
}

/* Accepted frames count tx_frames/tx_bytes; a refused one counts
 * tx_errors only and its errno comes back. */
static void test_output_counts(void)
{
  struct sim *sim = sim_new(1);
  struct host *h = host_new(sim, "h", NULL);
  struct fake f;
  fake_init(&f, MEDIUM_ETHERNET);
  struct netif *ifp = netif_attach(h, &f.port, "en0", mac1);
  uint32_t lens[3] = { 60, 100, 1514 };
  for (int i = 0; i < 3; i++) {
    struct pbuf *p = pbuf_new(lens[i]);
    pbuf_data(p)[0] = (uint8_t)(0xa0 + i);
    g_assert_cmpint(netif_output(ifp, p), ==, 0);
  }
  g_assert_cmpuint(ifp->stats.tx_frames, ==, 3);
  g_assert_cmpuint(ifp->stats.tx_bytes, ==, 60 + 100 + 1514);
  g_assert_cmpuint(ifp->stats.tx_errors, ==, 0);
  g_assert_cmpuint(f.frames->len, ==, 3);
  for (guint i = 0; i < 3; i++) {
    gsize n;
    const uint8_t *d = g_bytes_get_data(f.frames->pdata[i], &n);
    g_assert_cmpuint(n, ==, lens[i]);
    g_assert_cmpuint(d[0], ==, 0xa0 + i);
  }
  f.refuse = -ENOBUFS;
  g_assert_cmpint(netif_output(ifp, pbuf_new(60)), ==, -ENOBUFS);
  f.refuse = -EMSGSIZE;
  g_assert_cmpint(netif_output(ifp, pbuf_new(2000)), ==, -EMSGSIZE);
  g_assert_cmpuint(ifp->stats.tx_frames, ==, 3);
  g_assert_cmpuint(ifp->stats.tx_bytes, ==, 60 + 100 + 1514);
  g_assert_cmpuint(ifp->stats.tx_errors, ==, 2);
  g_assert_cmpuint(f.frames->len, ==, 3);
  g_assert_cmpuint(ifp->stats.rx_frames, ==, 0);
  host_free(h);
  fake_clear(&f);
  sim_free(sim);
}

static void test_mac_format_parse(void)
{
  static const uint8_t macs[][ETHER_ADDR_LEN] = {
    { 0x02, 0, 0, 0, 0, 0x01 },
    { 0xde, 0xad, 0xbe, 0xef, 0xfe, 0xed },
    { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff },
    { 0, 0, 0, 0, 0, 0 },
  };
  static const char *const text[] = {
    "02:00:00:00:00:01", "de:ad:be:ef:fe:ed", "ff:ff:ff:ff:ff:ff",
    "00:00:00:00:00:00",
  };
  for (guint i = 0; i < G_N_ELEMENTS(macs); i++) {
    char buf[18];
    uint8_t back[ETHER_ADDR_LEN];
    netif_format_mac(macs[i], buf);
    g_assert_cmpstr(buf, ==, text[i]);
    g_assert_true(netif_parse_mac(buf, back));
    g_assert_cmpmem(back, ETHER_ADDR_LEN, macs[i], ETHER_ADDR_LEN);
  }
  uint8_t m[ETHER_ADDR_LEN];
  g_assert_true(netif_parse_mac("DE:AD:bE:Ef:FE:ED", m));
  g_assert_cmpmem(m, ETHER_ADDR_LEN, macs[1], ETHER_ADDR_LEN);

  static const char *const bad[] = {
    "", "02:00:00:00:00", "02:00:00:00:00:", "02:00:00:00:00:01x",
    "02:00:00:00:00:01:", "02:00:00:00:00:01:02", "02:00:00:00:00:01\n",
    "02-00-00-00-00-01", "zz:00:00:00:00:01", "02:00:00:00:00:0g",
    "002:00:00:00:00:01", "020000000001",
    /* sscanf's %x would take these; they are not hex digits */
    " 02:00:00:00:00:01", "-1:00:00:00:00:00", "+1:00:00:00:00:00",
    "0x:00:00:00:00:01", "02:00:00:00:00: 1",
  };
  static const uint8_t untouched[ETHER_ADDR_LEN] = { 1, 2, 3, 4, 5, 6 };
  for (guint i = 0; i < G_N_ELEMENTS(bad); i++) {
    memcpy(m, untouched, sizeof m);
    if (netif_parse_mac(bad[i], m))
      g_error("netif_parse_mac accepted \"%s\"", bad[i]);
    g_assert_cmpmem(m, ETHER_ADDR_LEN, untouched, ETHER_ADDR_LEN);
  }
}

/* ---- rawlink ---- */

struct pair {
  struct sim *sim;            /* the run */
  struct host *h;             /* one host, two interfaces */
  struct fake fa, fb;         /* their fake media */
  struct netif *a, *b;        /* a sends, b receives */
};

static void pair_init(struct pair *x, enum medium_kind kind)
{
  x->sim = sim_new(1);
  x->h = host_new(x->sim, "h", NULL);
  fake_init(&x->fa, kind);
  fake_init(&x->fb, kind);
  bool eth = kind == MEDIUM_ETHERNET;
  x->a = netif_attach(x->h, &x->fa.port, eth ? "en0" : "ppp0",
                      eth ? mac1 : NULL);
  x->b = netif_attach(x->h, &x->fb.port, eth ? "en1" : "ppp1",
                      eth ? mac2 : NULL);
}

static void pair_free(struct pair *x)
{
  host_free(x->h);
  fake_clear(&x->fa);
  fake_clear(&x->fb);
  g_assert_cmpuint(sched_pending(x->sim->sched), ==, 0);
  sim_free(x->sim);
}

static void test_ether_frame_bytes(void)
{
  struct pair x;
  pair_init(&x, MEDIUM_ETHERNET);
  static const uint8_t want[] = {
    0x02, 0x00, 0x00, 0x00, 0x00, 0x02,           /* dst */
    0x02, 0x00, 0x00, 0x00, 0x00, 0x01,           /* src: en0's MAC */
    0x88, 0xb5,                                   /* type */
    0x01, 0x02, 0x03, 0x04,                       /* seq */
    0x04, 0x05, 0x06, 0x07, 0x08, 0x09,           /* pattern */
  };
  g_assert_cmpint(rawlink_send(x.a, mac2, 10, 0x01020304), ==, 0);
  check_frame(&x.fa, 0, want, sizeof want);
  g_assert_cmpuint(x.a->stats.tx_frames, ==, 1);
  g_assert_cmpuint(x.a->stats.tx_bytes, ==, sizeof want);

  /* A long one: the pattern is the byte's offset in the data, mod 256. */
  g_assert_cmpint(rawlink_send(x.a, mac2, 1500, 0xfffffffe), ==, 0);
  gsize n;
  const uint8_t *d = g_bytes_get_data(x.fa.frames->pdata[1], &n);
  g_assert_cmpuint(n, ==, ETHER_HDR_LEN + 1500);
  static const uint8_t seq[] = { 0xff, 0xff, 0xff, 0xfe };
  g_assert_cmpmem(d + ETHER_HDR_LEN, 4, seq, 4);
  for (guint i = 4; i < 1500; i++)
    g_assert_cmpuint(d[ETHER_HDR_LEN + i], ==, i & 0xff);
  pair_free(&x);
}

static void test_ppp_frame_bytes(void)
{
  struct pair x;
  pair_init(&x, MEDIUM_P2P);
  static const uint8_t want[] = {
    0xff, 0x03, 0xc0, 0x21,                       /* PPP: LCP */
    0x09, 0x05, 0x00, 0x0e,                       /* Echo-Request, id, len */
    0x00, 0x00, 0x00, 0x00,                       /* magic number */
    0x00, 0x00, 0x01, 0x05,                       /* seq */
    0x04, 0x05,                                   /* pattern */
  };
  g_assert_cmpint(rawlink_send(x.a, mac2, 6, 0x105), ==, 0);
  check_frame(&x.fa, 0, want, sizeof want);
  g_assert_cmpuint(x.a->stats.tx_bytes, ==, sizeof want);

  /* The id is the low byte of seq; the length needs both bytes. */
  g_assert_cmpint(rawlink_send(x.a, mac2, 300, 0x12345678), ==, 0);
  gsize n;
  const uint8_t *d = g_bytes_get_data(x.fa.frames->pdata[1], &n);
  g_assert_cmpuint(n, ==, 4 + 8 + 300);
  static const uint8_t hdr[] = {
    0xff, 0x03, 0xc0, 0x21, 0x09, 0x78, 0x01, 0x34, 0, 0, 0, 0,
    0x12, 0x34, 0x56, 0x78,
  };
  g_assert_cmpmem(d, sizeof hdr, hdr, sizeof hdr);
  g_assert_cmpuint(d[12 + 255], ==, 0xff);
  g_assert_cmpuint(d[12 + 256], ==, 0x00);
  g_assert_cmpuint(d[12 + 299], ==, 299 & 0xff);
  pair_free(&x);
}

static void test_input_recv_ether(void)
{
  struct pair x;
  pair_init(&x, MEDIUM_ETHERNET);
  struct rawlink_frame f;
  g_assert_false(rawlink_recv(x.b, &f));
  g_assert_cmpint(rawlink_send(x.a, mac2, 46, 7), ==, 0);
  g_assert_cmpint(rawlink_send(x.a, mac2, 4, 8), ==, 0);
  deliver_recorded(&x.fa, 0, &x.fb);
  deliver_recorded(&x.fa, 1, &x.fb);
  /* An IP frame (type 0x0800) and a runt without a full header. */
  uint8_t ip[60] = { 0 };
  ip[12] = 0x08;
  deliver(&x.fb, ip, sizeof ip);
  deliver(&x.fb, ip, ETHER_HDR_LEN - 1);
  g_assert_cmpuint(x.b->stats.rx_frames, ==, 4);
  g_assert_cmpuint(x.b->stats.rx_bytes, ==, 60 + 18 + 60 + 13);
  g_assert_cmpuint(x.b->stats.rx_unknown, ==, 2);
  g_assert_cmpuint(x.b->rawq.length, ==, 2);

  g_assert_true(rawlink_recv(x.b, &f));
  g_assert_cmpuint(f.seq, ==, 7);
  g_assert_cmpuint(f.data_len, ==, 46);
  g_assert_cmpuint(f.frame_len, ==, 60);
  g_assert_cmpmem(f.src, ETHER_ADDR_LEN, mac1, ETHER_ADDR_LEN);
  g_assert_cmpmem(f.dst, ETHER_ADDR_LEN, mac2, ETHER_ADDR_LEN);
  g_assert_true(rawlink_recv(x.b, &f));
  g_assert_cmpuint(f.seq, ==, 8);
  g_assert_cmpuint(f.data_len, ==, 4);
  g_assert_cmpuint(f.frame_len, ==, 18);
  g_assert_false(rawlink_recv(x.b, &f));

  /* The right type but too short for a sequence number: dropped (and
   * counted unknown) by the reader, who then gets the next good frame. */
  uint8_t runt[ETHER_HDR_LEN + 3] = { 0 };
  runt[12] = 0x88, runt[13] = 0xb5;
  deliver(&x.fb, runt, sizeof runt);
  deliver_recorded(&x.fa, 1, &x.fb);
  g_assert_true(rawlink_recv(x.b, &f));
  g_assert_cmpuint(f.seq, ==, 8);
  g_assert_cmpuint(x.b->stats.rx_unknown, ==, 3);
  g_assert_false(rawlink_recv(x.b, &f));
  pair_free(&x);
}

static void test_input_recv_ppp(void)
{
  struct pair x;
  pair_init(&x, MEDIUM_P2P);
  g_assert_cmpint(rawlink_send(x.a, mac2, 20, 0xabcdef01), ==, 0);
  deliver_recorded(&x.fa, 0, &x.fb);
  static const uint8_t ipv4[] = { 0xff, 0x03, 0x00, 0x21, 0x45, 0, 0, 20 };
  static const uint8_t noaddr[] = { 0xfe, 0x03, 0xc0, 0x21, 9, 0, 0, 12,
                                    0, 0, 0, 0, 0, 0, 0, 1 };
  deliver(&x.fb, ipv4, sizeof ipv4);
  deliver(&x.fb, noaddr, sizeof noaddr);
  deliver(&x.fb, noaddr, 3);
  g_assert_cmpuint(x.b->stats.rx_frames, ==, 4);
  g_assert_cmpuint(x.b->stats.rx_unknown, ==, 3);
  struct rawlink_frame f;
  memset(&f, 0x55, sizeof f);
  g_assert_true(rawlink_recv(x.b, &f));
  g_assert_cmpuint(f.seq, ==, 0xabcdef01);
  g_assert_cmpuint(f.data_len, ==, 20);
  g_assert_cmpuint(f.frame_len, ==, 32);
  static const uint8_t zero[ETHER_ADDR_LEN];
  g_assert_cmpmem(f.src, ETHER_ADDR_LEN, zero, ETHER_ADDR_LEN);
  g_assert_cmpmem(f.dst, ETHER_ADDR_LEN, zero, ETHER_ADDR_LEN);
  g_assert_false(rawlink_recv(x.b, &f));
  pair_free(&x);
}

/* The raw queue holds rawq_max frames; the rest count rx_overflow. The
 * frames left queued at the end are freed by host_free (ASan checks). */
static void test_input_overflow(void)
{
  struct pair x;
  pair_init(&x, MEDIUM_ETHERNET);
  for (uint32_t i = 0; i < 53; i++) {
    g_assert_cmpint(rawlink_send(x.a, mac2, 8, i), ==, 0);
    deliver_recorded(&x.fa, i, &x.fb);
  }
  g_assert_cmpuint(x.b->rawq.length, ==, 50);
  g_assert_cmpuint(x.b->stats.rx_overflow, ==, 3);
  g_assert_cmpuint(x.b->stats.rx_frames, ==, 53);
  struct rawlink_frame f;
  for (uint32_t i = 0; i < 40; i++) {
    g_assert_true(rawlink_recv(x.b, &f));
    g_assert_cmpuint(f.seq, ==, i);
  }
  x.b->rawq_max = 12;               /* 10 queued: room for 2 more */
  for (uint32_t i = 0; i < 3; i++)
    deliver_recorded(&x.fa, 0, &x.fb);
  g_assert_cmpuint(x.b->rawq.length, ==, 12);
  g_assert_cmpuint(x.b->stats.rx_overflow, ==, 4);
  pair_free(&x);
}

/* A reader process: reads every queued frame (logging time and seq),
 * then sleeps on the raw queue. */
struct reader {
  struct netif *ifp;          /* where it reads */
  GArray *log;                /* sim_time_t, uint32_t pairs as gint64 */
  int runs;                   /* times resumed */
  enum proc_wake wakes[8];    /* the wake reason of each run */
};

static void reader_resume(struct proc *p, void *ctx)
{
  struct reader *r = ctx;
  struct rawlink_frame f;
  g_assert_cmpint(r->runs, <, 8);
  r->wakes[r->runs++] = p->wake;
  while (rawlink_recv(r->ifp, &f)) {
    gint64 e[2] = { sim_now(p->host->sim), f.seq };
    g_array_append_vals(r->log, e, 2);
  }
  proc_tsleep(p, &r->ifp->rawq, 0);
}

struct arrival {
  struct pair *x;             /* frames come from x->fa's records */
  guint first, count;         /* which records */
};

static void arrive_event(void *a, void *b)
{
  struct arrival *ar = a;
  for (guint i = 0; i < ar->count; i++)
    deliver_recorded(&ar->x->fa, ar->first + i, &ar->x->fb);
}

static void test_wakes_reader(void)
{
  struct pair x;
  pair_init(&x, MEDIUM_ETHERNET);
  for (uint32_t i = 1; i <= 3; i++)
    g_assert_cmpint(rawlink_send(x.a, mac2, 10, i), ==, 0);
  struct reader r = { x.b, g_array_new(FALSE, FALSE, sizeof(gint64)), 0 };
  struct proc *p = proc_new(x.h, "reader", reader_resume, &r);
  struct arrival ar1 = { &x, 0, 1 }, ar2 = { &x, 1, 2 };
  sched_at(x.sim->sched, 7 * SIM_MS, arrive_event, &ar1, NULL);
  sched_at(x.sim->sched, 9 * SIM_MS, arrive_event, &ar2, NULL);
  sched_run(x.sim->sched, SIM_TIME_MAX, 0);
  g_assert_cmpint(r.runs, ==, 3);
  g_assert_cmpint(r.wakes[0], ==, PROC_WAKE_NONE);
  g_assert_cmpint(r.wakes[1], ==, PROC_WAKE_CHANNEL);
  g_assert_cmpint(r.wakes[2], ==, PROC_WAKE_CHANNEL);
  static const gint64 want[] = {
    7 * SIM_MS, 1, 9 * SIM_MS, 2, 9 * SIM_MS, 3,
  };
  g_assert_cmpmem(r.log->data, r.log->len * sizeof(gint64), want,
                  sizeof want);
  g_assert_cmpint(p->state, ==, PROC_SLEEPING);
  g_assert_true(p->wchan == &x.b->rawq);
  g_assert_cmpuint(x.b->rawq.length, ==, 0);
  g_array_unref(r.log);
  pair_free(&x);
}

static void test_min_size(void)
{
  enum medium_kind kinds[2] = { MEDIUM_ETHERNET, MEDIUM_P2P };
  for (int k = 0; k < 2; k++) {
    struct pair x;
    pair_init(&x, kinds[k]);
    for (uint32_t len = 0; len < RAWLINK_MIN_DATA; len++)
      g_assert_cmpint(rawlink_send(x.a, mac2, len, 1), ==, -EINVAL);
    g_assert_cmpuint(x.fa.frames->len, ==, 0);
    g_assert_cmpuint(x.a->stats.tx_errors, ==, 0);
    g_assert_cmpint(rawlink_send(x.a, mac2, RAWLINK_MIN_DATA, 1), ==, 0);
    g_assert_cmpuint(x.a->stats.tx_bytes, ==,
                     kinds[k] == MEDIUM_ETHERNET ? 18 : 16);
    pair_free(&x);
  }
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/netif/attach", test_attach);
  g_test_add_func("/netif/output/counts", test_output_counts);
  g_test_add_func("/netif/mac/format-parse", test_mac_format_parse);
  g_test_add_func("/rawlink/ether/frame-bytes", test_ether_frame_bytes);
  g_test_add_func("/rawlink/ppp/frame-bytes", test_ppp_frame_bytes);
  g_test_add_func("/rawlink/input-recv/ether", test_input_recv_ether);
  g_test_add_func("/rawlink/input-recv/ppp", test_input_recv_ppp);
  g_test_add_func("/rawlink/input-recv/overflow", test_input_overflow);
  g_test_add_func("/rawlink/wakes-reader", test_wakes_reader);
  g_test_add_func("/rawlink/min-size", test_min_size);
  return g_test_run();
}
