/* shim/shim_std.c: descriptors 0, 1 and 2 taken over by the simulated
 * host. They start as the real standard ones (input, and the pipe the
 * simulator prints); a dup2 of a simulated descriptor onto one of them
 * (a server that puts its connection on its standard descriptors, as
 * inetd's children do), or a close (after which the simulated host
 * gives the number to its next descriptor), makes it the simulated
 * host's for good: the
 * interposed calls send it to the simulator, and its stdio stream is
 * replaced by one whose reads and writes are those calls (the C
 * library's own stream would use its internal write, past the shim).
 * The set survives fork (memory) and execve (the simulator's hello
 * reply says which of 0..2 are its files). */
#define _GNU_SOURCE
#include "shim.h"

#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

unsigned shim_std_sim;

static ssize_t cookie_read(void *c, char *buf, size_t len)
{
  return read((int)(intptr_t)c, buf, len);
}

static ssize_t cookie_write(void *c, const char *buf, size_t len)
{
  ssize_t r = write((int)(intptr_t)c, buf, len);
  return r < 0 ? 0 : r;             /* fopencookie: 0 is the error */
}

static FILE *stream(int fd)
{
  cookie_io_functions_t io = { cookie_read, cookie_write, NULL, NULL };
  FILE *f = fopencookie((void *)(intptr_t)fd, fd == 0 ? "r" : "w", io);
  if (f && fd == 1)
    setvbuf(f, NULL, _IOLBF, 0);
  if (f && fd == 2)
    setvbuf(f, NULL, _IONBF, 0);
  return f;
}

void shim_std_take(unsigned set)
{
  FILE **std[3] = { &stdin, &stdout, &stderr };
  for (int fd = 0; fd < 3; fd++) {
    if (!(set >> fd & 1) || (shim_std_sim >> fd & 1))
      continue;
    if (fd > 0)
      fflush(*std[fd]);             /* what was printed before: real */
    shim_std_sim |= 1u << fd;
    FILE *f = stream(fd);
    if (f)
      *std[fd] = f;
  }
}
