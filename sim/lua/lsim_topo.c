/* sim/lua/lsim_topo.c: the media in scenarios: ethernet{} and link{}, their
 * methods (stats, down/up, set), and attaching a host's interface to one.
 * Fields are checked strictly: an unknown field or a bad value is an
 * error naming it. Settings documented in docs/lua-api.md. */
#include "lsim_internal.h"
#include "bus.h"
#include "host.h"
#include "ip_var.h"
#include "link.h"
#include "netif.h"
#include "record.h"

#include <string.h>

/* Bounds on an Ethernet's parameters that keep every time the bus works
 * out (a frame's propagation, the backoff of 1023 slots) far inside the
 * 64-bit nanosecond clock: a cable of 1,000,000 km (5 s end to end), and
 * a slot or gap of 1000 s. */
#define ETHER_LENGTH_MAX 1e9
#define ETHER_TIME_MAX (1000 * SIM_S)

struct llink {
  struct link *l;             /* the link */
  int ends;                   /* ends attached so far (0..2) */
};

struct lbus {
  struct bus *bus;            /* the bus */
  GPtrArray *unplaced;        /* ports attached without at=, in order */
  bool placed;                /* unplaced stations were given positions */
};

static void llink_free(struct llink *ll)
{
  link_free(ll->l);
  g_free(ll);
}

static void lbus_free(struct lbus *lb)
{
  bus_free(lb->bus);
  g_ptr_array_free(lb->unplaced, TRUE);
  g_free(lb);
}

/* ---- link ---------------------------------------------------------- */

static const char *const link_param_fields[] = {
  "rate", "delay", "mtu", "queue", "queue_bytes", "loss", "burst", "dup",
  "reorder", "reorder_delay", "corrupt", "stuffing", NULL,
};

/* stuffing = true | false: RFC 1662 octet stuffing (link.h). */
static void read_stuffing(lua_State *L, int t, const char *what,
                          struct link_params *p)
{
  int ty = lua_getfield(L, t, "stuffing");
  if (ty != LUA_TNIL && ty != LUA_TBOOLEAN)
    luaL_error(L, "%s: stuffing must be true or false, not a %s", what,
               lua_typename(L, ty));
  if (ty == LUA_TBOOLEAN)
    p->stuffing = lua_toboolean(L, -1);
  lua_pop(L, 1);
}

static void read_burst(lua_State *L, int t, const char *what,
                       struct link_params *p)
{
  static const char *const fields[] = { "p", "r", "loss_good", "loss_bad",
                                        NULL };
  if (lua_getfield(L, t, "burst") == LUA_TNIL) {
    lua_pop(L, 1);
    return;
  }
  int b = lua_gettop(L);
  luaL_argexpected(L, lua_istable(L, b), 1, "burst = { p=, r=, ... }");
  lsim_check_fields(L, b, "burst", fields);
  p->ge_on = true;
  p->ge_loss_good = 0;
  p->ge_loss_bad = 1;
  if (!lsim_field_prob(L, b, what, "p", &p->ge_p) ||
      !lsim_field_prob(L, b, what, "r", &p->ge_r))
    luaL_error(L, "%s: burst needs p (good->bad) and r (bad->good)", what);
  lsim_field_prob(L, b, what, "loss_good", &p->ge_loss_good);
  lsim_field_prob(L, b, what, "loss_bad", &p->ge_loss_bad);
  lua_pop(L, 1);
}

/* Reads the link settings present in table t into p. */
static void read_link_params(lua_State *L, int t, const char *what,
                             struct link_params *p)
{
  uint64_t v;
  lsim_field_rate(L, t, what, "rate", &p->rate_bps);
  lsim_field_time(L, t, what, "delay", &p->delay);
  if (lsim_field_uint(L, t, what, "mtu", 68, 65535, &v))
    p->mtu = (uint32_t)v;
  if (lsim_field_uint(L, t, what, "queue", 0, 1000000, &v))
    p->queue_pkts = (uint32_t)v;
  lsim_field_size(L, t, what, "queue_bytes", &p->queue_bytes);
  lsim_field_prob(L, t, what, "loss", &p->loss);
  read_burst(L, t, what, p);
  lsim_field_prob(L, t, what, "dup", &p->dup);
  lsim_field_prob(L, t, what, "reorder", &p->reorder);
  lsim_field_time(L, t, what, "reorder_delay", &p->reorder_delay);
  lsim_field_prob(L, t, what, "corrupt", &p->corrupt);
  read_stuffing(L, t, what, p);
  if (p->reorder > 0 && p->reorder_delay <= 0)
    luaL_error(L, "%s: reorder needs reorder_delay (how long a held-back "
               "frame waits)", what);
}

/* Reads the per-direction table `dir` of t, if any, into p. */
static void read_dir(lua_State *L, int t, const char *what, const char *dir,
                     struct link_params *p)
{
  if (lua_getfield(L, t, dir) == LUA_TNIL) {
    lua_pop(L, 1);
    return;
  }
  char *w = g_strdup_printf("%s.%s", what, dir);
  lua_pushstring(L, w);                      /* keeps the text for errors */
  g_free(w);
  w = (char *)lua_tostring(L, -1);
  if (!lua_istable(L, -2))
    luaL_error(L, "%s must be a table of settings", w);
  lsim_check_fields(L, -2, w, link_param_fields);
  read_link_params(L, lua_gettop(L) - 1, w, p);
  lua_pop(L, 2);
}

static int l_link(lua_State *L)
{
  static const char *const fields[] = {
    "name", "rate", "delay", "mtu", "queue", "queue_bytes", "loss", "burst",
    "dup", "reorder", "reorder_delay", "corrupt", "stuffing", "ab", "ba",
    NULL,
  };
  struct lsim *rt = LSIM_RT(L);
  luaL_checktype(L, 1, LUA_TTABLE);
  lsim_check_fields(L, 1, "link", fields);
  const char *name = lsim_field_string(L, 1, "link", "name");
  lsim_claim_name(L, rt, "link", name);
  const char *what = lua_pushfstring(L, "link '%s'", name);
  struct link_params both, ab, ba;
  link_params_default(&both);
  if (lua_getfield(L, 1, "rate") == LUA_TNIL)
    luaL_error(L, "%s: missing field 'rate' (e.g. rate = \"56kbps\")", what);
  lua_pop(L, 1);
  read_link_params(L, 1, what, &both);
  ab = ba = both;
  read_dir(L, 1, what, "ab", &ab);
  read_dir(L, 1, what, "ba", &ba);
  struct llink *ll = g_new0(struct llink, 1);
  ll->l = link_new(rt->sim, name, &ab);
  link_set_params(ll->l, 1, &ba);
  g_ptr_array_add(rt->links, ll);
  link_set_capture(ll->l,
                   lsim_open_capture(L, rt, name, CAPTURE_LINKTYPE_PPP));
  lsim_pushhandle(L, LSIM_LINK, ll);
  return 1;
}

static int dir_arg(lua_State *L, int i)
{
  static const char *const dirs[] = { "ab", "ba", NULL };
  return luaL_checkoption(L, i, NULL, dirs);
}

static void push_link_stats(lua_State *L, const struct link_stats *st)
{
  static const char *const drops[LINK_DROP_N] = {
    "queue", "loss", "down", "mtu", "noport",
  };
  lua_createtable(L, 0, 12);
#define F(x) (lua_pushinteger(L, (lua_Integer)st->x), lua_setfield(L, -2, #x))
  F(tx_frames), F(tx_bytes), F(rx_frames), F(rx_bytes), F(dup_frames);
  F(reordered), F(corrupted), F(queue_len), F(queue_max);
#undef F
  lua_createtable(L, 0, LINK_DROP_N);
  uint64_t total = 0;
  for (int i = 0; i < LINK_DROP_N; i++) {
    total += st->drops[i];
    lua_pushinteger(L, (lua_Integer)st->drops[i]);
    lua_setfield(L, -2, drops[i]);
  }
  lua_pushinteger(L, (lua_Integer)total);
  lua_setfield(L, -2, "total");
  lua_setfield(L, -2, "drops");
}

/* link:stats() -> { ab = {...}, ba = {...} }; link:stats("ab") -> {...} */
static int link_stats_m(lua_State *L)
{
  struct llink *ll = lsim_checkhandle(L, 1, LSIM_LINK);
  if (!lua_isnoneornil(L, 2)) {
    push_link_stats(L, link_stats(ll->l, dir_arg(L, 2)));
    return 1;
  }
  lua_createtable(L, 0, 2);
  push_link_stats(L, link_stats(ll->l, 0));
  lua_setfield(L, -2, "ab");
  push_link_stats(L, link_stats(ll->l, 1));
  lua_setfield(L, -2, "ba");
  return 1;
}

static int link_down_m(lua_State *L)
{
  struct llink *ll = lsim_checkhandle(L, 1, LSIM_LINK);
  link_down(ll->l);
  if (SIM_RECORDING(LSIM_RT(L)->sim))
    record_event(LSIM_RT(L)->sim->rec, "link-down", link_name(ll->l), NULL);
  return 0;
}

static int link_up_m(lua_State *L)
{
  struct llink *ll = lsim_checkhandle(L, 1, LSIM_LINK);
  link_up(ll->l);
  if (SIM_RECORDING(LSIM_RT(L)->sim))
    record_event(LSIM_RT(L)->sim->rec, "link-up", link_name(ll->l), NULL);
  return 0;
}

static int link_is_up_m(lua_State *L)
{
  struct llink *ll = lsim_checkhandle(L, 1, LSIM_LINK);
  lua_pushboolean(L, link_is_up(ll->l));
  return 1;
}

/* link:set{ loss = 0.1, ... } both ways, or link:set("ab", {...}). */
static int link_set_m(lua_State *L)
{
  struct llink *ll = lsim_checkhandle(L, 1, LSIM_LINK);
  int t = lua_istable(L, 2) ? 2 : 3;
  int lo = 0, hi = 1;
  if (t == 3)
    lo = hi = dir_arg(L, 2);
  luaL_checktype(L, t, LUA_TTABLE);
  const char *what = lua_pushfstring(L, "link '%s': set", link_name(ll->l));
  lsim_check_fields(L, t, what, link_param_fields);
  for (int d = lo; d <= hi; d++) {
    struct link_params p = *link_get_params(ll->l, d);
    read_link_params(L, t, what, &p);
    link_set_params(ll->l, d, &p);
  }
  return 0;
}

static int link_tostring(lua_State *L)
{
  struct llink *ll = lsim_checkhandle(L, 1, LSIM_LINK);
  lua_pushfstring(L, "link '%s'", link_name(ll->l));
  return 1;
}

/* ---- ethernet ------------------------------------------------------ */

static int l_ethernet(lua_State *L)
{
  static const char *const fields[] = {
    "name", "rate", "length", "queue", "slot", "ifg", "sense_delay",
    "jam_bits", "max_attempts", "backoff_limit", NULL,
  };
  struct lsim *rt = LSIM_RT(L);
  luaL_checktype(L, 1, LUA_TTABLE);
  lsim_check_fields(L, 1, "ethernet", fields);
  const char *name = lsim_field_string(L, 1, "ethernet", "name");
  lsim_claim_name(L, rt, "ethernet", name);
  const char *what = lua_pushfstring(L, "ethernet '%s'", name);
  struct bus_params p;
  bus_params_default(&p);
  uint64_t v;
  if (lsim_field_rate(L, 1, what, "rate", &p.rate_bps)) {
    p.slot = (sim_time_t)(512e9 / p.rate_bps + 0.5);   /* 512 bit times */
    p.ifg = (sim_time_t)(96e9 / p.rate_bps + 0.5);     /* 96 bit times */
    p.sense_delay = (sim_time_t)(5e9 / p.rate_bps + 0.5); /* 5 bit times */
  }
  lsim_field_length(L, 1, what, "length", &p.length_m);
  if (!(p.length_m > 0))
    luaL_error(L, "%s: length must be more than 0 m", what);
  if (p.length_m > ETHER_LENGTH_MAX)
    luaL_error(L, "%s: length %f m is more than a cable may have here "
               "(1e9 m, 1,000,000 km)", what, p.length_m);
  if (lsim_field_uint(L, 1, what, "queue", 1, 1000000, &v))
    p.queue_pkts = (uint32_t)v;
  lsim_field_time(L, 1, what, "slot", &p.slot);
  lsim_field_time(L, 1, what, "ifg", &p.ifg);
  lsim_field_time(L, 1, what, "sense_delay", &p.sense_delay);
  const char *big = p.slot > ETHER_TIME_MAX ? "slot"
                  : p.ifg > ETHER_TIME_MAX ? "ifg"
                  : p.sense_delay > ETHER_TIME_MAX ? "sense_delay" : NULL;
  if (big)
    luaL_error(L, "%s: %s over the %d s allowed", what, big,
               (int)(ETHER_TIME_MAX / SIM_S));
  if (lsim_field_uint(L, 1, what, "jam_bits", 0, 1024, &v))
    p.jam_bits = (uint32_t)v;
  if (lsim_field_uint(L, 1, what, "max_attempts", 1, 1024, &v))
    p.max_attempts = (uint32_t)v;
  if (lsim_field_uint(L, 1, what, "backoff_limit", 0, 16, &v))
    p.backoff_limit = (uint32_t)v;
  struct lbus *lb = g_new0(struct lbus, 1);
  lb->bus = bus_new(rt->sim, name, &p);
  lb->unplaced = g_ptr_array_new();
  g_ptr_array_add(rt->buses, lb);
  bus_set_capture(lb->bus, lsim_open_capture(L, rt, name,
                                             CAPTURE_LINKTYPE_ETHERNET));
  lsim_pushhandle(L, LSIM_ETHERNET, lb);
  return 1;
}

static void push_bus_stats(lua_State *L, const struct bus_stats *st,
                           sim_time_t elapsed)
{
  lua_createtable(L, 0, 12);
#define F(x) (lua_pushinteger(L, (lua_Integer)st->x), lua_setfield(L, -2, #x))
  F(tx_frames), F(tx_bytes), F(rx_frames), F(rx_bytes), F(collisions);
  F(deferrals);
#undef F
  lua_pushinteger(L, (lua_Integer)st->drops[BUS_DROP_QUEUE]);
  lua_setfield(L, -2, "drops_queue");
  lua_pushinteger(L, (lua_Integer)st->drops[BUS_DROP_COLLISIONS]);
  lua_setfield(L, -2, "drops_collisions");
  lua_pushinteger(L, (lua_Integer)st->drops[BUS_DROP_SIZE]);
  lua_setfield(L, -2, "drops_size");
  lua_pushnumber(L, sim_time_to_s(st->busy_time));
  lua_setfield(L, -2, "busy_time");
  lua_pushnumber(L, elapsed > 0 ? (double)st->busy_time / (double)elapsed : 0);
  lua_setfield(L, -2, "utilisation");
}

/* lan:stats() -> segment totals; lan:stats(iface) -> that station's. */
static int bus_stats_m(lua_State *L)
{
  struct lbus *lb = lsim_checkhandle(L, 1, LSIM_ETHERNET);
  sim_time_t now = sim_now(LSIM_RT(L)->sim);
  if (lua_isnoneornil(L, 2)) {
    push_bus_stats(L, bus_stats(lb->bus), now);
    return 1;
  }
  struct netif *ifp = lsim_checkhandle(L, 2, LSIM_IFACE);
  luaL_argcheck(L, ifp->port->kind == MEDIUM_ETHERNET &&
                strcmp(ifp->port->medium_name, bus_name(lb->bus)) == 0, 2,
                "interface is not on this segment");
  push_bus_stats(L, bus_port_stats(ifp->port), now);
  return 1;
}

static int bus_tostring(lua_State *L)
{
  struct lbus *lb = lsim_checkhandle(L, 1, LSIM_ETHERNET);
  lua_pushfstring(L, "ethernet '%s'", bus_name(lb->bus));
  return 1;
}

/* ---- attaching ----------------------------------------------------- */

/* The next automatic MAC: 02:00:00 (locally administered) + a counter. */
static void next_mac(struct lsim *rt, uint8_t mac[ETHER_ADDR_LEN])
{
  uint32_t n = ++rt->next_mac;
  uint8_t m[ETHER_ADDR_LEN] = { 0x02, 0, 0, n >> 16, n >> 8, n };
  memcpy(mac, m, sizeof m);
}

static struct netif *attach_ether(lua_State *L, struct lsim *rt,
                                  struct host *h, struct lbus *lb, int spec,
                                  const char *what)
{
  uint8_t mac[ETHER_ADDR_LEN];
  const char *macs = lsim_field_string(L, spec, what, "mac");
  if (macs && (!netif_parse_mac(macs, mac) || (mac[0] & 1)))
    luaL_error(L, "%s: bad mac '%s' (want a unicast aa:bb:cc:dd:ee:ff)",
               what, macs);
  if (!macs)
    next_mac(rt, mac);
  double pos = -1;
  lsim_field_length(L, spec, what, "at", &pos);
  double len = bus_get_params(lb->bus)->length_m;
  if (pos > len)
    luaL_error(L, "%s: at = %f m is beyond the end of the %f m cable", what,
               pos, len);
  if (pos < 0 && lb->placed)
    luaL_error(L, "%s: give at= (a position on the cable) when attaching "
               "after run{}", what);
  struct medium_port *port = bus_attach(lb->bus, pos < 0 ? 0 : pos, mac);
  if (pos < 0)
    g_ptr_array_add(lb->unplaced, port);
  char name[16];
  snprintf(name, sizeof name, "en%u", h->ifs->len);
  return netif_attach(h, port, name, mac);
}

static struct netif *attach_link(lua_State *L, struct host *h,
                                 struct llink *ll, int spec,
                                 const char *what)
{
  lua_getfield(L, spec, "at");
  lua_getfield(L, spec, "mac");
  if (!lua_isnil(L, -1) || !lua_isnil(L, -2))
    luaL_error(L, "%s: at= and mac= are for Ethernet, not links", what);
  lua_pop(L, 2);
  if (ll->ends == 2)
    luaL_error(L, "%s: link '%s' already has both ends attached", what,
               link_name(ll->l));
  char name[16];
  snprintf(name, sizeof name, "ppp%u", h->ifs->len);
  return netif_attach(h, link_port(ll->l, ll->ends++), name, NULL);
}

struct netif *lsim_attach(lua_State *L, struct lsim *rt, struct host *h,
                          int spec, const char *what)
{
  static const char *const fields[] = { "at", "mac", "queue", NULL };
  lsim_check_fields(L, spec, what, fields);
  lua_rawgeti(L, spec, 1);
  void *ud = lua_touserdata(L, -1);
  struct netif *ifp = NULL;
  if (ud && luaL_testudata(L, -1, LSIM_ETHERNET))
    ifp = attach_ether(L, rt, h, *(struct lbus **)ud, spec, what);
  else if (ud && luaL_testudata(L, -1, LSIM_LINK))
    ifp = attach_link(L, h, *(struct llink **)ud, spec, what);
  else
    luaL_error(L, "%s: the first entry must be an ethernet{} or link{}, "
               "not a %s", what, luaL_typename(L, -1));
  lua_pop(L, 1);
  uint64_t q;
  if (lsim_field_uint(L, spec, what, "queue", 0, 100000, &q))
    ifp->port->ops->set_queue(ifp->port, (uint32_t)q);
  return ifp;
}

/* Spreads each segment's stations attached without at= evenly along its
 * cable, in attach order: one at 0 m, n at i * length / (n - 1). */
void lsim_place_stations(struct lsim *rt)
{
  for (guint i = 0; i < rt->buses->len; i++) {
    struct lbus *lb = g_ptr_array_index(rt->buses, i);
    guint n = lb->unplaced->len;
    double len = bus_get_params(lb->bus)->length_m;
    for (guint k = 0; k < n && !lb->placed; k++)
      bus_set_position(g_ptr_array_index(lb->unplaced, k),
                       n == 1 ? 0 : len * k / (n - 1));
    lb->placed = true;
  }
}

/* ---- topology.csv --------------------------------------------------- */

static void record_media(struct lsim *rt)
{
  for (guint i = 0; i < rt->buses->len; i++) {
    const struct bus *b = ((struct lbus *)g_ptr_array_index(rt->buses, i))->bus;
    const struct bus_params *p = bus_get_params(b);
    record_topology(rt->sim->rec, &(struct record_topo){
      .kind = "ethernet", .name = bus_name(b), .rate_bps = p->rate_bps,
      .delay = (sim_time_t)(p->length_m / p->prop_speed * 1e9 + 0.5),
      .length_m = p->length_m });
  }
  for (guint i = 0; i < rt->links->len; i++) {
    struct link *l = ((struct llink *)g_ptr_array_index(rt->links, i))->l;
    const struct link_params *p = link_get_params(l, 0);
    record_topology(rt->sim->rec, &(struct record_topo){
      .kind = "link", .name = link_name(l), .rate_bps = p->rate_bps,
      .delay = p->delay, .length_m = -1 });
  }
}

/* An interface's place on its medium: metres along a cable, or the
 * end of a link ("a" or "b"). */
static char *iface_pos(struct lsim *rt, const struct medium_port *port)
{
  if (port->kind == MEDIUM_ETHERNET)
    return g_strdup_printf("%.17g", bus_port_position(port));
  for (guint i = 0; i < rt->links->len; i++) {
    struct link *l = ((struct llink *)g_ptr_array_index(rt->links, i))->l;
    if (link_port(l, 0) == port)
      return g_strdup("a");
    if (link_port(l, 1) == port)
      return g_strdup("b");
  }
  return NULL;
}

void lsim_record_topology(struct lsim *rt)
{
  if (!SIM_RECORDING(rt->sim) || rt->topo_recorded)
    return;
  rt->topo_recorded = true;
  record_media(rt);
  for (guint i = 0; i < rt->hosts->len; i++) {
    struct host *h = g_ptr_array_index(rt->hosts, i);
    bool gw = h->inet && h->inet->forwarding;
    record_topology(rt->sim->rec, &(struct record_topo){
      .kind = gw ? "gateway" : "host", .name = h->name, .delay = -1,
      .rate_bps = -1, .length_m = -1 });
    for (guint k = 0; k < h->ifs->len; k++) {
      struct netif *ifp = g_ptr_array_index(h->ifs, k);
      if (!ifp->port || !ifp->port->medium_name)
        continue;
      char *pos = iface_pos(rt, ifp->port);
      record_topology(rt->sim->rec, &(struct record_topo){
        .kind = "iface", .name = h->name, .medium = ifp->port->medium_name,
        .addr = ifp->addr, .delay = -1, .rate_bps = -1, .length_m = -1,
        .pos = pos });
      g_free(pos);
    }
  }
}

void lsim_open_topo(lua_State *L, struct lsim *rt)
{
  static const luaL_Reg link_methods[] = {
    { "stats", link_stats_m }, { "down", link_down_m }, { "up", link_up_m },
    { "is_up", link_is_up_m }, { "set", link_set_m }, { NULL, NULL },
  };
  static const luaL_Reg bus_methods[] = {
    { "stats", bus_stats_m }, { NULL, NULL },
  };
  static const luaL_Reg funcs[] = {
    { "link", l_link }, { "ethernet", l_ethernet }, { NULL, NULL },
  };
  g_ptr_array_set_free_func(rt->links, (GDestroyNotify)llink_free);
  g_ptr_array_set_free_func(rt->buses, (GDestroyNotify)lbus_free);
  lsim_newclass(L, rt, LSIM_LINK, link_methods, link_tostring);
  lsim_newclass(L, rt, LSIM_ETHERNET, bus_methods, bus_tostring);
  lua_pushglobaltable(L);
  lsim_setfuncs(L, rt, funcs);
  lua_pop(L, 1);
}
