/*
 * cli.h - command-line options as one table per program: getopt_long's
 * tables, the --help text and the shell completions are all made from
 * it, so they cannot disagree.
 */
#ifndef CLI_H
#define CLI_H

#include <getopt.h>
#include <stdio.h>

struct cli_option {
	const char *name;	/* the long name, without "--" */
	int key;		/* the short letter, or a code >= 256 for none */
	const char *arg;	/* the argument's name ("N"), NULL for none */
	/*
	 * What it does, for --help: one line; a '\n' starts another line
	 * under it.  NULL: a synonym, not listed.
	 */
	const char *help;
};

/* A parser over a table ending with an entry whose name is NULL. */
struct cli {
	const struct cli_option *opts;
	struct option *longopts;
	char shortopts[128];
};

/* Sets c up for opts; returns 0, or -1 when memory runs out. */
int cli_init(struct cli *c, const struct cli_option *opts);
void cli_free(struct cli *c);

/*
 * The next option of argv: its key, with its argument in optarg; -1 when
 * there are no more (optind is then the first operand); '?' after
 * getopt_long has printed its message for a bad option.
 */
int cli_next(struct cli *c, int argc, char **argv);

/*
 * Prints "usage: SYNOPSIS", the 'intro' lines, the options and their
 * help, then the 'outro' lines, to out.
 */
void cli_usage(FILE *out, const struct cli_option *opts,
	       const char *synopsis, const char *intro, const char *outro);

#endif /* CLI_H */
