/* sim/lua/lsim_tty.c: terminals in scenarios: h:terminal{} (a terminal
 * wired to a host, hosts/tty_term.h) and its scripted user (term:type,
 * term:wait, term:screen), the termios calls (tcgetattr, tcsetattr),
 * setsid, and the terminal constants (TIOC*, termios flags, V*
 * indices). Read: docs/lua-api.md "Terminals". */
#include "lsim_sys.h"
#include "fs.h"
#include "host.h"
#include "proc.h"
#include "tty.h"
#include "tty_term.h"

#include <string.h>

#define LSIM_TERM "ipcsim.terminal"

struct tty *lsim_check_terminal(lua_State *L, int i)
{
  return lsim_checkhandle(L, i, LSIM_TERM);
}

/* h:terminal{ name = "console", speed = 9600 }. */
static int host_terminal(lua_State *L)
{
  static const char *const fields[] = { "name", "speed", NULL };
  struct host *h = lsim_checkhandle(L, 1, LSIM_HOST);
  if (lua_isnoneornil(L, 2))
    lua_newtable(L);
  luaL_checktype(L, 2, LUA_TTABLE);
  lsim_check_fields(L, 2, "terminal", fields);
  const char *name = "console";
  if (lua_getfield(L, 2, "name") != LUA_TNIL)
    name = lsim_field_string(L, 2, "terminal", "name");
  lua_pop(L, 1);
  for (const char *c = name; *c; c++)
    if (!g_ascii_isalnum(*c))
      luaL_error(L, "terminal: name '%s' is not a device name (letters "
                 "and digits)", name);
  if (!*name || strlen(name) > 32)
    luaL_error(L, "terminal: name '%s' must be 1 to 32 characters", name);
  char *path = g_strconcat("/dev/", name, NULL);
  tty_host_init(h);
  struct fs_node *n;
  bool taken = fs_lookup(h->fs, path, &n) == 0;
  g_free(path);
  if (taken) {
    fs_node_unref(n);
    luaL_error(L, "terminal: host '%s' already has /dev/%s", h->name, name);
  }
  uint64_t speed = 9600;
  lsim_field_uint(L, 2, "terminal", "speed", 50, 1000000, &speed);
  lsim_pushhandle(L, LSIM_TERM, term_new(h, name, (int)speed));
  return 1;
}

/* ---- the scripted user ---- */

static int type_cont(lua_State *L, int status, lua_KContext ctx);

/* Types character ctx of the text, then sleeps the interval. */
static int type_next(lua_State *L, lua_KContext ctx)
{
  struct tty *tp = lsim_check_terminal(L, 1);
  size_t len;
  const char *s = lua_tolstring(L, 2, &len);
  sim_time_t gap = (sim_time_t)lua_tointeger(L, 3);
  struct lproc *lp = LSIM_THREAD(L)->proc;
  bool proc = lp && lp->co == L;
  while ((size_t)ctx < len) {
    tty_input(tp, (uint8_t)s[ctx++]);
    if (proc && gap > 0 && (size_t)ctx < len) {
      proc_tsleep(lp->p, NULL, gap);
      return lua_yieldk(L, 0, ctx, type_cont);
    }
  }
  lua_pushinteger(L, (lua_Integer)len);
  return 1;
}

static int type_cont(lua_State *L, int status, lua_KContext ctx)
{
  (void)status;
  return type_next(L, ctx);
}

/* term:type(text [, gap]): types text, a key every gap (default 0.1 s;
 * in a process, which sleeps meanwhile; elsewhere all at once). */
static int term_type(lua_State *L)
{
  lsim_check_terminal(L, 1);
  luaL_checkstring(L, 2);
  sim_time_t gap = lua_isnoneornil(L, 3) ? SIM_S / 10 : lsim_checktime(L, 3);
  lua_settop(L, 2);
  lua_pushinteger(L, (lua_Integer)gap);
  return type_next(L, 0);
}

static int wait_cont(lua_State *L, int status, lua_KContext ctx);

/* Looks for the text from the mark; on a match moves the mark past it. */
static bool wait_match(lua_State *L, struct tty *tp)
{
  size_t len;
  const char *want = lua_tolstring(L, 2, &len);
  const GString *scr = term_screen(tp);
  size_t mark = term_mark(tp);
  if (mark > scr->len)
    mark = scr->len;
  const char *at = g_strstr_len(scr->str + mark, (gssize)(scr->len - mark),
                                want);
  if (!at)
    return false;
  term_set_mark(tp, (size_t)(at - scr->str) + len);
  return true;
}

static int wait_try(lua_State *L, sim_time_t deadline)
{
  struct tty *tp = lsim_check_terminal(L, 1);
  struct lproc *lp = LSIM_THREAD(L)->proc;
  if (wait_match(L, tp)) {
    lua_pushboolean(L, 1);
    return 1;
  }
  sim_time_t now = sim_now(tp->host->sim);
  if (deadline && now >= deadline) {
    lua_pushnil(L);             /* not a system call: not in calls.csv */
    lua_pushstring(L, "ETIMEDOUT");
    lua_pushinteger(L, 60);
    return 3;
  }
  proc_tsleep(lp->p, term_chan(tp), deadline ? deadline - now : 0);
  return lua_yieldk(L, 0, (lua_KContext)deadline, wait_cont);
}

static int wait_cont(lua_State *L, int status, lua_KContext ctx)
{
  (void)status;
  return wait_try(L, (sim_time_t)ctx);
}

/* term:wait(text [, timeout]): blocks until text appears on the screen
 * after the last match; true, or nil, "ETIMEDOUT", 60. */
static int term_wait(lua_State *L)
{
  struct tty *tp = lsim_check_terminal(L, 1);
  luaL_checkstring(L, 2);
  sim_time_t t = lua_isnoneornil(L, 3) ? 0 : lsim_checktime(L, 3);
  lua_settop(L, 2);
  struct lproc *lp = LSIM_THREAD(L)->proc;
  if (!lp || lp->co != L)
    return luaL_error(L, "wait: only a process can wait (use host:spawn)");
  return wait_try(L, t ? sim_now(tp->host->sim) + t : 0);
}

/* term:screen(): everything shown so far. */
static int term_screen_m(lua_State *L)
{
  const GString *s = term_screen(lsim_check_terminal(L, 1));
  lua_pushlstring(L, s->str, s->len);
  return 1;
}

static int term_name(lua_State *L)
{
  lua_pushstring(L, lsim_check_terminal(L, 1)->name);
  return 1;
}

static int term_tostring(lua_State *L)
{
  lua_pushfstring(L, "terminal %s", lsim_check_terminal(L, 1)->name);
  return 1;
}

/* ---- termios ---- */

static const char *const flag_fields[] = {
  "c_iflag", "c_oflag", "c_cflag", "c_lflag",
};

/* Pushes t as { c_iflag, c_oflag, c_cflag, c_lflag, c_cc = {[0]..},
 * c_ispeed, c_ospeed }. */
static void push_termios(lua_State *L, const struct tty_termios *t)
{
  const uint32_t f[4] = { t->c_iflag, t->c_oflag, t->c_cflag, t->c_lflag };
  lua_createtable(L, 0, 7);
  for (int i = 0; i < 4; i++) {
    lua_pushinteger(L, f[i]);
    lua_setfield(L, -2, flag_fields[i]);
  }
  lua_createtable(L, NCCS, 1);
  for (int i = 0; i < NCCS; i++) {
    lua_pushinteger(L, t->c_cc[i]);
    lua_rawseti(L, -2, i);
  }
  lua_setfield(L, -2, "c_cc");
  lua_pushinteger(L, t->c_ispeed);
  lua_setfield(L, -2, "c_ispeed");
  lua_pushinteger(L, t->c_ospeed);
  lua_setfield(L, -2, "c_ospeed");
}

static lua_Integer termios_int(lua_State *L, int t, const char *f,
                               lua_Integer lo, lua_Integer hi)
{
  lua_getfield(L, t, f);
  if (!lua_isinteger(L, -1) || lua_tointeger(L, -1) < lo ||
      lua_tointeger(L, -1) > hi)
    luaL_error(L, "tcsetattr: %s must be an integer from %I to %I, not %s",
               f, lo, hi, luaL_tolstring(L, -1, NULL));
  lua_Integer v = lua_tointeger(L, -1);
  lua_pop(L, 1);
  return v;
}

/* Reads the table at t (as tcgetattr returns it) into *out. */
static void check_termios(lua_State *L, int t, struct tty_termios *out)
{
  static const char *const fields[] = { "c_iflag", "c_oflag", "c_cflag",
    "c_lflag", "c_cc", "c_ispeed", "c_ospeed", NULL };
  luaL_checktype(L, t, LUA_TTABLE);
  lsim_check_fields(L, t, "tcsetattr", fields);
  uint32_t *f[4] = { &out->c_iflag, &out->c_oflag, &out->c_cflag,
                     &out->c_lflag };
  for (int i = 0; i < 4; i++)
    *f[i] = (uint32_t)termios_int(L, t, flag_fields[i], 0, UINT32_MAX);
  out->c_ispeed = (int32_t)termios_int(L, t, "c_ispeed", 0, 1000000);
  out->c_ospeed = (int32_t)termios_int(L, t, "c_ospeed", 50, 1000000);
  if (lua_getfield(L, t, "c_cc") != LUA_TTABLE)
    luaL_error(L, "tcsetattr: c_cc must be a table of %d characters "
               "(indices 0 to %d)", NCCS, NCCS - 1);
  for (int i = 0; i < NCCS; i++) {
    lua_rawgeti(L, -1, i);
    lua_Integer c = lua_tointeger(L, -1);
    if (!lua_isinteger(L, -1) || c < 0 || c > 255)
      luaL_error(L, "tcsetattr: c_cc[%d] must be a character code 0..255, "
                 "not %s", i, luaL_tolstring(L, -1, NULL));
    out->c_cc[i] = (uint8_t)c;
    lua_pop(L, 1);
  }
  lua_pop(L, 1);
}

static int l_tcgetattr(lua_State *L)
{
  int fd = lsim_sys_checkint(L, 1, INT_MIN, INT_MAX);
  struct tty_termios t;
  int err = sys_tcgetattr(lsim_sys_proc(L, "tcgetattr"), fd, &t);
  if (err)
    return lsim_push_errno(L, err);
  push_termios(L, &t);
  return 1;
}

static int l_tcsetattr(lua_State *L)
{
  int fd = lsim_sys_checkint(L, 1, INT_MIN, INT_MAX);
  int action = lsim_sys_checkint(L, 2, INT_MIN, INT_MAX);
  struct tty_termios t;
  check_termios(L, 3, &t);
  struct proc *p = lsim_sys_proc(L, "tcsetattr");
  return lsim_sys_result(L, sys_tcsetattr(p, fd, action, &t));
}

static const char *const sg_fields[] = {
  "sg_ispeed", "sg_ospeed", "sg_erase", "sg_kill", "sg_flags", NULL,
};

int lsim_ioctl_sgttyb(lua_State *L, int fd, uint32_t req)
{
  struct proc *p = lsim_sys_proc(L, "ioctl");
  struct tty_sgttyb sg;
  int *v[5] = { &sg.sg_ispeed, &sg.sg_ospeed, &sg.sg_erase, &sg.sg_kill,
                &sg.sg_flags };
  if (req == TIOCGETP) {
    int err = sys_gtty(p, fd, &sg);
    if (err)
      return lsim_push_errno(L, err);
    lua_createtable(L, 0, 5);
    for (int i = 0; i < 5; i++) {
      lua_pushinteger(L, *v[i]);
      lua_setfield(L, -2, sg_fields[i]);
    }
    return 1;
  }
  luaL_checktype(L, 3, LUA_TTABLE);
  lsim_check_fields(L, 3, "ioctl TIOCSETP", sg_fields);
  static const lua_Integer hi[5] = { 15, 15, 255, 255, 0xffff };
  for (int i = 0; i < 5; i++) {
    lua_getfield(L, 3, sg_fields[i]);
    if (!lua_isinteger(L, -1) || lua_tointeger(L, -1) < 0 ||
        lua_tointeger(L, -1) > hi[i])
      luaL_error(L, "ioctl TIOCSETP: %s must be an integer from 0 to %I, "
                 "not %s", sg_fields[i], hi[i], luaL_tolstring(L, -1, NULL));
    *v[i] = (int)lua_tointeger(L, -1);
    lua_pop(L, 1);
  }
  return lsim_sys_result(L, sys_stty(p, fd, &sg));
}

/* setsid() -> the new session's id (the pid). */
static int l_setsid(lua_State *L)
{
  return lsim_sys_result(L, proc_setsid(lsim_sys_proc(L, "setsid")));
}

/* ---- registration ---- */

static const struct {
  const char *name;           /* the global */
  lua_Integer value;          /* its 4.4BSD value */
} tty_consts[] = {
#define C(n) { #n, n }
#define T(n) { #n, TTY_##n }
  C(TIOCGETA), C(TIOCSETA), C(TIOCSETAW), C(TIOCSETAF), C(TIOCFLUSH),
  C(TIOCSCTTY), C(TIOCSTART), C(TIOCSTOP), C(TIOCPKT), C(TIOCNOTTY),
  C(TIOCOUTQ), C(TIOCSPGRP), C(TIOCGPGRP), C(TIOCGETP), C(TIOCSETP),
  { "RAW", SG_RAW }, { "CBREAK", SG_CBREAK }, { "CRMOD", SG_CRMOD },
  { "XTABS", SG_XTABS }, { "B9600", 13 }, { "B19200", 14 }, { "B38400", 15 },
  { "B1200", 9 }, { "B2400", 11 }, { "B4800", 12 }, { "B300", 7 },
  C(TIOCPKT_DATA), C(TIOCPKT_FLUSHREAD), C(TIOCPKT_FLUSHWRITE),
  C(TIOCPKT_STOP), C(TIOCPKT_START), C(TIOCPKT_NOSTOP), C(TIOCPKT_DOSTOP),
  { "FREAD", TTY_FREAD }, { "FWRITE", TTY_FWRITE },
  T(BRKINT), T(ISTRIP), T(INLCR), T(IGNCR), T(ICRNL), T(IXON), T(IXOFF),
  T(IXANY), T(IMAXBEL), T(OPOST), T(ONLCR), T(OXTABS), T(CS8), T(CREAD),
  T(HUPCL), T(ECHOKE), T(ECHOE), T(ECHOK), T(ECHO), T(ECHONL), T(ECHOCTL),
  T(ISIG), T(ICANON), T(IEXTEN), T(TOSTOP), T(FLUSHO), T(NOFLSH),
  C(VEOF), C(VEOL), C(VEOL2), C(VERASE), C(VWERASE), C(VKILL), C(VREPRINT),
  C(VINTR), C(VQUIT), C(VSUSP), C(VDSUSP), C(VSTART), C(VSTOP), C(VLNEXT),
  C(VDISCARD), C(VMIN), C(VTIME), C(VSTATUS), C(NCCS),
  { "_POSIX_VDISABLE", TTY_VDISABLE },
  C(TCSANOW), C(TCSADRAIN), C(TCSAFLUSH),
#undef C
#undef T
  { NULL, 0 },
};

void lsim_open_tty(lua_State *L, struct lsim *rt)
{
  static const luaL_Reg term_methods[] = {
    { "type", term_type }, { "wait", term_wait }, { "screen", term_screen_m },
    { "name", term_name }, { NULL, NULL },
  };
  static const luaL_Reg host_methods[] = {
    { "terminal", host_terminal }, { NULL, NULL },
  };
  static const luaL_Reg funcs[] = {
    { "tcgetattr", l_tcgetattr }, { "tcsetattr", l_tcsetattr },
    { "setsid", l_setsid }, { NULL, NULL },
  };
  lsim_newclass(L, rt, LSIM_TERM, term_methods, term_tostring);
  luaL_getmetatable(L, LSIM_HOST);
  lua_getfield(L, -1, "__index");
  lsim_setfuncs(L, rt, host_methods);
  lua_pop(L, 2);
  lua_pushglobaltable(L);
  lsim_setfuncs(L, rt, funcs);
  lua_pop(L, 1);
  for (int i = 0; tty_consts[i].name; i++) {
    lua_pushinteger(L, tty_consts[i].value);
    lua_setglobal(L, tty_consts[i].name);
  }
}
