/* protocols/tests/pcap_check.h: runs $PCAP_CHECK (scripts/pcap-check, set
 * by meson along with $TSHARK) on a pcap a test wrote. Returns its exit
 * status (0: every frame clean), or -1 when tshark is not available, so
 * the caller can g_test_skip. */
#ifndef IPCSIM_TEST_PCAP_CHECK_H
#define IPCSIM_TEST_PCAP_CHECK_H

#include <glib.h>
#include <sys/wait.h>

static inline int pcap_check(const char *path)
{
  const char *script = g_getenv("PCAP_CHECK");
  if (!g_getenv("TSHARK") || !script)
    return -1;
  char *argv[] = { (char *)script, (char *)path, NULL };
  int status;
  g_assert_true(g_spawn_sync(NULL, argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL |
                             G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL,
                             NULL, &status, NULL));
  int st = WIFEXITED(status) ? WEXITSTATUS(status) : 128;
  return st == 77 ? -1 : st;
}

#endif
