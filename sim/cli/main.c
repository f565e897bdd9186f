/* sim/cli/main.c: the ipcsim command line.
 *
 *   ipcsim run FILE [options] [-- scenario args]
 *   ipcsim FILE [options] [-- scenario args]
 *   ipcsim sweep FILE --param NAME=V1,V2 ... (sweep.c)
 *   ipcsim explain RESULTS_DIR (explain.c)
 *   ipcsim plot KIND RESULTS_DIR [options] (plot_cmd.c)
 *   ipcsim view RESULTS_DIR (the run's page, view.h)
 *
 * Parses options (GOption), picks the output directory, runs the scenario
 * through the Lua runtime (lsim.h) and sets the exit status: 0 ok, 1 the
 * scenario failed or an output file could not be written, 2 bad usage. */
#include "cli_config.h"
#include "cli.h"
#include "explain.h"
#include "lsim.h"
#include "plot_cmd.h"
#include "progress.h"
#include "watchdog.h"
#include "sweep.h"
#include "units.h"
#include "view.h"

#include <glib.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define USAGE "usage: ipcsim run FILE [options] [-- args]  (or: ipcsim FILE ...)"

struct cli {
  char *seed;                 /* --seed, as typed */
  char *stop;                 /* --stop */
  char *out;                  /* --out */
  char *max_events;           /* --max-events */
  char *max_same;             /* --max-same-time */
  char *max_stall;            /* --max-stall */
  char *max_instr;            /* --max-instructions */
  char *max_mem;              /* --max-memory */
  gboolean pcap;              /* --pcap */
  gboolean trace;             /* --trace */
  gboolean no_record;         /* --no-record */
  gboolean quiet;             /* --quiet */
  gboolean unsafe;            /* --unsafe */
  gboolean version;           /* --version */
  gboolean explain;           /* --explain */
  gboolean plot;              /* --plot: default plots at the end */
  gboolean view;              /* --view: the run's page at the end */
  char **params;              /* --param NAME=VALUE, repeatable */
};

/* Frees the strings GOption allocated. */
static void cli_clear(struct cli *c)
{
  g_free(c->seed), g_free(c->stop), g_free(c->out);
  g_free(c->max_events), g_free(c->max_instr), g_free(c->max_mem);
  g_free(c->max_same), g_free(c->max_stall);
  g_strfreev(c->params);
}

static int usage_error(const char *fmt, const char *what)
{
  fprintf(stderr, "ipcsim: ");
  fprintf(stderr, fmt, what);
  fprintf(stderr, "\n%s\ntry: ipcsim --help\n", USAGE);
  return 2;
}

static bool parse_uint(const char *s, uint64_t *out)
{
  return g_ascii_string_to_unsigned(s, 10, 0, G_MAXUINT64, out, NULL);
}

/* Turns the option strings into lsim options. 0, or a usage error. */
static int convert(const struct cli *c, struct lsim_options *o,
                   unsigned *max_stall)
{
  GError *err = NULL;
  uint64_t stall = 300;       /* seconds without progress, by default */
  if (c->seed && !parse_uint(c->seed, &o->seed))
    return usage_error("--seed: '%s' is not a whole number", c->seed);
  if (c->max_events && !parse_uint(c->max_events, &o->max_events))
    return usage_error("--max-events: '%s' is not a whole number",
                       c->max_events);
  if (c->max_stall && (!parse_uint(c->max_stall, &stall) || stall > 1000000))
    return usage_error("--max-stall: '%s' is not a whole number of seconds "
                       "(0 to 1000000)", c->max_stall);
  *max_stall = (unsigned)stall;
  if (c->max_same && !parse_uint(c->max_same, &o->max_same_time))
    return usage_error("--max-same-time: '%s' is not a whole number",
                       c->max_same);
  if (c->max_instr && !parse_uint(c->max_instr, &o->max_instructions))
    return usage_error("--max-instructions: '%s' is not a whole number",
                       c->max_instr);
  if (c->view && c->no_record)
    return usage_error("%s", "--view draws the recorded results: not with "
                       "--no-record");
  if (c->params && !sweep_check_params(c->params, false))
    return 2;
  if (c->stop && !units_parse_time(c->stop, &o->stop, &err))
    goto bad;
  o->stop_set = c->stop != NULL;
  if (c->max_mem && !units_parse_size(c->max_mem, &o->max_memory, &err))
    goto bad;
  return 0;
bad:
  usage_error("%s", err->message);
  g_error_free(err);
  return 2;
}

static GOptionContext *make_context(struct cli *c)
{
  GOptionEntry entries[] = {
    { "seed", 's', 0, G_OPTION_ARG_STRING, &c->seed, "Run seed (default 1)", "N" },
    { "stop", 0, 0, G_OPTION_ARG_STRING, &c->stop, "Stop at this simulated time, replacing run{stop=}", "TIME" },
    { "out", 'o', 0, G_OPTION_ARG_FILENAME, &c->out, "Output directory (default results/<scenario>/)", "DIR" },
    { "pcap", 0, 0, G_OPTION_ARG_NONE, &c->pcap, "Write a pcap per link and segment", NULL },
    { "trace", 0, 0, G_OPTION_ARG_NONE, &c->trace, "Write a text trace (trace.txt)", NULL },
    { "no-record", 0, 0, G_OPTION_ARG_NONE, &c->no_record, "Write no results (summary.txt, *.csv; docs/results.md)", NULL },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &c->quiet, "No progress bar or run summary on stderr, and no process output (write(1, ...)) on stdout", NULL },
    { "unsafe", 0, 0, G_OPTION_ARG_NONE, &c->unsafe, "Give the scenario the full Lua library (os, io, ...)", NULL },
    { "max-events", 0, 0, G_OPTION_ARG_STRING, &c->max_events, "Stop with an error after N events", "N" },
    { "max-stall", 0, 0, G_OPTION_ARG_STRING, &c->max_stall, "Stop ipcsim when the run makes no progress for SECONDS of wall time: Lua that --max-instructions cannot reach, as a __gc loop (default 300, 0 = no limit)", "SECONDS" },
    { "max-same-time", 0, 0, G_OPTION_ARG_STRING, &c->max_same, "Stop with an error (a livelock) after N events without simulated time moving (default 5000000, 0 = no limit)", "N" },
    { "max-instructions", 0, 0, G_OPTION_ARG_STRING, &c->max_instr, "Lua instructions allowed without blocking (default 500000000, 0 = no limit)", "N" },
    { "max-memory", 0, 0, G_OPTION_ARG_STRING, &c->max_mem, "Memory the run may hold: Lua and the simulator's C structures (default 2GB, 0 = none)", "SIZE" },
    { "param", 'p', 0, G_OPTION_ARG_STRING_ARRAY, &c->params, "Give the scenario's param(NAME) this value (repeatable)", "NAME=VALUE" },
    { "explain", 0, 0, G_OPTION_ARG_NONE, &c->explain, "At the end, explain each failed call (ETIMEDOUT, ECONNREFUSED, ...) from the recorded results", NULL },
    { "plot", 0, 0, G_OPTION_ARG_NONE, &c->plot, "Draw the default plots (PNG) into the output directory at the end", NULL },
    { "view", 0, 0, G_OPTION_ARG_NONE, &c->view, "Write the run's interactive page, index.html, into the output directory at the end (open it in a browser; docs/view.md)", NULL },
    { "version", 'V', 0, G_OPTION_ARG_NONE, &c->version, "Print the version", NULL },
    { NULL },
  };
  GOptionContext *ctx = g_option_context_new("run FILE [-- ARGS]");
  g_option_context_set_summary(ctx,
    "Runs a scenario: a Lua file that builds a network of simulated BSD hosts\n"
    "and runs their processes. `ipcsim FILE` is short for `ipcsim run FILE`.\n"
    "`ipcsim sweep FILE --param NAME=V1,V2 ...` runs a parameter sweep\n"
    "(see `ipcsim sweep --help`). `ipcsim plot KIND DIR` draws plots of a\n"
    "finished run (see `ipcsim plot --help`). `ipcsim view DIR` writes the\n"
    "interactive page of a finished run, DIR/index.html.");
  g_option_context_add_main_entries(ctx, entries, NULL);
  return ctx;
}

/* Finds the scenario file among the positional arguments. */
static int pick_file(int argc, char **argv, const char **file)
{
  int i = 1;
  if (argc > 1 && strcmp(argv[1], "run") == 0)
    i = 2;
  if (i >= argc)
    return usage_error("%s", "no scenario file given");
  if (i + 1 < argc)
    return usage_error("unexpected argument '%s' (scenario arguments go "
                       "after --)", argv[i + 1]);
  if (i == 1 && !g_str_has_suffix(argv[1], ".lua") &&
      !g_file_test(argv[1], G_FILE_TEST_EXISTS))
    return usage_error("unknown command '%s'", argv[1]);
  *file = argv[i];
  return 0;
}

static void print_summary(struct lsim *rt, int64_t t0, const char *out)
{
  uint64_t events;
  sim_time_t now;
  lsim_counts(rt, &events, &now);
  double wall = (double)(g_get_monotonic_time() - t0) / 1e6;
  fprintf(stderr, "ipcsim: %llu events, %.6f s simulated in %.3f s",
          (unsigned long long)events, sim_time_to_s(now), wall);
  if (wall > 0)
    fprintf(stderr, " (%.2f M events/s)", (double)events / wall / 1e6);
  fprintf(stderr, "%s%s\n", out ? "; output in " : "", out ? out : "");
}

static void bar_update(void *ud, sim_time_t now, sim_time_t stop,
                       uint64_t events)
{
  progress_update(ud, now, stop, events);
}

static void bar_clear(void *ud)
{
  progress_clear(ud);
}

/* SIGINT and SIGTERM stop the run cleanly (results written whole); a
 * second one kills at once (SA_RESETHAND). */
static void on_signal(int sig)
{
  lsim_interrupt(sig);
}

static void catch_signals(void)
{
  struct sigaction sa = { .sa_handler = on_signal,
                          .sa_flags = SA_RESETHAND };
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, NULL);
  sigaction(SIGTERM, &sa, NULL);
}

/* Runs the scenario, with a progress bar on stderr when show_bar and a
 * watchdog when max_stall (seconds) is not 0. */
static int run(const char *file, struct lsim_options *o, bool quiet,
               bool show_bar, unsigned max_stall)
{
  struct progress *bar = show_bar ? progress_new(stderr) : NULL;
  struct lsim_progress hook = { bar_update, bar_clear, bar };
  o->progress = bar ? &hook : NULL;
  volatile gint beat = 0;
  o->heartbeat = &beat;
  struct watchdog *wd = watchdog_start(&beat, max_stall);
  int64_t t0 = g_get_monotonic_time();
  catch_signals();
  struct lsim *rt = lsim_new(o);
  int status = lsim_run_file(rt, file);
  if (status == 0 && !quiet)
    print_summary(rt, t0, o->pcap || o->trace || o->record ? o->out_dir
                                                           : NULL);
  if (!lsim_report_finish(rt, status == 0, quiet))
    status = 1;
  if (!lsim_series_finish(rt, status == 0))
    status = 1;
  if (!lsim_free(rt))
    status = 1;
  watchdog_stop(wd);          /* after lua_close's finalizers */
  o->heartbeat = NULL;
  if (bar)
    progress_free(bar);
  o->progress = NULL;
  if (lsim_interrupted())
    status = 128 + lsim_interrupted();    /* as the shell reports it */
  return status;
}

/* --explain: the explanations after the scenario's own output. */
static void print_explanations(const char *dir)
{
  GError *err = NULL;
  char *text = explain_dir(dir, &err);
  fflush(stdout);
  if (!text) {
    fprintf(stderr, "ipcsim: --explain: %s\n", err->message);
    g_error_free(err);
    return;
  }
  printf("\n==== Why calls failed (--explain) ====\n%s",
         *text ? text : "no failed call to explain\n");
  g_free(text);
}

/* ipcsim explain RESULTS_DIR: the explanations of a finished run. */
static int explain_main(int argc, char **argv)
{
  if (argc != 3 || argv[2][0] == '-') {
    fprintf(stderr, "usage: ipcsim explain RESULTS_DIR\n");
    return 2;
  }
  GError *err = NULL;
  char *text = explain_dir(argv[2], &err);
  if (!text) {
    fprintf(stderr, "ipcsim explain: %s\n", err->message);
    g_error_free(err);
    return 1;
  }
  fputs(*text ? text : "no failed call to explain\n", stdout);
  g_free(text);
  return 0;
}

/* Writes dir/index.html; false (said on stderr) when it could not. */
static bool write_view(const char *dir, const char *who)
{
  GError *err = NULL;
  if (!view_write(dir, &err)) {
    fprintf(stderr, "%s: %s\n", who, err->message);
    g_error_free(err);
    return false;
  }
  fprintf(stderr, "%s: wrote %s/index.html\n", who, dir);
  return true;
}

/* ipcsim view RESULTS_DIR: the page of a finished run. */
static int view_main(int argc, char **argv)
{
  if (argc != 3 || argv[2][0] == '-') {
    fprintf(stderr, "usage: ipcsim view RESULTS_DIR\n");
    return 2;
  }
  return write_view(argv[2], "ipcsim view") ? 0 : 1;
}

int main(int argc, char **argv)
{
  if (argc > 1 && strcmp(argv[1], "sweep") == 0)
    return sweep_main(argc, argv);
  if (argc > 1 && strcmp(argv[1], "explain") == 0)
    return explain_main(argc, argv);
  if (argc > 1 && strcmp(argv[1], "plot") == 0)
    return plot_cmd_main(argc, argv);
  if (argc > 1 && strcmp(argv[1], "view") == 0)
    return view_main(argc, argv);
  int nargs = 0;
  char **args = NULL;
  for (int i = 1; i < argc; i++)
    if (strcmp(argv[i], "--") == 0) {
      args = argv + i + 1, nargs = argc - i - 1, argc = i;
      break;
    }
  struct cli c = { 0 };
  GOptionContext *ctx = make_context(&c);
  GError *err = NULL;
  bool parsed = g_option_context_parse(ctx, &argc, &argv, &err);
  g_option_context_free(ctx);
  if (!parsed) {
    int st = usage_error("%s", err->message);
    g_error_free(err);
    cli_clear(&c);
    return st;
  }
  if (c.version) {
    printf("ipcsim %s\n", IPCSIM_VERSION);
    cli_clear(&c);
    return 0;
  }
  struct lsim_options o = { .seed = 1, .max_instructions = 500000000,
                            .max_same_time = 5000000,
                            .max_memory = 2ull << 30 };
  const char *file = NULL;
  unsigned stall = 0;
  int st = convert(&c, &o, &stall);
  if (st == 0)
    st = pick_file(argc, argv, &file);
  if (st != 0) {
    cli_clear(&c);
    return st;
  }
  char *out = c.out ? g_strdup(c.out) : cli_default_out(file);
  o.out_dir = out;
  o.pcap = c.pcap, o.trace = c.trace, o.unsafe = c.unsafe;
  o.quiet = c.quiet;
  o.record = !c.no_record;
  o.args = args, o.nargs = nargs;
  o.params = c.params, o.nparams = c.params ? (int)g_strv_length(c.params) : 0;
  st = run(file, &o, c.quiet, !c.quiet && isatty(STDERR_FILENO), stall);
  if (c.explain && o.record)
    print_explanations(out);
  if (st == 0 && c.plot && !plot_cmd_defaults(out, PLOT_PNG, NULL))
    st = 1;
  if (c.view && o.record && st <= 1 &&
      !write_view(out, "ipcsim") && st == 0)
    st = 1;
  g_free(out);
  cli_clear(&c);
  return st;
}
