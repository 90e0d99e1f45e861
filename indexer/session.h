/*
 * session.h - one run of the indexer on one index: the lock, the live
 * database and its records, the database the run writes, its commits
 * (each with the run's roots and language), publishing a rebuilt
 * database, and the signals that stop a run.
 *
 * main.c opens a session, settles its language and mode, begins it, has
 * update.c or rebuild.c fill it, and finishes it (or, after a signal,
 * interrupts it).  Functions returning int give 0 to go on or the exit
 * status after a reported failure (exitcode.h); those that cannot go on
 * without what they set up (session_open) exit instead.
 */
#ifndef SESSION_H
#define SESSION_H

#include <signal.h>

#include "apply.h"
#include "indexdir.h"
#include "options.h"
#include "roots.h"
#include "xap.h"

struct session {
	const char *index;	/* as given: messages, and the live database */
	char *index_abs;	/* absolute: the walk never enters it */
	struct indexdir dir;	/* locked for the whole session */
	/* The live database, or the one being built; NULL when none is open. */
	xap_writer *w;
	int building;		/* version built beside the live one, or 0 */
	int full;		/* rebuild: --full, or another layout */
	struct roots roots;	/* recorded with every commit */
	char *stored_lang;	/* the index's language record; "" when none */
	const char *lang;	/* the run's language */
	struct apply_stats st;	/* what the run did: update.c, rebuild.c */
	unsigned long files;	/* files the run brought up to date */
	double start;		/* progress_now() when the session opened */
	/* The signal that asks the run to stop between two files, or 0. */
	volatile sig_atomic_t *stop;
	xap_error err;		/* the binding's last failure */
};

/*
 * --check: runs Xapian's consistency check on the live database of
 * 'index' and reports; returns INDEXER_OK or exits.
 */
int session_check(const char *index);

/*
 * Locks o->index (creating it; waiting up to o->lock_timeout seconds),
 * removes the databases no longer live, opens the live one and reads its
 * records: the roots and the language.  A rebuild with PATHs given goes
 * on without a live database that cannot be read.  Exits on failure.
 */
void session_open(struct session *s, const struct indexer_options *o);

/*
 * Settles the run's language ('lang', else the index's, else english)
 * and whether it rebuilds: an update in another language than the
 * index's fails, and an index of another layout is rebuilt.
 */
int session_settle(struct session *s, const char *lang);

/*
 * Opens the database the run writes.  A rebuild gets a new version beside
 * the live one (s->building), closed: rebuild.c's writers fill it.  An
 * update writes the live database; a new index is first published at
 * once, empty, so that a killed first run resumes.
 */
int session_begin(struct session *s);

/*
 * From now on SIGINT and SIGTERM set *s->stop; a second one kills at
 * once (committed batches are safe anyway).
 */
void session_catch_signals(void);

int session_stopped(const struct session *s);

/*
 * Records the roots and the language (only when they changed, so that a
 * run that changed nothing leaves the index untouched) and commits the
 * batch in progress: the last one, or one to be followed by another
 * (xap_writer_commit_batch, then begin the next yourself).
 */
xap_status session_commit(struct session *s, int last);

/*
 * A new database beside the live one, recorded in the index's marker
 * before it is created (indexdir_new_version()): its version.  Exits when
 * the marker cannot be written.
 */
int session_new_db(struct session *s);

/* The path of database 'version' of the index; exits when out of memory. */
char *session_db_path(const struct session *s, int version);

/*
 * Opens the database a rebuild built (s->building) as s->w, with a batch
 * begun, for the run's last commit.
 */
xap_status session_open_built(struct session *s);

/*
 * The last commit, and the number of passages then in the index into
 * *total; a rebuild is then published and the old database removed.
 */
int session_finish(struct session *s, unsigned long *total);

/*
 * After a signal: a rebuild is abandoned; an update commits what it did
 * (deletions wait for a run that walks everything).  Reports, closes the
 * session and dies of the signal, as the shell expects; returns the
 * status of such a death only if the signal does not kill.
 */
int session_interrupt(struct session *s);

/*
 * Reports the binding's failure s->err (closing without a commit
 * discards the batch in progress); returns the exit status it calls for.
 */
int session_fail(struct session *s);

/* Closes what is open, removes an unfinished database, unlocks. */
void session_close(struct session *s);

#endif /* SESSION_H */
