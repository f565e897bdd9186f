/* protocols/arp_cache.c: the ARP cache of an Ethernet interface and the
 * protocol's input (see arp.h for the behaviour, 4.4BSD's). Entries are
 * created on demand by arp_resolve and by replies to our requests; there
 * are no timers: expiry is checked when an entry is used, and requests are
 * paced by output, at most one per second of simulated time, as 4.4BSD
 * paces them (rt_expire != time.tv_sec). Call order: ip_output ->
 * in_ifoutput -> arp_resolve; netif -> in_ifinput -> arp_input. */
#include "arp.h"
#include "host.h"
#include "if_inet.h"
#include "netif.h"
#include "pbuf.h"

#include <errno.h>
#include <string.h>

struct arp_entry {
  in_addr32 ip;               /* the address resolved */
  uint8_t mac[ETHER_ADDR_LEN];/* its Ethernet address, when resolved */
  bool resolved;              /* mac is valid until expire */
  bool reject;                /* gave up: sends fail until expire */
  sim_time_t expire;          /* end of validity or of rejection */
  int asked;                  /* requests sent since the last answer */
  int64_t asked_sec;          /* second of the last request */
  bool via_gw;                /* the held packet's route used a gateway */
  struct pbuf *hold;          /* the one packet waiting, or NULL */
};

struct arptab {
  GHashTable *ents;           /* in_addr32 -> struct arp_entry (owned) */
};

static void entry_free(void *e)
{
  pbuf_free(((struct arp_entry *)e)->hold);
  g_free(e);
}

static struct arptab *table(struct netif *ifp)
{
  if (!ifp->arp) {
    ifp->arp = g_new0(struct arptab, 1);
    ifp->arp->ents = g_hash_table_new_full(g_direct_hash, g_direct_equal,
                                           NULL, entry_free);
  }
  return ifp->arp;
}

void arp_table_free(struct arptab *t)
{
  if (!t)
    return;
  g_hash_table_destroy(t->ents);
  g_free(t);
}

static struct arp_entry *find(struct netif *ifp, in_addr32 ip, bool create)
{
  GHashTable *ents = table(ifp)->ents;
  struct arp_entry *e = g_hash_table_lookup(ents, GUINT_TO_POINTER(ip));
  if (!e && create) {
    e = g_new0(struct arp_entry, 1);
    e->ip = ip;
    e->asked_sec = -1;
    g_hash_table_insert(ents, GUINT_TO_POINTER(ip), e);
  }
  return e;
}

static sim_time_t now(const struct netif *ifp)
{
  return sim_now(ifp->host->sim);
}

/* Sends an ARP packet a to dst (NULL: broadcast). */
static void send_arp(struct netif *ifp, const struct arp_pkt *a,
                     const uint8_t *dst)
{
  struct pbuf *p = pbuf_new(ARP_PKT_LEN);
  arp_emit(a, pbuf_writable(p));
  ether_send(ifp, p, dst ? dst : ether_broadcast_addr, ETHER_TYPE_ARP);
}

static void request(struct netif *ifp, struct arp_entry *e)
{
  struct arp_pkt a;
  char ip[IN_ADDR_STRLEN];
  arp_request(&a, ifp->mac, ifp->in.addr, e->ip);
  SIM_TRACE(ifp->host->sim, ifp->label, "arp-request tpa=%s try=%d",
            in_format(e->ip, ip), e->asked);
  send_arp(ifp, &a, NULL);
}

/* An entry's state at time t: expired entries start over. */
static void age(struct arp_entry *e, sim_time_t t)
{
  if ((e->resolved || e->reject) && t >= e->expire) {
    e->resolved = e->reject = false;
    e->asked = 0;
  }
}

int arp_resolve(struct netif *ifp, in_addr32 dst, bool via_gw,
                struct pbuf *p, uint8_t mac[ETHER_ADDR_LEN])
{
  struct arp_entry *e = find(ifp, dst, true);
  sim_time_t t = now(ifp);
  age(e, t);
  if (e->resolved) {
    memcpy(mac, e->mac, ETHER_ADDR_LEN);
    return 1;
  }
  if (e->reject)
    return via_gw ? -EHOSTUNREACH : -EHOSTDOWN;
  pbuf_free(e->hold);
  e->hold = p;
  e->via_gw = via_gw;
  int64_t sec = t / SIM_S;
  if (e->asked == 0 || e->asked_sec != sec) {
    e->asked_sec = sec;
    if (e->asked++ < ARP_MAXTRIES) {
      request(ifp, e);
    } else {
      char ip[IN_ADDR_STRLEN];
      e->reject = true;
      e->expire = (sec + ARP_DOWN_S) * SIM_S;
      e->asked = 0;
      SIM_TRACE(ifp->host->sim, ifp->label, "arp-reject tpa=%s until=%d",
                in_format(e->ip, ip), (int)(sec + ARP_DOWN_S));
    }
  }
  return 0;
}

/* Records sender (ip, mac) as resolved and sends any held packet. */
static void learn(struct netif *ifp, struct arp_entry *e,
                  const uint8_t mac[ETHER_ADDR_LEN])
{
  memcpy(e->mac, mac, ETHER_ADDR_LEN);
  e->resolved = true;
  e->reject = false;
  e->asked = 0;
  e->expire = now(ifp) + (sim_time_t)ARP_KEEP_S * SIM_S;
  struct pbuf *held = e->hold;
  e->hold = NULL;
  if (held)
    ether_send(ifp, held, e->mac, ETHER_TYPE_IP);
}

void arp_input(struct netif *ifp, struct pbuf *p)
{
  struct arp_pkt a;
  int r = arp_parse(pbuf_data(p), p->len, &a);
  pbuf_free(p);
  if (r < 0 || !ifp->in.set) {
    ifp->stats.rx_badframe += r < 0;
    return;
  }
  if (a.spa == ifp->in.addr || ether_is_multicast(a.sha))
    return;                   /* our own, or a bogus sender */
  bool for_us = a.tpa == ifp->in.addr;
  struct arp_entry *e = find(ifp, a.spa, for_us);
  if (e)
    learn(ifp, e, a.sha);
  if (for_us && a.op == ARP_OP_REQUEST) {
    struct arp_pkt rep;
    arp_reply(&rep, &a, ifp->mac);
    send_arp(ifp, &rep, a.sha);
  }
}

int arp_lookup(const struct netif *ifp, in_addr32 dst,
               uint8_t mac[ETHER_ADDR_LEN])
{
  if (!ifp->arp)
    return -1;
  struct arp_entry *e = g_hash_table_lookup(ifp->arp->ents,
                                            GUINT_TO_POINTER(dst));
  if (!e)
    return -1;
  age(e, now(ifp));
  if (!e->resolved)
    return 0;
  memcpy(mac, e->mac, ETHER_ADDR_LEN);
  return 1;
}
