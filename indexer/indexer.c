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
#include "options.h"
#include "parallel.h"
#include "passage.h"
#include "progress.h"
#include "walk.h"
#include "xap.h"

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
	char *db;
	int e = indexdir_open(&dir, index_abs, 0);

	if (e == 0)
		e = indexdir_read(&dir);
	if (e == 0 && dir.version < 0)
		e = ENOENT;
	if (e)
		msg_fatal(INDEXER_FATAL, "cannot check index '%s': %s",
			  msg_path(index),
			  e == EINVAL ? "unknown " INDEXDIR_STUB " file" : strerror(e));
	db = indexdir_db_path(&dir, dir.version);
	if (!db)
		msg_fatal(INDEXER_FATAL, "out of memory");
	if (xap_check(db, &problems, &err) != XAP_OK) {
		free(db);
		indexdir_close(&dir);
		msg_fatal(INDEXER_FATAL, "index '%s' failed the check: %s",
			  msg_path(index), err.msg);
	}
	free(db);
	indexdir_close(&dir);
	if (problems)
		msg_fatal(INDEXER_FATAL,
			  "index '%s' is damaged: %lu problems (%s); rebuild it with 'indexer --full'",
			  msg_path(index), problems, err.msg);
	fprintf(stderr, "indexer: index '%s' is consistent\n", msg_path(index));
	return INDEXER_OK;
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
	char *dest = db_path(dir, building);
	size_t i;
	xap_status s;

	for (i = 0; i <= jobs; i++)
		shards[i] = db_path(dir, building + 1 + (int)i);
	memset(&b, 0, sizeof(b));
	b.files = &run->found;
	b.shards = (const char *const *)shards;
	b.nshards = jobs;
	b.spelling = shards[jobs];
	b.settings = &run->apply.set;
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
		indexdir_remove(dir, building + 1 + (int)i);
		free(shards[i]);
	}
	free(shards);
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
	struct indexer_options o;
	const char *index, *lang;
	int full, rc, e;
	int building = 0;	/* version being built beside the live one */
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
	options_parse(argc, argv, &o);
	index = o.index;
	lang = o.lang;
	full = o.full;
	memset(&run, 0, sizeof(run));
	run.apply.set = o.apply;
	run.batch = o.batch;

	/*
	 * The binding's writer may be used after a chdir-free walk only, but
	 * an absolute path keeps messages and the skip test unambiguous.
	 */
	index_abs = absolute(index);
	run.index_path = index;
	if (o.check) {
		rc = check_index(index, index_abs);
		free(index_abs);
		return rc;
	}

	e = indexdir_open(&dir, index, 1);
	if (e == ENOTDIR)
		msg_fatal(INDEXER_FATAL, "index '%s' is not a directory",
			  msg_path(index));
	if (e)
		msg_fatal(INDEXER_FATAL, "cannot create index '%s': %s",
			  msg_path(index), strerror(e));
	e = indexdir_lock(&dir, o.lock_timeout, holder, sizeof(holder),
			  on_lock_wait, (void *)index);
	if (e == EWOULDBLOCK)
		msg_fatal(INDEXER_LOCKED, "index '%s' is locked: it is being updated by another indexer%s%s%s",
			  msg_path(index), *holder ? " (" : "", holder,
			  *holder ? ")" : "");
	if (e)
		msg_fatal(INDEXER_FATAL, "cannot lock index '%s': %s",
			  msg_path(index), strerror(e));
	e = indexdir_read(&dir);
	if (e == EINVAL && !full)
		msg_fatal(INDEXER_FATAL, "index '%s' has an unknown " INDEXDIR_STUB " file; rebuild it with 'indexer --full PATH...'",
			  msg_path(index));
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
		if (!full || o.npaths == 0)
			die_unreadable(&run.err, full, index);
		msg_warn("%s; rebuilding from the PATHs given", run.err.msg);
		w = NULL;
	}
	if (w) {
		if (xap_writer_get_metadata(w, META_LANG, &stored_lang, NULL, &run.err) ||
		    xap_writer_get_metadata(w, META_ROOTS, &blob, &blen, &run.err)) {
			if (!full || o.npaths == 0)
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
	if (o.npaths > 0) {
		for (i = 0; i < o.npaths; i++) {
			char *d, *a;

			if (!o.paths[i][0])
				msg_fatal(INDEXER_FATAL, "empty PATH argument");
			d = normalize(o.paths[i]);
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
		building = indexdir_next_version(&dir);
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
			building = full ? indexdir_next_version(&dir) : 0;
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

	progress_init(&run.progress, !o.quiet);
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
		rc = fill_full(&run, &dir, building, o.jobs, &w);
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

	if (!o.quiet) {
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
