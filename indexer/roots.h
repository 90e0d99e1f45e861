/*
 * roots.h - the roots of an index: the paths it was built from, each as
 * the user first gave it (the prefix of every path stored under it) and
 * where it really is (what is walked), whatever the current directory.
 *
 * The index records them (docmodel.h, META_ROOTS) with every commit, so
 * that a run with no PATH walks them all again.  Running out of memory
 * here exits with INDEXER_FATAL.
 */
#ifndef ROOTS_H
#define ROOTS_H

#include <signal.h>
#include <stddef.h>

#include "walk.h"

struct root {
	char *display;		/* prefix of every stored path under it */
	char *abs;		/* absolute path, walked */
};

struct roots {
	struct root *v;
	size_t n;
};

/*
 * The canonical absolute path when the path exists (so that "d" and
 * "sub/../d" compare equal), else the path joined to the current
 * directory.  The caller frees it.
 */
char *roots_absolute(const char *path);

/*
 * Adds a copy of a root unless one of the same display or absolute path
 * is there already ("corpus" given again from another directory is the
 * same root); returns the one kept.
 */
const struct root *roots_add(struct roots *r, const char *display,
			     const char *abs);

/* Adds every root of 'from' to r, in order, as roots_add(). */
void roots_add_all(struct roots *r, const struct roots *from);

/* Removes the root of absolute path 'abs', if any. */
void roots_remove(struct roots *r, const char *abs);

void roots_free(struct roots *r);

/*
 * The PATHs given on the command line: each one that exists is added to
 * 'recorded' and, as kept there, to 'walked'; each one that does not is
 * reported ("cannot read") and counted.  An empty PATH exits.  Returns
 * how many could not be read.
 */
unsigned long roots_given(struct roots *recorded, struct roots *walked,
			  char *const *paths, size_t n);

/* META_ROOTS's value: adds the roots it holds to r. */
void roots_decode(struct roots *r, const char *value, size_t len);

/* r as META_ROOTS's value, in a new buffer of *len bytes. */
char *roots_encode(const struct roots *r, size_t *len);

/* The display paths of r in a new array (the caller frees the array). */
const char **roots_displays(const struct roots *r);

/*
 * Called for each item the walk of a root finds, with 'path' its stored
 * name: under the root's display path rather than its absolute one.
 * Returns 0 to go on, anything else to stop.
 */
typedef int (*roots_visit_fn)(const struct walk_item *item, const char *path,
			      void *ctx);

/*
 * Walks each root of 'walked' in order, never entering 'skip' (the
 * index), calling fn for what it finds.  A root that no longer exists is
 * not passed to fn: it is reported, and removed from 'recorded' so that
 * its passages go as those of any deleted file.  Stops before the next
 * item once *stop is set.  Returns 0 when every root was walked or *stop
 * was set, else fn's value that stopped it.
 */
int roots_walk(const struct roots *walked, struct roots *recorded,
	       const char *skip, volatile sig_atomic_t *stop,
	       roots_visit_fn fn, void *ctx);

#endif /* ROOTS_H */
