/*
 * rebuild.h - indexer --full: every file indexed as new into a database
 * beside the live one, which replaces it only when complete.
 */
#ifndef REBUILD_H
#define REBUILD_H

#include "options.h"
#include "roots.h"
#include "session.h"

/*
 * Walks 'walked' into a list of files, has o->jobs writers index them
 * into shards at once (parallel.h), merges the shards into s->building
 * with Xapian's compactor and opens it as s->w for the last commit, which
 * is the caller's (session_finish publishes it).  Once session_stopped()
 * it stops early and returns 0; the caller abandons the rebuild
 * (session_interrupt).  Fills s->st and s->files.  Returns 0, or the
 * exit status after a reported failure.
 */
int rebuild_run(struct session *s, const struct indexer_options *o,
		const struct roots *walked);

#endif /* REBUILD_H */
