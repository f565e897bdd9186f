/* sim/cli/sweep.c: `ipcsim sweep`: options, the grid, and the workers.
 * sweep_main -> parse options -> build the grid -> --emit-jobs prints
 * the command lines, or run_all spawns `ipcsim run ... --quiet` per run
 * (at most --jobs at once, waitpid for whichever ends) -> sweep_collect
 * and sweep_write (sweep_out.c). Each worker is a separate process, so a
 * crash or an error in one run cannot touch the others. Not here: what
 * a run does with its params (lsim_report.c), statistics and files. */
#include "sweep.h"
#include "sweep_internal.h"
#include "results.h"
#include "cli.h"
#include "units.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define USAGE "usage: ipcsim sweep FILE --param NAME=V1,V2,... [--seeds A..B] " \
              "[--jobs N] [--out DIR] [--x NAME] [--y NAME] " \
              "[--format png|svg|dumb] [--emit-jobs | --collect | " \
              "--slurm [--slurm-args ARGS]] " \
              "[--record] [--stop TIME] [--unsafe] [--max-...] [-- args]"
#define MAX_RUNS 1000000u     /* a typo like --seeds 1..1e9 stops here */
#define TAIL_LINES 10         /* of a failed run's stderr */

struct opts {
  char **params;              /* --param, as typed */
  char *seeds;                /* --seeds */
  char *jobs;                 /* --jobs */
  char *out;                  /* --out */
  char *x, *y;                /* --x, --y */
  char *xlabel, *ylabel;      /* --xlabel, --ylabel */
  char *format;               /* --format */
  gboolean emit;              /* --emit-jobs */
  gboolean collect;           /* --collect */
  gboolean slurm;             /* --slurm */
  char *slurm_args;           /* --slurm-args */
  gboolean record;            /* --record: each run keeps its results */
  char *stop;                 /* --stop, for every run */
  gboolean unsafe;            /* --unsafe, for every run */
  char *max_events, *max_instr; /* --max-events, --max-instructions */
  char *max_mem, *max_same;   /* --max-memory, --max-same-time */
};

static void opts_clear(struct opts *o)
{
  g_strfreev(o->params);
  g_free(o->seeds), g_free(o->jobs), g_free(o->out), g_free(o->x);
  g_free(o->y), g_free(o->xlabel), g_free(o->ylabel), g_free(o->format);
  g_free(o->stop), g_free(o->max_events), g_free(o->max_instr);
  g_free(o->max_mem), g_free(o->max_same), g_free(o->slurm_args);
}

static bool usage(const char *fmt, ...) G_GNUC_PRINTF(1, 2);
static bool usage(const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  fprintf(stderr, "ipcsim sweep: ");
  vfprintf(stderr, fmt, ap);
  fprintf(stderr, "\n%s\n", USAGE);
  va_end(ap);
  return false;
}

static bool is_name(const char *s, size_t n)
{
  if (n == 0 || (!g_ascii_isalpha(*s) && *s != '_'))
    return false;
  for (size_t i = 0; i < n; i++)
    if (!g_ascii_isalnum(s[i]) && s[i] != '_')
      return false;
  return true;
}

/* What is wrong with one --param string (name, '=', one value or a list
 * of values), newly allocated; NULL if nothing. */
static char *param_problem(const char *p, bool list)
{
  const char *eq = strchr(p, '=');
  if (!eq || !is_name(p, (size_t)(eq - p)))
    return g_strdup_printf("--param '%s': not NAME=VALUE with NAME made of "
                           "letters, digits and _", p);
  if (!eq[1] || (list && (strstr(eq, ",,") || eq[1] == ',' ||
                          g_str_has_suffix(eq, ","))))
    return g_strdup_printf("--param '%s': empty value%s", p,
                           list ? " (values are V1,V2,...)" : "");
  return NULL;
}

bool sweep_check_params(char **params, bool list)
{
  char *why = NULL;
  for (int i = 0; params[i] && !why; i++) {
    why = param_problem(params[i], list);
    size_t n = strcspn(params[i], "=");
    for (int j = 0; j < i && !why; j++)
      if (strncmp(params[j], params[i], n + 1) == 0)
        why = g_strdup_printf("--param '%.*s' given twice", (int)n, params[i]);
  }
  bool ok = why == NULL;
  if (!ok && list)
    usage("%s", why);
  else if (!ok)
    fprintf(stderr, "ipcsim: %s\ntry: ipcsim --help\n", why);
  g_free(why);
  return ok;
}

static bool parse_u64(const char *s, uint64_t *v)
{
  return g_ascii_string_to_unsigned(s, 10, 0, G_MAXUINT64, v, NULL);
}

/* "A..B" with dots pointing at the "..". */
static bool parse_range(const char *s, const char *dots, GArray *seeds)
{
  char *first = g_strndup(s, (gsize)(dots - s));
  uint64_t a = 0, b = 0;
  bool ok = parse_u64(first, &a) && parse_u64(dots + 2, &b) && a <= b &&
            b - a < MAX_RUNS;
  g_free(first);
  for (uint64_t i = 0; ok && i <= b - a; i++) {
    uint64_t v = a + i;
    g_array_append_val(seeds, v);
  }
  return ok;
}

/* "N" or "N,M,...". */
static bool parse_list(const char *s, GArray *seeds)
{
  char **l = g_strsplit(s, ",", -1);
  bool ok = l[0] != NULL;
  for (int i = 0; ok && l[i]; i++) {
    uint64_t v;
    if ((ok = parse_u64(l[i], &v)))
      g_array_append_val(seeds, v);
  }
  g_strfreev(l);
  return ok;
}

/* --seeds: "A..B" (A <= B), "N" or "N,M,...". */
static bool parse_seeds(const char *s, GArray *seeds)
{
  const char *dots = strstr(s, "..");
  if (dots ? parse_range(s, dots, seeds) : parse_list(s, seeds))
    return true;
  return usage("--seeds '%s': not a range A..B of whole numbers with "
               "A <= B, nor a list N,M,...", s);
}

static void param_free(void *p)
{
  struct sweep_param *sp = p;
  g_free(sp->name);
  g_strfreev(sp->values);
  g_free(sp);
}

/* The grid from the --param lists. False if it is too big. */
static bool build_grid(struct sweep *sw, char **params)
{
  sw->params = g_ptr_array_new_with_free_func(param_free);
  uint64_t points = 1;
  for (int i = 0; params && params[i]; i++) {
    struct sweep_param *sp = g_new0(struct sweep_param, 1);
    size_t n = strcspn(params[i], "=");
    sp->name = g_strndup(params[i], n);
    sp->values = g_strsplit(params[i] + n + 1, ",", -1);
    sp->n = g_strv_length(sp->values);
    g_ptr_array_add(sw->params, sp);
    points *= sp->n;
    if (points * sw->seeds->len > MAX_RUNS)
      return usage("the grid has more than %u runs", MAX_RUNS);
  }
  sw->npoints = (unsigned)points;
  sw->nruns = sw->npoints * sw->seeds->len;
  sw->runs = g_new0(struct sweep_run, sw->nruns);
  return true;
}

/* Index of the param called name, or -1. */
static int param_index(const struct sweep *sw, const char *name)
{
  for (guint k = 0; k < sw->params->len; k++)
    if (strcmp(((struct sweep_param *)g_ptr_array_index(sw->params, k))->name,
               name) == 0)
      return (int)k;
  return -1;
}

const char *sweep_value(const struct sweep *sw, unsigned p, unsigned k)
{
  for (guint j = sw->params->len; j-- > k + 1;)
    p /= ((struct sweep_param *)g_ptr_array_index(sw->params, j))->n;
  struct sweep_param *sp = g_ptr_array_index(sw->params, k);
  return sp->values[p % sp->n];
}

char *sweep_run_dir(const struct sweep *sw, unsigned i)
{
  char num[16];
  snprintf(num, sizeof num, "%u", i);
  return g_build_filename(sw->out, RESULTS_SWEEP_RUNS_DIR, num, NULL);
}

/* --x: a param's name; the first param by default. */
static bool pick_x(struct sweep *sw, const char *x)
{
  if (!x) {
    sw->x = ((struct sweep_param *)g_ptr_array_index(sw->params, 0))->name;
    return true;
  }
  if (param_index(sw, x) < 0)
    return usage("--x '%s': not one of the --param names", x);
  sw->x = x;
  return true;
}

/* The options into sw: the grid, the seeds, the rest. */
/* Adds "--name value" to the runs' options when value was given. */
static void pass(GPtrArray *a, const char *name, const char *value)
{
  if (!value)
    return;
  g_ptr_array_add(a, g_strdup(name));
  g_ptr_array_add(a, g_strdup(value));
}

/* The options every run gets, checked here so a bad one is one usage
 * error rather than a failure of every run. */
static bool run_options(struct sweep *sw, const struct opts *o)
{
  uint64_t n;
  sim_time_t t;
  GError *err = NULL;
  if ((o->stop && !units_parse_time(o->stop, &t, &err)) ||
      (o->max_mem && !units_parse_size(o->max_mem, &n, &err))) {
    usage("%s", err->message);
    g_error_free(err);
    return false;
  }
  const char *nums[][2] = { { "--max-events", o->max_events },
                            { "--max-instructions", o->max_instr },
                            { "--max-same-time", o->max_same } };
  for (size_t i = 0; i < G_N_ELEMENTS(nums); i++)
    if (nums[i][1] && !parse_u64(nums[i][1], &n))
      return usage("%s '%s': not a whole number", nums[i][0], nums[i][1]);
  if (!o->record)
    g_ptr_array_add(sw->run_opts, g_strdup("--no-record"));
  if (o->unsafe)
    g_ptr_array_add(sw->run_opts, g_strdup("--unsafe"));
  pass(sw->run_opts, "--stop", o->stop);
  for (size_t i = 0; i < G_N_ELEMENTS(nums); i++)
    pass(sw->run_opts, nums[i][0], nums[i][1]);
  pass(sw->run_opts, "--max-memory", o->max_mem);
  return true;
}

static bool convert(struct sweep *sw, const struct opts *o)
{
  uint64_t jobs = g_get_num_processors();
  if (o->jobs && (!parse_u64(o->jobs, &jobs) || jobs == 0 || jobs > 4096))
    return usage("--jobs '%s': not a whole number from 1 to 4096", o->jobs);
  sw->jobs = (unsigned)jobs;
  if (o->format && !plot_format_parse(o->format, &sw->format))
    return usage("--format '%s': not png, svg or dumb", o->format);
  if (o->emit + o->collect + o->slurm > 1)
    return usage("--emit-jobs, --collect and --slurm exclude each other");
  if (o->slurm_args && !o->slurm)
    return usage("--slurm-args without --slurm");
  sw->slurm = o->slurm;
  sw->throttle = o->jobs != NULL;
  if (o->slurm_args && !g_shell_parse_argv(o->slurm_args, NULL,
                                           &sw->slurm_args, NULL))
    return usage("--slurm-args '%s': not words a shell could split",
                 o->slurm_args);
  if (!o->params)
    return usage("no --param given: a sweep needs at least one");
  sw->xlabel = o->xlabel, sw->ylabel = o->ylabel, sw->y = o->y;
  return run_options(sw, o) && sweep_check_params(o->params, true) &&
         parse_seeds(o->seeds ? o->seeds : "1", sw->seeds) &&
         build_grid(sw, o->params) && pick_x(sw, o->x);
}

static GOptionContext *make_context(struct opts *o)
{
  GOptionEntry entries[] = {
    { "param", 'p', 0, G_OPTION_ARG_STRING_ARRAY, &o->params, "A parameter and its values (repeatable)", "NAME=V1,V2,..." },
    { "seeds", 0, 0, G_OPTION_ARG_STRING, &o->seeds, "Seeds of each grid point: A..B or N,M,... (default 1)", "A..B" },
    { "jobs", 'j', 0, G_OPTION_ARG_STRING, &o->jobs, "Runs at once (default: the number of CPUs)", "N" },
    { "out", 'o', 0, G_OPTION_ARG_FILENAME, &o->out, "Output directory (default results/<scenario>/)", "DIR" },
    { "x", 0, 0, G_OPTION_ARG_STRING, &o->x, "The plot's x axis: a param (default: the first)", "NAME" },
    { "y", 0, 0, G_OPTION_ARG_STRING, &o->y, "The plot's y axis: a reported value (default: the first)", "NAME" },
    { "xlabel", 0, 0, G_OPTION_ARG_STRING, &o->xlabel, "x axis label, with units (default: the name)", "TEXT" },
    { "ylabel", 0, 0, G_OPTION_ARG_STRING, &o->ylabel, "y axis label, with units (default: the name)", "TEXT" },
    { "format", 0, 0, G_OPTION_ARG_STRING, &o->format, "Plot format: png (default), svg or dumb", "FMT" },
    { "emit-jobs", 0, 0, G_OPTION_ARG_NONE, &o->emit, "Print one `ipcsim run` command per run (for GNU parallel) instead of running", NULL },
    { "collect", 0, 0, G_OPTION_ARG_NONE, &o->collect, "Do not run: aggregate the runs' report.csv files already in DIR/runs/", NULL },
    { "slurm", 0, 0, G_OPTION_ARG_NONE, &o->slurm, "Submit the runs to Slurm as one job array (sbatch), wait for it, then collect; the output directory must be on a file system the nodes share", NULL },
    { "slurm-args", 0, 0, G_OPTION_ARG_STRING, &o->slurm_args, "More sbatch options for --slurm, as one string (for example \"--partition=short --time=10\")", "ARGS" },
    { "record", 0, 0, G_OPTION_ARG_NONE, &o->record, "Each run keeps its results files (docs/results.md) in DIR/runs/<i>/; by default a run writes only what the sweep needs", NULL },
    { "stop", 0, 0, G_OPTION_ARG_STRING, &o->stop, "Every run stops at this simulated time (as ipcsim run --stop)", "TIME" },
    { "unsafe", 0, 0, G_OPTION_ARG_NONE, &o->unsafe, "Every run gets the full Lua library (as ipcsim run --unsafe)", NULL },
    { "max-events", 0, 0, G_OPTION_ARG_STRING, &o->max_events, "Passed to every run", "N" },
    { "max-instructions", 0, 0, G_OPTION_ARG_STRING, &o->max_instr, "Passed to every run", "N" },
    { "max-memory", 0, 0, G_OPTION_ARG_STRING, &o->max_mem, "Passed to every run", "SIZE" },
    { "max-same-time", 0, 0, G_OPTION_ARG_STRING, &o->max_same, "Passed to every run", "N" },
    { NULL },
  };
  GOptionContext *ctx = g_option_context_new("FILE [-- ARGS]");
  g_option_context_set_summary(ctx,
    "Runs a scenario for every combination of --param values and every\n"
    "seed, in parallel, then writes runs.csv, summary.csv (mean and 95%\n"
    "confidence interval per point) and the sweep plot.");
  g_option_context_add_main_entries(ctx, entries, NULL);
  return ctx;
}

/* The command line of run i; NULL-ended, free with g_ptr_array_unref. */
static GPtrArray *run_argv(const struct sweep *sw, unsigned i)
{
  GPtrArray *a = g_ptr_array_new_with_free_func(g_free);
  unsigned p = i / sw->seeds->len;
  g_ptr_array_add(a, g_strdup(sw->self));
  g_ptr_array_add(a, g_strdup("run"));
  g_ptr_array_add(a, g_strdup(sw->file));
  g_ptr_array_add(a, g_strdup("--quiet"));
  g_ptr_array_add(a, g_strdup("--seed"));
  g_ptr_array_add(a, g_strdup_printf("%" G_GUINT64_FORMAT,
    g_array_index(sw->seeds, uint64_t, i % sw->seeds->len)));
  g_ptr_array_add(a, g_strdup("--out"));
  g_ptr_array_add(a, sweep_run_dir(sw, i));
  for (guint k = 0; k < sw->run_opts->len; k++)
    g_ptr_array_add(a, g_strdup(g_ptr_array_index(sw->run_opts, k)));
  for (guint k = 0; k < sw->params->len; k++) {
    struct sweep_param *sp = g_ptr_array_index(sw->params, k);
    g_ptr_array_add(a, g_strdup("--param"));
    g_ptr_array_add(a, g_strdup_printf("%s=%s", sp->name,
                                       sweep_value(sw, p, k)));
  }
  if (sw->nargs > 0)
    g_ptr_array_add(a, g_strdup("--"));
  for (int k = 0; k < sw->nargs; k++)
    g_ptr_array_add(a, g_strdup(sw->args[k]));
  g_ptr_array_add(a, NULL);
  return a;
}

/* a, quoted for a shell only when it must be. Newly allocated. */
static char *shell_word(const char *a)
{
  bool plain = *a != '\0';
  for (const char *c = a; *c; c++)
    plain = plain && (g_ascii_isalnum(*c) || strchr("_./=:,+-@%", *c));
  return plain ? g_strdup(a) : g_shell_quote(a);
}

/* The command line of run i, quoted for a shell. */
char *sweep_run_command(const struct sweep *sw, unsigned i)
{
  GPtrArray *a = run_argv(sw, i);
  GString *s = g_string_new(NULL);
  for (guint k = 0; k + 1 < a->len; k++) {
    char *q = shell_word(g_ptr_array_index(a, k));
    g_string_append_printf(s, "%s%s", k ? " " : "", q);
    g_free(q);
  }
  g_ptr_array_unref(a);
  return g_string_free(s, FALSE);
}

static void emit_jobs(const struct sweep *sw)
{
  for (unsigned i = 0; i < sw->nruns; i++) {
    char *c = sweep_run_command(sw, i);
    printf("%s\n", c);
    g_free(c);
  }
}

/* Opens <dir>/<name> for a worker's output. */
static int open_out(const char *dir, const char *name)
{
  char *path = g_build_filename(dir, name, NULL);
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  g_free(path);
  return fd;
}

/* Starts run i with its stdout and stderr in <out>/runs/<i>/. False
 * (after saying why) if it could not start. */
static bool start_run(const struct sweep *sw, unsigned i, GPid *pid)
{
  char *dir = sweep_run_dir(sw, i);
  char *old = g_build_filename(dir, RESULTS_REPORT_CSV, NULL);
  g_mkdir_with_parents(dir, 0755);
  remove(old);               /* a stale report must not pass for this run's */
  int in = open("/dev/null", O_RDONLY | O_CLOEXEC);
  int out = open_out(dir, "stdout.txt"), err = open_out(dir, "stderr.txt");
  GPtrArray *argv = run_argv(sw, i);
  GError *e = NULL;
  bool ok = in >= 0 && out >= 0 && err >= 0 &&
    g_spawn_async_with_fds(NULL, (char **)argv->pdata, NULL,
                           G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL, pid,
                           in, out, err, &e);
  if (!ok)
    fprintf(stderr, "ipcsim sweep: run %u could not start in %s: %s\n", i,
            dir, e ? e->message : g_strerror(errno));
  g_clear_error(&e);
  g_ptr_array_unref(argv);
  int fds[] = { in, out, err };
  for (int k = 0; k < 3; k++)
    if (fds[k] >= 0)
      close(fds[k]);
  g_free(old), g_free(dir);
  return ok;
}

/* Prints the last lines of path, indented. */
static void print_tail(const char *path)
{
  char *text = NULL;
  if (!g_file_get_contents(path, &text, NULL, NULL) || !*g_strchomp(text)) {
    fprintf(stderr, "    (nothing)\n");
    g_free(text);
    return;
  }
  char **lines = g_strsplit(text, "\n", -1);
  guint n = g_strv_length(lines);
  for (guint k = n > TAIL_LINES ? n - TAIL_LINES : 0; k < n; k++)
    fprintf(stderr, "    %s\n", lines[k]);
  g_strfreev(lines);
  g_free(text);
}

/* Says that run i failed with wait status st: how, its command, and the
 * end of its stderr. */
void sweep_report_failure(const struct sweep *sw, unsigned i, int st)
{
  char *how = WIFEXITED(st)
    ? g_strdup_printf("exit status %d", WEXITSTATUS(st))
    : g_strdup_printf("killed by signal %d (%s)", WTERMSIG(st),
                      g_strsignal(WTERMSIG(st)));
  char *cmd = sweep_run_command(sw, i);
  char *dir = sweep_run_dir(sw, i);
  char *err = g_build_filename(dir, "stderr.txt", NULL);
  fprintf(stderr, "ipcsim sweep: run %u failed (%s)\n  command: %s\n"
          "  stderr (%s, last lines):\n", i, how, cmd, err);
  print_tail(err);
  g_free(err), g_free(dir), g_free(cmd), g_free(how);
}

/* Progress on a terminal: "runs done / total, failures". */
void sweep_progress(const struct sweep *sw, unsigned done, unsigned failed,
                    bool tty)
{
  if (tty)
    fprintf(stderr, "\r\033[Kipcsim sweep: %u/%u runs done, %u failed",
            done, sw->nruns, failed);
}

/* Waits for one worker; returns the index of its run, -1 on none. */
static int reap(GPid *pids, unsigned n, int *status)
{
  for (;;) {
    GPid pid = waitpid(-1, status, 0);
    if (pid < 0 && errno == EINTR)
      continue;
    if (pid < 0)
      return -1;
    for (unsigned k = 0; k < n; k++)
      if (pids[k] == pid)
        return (int)k;
  }
}

/* Runs every run, at most sw->jobs at once. Returns how many failed;
 * marks them in sw->runs (failed). */
static unsigned run_all(struct sweep *sw)
{
  bool tty = isatty(STDERR_FILENO);
  GPid *pids = g_new0(GPid, sw->nruns);
  unsigned next = 0, running = 0, done = 0, failed = 0;
  while (done < sw->nruns) {
    while (running < sw->jobs && next < sw->nruns) {
      if (start_run(sw, next, &pids[next]))
        running++;
      else
        done++, failed++, sw->runs[next].failed = true;
      next++;
    }
    int st = 0, i = running ? reap(pids, next, &st) : -1;
    if (i < 0 && running) {          /* cannot happen: our children vanished */
      fprintf(stderr, "ipcsim sweep: waitpid: %s\n", g_strerror(errno));
      failed += running + (sw->nruns - next);
      break;
    }
    if (i < 0)
      continue;
    running--, done++, pids[i] = 0;
    if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
      failed++, sw->runs[i].failed = true;
      if (tty)
        fprintf(stderr, "\r\033[K");
      sweep_report_failure(sw, (unsigned)i, st);
    }
    sweep_progress(sw, done, failed, tty);
  }
  if (tty)
    fprintf(stderr, "\n");
  g_free(pids);
  return failed;
}

/* The ipcsim program itself, for the workers. */
static char *find_self(const char *argv0)
{
  char *self = g_file_read_link("/proc/self/exe", NULL);
  if (!self)
    self = strchr(argv0, '/') ? g_canonicalize_filename(argv0, NULL)
                              : g_find_program_in_path(argv0);
  return self ? self : g_strdup(argv0);
}

/* Parses the command line into o, sw->file and the scenario arguments.
 * False after a usage error. */
static bool parse(int argc, char **argv, struct opts *o, struct sweep *sw)
{
  for (int i = 2; i < argc; i++)
    if (strcmp(argv[i], "--") == 0) {
      sw->args = argv + i + 1, sw->nargs = argc - i - 1, argc = i;
      break;
    }
  argv[1] = argv[0];               /* drop "sweep" for GOption */
  argc--, argv++;
  GOptionContext *ctx = make_context(o);
  GError *err = NULL;
  bool ok = g_option_context_parse(ctx, &argc, &argv, &err);
  g_option_context_free(ctx);
  if (!ok) {
    usage("%s", err->message);
    g_error_free(err);
    return false;
  }
  if (argc != 2)
    return usage(argc < 2 ? "no scenario file given%s"
                          : "unexpected argument '%s'", argc < 2 ? "" : argv[2]);
  sw->file = argv[1];
  if (!g_file_test(sw->file, G_FILE_TEST_IS_REGULAR))
    return usage("%s: no such scenario file", sw->file);
  return true;
}

/* Runs (unless --collect), collects and writes; the exit status. */
static int sweep(struct sweep *sw, bool collect)
{
  unsigned failed = collect ? 0 : sw->slurm ? sweep_slurm(sw) : run_all(sw);
  unsigned missing = sweep_collect(sw);
  int st = sweep_write(sw);
  fprintf(stderr, "ipcsim sweep: %u runs, %u failed; output in %s\n",
          sw->nruns, MAX(failed, missing), sw->out);
  if (st == 0 && (failed || missing))
    st = 1;
  return st;
}

static void sweep_clear(struct sweep *sw)
{
  for (unsigned i = 0; sw->runs && i < sw->nruns; i++) {
    g_strfreev(sw->runs[i].names);
    g_free(sw->runs[i].vals);
  }
  g_free(sw->runs);
  if (sw->params)
    g_ptr_array_free(sw->params, TRUE);
  g_array_free(sw->seeds, TRUE);
  g_ptr_array_free(sw->run_opts, TRUE);
  g_free(sw->out);
  g_free(sw->self);
  g_strfreev(sw->slurm_args);
}

int sweep_main(int argc, char **argv)
{
  struct opts o = { 0 };
  struct sweep sw = { .format = PLOT_PNG,
                      .seeds = g_array_new(FALSE, FALSE, sizeof(uint64_t)),
                      .run_opts = g_ptr_array_new_with_free_func(g_free) };
  char *argv0 = argv[0];
  int st = 2;
  if (parse(argc, argv, &o, &sw) && convert(&sw, &o)) {
    sw.out = o.out ? g_strdup(o.out) : cli_default_out(sw.file);
    sw.self = find_self(argv0);
    if (o.emit)
      emit_jobs(&sw), st = 0;
    else
      st = sweep(&sw, o.collect);
  }
  sweep_clear(&sw);
  opts_clear(&o);
  return st;
}
