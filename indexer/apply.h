/*
 * apply.h - applying the change plan to the index, one file at a time:
 * read, hash, decode, split into passages, write passages and file state.
 * Used by update.c, rebuild.c and parallel.c.
 */
#ifndef APPLY_H
#define APPLY_H

#include <signal.h>
#include <stdint.h>
#include <sys/stat.h>

#include "plan.h"
#include "walk.h"
#include "xap.h"

struct apply_stats {
	unsigned long added, updated, deleted, unchanged;
	unsigned long skipped_binary, skipped_large, skipped_other;
	unsigned long unreadable;	/* named on stderr; exit status 1 */
	unsigned long passages;		/* passages written in this run */
};

/* How each file is read and split: from the command line. */
struct apply_settings {
	uint64_t max_size;	/* larger files are skipped */
	double file_timeout;	/* seconds to read one file; 0: no limit */
	int verify;		/* hash every stored file */
	size_t min_passage;	/* shorter paragraphs are joined: passage.h */
};

struct apply {
	xap_writer *w;
	struct plan *plan;
	struct apply_settings set;
	volatile sig_atomic_t *stop;	/* set: stop reading (readfile.h) */
	struct apply_stats st;
};

/*
 * Loads every file state stored in the index into a->plan.  Returns
 * XAP_OK or the binding's status (err filled).
 */
xap_status apply_load_state(struct apply *a, xap_error *err);

/*
 * Brings the index up to date for one file found by the walk: 'path' is
 * the name stored and shown, 'file' the name to open (they differ when
 * the indexer runs elsewhere than where the root was first given).  Problems
 * with the file itself are counted and reported on stderr and are not
 * errors; the return value is XAP_OK or a binding failure, which ends the
 * run without committing.
 */
xap_status apply_file(struct apply *a, const char *path, const char *file,
		      const struct stat *st, xap_error *err);

/*
 * Takes note of an item of the walk that is not a regular file, under its
 * stored name 'path': one that cannot be read is reported and counted, and
 * keeps what was indexed from it (plan_keep), as it may be back next run;
 * dangling links and special files are counted as skipped; loops are
 * ignored.
 */
void apply_other(struct apply *a, const struct walk_item *item,
		 const char *path);

/* Removes a deleted file's passages and state. */
xap_status apply_delete(struct apply *a, const char *path, xap_error *err);

#endif /* APPLY_H */
