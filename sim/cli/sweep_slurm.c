/* sim/cli/sweep_slurm.c: `ipcsim sweep --slurm`: the runs as one Slurm
 * job array. Writes <out>/slurm/commands.txt (run i's command on line
 * i + 1, as --emit-jobs prints it) and <out>/slurm/array.sh (task k of T
 * runs runs k, k + T, ...: Slurm caps arrays at MaxArraySize, 1001 by
 * default), submits it with `sbatch --wait` (its "Submitted batch job N"
 * goes to stderr) and waits, showing progress on
 * a terminal. Each run leaves its stdout.txt, stderr.txt and exit-status
 * in <out>/runs/<i>/, so the sweep reports failures as a local one does;
 * the collection that follows is the same. The nodes must share the file
 * system the sweep runs in (commands name ipcsim and files by path). */
#include "sweep_internal.h"
#include "results.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define SLURM_DIR "slurm"
#define MAX_TASKS 1000u         /* under Slurm's default MaxArraySize */
#define STATUS_FILE "exit-status"
#define POLL_US 500000          /* between looks at the runs' status */

/* <out>/slurm/<name>, newly allocated. */
static char *slurm_path(const struct sweep *sw, const char *name)
{
  return g_build_filename(sw->out, SLURM_DIR, name, NULL);
}

static bool write_file(const char *path, const char *text)
{
  GError *e = NULL;
  if (g_file_set_contents(path, text, -1, &e))
    return true;
  fprintf(stderr, "ipcsim sweep: %s\n", e->message);
  g_error_free(e);
  return false;
}

/* commands.txt; each run's directory made, with no stale report or
 * status left from an earlier sweep. */
static bool write_commands(const struct sweep *sw)
{
  GString *s = g_string_new(NULL);
  for (unsigned i = 0; i < sw->nruns; i++) {
    char *c = sweep_run_command(sw, i), *dir = sweep_run_dir(sw, i);
    char *rep = g_build_filename(dir, RESULTS_REPORT_CSV, NULL);
    char *st = g_build_filename(dir, STATUS_FILE, NULL);
    g_string_append_printf(s, "%s\n", c);
    g_mkdir_with_parents(dir, 0755);
    remove(rep), remove(st);
    g_free(c), g_free(dir), g_free(rep), g_free(st);
  }
  char *path = slurm_path(sw, "commands.txt");
  bool ok = write_file(path, s->str);
  g_free(path);
  g_string_free(s, TRUE);
  return ok;
}

/* An absolute path of a file under the output directory, quoted. */
static char *quoted_abs(const struct sweep *sw, const char *sub,
                        const char *name)
{
  char *p = g_build_filename(sw->out, sub, name, NULL);
  char *abs = g_canonicalize_filename(p, NULL);
  char *q = g_shell_quote(abs);
  g_free(p), g_free(abs);
  return q;
}

/* array.sh: T tasks, at most --jobs at once if it was given. */
static bool write_script(const struct sweep *sw, unsigned tasks)
{
  char *cmds = quoted_abs(sw, SLURM_DIR, "commands.txt");
  char *runs = quoted_abs(sw, RESULTS_SWEEP_RUNS_DIR, NULL);
  char *limit = sw->throttle ? g_strdup_printf("%%%u", sw->jobs)
                             : g_strdup("");
  char *text = g_strdup_printf(
    "#!/bin/sh\n"
    "# Made by ipcsim sweep --slurm. Task k of %u runs the sweep's runs\n"
    "# k, k + %u, ... (line i + 1 of commands.txt is run i), each in\n"
    "# runs/<i>/ with its stdout, stderr and exit status.\n"
    "#SBATCH --job-name=ipcsim-sweep\n"
    "#SBATCH --array=0-%u%s\n"
    "awk -v k=\"$SLURM_ARRAY_TASK_ID\" -v t=%u '(NR - 1) %% t == k "
    "{ print NR - 1; print }' %s |\n"
    "while read -r i && IFS= read -r cmd; do\n"
    "  d=%s/$i\n"
    "  sh -c \"exec $cmd\" >\"$d/stdout.txt\" 2>\"$d/stderr.txt\" "
    "</dev/null\n"
    "  echo $? >\"$d/" STATUS_FILE "\"\n"
    "done\n",
    tasks, tasks, tasks - 1, limit, tasks, cmds, runs);
  char *path = slurm_path(sw, "array.sh");
  bool ok = write_file(path, text);
  g_free(path), g_free(text), g_free(limit);
  g_free(cmds), g_free(runs);
  return ok;
}

/* Run i's exit status as its task wrote it: 0 or more, or -1 if the run
 * never ended (no file, or not a number). */
static int run_status(const struct sweep *sw, unsigned i)
{
  char *dir = sweep_run_dir(sw, i);
  char *path = g_build_filename(dir, STATUS_FILE, NULL), *text = NULL;
  guint64 v = 0;
  bool ok = g_file_get_contents(path, &text, NULL, NULL) &&
    g_ascii_string_to_unsigned(g_strstrip(text), 10, 0, 255, &v, NULL);
  g_free(text), g_free(path), g_free(dir);
  return ok ? (int)v : -1;
}

/* Starts sbatch on array.sh; false (after saying why) if it cannot. */
static bool submit(const struct sweep *sw, GPid *pid)
{
  GPtrArray *a = g_ptr_array_new_with_free_func(g_free);
  g_ptr_array_add(a, g_strdup("sbatch"));
  g_ptr_array_add(a, g_strdup("--wait"));
  char *cwd = g_get_current_dir(), *log = slurm_path(sw, "task-%a.txt");
  char *abs = g_canonicalize_filename(log, NULL);
  g_ptr_array_add(a, g_strdup_printf("--chdir=%s", cwd));
  g_ptr_array_add(a, g_strdup_printf("--output=%s", abs));
  g_free(cwd), g_free(log), g_free(abs);
  for (int k = 0; sw->slurm_args && sw->slurm_args[k]; k++)
    g_ptr_array_add(a, g_strdup(sw->slurm_args[k]));
  g_ptr_array_add(a, slurm_path(sw, "array.sh"));
  g_ptr_array_add(a, NULL);
  GError *e = NULL;
  bool ok = g_spawn_async_with_fds(NULL, (char **)a->pdata, NULL,
    G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL, pid,
    -1, STDERR_FILENO, -1, &e);         /* "Submitted batch job N" */
  if (!ok)
    fprintf(stderr, "ipcsim sweep: --slurm: cannot start sbatch: %s\n"
            "  (Slurm's client is the Debian package slurm-client)\n",
            e->message);
  g_clear_error(&e);
  g_ptr_array_unref(a);
  return ok;
}

/* Runs ended so far (their status files). */
static unsigned count_ended(const struct sweep *sw)
{
  unsigned n = 0;
  for (unsigned i = 0; i < sw->nruns; i++)
    n += run_status(sw, i) >= 0;
  return n;
}

/* Waits for sbatch, with progress on a terminal; its wait status. */
static int wait_sbatch(const struct sweep *sw, GPid pid)
{
  bool tty = isatty(STDERR_FILENO);
  int st = 0;
  for (;;) {
    pid_t r = waitpid(pid, &st, tty ? WNOHANG : 0);
    if (r == pid || (r < 0 && errno != EINTR))
      break;
    if (r == 0) {
      sweep_progress(sw, count_ended(sw), 0, tty);
      g_usleep(POLL_US);
    }
  }
  if (tty)
    fprintf(stderr, "\r\033[K");
  return st;
}

/* The wait status a run's shell exit code stands for. */
static int as_wait_status(int code)
{
  if (code > 128 && code < 128 + NSIG)
    return code - 128;                  /* killed by signal code - 128 */
  return (code & 0xff) << 8;
}

/* Marks and reports each run that failed or never ended. */
static unsigned check_runs(struct sweep *sw, int sbatch_st)
{
  unsigned failed = 0, never = 0;
  for (unsigned i = 0; i < sw->nruns; i++) {
    int code = run_status(sw, i);
    if (code == 0)
      continue;
    failed++, sw->runs[i].failed = true;
    if (code > 0)
      sweep_report_failure(sw, i, as_wait_status(code));
    else
      never++;
  }
  if (never) {
    char *dir = g_build_filename(sw->out, SLURM_DIR, NULL);
    fprintf(stderr, "ipcsim sweep: %u runs never ended under Slurm "
            "(sbatch %s %d); the tasks' output is in %s/task-*.txt\n",
            never, WIFEXITED(sbatch_st) ? "exit status" : "killed by signal",
            WIFEXITED(sbatch_st) ? WEXITSTATUS(sbatch_st)
                                 : WTERMSIG(sbatch_st), dir);
    g_free(dir);
  }
  return failed;
}

unsigned sweep_slurm(struct sweep *sw)
{
  unsigned tasks = MIN(sw->nruns, MAX_TASKS);
  char *dir = g_build_filename(sw->out, SLURM_DIR, NULL);
  GPid pid;
  g_mkdir_with_parents(dir, 0755);
  g_free(dir);
  if (!write_commands(sw) || !write_script(sw, tasks) || !submit(sw, &pid)) {
    for (unsigned i = 0; i < sw->nruns; i++)
      sw->runs[i].failed = true;
    return sw->nruns;
  }
  fprintf(stderr, "ipcsim sweep: %u runs submitted to Slurm as %u array "
          "tasks; waiting\n", sw->nruns, tasks);
  return check_runs(sw, wait_sbatch(sw, pid));
}
