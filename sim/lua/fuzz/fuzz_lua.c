/* sim/lua/fuzz/fuzz_lua.c: a fuzz target for the scenario API. Each input
 * runs driver.lua (beside this file) in a fresh runtime, as `ipcsim run
 * driver.lua -- HEX` would, with the input in hex as its argument: the
 * driver turns the bytes into calls of every API function and method
 * with extreme and wrong arguments, runs and processes. The runtime's
 * own limits bound each input (events, instructions, memory, a livelock);
 * results go to a scratch directory, recorded or not, with pcaps and the
 * trace or not, as the first byte says. Lua errors are expected answers;
 * a crash, hang or sanitizer report is a finding. */
#include <glib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "fuzz_config.h"
#include "lsim.h"

static char *scratch;                 /* results of the current input */

/* Removes the files the last run left (no subdirectories are made). */
static void scratch_clear(void)
{
  GDir *d = g_dir_open(scratch, 0, NULL);
  if (!d)
    return;
  for (const char *n; (n = g_dir_read_name(d));) {
    char *p = g_build_filename(scratch, n, NULL);
    g_remove(p);
    g_free(p);
  }
  g_dir_close(d);
}

static void scratch_remove(void)
{
  scratch_clear();
  g_rmdir(scratch);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
  (void)argc, (void)argv;
  /* In memory where there is a tmpfs: results are written per input. */
  char *shm = g_strdup("/dev/shm/ipcsim-fuzz-lua-XXXXXX");
  scratch = g_file_test("/dev/shm", G_FILE_TEST_IS_DIR) ? g_mkdtemp(shm) : NULL;
  if (!scratch) {
    g_free(shm);
    scratch = g_dir_make_tmp("ipcsim-fuzz-lua-XXXXXX", NULL);
  }
  if (!scratch) {
    fprintf(stderr, "fuzz-lua: cannot make a scratch directory\n");
    return 1;
  }
  atexit(scratch_remove);
  return 0;
}

static char *hex(const uint8_t *d, size_t n)
{
  static const char digits[] = "0123456789abcdef";
  char *s = g_malloc(2 * n + 1);
  for (size_t i = 0; i < n; i++) {
    s[2 * i] = digits[d[i] >> 4];
    s[2 * i + 1] = digits[d[i] & 15];
  }
  s[2 * n] = '\0';
  return s;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  if (size < 1 || size > 4096 || !scratch)
    return 0;
  char *arg = hex(data + 1, size - 1);
  struct lsim_options o = {
    .seed = 1, .out_dir = scratch,
    .record = data[0] & 1, .pcap = data[0] & 2, .trace = data[0] & 4,
    .max_events = 100000, .max_same_time = 10000,
    .max_instructions = 2000000, .max_memory = 64u << 20,
    .args = &arg, .nargs = 1,
  };
  struct lsim *rt = lsim_new(&o);
  int st = lsim_run_file(rt, IPCSIM_FUZZ_DRIVER);
  lsim_report_finish(rt, st == 0, true);
  lsim_series_finish(rt, false);
  lsim_free(rt);
  scratch_clear();
  g_free(arg);
  return 0;
}
