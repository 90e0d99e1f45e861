/*
 * plan.h - change detection: each file found now against the state the
 * index holds: add it (PLAN_ADD), leave it unread (PLAN_UNCHANGED), or
 * read it and compare its hash (PLAN_CHECK); after the walk, the stored
 * files that were not found are the deleted ones (plan_each_deleted).
 *
 * The indexer loads every stored file state once (plan_load), then walks
 * the roots, asking plan_check() about each file found.  See plan.c for
 * the algorithm.  Pure C, no I/O: the indexer does the reading.
 */
#ifndef PLAN_H
#define PLAN_H

#include <stddef.h>

#include "fingerprint.h"

enum plan_action {
	PLAN_ADD = 0,		/* not in the index: read and index it */
	PLAN_UNCHANGED,		/* size and mtime match: do not read it */
	PLAN_CHECK,		/* in the index, stat differs (or --verify): read,
				 * hash, and re-index only if the hash differs */
};

struct plan;

/* A new, empty plan; NULL when memory runs out.  Free with plan_free(). */
struct plan *plan_new(void);
void plan_free(struct plan *plan);

/*
 * Records the stored state of 'path' (copied).  Returns 0, or -1 when
 * memory runs out.  Call for every stored file before plan_check().
 */
int plan_load(struct plan *plan, const char *path,
	      const struct fingerprint *stored);

/* The number of files loaded. */
size_t plan_count(const struct plan *plan);

/*
 * Decides what to do with 'path', found now with 'now' (from stat), and
 * marks it seen.  With 'verify', stored files are always PLAN_CHECK.  If
 * the file is stored, *stored (when not NULL) gets its stored state.
 */
enum plan_action plan_check(struct plan *plan, const char *path,
			    const struct fingerprint *now, int verify,
			    struct fingerprint *stored);

/*
 * Marks 'path', and every stored file under it, seen without deciding
 * anything, so that a file or folder that exists but could not be read
 * keeps its passages instead of being deleted.
 */
void plan_keep(struct plan *plan, const char *path);

/*
 * Whether 'path' lies under 'root' (a path as given to the indexer, with
 * trailing slashes ignored): equal to it, or inside it.
 */
int plan_under(const char *path, const char *root);

/*
 * Calls fn(path, ctx) for every loaded file not seen since plan_load()
 * that lies under one of roots[0..nroots): those were deleted.  Files
 * under other roots are left alone, since this run did not look at them.
 * With roots NULL, every file not seen is reported (a rebuild).
 * Stops at and returns fn's first non-zero value; else 0.
 */
int plan_each_deleted(struct plan *plan, const char *const *roots,
		      size_t nroots, int (*fn)(const char *path, void *ctx),
		      void *ctx);

#endif /* PLAN_H */
