/* sim/cli/plot_cmd.c: the `ipcsim plot` command and the default plot set
 * (plot_cmd.h). plot_cmd_main: parse options (GOption) -> check the kind,
 * the times, the directory -> run the kind (or each, for `all`) from the
 * table below -> exit status. Not here: reading the CSVs and drawing
 * (plot_data.h). */
#include "plot_cmd.h"
#include "plot_data.h"
#include "units.h"

#include <string.h>

#define USAGE "usage: ipcsim plot KIND RESULTS_DIR [--hosts a,b] [--conn ID] " \
              "[--from T] [--to T] [--format png|svg|dumb]\n" \
              "  KIND: throughput, tseq, cwnd, rtt, queue, ladder or all"

static const struct {
  const char *name;           /* KIND on the command line */
  plot_kind_fn fn;            /* draws it */
} kinds[] = {
  { "throughput", plot_throughput }, { "tseq", plot_tseq },
  { "cwnd", plot_cwnd }, { "rtt", plot_rtt }, { "queue", plot_queue },
  { "ladder", plot_ladder },
};

struct cmd {
  char *hosts;                /* --hosts */
  char *conn;                 /* --conn */
  char *from, *to;            /* --from, --to */
  char *format;               /* --format */
};

static int usage(const char *fmt, const char *what)
{
  fprintf(stderr, "ipcsim plot: ");
  fprintf(stderr, fmt, what);
  fprintf(stderr, "\n%s\n", USAGE);
  return 2;
}

/* Runs one kind; reports on stderr. skip_empty: a kind without data is
 * not an error. Returns 0, or the exit status. */
static int run_kind(int k, const struct plot_opts *o, bool skip_empty,
                    bool verbose)
{
  GError *err = NULL;
  if (kinds[k].fn(o, &err)) {
    char *out = plot_output_name(kinds[k].name, o->format);
    if (verbose)
      fprintf(stderr, "ipcsim plot: wrote %s/%s\n", o->dir, out);
    g_free(out);
    return 0;
  }
  bool empty = g_error_matches(err, PLOT_ERROR, PLOT_ERROR_EMPTY);
  if (!skip_empty || !empty || verbose)
    fprintf(stderr, "ipcsim plot: %s%s: %s\n", empty && skip_empty ?
            "skipped " : "", kinds[k].name, err->message);
  g_error_free(err);
  return empty && skip_empty ? 0 : 1;
}

/* Runs kind (or all of them); the exit status. */
static int run_kinds(const char *kind, const struct plot_opts *o,
                     bool verbose)
{
  bool all = strcmp(kind, "all") == 0;
  int st = 0;
  for (guint k = 0; k < G_N_ELEMENTS(kinds); k++)
    if (all || strcmp(kind, kinds[k].name) == 0) {
      int s = run_kind((int)k, o, all, verbose);
      st = MAX(st, s);
    }
  return st;
}

bool plot_cmd_defaults(const char *dir, enum plot_format f, FILE *echo)
{
  char *name = g_path_get_basename(dir);
  struct plot_opts o = { .dir = dir, .scenario = name, .to = -1,
                         .format = f, .echo = echo };
  int st = run_kinds("all", &o, false);
  g_free(name);
  return st == 0;
}

/* A time option in s; false after a usage message. */
static bool parse_time(const char *opt, const char *s, double *out)
{
  sim_time_t t;
  GError *err = NULL;
  if (!units_parse_time(s, &t, &err)) {
    fprintf(stderr, "ipcsim plot: %s: %s\n%s\n", opt, err->message, USAGE);
    g_error_free(err);
    return false;
  }
  *out = sim_time_to_s(t);
  return true;
}

static bool known_kind(const char *kind)
{
  for (guint k = 0; k < G_N_ELEMENTS(kinds); k++)
    if (strcmp(kind, kinds[k].name) == 0)
      return true;
  return strcmp(kind, "all") == 0;
}

/* Checks the options against the kind; fills o. 0 or 2. */
static int convert(const struct cmd *c, const char *kind,
                   struct plot_opts *o, char ***hosts)
{
  if (!known_kind(kind))
    return usage("unknown plot kind '%s'", kind);
  if (c->format && !plot_format_parse(c->format, &o->format))
    return usage("--format: '%s' is not png, svg or dumb", c->format);
  if ((c->from && !parse_time("--from", c->from, &o->from)) ||
      (c->to && !parse_time("--to", c->to, &o->to)))
    return 2;
  if (c->to && o->to <= o->from)
    return usage("--to %s is not after --from", c->to);
  bool ladder = !strcmp(kind, "ladder") || !strcmp(kind, "all");
  if (c->hosts && !ladder)
    return usage("--hosts is for the ladder, not for '%s'", kind);
  if (c->conn && (!strcmp(kind, "throughput") || !strcmp(kind, "queue")))
    return usage("--conn does not apply to '%s'", kind);
  if (c->hosts) {
    *hosts = g_strsplit(c->hosts, ",", -1);
    for (int i = 0; (*hosts)[i]; i++)
      if (!*(*hosts)[i])
        return usage("--hosts '%s': an empty host name", c->hosts);
    if (g_strv_length(*hosts) < 2)
      return usage("--hosts '%s': a ladder needs two or more hosts",
                   c->hosts);
  }
  o->hosts = *hosts;
  o->conn = c->conn;
  return 0;
}

static bool parse(int *argc, char ***argv, struct cmd *c)
{
  GOptionEntry entries[] = {
    { "hosts", 0, 0, G_OPTION_ARG_STRING, &c->hosts, "Ladder: these hosts, in this order", "a,b,c" },
    { "conn", 0, 0, G_OPTION_ARG_STRING, &c->conn, "The TCP connection (a tcp.csv conn)", "ID" },
    { "from", 0, 0, G_OPTION_ARG_STRING, &c->from, "Start of the time window", "T" },
    { "to", 0, 0, G_OPTION_ARG_STRING, &c->to, "End of the time window", "T" },
    { "format", 'f', 0, G_OPTION_ARG_STRING, &c->format, "png (default), svg or dumb", "FMT" },
    { NULL },
  };
  GOptionContext *ctx = g_option_context_new("KIND RESULTS_DIR");
  g_option_context_set_summary(ctx, "Draws the plots of a finished run from "
    "its CSV files (docs/results.md).\nKIND: throughput, tseq, cwnd, rtt, "
    "queue, ladder or all.");
  g_option_context_add_main_entries(ctx, entries, NULL);
  GError *err = NULL;
  bool ok = g_option_context_parse(ctx, argc, argv, &err);
  g_option_context_free(ctx);
  if (!ok) {
    usage("%s", err->message);
    g_error_free(err);
  }
  return ok;
}

int plot_cmd_main(int argc, char **argv)
{
  struct cmd c = { 0 };
  struct plot_opts o = { .to = -1, .format = PLOT_PNG, .echo = stdout };
  char **hosts = NULL, *name = NULL;
  int st = parse(&argc, &argv, &c) ? 0 : 2;
  if (st == 0 && argc != 4)
    st = usage("%s", argc < 4 ? "give a KIND and a RESULTS_DIR"
                              : "too many arguments");
  if (st == 0)
    st = convert(&c, argv[2], &o, &hosts);
  if (st == 0 && !g_file_test(argv[3], G_FILE_TEST_IS_DIR)) {
    fprintf(stderr, "ipcsim plot: no results directory '%s' (run the "
            "scenario first, or give its --out)\n", argv[3]);
    st = 1;
  }
  if (st == 0) {
    o.dir = argv[3];
    o.scenario = name = g_path_get_basename(argv[3]);
    st = run_kinds(argv[2], &o, true);
  }
  g_free(name), g_strfreev(hosts);
  g_free(c.hosts), g_free(c.conn), g_free(c.from), g_free(c.to);
  g_free(c.format);
  return st;
}
