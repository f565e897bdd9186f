/* protocols/tests/test_tcp.c: the TCP segment on the wire (tcp.h) and the
 * sequence arithmetic and 4.4BSD constants (tcp_seq.h): a SYN's exact
 * bytes worked by hand, round trips with every option set at odd lengths
 * and alignments, each rejection, option-list edge cases against
 * segments built byte by byte (checksums from a reference sum written
 * here, not in_cksum), every single-bit corruption, SEQ_* across the wrap,
 * the RTO helpers, and tshark reading the frames back (via $PCAP_CHECK)
 * with a bad checksum caught. */
#include <glib.h>
#include <string.h>

#include "capture.h"
#include "in_cksum.h"
#include "ip.h"
#include "tcp.h"
#include "tcp_seq.h"
#include "pcap_check.h"

#define SRC 0x0a000001u                   /* 10.0.0.1 */
#define DST 0x0a000002u                   /* 10.0.0.2 */

/* The Internet checksum of pseudo-header and segment, summed the plain
 * way: 16-bit big-endian words into 64 bits, the odd byte padded, folded
 * at the end. 0 when the stored checksum is right. */
static uint16_t ref_sum(const uint8_t *seg, size_t n, uint32_t src,
                        uint32_t dst)
{
  uint64_t s = (src >> 16) + (src & 0xffff) + (dst >> 16) + (dst & 0xffff) +
               6 + n;
  for (size_t i = 0; i < n; i++)
    s += i % 2 ? seg[i] : (uint64_t)seg[i] << 8;
  while (s >> 16)
    s = (s & 0xffff) + (s >> 16);
  return (uint16_t)~s;
}

/* Stores the right checksum into the segment, by ref_sum. */
static void fix_sum(uint8_t *seg, size_t n)
{
  seg[16] = seg[17] = 0;
  uint16_t c = ref_sum(seg, n, SRC, DST);
  seg[16] = (uint8_t)(c >> 8), seg[17] = (uint8_t)c;
}

/* Builds, byte by byte, a segment 1024 -> 513 with flags, the optlen
 * option bytes opt (a multiple of 4) and ndata bytes of data, with a
 * right checksum. Returns its length. */
static size_t raw_seg(uint8_t *seg, uint8_t flags, const uint8_t *opt,
                      size_t optlen, size_t ndata)
{
  const uint8_t fixed[20] = { 0x04, 0x00, 0x02, 0x01, 0, 0, 0, 1, 0, 0, 0,
                              0, 0, flags, 0x10, 0x00, 0, 0, 0, 0 };
  memcpy(seg, fixed, 20);
  seg[12] = (uint8_t)((20 + optlen) / 4 << 4);
  memcpy(seg + 20, opt, optlen);
  for (size_t i = 0; i < ndata; i++)
    seg[20 + optlen + i] = (uint8_t)('A' + i);
  fix_sum(seg, 20 + optlen + ndata);
  return 20 + optlen + ndata;
}

/* 10.0.0.1:1024 -> 10.0.0.2:513, seq 0x12345678, SYN, window 4096, MSS
 * 1460: 24 bytes, data offset 6. Pseudo-header 0x0a00 + 0x0001 + 0x0a00 +
 * 0x0002 + 0x0006 + 0x0018 = 0x1421; header 0x0400 + 0x0201 + 0x1234 +
 * 0x5678 + 0x6002 + 0x1000 + 0x0204 + 0x05b4 = 0xe667; sum 0xfa88,
 * checksum ~0xfa88 = 0x0577. */
static void test_syn_bytes(void)
{
  const uint8_t want[24] = {
    0x04, 0x00, 0x02, 0x01, 0x12, 0x34, 0x56, 0x78, 0x00, 0x00, 0x00, 0x00,
    0x60, 0x02, 0x10, 0x00, 0x05, 0x77, 0x00, 0x00, 0x02, 0x04, 0x05, 0xb4,
  };
  struct tcp_hdr h = { .sport = 1024, .dport = 513, .seq = 0x12345678,
                       .flags = TH_SYN, .win = 4096, .off = 99, .sum = 1 };
  struct tcp_opts o = { .has_mss = true, .mss = 1460 };
  uint8_t b[24];
  memset(b, 0xaa, sizeof b);
  g_assert_cmpuint(tcp_opts_len(&o), ==, 4);
  g_assert_cmpuint(tcp_emit(&h, &o, SRC, DST, b, sizeof b), ==, 24);
  g_assert_cmpmem(b, sizeof b, want, sizeof want);
  g_assert_cmphex(ref_sum(want, sizeof want, SRC, DST), ==, 0);
}

static void assert_opts_eq(const struct tcp_opts *a, const struct tcp_opts *b)
{
  g_assert_cmpint(a->has_mss, ==, b->has_mss);
  g_assert_cmpint(a->has_wscale, ==, b->has_wscale);
  g_assert_cmpint(a->has_ts, ==, b->has_ts);
  g_assert_cmpint(a->sack_permitted, ==, b->sack_permitted);
  g_assert_cmpuint(a->has_mss ? a->mss : 0, ==, b->has_mss ? b->mss : 0);
  g_assert_cmpuint(a->has_wscale ? a->wscale : 0, ==,
                   b->has_wscale ? b->wscale : 0);
  g_assert_cmphex(a->has_ts ? a->ts_val : 0, ==, b->has_ts ? b->ts_val : 0);
  g_assert_cmphex(a->has_ts ? a->ts_ecr : 0, ==, b->has_ts ? b->ts_ecr : 0);
}

/* Emits h/o with ndata bytes at alignment a of buf, parses it back and
 * checks every field and the layout of the options. */
static void round_trip(const struct tcp_hdr *h, const struct tcp_opts *o,
                       size_t ndata, size_t a)
{
  uint8_t buf[3 + 60 + 41];
  size_t hlen = 20 + tcp_opts_len(o), n = hlen + ndata;
  for (size_t i = 0; i < ndata; i++)
    buf[a + hlen + i] = (uint8_t)(i * 7 + 1);
  g_assert_cmpuint(tcp_emit(h, o, SRC, DST, buf + a, n), ==, hlen);
  g_assert_cmphex(ref_sum(buf + a, n, SRC, DST), ==, 0);
  struct tcp_hdr p;
  struct tcp_opts po;
  g_assert_cmpint(tcp_parse(buf + a, n, SRC, DST, &p, &po), ==, (int)hlen);
  g_assert_cmpuint(p.sport, ==, h->sport);
  g_assert_cmpuint(p.dport, ==, h->dport);
  g_assert_cmphex(p.seq, ==, h->seq);
  g_assert_cmphex(p.ack, ==, h->ack);
  g_assert_cmpuint(p.off, ==, hlen);
  g_assert_cmphex(p.flags, ==, h->flags);
  g_assert_cmpuint(p.win, ==, h->win);
  g_assert_cmpuint(p.urp, ==, h->urp);
  g_assert_cmphex(p.sum, ==, buf[a + 16] << 8 | buf[a + 17]);
  const struct tcp_opts none = { 0 };
  assert_opts_eq(&po, o ? o : &none);
  for (size_t i = 0; i < ndata; i++)
    g_assert_cmpuint(buf[a + hlen + i], ==, (uint8_t)(i * 7 + 1));
}

/* All 8 combinations of MSS, window scale and timestamps, on a SYN-ACK
 * (MSS and window scale count only with SYN), with 0, 1 and 41 data bytes
 * at 4 alignments. */
static void test_round_trip(void)
{
  struct tcp_hdr h = { .sport = 513, .dport = 1023, .seq = 0xfffffffe,
                       .ack = 0x80000001, .flags = TH_SYN | TH_ACK | TH_URG,
                       .win = 65535, .urp = 3 };
  for (int m = 0; m < 8; m++) {
    struct tcp_opts o = { .has_mss = m & 1, .mss = 536,
                          .has_wscale = m & 2, .wscale = 14,
                          .has_ts = m & 4, .ts_val = 0xdeadbeef,
                          .ts_ecr = 0x01020304 };
    g_assert_cmpuint(tcp_opts_len(&o), ==,
                     (m & 1 ? 4 : 0) + (m & 2 ? 4 : 0) + (m & 4 ? 12 : 0));
    for (size_t a = 0; a < 4; a++) {
      round_trip(&h, &o, 0, a);
      round_trip(&h, &o, 1, a);
      round_trip(&h, &o, 41, a);
    }
  }
  h.flags = TH_SYN | 0xc0;              /* bits above URG pass through */
  round_trip(&h, NULL, 0, 2);
  h.flags = TH_ACK | TH_PUSH;                       /* no options at all */
  round_trip(&h, NULL, 5, 1);
  g_assert_cmpuint(tcp_opts_len(NULL), ==, 0);
}

/* The exact option layout: MSS, NOP WSCALE, NOP NOP TIMESTAMP. */
static void test_option_layout(void)
{
  const uint8_t want[20] = { 2, 4, 0x05, 0xb4, 1, 3, 3, 7, 1, 1, 8, 10,
                             0, 0, 0, 9, 0, 0, 0, 0 };
  struct tcp_hdr h = { .sport = 1, .dport = 2, .flags = TH_SYN };
  struct tcp_opts o = { .has_mss = true, .mss = 1460, .has_wscale = true,
                        .wscale = 7, .has_ts = true, .ts_val = 9,
                        .sack_permitted = true };     /* never emitted */
  uint8_t b[40];
  g_assert_cmpuint(tcp_emit(&h, &o, SRC, DST, b, sizeof b), ==, 40);
  g_assert_cmphex(b[12], ==, 0xa0);                 /* 10 words */
  g_assert_cmpmem(b + 20, 20, want, sizeof want);
}

/* An odd-length segment: the last byte is summed as the high half of a
 * word padded with zero. Checked against ref_sum and by corrupting it. */
static void test_odd_length(void)
{
  uint8_t b[20 + 7] = { [20] = 'a', 'b', 'c', 'd', 'e', 'f', 0x80 };
  struct tcp_hdr h = { .sport = 7, .dport = 7, .seq = 100, .ack = 200,
                       .flags = TH_ACK | TH_PUSH, .win = 1000 }, p;
  struct tcp_opts po;
  tcp_emit(&h, NULL, SRC, DST, b, sizeof b);
  g_assert_cmphex(ref_sum(b, sizeof b, SRC, DST), ==, 0);
  uint16_t stored = (uint16_t)(b[16] << 8 | b[17]);
  b[16] = b[17] = 0;
  g_assert_cmphex(ref_sum(b, sizeof b, SRC, DST), ==, stored);
  b[16] = (uint8_t)(stored >> 8), b[17] = (uint8_t)stored;
  g_assert_cmpint(tcp_parse(b, sizeof b, SRC, DST, &p, &po), ==, 20);
  b[26] ^= 0x80;                        /* the odd byte, in the high half */
  g_assert_cmpint(tcp_parse(b, sizeof b, SRC, DST, &p, &po), ==,
                  TCP_ERR_CKSUM);
  b[26] ^= 0x80;
  g_assert_cmpint(tcp_parse(b, sizeof b - 1, SRC, DST, &p, &po), ==,
                  TCP_ERR_CKSUM);       /* a byte short: sum changes */
}

static void test_rejects(void)
{
  uint8_t b[60], c[60];
  struct tcp_hdr h;
  struct tcp_opts o;
  const uint8_t mss[4] = { 2, 4, 0x02, 0x00 };
  size_t n = raw_seg(b, TH_SYN, mss, 4, 4);           /* 28 bytes */
  g_assert_cmpint(tcp_parse(b, n, SRC, DST, &h, &o), ==, 24);
  for (size_t k = 0; k < TCP_HDR_LEN; k++)
    g_assert_cmpint(tcp_parse(b, k, SRC, DST, &h, &o), ==, TCP_ERR_SHORT);
  g_assert_cmpint(tcp_parse(b, n, SRC, DST + 1, &h, &o), ==, TCP_ERR_CKSUM);
  g_assert_cmpint(tcp_parse(b, n, SRC + 0x10000, DST, &h, &o), ==,
                  TCP_ERR_CKSUM);
  memcpy(c, b, n);
  c[n - 1] ^= 0x01;
  g_assert_cmpint(tcp_parse(c, n, SRC, DST, &h, &o), ==, TCP_ERR_CKSUM);
  for (int words = 0; words < 16; words++) {        /* every data offset */
    memcpy(c, b, n);
    c[12] = (uint8_t)(words << 4);
    fix_sum(c, n);
    int want = words < 5 || words * 4 > (int)n ? TCP_ERR_OFF
             : words == 5 ? 20 : TCP_ERR_OPT;       /* 6: MSS; 7: into data */
    if (words == 6)
      want = 24;
    g_assert_cmpint(tcp_parse(c, n, SRC, DST, &h, &o), ==, want);
  }
  memcpy(c, b, n);                      /* a bad checksum beats a bad offset */
  c[12] = 0x20;
  g_assert_cmpint(tcp_parse(c, n, SRC, DST, &h, &o), ==, TCP_ERR_CKSUM);
  g_assert_cmpstr(tcp_strerror(TCP_ERR_SHORT), ==, "too short");
  g_assert_cmpstr(tcp_strerror(TCP_ERR_OFF), ==, "bad data offset");
  g_assert_cmpstr(tcp_strerror(TCP_ERR_CKSUM), ==, "bad checksum");
  g_assert_cmpstr(tcp_strerror(TCP_ERR_OPT), ==, "bad options");
  g_assert_cmpstr(tcp_strerror(24), ==, "ok");
}

/* Parses a SYN (or a plain ACK if !syn) carrying the 4 or 8 option bytes
 * opt; returns tcp_parse's result. */
static int parse_opts(const uint8_t *opt, size_t optlen, bool syn,
                      struct tcp_hdr *h, struct tcp_opts *o)
{
  uint8_t b[60];
  size_t n = raw_seg(b, syn ? TH_SYN : TH_ACK, opt, optlen, 3);
  return tcp_parse(b, n, SRC, DST, h, o);
}

/* Lengths 0 and 1, a length past the header, a kind with no room for its
 * length: TCP_ERR_OPT, with the header still decoded; and with no data
 * after the header, in a buffer of exactly the segment's size, so that
 * ASan catches a read past the options. */
static void test_opt_bad_lengths(void)
{
  const uint8_t bad[][8] = {
    { 2, 0, 0, 0 },                     /* length 0 */
    { 2, 1, 0, 0 },                     /* length 1 */
    { 99, 1, 0, 0 },                    /* unknown kind, length 1 */
    { 2, 4, 5, 0xb4, 8, 10, 0, 0 },     /* TS runs 6 bytes past the end */
    { 1, 1, 1, 2 },                     /* MSS kind in the last byte */
    { 1, 1, 3, 4 },                     /* WSCALE, length 4 > 2 left */
    { 99, 9, 0, 0, 0, 0, 0, 0 },        /* unknown, one past the end */
  };
  const size_t len[] = { 4, 4, 4, 8, 4, 4, 8 };
  struct tcp_hdr h;
  struct tcp_opts o;
  for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
    memset(&h, 0, sizeof h);
    g_assert_cmpint(parse_opts(bad[i], len[i], true, &h, &o), ==,
                    TCP_ERR_OPT);
    g_assert_cmpuint(h.sport, ==, 1024);
    g_assert_cmpuint(h.off, ==, 20 + len[i]);
    g_assert_cmphex(h.flags, ==, TH_SYN);
    uint8_t b[60];                      /* no data: must not read past */
    size_t n = raw_seg(b, TH_SYN, bad[i], len[i], 0);
    uint8_t *exact = g_memdup2(b, n);
    g_assert_cmpint(tcp_parse(exact, n, SRC, DST, &h, &o), ==, TCP_ERR_OPT);
    g_free(exact);
  }
  const uint8_t fits[8] = { 99, 8, 0, 0, 0, 0, 0, 0 };  /* exactly fits */
  g_assert_cmpint(parse_opts(fits, 8, true, &h, &o), ==, 28);
  /* What came before the bad option stands (tcp_dooptions stops there). */
  const uint8_t mss_then_bad[8] = { 2, 4, 1, 0, 99, 0, 0, 0 };
  g_assert_cmpint(parse_opts(mss_then_bad, 8, true, &h, &o), ==,
                  TCP_ERR_OPT);
  g_assert_true(o.has_mss);
  g_assert_cmpuint(o.mss, ==, 256);
}

/* Unknown kinds are skipped by their length; options after them count. */
static void test_opt_unknown(void)
{
  const uint8_t opt[12] = { 30, 4, 0xff, 0xff, 4, 2, 254, 2, 2, 4, 1, 0 };
  struct tcp_hdr h;
  struct tcp_opts o;
  g_assert_cmpint(parse_opts(opt, 12, true, &h, &o), ==, 32);
  g_assert_true(o.has_mss);
  g_assert_cmpuint(o.mss, ==, 256);
  g_assert_true(o.sack_permitted);
  g_assert_false(o.has_wscale);
  g_assert_false(o.has_ts);
}

/* EOL ends the list: what follows, even malformed, is not read. */
static void test_opt_eol(void)
{
  const uint8_t after[8] = { 1, 0, 2, 4, 0x05, 0xb4, 2, 0 };
  const uint8_t before[8] = { 2, 4, 0x05, 0xb4, 0, 2, 0, 0 };
  struct tcp_hdr h;
  struct tcp_opts o;
  g_assert_cmpint(parse_opts(after, 8, true, &h, &o), ==, 28);
  g_assert_false(o.has_mss);
  g_assert_cmpint(parse_opts(before, 8, true, &h, &o), ==, 28);
  g_assert_true(o.has_mss);
  g_assert_cmpuint(o.mss, ==, 1460);
}

/* As tcp_dooptions: MSS and window scale only with SYN, timestamps
 * always; a known kind with the wrong length is skipped; a shift above 14
 * is 14; a later copy wins. */
static void test_opt_bsd_rules(void)
{
  const uint8_t all[20] = { 2, 4, 0x05, 0xb4, 1, 3, 3, 15, 1, 1, 8, 10,
                            0, 0, 0, 5, 0, 0, 0, 6, };
  const uint8_t odd[12] = { 2, 3, 0x05, 8, 6, 0, 0, 7, 0, 0, 0, 8 };
  const uint8_t twice[8] = { 2, 4, 0x01, 0x00, 2, 4, 0x02, 0x00 };
  struct tcp_hdr h;
  struct tcp_opts o;
  g_assert_cmpint(parse_opts(all, 20, true, &h, &o), ==, 40);
  g_assert_true(o.has_mss && o.has_wscale && o.has_ts);
  g_assert_cmpuint(o.wscale, ==, TCP_MAX_WINSHIFT);
  g_assert_cmphex(o.ts_val, ==, 5);
  g_assert_cmphex(o.ts_ecr, ==, 6);
  g_assert_cmpint(parse_opts(all, 20, false, &h, &o), ==, 40);
  g_assert_false(o.has_mss);
  g_assert_false(o.has_wscale);
  g_assert_true(o.has_ts);
  g_assert_cmphex(o.ts_val, ==, 5);
  g_assert_cmpint(parse_opts(odd, 12, true, &h, &o), ==, 32);
  g_assert_false(o.has_mss);            /* MSS of length 3 */
  g_assert_false(o.has_ts);             /* TIMESTAMP of length 6 */
  g_assert_cmpint(parse_opts(twice, 8, true, &h, &o), ==, 28);
  g_assert_cmpuint(o.mss, ==, 512);
  const uint8_t sack[4] = { 1, 1, 4, 2 };
  g_assert_cmpint(parse_opts(sack, 4, false, &h, &o), ==, 24);
  g_assert_false(o.sack_permitted);     /* only noted in a SYN */
}

/* A SYN as Linux lays its options: MSS, SACK_PERM, TS, NOP, WSCALE 7. */
static void test_opt_linux_syn(void)
{
  const uint8_t opt[20] = { 2, 4, 0x05, 0xb4, 4, 2, 8, 10, 0x00, 0x1d,
                            0x4c, 0x3a, 0, 0, 0, 0, 1, 3, 3, 7 };
  struct tcp_hdr h;
  struct tcp_opts o;
  g_assert_cmpint(parse_opts(opt, 20, true, &h, &o), ==, 40);
  g_assert_true(o.has_mss && o.sack_permitted && o.has_ts && o.has_wscale);
  g_assert_cmpuint(o.mss, ==, 1460);
  g_assert_cmphex(o.ts_val, ==, 0x001d4c3a);
  g_assert_cmphex(o.ts_ecr, ==, 0);
  g_assert_cmpuint(o.wscale, ==, 7);
}

/* Flipping any one bit of a segment with options and data is caught. */
static void test_every_bit(void)
{
  uint8_t b[20 + 20 + 13];
  struct tcp_hdr h = { .sport = 20, .dport = 21, .seq = 77, .ack = 88,
                       .flags = TH_SYN | TH_ACK, .win = 8192 }, p;
  struct tcp_opts o = { .has_mss = true, .mss = 1460, .has_wscale = true,
                        .wscale = 2, .has_ts = true, .ts_val = 1 }, po;
  for (size_t i = 40; i < sizeof b; i++)
    b[i] = (uint8_t)(i * 37);
  tcp_emit(&h, &o, SRC, DST, b, sizeof b);
  for (size_t bit = 0; bit < sizeof b * 8; bit++) {
    uint8_t c[sizeof b];
    memcpy(c, b, sizeof c);
    c[bit / 8] ^= (uint8_t)(0x80 >> (bit % 8));
    g_assert_cmpint(tcp_parse(c, sizeof c, SRC, DST, &p, &po), ==,
                    TCP_ERR_CKSUM);
  }
}

static void test_flags_str(void)
{
  char buf[TCP_FLAGS_STRLEN];
  g_assert_cmpstr(tcp_flags_str(TH_SYN, buf), ==, "SYN");
  g_assert_cmpstr(tcp_flags_str(TH_SYN | TH_ACK, buf), ==, "SYN,ACK");
  g_assert_cmpstr(tcp_flags_str(TH_FIN | TH_ACK, buf), ==, "FIN,ACK");
  g_assert_cmpstr(tcp_flags_str(TH_RST, buf), ==, "RST");
  g_assert_cmpstr(tcp_flags_str(TH_PUSH | TH_ACK, buf), ==, "PUSH,ACK");
  g_assert_cmpstr(tcp_flags_str(TH_URG | TH_ACK, buf), ==, "ACK,URG");
  g_assert_cmpstr(tcp_flags_str(0, buf), ==, "none");
  g_assert_cmpstr(tcp_flags_str(0x40, buf), ==, "0x40");
  g_assert_cmpstr(tcp_flags_str(0xc2, buf), ==, "SYN,0xc0");
  g_assert_cmpstr(tcp_flags_str(0xff, buf), ==,
                  "FIN,SYN,RST,PUSH,ACK,URG,0xc0");
  g_assert_cmpuint(strlen(buf) + 1, <=, TCP_FLAGS_STRLEN);
}

/* SEQ_* with wraparound, and the 2^31 ambiguity as 4.4BSD has it. */
static void test_seq_wrap(void)
{
  const tcp_seq lo = 0xfffffff0u, hi = 0x00000010u;
  g_assert_true(SEQ_LT(lo, hi) && SEQ_LEQ(lo, hi));
  g_assert_false(SEQ_GT(lo, hi) || SEQ_GEQ(lo, hi));
  g_assert_true(SEQ_GT(hi, lo) && SEQ_GEQ(hi, lo));
  g_assert_false(SEQ_LT(hi, lo) || SEQ_LEQ(hi, lo));
  g_assert_true(SEQ_LEQ(hi, hi) && SEQ_GEQ(hi, hi));
  g_assert_false(SEQ_LT(hi, hi) || SEQ_GT(hi, hi));
  g_assert_true(SEQ_LT(0xffffffffu, 0) && SEQ_GT(0, 0xffffffffu));
  g_assert_true(SEQ_LT(5, 6) && SEQ_GT(6, 5));       /* no wrap */
  g_assert_true(SEQ_LT(0, 0x7fffffffu));             /* 2^31 - 1 ahead */
  g_assert_true(SEQ_GT(0, 0x80000001u));             /* 2^31 + 1: behind */
  g_assert_true(SEQ_LT(0, 0x80000000u) &&
                SEQ_LT(0x80000000u, 0));             /* 2^31: both */
}

static void test_constants(void)
{
  g_assert_cmpint(PR_SLOWHZ, ==, 2);
  g_assert_cmpint(PR_FASTHZ, ==, 5);
  g_assert_cmpint(TCPTV_MSL, ==, 60);                /* ticks: 30 s */
  g_assert_cmpint(TCPTV_SRTTBASE, ==, 0);
  g_assert_cmpint(TCPTV_SRTTDFLT, ==, 6);
  g_assert_cmpint(TCPTV_PERSMIN, ==, 10);
  g_assert_cmpint(TCPTV_PERSMAX, ==, 120);
  g_assert_cmpint(TCPTV_KEEP_INIT, ==, 150);
  g_assert_cmpint(TCPTV_KEEP_IDLE, ==, 14400);
  g_assert_cmpint(TCPTV_KEEPINTVL, ==, 150);
  g_assert_cmpint(TCPTV_KEEPCNT, ==, 8);
  g_assert_cmpint(TCPTV_MIN, ==, 2);
  g_assert_cmpint(TCPTV_REXMTMAX, ==, 128);
  g_assert_cmpint(TCP_MAXRXTSHIFT, ==, 12);
  g_assert_cmpint(TCP_MSS, ==, 512);
  g_assert_cmpint(TCP_MAXWIN, ==, 65535);
  g_assert_cmpint(TCP_RTT_SHIFT, ==, 3);
  g_assert_cmpint(TCP_RTTVAR_SHIFT, ==, 2);
  g_assert_cmpint(TCP_RTT_SCALE, ==, 1 << TCP_RTT_SHIFT);
  g_assert_cmpint(TCP_RTTVAR_SCALE, ==, 1 << TCP_RTTVAR_SHIFT);
  const int want[] = { 1, 2, 4, 8, 16, 32, 64, 64, 64, 64, 64, 64, 64 };
  int total = 0;
  for (int i = 0; i <= TCP_MAXRXTSHIFT; i++) {
    g_assert_cmpint(tcp_backoff[i], ==, want[i]);
    total += tcp_backoff[i];
  }
  g_assert_cmpint(total, ==, 511);                   /* tcp_totbackoff */
}

/* TCP_REXMTVAL and TCPT_RANGESET as 4.4BSD uses them. */
static void test_rexmtval(void)
{
  /* A new tcpcb: srtt TCPTV_SRTTBASE, rttvar TCPTV_SRTTDFLT << 2 = 24;
   * the first SYN waits ((0 >> 2) + 24) >> 1 = 12 ticks (6 s), the second
   * 24 * tcp_backoff[1] = 48 ticks (24 s): 4.4BSD's 6 s, 24 s. */
  int rttvar = TCPTV_SRTTDFLT << 2;
  g_assert_cmpint(TCP_REXMTVAL(TCPTV_SRTTBASE, rttvar), ==, 24);
  g_assert_cmpint(TCPT_RANGESET(((TCPTV_SRTTBASE >> 2) + rttvar) >> 1,
                                TCPTV_MIN, TCPTV_REXMTMAX), ==, 12);
  g_assert_cmpint(TCPT_RANGESET(TCP_REXMTVAL(0, rttvar) * tcp_backoff[1],
                                TCPTV_MIN, TCPTV_REXMTMAX), ==, 48);
  g_assert_cmpint(TCPT_RANGESET(TCP_REXMTVAL(0, rttvar) * tcp_backoff[3],
                                TCPTV_MIN, TCPTV_REXMTMAX), ==, 128);
  /* A first sample of 1 tick: srtt 1 << 3, rttvar 1 << 1: 1 + 2. */
  g_assert_cmpint(TCP_REXMTVAL(1 << TCP_RTT_SHIFT,
                               1 << (TCP_RTTVAR_SHIFT - 1)), ==, 3);
  g_assert_cmpint(TCP_REXMTVAL(13, 1), ==, 2);      /* 13 >> 3 = 1 */
  g_assert_cmpint(TCPT_RANGESET(1, TCPTV_MIN, TCPTV_REXMTMAX), ==, 2);
  g_assert_cmpint(TCPT_RANGESET(2, TCPTV_MIN, TCPTV_REXMTMAX), ==, 2);
  g_assert_cmpint(TCPT_RANGESET(77, TCPTV_MIN, TCPTV_REXMTMAX), ==, 77);
  g_assert_cmpint(TCPT_RANGESET(128, TCPTV_MIN, TCPTV_REXMTMAX), ==, 128);
  g_assert_cmpint(TCPT_RANGESET(129, TCPTV_MIN, TCPTV_REXMTMAX), ==, 128);
  g_assert_cmpint(TCPT_RANGESET(-5, TCPTV_MIN, TCPTV_REXMTMAX), ==, 2);
  g_assert_cmpint(TCPT_RANGESET(5, 10, 3), ==, 10);  /* min tested first */
  g_assert_cmpint(TCPT_RANGESET(50, 10, 3), ==, 3);
}

static void test_state_names(void)
{
  const char *want[] = { "CLOSED", "LISTEN", "SYN_SENT", "SYN_RCVD",
                         "ESTABLISHED", "CLOSE_WAIT", "FIN_WAIT_1",
                         "CLOSING", "LAST_ACK", "FIN_WAIT_2", "TIME_WAIT" };
  const int num[] = { TCPS_CLOSED, TCPS_LISTEN, TCPS_SYN_SENT,
                      TCPS_SYN_RECEIVED, TCPS_ESTABLISHED, TCPS_CLOSE_WAIT,
                      TCPS_FIN_WAIT_1, TCPS_CLOSING, TCPS_LAST_ACK,
                      TCPS_FIN_WAIT_2, TCPS_TIME_WAIT };
  g_assert_cmpint(TCP_NSTATES, ==, 11);
  for (int i = 0; i < TCP_NSTATES; i++) {
    g_assert_cmpint(num[i], ==, i);
    g_assert_cmpstr(tcp_state_name(i), ==, want[i]);
  }
}

/* An Ethernet frame 02:..:01 -> 02:..:02 carrying 10.0.0.1 -> 10.0.0.2
 * and the TCP segment h/o with n data bytes; corrupt: the stored TCP
 * checksum off by one. Returns the frame length. */
static size_t tcp_frame(uint8_t *f, const struct tcp_hdr *h,
                        const struct tcp_opts *o, size_t n, bool corrupt)
{
  const uint8_t eh[14] = { 2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 0x08, 0x00 };
  size_t hlen = 20 + tcp_opts_len(o);
  struct ip_hdr ih = { .hlen = 20, .len = (uint16_t)(20 + hlen + n),
                       .id = 1, .ttl = 64, .proto = IP_PROTO_TCP,
                       .src = SRC, .dst = DST };
  memcpy(f, eh, sizeof eh);
  ipv4_emit(&ih, f + 14);
  for (size_t i = 0; i < n; i++)
    f[34 + hlen + i] = (uint8_t)('a' + i % 26);
  tcp_emit(h, o, SRC, DST, f + 34, hlen + n);
  if (corrupt)
    f[34 + 17] ^= 0x01;
  return 34 + hlen + n;
}

/* A connection's life: SYN, SYN-ACK, ACK with 13 bytes, FIN, RST. */
static void fill(struct capture *c, bool bad)
{
  uint8_t f[34 + 60 + 100];
  struct tcp_opts syn = { .has_mss = true, .mss = 1460, .has_wscale = true,
                          .wscale = 0, .has_ts = true, .ts_val = 1 };
  struct tcp_opts synack = { .has_mss = true, .mss = 512 };
  struct tcp_opts ts = { .has_ts = true, .ts_val = 2, .ts_ecr = 1 };
  struct tcp_hdr h = { .sport = 1023, .dport = 513, .seq = 1000,
                       .flags = TH_SYN, .win = 4096 };
  if (bad) {
    capture_write(c, 1000, f, (uint32_t)tcp_frame(f, &h, &syn, 0, true));
    return;
  }
  capture_write(c, 1000, f, (uint32_t)tcp_frame(f, &h, &syn, 0, false));
  struct tcp_hdr sa = { .sport = 513, .dport = 1023, .seq = 5000,
                        .ack = 1001, .flags = TH_SYN | TH_ACK, .win = 4096 };
  capture_write(c, 2000, f, (uint32_t)tcp_frame(f, &sa, &synack, 0, false));
  h.seq = 1001, h.ack = 5001, h.flags = TH_ACK | TH_PUSH;
  capture_write(c, 3000, f, (uint32_t)tcp_frame(f, &h, &ts, 13, false));
  h.seq = 1014, h.flags = TH_FIN | TH_ACK;
  capture_write(c, 4000, f, (uint32_t)tcp_frame(f, &h, NULL, 0, false));
  sa.seq = 5001, sa.ack = 0, sa.flags = TH_RST, sa.win = 0;
  capture_write(c, 5000, f, (uint32_t)tcp_frame(f, &sa, NULL, 0, false));
}

static void test_tshark(void)
{
  pcap_check_good_bad(fill);
}

/* tcp_emit_sum sums the header from its fields and takes the data's
 * sum as given (tcp_output sums the data while copying it): random
 * headers, every option combination, random data of odd and even
 * lengths give segments that ref_sum verifies, byte for byte the same
 * as tcp_emit's. */
static void test_emit_sum(void)
{
  GRand *r = g_rand_new_with_seed(1323);
  uint8_t a[60 + 1500], b[60 + 1500];
  for (int n = 0; n < 4000; n++) {
    struct tcp_hdr h = {
      .sport = (uint16_t)g_rand_int(r), .dport = (uint16_t)g_rand_int(r),
      .seq = g_rand_int(r), .ack = g_rand_int(r),
      .flags = (uint8_t)g_rand_int(r), .win = (uint16_t)g_rand_int(r),
      .urp = (uint16_t)g_rand_int(r),
    };
    struct tcp_opts o = {
      .has_mss = n & 1, .mss = (uint16_t)g_rand_int(r),
      .has_wscale = (n >> 1) & 1,
      .wscale = (uint8_t)g_rand_int_range(r, 0, TCP_MAX_WINSHIFT + 1),
      .has_ts = (n >> 2) & 1, .ts_val = g_rand_int(r),
      .ts_ecr = g_rand_int(r),
    };
    const struct tcp_opts *op = n & 8 ? NULL : &o;
    size_t hlen = 20 + tcp_opts_len(op);
    size_t ndata = (size_t)g_rand_int_range(r, 0, 1501);
    uint32_t src = g_rand_int(r), dst = g_rand_int(r);
    for (size_t i = 0; i < ndata; i++)
      a[hlen + i] = b[hlen + i] = (uint8_t)g_rand_int(r);
    uint32_t dsum = in_cksum_add(0, b + hlen, ndata);
    g_assert_cmpuint(tcp_emit(&h, op, src, dst, a, hlen + ndata), ==, hlen);
    g_assert_cmpuint(tcp_emit_sum(&h, op, src, dst, b, hlen + ndata, dsum),
                     ==, hlen);
    g_assert_cmpmem(a, hlen + ndata, b, hlen + ndata);
    g_assert_cmphex(ref_sum(b, hlen + ndata, src, dst), ==, 0);
  }
  g_rand_free(r);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/tcp/syn-bytes", test_syn_bytes);
  g_test_add_func("/tcp/round-trip", test_round_trip);
  g_test_add_func("/tcp/option-layout", test_option_layout);
  g_test_add_func("/tcp/odd-length", test_odd_length);
  g_test_add_func("/tcp/rejects", test_rejects);
  g_test_add_func("/tcp/options/bad-lengths", test_opt_bad_lengths);
  g_test_add_func("/tcp/options/unknown", test_opt_unknown);
  g_test_add_func("/tcp/options/eol", test_opt_eol);
  g_test_add_func("/tcp/options/bsd-rules", test_opt_bsd_rules);
  g_test_add_func("/tcp/options/linux-syn", test_opt_linux_syn);
  g_test_add_func("/tcp/every-bit", test_every_bit);
  g_test_add_func("/tcp/flags-str", test_flags_str);
  g_test_add_func("/tcp/seq/wrap", test_seq_wrap);
  g_test_add_func("/tcp/seq/constants", test_constants);
  g_test_add_func("/tcp/seq/rexmtval", test_rexmtval);
  g_test_add_func("/tcp/seq/state-names", test_state_names);
  g_test_add_func("/tcp/tshark", test_tshark);
  g_test_add_func("/tcp/emit-sum", test_emit_sum);
  return g_test_run();
}
