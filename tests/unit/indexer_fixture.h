/*
 * indexer_fixture.h - what the unit tests of the indexer's session,
 * update and rebuild share: a temporary directory that is the current
 * directory during each test, files written into it, and a run of the
 * indexer through its modules, as indexer/main.c runs one.
 *
 * Include after cmocka.h.
 */
#ifndef INDEXER_FIXTURE_H
#define INDEXER_FIXTURE_H

#include <ftw.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "msg.h"
#include "options.h"
#include "rebuild.h"
#include "roots.h"
#include "session.h"
#include "update.h"

struct fx {
	char dir[PATH_MAX];	/* the temporary directory, canonical */
	char cwd[PATH_MAX];	/* the current directory before the test */
};

static inline int fx_setup(void **state)
{
	struct fx *fx = calloc(1, sizeof(*fx));
	const char *tmp = getenv("TMPDIR");
	char tmpl[PATH_MAX];

	if (!fx)
		return -1;
	if (!tmp || !*tmp)
		tmp = "/tmp";
	snprintf(tmpl, sizeof(tmpl), "%s/test_indexer.XXXXXX", tmp);
	if (!mkdtemp(tmpl) || !realpath(tmpl, fx->dir) ||
	    !getcwd(fx->cwd, sizeof(fx->cwd)) || chdir(fx->dir) != 0) {
		free(fx);
		return -1;
	}
	msg_init("indexer");
	*state = fx;
	return 0;
}

static inline int fx_rm(const char *path, const struct stat *st, int flag,
			struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static inline int fx_teardown(void **state)
{
	struct fx *fx = *state;
	int rc = chdir(fx->cwd);

	nftw(fx->dir, fx_rm, 16, FTW_DEPTH | FTW_PHYS);
	free(fx);
	return rc;
}

/* Writes 'text' to 'path' (relative to the test's directory). */
static inline void fx_put(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	assert_true(fputs(text, f) >= 0);
	assert_int_equal(fclose(f), 0);
}

/*
 * The options of "indexer -q ARGS..." (NULL-terminated); the arguments
 * must stay valid while o is used.
 */
static inline void fx_options(struct indexer_options *o, char **argv,
			      size_t max, va_list ap)
{
	size_t argc = 0;
	char *a;

	argv[argc++] = "indexer";
	argv[argc++] = "-q";
	while ((a = va_arg(ap, char *)) != NULL && argc + 1 < max)
		argv[argc++] = a;
	argv[argc] = NULL;
	optind = 0;		/* getopt starts afresh */
	options_parse((int)argc, argv, o);
}

/* What a run did. */
struct fx_run {
	int rc;			/* exit status, or -1: stopped by *stop */
	struct apply_stats st;
	unsigned long total;	/* passages in the index after it */
};

/*
 * Runs "indexer -q ARGS..." through the modules, as main.c does, with
 * 'stop' (if not NULL) as the stop request: a run stopped by it commits
 * what it did, as session_interrupt() does, without dying of a signal.
 */
static inline struct fx_run fx_index_stop(volatile sig_atomic_t *stop,
					  ...)
{
	struct fx_run r;
	struct indexer_options o;
	struct session s;
	struct roots walked = { NULL, 0 };
	char *argv[32];
	va_list ap;

	memset(&r, 0, sizeof(r));
	va_start(ap, stop);
	fx_options(&o, argv, 32, ap);
	va_end(ap);
	session_open(&s, &o);
	if (stop)
		s.stop = stop;
	r.rc = session_settle(&s, o.lang);
	if (r.rc == 0) {
		s.st.unreadable = roots_given(&s.roots, &walked, o.paths,
					      o.npaths);
		if (o.npaths == 0 || s.full)
			roots_add_all(&walked, &s.roots);
		r.rc = session_begin(&s);
	}
	if (r.rc == 0)
		r.rc = s.full ? rebuild_run(&s, &o, &walked) :
			update_run(&s, &o, &walked);
	if (r.rc == 0 && session_stopped(&s))
		r.rc = s.building || session_commit(&s, 1) == XAP_OK ? -1 : 2;
	else if (r.rc == 0)
		r.rc = session_finish(&s, &r.total);
	r.st = s.st;
	roots_free(&walked);
	session_close(&s);
	return r;
}

#define fx_index(...) fx_index_stop(NULL, __VA_ARGS__, (char *)NULL)

/* The passages in index 'idx', read through a writer of its own. */
static inline unsigned long fx_passages(const char *idx)
{
	xap_writer *w = NULL;
	xap_error err;
	unsigned long n = 0;

	assert_int_equal(xap_writer_open(idx, 0, &w, &err), XAP_OK);
	assert_int_equal(xap_writer_doc_count(w, &n, &err), XAP_OK);
	xap_writer_close(w);
	return n;
}

/* How many databases (db-N) the index directory 'idx' holds. */
static inline int fx_databases(const char *idx)
{
	char path[PATH_MAX];
	int v, n = 0;

	for (v = 0; v < 100; v++) {
		snprintf(path, sizeof(path), "%s/db-%04d", idx, v);
		n += access(path, F_OK) == 0;
	}
	return n;
}

#endif /* INDEXER_FIXTURE_H */
