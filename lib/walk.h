/*
 * walk.h - finding the files under the paths given to the indexer.
 *
 * A root may be a file or a directory.  Directories are walked
 * recursively, entries in byte order of their names (so runs are
 * reproducible).  Skipped: names starting with '.' below a root (hidden
 * files and folders; a root itself is never skipped for its name), the
 * directory given as 'skip' (the index itself, compared by device and
 * inode, so any spelling of its path works), and anything that is not a
 * regular file or directory.  Symbolic links are followed; a directory
 * already walked in this walk (a symlink loop, or two links to one folder)
 * is not walked again, so every file is reported under one path only and
 * loops cannot recurse.
 *
 * Paths are reported as root + "/" + the names below it, without doubling
 * a slash the root ends with ("corpus/" and "corpus" both give
 * "corpus/castro-cuba.txt").  Names are bytes: spaces, newlines and
 * non-UTF-8 bytes are passed through unchanged.
 */
#ifndef WALK_H
#define WALK_H

#include <sys/stat.h>

enum walk_kind {
	WALK_FILE = 0,		/* a regular file: st is its stat (links followed) */
	WALK_ERROR,		/* cannot stat or open it: err is the errno */
	WALK_DANGLING,		/* a symbolic link to nothing */
	WALK_LOOP,		/* a directory already walked (symlink loop) */
	WALK_SPECIAL,		/* a FIFO, socket or device: not read */
};

struct walk_item {
	enum walk_kind kind;
	const char *path;	/* valid only during the callback */
	const struct stat *st;	/* WALK_FILE and WALK_SPECIAL only, else NULL */
	int err;		/* WALK_ERROR only */
};

/* Return 0 to go on; anything else stops the walk, and walk() returns it. */
typedef int (*walk_fn)(const struct walk_item *item, void *ctx);

/*
 * Walks 'root', calling fn for each file and each problem met.  'skip' is
 * a directory never to enter (may be NULL).  A root that does not exist
 * or cannot be read is reported through fn as WALK_ERROR.  Returns 0, the
 * first non-zero value of fn, or -1 with errno set when memory runs out.
 * Memory use grows with the depth of the tree, the size of the largest
 * directory and the number of directories (to recognise loops), not with
 * the number of files.
 */
int walk(const char *root, const char *skip, walk_fn fn, void *ctx);

#endif /* WALK_H */
