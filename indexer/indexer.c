/*
 * indexer - split files into passages and keep a Xapian index of them up
 * to date.  See docs/indexer.1.
 *
 * A run: take the index's lock, open its live database (indexdir.h), load
 * the stored file states, walk the roots, apply each file (apply.c) and
 * commit every --batch-size passages, each file whole in one batch; after
 * a complete walk delete the files that are gone and commit.  A kill
 * loses at most the batch in progress.  --full fills a new database beside
 * the live one and swaps it in at the end, so readers never see half of
 * it.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "apply.h"
#include "docmodel.h"
#include "exitcode.h"
#include "indexdir.h"
#include "msg.h"
#include "parallel.h"
#include "passage.h"
#include "progress.h"
#include "walk.h"
#include "xap.h"

#define DEFAULT_INDEX ".search-index"
#define DEFAULT_MAX_FILE_SIZE (64ULL << 20)
/* Seconds one file may take to read (--file-timeout; 0: no limit). */
#define DEFAULT_FILE_TIMEOUT 60
/*
 * Passages per commit: Xapian's own flush threshold.  Xapian holds a batch
 * in memory and a kill loses at most one.  On 7,800 mails (85,000
 * passages) batches of 1,000, 10,000 and one of 100,000 took 23, 22 and
 * 17 s with 20, 115 and 136 MB peak memory: bigger batches buy little
 * time for memory that grows with the corpus.
 */
#define DEFAULT_BATCH 10000

/* SIGINT or SIGTERM received: stop after the current file. */
static volatile sig_atomic_t stop_signal;

static void on_stop_signal(int sig)
{
	stop_signal = sig;
}

/* A root as the user gave it, and where it really is. */
struct root {
	char *display;		/* prefix of every stored path under it */
	char *abs;		/* absolute path, walked */
};

struct roots {
	struct root *v;
	size_t n;
};

struct run {
	struct apply apply;
	struct progress progress;
	const struct root *root;	/* being walked */
	int root_gone;			/* it does not exist any more */
	const char *index_path;
	struct roots *roots;		/* recorded with every commit */
	const char *lang;
	unsigned long batch;		/* passages per commit */
	unsigned long committed;	/* passages written when last committed */
	unsigned long files;
	int plan_only;			/* --full: collect files, write later */
	struct found_files found;
	xap_status status;
	xap_error err;
};

/*
 * Writers for --full by default: one per core, at most MAX_JOBS.  Each
 * holds its own buffers: two peaked at 208 MB on the whole Linux tree,
 * and memory is to stay under 256 MB whatever the corpus.
 */
#define MAX_JOBS 2
/* The most --jobs accepts. */
#define MAX_JOBS_GIVEN 64

static size_t default_jobs(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1 : n > MAX_JOBS ? MAX_JOBS : (size_t)n;
}

static void usage(FILE *out)
{
	fprintf(out,
		"usage: indexer [-d INDEX] [OPTIONS] [PATH...]\n"
		"Index the text files under each PATH (files or directories) as passages.\n"
		"With no PATH, re-index the paths the index was built from.\n"
		"\n"
		"  -d, --index INDEX       the index directory (default: $SEARCH_INDEX or "
		DEFAULT_INDEX ")\n"
		"      --full              rebuild from scratch instead of updating\n"
		"      --verify            hash every file, even those whose size and mtime match\n"
		"      --lang LANG         stemming language (default: english; 'none' to disable)\n"
		"      --max-file-size N   skip files larger than N bytes (K, M, G suffixes; default 64M)\n"
		"      --batch-size N      commit every N passages (default 10000)\n"
		"  -j, --jobs N            writers for --full (default: one per core, at most 2)\n"
		"      --min-passage N     join paragraphs shorter than N bytes to the next\n"
		"                          (default 200; 0 keeps every paragraph apart)\n"
		"      --lock-timeout SECS wait up to SECS seconds for another indexer (default 0)\n"
		"      --file-timeout SECS give up reading a file after SECS seconds (default 60)\n"
		"      --shared-index      let others read the index, as the umask allows\n"
		"                          (default: its owner only)\n"
		"      --check             check the index's consistency and exit\n"
		"  -q, --quiet             no progress and no summary line\n"
		"  -h, --help              show this help\n"
		"  -V, --version           show the version\n"
		"\n"
		"Exit status: 0 success, 1 some inputs could not be read, 2 error, 3 index locked;\n"
		"killed by SIGINT or SIGTERM after committing the files done.\n");
}

static void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		msg_fatal(INDEXER_FATAL, "out of memory");
	return p;
}

static char *xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;

	return memcpy(xmalloc(n), s, n);
}

static char *xgetcwd(void)
{
	char *cwd = getcwd(NULL, 0);

	if (!cwd)
		msg_fatal(INDEXER_FATAL, "cannot get the current directory: %s",
			  strerror(errno));
	return cwd;
}

/*
 * The canonical absolute path when the path exists (so that "d" and
 * "sub/../d" compare equal), else the path joined to the current
 * directory.
 */
static char *absolute(const char *path)
{
	char *cwd, *out;
	size_t n;

	out = realpath(path, NULL);
	if (out)
		return out;
	if (path[0] == '/')
		return xstrdup(path);
	cwd = xgetcwd();
	n = strlen(cwd) + 1 + strlen(path) + 1;
	out = xmalloc(n);
	snprintf(out, n, "%s/%s", cwd, path);
	free(cwd);
	return out;
}

/* "dir///" becomes "dir"; "/" stays. */
static char *normalize(const char *path)
{
	char *s = xstrdup(path);
	size_t n = strlen(s);

	while (n > 1 && s[n - 1] == '/')
		s[--n] = '\0';
	return s;
}

static uint64_t parse_size(const char *arg)
{
	char *end;
	unsigned long long v;
	unsigned shift = 0;

	errno = 0;
	v = strtoull(arg, &end, 10);
	if (errno || end == arg || arg[0] == '-')
		goto bad;
	switch (*end) {
	case 'k': case 'K': shift = 10; end++; break;
	case 'm': case 'M': shift = 20; end++; break;
	case 'g': case 'G': shift = 30; end++; break;
	default: break;
	}
	if (*end != '\0' || v == 0 || v > (UINT64_MAX >> shift))
		goto bad;
	v <<= shift;
	return v;
bad:
	msg_fatal(INDEXER_FATAL, "invalid --max-file-size '%s': expected a positive size such as 64M",
		  arg);
}

/* Adds a root unless it is there already; returns the one kept. */
static const struct root *roots_add(struct roots *r, const char *display,
				    const char *abs)
{
	size_t i;

	/* "corpus" given again from another directory is the same root. */
	for (i = 0; i < r->n; i++)
		if (strcmp(r->v[i].display, display) == 0 ||
		    strcmp(r->v[i].abs, abs) == 0)
			return &r->v[i];
	r->v = realloc(r->v, (r->n + 1) * sizeof(*r->v));
	if (!r->v)
		msg_fatal(INDEXER_FATAL, "out of memory");
	r->v[r->n].display = xstrdup(display);
	r->v[r->n].abs = xstrdup(abs);
	return &r->v[r->n++];
}

static void roots_remove(struct roots *r, const char *abs)
{
	size_t i;

	for (i = 0; i < r->n; i++) {
		if (strcmp(r->v[i].abs, abs) != 0)
			continue;
		free(r->v[i].display);
		free(r->v[i].abs);
		r->v[i] = r->v[--r->n];
		return;
	}
}

static void roots_free(struct roots *r)
{
	size_t i;

	for (i = 0; i < r->n; i++) {
		free(r->v[i].display);
		free(r->v[i].abs);
	}
	free(r->v);
	r->v = NULL;
	r->n = 0;
}

static int decode_one(const char *display, const char *abs, void *ctx)
{
	roots_add(ctx, display, abs);
	return 0;
}

static void roots_decode(struct roots *r, const char *v, size_t len)
{
	docmodel_roots_decode(v, len, decode_one, r);
}

static char *roots_encode(const struct roots *r, size_t *len)
{
	struct docmodel_root *v = xmalloc((r->n ? r->n : 1) * sizeof(*v));
	size_t i;
	char *out;

	for (i = 0; i < r->n; i++) {
		v[i].display = r->v[i].display;
		v[i].abs = r->v[i].abs;
	}
	out = docmodel_roots_encode(v, r->n, len);
	free(v);
	if (!out)
		msg_fatal(INDEXER_FATAL, "out of memory");
	return out;
}

static int fail(struct run *run, xap_status s)
{
	run->status = s;
	return 1;
}

static xap_status set_if_changed(xap_writer *w, const char *key,
				 const char *value, size_t len, xap_error *err);

/*
 * Records the run's roots and language, and commits (the binding records
 * the schema).  The roots
 * go with every batch so that an interrupted run's next re-run (with no
 * PATH) walks them too.
 */
static xap_status commit_run(struct run *run, int last)
{
	xap_writer *w = run->apply.w;
	size_t blen;
	char *blob = roots_encode(run->roots, &blen);
	xap_status s;

	s = set_if_changed(w, META_ROOTS, blob, blen, &run->err);
	free(blob);
	if (s == XAP_OK)
		s = set_if_changed(w, META_LANG, run->lang, strlen(run->lang),
				   &run->err);
	if (s == XAP_OK)
		s = last ? xap_writer_commit(w, &run->err) :
			xap_writer_commit_batch(w, &run->err);
	if (s == XAP_OK)
		run->committed = run->apply.st.passages;
	return s;
}

/* Commits a full batch and opens the next one. */
static xap_status maybe_commit(struct run *run)
{
	xap_status s;

	if (run->apply.st.passages - run->committed < run->batch)
		return XAP_OK;
	s = commit_run(run, 0);
	if (s == XAP_OK)
		s = xap_writer_begin(run->apply.w, &run->err);
	return s;
}

static int on_item(const struct walk_item *item, void *ctx)
{
	struct run *run = ctx;
	const struct root *root = run->root;
	const char *path = item->path;
	char *display = NULL;
	xap_status s = XAP_OK;

	/* Files are whole in a batch: stop between two. */
	if (stop_signal)
		return 1;
	/*
	 * The walk runs on the absolute root; stored paths start with the
	 * root as the user first gave it, whatever the current directory.
	 */
	if (strcmp(root->display, root->abs) != 0) {
		size_t alen = strlen(root->abs), dlen = strlen(root->display);
		size_t rest = strlen(path + alen);

		display = xmalloc(dlen + rest + 1);
		memcpy(display, root->display, dlen);
		memcpy(display + dlen, path + alen, rest + 1);
		path = display;
	}

	switch (item->kind) {
	case WALK_FILE:
		if (run->plan_only) {
			if (found_files_add(&run->found, path, item->path,
					    item->st))
				msg_fatal(INDEXER_FATAL, "out of memory");
			break;
		}
		run->files++;
		s = apply_file(&run->apply, path, item->path, item->st,
			       &run->err);
		if (s == XAP_OK)
			s = maybe_commit(run);
		progress_update(&run->progress, run->files,
				run->apply.st.passages, path);
		break;
	case WALK_ERROR:
		if (item->err == ENOENT && strcmp(item->path, root->abs) == 0) {
			/*
			 * A recorded root that is gone: its passages go too,
			 * as for any deleted file, and it is forgotten.
			 */
			msg_warn("'%s' no longer exists; its passages are removed",
				 msg_path(path));
			run->root_gone = 1;
			break;
		}
		msg_error("cannot read '%s': %s", msg_path(path),
			  strerror(item->err));
		run->apply.st.unreadable++;
		/* Keep what was indexed from it: it may be back next run. */
		plan_keep(run->apply.plan, path);
		break;
	case WALK_DANGLING:
	case WALK_SPECIAL:
		run->apply.st.skipped_other++;
		break;
	case WALK_LOOP:
		break;
	}
	free(display);
	return s == XAP_OK ? 0 : fail(run, s);
}

static int on_deleted(const char *path, void *ctx)
{
	struct run *run = ctx;
	xap_status s = apply_delete(&run->apply, path, &run->err);

	return s == XAP_OK ? 0 : fail(run, s);
}

/*
 * Writes a metadata value only when it differs, so that a run that
 * changed nothing commits nothing and leaves the index files untouched.
 */
static xap_status set_if_changed(xap_writer *w, const char *key,
				 const char *value, size_t len, xap_error *err)
{
	char *old = NULL;
	size_t olen = 0;
	xap_status s = xap_writer_get_metadata(w, key, &old, &olen, err);

	if (s == XAP_OK && (olen != len || memcmp(old, value, len) != 0))
		s = xap_writer_set_metadata(w, key, value, len, err);
	free(old);
	return s;
}

/* Exits with the status matching a binding failure. */
static void die_xap(const xap_error *err)
{
	msg_fatal(err->status == XAP_LOCKED ? INDEXER_LOCKED : INDEXER_FATAL,
		  "%s", err->msg);
}

/*
 * The live database cannot be read.  A rebuild that has only the roots
 * recorded in it needs them given again.
 */
static void die_unreadable(const xap_error *err, int full, const char *index)
{
	if (full && err->status == XAP_CORRUPT)
		msg_fatal(INDEXER_FATAL, "%s; to rebuild it, give the paths to index: indexer -d %s --full PATH...",
			  err->msg, msg_path(index));
	die_xap(err);
}

static double parse_seconds(const char *arg, const char *opt)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(arg, &end);
	if (errno || end == arg || *end || !(v >= 0 && v <= 1e9))
		msg_fatal(INDEXER_FATAL, "invalid %s '%s': expected seconds such as 30",
			  opt, arg);
	return v;
}

static size_t parse_min_passage(const char *arg)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(arg, &end, 10);
	if (errno || end == arg || *end || arg[0] == '-' || v > PASSAGE_MAX)
		msg_fatal(INDEXER_FATAL, "invalid --min-passage '%s': expected a number of bytes from 0 to %d",
			  arg, PASSAGE_MAX);
	return v;
}

static unsigned long parse_count(const char *arg, const char *opt)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(arg, &end, 10);
	if (errno || end == arg || *end || arg[0] == '-' || v == 0)
		msg_fatal(INDEXER_FATAL, "invalid %s '%s': expected a positive number of passages",
			  opt, arg);
	return v;
}

static void on_lock_wait(const char *holder, void *ctx)
{
	const char *index = ctx;

	msg_warn("index '%s' is being updated by another indexer%s%s%s; waiting",
		 msg_path(index), *holder ? " (" : "", holder,
		 *holder ? ")" : "");
}

/* --check: Xapian's consistency check of the live database. */
static int check_index(const char *index, const char *index_abs)
{
	struct indexdir dir;
	xap_error err;
	unsigned long problems = 0;
	char *db, *copy = NULL;
	int e = indexdir_open(&dir, index_abs, 0);

	if (e == 0)
		e = indexdir_read(&dir);
	if (e == 0 && dir.version < 0)
		e = ENOENT;
	/* Xapian's check writes: an index we may not write is checked on a copy. */
	if (e == 0)
		e = indexdir_check_copy(&dir, dir.version, &copy);
	if (e)
		msg_fatal(INDEXER_FATAL, "cannot check index '%s': %s",
			  msg_path(index),
			  e == EINVAL ? "unknown " INDEXDIR_STUB " file" : indexdir_strerror(e));
	db = copy ? strdup(copy) : indexdir_db_path(&dir, dir.version);
	if (!db)
		msg_fatal(INDEXER_FATAL, "out of memory");
	if (xap_check(db, &problems, &err) != XAP_OK) {
		indexdir_drop_copy(copy);
		free(db);
		indexdir_close(&dir);
		msg_fatal(INDEXER_FATAL, "index '%s' failed the check: %s",
			  msg_path(index), err.msg);
	}
	free(db);
	indexdir_drop_copy(copy);
	indexdir_close(&dir);
	if (problems)
		msg_fatal(INDEXER_FATAL,
			  "index '%s' is damaged: %lu problems (%s); rebuild it with 'indexer --full'",
			  msg_path(index), problems, err.msg);
	fprintf(stderr, "indexer: index '%s' is consistent\n", msg_path(index));
	return INDEXER_OK;
}

/*
 * A new database beside the live one, recorded in the index's marker
 * before it is created (indexdir_new_version()), or exits.
 */
static int new_db(struct indexdir *dir, const char *index)
{
	int v = indexdir_new_version(dir);

	if (v < 0)
		msg_fatal(INDEXER_FATAL, "cannot add a database to index '%s': %s; the index is unchanged",
			  msg_path(index), strerror(-v));
	return v;
}

/* The database of version 'v', or exits. */
static char *db_path(const struct indexdir *dir, int v)
{
	char *p = indexdir_db_path(dir, v);

	if (!p)
		msg_fatal(INDEXER_FATAL, "out of memory");
	return p;
}

/*
 * --full after the walk: the files found are indexed into 'jobs' shards
 * at once (parallel.h), merged into the database of version 'building',
 * which is then opened into *w with a batch begun, for commit_run().
 * Returns 0, or 1 with run->err set.  With stop_signal set it returns 0
 * at once after the writers stop, and the caller abandons the rebuild.
 */
static int fill_full(struct run *run, struct indexdir *dir, int building,
		     size_t jobs, xap_writer **w)
{
	struct parallel_build b;
	/* The writers' shards and, last, their spelling table's. */
	char **shards = xmalloc((jobs + 1) * sizeof(*shards));
	int *versions = xmalloc((jobs + 1) * sizeof(*versions));
	char *dest = db_path(dir, building);
	size_t i;
	xap_status s;

	for (i = 0; i <= jobs; i++) {
		versions[i] = new_db(dir, run->index_path);
		shards[i] = db_path(dir, versions[i]);
	}
	memset(&b, 0, sizeof(b));
	b.files = &run->found;
	b.shards = (const char *const *)shards;
	b.nshards = jobs;
	b.spelling = shards[jobs];
	b.settings = &run->apply;
	b.lang = run->lang;
	b.batch = run->batch;
	b.progress = &run->progress;
	b.stop = &stop_signal;
	s = parallel_fill(&b);
	run->apply.st = b.st;
	run->files = run->found.n;
	if (s != XAP_OK)
		run->err = b.err;
	if (s == XAP_OK && !stop_signal)
		s = xap_compact((const char *const *)shards, jobs + 1, dest,
				&run->err);
	/* Shards are removed here, or by the next run if killed. */
	for (i = 0; i <= jobs; i++) {
		indexdir_remove(dir, versions[i]);
		free(shards[i]);
	}
	free(shards);
	free(versions);
	if (s == XAP_OK && !stop_signal) {
		s = xap_writer_open(dest, 0, w, &run->err);
		if (s == XAP_OK)
			s = xap_writer_set_language(*w, run->lang, &run->err);
		if (s == XAP_OK)
			s = xap_writer_begin(*w, &run->err);
		run->apply.w = *w;
	}
	free(dest);
	return s == XAP_OK ? 0 : fail(run, s);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "index", required_argument, NULL, 'd' },
		{ "full", no_argument, NULL, 'F' },
		{ "verify", no_argument, NULL, 'v' },
		{ "lang", required_argument, NULL, 'l' },
		{ "max-file-size", required_argument, NULL, 'm' },
		{ "batch-size", required_argument, NULL, 'b' },
		{ "min-passage", required_argument, NULL, 'p' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "lock-timeout", required_argument, NULL, 't' },
		{ "file-timeout", required_argument, NULL, 'T' },
		{ "shared-index", no_argument, NULL, 'S' },
		{ "check", no_argument, NULL, 'c' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	const char *index = getenv("SEARCH_INDEX");
	const char *lang = NULL;
	int full = 0, quiet = 0, check = 0, shared = 0, c, rc, e;
	int building = 0;	/* version being built beside the live one */
	size_t jobs = default_jobs();
	double lock_timeout = 0;
	struct run run;
	struct roots roots = { NULL, 0 }, walked = { NULL, 0 };
	struct indexdir dir;
	char *index_abs, *stored_lang = NULL, *blob = NULL, *path;
	char holder[128];
	size_t i, blen;
	unsigned long total = 0;
	double start = progress_now();
	xap_writer *w = NULL;
	struct sigaction sa;

	msg_init("indexer");
	argv[0] = (char *)"indexer";	/* getopt's own messages use it */
	memset(&run, 0, sizeof(run));
	run.apply.max_size = DEFAULT_MAX_FILE_SIZE;
	run.batch = DEFAULT_BATCH;
	run.apply.min_passage = PASSAGE_MIN;
	run.apply.file_timeout = DEFAULT_FILE_TIMEOUT;
	run.apply.stop = &stop_signal;
	if (!index || !*index)
		index = DEFAULT_INDEX;

	while ((c = getopt_long(argc, argv, "d:j:qhV", opts, NULL)) != -1) {
		switch (c) {
		case 'd': index = optarg; break;
		case 'F': full = 1; break;
		case 'v': run.apply.verify = 1; break;
		case 'l': lang = optarg; break;
		case 'm': run.apply.max_size = parse_size(optarg); break;
		case 'b': run.batch = parse_count(optarg, "--batch-size"); break;
		case 'p': run.apply.min_passage = parse_min_passage(optarg); break;
		case 'j':
			jobs = strspn(optarg, "0123456789") == strlen(optarg) ?
				strtoul(optarg, NULL, 10) : 0;
			/* A shard and a thread each: keep it sane. */
			if (jobs < 1 || jobs > MAX_JOBS_GIVEN)
				msg_fatal(INDEXER_FATAL, "invalid --jobs '%s': expected 1 to %d writers",
					  optarg, MAX_JOBS_GIVEN);
			break;
		case 't': lock_timeout = parse_seconds(optarg, "--lock-timeout"); break;
		case 'T': run.apply.file_timeout = parse_seconds(optarg, "--file-timeout"); break;
		case 'S': shared = 1; break;
		case 'c': check = 1; break;
		case 'q': quiet = 1; break;
		case 'h': usage(stdout); return INDEXER_OK;
		case 'V': puts("indexer 0.1"); return INDEXER_OK;
		default:
			usage(stderr);
			return INDEXER_FATAL;
		}
	}
	if (!*index)
		msg_fatal(INDEXER_FATAL, "the index path is empty");

	/*
	 * The binding's writer may be used after a chdir-free walk only, but
	 * an absolute path keeps messages and the skip test unambiguous.
	 */
	index_abs = absolute(index);
	run.index_path = index;
	if (check) {
		rc = check_index(index, index_abs);
		free(index_abs);
		return rc;
	}

	e = indexdir_open(&dir, index, INDEXDIR_CREATE |
			  (shared ? INDEXDIR_SHARED : 0));
	if (e == ENOTDIR)
		msg_fatal(INDEXER_FATAL, "index '%s' is not a directory",
			  msg_path(index));
	/* Not an index of ours: left as it is. */
	if (e < 0)
		msg_fatal(INDEXER_FATAL, "'%s' %s", msg_path(index),
			  indexdir_strerror(e));
	if (e)
		msg_fatal(INDEXER_FATAL, "cannot create index '%s': %s",
			  msg_path(index), strerror(e));
	e = indexdir_lock(&dir, lock_timeout, holder, sizeof(holder),
			  on_lock_wait, (void *)index);
	if (e == EWOULDBLOCK)
		msg_fatal(INDEXER_LOCKED, "index '%s' is locked: it is being updated by another indexer%s%s%s",
			  msg_path(index), *holder ? " (" : "", holder,
			  *holder ? ")" : "");
	if (e < 0)
		msg_fatal(INDEXER_FATAL, "'%s' %s", msg_path(index),
			  indexdir_strerror(e));
	if (e)
		msg_fatal(INDEXER_FATAL, "cannot lock index '%s': %s",
			  msg_path(index), strerror(e));
	if (dir.made_private)
		msg_warn("index '%s' is now readable by its owner only; --shared-index shares it",
			 msg_path(index));
	e = indexdir_read(&dir);
	if (e == EINVAL && !full)
		msg_fatal(INDEXER_FATAL, "index '%s' has an unknown " INDEXDIR_STUB " file; rebuild it with 'indexer --full PATH...'",
			  msg_path(index));
	if (e < 0)
		msg_fatal(INDEXER_FATAL, "'%s' %s", msg_path(index),
			  indexdir_strerror(e));
	if (e && e != EINVAL)
		msg_fatal(INDEXER_FATAL, "cannot read index '%s': %s",
			  msg_path(index), strerror(e));
	/* Left by a rebuild that was interrupted or replaced: ours to remove. */
	e = indexdir_remove_stale(&dir);
	if (e)
		msg_warn("cannot remove an old database in '%s': %s",
			 msg_path(index), strerror(e));

	/*
	 * The live database, through the stub (or the old layout's glass
	 * directory): the path as given keeps messages short, and the stub
	 * changes only under our lock.
	 */
	if (dir.version >= 0 &&
	    xap_writer_open(index, 0, &w, &run.err) != XAP_OK) {
		/* A rebuild needs nothing from a damaged index... */
		if (!full || optind == argc)
			die_unreadable(&run.err, full, index);
		msg_warn("%s; rebuilding from the PATHs given", run.err.msg);
		w = NULL;
	}
	if (w) {
		if (xap_writer_get_metadata(w, META_LANG, &stored_lang, NULL, &run.err) ||
		    xap_writer_get_metadata(w, META_ROOTS, &blob, &blen, &run.err)) {
			if (!full || optind == argc)
				die_unreadable(&run.err, full, index);
			msg_warn("%s; rebuilding from the PATHs given", run.err.msg);
			xap_writer_close(w);
			w = NULL;
		} else {
			roots_decode(&roots, blob, blen);
		}
		free(blob);
		blob = NULL;
	}
	if (!stored_lang)
		stored_lang = xstrdup("");
	if (w && !full) {
		unsigned long docs = 0;

		if (xap_writer_doc_count(w, &docs, &run.err))
			goto fatal;
		/*
		 * Passages stemmed one way cannot be searched another way, so
		 * a new language needs a rebuild.
		 */
		if (lang && *stored_lang && strcmp(lang, stored_lang) != 0 &&
		    docs > 0) {
			msg_error("index '%s' was built with language '%s'; use --full to rebuild it with '%s'",
				  msg_path(index), stored_lang, lang);
			rc = INDEXER_FATAL;
			goto out;
		}
		/* Passages of another layout cannot be updated: rebuild. */
		if (docs > 0) {
			char *schema = NULL;

			if (xap_writer_get_metadata(w, META_SCHEMA, &schema,
						    NULL, &run.err))
				goto fatal;
			if (strcmp(schema, META_SCHEMA_VERSION) != 0) {
				msg_warn("index '%s' has layout %s and this indexer writes layout %s; rebuilding it",
					 msg_path(index), *schema ? schema : "1",
					 META_SCHEMA_VERSION);
				full = 1;
			}
			free(schema);
		}
	}
	if (!lang)
		lang = *stored_lang ? stored_lang : "english";
	run.lang = lang;
	run.roots = &roots;

	/* Roots: those recorded, plus (or, with no PATH, only) those given. */
	if (optind < argc) {
		for (i = (size_t)optind; i < (size_t)argc; i++) {
			char *d, *a;

			if (!argv[i][0])
				msg_fatal(INDEXER_FATAL, "empty PATH argument");
			d = normalize(argv[i]);
			a = absolute(d);
			/* A PATH that does not exist is reported, not recorded. */
			if (access(a, F_OK) != 0) {
				msg_error("cannot read '%s': %s", msg_path(d),
					  strerror(errno));
				run.apply.st.unreadable++;
			} else {
				const struct root *kept = roots_add(&roots, d, a);

				roots_add(&walked, kept->display, kept->abs);
			}
			free(d);
			free(a);
		}
		/* A rebuild walks every root, not only those given now. */
		if (full)
			for (i = 0; i < roots.n; i++)
				roots_add(&walked, roots.v[i].display,
					  roots.v[i].abs);
	} else {
		if (roots.n == 0) {
			msg_error("no PATH given and index '%s' records none; try: indexer -d %s DIRECTORY",
				  msg_path(index), msg_path(index));
			rc = INDEXER_FATAL;
			goto out;
		}
		for (i = 0; i < roots.n; i++)
			roots_add(&walked, roots.v[i].display, roots.v[i].abs);
	}

	if (full || !w) {
		/*
		 * A new database beside the live one.  A rebuild is published
		 * only when complete; a first index is published at once,
		 * empty, and then (without --full) filled batch by batch like
		 * an update.
		 */
		xap_writer_close(w);
		w = NULL;
		building = new_db(&dir, index);
		path = db_path(&dir, building);
		rc = xap_writer_open(path, XAP_WRITER_CREATE | XAP_WRITER_OVERWRITE,
				     &w, &run.err);
		free(path);
		if (rc)
			goto fatal;
		run.apply.w = w;
		if (dir.version < 0) {
			if (xap_writer_set_language(w, lang, &run.err) ||
			    xap_writer_begin(w, &run.err) ||
			    commit_run(&run, 1))
				goto fatal;
			e = indexdir_publish(&dir, building);
			if (e) {
				msg_error("cannot create index '%s': %s",
					  msg_path(index), strerror(e));
				rc = INDEXER_FATAL;
				goto out;
			}
			building = full ? new_db(&dir, index) : 0;
		}
	}
	run.plan_only = full;
	if (full) {
		/* The writers of parallel_fill() write the shards. */
		xap_writer_close(w);
		w = NULL;
	} else {
		run.apply.w = w;
		if (xap_writer_set_language(w, lang, &run.err))
			goto fatal;
	}

	run.apply.plan = plan_new();
	if (!run.apply.plan)
		msg_fatal(INDEXER_FATAL, "out of memory");
	if (!full && (xap_writer_begin(w, &run.err) ||
		      apply_load_state(&run.apply, &run.err)))
		goto fatal;

	/* Stop between files, keeping what is done; see on_item(). */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop_signal;
	/* A second signal kills at once: committed batches are safe anyway. */
	sa.sa_flags = SA_RESETHAND;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);

	progress_init(&run.progress, !quiet);
	for (i = 0; i < walked.n && !stop_signal; i++) {
		run.root = &walked.v[i];
		run.root_gone = 0;
		rc = walk(walked.v[i].abs, index_abs, on_item, &run);
		if (rc < 0)
			msg_fatal(INDEXER_FATAL, "out of memory");
		if (rc && !stop_signal)
			goto fatal_status;
		if (run.root_gone)
			roots_remove(&roots, walked.v[i].abs);
	}
	if (full && !stop_signal) {
		rc = fill_full(&run, &dir, building, jobs, &w);
		if (rc)
			goto fatal_status;
	}
	progress_done(&run.progress);
	if (stop_signal)
		goto interrupted;

	if (!full) {
		const char **displays = xmalloc(walked.n * sizeof(*displays));

		for (i = 0; i < walked.n; i++)
			displays[i] = walked.v[i].display;
		rc = plan_each_deleted(run.apply.plan, displays, walked.n,
				       on_deleted, &run);
		free(displays);
		if (rc)
			goto fatal_status;
	}

	if (commit_run(&run, 1))
		goto fatal;
	if (xap_writer_doc_count(w, &total, &run.err))
		goto fatal;
	if (building) {
		int old = dir.version;

		/* Xapian's lock goes before readers may open the new one. */
		xap_writer_close(w);
		w = NULL;
		e = indexdir_publish(&dir, building);
		if (e) {
			msg_error("cannot replace index '%s': %s; the index is unchanged",
				  msg_path(index), strerror(e));
			indexdir_remove(&dir, building);
			rc = INDEXER_FATAL;
			goto out;
		}
		building = 0;
		/*
		 * Readers that have the old database open keep reading it:
		 * its files stay until they close them.
		 */
		e = indexdir_remove_stale(&dir);
		if (e)
			msg_warn("cannot remove the old database %d in '%s': %s",
				 old, msg_path(index), strerror(e));
	}

	if (!quiet) {
		const struct apply_stats *st = &run.apply.st;
		unsigned long skipped = st->skipped_binary + st->skipped_large +
					st->skipped_other;

		fprintf(stderr,
			"indexer: %lu added, %lu updated, %lu deleted, %lu unchanged, %lu skipped",
			st->added, st->updated, st->deleted, st->unchanged, skipped);
		if (skipped)
			fprintf(stderr, " (%lu binary, %lu too large, %lu not regular files)",
				st->skipped_binary, st->skipped_large, st->skipped_other);
		if (st->unreadable)
			fprintf(stderr, ", %lu unreadable", st->unreadable);
		fprintf(stderr, "; %lu passages written, %lu in index; %.2f s\n",
			st->passages, total, progress_now() - start);
	}
	rc = run.apply.st.unreadable ? INDEXER_PARTIAL : INDEXER_OK;
out:
	xap_writer_close(w);
	if (building)
		indexdir_remove(&dir, building);
	indexdir_close(&dir);
	plan_free(run.apply.plan);
	roots_free(&roots);
	roots_free(&walked);
	found_files_free(&run.found);
	free(stored_lang);
	free(index_abs);
	free(blob);
	return rc;

interrupted:
	/*
	 * A rebuild is all or nothing: drop it.  An update keeps the files
	 * done; deletions wait for a run that walks everything.
	 */
	if (building) {
		msg_error("interrupted by %s; the rebuild is abandoned and the index is unchanged",
			  stop_signal == SIGINT ? "SIGINT" : "SIGTERM");
	} else if (commit_run(&run, 1)) {
		msg_error("interrupted by %s; %s; the last batch is lost",
			  stop_signal == SIGINT ? "SIGINT" : "SIGTERM",
			  run.err.msg);
	} else {
		msg_error("interrupted by %s after %lu files; what was done is saved, run indexer again to finish",
			  stop_signal == SIGINT ? "SIGINT" : "SIGTERM", run.files);
	}
	xap_writer_close(w);
	w = NULL;
	if (building)
		indexdir_remove(&dir, building);
	building = 0;
	indexdir_close(&dir);
	/* Die of the signal, as the shell expects of an interrupted program. */
	signal(stop_signal, SIG_DFL);
	raise(stop_signal);
	rc = 128 + stop_signal;
	goto out;

fatal_status:
	progress_done(&run.progress);
fatal:
	/* Closing without a commit discards the batch in progress. */
	if (building)
		msg_error("%s; the index is unchanged", run.err.msg);
	else
		msg_error("%s; the index keeps what was committed before", run.err.msg);
	rc = run.err.status == XAP_LOCKED ? INDEXER_LOCKED : INDEXER_FATAL;
	goto out;
}
