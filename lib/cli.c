/*
 * cli.c - command-line options from one table (see cli.h).
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

/* The column where --help starts each option's description. */
#define HELP_COLUMN 24

int cli_init(struct cli *c, const struct cli_option *opts)
{
	size_t n = 0, i, s = 0;

	while (opts[n].name)
		n++;
	c->opts = opts;
	memset(c->shortopts, 0, sizeof(c->shortopts));
	c->longopts = calloc(n + 1, sizeof(*c->longopts));
	if (!c->longopts)
		return -1;
	for (i = 0; i < n; i++) {
		c->longopts[i].name = opts[i].name;
		c->longopts[i].has_arg = opts[i].arg ? required_argument :
			no_argument;
		c->longopts[i].val = opts[i].key;
		if (opts[i].key < 256 && s + 3 < sizeof(c->shortopts) &&
		    !strchr(c->shortopts, opts[i].key)) {
			c->shortopts[s++] = (char)opts[i].key;
			if (opts[i].arg)
				c->shortopts[s++] = ':';
		}
	}
	c->shortopts[s] = '\0';
	return 0;
}

void cli_free(struct cli *c)
{
	free(c->longopts);
	c->longopts = NULL;
}

int cli_next(struct cli *c, int argc, char **argv)
{
	return getopt_long(argc, argv, c->shortopts, c->longopts, NULL);
}

/* "  -n, --limit N" or "      --any", into buf; returns its length. */
static int option_label(const struct cli_option *o, char *buf, size_t n)
{
	char letter[8] = "    ";

	if (o->key < 256)
		snprintf(letter, sizeof(letter), "-%c, ", o->key);
	return snprintf(buf, n, "  %s--%s%s%s", letter, o->name,
			o->arg ? " " : "", o->arg ? o->arg : "");
}

/* The help text, each of its lines starting at HELP_COLUMN. */
static void put_help(FILE *out, const char *help)
{
	const char *nl;

	while ((nl = strchr(help, '\n')) != NULL) {
		fprintf(out, "%.*s\n%*s", (int)(nl - help), help, HELP_COLUMN,
			"");
		help = nl + 1;
	}
	fprintf(out, "%s\n", help);
}

void cli_usage(FILE *out, const struct cli_option *opts,
	       const char *synopsis, const char *intro, const char *outro)
{
	const struct cli_option *o;
	char label[128];

	fprintf(out, "usage: %s\n%s\n", synopsis, intro);
	for (o = opts; o->name; o++) {
		int n;

		if (!o->help)
			continue;
		n = option_label(o, label, sizeof(label));
		if (n < HELP_COLUMN - 1)
			fprintf(out, "%-*s", HELP_COLUMN, label);
		else
			fprintf(out, "%s\n%*s", label, HELP_COLUMN, "");
		put_help(out, o->help);
	}
	fprintf(out, "\n%s", outro);
}
