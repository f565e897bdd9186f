/* sim/analysis/explain_path.c: the fate of one datagram or ARP exchange, told
 * from packets.csv and events.csv: hop by hop until it is lost, dropped or
 * delivered, and what a gateway that did not forward it did instead
 * (ICMP, an unanswered ARP). explain.c builds the call's story from these
 * phrases; nothing here knows which call failed. The ARP rules followed
 * are 4.4BSD's arpresolve (one request a second, 5 tries, then down). */
#include "explain_path.h"

#include <string.h>

#define ICMP_WAIT_NS G_GINT64_CONSTANT(1000000000)

static bool is(const char *a, const char *b)
{
  return strcmp(a, b) == 0;
}

/* "gateway gw" or "monet". */
static void put_host(const struct explain_run *r, GString *s, const char *h)
{
  g_string_append_printf(s, "%s%s",
                         explain_run_is_gateway(r, h) ? "gateway " : "", h);
}

/* Why a frame met `down`: the link's or the receiver's down event. */
static void put_down(const struct explain_run *r, GString *s,
                     const struct explain_pkt *h, bool brief)
{
  const struct explain_event *ld =
      explain_run_last_event(r, "link-down", h->medium, h->t_tx);
  const struct explain_event *lu =
      explain_run_last_event(r, "link-up", h->medium, h->t_tx);
  const struct explain_event *hd =
      explain_run_last_event(r, "host-down", h->to, h->t_tx);
  const struct explain_event *hu =
      explain_run_last_event(r, "host-up", h->to, h->t_tx);
  const struct explain_event *e = NULL;
  if (ld && (!lu || lu->t < ld->t))
    e = ld, g_string_append_printf(s, "link %s was down", h->medium);
  else if (hd && (!hu || hu->t < hd->t))
    e = hd, g_string_append_printf(s, "%s was down", h->to);
  else
    g_string_append_printf(s, "link %s or %s was down", h->medium,
                           *h->to ? h->to : "the receiver");
  if (e && !brief) {
    g_string_append(s, " (since ");
    explain_run_put_time(s, e->t);
    g_string_append(s, " s)");
  }
}

/* A hop that did not deliver: "was lost by the loss model of link wan0". */
static void put_failure(const struct explain_run *r, GString *s,
                        const struct explain_pkt *h, bool brief)
{
  if (is(h->fate, "lost"))
    g_string_append_printf(s, "was lost by the loss model of link %s",
                           h->medium);
  else if (is(h->fate, "queue")) {
    g_string_append(s, "was dropped at ");
    put_host(r, s, h->from);
    g_string_append_printf(s, " because its queue on %s was full",
                           h->medium);
  } else if (is(h->fate, "down")) {
    g_string_append(s, "was dropped because ");
    put_down(r, s, h, brief);
  } else if (is(h->fate, "corrupted"))
    g_string_append_printf(s, "was corrupted on %s and dropped by %s's "
                           "checksum", h->medium, h->to);
  else if (is(h->fate, "collision"))
    g_string_append_printf(s, "was dropped on %s after repeated collisions",
                           h->medium);
  else if (is(h->fate, "mtu"))
    g_string_append_printf(s, "was too long for %s", h->medium);
  else
    g_string_append_printf(s, "ended on %s as '%s'", h->medium, h->fate);
}

const struct explain_pkt *explain_path_icmp_from(const struct explain_run *r,
                                                 const char *gw,
                                                 const char *to_addr, int64_t t)
{
  for (guint i = 0; i < r->pkts->len; i++) {
    const struct explain_pkt *p =
        &g_array_index(r->pkts, struct explain_pkt, i);
    if (p->t_tx < t || p->t_tx > t + ICMP_WAIT_NS)
      continue;
    if (p->ip && is(p->proto, "icmp") && is(p->from, gw) &&
        is(p->dst, to_addr) && p->icmp_type == 3)
      return p;
  }
  return NULL;
}

/* The address host's latest ARP request at or before t asked for. */
static const char *last_target(const struct explain_run *r, const char *host,
                               int64_t t)
{
  const char *found = NULL;
  for (guint i = 0; i < r->pkts->len; i++) {
    const struct explain_pkt *p =
        &g_array_index(r->pkts, struct explain_pkt, i);
    if (p->t_tx <= t && p->arp && is(p->arp_op, "request") &&
        is(p->from, host))
      found = p->arp_target;
  }
  return found;
}

static bool arp_replied(const struct explain_run *r,
                        const struct explain_pkt *q, int64_t until)
{
  char *lab = g_strdup_printf("ARP reply %s ", q->arp_target);
  bool found = false;
  for (guint i = 0; i < r->pkts->len && !found; i++) {
    const struct explain_pkt *p =
        &g_array_index(r->pkts, struct explain_pkt, i);
    found = p->arp && is(p->arp_op, "reply") && is(p->to, q->from) &&
            p->t_tx >= q->t_tx && p->t_tx <= until &&
            (is(p->arp_target, q->arp_target) ||
             g_str_has_prefix(p->label, lab));
  }
  g_free(lab);
  return found;
}

/* ARP's own rule (4.4BSD arpresolve): the count of unanswered requests
 * runs on across gaps until a reply, and at arp_maxtries (5) the address
 * is rejected and the count starts again. */
#define ARP_MAXTRIES 5

GPtrArray *explain_path_arp_series(const struct explain_run *r,
                                   const char *host, const char *target,
                                   int64_t from, int64_t t)
{
  GPtrArray *cur = g_ptr_array_new(), *full = NULL;
  if (!target)
    target = last_target(r, host, t);
  for (guint i = 0; target && i < r->pkts->len; i++) {
    const struct explain_pkt *p =
        &g_array_index(r->pkts, struct explain_pkt, i);
    if (p->t_tx > t || !p->arp || !is(p->arp_op, "request") ||
        !is(p->from, host) || !is(p->arp_target, target))
      continue;
    if (arp_replied(r, p, t)) {
      g_ptr_array_set_size(cur, 0);
      g_clear_pointer(&full, g_ptr_array_unref);
      continue;
    }
    g_ptr_array_add(cur, (gpointer)p);
    if (cur->len == ARP_MAXTRIES) {
      if (full)
        g_ptr_array_unref(full);
      full = cur, cur = g_ptr_array_new();
    }
  }
  if (!cur->len && full)
    g_ptr_array_unref(cur), cur = full, full = NULL;
  if (full)
    g_ptr_array_unref(full);
  while (cur->len && ((const struct explain_pkt *)cur->pdata[0])->t_tx < from)
    g_ptr_array_remove_index(cur, 0);
  return cur;
}

void explain_path_put_times(GString *s, GPtrArray *pkts)
{
  for (guint i = 0; i < pkts->len; i++) {
    const struct explain_pkt *p = pkts->pdata[i];
    g_string_append(s, i == 0 ? "" : i + 1 == pkts->len ? " and " : ", ");
    explain_run_put_time(s, p->t_tx);
  }
  g_string_append(s, " s");
}

void explain_path_put_addr(const struct explain_run *r, GString *s,
                           const char *addr)
{
  const char *n = explain_run_name(r, addr);
  if (is(n, addr))
    g_string_append(s, addr);
  else
    g_string_append_printf(s, "%s (%s)", addr, n);
}

/* Why `host` is silent: its down event, if it was down at t. */
void explain_path_put_host_down(const struct explain_run *r, GString *s,
                      const char *host, int64_t t)
{
  const struct explain_event *d =
      explain_run_last_event(r, "host-down", host, t);
  const struct explain_event *u = explain_run_last_event(r, "host-up", host, t);
  if (d && (!u || u->t < d->t)) {
    g_string_append_printf(s, " (%s was down since ", host);
    explain_run_put_time(s, d->t);
    g_string_append(s, " s)");
  }
}

void explain_path_put_arp_failure(const struct explain_run *r, GString *s,
                        GPtrArray *reqs)
{
  const struct explain_pkt *q = reqs->pdata[0];
  g_string_append_printf(s, "%s asked for ", q->from);
  explain_path_put_addr(r, s, q->arp_target);
  g_string_append(s, " by ARP at ");
  explain_path_put_times(s, reqs);
  g_string_append(s, " and got no reply");
  const char *n = explain_run_name(r, q->arp_target);
  if (!is(n, q->arp_target))
    explain_path_put_host_down(r, s, n, q->t_tx);
}

/* A datagram delivered to a host that is not its destination and went no
 * further: what that host (a gateway) did instead. */
static void put_stuck(const struct explain_run *r, GString *s,
                      const struct explain_pkt *first,
                      const struct explain_pkt *last, bool brief)
{
  const struct explain_pkt *icmp =
      explain_path_icmp_from(r, last->to, first->src, last->t_rx_end);
  GPtrArray *arp = explain_path_arp_series(r, last->to, first->dst, 0,
                                 last->t_rx_end + ICMP_WAIT_NS);
  g_string_append(s, "reached ");
  put_host(r, s, last->to);
  if (!brief) {
    g_string_append(s, " at ");
    explain_run_put_time(s, last->t_rx_end);
    g_string_append(s, " s");
  }
  if (icmp) {
    g_string_append_printf(s, ", which answered with %s",
                           explain_path_icmp_name(icmp));
    if (!brief) {
      g_string_append(s, " at ");
      explain_run_put_time(s, icmp->t_tx);
      g_string_append(s, " s");
    }
  } else
    g_string_append(s, " and went no further");
  if (arp->len) {
    g_string_append(s, icmp ? " (" : ": ");
    explain_path_put_arp_failure(r, s, arp);
    g_string_append(s, icmp ? ")" : "");
  }
  g_ptr_array_free(arp, TRUE);
}

const char *explain_path_icmp_name(const struct explain_pkt *p)
{
  if (p->icmp_type != 3)
    return "an ICMP error";
  switch (p->icmp_code) {
  case 0: return "ICMP net unreachable";
  case 1: return "ICMP host unreachable";
  case 2: return "ICMP protocol unreachable";
  case 3: return "ICMP port unreachable";
  case 4: return "ICMP fragmentation needed";
  default: return "ICMP unreachable";
  }
}

bool explain_path_put_fate(const struct explain_run *r, GString *s,
                 const struct explain_pkt *first, bool brief, int64_t *arrived)
{
  GPtrArray *hops = explain_run_hops(r, first);
  const struct explain_pkt *last = first;
  guint i = 0;
  while (i < hops->len && hops->pdata[i] != first)
    i++;
  for (; i < hops->len; i++) {
    last = hops->pdata[i];
    if (!is(last->fate, "delivered")) {
      put_failure(r, s, last, brief);
      return false;
    }
  }
  const char *dst = explain_run_name(r, first->dst);
  bool named = !is(dst, first->dst);
  if ((named && !is(last->to, dst)) ||
      (!named &&
       (explain_run_is_gateway(r, last->to) ||
        explain_path_icmp_from(r, last->to, first->src, last->t_rx_end)))) {
    put_stuck(r, s, first, last, brief);
    return false;
  }
  g_string_append_printf(s, "reached %s", last->to);
  if (!brief) {
    g_string_append(s, " at ");
    explain_run_put_time(s, last->t_rx_end);
    g_string_append(s, " s");
  }
  if (arrived)
    *arrived = last->t_rx_end;
  return true;
}

const struct explain_pkt *explain_path_last_hop(const struct explain_run *r,
                               const struct explain_pkt *first)
{
  GPtrArray *hops = explain_run_hops(r, first);
  return hops->pdata[hops->len - 1];
}
