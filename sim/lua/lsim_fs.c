/* sim/lua/lsim_fs.c: the file calls over a host's in-memory file system:
 * open, creat, lseek, unlink, mkdir, rmdir, stat, fstat, and
 * opendir/readdir/closedir (what 4.3BSD's ruptime uses to read the rwho
 * spool directory, primer 4.3), with the O_*, SEEK_* and S_IF* constants
 * at 4.4BSD's values and the primer's FWRONLY/FCREATE/FTRUNCATE aliases.
 * A directory stream is a handle holding a sorted snapshot of the names
 * (no "." or ".."). Each process's working directory is "/". Files never
 * block. Read: docs/lua-api.md "Sockets and files". */
#include "lsim_sys.h"
#include "syscalls.h"

#include <limits.h>
#include <string.h>

#define LSIM_DIR "ipcsim.dir"

/* 4.4BSD sys/stat.h file types. */
#define S_IFMT   0170000
#define S_IFDIR  0040000
#define S_IFREG  0100000
#define S_IFSOCK 0140000
#define S_IFCHR  0020000

/* A directory stream. */
struct ldir {
  char *path;                 /* the directory, absolute */
  char **names;               /* its names when opened (NULL: closed) */
  int pos;                    /* the next name to return */
};

static uint32_t check_mode(lua_State *L, int i, uint32_t def)
{
  return (uint32_t)(luaL_optinteger(L, i, def) & 07777);
}

static int l_open(lua_State *L)
{
  const char *path = luaL_checkstring(L, 1);
  int flags = lsim_sys_checkint(L, 2, 0, INT_MAX);
  uint32_t mode = check_mode(L, 3, 0666);
  return lsim_sys_result(L, sys_open(lsim_sys_proc(L, "open"), path, flags,
                                     mode));
}

static int l_creat(lua_State *L)
{
  const char *path = luaL_checkstring(L, 1);
  uint32_t mode = check_mode(L, 2, 0666);
  return lsim_sys_result(L, sys_creat(lsim_sys_proc(L, "creat"), path,
                                      mode));
}

static int l_lseek(lua_State *L)
{
  int fd = lsim_sys_checkint(L, 1, INT_MIN, INT_MAX);
  lua_Integer off = luaL_checkinteger(L, 2);
  int whence = lsim_sys_checkint(L, 3, INT_MIN, INT_MAX);
  int64_t r = sys_lseek(lsim_sys_proc(L, "lseek"), fd, off, whence);
  return lsim_sys_result(L, (long)r);
}

static int l_unlink(lua_State *L)
{
  const char *path = luaL_checkstring(L, 1);
  return lsim_sys_result(L, sys_unlink(lsim_sys_proc(L, "unlink"), path));
}

static int l_mkdir(lua_State *L)
{
  const char *path = luaL_checkstring(L, 1);
  uint32_t mode = check_mode(L, 2, 0777);
  return lsim_sys_result(L, sys_mkdir(lsim_sys_proc(L, "mkdir"), path,
                                      mode));
}

static int l_rmdir(lua_State *L)
{
  const char *path = luaL_checkstring(L, 1);
  return lsim_sys_result(L, sys_rmdir(lsim_sys_proc(L, "rmdir"), path));
}

/* Pushes st as { st_mode, st_ino, st_nlink, st_size, st_mtime, type }. */
static int push_stat(lua_State *L, int err, const struct fs_stat *st)
{
  static const uint32_t fmt[] = { [FS_DIR] = S_IFDIR, [FS_REG] = S_IFREG,
                                  [FS_SOCK] = S_IFSOCK,
                                  [FS_CHR] = S_IFCHR };
  static const char *const type[] = { [FS_DIR] = "directory",
                                      [FS_REG] = "file",
                                      [FS_SOCK] = "socket",
                                      [FS_CHR] = "chardev" };
  if (err)
    return lsim_push_errno(L, err);
  lua_createtable(L, 0, 6);
  lua_pushinteger(L, fmt[st->type] | st->mode);
  lua_setfield(L, -2, "st_mode");
  lua_pushinteger(L, (lua_Integer)st->ino);
  lua_setfield(L, -2, "st_ino");
  lua_pushinteger(L, st->nlink);
  lua_setfield(L, -2, "st_nlink");
  lua_pushinteger(L, (lua_Integer)st->size);
  lua_setfield(L, -2, "st_size");
  lua_pushnumber(L, (lua_Number)st->mtime / 1e9);
  lua_setfield(L, -2, "st_mtime");
  lua_pushstring(L, type[st->type]);
  lua_setfield(L, -2, "type");
  return 1;
}

static int l_stat(lua_State *L)
{
  const char *path = luaL_checkstring(L, 1);
  struct fs_stat st;
  int err = sys_stat(lsim_sys_proc(L, "stat"), path, &st);
  return push_stat(L, err, &st);
}

static int l_fstat(lua_State *L)
{
  int fd = lsim_sys_checkint(L, 1, INT_MIN, INT_MAX);
  struct fs_stat st;
  int err = sys_fstat(lsim_sys_proc(L, "fstat"), fd, &st);
  return push_stat(L, err, &st);
}

/* ---- directory streams ---- */

static struct ldir *check_dir(lua_State *L, int i)
{
  return luaL_checkudata(L, i, LSIM_DIR);
}

static void dir_close(struct ldir *d)
{
  g_clear_pointer(&d->names, g_strfreev);
  g_clear_pointer(&d->path, g_free);
}

static int dir_gc(lua_State *L)
{
  dir_close(check_dir(L, 1));
  return 0;
}

static int dir_tostring(lua_State *L)
{
  struct ldir *d = check_dir(L, 1);
  lua_pushfstring(L, "dir '%s'%s", d->path ? d->path : "?",
                  d->names ? "" : " (closed)");
  return 1;
}

/* opendir(path) -> a directory stream. */
static int l_opendir(lua_State *L)
{
  const char *path = luaL_checkstring(L, 1);
  char **names;
  int err = sys_listdir(lsim_sys_proc(L, "opendir"), path, &names);
  if (err)
    return lsim_push_errno(L, err);
  struct ldir *d = lua_newuserdatauv(L, sizeof *d, 0);
  d->names = names;
  d->pos = 0;
  d->path = path[0] == '/' ? g_strdup(path) : g_strconcat("/", path, NULL);
  luaL_setmetatable(L, LSIM_DIR);
  return 1;
}

/* readdir(dirp) -> { d_name = , d_ino = }, or nil after the last. */
static int l_readdir(lua_State *L)
{
  struct ldir *d = check_dir(L, 1);
  struct proc *p = lsim_sys_proc(L, "readdir");
  luaL_argcheck(L, d->names != NULL, 1, "directory stream is closed");
  const char *name = d->names[d->pos];
  if (!name) {
    lua_pushnil(L);
    return 1;
  }
  d->pos++;
  char *full = g_build_filename(d->path, name, NULL);
  struct fs_stat st = { 0 };
  if (sys_stat(p, full, &st) != 0)
    st.ino = 0;                   /* removed since: 4.4BSD's empty slot */
  g_free(full);
  lua_createtable(L, 0, 2);
  lua_pushstring(L, name);
  lua_setfield(L, -2, "d_name");
  lua_pushinteger(L, (lua_Integer)st.ino);
  lua_setfield(L, -2, "d_ino");
  return 1;
}

static int l_closedir(lua_State *L)
{
  struct ldir *d = check_dir(L, 1);
  luaL_argcheck(L, d->names != NULL, 1, "directory stream is closed");
  dir_close(d);
  lua_pushinteger(L, 0);
  return 1;
}

/* ---- registration ---- */

static const struct {
  const char *name;           /* the global */
  lua_Integer value;          /* its 4.4BSD value */
} fs_consts[] = {
  { "O_RDONLY", O_RDONLY }, { "O_WRONLY", O_WRONLY }, { "O_RDWR", O_RDWR },
  { "O_ACCMODE", O_ACCMODE }, { "O_NONBLOCK", O_NONBLOCK },
  { "O_APPEND", O_APPEND }, { "O_CREAT", O_CREAT }, { "O_TRUNC", O_TRUNC },
  { "O_EXCL", O_EXCL },
  /* the primer's spellings (figure 4, rwhod) */
  { "FRDONLY", O_RDONLY }, { "FWRONLY", O_WRONLY }, { "FRDWR", O_RDWR },
  { "FCREATE", O_CREAT }, { "FTRUNCATE", O_TRUNC }, { "FAPPEND", O_APPEND },
  { "FEXCL", O_EXCL },
  { "SEEK_SET", SEEK_SET }, { "SEEK_CUR", SEEK_CUR },
  { "SEEK_END", SEEK_END },
  { "S_IFMT", S_IFMT }, { "S_IFDIR", S_IFDIR }, { "S_IFREG", S_IFREG },
  { "S_IFSOCK", S_IFSOCK }, { "S_IFCHR", S_IFCHR },
  { NULL, 0 },
};

void lsim_open_fs(lua_State *L, struct lsim *rt)
{
  static const luaL_Reg funcs[] = {
    { "open", l_open }, { "creat", l_creat }, { "lseek", l_lseek },
    { "unlink", l_unlink }, { "mkdir", l_mkdir }, { "rmdir", l_rmdir },
    { "stat", l_stat }, { "fstat", l_fstat }, { "opendir", l_opendir },
    { "readdir", l_readdir }, { "closedir", l_closedir }, { NULL, NULL },
  };
  static const luaL_Reg dir_methods[] = { { NULL, NULL } };
  lsim_newclass(L, rt, LSIM_DIR, dir_methods, dir_tostring);
  luaL_getmetatable(L, LSIM_DIR);
  lua_pushcfunction(L, dir_gc);
  lua_setfield(L, -2, "__gc");
  lua_pop(L, 1);
  lua_pushglobaltable(L);
  lsim_setfuncs(L, rt, funcs);
  lua_pop(L, 1);
  for (int i = 0; fs_consts[i].name; i++) {
    lua_pushinteger(L, fs_consts[i].value);
    lua_setglobal(L, fs_consts[i].name);
  }
}
