/* hosts/netif.c: interfaces (see netif.h). Input demultiplexes on the
 * link header: the Ethernet type, or the PPP protocol number on links.
 * Call order: medium -> netif_input -> rawlink_input, or the host's
 * domains (domain.h: the internet domain takes IP and ARP). The domain
 * input for the type of the last frame a domain took is kept, so a run
 * of frames of one type goes straight to it. */
#include "netif.h"
#include "host.h"
#include "domain.h"
#include "rawlink.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

/* The frame's type: Ethernet type, or PPP protocol. -1 if too short. */
static int frame_type(const struct netif *ifp, const struct pbuf *p)
{
  const uint8_t *d = pbuf_data(p);
  if (ifp->port->kind == MEDIUM_ETHERNET)
    return p->len >= ETHER_HDR_LEN ? (d[12] << 8 | d[13]) : -1;
  if (p->len < P2P_HDR_LEN)
    return -1;
  uint32_t w;                 /* ff 03, then the protocol: one load */
  memcpy(&w, d, 4);
  w = g_ntohl(w);
  return w >> 16 == 0xff03 ? (int)(w & 0xffff) : -1;
}

/* A frame of a type other than the one a domain took last: raw test
 * frames, or the first domain that takes the type (kept in ifp->up_type
 * and up_input for the frames after it: the answer depends on the type
 * alone), or nobody. */
static G_GNUC_NO_INLINE void input_other(struct netif *ifp, int type,
                                         struct pbuf *p)
{
  if (rawlink_accepts(ifp->port->kind, type)) {
    rawlink_input(ifp, p);
    return;
  }
  dom_input_fn in = domain_ifinput(ifp->host, ifp->port->kind, type);
  if (!in) {
    ifp->stats.rx_unknown++;
    pbuf_free(p);
    return;
  }
  ifp->up_type = type;
  ifp->up_input = in;
  in(ifp, type, p);
}

static void netif_input(void *upper, struct pbuf *p)
{
  struct netif *ifp = upper;
  if (ifp->host->down) {
    ifp->stats.rx_down++;
    pbuf_free(p);
    return;
  }
  ifp->stats.rx_frames++;
  ifp->stats.rx_bytes += p->len;
  int type = frame_type(ifp, p);
  if (type == ifp->up_type)
    ifp->up_input(ifp, type, p);
  else
    input_other(ifp, type, p);
}

struct netif *netif_attach(struct host *h, struct medium_port *port,
                           const char *name, const uint8_t *mac)
{
  struct netif *ifp = g_new0(struct netif, 1);
  ifp->host = h;
  ifp->name = g_strdup(name);
  ifp->label = g_strdup_printf("%s.%s", h->name, name);
  ifp->port = port;
  if (mac)
    memcpy(ifp->mac, mac, ETHER_ADDR_LEN);
  g_queue_init(&ifp->rawq);
  ifp->rawq_max = 50;
  ifp->up_type = NETIF_NO_TYPE;
  port->input = netif_input;
  port->upper = ifp;
  port->upper_name = ifp->label;
  port->upper_host = h->name;
  port->upper_off = &h->down;
  g_ptr_array_add(h->ifs, ifp);
  return ifp;
}

void netif_free(struct netif *ifp)
{
  if (!ifp)
    return;
  if (ifp->port->upper == ifp) {
    ifp->port->input = NULL;
    ifp->port->upper = NULL;
    ifp->port->upper_name = NULL;
    ifp->port->upper_host = NULL;
    ifp->port->upper_off = NULL;
  }
  g_queue_clear_full(&ifp->rawq, (GDestroyNotify)pbuf_free);
  domain_ifdetach(ifp);
  g_free(ifp->addr);
  g_free(ifp->label);
  g_free(ifp->name);
  g_free(ifp);
}

int netif_output(struct netif *ifp, struct pbuf *p)
{
  if (ifp->host->down) {        /* nothing runs on a dead host; be sure */
    pbuf_free(p);
    return -ENETDOWN;
  }
  uint32_t len = p->len;
  int err = medium_output(ifp->port, p);
  if (err) {
    ifp->stats.tx_errors++;
    ifp->stats.tx_qdrops += err == -ENOBUFS;
    return err;
  }
  ifp->stats.tx_frames++;
  ifp->stats.tx_bytes += len;
  return 0;
}

void netif_format_mac(const uint8_t mac[ETHER_ADDR_LEN], char buf[18])
{
  snprintf(buf, 18, "%02x:%02x:%02x:%02x:%02x:%02x",
           mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]);
}

gboolean netif_parse_mac(const char *s, uint8_t mac[ETHER_ADDR_LEN])
{
  unsigned v[ETHER_ADDR_LEN];
  char tail;
  if (s[strspn(s, "0123456789abcdefABCDEF:")] != '\0')   /* %x takes " -+x" */
    return FALSE;
  if (sscanf(s, "%2x:%2x:%2x:%2x:%2x:%2x%c", &v[0], &v[1], &v[2], &v[3],
             &v[4], &v[5], &tail) != ETHER_ADDR_LEN)
    return FALSE;
  for (int i = 0; i < ETHER_ADDR_LEN; i++)
    mac[i] = (uint8_t)v[i];
  return TRUE;
}
