/* fuzz/replay.c: the main() of a fuzz target when it is not built with
 * libFuzzer. Usage: fuzz-TARGET PATH... where each PATH is a corpus
 * directory (every regular file in it, in name order) or one input file.
 * Runs the target on each input once, in that order, and prints how many
 * ran; a crash or sanitizer report ends the program as it would under
 * libFuzzer, so `meson test` fails and names the input it was on (printed
 * before each run with -v). Exit 1 if a path cannot be read or holds no
 * input at all: a replay of nothing must not pass. */
#include <glib.h>
#include <stdio.h>
#include <string.h>

#include "fuzz.h"

/* Weak: a target without its own initializer gets this one. */
__attribute__((weak)) int LLVMFuzzerInitialize(int *argc, char ***argv)
{
  (void)argc, (void)argv;
  return 0;
}

static gint by_name(gconstpointer a, gconstpointer b)
{
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Adds PATH's inputs (a file, or a directory's files) to files. */
static bool collect(const char *path, GPtrArray *files)
{
  GError *err = NULL;
  if (!g_file_test(path, G_FILE_TEST_IS_DIR)) {
    g_ptr_array_add(files, g_strdup(path));
    return true;
  }
  GDir *d = g_dir_open(path, 0, &err);
  if (!d) {
    fprintf(stderr, "replay: %s\n", err->message);
    g_error_free(err);
    return false;
  }
  GPtrArray *here = g_ptr_array_new();
  for (const char *n; (n = g_dir_read_name(d));)
    if (n[0] != '.')
      g_ptr_array_add(here, g_build_filename(path, n, NULL));
  g_dir_close(d);
  g_ptr_array_sort(here, by_name);
  for (guint i = 0; i < here->len; i++)
    g_ptr_array_add(files, here->pdata[i]);
  g_ptr_array_free(here, TRUE);
  return true;
}

/* Runs the target on one file; false if it cannot be read. */
static bool replay_one(const char *file, bool verbose)
{
  gchar *buf = NULL;
  gsize len = 0;
  GError *err = NULL;
  if (!g_file_get_contents(file, &buf, &len, &err)) {
    fprintf(stderr, "replay: %s\n", err->message);
    g_error_free(err);
    return false;
  }
  if (verbose)
    fprintf(stderr, "replay: %s (%zu bytes)\n", file, (size_t)len);
  LLVMFuzzerTestOneInput((const uint8_t *)buf, len);
  g_free(buf);
  return true;
}

int main(int argc, char **argv)
{
  bool verbose = argc > 1 && strcmp(argv[1], "-v") == 0;
  int first = verbose ? 2 : 1;
  GPtrArray *files = g_ptr_array_new_with_free_func(g_free);
  bool ok = argc > first;
  for (int i = first; i < argc && ok; i++)
    ok = collect(argv[i], files);
  if (ok && files->len == 0) {
    fprintf(stderr, "replay: no inputs in %s\n", argv[first]);
    ok = false;
  }
  if (!ok) {
    if (argc <= first)
      fprintf(stderr, "usage: %s [-v] CORPUS_DIR|FILE...\n", argv[0]);
    g_ptr_array_free(files, TRUE);
    return 1;
  }
  LLVMFuzzerInitialize(&argc, &argv);
  for (guint i = 0; i < files->len && ok; i++)
    ok = replay_one(files->pdata[i], verbose);
  if (ok)
    printf("replayed %u inputs\n", files->len);
  g_ptr_array_free(files, TRUE);
  return ok ? 0 : 1;
}
