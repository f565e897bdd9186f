/* hosts/netif.h: a host's network interface, attached to one medium port
 * (medium.h). Downward it hands whole frames to the medium and counts
 * them; upward it takes each arriving frame, checks its link header and
 * passes it on by type: to the raw test frames (hosts/rawlink.h) or to
 * the host's domains (domain.h; the internet domain takes IP and ARP).
 * Names follow BSD's style: en0, en1 on Ethernet, ppp0 on links. */
#ifndef IPCSIM_NETIF_H
#define IPCSIM_NETIF_H

#include <glib.h>
#include <stdint.h>
#include "in.h"
#include "medium.h"

struct host;
struct arptab;

struct netif_stats {
  uint64_t tx_frames, tx_bytes;   /* frames the medium accepted */
  uint64_t tx_errors;             /* frames the medium refused (full, size) */
  uint64_t tx_qdrops;             /* of those, refused for a full queue */
  uint64_t rx_frames, rx_bytes;   /* frames that arrived */
  uint64_t rx_unknown;            /* arrived with a type nobody handles */
  uint64_t rx_overflow;           /* raw frames dropped: reader queue full */
  uint64_t rx_badframe;           /* IP/ARP frames with a bad link header */
  uint64_t rx_down;               /* frames that arrived while powered off */
};

/* The interface's internet address (4.4BSD struct in_ifaddr). */
struct netif_in {
  bool set;                       /* an address was given */
  in_addr32 addr;                 /* the address */
  int len;                        /* prefix length */
  in_addr32 mask;                 /* netmask */
  in_addr32 bcast;                /* directed broadcast address */
};

struct netif {
  struct host *host;              /* owner */
  char *name;                     /* "en0" */
  char *label;                    /* "monet.en0" */
  struct medium_port *port;       /* where frames go (owned by the medium) */
  uint8_t mac[ETHER_ADDR_LEN];    /* Ethernet address; zero on links */
  char *addr;                     /* address as written ("a.b.c.d/len"), or NULL */
  struct netif_in in;             /* the address, parsed */
  struct arptab *arp;             /* ARP cache (Ethernet only), or NULL */
  struct netif_stats stats;       /* counters */
  GQueue rawq;                    /* raw frames waiting for a reader */
  uint32_t rawq_max;              /* limit of rawq (IFQ_MAXLEN, 50) */
  int up_type;                    /* link type a domain last took here,
                                     NETIF_NO_TYPE before any */
  void (*up_input)(struct netif *ifp, int type, struct pbuf *p);
                                  /* that domain's input for up_type */
};

#define NETIF_NO_TYPE (-2)        /* no frame type (frame_type gives -1
                                     for a frame too short for one) */

/* Creates an interface on h named `name`, attached to port (its input is
 * set to this interface). mac may be NULL on point-to-point links.
 * Appended to h->ifs, which owns it. */
struct netif *netif_attach(struct host *h, struct medium_port *port,
                           const char *name, const uint8_t *mac);

/* Frees the interface and any queued frames. Detaches from the port, so
 * it must run before the medium that owns the port is freed. */
void netif_free(struct netif *ifp);

/* Hands a complete frame to the medium. Takes p. Returns 0 or the
 * medium's negative errno (the frame is then gone and counted). */
int netif_output(struct netif *ifp, struct pbuf *p);

/* "02:00:00:00:00:01" into buf (18 bytes). */
void netif_format_mac(const uint8_t mac[ETHER_ADDR_LEN], char buf[18]);

/* Parses "aa:bb:cc:dd:ee:ff" (hex, case-insensitive). */
gboolean netif_parse_mac(const char *s, uint8_t mac[ETHER_ADDR_LEN]);

#endif
