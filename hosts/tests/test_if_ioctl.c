/* hosts/tests/test_if_ioctl.c: the interface ioctls (hosts/if_ioctl.h)
 * alone: a host with an Ethernet, a link to a second host and an
 * interface without an address, fake internet and local domains (so
 * socket() works without the protocols), and addresses set by hand. Checks
 * SIOCGIFCONF's entries and its ifc_len rule, the flags of each kind of
 * interface and of lo0, each address request, and every error in 4.4BSD's
 * order. */
#include <errno.h>
#include <string.h>
#include <glib.h>

#include "host.h"
#include "if_ioctl.h"
#include "in.h"
#include "netif.h"
#include "proc.h"
#include "protosw.h"
#include "domain.h"
#include "socketvar.h"
#include "syscalls.h"

#define IP(a, b, c, d) ((in_addr32)(a) << 24 | (in_addr32)(b) << 16 | \
                       (in_addr32)(c) << 8 | (in_addr32)(d))

static int fake_attach(struct socket *so, int proto)
{
  return soreserve(so, 1024, 1024);
}

static void fake_detach(struct socket *so) {}

static const struct protosw inet_dgram = {
  .pr_type = SOCK_DGRAM, .pr_domain = AF_INET, .pr_flags = PR_ATOMIC | PR_ADDR,
  .pr_name = "fake-inet", .pr_attach = fake_attach, .pr_detach = fake_detach,
};
static const struct protosw unix_dgram = {
  .pr_type = SOCK_DGRAM, .pr_domain = AF_UNIX, .pr_flags = PR_ATOMIC | PR_ADDR,
  .pr_name = "fake-unix", .pr_attach = fake_attach, .pr_detach = fake_detach,
};
static const struct protosw *const inet_sw[] = { &inet_dgram, NULL };
static const struct protosw *const unix_sw[] = { &unix_dgram, NULL };
static const struct domain inet_dom = { .dom_family = AF_INET,
                                        .dom_name = "inet",
                                        .dom_protosw = inet_sw };
static const struct domain unix_dom = { .dom_family = AF_UNIX,
                                        .dom_name = "unix",
                                        .dom_protosw = unix_sw };
static const struct domain *const doms[] = { &inet_dom, &unix_dom, NULL };

struct rig {
  struct sim *sim;
  GPtrArray *world;           /* struct host * (owned) */
  struct medium_port lan, wan[2], spare;
  struct proc *p;             /* a process on the first host */
  int s, u, f;                /* inet socket, local socket, file */
};

static void resume(struct proc *p, void *ctx) {}

static void set_addr(struct netif *ifp, in_addr32 a, int len)
{
  ifp->in = (struct netif_in){ .set = true, .addr = a, .len = len,
                               .mask = in_netmask(len) };
  ifp->in.bcast = in_broadcast(a, ifp->in.mask);
}

static void rig_init(struct rig *r)
{
  memset(r, 0, sizeof *r);
  r->sim = sim_new(1);
  r->world = g_ptr_array_new_with_free_func((GDestroyNotify)host_free);
  struct host *h = host_new(r->sim, "monet", doms);
  struct host *h2 = host_new(r->sim, "degas", doms);
  g_ptr_array_add(r->world, h);
  g_ptr_array_add(r->world, h2);
  r->lan = (struct medium_port){ .kind = MEDIUM_ETHERNET, .medium_name = "lan0" };
  static const char wan_name[] = "wan0";     /* both ends share it */
  r->wan[0] = (struct medium_port){ .kind = MEDIUM_P2P, .medium_name = wan_name };
  r->wan[1] = r->wan[0];
  r->spare = (struct medium_port){ .kind = MEDIUM_ETHERNET, .medium_name = "sp" };
  static const uint8_t mac[ETHER_ADDR_LEN] = { 2, 0, 0, 0, 0, 1 };
  set_addr(netif_attach(h, &r->lan, "en0", mac), IP(128, 32, 1, 1), 16);
  set_addr(netif_attach(h, &r->wan[0], "ppp1", NULL), IP(10, 1, 0, 1), 16);
  netif_attach(h, &r->spare, "en2", mac);
  set_addr(netif_attach(h2, &r->wan[1], "ppp0", NULL), IP(10, 1, 0, 2), 16);
  r->p = proc_new(h, "t", resume, NULL);
  r->s = sys_socket(r->p, AF_INET, SOCK_DGRAM, 0);
  r->u = sys_socket(r->p, AF_UNIX, SOCK_DGRAM, 0);
  r->f = sys_creat(r->p, "/file", 0644);
  g_assert_cmpint(r->s, >=, 0);
  g_assert_cmpint(r->u, >=, 0);
  g_assert_cmpint(r->f, >=, 0);
}

static void rig_free(struct rig *r)
{
  g_ptr_array_free(r->world, TRUE);
  sim_free(r->sim);
}

static void test_ifconf(void)
{
  struct rig r;
  rig_init(&r);
  struct if_req out[16];
  int len = 1024;
  int n = sys_ifconf(r.p, r.s, &len, out, 16);
  g_assert_cmpint(n, ==, 7);              /* 3 links + 2 inet + lo0's 2 */
  g_assert_cmpint(len, ==, 7 * IFREQ_SIZE);
  const char *names[] = { "en0", "en0", "ppp1", "ppp1", "en2", "lo0", "lo0" };
  const int fam[] = { AF_LINK, AF_INET, AF_LINK, AF_INET, AF_LINK, AF_LINK,
                      AF_INET };
  for (int i = 0; i < n; i++) {
    g_assert_cmpstr(out[i].name, ==, names[i]);
    g_assert_cmpint(out[i].family, ==, fam[i]);
  }
  g_assert_cmphex(out[1].addr, ==, IP(128, 32, 1, 1));
  g_assert_cmphex(out[6].addr, ==, IN_ADDR_LOOPBACK);
  g_assert_null(out[5].ifp);              /* lo0 has no struct netif */
  /* an entry is copied only while more than 32 bytes are left */
  len = 2 * IFREQ_SIZE;
  g_assert_cmpint(sys_ifconf(r.p, r.s, &len, out, 16), ==, 1);
  g_assert_cmpint(len, ==, IFREQ_SIZE);
  len = IFREQ_SIZE;
  g_assert_cmpint(sys_ifconf(r.p, r.s, &len, out, 16), ==, 0);
  g_assert_cmpint(len, ==, 0);
  len = -7;
  g_assert_cmpint(sys_ifconf(r.p, r.s, &len, out, 16), ==, 0);
  g_assert_cmpint(len, ==, 0);
  len = 1024;                             /* the caller's room bounds it */
  g_assert_cmpint(sys_ifconf(r.p, r.s, &len, out, 3), ==, 3);
  g_assert_cmpint(len, ==, 3 * IFREQ_SIZE);
  len = 1024;                             /* any socket; not a file */
  g_assert_cmpint(sys_ifconf(r.p, r.u, &len, out, 16), ==, 7);
  g_assert_cmpint(sys_ifconf(r.p, r.f, &len, out, 16), ==, -ENOTTY);
  g_assert_cmpint(sys_ifconf(r.p, 40, &len, out, 16), ==, -EBADF);
  rig_free(&r);
}

/* SIOCGIF* on `name` via fd: the error, with *ifr filled. */
static int req(struct rig *r, int fd, unsigned long cmd, const char *name,
               struct if_req *ifr)
{
  memset(ifr, 0, sizeof *ifr);
  g_strlcpy(ifr->name, name, sizeof ifr->name);
  return sys_ifioctl(r->p, fd, cmd, ifr, r->world);
}

static void test_flags_addrs(void)
{
  struct rig r;
  rig_init(&r);
  struct if_req ifr;
  g_assert_cmpint(req(&r, r.s, SIOCGIFFLAGS, "en0", &ifr), ==, 0);
  g_assert_cmphex(ifr.flags, ==, IFF_UP | IFF_BROADCAST | IFF_NOTRAILERS |
                                     IFF_RUNNING | IFF_SIMPLEX);
  g_assert_cmpint(req(&r, r.s, SIOCGIFFLAGS, "ppp1", &ifr), ==, 0);
  g_assert_cmphex(ifr.flags, ==, IFF_UP | IFF_POINTOPOINT | IFF_RUNNING);
  g_assert_cmpint(req(&r, r.u, SIOCGIFFLAGS, "lo0", &ifr), ==, 0);
  g_assert_cmphex(ifr.flags, ==, IFF_UP | IFF_LOOPBACK | IFF_RUNNING);
  g_assert_cmpint(req(&r, r.s, SIOCGIFFLAGS, "en2", &ifr), ==, 0);
  g_assert_cmphex(ifr.flags, ==, IFF_BROADCAST | IFF_NOTRAILERS | IFF_SIMPLEX);
  struct { unsigned long cmd; const char *name; in_addr32 want; } ok[] = {
    { SIOCGIFADDR, "en0", IP(128, 32, 1, 1) },
    { SIOCGIFNETMASK, "en0", IP(255, 255, 0, 0) },
    { SIOCGIFBRDADDR, "en0", IP(128, 32, 255, 255) },
    { SIOCGIFDSTADDR, "ppp1", IP(10, 1, 0, 2) },     /* degas's end */
    { SIOCGIFADDR, "lo0", IN_ADDR_LOOPBACK },
    { SIOCGIFNETMASK, "lo0", IP(255, 0, 0, 0) },
  };
  for (size_t i = 0; i < G_N_ELEMENTS(ok); i++) {
    g_assert_cmpint(req(&r, r.s, ok[i].cmd, ok[i].name, &ifr), ==, 0);
    g_assert_cmpint(ifr.family, ==, AF_INET);
    g_assert_cmphex(ifr.addr, ==, ok[i].want);
  }
  rig_free(&r);
}

static void test_errors(void)
{
  struct rig r;
  rig_init(&r);
  struct if_req ifr;
  g_assert_cmpint(req(&r, 40, SIOCGIFFLAGS, "en0", &ifr), ==, -EBADF);
  g_assert_cmpint(req(&r, r.f, SIOCGIFFLAGS, "en0", &ifr), ==, -ENOTTY);
  g_assert_cmpint(req(&r, r.s, SIOCGIFFLAGS, "en9", &ifr), ==, -ENXIO);
  g_assert_cmpint(req(&r, r.s, SIOCGIFADDR, "", &ifr), ==, -ENXIO);
  g_assert_cmpint(req(&r, r.u, SIOCGIFADDR, "xx0", &ifr), ==, -ENXIO);
  g_assert_cmpint(req(&r, r.u, SIOCGIFADDR, "en0", &ifr), ==, -EOPNOTSUPP);
  g_assert_cmpint(req(&r, r.s, SIOCGIFADDR, "en2", &ifr), ==, -EADDRNOTAVAIL);
  g_assert_cmpint(req(&r, r.s, SIOCGIFBRDADDR, "en2", &ifr), ==,
                  -EADDRNOTAVAIL);
  g_assert_cmpint(req(&r, r.s, SIOCGIFBRDADDR, "ppp1", &ifr), ==, -EINVAL);
  g_assert_cmpint(req(&r, r.s, SIOCGIFBRDADDR, "lo0", &ifr), ==, -EINVAL);
  g_assert_cmpint(req(&r, r.s, SIOCGIFDSTADDR, "en0", &ifr), ==, -EINVAL);
  g_assert_cmpint(req(&r, r.s, 0xc0206999u, "en0", &ifr), ==, -EINVAL);
  rig_free(&r);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/if_ioctl/ifconf", test_ifconf);
  g_test_add_func("/if_ioctl/flags-addrs", test_flags_addrs);
  g_test_add_func("/if_ioctl/errors", test_errors);
  return g_test_run();
}
