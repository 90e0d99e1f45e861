/*
 * options.h - the indexer's command line: its option table (cli.h), the
 * parsers of option values, and what the options ask for.
 */
#ifndef INDEXER_OPTIONS_H
#define INDEXER_OPTIONS_H

#include <stddef.h>
#include <stdint.h>

#include "apply.h"

struct indexer_options {
	const char *index;	/* -d, else $SEARCH_INDEX, else .search-index */
	const char *lang;	/* --lang; NULL: the index's, or english */
	int full;		/* --full */
	int check;		/* --check */
	int quiet;		/* -q: no progress, no summary */
	int shared;		/* --shared-index: readable as the umask allows */
	/* --max-file-size, --file-timeout, --verify, --min-passage */
	struct apply_settings apply;
	unsigned long batch;	/* --batch-size: passages per commit */
	size_t jobs;		/* --jobs: writers of a rebuild */
	double lock_timeout;	/* --lock-timeout, in seconds */
	char **paths;		/* the PATH operands, in order (in argv) */
	size_t npaths;
};

/*
 * Parses argv into o.  Prints the help or version and exits 0 for -h and
 * -V; exits INDEXER_FATAL with a message for a bad option or value.
 */
void options_parse(int argc, char **argv, struct indexer_options *o);

/*
 * The value parsers: each returns 0 with the value in *v, or -1 when
 * 'arg' is not such a value (*v is then unchanged).  Numbers are decimal
 * digits, with nothing before them and nothing after but what is said.
 */

/* A size in bytes above 0, with an optional K, M or G suffix (1024^n). */
int options_parse_size(const char *arg, uint64_t *v);

/* A number of seconds from 0 to 10^9, fractions allowed ("2.5"). */
int options_parse_seconds(const char *arg, double *v);

/* A count above 0. */
int options_parse_count(const char *arg, unsigned long *v);

/* A number from 0 to max. */
int options_parse_upto(const char *arg, unsigned long max, unsigned long *v);

#endif /* INDEXER_OPTIONS_H */
