/*
 * searcher - rank the passages of an index against a keyword query and
 * print the best ones.  See docs/searcher.1.
 *
 * Opens the index read-only (never the write lock), so it runs while an
 * indexer works; the binding reopens and retries when a commit lands in
 * the middle of a search.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "exitcode.h"
#include "msg.h"
#include "render.h"
#include "terms.h"
#include "xap.h"

#define DEFAULT_INDEX ".search-index"
/* --count is exact up to this many matches, cheap to visit. */
#define COUNT_EXACT_UP_TO 10000

static void usage(FILE *out)
{
	fprintf(out,
		"usage: searcher [-d INDEX]... [OPTIONS] QUERY...\n"
		"Print the passages that best match QUERY, best first.\n"
		"\n"
		"  -d, --index INDEX   an index to search; repeat to search several (default:\n"
		"                      $SEARCH_INDEX or " DEFAULT_INDEX ")\n"
		"  -n, --limit N       print at most N results (default 10)\n"
		"      --offset N      skip the first N results\n"
		"      --any           match passages with any of the words (default: all)\n"
		"      --files         print each matching file once, best first\n"
		"      --count         print the number of matching passages\n"
		"      --exact         count every match (with --count, --files)\n"
		"      --per-file K    at most K passages per file, saying how many more\n"
		"      --context N     show the N passages before and after each result\n"
		"      --explain       show what each matched word adds to the score\n"
		"      --bm25 K1,B     BM25 parameters (default 1.2,0.75)\n"
		"      --keep-stopwords\n"
		"                      keep words like 'the' and 'what' in the query\n"
		"      --expand D[,T[,W]]\n"
		"                      rerank with T words of the best D passages at weight\n"
		"                      W (default 10,15,0.5; 0: off)\n"
		"      --json          print JSON Lines, one object per result\n"
		"      --color WHEN    highlight with colour: auto, always or never (default auto)\n"
		"  -h, --help          show this help\n"
		"  -V, --version       show the version\n"
		"\n"
		"Query: words (all must match), \"a phrase\", AND, OR, NOT, +word, -word,\n"
		"a NEAR b, prefix*, file:NAME-or-PATH, ext:EXT.\n"
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

/* --expand DOCS[,TERMS[,WEIGHT]] */
static void parse_expand(const char *arg, xap_search_opts *so)
{
	double v[3] = { 0, XAP_EXPAND_TERMS, XAP_EXPAND_WEIGHT };

	if (parse_numbers(arg, v, 3) < 1 || v[0] > 10000 ||
	    v[0] != (unsigned)v[0] || v[1] > 10000 || v[1] != (unsigned)v[1] ||
	    !(v[2] > 0))
		msg_fatal(SEARCHER_ERROR,
			  "invalid --expand '%s': expected DOCS[,TERMS[,WEIGHT]] with whole DOCS and TERMS up to 10000 and WEIGHT above 0",
			  arg);
	so->flags |= XAP_SEARCH_EXPAND;
	so->expand_docs = (unsigned)v[0];
	so->expand_terms = (unsigned)v[1];
	so->expand_weight = v[2];
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

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "index", required_argument, NULL, 'd' },
		{ "limit", required_argument, NULL, 'n' },
		{ "offset", required_argument, NULL, 'o' },
		{ "any", no_argument, NULL, 'a' },
		{ "files", no_argument, NULL, 'f' },
		{ "count", no_argument, NULL, 'C' },
		{ "exact", no_argument, NULL, 'e' },
		{ "per-file", required_argument, NULL, 'p' },
		{ "context", required_argument, NULL, 'x' },
		{ "explain", no_argument, NULL, 'E' },
		{ "bm25", required_argument, NULL, 'B' },
		{ "keep-stopwords", no_argument, NULL, 'S' },
		{ "expand", required_argument, NULL, 'X' },
		{ "json", no_argument, NULL, 'j' },
		{ "color", required_argument, NULL, 'c' },
		{ "colour", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	const char **indexes = calloc((size_t)argc + 1, sizeof(char *));
	size_t nindexes = 0, i, n;
	xap_search_opts so = { .limit = 10 };
	const char *color = "auto";
	int json = 0, files = 0, count = 0, c, rc;
	const char *suggestion;
	char *query, *lang = NULL;
	xap_reader *r = NULL;
	xap_results *res = NULL;
	xap_error err;
	struct render out;

	msg_init("searcher");
	argv[0] = (char *)"searcher";	/* getopt's own messages use it */
	if (!indexes)
		msg_fatal(SEARCHER_ERROR, "out of memory");
	while ((c = getopt_long(argc, argv, "d:n:hV", opts, NULL)) != -1) {
		switch (c) {
		case 'd': indexes[nindexes++] = optarg; break;
		case 'n': so.limit = parse_count("-n", optarg); break;
		case 'o': so.offset = parse_count("--offset", optarg); break;
		case 'a': so.flags |= XAP_SEARCH_ANY; break;
		case 'f': files = 1; break;
		case 'C': count = 1; break;
		case 'e': so.flags |= XAP_SEARCH_EXACT; break;
		case 'p': so.per_file = parse_count("--per-file", optarg); break;
		case 'x': so.context = parse_count("--context", optarg); break;
		case 'E': so.flags |= XAP_SEARCH_EXPLAIN; break;
		case 'B': parse_bm25(optarg, &so); break;
		case 'S': so.flags |= XAP_SEARCH_KEEP_STOPWORDS; break;
		case 'X': parse_expand(optarg, &so); break;
		case 'j': json = 1; break;
		case 'c': color = optarg; break;
		case 'h':
			usage(stdout);
			free(indexes);
			return SEARCHER_FOUND;
		case 'V':
			puts("searcher 0.1");
			free(indexes);
			return SEARCHER_FOUND;
		default:
			usage(stderr);
			free(indexes);
			return SEARCHER_ERROR;
		}
	}
	if (optind >= argc) {
		msg_error("no query given; try: searcher WORD...");
		free(indexes);
		return SEARCHER_ERROR;
	}
	if (nindexes == 0) {
		const char *env = getenv("SEARCH_INDEX");

		indexes[nindexes++] = env && *env ? env : DEFAULT_INDEX;
	}
	if (json)
		render_json_init(&out, stdout);
	else
		render_text_init(&out, stdout, want_color(color));
	/* A file stands for all its passages: one hit each. */
	if (files)
		so.per_file = 1;
	out.files = files;
	out.more = so.per_file > 0;
	out.context = so.context > 0;
	out.explain = (so.flags & XAP_SEARCH_EXPLAIN) != 0;
	if (count) {
		so.limit = 0;
		so.check_at_least = COUNT_EXACT_UP_TO;
	}
	/* Xapian cannot estimate distinct files without visiting matches. */
	if (count && files)
		so.flags |= XAP_SEARCH_EXACT;

	query = join(argv + optind, argc - optind);
	if (xap_reader_open(indexes, nindexes, &r, &err) != XAP_OK) {
		if (err.status == XAP_NOT_FOUND &&
		    access(indexes[0], F_OK) != 0)
			msg_error("%s; create it with: indexer -d %s PATH...",
				  err.msg, msg_path(indexes[0]));
		else
			msg_error("%s", err.msg);
		rc = SEARCHER_ERROR;
		goto out;
	}
	/* Stem the query the way the index was stemmed. */
	if (xap_reader_get_metadata(r, META_LANG, &lang, NULL, &err) != XAP_OK) {
		msg_error("%s", err.msg);
		rc = SEARCHER_ERROR;
		goto out;
	}
	so.query = query;
	so.lang = *lang ? lang : NULL;
	if (xap_search(r, &so, &res, &err) != XAP_OK) {
		msg_error("%s", err.msg);
		rc = SEARCHER_ERROR;
		goto out;
	}
	n = xap_results_count(res);
	if (count) {
		int exact;
		unsigned long total = xap_results_estimate(res, &exact);

		if (out.total(&out, total, exact) != 0) {
			msg_error("cannot write results: %s", strerror(errno));
			rc = SEARCHER_ERROR;
			goto out;
		}
		n = total;
	}
	for (i = 0; i < xap_results_count(res); i++) {
		if (out.hit(&out, xap_results_hit(res, i)) != 0) {
			msg_error("cannot write results: %s", strerror(errno));
			rc = SEARCHER_ERROR;
			goto out;
		}
	}
	rc = n ? SEARCHER_FOUND : SEARCHER_NONE;
	/* On stderr, so that stdout stays pure JSON with --json. */
	suggestion = xap_results_suggestion(res);
	if (suggestion)
		msg_error("did you mean: %s", msg_path(suggestion));
	if (fflush(stdout) != 0) {
		msg_error("cannot write results: %s", strerror(errno));
		rc = SEARCHER_ERROR;
	}
out:
	xap_results_free(res);
	xap_reader_close(r);
	free(lang);
	free(query);
	free(indexes);
	return rc;
}
