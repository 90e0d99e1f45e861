/*
 * update.h - an incremental run: bring the live database up to date with
 * the files under the roots, reading only those whose size or mtime
 * changed (plan.h), and delete the files that are gone.
 */
#ifndef UPDATE_H
#define UPDATE_H

#include "options.h"
#include "roots.h"
#include "session.h"

/*
 * Walks 'walked' and applies each file found (apply.h) to s's database,
 * committing every o->batch passages between two files; after a complete
 * walk, deletes the stored files under those roots that were not found.
 * The last commit is the caller's (session_finish or, once
 * session_stopped(), session_interrupt).  Fills s->st and s->files.
 * Returns 0, or the exit status after a reported failure.
 */
int update_run(struct session *s, const struct indexer_options *o,
	       const struct roots *walked);

#endif /* UPDATE_H */
