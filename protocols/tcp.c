/* protocols/tcp.c: TCP header and option parse and emit (see tcp.h; RFC
 * 793 3.1, RFC 1323), plus the two tables tcp_seq.h declares (the backoff
 * multipliers and the state names). The checksum covers the IPv4
 * pseudo-header, the header and the data, so emit runs after the data is
 * in place. Keeps no state. Option handling follows 4.4BSD-Lite
 * tcp_dooptions (tcp_input.c) and tcp_output.c's layout. */
#include "tcp.h"
#include "tcp_seq.h"
#include "wire.h"
#include "in_cksum.h"
#include "ip.h"

#include <glib.h>
#include <stdio.h>
#include <string.h>

const int tcp_backoff[TCP_MAXRXTSHIFT + 1] = {
  1, 2, 4, 8, 16, 32, 64, 64, 64, 64, 64, 64, 64
};

/* The checksum over the pseudo-header and the n bytes at buf. */
static uint16_t cksum(const uint8_t *buf, size_t n, uint32_t src,
                      uint32_t dst)
{
  uint32_t sum = in_cksum_pseudo(0, src, dst, IP_PROTO_TCP, (uint16_t)n);
  return in_cksum_finish(in_cksum_add(sum, buf, n));
}

/* Decodes the fixed 20 bytes (the checks are done). */
static void get_hdr(const uint8_t *buf, struct tcp_hdr *h)
{
  h->sport = wire_get16(buf);
  h->dport = wire_get16(buf + 2);
  h->seq = wire_get32(buf + 4);
  h->ack = wire_get32(buf + 8);
  h->off = (uint8_t)((buf[12] >> 4) * 4);
  h->flags = buf[13];
  h->win = wire_get16(buf + 14);
  h->sum = wire_get16(buf + 16);
  h->urp = wire_get16(buf + 18);
}

/* Records the well-formed option p[0..olen) if 4.4BSD would act on it. */
static void take_opt(const uint8_t *p, size_t olen, bool syn,
                     struct tcp_opts *o)
{
  switch (p[0]) {
  case TCPOPT_MAXSEG:
    if (olen == TCPOLEN_MAXSEG && syn)
      o->has_mss = true, o->mss = wire_get16(p + 2);
    break;
  case TCPOPT_WINDOW:
    if (olen == TCPOLEN_WINDOW && syn)
      o->has_wscale = true, o->wscale = (uint8_t)MIN(p[2], TCP_MAX_WINSHIFT);
    break;
  case TCPOPT_TIMESTAMP:
    if (olen == TCPOLEN_TIMESTAMP) {
      o->has_ts = true;
      o->ts_val = wire_get32(p + 2);
      o->ts_ecr = wire_get32(p + 6);
    }
    break;
  case TCPOPT_SACK_PERMITTED:
    if (olen == TCPOLEN_SACK_PERMITTED && syn)
      o->sack_permitted = true;
    break;
  default:                              /* unknown: skipped */
    break;
  }
}

/* Walks the n option bytes at p (see tcp_parse for the rules). Returns 0
 * or TCP_ERR_OPT. */
static int parse_opts(const uint8_t *p, size_t n, bool syn,
                      struct tcp_opts *o)
{
  size_t i = 0;
  memset(o, 0, sizeof *o);
  /* The layout of nearly every segment once timestamps are agreed (RFC
   * 1323 appendix A, as tcp_output lays it): NOP, NOP, timestamp, and
   * nothing after. The walk below would take just the timestamp. */
  if (n == 12 && p[0] == TCPOPT_NOP && p[1] == TCPOPT_NOP &&
      p[2] == TCPOPT_TIMESTAMP && p[3] == TCPOLEN_TIMESTAMP) {
    o->has_ts = true;
    o->ts_val = wire_get32(p + 4);
    o->ts_ecr = wire_get32(p + 8);
    return 0;
  }
  while (i < n && p[i] != TCPOPT_EOL) {
    if (p[i] == TCPOPT_NOP) {
      i++;
      continue;
    }
    if (n - i < 2 || p[i + 1] < 2 || p[i + 1] > n - i)
      return TCP_ERR_OPT;
    take_opt(p + i, p[i + 1], syn, o);
    i += p[i + 1];
  }
  return 0;
}

int tcp_parse(const uint8_t *buf, size_t len, uint32_t src, uint32_t dst,
              struct tcp_hdr *h, struct tcp_opts *o)
{
  return tcp_parse_known(buf, len, src, dst, h, o, false);
}

int tcp_parse_known(const uint8_t *buf, size_t len, uint32_t src,
                    uint32_t dst, struct tcp_hdr *h, struct tcp_opts *o,
                    bool sum_known)
{
  g_return_val_if_fail(len <= UINT16_MAX, TCP_ERR_SHORT);
  if (len < TCP_HDR_LEN)
    return TCP_ERR_SHORT;
  if (!sum_known && cksum(buf, len, src, dst) != 0)
    return TCP_ERR_CKSUM;
  size_t off = (size_t)(buf[12] >> 4) * 4;
  if (off < TCP_HDR_LEN || off > len)
    return TCP_ERR_OFF;
  get_hdr(buf, h);
  if (parse_opts(buf + TCP_HDR_LEN, off - TCP_HDR_LEN,
                 (h->flags & TH_SYN) != 0, o) < 0)
    return TCP_ERR_OPT;
  return h->off;
}

size_t tcp_opts_len(const struct tcp_opts *o)
{
  if (!o)
    return 0;
  return (o->has_mss ? 4 : 0) + (o->has_wscale ? 4 : 0) +
         (o->has_ts ? 12 : 0);
}

/* Writes o's options at p in 4.4BSD tcp_output's order and layout,
 * tcp_opts_len(o) bytes. */
static void put_opts(const struct tcp_opts *o, uint8_t *p)
{
  size_t n = 0;
  if (o->has_mss) {
    p[n] = TCPOPT_MAXSEG, p[n + 1] = TCPOLEN_MAXSEG;
    wire_put16(p + n + 2, o->mss);
    n += 4;
  }
  if (o->has_wscale) {
    p[n] = TCPOPT_NOP, p[n + 1] = TCPOPT_WINDOW;
    p[n + 2] = TCPOLEN_WINDOW, p[n + 3] = o->wscale;
    n += 4;
  }
  if (o->has_ts) {
    p[n] = TCPOPT_NOP, p[n + 1] = TCPOPT_NOP;
    p[n + 2] = TCPOPT_TIMESTAMP, p[n + 3] = TCPOLEN_TIMESTAMP;
    wire_put32(p + n + 4, o->ts_val);
    wire_put32(p + n + 8, o->ts_ecr);
  }
}

/* The ones' complement sum of what put_opts(o) writes, from the fields
 * (each option starts on a 16-bit boundary). */
static uint32_t opts_sum(const struct tcp_opts *o)
{
  uint32_t sum = 0;
  if (o->has_mss)
    sum += (TCPOPT_MAXSEG << 8 | TCPOLEN_MAXSEG) + (uint32_t)o->mss;
  if (o->has_wscale)
    sum += (TCPOPT_NOP << 8 | TCPOPT_WINDOW) +
           (uint32_t)(TCPOLEN_WINDOW << 8 | o->wscale);
  if (o->has_ts)
    sum += (TCPOPT_NOP << 8 | TCPOPT_NOP) +
           (TCPOPT_TIMESTAMP << 8 | TCPOLEN_TIMESTAMP) +
           (o->ts_val >> 16) + (o->ts_val & 0xffff) +
           (o->ts_ecr >> 16) + (o->ts_ecr & 0xffff);
  return sum;
}

/* The sum of the header tcp_emit writes (checksum zero), from the
 * fields: no pass over the bytes. */
static uint32_t hdr_sum(const struct tcp_hdr *h, const struct tcp_opts *o,
                        size_t hlen)
{
  uint32_t sum = (uint32_t)h->sport + h->dport;
  sum += (h->seq >> 16) + (h->seq & 0xffff);
  sum += (h->ack >> 16) + (h->ack & 0xffff);
  sum += (uint32_t)(hlen / 4 << 12) | h->flags;
  sum += (uint32_t)h->win + h->urp;
  return o ? sum + opts_sum(o) : sum;
}

/* x folded to 16 bits with end-around carry, x < 2^32: two steps do. */
static inline uint32_t fold32(uint32_t x)
{
  x = (x & 0xffff) + (x >> 16);
  return (x & 0xffff) + (x >> 16);
}

/* Not inlined: inlined into tcp_output's loop (LTO) it cost W2 2.6 M
 * instructions more, the loop's registers spilled around it. */
__attribute__((noinline))
size_t tcp_emit_sum(const struct tcp_hdr *h, const struct tcp_opts *o,
                    uint32_t src, uint32_t dst, uint8_t *buf, size_t seglen,
                    uint32_t data_sum)
{
  size_t hlen = TCP_HDR_LEN + tcp_opts_len(o);
  g_return_val_if_fail(seglen >= hlen && seglen <= UINT16_MAX, 0);
  g_return_val_if_fail(!o || !o->has_wscale ||
                       o->wscale <= TCP_MAX_WINSHIFT, 0);
  wire_put16(buf, h->sport);
  wire_put16(buf + 2, h->dport);
  wire_put32(buf + 4, h->seq);
  wire_put32(buf + 8, h->ack);
  buf[12] = (uint8_t)(hlen / 4 << 4);
  buf[13] = h->flags;
  wire_put16(buf + 14, h->win);
  wire_put16(buf + 18, h->urp);
  if (o)
    put_opts(o, buf + TCP_HDR_LEN);
  /* One ones' complement sum of data, pseudo-header and header, folded
   * once: the same value as folding each part (no part is 0 but all). */
  uint32_t sum = data_sum + (src >> 16) + (src & 0xffff) + (dst >> 16) +
                 (dst & 0xffff) + IP_PROTO_TCP + (uint32_t)seglen +
                 hdr_sum(h, o, hlen);
  wire_put16(buf + 16, (uint16_t)~fold32(sum));
  return hlen;
}

size_t tcp_emit(const struct tcp_hdr *h, const struct tcp_opts *o,
                uint32_t src, uint32_t dst, uint8_t *buf, size_t seglen)
{
  size_t hlen = TCP_HDR_LEN + tcp_opts_len(o);
  g_return_val_if_fail(seglen >= hlen && seglen <= UINT16_MAX, 0);
  return tcp_emit_sum(h, o, src, dst, buf, seglen,
                      in_cksum_add(0, buf + hlen, seglen - hlen));
}

const char *tcp_flags_str(uint8_t flags, char *buf)
{
  static const char *const names[] = { "FIN", "SYN", "RST", "PUSH", "ACK",
                                       "URG" };
  size_t n = 0;
  buf[0] = '\0';
  for (int i = 0; i < 6; i++)
    if (flags & 1 << i)
      n += (size_t)snprintf(buf + n, TCP_FLAGS_STRLEN - n, "%s%s",
                            n ? "," : "", names[i]);
  if (flags & 0xc0)
    snprintf(buf + n, TCP_FLAGS_STRLEN - n, "%s0x%02x", n ? "," : "",
             flags & 0xc0);
  else if (flags == 0)
    snprintf(buf, TCP_FLAGS_STRLEN, "none");
  return buf;
}

const char *tcp_strerror(int err)
{
  switch (err) {
  case TCP_ERR_SHORT: return "too short";
  case TCP_ERR_OFF: return "bad data offset";
  case TCP_ERR_CKSUM: return "bad checksum";
  case TCP_ERR_OPT: return "bad options";
  default: return "ok";
  }
}

const char *tcp_state_name(int state)
{
  static const char *const names[TCP_NSTATES] = {
    "CLOSED", "LISTEN", "SYN_SENT", "SYN_RCVD", "ESTABLISHED",
    "CLOSE_WAIT", "FIN_WAIT_1", "CLOSING", "LAST_ACK", "FIN_WAIT_2",
    "TIME_WAIT",
  };
  g_return_val_if_fail(state >= 0 && state < TCP_NSTATES, "?");
  return names[state];
}
