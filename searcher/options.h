/*
 * options.h - the searcher's command line: its option table (cli.h) and
 * what the options ask for.
 */
#ifndef SEARCHER_OPTIONS_H
#define SEARCHER_OPTIONS_H

#include <stddef.h>

#include "xap.h"

struct searcher_options {
	const char **indexes;	/* -d, in order; at least one */
	size_t nindexes;
	xap_search_opts search;	/* the query and how to rank and cut it */
	int json;		/* --json */
	int color;		/* --color, decided: 1 to highlight in colour */
	int files;		/* --files */
	int count;		/* --count */
	char *query;		/* the operands joined by spaces */
};

/*
 * Parses argv into o.  Prints the help or version and exits 0 for -h and
 * -V; exits SEARCHER_ERROR with a message for a bad option or value, or
 * when no query is given.  Free o with options_free().
 */
void options_parse(int argc, char **argv, struct searcher_options *o);
void options_free(struct searcher_options *o);

#endif /* SEARCHER_OPTIONS_H */
