/* sim/cli/cli.c: what the commands share (cli.h). */
#include "cli.h"

#include <glib.h>
#include <string.h>

char *cli_default_out(const char *file)
{
  char *base = g_path_get_basename(file);
  if (g_str_has_suffix(base, ".lua"))
    base[strlen(base) - 4] = '\0';
  char *out = g_build_filename("results", base, NULL);
  g_free(base);
  return out;
}
