/* protocols/raw_ip.c: raw IP sockets (SOCK_RAW, root only): every ICMP
 * message and every datagram of a protocol the host does not know is
 * offered to the raw sockets whose protocol and addresses match (4.4BSD
 * netinet/raw_ip.c rip_input). Today there are no raw sockets yet, so
 * input is only counted and dropped. */
#include "host.h"
#include "ip_var.h"
#include "pbuf.h"
#include "raw_ip.h"

void rip_input(struct host *h, struct pbuf *p, int hlen, struct netif *ifp)
{
  (void)h;
  (void)hlen;
  (void)ifp;
  pbuf_free(p);
}
