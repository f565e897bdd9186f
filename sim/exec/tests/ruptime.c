/* sim/exec/tests/ruptime.c: 4.2BSD's ruptime as the primer's section 4.3
 * describes it, in C: read every status file rwhod left in
 * /usr/spool/rwho (one struct whod per host, in network byte order, as
 * the Lua rwhod of scenarios/rwho.lua writes it) and print one line per
 * host: "up" with its uptime, users and load averages, or "down" with
 * how long it has been silent (more than 11 minutes). Run by rwho.lua
 * (--param ruptime=PATH) on monet; its output must be Figure 3. */
#include <arpa/inet.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define RWHODIR "/usr/spool/rwho"
#define DOWN (11 * 60)           /* silent this long: down */

struct whod {                    /* 4.2BSD protocols/rwhod.h, 60 bytes */
  char wd_vers, wd_type, wd_pad[2];
  int32_t wd_sendtime, wd_recvtime;
  char wd_hostname[32];
  int32_t wd_loadav[3];
  int32_t wd_boottime;
};
#define WHOENT 24                /* one per logged-in user */

/* Minutes rounded up, as "d+hh:mm" or "hh:mm". */
static char *interval(long t, char *buf, size_t len)
{
  long m = (t + 59) / 60, h = m / 60, d = h / 24;
  if (d > 0)
    snprintf(buf, len, "%ld+%02ld:%02ld", d, h % 24, m % 60);
  else
    snprintf(buf, len, "%ld:%02ld", h, m % 60);
  return buf;
}

int main(void)
{
  DIR *dirp = opendir(RWHODIR);
  struct dirent *dp;
  char buf[1024], name[33], iv[32];
  time_t now = time(NULL);
  if (!dirp) {
    perror(RWHODIR);
    return 1;
  }
  while ((dp = readdir(dirp)) != NULL) {
    char path[300];
    if (strncmp(dp->d_name, "whod.", 5) != 0)
      continue;
    snprintf(path, sizeof path, "%s/%s", RWHODIR, dp->d_name);
    int f = open(path, O_RDONLY);
    ssize_t cc = f < 0 ? -1 : read(f, buf, sizeof buf);
    if (f >= 0)
      close(f);
    if (cc < (ssize_t)sizeof(struct whod))
      continue;
    struct whod w;
    memcpy(&w, buf, sizeof w);
    memcpy(name, w.wd_hostname, 32);
    name[32] = 0;
    long recv = ntohl((uint32_t)w.wd_recvtime);
    if (now - recv > DOWN) {
      printf("%s down %s\n", name, interval(now - recv, iv, sizeof iv));
      continue;
    }
    printf("%s up %s, %d users, load %.2f, %.2f, %.2f\n", name,
           interval((long)ntohl((uint32_t)w.wd_sendtime) -
                    (long)ntohl((uint32_t)w.wd_boottime), iv, sizeof iv),
           (int)((cc - (ssize_t)sizeof w) / WHOENT),
           (int32_t)ntohl((uint32_t)w.wd_loadav[0]) / 100.0,
           (int32_t)ntohl((uint32_t)w.wd_loadav[1]) / 100.0,
           (int32_t)ntohl((uint32_t)w.wd_loadav[2]) / 100.0);
  }
  closedir(dirp);
  return 0;
}
