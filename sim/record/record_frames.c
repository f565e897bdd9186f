/* sim/record/record_frames.c: what the media report. record_frame: count
 * the fate and the transmit time per medium -> decode the protocol
 * columns (the decoder) -> a relative TCP label (the ISN per flow
 * direction, as tcpdump's) -> one packets.csv row. record_queue: one
 * queues.csv row. record_collision: counted per segment and bucket. It
 * knows nothing of IP beyond the columns the decoder fills. */
#include "record_internal.h"
#include "sim.h"

#include <string.h>
guint record_flow_hash(gconstpointer p)
{
  const struct flow *f = p;
  return f->src * 31u + f->dst * 17u + (guint)(f->sport << 16 | f->dport);
}

gboolean record_flow_equal(gconstpointer a, gconstpointer b)
{
  const struct flow *x = a, *y = b;
  return x->src == y->src && x->dst == y->dst && x->sport == y->sport &&
         x->dport == y->dport;
}

void record_medstat_free(gpointer p)
{
  struct medstat *m = p;
  g_free(m->name);
  g_free(m->dir_from[0]);
  g_free(m->dir_from[1]);
  record_series_free(&m->coll);
  g_free(m);
}

/* ---- packets.csv ---- */

static struct medstat *medium(struct recorder *rec, const char *name,
                              enum medium_kind kind)
{
  struct medstat *m = g_hash_table_lookup(rec->media_by_name, name);
  if (m)
    return m;
  m = g_new0(struct medstat, 1);
  m->name = g_strdup(name);
  m->kind = kind;
  record_series_init(&m->coll);
  g_ptr_array_add(rec->media, m);
  g_hash_table_insert(rec->media_by_name, m->name, m);
  return m;
}

/* Transmit time of a frame that went out, by sender on links. */
static void count_busy(struct medstat *m, const struct record_frame *f)
{
  if (f->t_tx_end < 0 || f->copy)
    return;
  int i = 0;
  if (m->kind == MEDIUM_P2P && f->from) {
    if (!m->dir_from[0])
      m->dir_from[0] = g_strdup(f->from);
    else if (strcmp(m->dir_from[0], f->from) != 0) {
      i = 1;
      if (!m->dir_from[1])
        m->dir_from[1] = g_strdup(f->from);
    }
  }
  m->busy[i] += f->t_tx_end - f->t_tx;
}

static void put_ip(GString *s, const struct record_pkt *k)
{
  static const char *const frags[] = { "", "first", "middle", "last" };
  if (k->ip) {
    record_put_addr(s, k->ip_src), REC_SEP(s);
    record_put_addr(s, k->ip_dst), REC_SEP(s);
    record_put_u(s, k->ip_id), REC_SEP(s);
    if (k->ip_proto == 6) g_string_append(s, "tcp");
    else if (k->ip_proto == 17) g_string_append(s, "udp");
    else if (k->ip_proto == 1) g_string_append(s, "icmp");
    else record_put_u(s, k->ip_proto);
    REC_SEP(s);
    g_string_append(s, frags[k->frag & 3]), REC_SEP(s);
  } else
    g_string_append(s, ",,,,,");
  if (k->ports) {
    record_put_u(s, k->sport), REC_SEP(s);
    record_put_u(s, k->dport), REC_SEP(s);
  } else
    g_string_append(s, ",,");
}

static void put_pkt(GString *s, const struct record_pkt *k)
{
  if (k->ethertype == 0x0800) g_string_append(s, "ip");
  else if (k->ethertype == 0x0806) g_string_append(s, "arp");
  else if (k->ethertype >= 0) record_put_u(s, (uint64_t)k->ethertype);
  REC_SEP(s);
  put_ip(s, k);
  if (k->tcp) {
    record_put_flags(s, k->tcp_flags), REC_SEP(s);
    record_put_u(s, k->seq), REC_SEP(s);
    record_put_u(s, k->ack), REC_SEP(s);
    record_put_u(s, k->len), REC_SEP(s);
    record_put_u(s, k->win), REC_SEP(s);
  } else
    g_string_append(s, ",,,,,");
  if (k->icmp) {
    record_put_u(s, k->icmp_type), REC_SEP(s);
    record_put_u(s, k->icmp_code), REC_SEP(s);
  } else
    g_string_append(s, ",,");
  if (k->arp) {
    g_string_append(s, k->arp_op == 1 ? "request" : k->arp_op == 2 ? "reply"
                                                                   : "?");
    REC_SEP(s);
    record_put_addr(s, k->arp_target), REC_SEP(s);
  } else
    g_string_append(s, ",,");
  record_put_str(s, k->label);
  g_string_append_c(s, '\n');
}

/* The ISN of the flow direction of k: its SYN's seq (a SYN restarts it),
 * else the first seq seen. */
static uint32_t flow_base(struct recorder *rec, const struct record_pkt *k,
                          bool reverse, bool *known)
{
  struct flow key = { reverse ? k->ip_dst : k->ip_src,
                      reverse ? k->ip_src : k->ip_dst,
                      reverse ? k->dport : k->sport,
                      reverse ? k->sport : k->dport, 0 };
  struct flow *f = g_hash_table_lookup(rec->isn, &key);
  *known = f != NULL || !reverse;
  if (reverse)
    return f ? f->base : 0;
  if (!f) {
    f = g_memdup2(&key, sizeof key);
    f->base = k->seq;
    g_hash_table_add(rec->isn, f);
  } else if (k->tcp_flags & 0x02)
    f->base = k->seq;
  return f->base;
}

/* "SYN+ACK 0:0(0) ack 1 win 4096", numbers relative as tcpdump's. */
static void tcp_label(struct recorder *rec, struct record_pkt *k)
{
  static const struct { uint8_t bit; const char *w; } l[] = {
    { 0x02, "SYN" }, { 0x01, "FIN" }, { 0x04, "RST" }, { 0x08, "PSH" },
    { 0x20, "URG" }, { 0x10, "ACK" },
  };
  GString *s = g_string_new(NULL);
  for (size_t i = 0; i < G_N_ELEMENTS(l); i++)
    if (k->tcp_flags & l[i].bit)
      g_string_append_printf(s, "%s%s", s->len ? "+" : "", l[i].w);
  bool known;
  uint32_t seq = k->seq - flow_base(rec, k, false, &known);
  uint32_t abase = flow_base(rec, k, true, &known);
  if (k->len || (k->tcp_flags & 0x07))
    g_string_append_printf(s, " %u:%u(%u)", seq, seq + k->len, k->len);
  if (k->tcp_flags & 0x10)
    g_string_append_printf(s, " ack %u", known ? k->ack - abase : k->ack);
  g_string_append_printf(s, " win %u", k->win);
  g_strlcpy(k->label, s->str, sizeof k->label);
  g_string_free(s, TRUE);
}

void record_frame(struct recorder *rec, const struct record_frame *f)
{
  g_return_if_fail(rec != NULL && f != NULL && f->medium != NULL);
  struct medstat *m = medium(rec, f->medium, f->kind);
  m->fates[f->fate < REC_FATE_N ? f->fate : REC_LOST]++;
  count_busy(m, f);
  GString *s = rec->line;
  g_string_truncate(s, 0);
  record_put_time(s, f->t_tx), REC_SEP(s);
  record_put_time(s, f->t_tx_end), REC_SEP(s);
  record_put_time(s, f->t_rx), REC_SEP(s);
  record_put_time(s, f->t_rx_end), REC_SEP(s);
  record_put_str(s, f->medium), REC_SEP(s);
  record_put_str(s, f->from), REC_SEP(s);
  record_put_str(s, f->to), REC_SEP(s);
  record_put_u(s, f->wire_len), REC_SEP(s);
  g_string_append(s, record_fate_name(f->fate)), REC_SEP(s);
  struct record_pkt k = { .ethertype = -1 };
  if (rec->decode && f->bytes)
    rec->decode(f->kind, f->bytes, f->len, &k);
  if (k.tcp && !k.label[0])
    tcp_label(rec, &k);
  put_pkt(s, &k);
  record_write_line(rec, rec->packets);
}

/* ---- queues.csv and collisions ---- */

void record_queue(struct recorder *rec, const char *medium_name,
                  const char *port, uint32_t qlen, uint64_t qbytes)
{
  g_return_if_fail(rec != NULL);
  GString *s = rec->line;
  g_string_truncate(s, 0);
  record_put_time(s, sim_now(rec->sim)), REC_SEP(s);
  record_put_str(s, medium_name), REC_SEP(s);
  record_put_str(s, port), REC_SEP(s);
  record_put_u(s, qlen), REC_SEP(s);
  record_put_u(s, qbytes);
  g_string_append_c(s, '\n');
  record_write_line(rec, rec->queues);
}

void record_collision(struct recorder *rec, const char *medium_name)
{
  g_return_if_fail(rec != NULL);
  struct medstat *m = medium(rec, medium_name, MEDIUM_ETHERNET);
  m->collisions++;
  record_series_add(rec, &m->coll, sim_now(rec->sim), 1);
}

