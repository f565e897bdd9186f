/* sim/lua/lsim_inet.c: the internet layer in scenarios: gateway{} (a host
 * that forwards), route(host, dest, gateway) for static routes, the
 * automatic routes computed at each run{} (unless autoroute = false),
 * and the host methods h:routes() (the table, as netstat -r lists it) and
 * h:ipstat() (IP, ICMP and UDP counters). The table logic is
 * hosts/route.c and protocols/route_auto.c; this file only reads arguments
 * and reports. */
#include "lsim_internal.h"
#include "exec.h"
#include "host.h"
#include "in.h"
#include "ip_var.h"
#include "netif.h"
#include "proc.h"
#include "record.h"
#include "route.h"
#include "route_auto.h"

#include <string.h>

static int l_gateway(lua_State *L)
{
  return lsim_new_host(L, "gateway", true);
}

void lsim_set_routes(struct lsim *rt, bool autoroute)
{
  if (autoroute) {
    route_auto_compute(rt->hosts);
    return;
  }
  for (guint i = 0; i < rt->hosts->len; i++) {
    struct host *h = g_ptr_array_index(rt->hosts, i);
    rt_delete_all(h->inet->rt, RTF_AUTO);
  }
}

/* Raises "route: <msg>" with the parser's message. */
static int bad_arg(lua_State *L, GError *err)
{
  luaL_where(L, 1);
  lua_pushfstring(L, "route: %s", err->message);
  g_error_free(err);
  lua_concat(L, 2);
  return lua_error(L);
}

/* dest: "default", "a.b.c.d/len" (a network) or "a.b.c.d" (a host). */
static void read_dest(lua_State *L, int i, in_addr32 *dst, int *len)
{
  const char *s = luaL_checkstring(L, i);
  GError *err = NULL;
  if (strcmp(s, "default") == 0) {
    *dst = 0;
    *len = 0;
  } else if (strchr(s, '/')) {
    if (!in_parse_cidr(s, dst, len, &err))
      bad_arg(L, err);
  } else {
    if (!in_parse_addr(s, dst, &err))
      bad_arg(L, err);
    *len = 32;
  }
}

/* The interface of h directly connected to gw, or an error. */
static struct netif *gateway_if(lua_State *L, struct host *h, in_addr32 gw,
                                const char *gws)
{
  for (guint i = 0; i < h->ifs->len; i++) {
    struct netif *ifp = g_ptr_array_index(h->ifs, i);
    if (ifp->in.set && (gw & ifp->in.mask) == (ifp->in.addr & ifp->in.mask)
        && gw != ifp->in.addr)
      return ifp;
  }
  luaL_error(L, "route: gateway %s is not on a network directly connected "
             "to host '%s'", gws, h->name);
  return NULL;
}

/* route(host, dest, gateway): a static route on host; gateway "reject" or
 * "blackhole" makes a 4.4BSD RTF_REJECT or RTF_BLACKHOLE route. */
static int l_route(lua_State *L)
{
  struct host *h = lsim_checkhandle(L, 1, LSIM_HOST);
  in_addr32 dst, gw;
  int len;
  read_dest(L, 2, &dst, &len);
  const char *gws = luaL_checkstring(L, 3);
  int noif = strcmp(gws, "reject") == 0 ? RTF_REJECT
             : strcmp(gws, "blackhole") == 0 ? RTF_BLACKHOLE : 0;
  if (noif) {
    if (rt_add(h->inet->rt, dst, len, 0, NULL, RTF_STATIC | noif) < 0)
      return luaL_error(L, "route: host '%s' already has a static route to "
                        "%s", h->name, lua_tostring(L, 2));
    return 0;
  }
  GError *err = NULL;
  if (!in_parse_addr(gws, &gw, &err))
    return bad_arg(L, err);
  struct netif *ifp = gateway_if(L, h, gw, gws);
  if (rt_add(h->inet->rt, dst, len, gw, ifp, RTF_STATIC) < 0)
    return luaL_error(L, "route: host '%s' already has a static route to "
                      "%s", h->name, lua_tostring(L, 2));
  return 0;
}

/* h:routes(): the table as a list of lines, in lookup order. */
static int host_routes(lua_State *L)
{
  struct host *h = lsim_checkhandle(L, 1, LSIM_HOST);
  guint n = rt_count(h->inet->rt);
  lua_createtable(L, (int)n, 0);
  for (guint i = 0; i < n; i++) {
    char line[128];
    rt_format(rt_entry(h->inet->rt, i), line, sizeof line);
    lua_pushstring(L, line);
    lua_rawseti(L, -2, (lua_Integer)i + 1);
  }
  return 1;
}

/* h:ipstat(): IP, ICMP (icmp_*) and UDP (udp_*) counters as a flat table. */
static int host_ipstat(lua_State *L)
{
  struct host *h = lsim_checkhandle(L, 1, LSIM_HOST);
  const struct ipstat *s = &h->inet->ipstat;
  const struct icmpstat *c = &h->inet->icmpstat;
  const struct udpstat *u = &h->inet->udpstat;
  lua_createtable(L, 0, 40);
#define F(x) (lua_pushinteger(L, (lua_Integer)s->x), lua_setfield(L, -2, #x))
  F(total), F(badsum), F(tooshort), F(toosmall), F(badhlen), F(badlen);
  F(badvers), F(fragments), F(fragdropped), F(fragtimeout), F(reassembled);
  F(delivered), F(noproto), F(forward), F(cantforward), F(localout);
  F(noroute), F(odropped), F(fragmented), F(ofragments), F(cantfrag);
#undef F
#define F(x) (lua_pushinteger(L, (lua_Integer)c->x), \
              lua_setfield(L, -2, "icmp_" #x))
  F(error), F(oldicmp), F(badcode), F(tooshort), F(checksum), F(reflect);
#undef F
#define F(x) (lua_pushinteger(L, (lua_Integer)u->x), \
              lua_setfield(L, -2, "udp_" #x))
  F(ipackets), F(hdrops), F(badsum), F(badlen), F(noport), F(noportbcast);
  F(fullsock), F(opackets);
#undef F
  return 1;
}

/* h:tcpstat(): the host's TCP counters (4.4BSD struct tcpstat names). */
static int host_tcpstat(lua_State *L)
{
  struct host *h = lsim_checkhandle(L, 1, LSIM_HOST);
  const struct tcpstat *t = &h->inet->tcpstat;
  lua_createtable(L, 0, 48);
#define F(x) (lua_pushinteger(L, (lua_Integer)t->x), lua_setfield(L, -2, #x))
  F(connattempt), F(accepts), F(connects), F(drops), F(conndrops);
  F(closed), F(segstimed), F(rttupdated), F(delack), F(timeoutdrop);
  F(rexmttimeo), F(persisttimeo), F(keeptimeo), F(keepprobe), F(keepdrops);
  F(sndtotal), F(sndpack), F(sndbyte), F(sndrexmitpack), F(sndrexmitbyte);
  F(sndacks), F(sndprobe), F(sndurg), F(sndwinup), F(sndctrl), F(rcvtotal);
  F(rcvpack), F(rcvbyte), F(rcvbadsum), F(rcvbadoff), F(rcvshort);
  F(rcvduppack), F(rcvdupbyte), F(rcvpartduppack), F(rcvoopack);
  F(rcvoobyte), F(rcvpackafterwin), F(rcvafterclose), F(rcvwinprobe);
  F(rcvdupack), F(rcvacktoomuch), F(rcvackpack), F(rcvackbyte);
  F(rcvwinupd), F(listendrop), F(pawsdrop), F(predack), F(preddat);
#undef F
  return 1;
}

/* h:down(): a crash (processes end, caches go, frames are dropped). */
static int host_down_m(lua_State *L)
{
  struct host *h = lsim_checkhandle(L, 1, LSIM_HOST);
  host_down(h);
  exec_world_reap(LSIM_RT(L)->exec);    /* its real programs end too */
  if (SIM_RECORDING(h->sim))
    record_event(h->sim->rec, "host-down", h->name, NULL);
  /* A process that powered its own host off ended with it: it stops
   * here, as exit() does, and is never resumed. */
  struct lproc *lp = LSIM_THREAD(L)->proc;
  if (lp && lp->co == L && lp->p->state == PROC_EXITED &&
      lua_isyieldable(L))
    return lua_yield(L, 0);
  return 0;
}

/* h:up(): power on again; start its daemons with h:spawn. */
static int host_up_m(lua_State *L)
{
  struct host *h = lsim_checkhandle(L, 1, LSIM_HOST);
  host_up(h);
  if (SIM_RECORDING(h->sim))
    record_event(h->sim->rec, "host-up", h->name, NULL);
  return 0;
}

/* h:isup() */
static int host_isup_m(lua_State *L)
{
  lua_pushboolean(L, !((struct host *)lsim_checkhandle(L, 1, LSIM_HOST))->down);
  return 1;
}

void lsim_open_inet(lua_State *L, struct lsim *rt)
{
  static const luaL_Reg funcs[] = {
    { "gateway", l_gateway }, { "route", l_route }, { NULL, NULL },
  };
  static const luaL_Reg host_methods[] = {
    { "routes", host_routes }, { "ipstat", host_ipstat },
    { "tcpstat", host_tcpstat },
    { "down", host_down_m }, { "up", host_up_m }, { "isup", host_isup_m },
    { NULL, NULL },
  };
  lua_pushglobaltable(L);
  lsim_setfuncs(L, rt, funcs);
  lua_pop(L, 1);
  luaL_getmetatable(L, LSIM_HOST);
  lua_getfield(L, -1, "__index");
  lsim_setfuncs(L, rt, host_methods);
  lua_pop(L, 2);
}
