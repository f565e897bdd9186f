/* sim/cli/cli.h: what the ipcsim commands (run, sweep, plot, explain)
 * share: where a run's results go by default. The commands themselves
 * are in main.c (run, explain), sweep.c and plot_cmd.c. */
#ifndef IPCSIM_CLI_H
#define IPCSIM_CLI_H

/* The default output directory of a scenario file: "results/<base>",
 * base being the file's name without ".lua". Newly allocated. */
char *cli_default_out(const char *file);

#endif
