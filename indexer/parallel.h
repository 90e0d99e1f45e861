/*
 * parallel.h - a full build with several writers at once.
 *
 * Xapian's writer is single-threaded and took four fifths of the time of
 * a build, so indexer --full runs one writer per core, each filling its
 * own new database (a shard) from a shared list of files, and then merges
 * the shards into the new index with Xapian's compactor, which also
 * leaves it compact.  Used by rebuild.c.
 */
#ifndef PARALLEL_H
#define PARALLEL_H

#include <signal.h>
#include <stddef.h>
#include <sys/stat.h>

#include "apply.h"
#include "progress.h"
#include "xap.h"

/* A file found by the walk, to be indexed by one of the writers. */
struct found_file {
	char *path;		/* as stored and shown */
	char *file;		/* as opened */
	struct stat st;
};

struct found_files {
	struct found_file *v;
	size_t n, cap;
};

/* Appends a copy of path and file; -1 when memory runs out. */
int found_files_add(struct found_files *f, const char *path,
		    const char *file, const struct stat *st);
void found_files_free(struct found_files *f);

struct parallel_build {
	/* in */
	const struct found_files *files;
	const char *const *shards;	/* paths of the new shard databases */
	size_t nshards;			/* one writer thread each */
	const char *spelling;		/* one more: all writers' spelling */
	const struct apply_settings *settings;
	const char *lang;
	unsigned long batch;		/* passages per commit, as --batch-size */
	struct progress *progress;
	volatile sig_atomic_t *stop;	/* set: stop between two files */
	/* out */
	struct apply_stats st;		/* summed over the writers */
	xap_error err;			/* the first failure */
};

/*
 * Indexes every file of b->files into the shards, which it creates
 * (overwriting), each committed when its writer is done.  Returns XAP_OK,
 * or the first failure (b->err), after which the shards are incomplete.
 * With *b->stop set the writers stop early and it returns XAP_OK: the
 * caller checks *b->stop.
 */
xap_status parallel_fill(struct parallel_build *b);

#endif /* PARALLEL_H */
