/* sim/engine/bsderr.h: errno as 4.4BSD numbers it. Inside the simulator errors
 * are negative values of this machine's <errno.h> constants (ENOBUFS...);
 * at the edges (Lua, summaries, perror) they are shown with their 4.4BSD
 * name, number and message ("ECONNREFUSED", 61, "Connection refused"),
 * which is what a 4.4BSD program would have seen. Source of the numbers
 * and messages: 4.4BSD-Lite sys/errno.h and libc's sys_errlist. */
#ifndef IPCSIM_BSDERR_H
#define IPCSIM_BSDERR_H

struct bsderr {
  int host;                   /* this machine's errno constant */
  int bsd;                    /* 4.4BSD's number */
  const char *name;           /* "ECONNREFUSED" */
  const char *message;        /* "Connection refused" */
};

/* The entry for a host errno (sign ignored), or NULL if not in the table. */
const struct bsderr *bsderr_lookup(int err);

/* The entry for a name ("ETIMEDOUT"), or NULL. */
const struct bsderr *bsderr_by_name(const char *name);

/* The whole table, terminated by an entry with name NULL. */
const struct bsderr *bsderr_table(void);

#endif
