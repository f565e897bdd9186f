/* hosts/rawlink.c: raw test frames (see rawlink.h). Builds and parses
 * the two framings; the readers' wait channel is the interface's rawq. */
#include "rawlink.h"
#include "wire.h"
#include "host.h"
#include "netif.h"
#include "proc.h"

#include <errno.h>
#include <string.h>

#define LCP_ECHO_REQUEST 9
#define LCP_HDR_LEN      8          /* code, id, length, magic number */

/* Fills the data: the sequence number, then a recognisable pattern. */
static void fill_data(uint8_t *d, uint32_t len, uint32_t seq)
{
  wire_put32(d, seq);
  for (uint32_t i = RAWLINK_MIN_DATA; i < len; i++)
    d[i] = (uint8_t)i;
}

static struct pbuf *build_ether(const struct netif *ifp, const uint8_t *dst,
                                uint32_t data_len, uint32_t seq)
{
  struct pbuf *p = pbuf_new(ETHER_HDR_LEN + data_len);
  uint8_t *d = pbuf_data(p);
  memcpy(d, dst, ETHER_ADDR_LEN);
  memcpy(d + 6, ifp->mac, ETHER_ADDR_LEN);
  d[12] = RAWLINK_ETHERTYPE >> 8, d[13] = RAWLINK_ETHERTYPE & 0xff;
  fill_data(d + ETHER_HDR_LEN, data_len, seq);
  return p;
}

static struct pbuf *build_ppp(uint32_t data_len, uint32_t seq)
{
  uint32_t lcp_len = LCP_HDR_LEN + data_len;
  struct pbuf *p = pbuf_new(P2P_HDR_LEN + lcp_len);
  uint8_t *d = pbuf_data(p);
  d[0] = 0xff, d[1] = 0x03;
  d[2] = RAWLINK_PPP_LCP >> 8, d[3] = RAWLINK_PPP_LCP & 0xff;
  d[4] = LCP_ECHO_REQUEST, d[5] = (uint8_t)seq;
  d[6] = (uint8_t)(lcp_len >> 8), d[7] = (uint8_t)lcp_len;
  wire_put32(d + 8, 0);                  /* magic number: none negotiated */
  fill_data(d + P2P_HDR_LEN + LCP_HDR_LEN, data_len, seq);
  return p;
}

int rawlink_send(struct netif *ifp, const uint8_t *dst, uint32_t data_len,
                 uint32_t seq)
{
  if (data_len < RAWLINK_MIN_DATA || data_len > RAWLINK_MAX_DATA)
    return -EINVAL;
  g_return_val_if_fail(dst || ifp->port->kind != MEDIUM_ETHERNET, -EINVAL);
  struct pbuf *p = ifp->port->kind == MEDIUM_ETHERNET
                     ? build_ether(ifp, dst, data_len, seq)
                     : build_ppp(data_len, seq);
  return netif_output(ifp, p);
}

bool rawlink_accepts(enum medium_kind kind, int type)
{
  return type == (kind == MEDIUM_ETHERNET ? RAWLINK_ETHERTYPE
                                          : RAWLINK_PPP_LCP);
}

void rawlink_input(struct netif *ifp, struct pbuf *p)
{
  if (ifp->rawq.length >= ifp->rawq_max) {
    ifp->stats.rx_overflow++;
    pbuf_free(p);
    return;
  }
  g_queue_push_tail(&ifp->rawq, p);
  proc_wakeup(ifp->host, &ifp->rawq);
}

/* Offset of the data, or 0 when the frame is too short to hold it. */
static uint32_t data_offset(const struct netif *ifp, const struct pbuf *p)
{
  uint32_t off = ifp->port->kind == MEDIUM_ETHERNET
                   ? ETHER_HDR_LEN : P2P_HDR_LEN + LCP_HDR_LEN;
  return p->len >= off + RAWLINK_MIN_DATA ? off : 0;
}

bool rawlink_recv(struct netif *ifp, struct rawlink_frame *f)
{
  struct pbuf *p;
  uint32_t off = 0;
  while ((p = g_queue_pop_head(&ifp->rawq)) && !(off = data_offset(ifp, p))) {
    ifp->stats.rx_unknown++;       /* runt: not a frame we can read */
    pbuf_free(p);
  }
  if (!p)
    return false;
  const uint8_t *d = pbuf_data(p);
  memset(f, 0, sizeof *f);
  if (ifp->port->kind == MEDIUM_ETHERNET) {
    memcpy(f->dst, d, ETHER_ADDR_LEN);
    memcpy(f->src, d + 6, ETHER_ADDR_LEN);
  }
  f->seq = wire_get32(d + off);
  f->data_len = p->len - off;
  f->frame_len = p->len;
  pbuf_free(p);
  return true;
}
