/*
 * session.c - one run of the indexer on one index (see session.h and
 * docs/design.md, "Crash safety").
 */
#include "session.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "docmodel.h"
#include "exitcode.h"
#include "msg.h"
#include "progress.h"

/* SIGINT or SIGTERM received: stop after the current file. */
static volatile sig_atomic_t stop_signal;

static void on_stop_signal(int sig)
{
	stop_signal = sig;
}

void session_catch_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop_signal;
	/* A second signal kills at once: committed batches are safe anyway. */
	sa.sa_flags = SA_RESETHAND;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

int session_stopped(const struct session *s)
{
	return *s->stop != 0;
}

int session_new_db(struct session *s)
{
	int v = indexdir_new_version(&s->dir);

	if (v < 0)
		msg_fatal(INDEXER_FATAL, "cannot add a database to index '%s': %s; the index is unchanged",
			  msg_path(s->index), strerror(-v));
	return v;
}

char *session_db_path(const struct session *s, int version)
{
	char *p = indexdir_db_path(&s->dir, version);

	if (!p)
		msg_fatal(INDEXER_FATAL, "out of memory");
	return p;
}

int session_check(const char *index)
{
	struct indexdir dir;
	xap_error err;
	xap_status st;
	unsigned long problems = 0;
	char *abs = roots_absolute(index), *db, *copy = NULL;
	int e = indexdir_open(&dir, abs, 0);

	free(abs);
	if (e == 0)
		e = indexdir_read(&dir);
	if (e == 0 && dir.version < 0)
		e = ENOENT;
	/* Xapian's check writes: an index we may not write is checked on a copy. */
	if (e == 0)
		e = indexdir_check_copy(&dir, dir.version, &copy);
	if (e)
		msg_fatal(INDEXER_FATAL, "cannot check index '%s': %s",
			  msg_path(index), e == EINVAL ?
			  "unknown " INDEXDIR_STUB " file" : indexdir_strerror(e));
	db = copy ? strdup(copy) : indexdir_db_path(&dir, dir.version);
	if (!db)
		msg_fatal(INDEXER_FATAL, "out of memory");
	st = xap_check(db, &problems, &err);
	free(db);
	indexdir_drop_copy(copy);
	indexdir_close(&dir);
	if (st != XAP_OK)
		msg_fatal(exit_from_status(EXIT_INDEXER, err.status),
			  "index '%s' failed the check: %s", msg_path(index),
			  err.msg);
	if (problems)
		msg_fatal(INDEXER_FATAL,
			  "index '%s' is damaged: %lu problems (%s); rebuild it with 'indexer --full'",
			  msg_path(index), problems, err.msg);
	msg_info("index '%s' is consistent", msg_path(index));
	return INDEXER_OK;
}

static void on_lock_wait(const char *holder, void *ctx)
{
	const char *index = ctx;

	msg_warn("index '%s' is being updated by another indexer%s%s%s; waiting",
		 msg_path(index), *holder ? " (" : "", holder,
		 *holder ? ")" : "");
}

/* Exits for an indexdir error that says the directory is not ours. */
static void not_ours(const struct session *s, int e)
{
	if (e < 0)
		msg_fatal(INDEXER_FATAL, "'%s' %s", msg_path(s->index),
			  indexdir_strerror(e));
}

/*
 * The index directory, locked, its live version read and the databases
 * no longer live removed (left by a rebuild that was interrupted or
 * replaced: ours to remove).
 */
static void lock_dir(struct session *s, double timeout, int shared)
{
	char holder[128];
	int e = indexdir_open(&s->dir, s->index, INDEXDIR_CREATE |
			      (shared ? INDEXDIR_SHARED : 0));

	if (e == ENOTDIR)
		msg_fatal(INDEXER_FATAL, "index '%s' is not a directory",
			  msg_path(s->index));
	/* Not an index of ours: left as it is. */
	not_ours(s, e);
	if (e)
		msg_fatal(INDEXER_FATAL, "cannot create index '%s': %s",
			  msg_path(s->index), strerror(e));
	e = indexdir_lock(&s->dir, timeout, holder, sizeof(holder),
			  on_lock_wait, (void *)s->index);
	if (e == EWOULDBLOCK)
		msg_fatal(exit_from_status(EXIT_INDEXER, XAP_LOCKED),
			  "index '%s' is locked: it is being updated by another indexer%s%s%s",
			  msg_path(s->index), *holder ? " (" : "", holder,
			  *holder ? ")" : "");
	not_ours(s, e);
	if (e)
		msg_fatal(INDEXER_FATAL, "cannot lock index '%s': %s",
			  msg_path(s->index), strerror(e));
	if (s->dir.made_private)
		msg_warn("index '%s' is now readable by its owner only; --shared-index shares it",
			 msg_path(s->index));
	e = indexdir_read(&s->dir);
	if (e == EINVAL && !s->full)
		msg_fatal(INDEXER_FATAL, "index '%s' has an unknown " INDEXDIR_STUB " file; rebuild it with 'indexer --full PATH...'",
			  msg_path(s->index));
	not_ours(s, e);
	if (e && e != EINVAL)
		msg_fatal(INDEXER_FATAL, "cannot read index '%s': %s",
			  msg_path(s->index), strerror(e));
	e = indexdir_remove_stale(&s->dir);
	if (e)
		msg_warn("cannot remove an old database in '%s': %s",
			 msg_path(s->index), strerror(e));
}

/*
 * The live database cannot be read: a rebuild from the PATHs given goes
 * on without it; anything else exits, a rebuild that has only the roots
 * recorded in it asking for them.
 */
static void live_unreadable(struct session *s, int paths_given)
{
	if (s->full && paths_given) {
		msg_warn("%s; rebuilding from the PATHs given", s->err.msg);
		xap_writer_close(s->w);
		s->w = NULL;
		return;
	}
	if (s->full && s->err.status == XAP_CORRUPT)
		msg_fatal(INDEXER_FATAL, "%s; to rebuild it, give the paths to index: indexer -d %s --full PATH...",
			  s->err.msg, msg_path(s->index));
	msg_fatal(exit_from_status(EXIT_INDEXER, s->err.status), "%s",
		  s->err.msg);
}

/*
 * The live database, through the stub (or the old layout's glass
 * directory): the path as given keeps messages short, and the stub
 * changes only under our lock.  Then its records.
 */
static void open_live(struct session *s, int paths_given)
{
	char *blob = NULL;
	size_t blen;

	if (s->dir.version >= 0 &&
	    xap_writer_open(s->index, 0, &s->w, &s->err) != XAP_OK) {
		s->w = NULL;
		live_unreadable(s, paths_given);
	}
	if (s->w) {
		if (xap_writer_get_metadata(s->w, META_LANG, &s->stored_lang,
					    NULL, &s->err) ||
		    xap_writer_get_metadata(s->w, META_ROOTS, &blob, &blen,
					    &s->err))
			live_unreadable(s, paths_given);
		else
			roots_decode(&s->roots, blob, blen);
		free(blob);
	}
	if (!s->stored_lang)
		s->stored_lang = strdup("");
	if (!s->stored_lang)
		msg_fatal(INDEXER_FATAL, "out of memory");
}

void session_open(struct session *s, const struct indexer_options *o)
{
	memset(s, 0, sizeof(*s));
	s->start = progress_now();
	s->index = o->index;
	/*
	 * The binding's writer may be used after a chdir-free walk only, but
	 * an absolute path keeps messages and the skip test unambiguous.
	 */
	s->index_abs = roots_absolute(o->index);
	s->full = o->full;
	s->stop = &stop_signal;
	lock_dir(s, o->lock_timeout, o->shared);
	open_live(s, o->npaths > 0);
}

/*
 * An update of an index that holds passages: passages stemmed one way
 * cannot be searched another way, so a new language needs a rebuild, and
 * passages of another layout cannot be updated: they are rebuilt.
 */
static int check_update(struct session *s, const char *lang)
{
	unsigned long docs = 0;
	char *schema = NULL;

	if (xap_writer_doc_count(s->w, &docs, &s->err))
		return session_fail(s);
	if (docs == 0)
		return 0;
	if (lang && *s->stored_lang && strcmp(lang, s->stored_lang) != 0) {
		msg_error("index '%s' was built with language '%s'; use --full to rebuild it with '%s'",
			  msg_path(s->index), s->stored_lang, lang);
		return INDEXER_FATAL;
	}
	if (xap_writer_get_metadata(s->w, META_SCHEMA, &schema, NULL, &s->err))
		return session_fail(s);
	if (strcmp(schema, META_SCHEMA_VERSION) != 0) {
		msg_warn("index '%s' has layout %s and this indexer writes layout %s; rebuilding it",
			 msg_path(s->index), *schema ? schema : "1",
			 META_SCHEMA_VERSION);
		s->full = 1;
	}
	free(schema);
	return 0;
}

int session_settle(struct session *s, const char *lang)
{
	int rc = s->w && !s->full ? check_update(s, lang) : 0;

	if (!lang)
		lang = *s->stored_lang ? s->stored_lang : "english";
	s->lang = lang;
	return rc;
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

xap_status session_commit(struct session *s, int last)
{
	size_t blen;
	char *blob = roots_encode(&s->roots, &blen);
	xap_status st;

	st = set_if_changed(s->w, META_ROOTS, blob, blen, &s->err);
	free(blob);
	if (st == XAP_OK)
		st = set_if_changed(s->w, META_LANG, s->lang, strlen(s->lang),
				    &s->err);
	if (st == XAP_OK)
		st = last ? xap_writer_commit(s->w, &s->err) :
			xap_writer_commit_batch(s->w, &s->err);
	return st;
}

/*
 * A new index is published at once, empty, and then (without --full)
 * filled batch by batch like an update; a rebuild goes on in a version of
 * its own.
 */
static int publish_new(struct session *s)
{
	int e;

	if (xap_writer_set_language(s->w, s->lang, &s->err) ||
	    xap_writer_begin(s->w, &s->err) || session_commit(s, 1))
		return session_fail(s);
	e = indexdir_publish(&s->dir, s->building);
	if (e) {
		msg_error("cannot create index '%s': %s", msg_path(s->index),
			  strerror(e));
		return INDEXER_FATAL;
	}
	s->building = s->full ? session_new_db(s) : 0;
	return 0;
}

/*
 * A new database beside the live one: a rebuild is published only when
 * complete.
 */
static int create_beside(struct session *s)
{
	char *path;
	xap_status st;

	xap_writer_close(s->w);
	s->w = NULL;
	s->building = session_new_db(s);
	path = session_db_path(s, s->building);
	st = xap_writer_open(path, XAP_WRITER_CREATE | XAP_WRITER_OVERWRITE,
			     &s->w, &s->err);
	free(path);
	if (st != XAP_OK)
		return session_fail(s);
	return s->dir.version < 0 ? publish_new(s) : 0;
}

int session_begin(struct session *s)
{
	int rc = s->full || !s->w ? create_beside(s) : 0;

	if (rc)
		return rc;
	if (s->full) {
		/* The writers of parallel_fill() write the shards. */
		xap_writer_close(s->w);
		s->w = NULL;
		return 0;
	}
	if (xap_writer_set_language(s->w, s->lang, &s->err))
		return session_fail(s);
	return 0;
}

xap_status session_open_built(struct session *s)
{
	char *path = session_db_path(s, s->building);
	xap_status st = xap_writer_open(path, 0, &s->w, &s->err);

	free(path);
	if (st == XAP_OK)
		st = xap_writer_set_language(s->w, s->lang, &s->err);
	if (st == XAP_OK)
		st = xap_writer_begin(s->w, &s->err);
	return st;
}

/* Makes the rebuilt database live and removes the old one. */
static int publish_built(struct session *s)
{
	int old = s->dir.version, e;

	/* Xapian's lock goes before readers may open the new one. */
	xap_writer_close(s->w);
	s->w = NULL;
	e = indexdir_publish(&s->dir, s->building);
	if (e) {
		msg_error("cannot replace index '%s': %s; the index is unchanged",
			  msg_path(s->index), strerror(e));
		return INDEXER_FATAL;
	}
	s->building = 0;
	/*
	 * Readers that have the old database open keep reading it: its
	 * files stay until they close them.
	 */
	e = indexdir_remove_stale(&s->dir);
	if (e)
		msg_warn("cannot remove the old database %d in '%s': %s", old,
			 msg_path(s->index), strerror(e));
	return 0;
}

int session_finish(struct session *s, unsigned long *total)
{
	if (session_commit(s, 1) ||
	    xap_writer_doc_count(s->w, total, &s->err))
		return session_fail(s);
	return s->building ? publish_built(s) : 0;
}

int session_interrupt(struct session *s)
{
	int sig = *s->stop;
	const char *name = sig == SIGINT ? "SIGINT" : "SIGTERM";

	if (s->building)
		msg_error("interrupted by %s; the rebuild is abandoned and the index is unchanged",
			  name);
	else if (session_commit(s, 1))
		msg_error("interrupted by %s; %s; the last batch is lost", name,
			  s->err.msg);
	else
		msg_error("interrupted by %s after %lu files; what was done is saved, run indexer again to finish",
			  name, s->files);
	session_close(s);
	/* Die of the signal, as the shell expects of an interrupted program. */
	signal(sig, SIG_DFL);
	raise(sig);
	return 128 + sig;
}

int session_fail(struct session *s)
{
	if (s->building)
		msg_error("%s; the index is unchanged", s->err.msg);
	else
		msg_error("%s; the index keeps what was committed before",
			  s->err.msg);
	return exit_from_status(EXIT_INDEXER, s->err.status);
}

void session_close(struct session *s)
{
	/* Closing without a commit discards the batch in progress. */
	xap_writer_close(s->w);
	s->w = NULL;
	if (s->building)
		indexdir_remove(&s->dir, s->building);
	s->building = 0;
	indexdir_close(&s->dir);
	roots_free(&s->roots);
	free(s->stored_lang);
	s->stored_lang = NULL;
	free(s->index_abs);
	s->index_abs = NULL;
}
