/*
 * options.c - the searcher's command line (see options.h and
 * docs/searcher.1).
 */
#include "options.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "exitcode.h"
#include "msg.h"

#define DEFAULT_INDEX ".search-index"
/* --count is exact up to this many matches, cheap to visit. */
#define COUNT_EXACT_UP_TO 10000

enum {
	OPT_OFFSET = 256, OPT_ALL, OPT_ANY, OPT_FILES, OPT_COUNT, OPT_EXACT,
	OPT_PER_FILE, OPT_CONTEXT, OPT_EXPLAIN, OPT_BM25, OPT_KEEP_STOPWORDS,
	OPT_EXPAND, OPT_JSON, OPT_COLOR,
};

static const struct cli_option table[] = {
	{ "index", 'd', "INDEX", "an index to search; repeat to search several (default:\n"
	  "$SEARCH_INDEX or " DEFAULT_INDEX ")" },
	{ "limit", 'n', "N", "print at most N results (default 10)" },
	{ "offset", OPT_OFFSET, "N", "skip the first N results" },
	{ "all", OPT_ALL, NULL, "only passages with every word (default: those first,\n"
	  "then those with most of the words if they fill less than a page)" },
	{ "any", OPT_ANY, NULL, "rank passages with any of the words together" },
	{ "files", OPT_FILES, NULL, "print each matching file once, best first" },
	{ "count", OPT_COUNT, NULL, "print the number of matching passages" },
	{ "exact", OPT_EXACT, NULL, "count every match (with --count, --files)" },
	{ "per-file", OPT_PER_FILE, "K", "at most K passages per file, saying how many more" },
	{ "context", OPT_CONTEXT, "N", "show the N passages before and after each result" },
	{ "explain", OPT_EXPLAIN, NULL, "show what each matched word adds to the score" },
	{ "bm25", OPT_BM25, "K1,B", "BM25 parameters (default 1.2,0.75)" },
	{ "keep-stopwords", OPT_KEEP_STOPWORDS, NULL,
	  "keep words like 'the' and 'what' in the query" },
	{ "expand", OPT_EXPAND, "D[,T[,W[,N]]]", "rerank queries of N words or more with T words of\n"
	  "the best D passages at weight W (default 10,15,0.5,5; 0: off)" },
	{ "json", OPT_JSON, NULL, "print JSON Lines, one object per result" },
	{ "color", OPT_COLOR, "WHEN", "highlight with colour: auto, always or never (default auto)" },
	{ "colour", OPT_COLOR, "WHEN", NULL },
	{ "help", 'h', NULL, "show this help" },
	{ "version", 'V', NULL, "show the version" },
	{ NULL, 0, NULL, NULL },
};

static void usage(FILE *out)
{
	cli_usage(out, table, "searcher [-d INDEX]... [OPTIONS] QUERY...",
		  "Print the passages that best match QUERY, best first.\n",
		  "Query: words (passages with all of them first), \"a phrase\", AND, OR, NOT,\n"
		  "+word, -word, a NEAR b, prefix*, file:NAME-or-PATH, ext:EXT.\n"
		  "Exit status: 0 results found, 1 no result, 2 error.\n");
}

static unsigned parse_count(const char *opt, const char *arg)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(arg, &end, 10);
	if (errno || end == arg || *end || arg[0] == '-' || v > 1000000)
		msg_fatal(SEARCHER_ERROR,
			  "invalid %s '%s': expected a number from 0 to 1000000",
			  opt, arg);
	return (unsigned)v;
}

static int want_color(const char *when)
{
	const char *no = getenv("NO_COLOR");

	if (!strcmp(when, "always"))
		return 1;
	if (!strcmp(when, "never"))
		return 0;
	if (strcmp(when, "auto") != 0)
		msg_fatal(SEARCHER_ERROR,
			  "invalid --color '%s': expected auto, always or never",
			  when);
	if (no && *no)
		return 0;
	return isatty(STDOUT_FILENO);
}

/*
 * A comma-separated list of one to max numbers from 0 to 1000000 into v;
 * returns how many were given, or -1 when 'arg' is not such a list.
 */
static int parse_numbers(const char *arg, double *v, int max)
{
	const char *p = arg;
	int n = 0;

	for (;;) {
		char *end;

		if (n == max)
			return -1;
		errno = 0;
		v[n] = strtod(p, &end);
		if (errno || end == p || *p == '-' ||
		    !(v[n] >= 0 && v[n] <= 1e6) ||
		    (*end && *end != ','))
			return -1;
		n++;
		if (!*end)
			return n;
		p = end + 1;
	}
}

/* --bm25 K1,B */
static void parse_bm25(const char *arg, xap_search_opts *so)
{
	double v[2];

	if (parse_numbers(arg, v, 2) != 2 || v[1] > 1)
		msg_fatal(SEARCHER_ERROR,
			  "invalid --bm25 '%s': expected K1,B with K1 >= 0 and B from 0 to 1",
			  arg);
	so->flags |= XAP_SEARCH_BM25;
	so->bm25_k1 = v[0];
	so->bm25_b = v[1];
}

/* --expand DOCS[,TERMS[,WEIGHT[,WORDS]]] */
static void parse_expand(const char *arg, xap_search_opts *so)
{
	double v[4] = { 0, XAP_EXPAND_TERMS, XAP_EXPAND_WEIGHT,
			XAP_LONG_QUERY };

	if (parse_numbers(arg, v, 4) < 1 || v[0] > 10000 ||
	    v[0] != (unsigned)v[0] || v[1] > 10000 || v[1] != (unsigned)v[1] ||
	    !(v[2] > 0) || v[3] < 1 || v[3] > 1000 || v[3] != (unsigned)v[3])
		msg_fatal(SEARCHER_ERROR,
			  "invalid --expand '%s': expected DOCS[,TERMS[,WEIGHT[,WORDS]]] with whole DOCS and TERMS up to 10000, WEIGHT above 0 and whole WORDS from 1 to 1000",
			  arg);
	so->flags |= XAP_SEARCH_EXPAND;
	so->expand_docs = (unsigned)v[0];
	so->expand_terms = (unsigned)v[1];
	so->expand_weight = v[2];
	so->expand_min_words = (unsigned)v[3];
}

/* The query words joined by single spaces. */
static char *join(char **words, int n)
{
	size_t len = 1;
	char *q;
	int i;

	for (i = 0; i < n; i++)
		len += strlen(words[i]) + 1;
	q = malloc(len);
	if (!q)
		msg_fatal(SEARCHER_ERROR, "out of memory");
	q[0] = '\0';
	for (i = 0; i < n; i++) {
		if (i)
			strcat(q, " ");
		strcat(q, words[i]);
	}
	return q;
}

/* One option; returns 0, or 1 for an option getopt refused. */
static int take(struct searcher_options *o, int key, const char **color)
{
	xap_search_opts *so = &o->search;

	switch (key) {
	case 'd': o->indexes[o->nindexes++] = optarg; break;
	case 'n': so->limit = parse_count("-n", optarg); break;
	case OPT_OFFSET: so->offset = parse_count("--offset", optarg); break;
	case OPT_ALL: so->flags |= XAP_SEARCH_ALL; break;
	case OPT_ANY: so->flags |= XAP_SEARCH_ANY; break;
	case OPT_FILES: o->files = 1; break;
	case OPT_COUNT: o->count = 1; break;
	case OPT_EXACT: so->flags |= XAP_SEARCH_EXACT; break;
	case OPT_PER_FILE: so->per_file = parse_count("--per-file", optarg); break;
	case OPT_CONTEXT: so->context = parse_count("--context", optarg); break;
	case OPT_EXPLAIN: so->flags |= XAP_SEARCH_EXPLAIN; break;
	case OPT_BM25: parse_bm25(optarg, so); break;
	case OPT_KEEP_STOPWORDS: so->flags |= XAP_SEARCH_KEEP_STOPWORDS; break;
	case OPT_EXPAND: parse_expand(optarg, so); break;
	case OPT_JSON: o->json = 1; break;
	case OPT_COLOR: *color = optarg; break;
	case 'h': usage(stdout); exit(SEARCHER_FOUND);
	case 'V': puts("searcher 0.1"); exit(SEARCHER_FOUND);
	default: return 1;
	}
	return 0;
}

/* What the modes imply for the search. */
static void settle(struct searcher_options *o)
{
	xap_search_opts *so = &o->search;

	/* A file stands for all its passages: one hit each. */
	if (o->files)
		so->per_file = 1;
	if (o->count) {
		so->limit = 0;
		so->check_at_least = COUNT_EXACT_UP_TO;
	}
	/* Xapian cannot estimate distinct files without visiting matches. */
	if (o->count && o->files)
		so->flags |= XAP_SEARCH_EXACT;
	if (o->nindexes == 0) {
		const char *env = getenv("SEARCH_INDEX");

		o->indexes[o->nindexes++] = env && *env ? env : DEFAULT_INDEX;
	}
}

void options_parse(int argc, char **argv, struct searcher_options *o)
{
	const char *color = "auto";
	struct cli cli;
	int key;

	memset(o, 0, sizeof(*o));
	o->search.limit = 10;
	o->indexes = calloc((size_t)argc + 1, sizeof(char *));
	argv[0] = (char *)"searcher";	/* getopt's own messages use it */
	if (!o->indexes || cli_init(&cli, table) != 0)
		msg_fatal(SEARCHER_ERROR, "out of memory");
	while ((key = cli_next(&cli, argc, argv)) != -1) {
		if (take(o, key, &color)) {
			usage(stderr);
			exit(SEARCHER_ERROR);
		}
	}
	cli_free(&cli);
	if (optind >= argc)
		msg_fatal(SEARCHER_ERROR, "no query given; try: searcher WORD...");
	o->color = !o->json && want_color(color);
	settle(o);
	o->query = join(argv + optind, argc - optind);
	o->search.query = o->query;
}

void options_free(struct searcher_options *o)
{
	free(o->indexes);
	free(o->query);
}
