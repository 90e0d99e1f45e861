/*
 * options.c - the indexer's command line (see options.h and
 * docs/indexer.1).
 */
#include "options.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "exitcode.h"
#include "msg.h"
#include "passage.h"

#define DEFAULT_INDEX ".search-index"
#define DEFAULT_MAX_FILE_SIZE (64ULL << 20)
/* Seconds one file may take to read (--file-timeout; 0: no limit). */
#define DEFAULT_FILE_TIMEOUT 60
/*
 * Passages per commit (--batch-size).  A commit makes a batch durable and
 * visible to readers in one step, and a kill loses at most the batch in
 * progress.  This is our transaction size, not Xapian's flush threshold:
 * within a batch Xapian writes its buffers to the tables every 2,000
 * documents (XAPIAN_FLUSH_THRESHOLD, which lib/xap_writer.cc sets), and
 * what it wrote becomes a revision only when the batch is committed.
 */
#define DEFAULT_BATCH 10000
/*
 * Writers for --full by default: one per core, at most MAX_JOBS.  Each
 * holds its own buffers: two peaked at 208 MB on the whole Linux tree,
 * and memory is to stay under 256 MB whatever the corpus.
 */
#define MAX_JOBS 2
/* The most --jobs accepts: a shard and a thread each. */
#define MAX_JOBS_GIVEN 64

enum {
	OPT_FULL = 256, OPT_VERIFY, OPT_LANG, OPT_MAX_FILE_SIZE,
	OPT_BATCH_SIZE, OPT_MIN_PASSAGE, OPT_LOCK_TIMEOUT, OPT_FILE_TIMEOUT,
	OPT_SHARED_INDEX, OPT_CHECK,
};

static const struct cli_option table[] = {
	{ "index", 'd', "INDEX", "the index directory (default: $SEARCH_INDEX or\n"
	  DEFAULT_INDEX ")" },
	{ "full", OPT_FULL, NULL, "rebuild from scratch instead of updating" },
	{ "verify", OPT_VERIFY, NULL, "hash every file, even those whose size and mtime match" },
	{ "lang", OPT_LANG, "LANG", "stemming language (default: english; 'none' to disable)" },
	{ "max-file-size", OPT_MAX_FILE_SIZE, "N", "skip files larger than N bytes (K, M, G suffixes;\n"
	  "default 64M)" },
	{ "batch-size", OPT_BATCH_SIZE, "N", "commit every N passages (default 10000)" },
	{ "jobs", 'j', "N", "writers for --full (default: one per core, at most 2)" },
	{ "min-passage", OPT_MIN_PASSAGE, "N", "join paragraphs shorter than N bytes to the next\n"
	  "(default 200; 0 keeps every paragraph apart)" },
	{ "lock-timeout", OPT_LOCK_TIMEOUT, "SECS", "wait up to SECS seconds for another indexer (default 0)" },
	{ "file-timeout", OPT_FILE_TIMEOUT, "SECS", "give up reading a file after SECS seconds (default 60)" },
	{ "shared-index", OPT_SHARED_INDEX, NULL, "let others read the index, as the umask allows\n"
	  "(default: its owner only)" },
	{ "check", OPT_CHECK, NULL, "check the index's consistency and exit" },
	{ "quiet", 'q', NULL, "no progress and no summary line" },
	{ "help", 'h', NULL, "show this help" },
	{ "version", 'V', NULL, "show the version" },
	{ NULL, 0, NULL, NULL },
};

static void usage(FILE *out)
{
	cli_usage(out, table, "indexer [-d INDEX] [OPTIONS] [PATH...]",
		  "Index the text files under each PATH (files or directories) as passages.\n"
		  "With no PATH, re-index the paths the index was built from.\n",
		  "Exit status: 0 success, 1 some inputs could not be read, 2 error, 3 index locked;\n"
		  "killed by SIGINT or SIGTERM after committing the files done.\n");
}

int options_parse_size(const char *arg, uint64_t *v)
{
	static const char suffixes[] = "kmg";
	const char *suffix;
	unsigned long long n;
	unsigned shift = 0;
	char *end;

	if (!isdigit((unsigned char)arg[0]))
		return -1;
	errno = 0;
	n = strtoull(arg, &end, 10);
	if (errno)
		return -1;
	if (*end && (suffix = strchr(suffixes, tolower((unsigned char)*end)))) {
		shift = 10 * (unsigned)(suffix - suffixes + 1);
		end++;
	}
	if (*end || n == 0 || n > (UINT64_MAX >> shift))
		return -1;
	*v = (uint64_t)n << shift;
	return 0;
}

int options_parse_seconds(const char *arg, double *v)
{
	char *end;
	double n;

	if (!isdigit((unsigned char)arg[0]) && arg[0] != '.')
		return -1;
	errno = 0;
	n = strtod(arg, &end);
	if (errno || *end || !(n >= 0 && n <= 1e9))
		return -1;
	*v = n;
	return 0;
}

/* Decimal digits and nothing else, into *v. */
static int parse_number(const char *arg, unsigned long *v)
{
	char *end;
	unsigned long n;

	if (!isdigit((unsigned char)arg[0]))
		return -1;
	errno = 0;
	n = strtoul(arg, &end, 10);
	if (errno || *end)
		return -1;
	*v = n;
	return 0;
}

int options_parse_count(const char *arg, unsigned long *v)
{
	unsigned long n;

	if (parse_number(arg, &n) != 0 || n == 0)
		return -1;
	*v = n;
	return 0;
}

int options_parse_upto(const char *arg, unsigned long max, unsigned long *v)
{
	unsigned long n;

	if (parse_number(arg, &n) != 0 || n > max)
		return -1;
	*v = n;
	return 0;
}

#define STR(x) STR_(x)
#define STR_(x) #x

/* Exits with the message for a bad value of an option. */
__attribute__((noreturn))
static void invalid(const char *opt, const char *arg, const char *expected)
{
	msg_fatal(INDEXER_FATAL, "invalid %s '%s': expected %s", opt, arg,
		  expected);
}

/* One option; returns 0, or 1 for an option getopt refused. */
static int take(struct indexer_options *o, int key)
{
	unsigned long n = 0;

	switch (key) {
	case 'd': o->index = optarg; break;
	case OPT_FULL: o->full = 1; break;
	case OPT_VERIFY: o->apply.verify = 1; break;
	case OPT_LANG: o->lang = optarg; break;
	case OPT_MAX_FILE_SIZE:
		if (options_parse_size(optarg, &o->apply.max_size) != 0)
			invalid("--max-file-size", optarg, "a positive size such as 64M");
		break;
	case OPT_BATCH_SIZE:
		if (options_parse_count(optarg, &o->batch) != 0)
			invalid("--batch-size", optarg, "a positive number of passages");
		break;
	case OPT_MIN_PASSAGE:
		if (options_parse_upto(optarg, PASSAGE_MAX, &n) != 0)
			invalid("--min-passage", optarg,
				"a number of bytes from 0 to " STR(PASSAGE_MAX));
		o->apply.min_passage = n;
		break;
	case 'j':
		if (options_parse_count(optarg, &n) != 0 || n > MAX_JOBS_GIVEN)
			invalid("--jobs", optarg, "1 to " STR(MAX_JOBS_GIVEN) " writers");
		o->jobs = n;
		break;
	case OPT_LOCK_TIMEOUT:
		if (options_parse_seconds(optarg, &o->lock_timeout) != 0)
			invalid("--lock-timeout", optarg, "seconds such as 30");
		break;
	case OPT_FILE_TIMEOUT:
		if (options_parse_seconds(optarg, &o->apply.file_timeout) != 0)
			invalid("--file-timeout", optarg, "seconds such as 30");
		break;
	case OPT_SHARED_INDEX: o->shared = 1; break;
	case OPT_CHECK: o->check = 1; break;
	case 'q': o->quiet = 1; break;
	case 'h': usage(stdout); exit(INDEXER_OK);
	case 'V': puts("indexer 0.1"); exit(INDEXER_OK);
	default: return 1;
	}
	return 0;
}

static size_t default_jobs(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1 : n > MAX_JOBS ? MAX_JOBS : (size_t)n;
}

void options_parse(int argc, char **argv, struct indexer_options *o)
{
	const char *env = getenv("SEARCH_INDEX");
	struct cli cli;
	int key;

	memset(o, 0, sizeof(*o));
	o->index = env && *env ? env : DEFAULT_INDEX;
	o->apply.max_size = DEFAULT_MAX_FILE_SIZE;
	o->apply.min_passage = PASSAGE_MIN;
	o->apply.file_timeout = DEFAULT_FILE_TIMEOUT;
	o->batch = DEFAULT_BATCH;
	o->jobs = default_jobs();
	argv[0] = (char *)"indexer";	/* getopt's own messages use it */
	if (cli_init(&cli, table) != 0)
		msg_fatal(INDEXER_FATAL, "out of memory");
	while ((key = cli_next(&cli, argc, argv)) != -1) {
		if (take(o, key)) {
			usage(stderr);
			exit(INDEXER_FATAL);
		}
	}
	cli_free(&cli);
	if (!*o->index)
		msg_fatal(INDEXER_FATAL, "the index path is empty");
	o->paths = argv + optind;
	o->npaths = (size_t)(argc - optind);
}
