/*
 * indexdir.h - the index directory: whose it is, its lock and its
 * versioned databases.
 *
 * Layout (docs/indexer.1, FILES):
 *
 *	INDEX/indexer.marker	"format passage-search-index 1", then one line
 *				"database db-NNNN" per database this indexer
 *				created there ("database ." for a glass
 *				database in INDEX itself, the first layout)
 *	INDEX/XAPIANDB		Xapian stub file, "glass db-NNNN": the live database
 *	INDEX/db-NNNN/		glass databases; only the one named above is live
 *	INDEX/indexer.lock	held (fcntl) by the running indexer; pid and start
 *
 * The marker says the directory is an index of this indexer's.  An index
 * is created only where there was nothing (a missing or empty directory);
 * everything else is refused, except an index of this indexer's from
 * before the marker existed, which is recognised by its database's
 * metadata and adopted.  Only the databases the marker lists are ever
 * removed, never a name that merely looks like one.
 *
 * Xapian opens a directory holding XAPIANDB as a stub database, so readers
 * (searcher, xapian-delve) open INDEX unchanged.  A rebuild fills a new
 * db-NNNN beside the live one and then replaces the stub atomically
 * (indexdir_publish), so readers see the old database or the new one.
 *
 * Everything created in INDEX is as accessible as INDEX itself: the
 * process umask is set from its mode (indexdir_open).  A new index is
 * 0700 (0600 files), whatever the umask, unless INDEXDIR_SHARED.
 *
 * Functions returning int give 0, an errno value, or one of the
 * INDEXDIR_E* codes below (negative); indexdir_strerror() describes
 * either.  Messages are the caller's.
 */
#ifndef INDEXDIR_H
#define INDEXDIR_H

#include <stddef.h>

#define INDEXDIR_STUB "XAPIANDB"
#define INDEXDIR_LOCK "indexer.lock"
#define INDEXDIR_MARKER "indexer.marker"
/* The marker's first line; the number is the version of this layout. */
#define INDEXDIR_FORMAT "format passage-search-index 1"

/* What indexdir_open() refuses, beside errno values. */
enum {
	INDEXDIR_EFOREIGN = -1,	/* a Xapian database this indexer did not create */
	INDEXDIR_ENOTINDEX = -2, /* a directory that is not empty and no index */
	INDEXDIR_EMARKER = -3,	/* a marker this indexer cannot read */
	INDEXDIR_ENEWER = -4,	/* a marker of a later layout */
	INDEXDIR_EUNKNOWN = -5,	/* a Xapian database that cannot be opened */
	INDEXDIR_EEMPTY = -6,	/* an empty directory, without INDEXDIR_CREATE */
};

enum indexdir_flags {
	/*
	 * Create INDEX (and its missing parents) when it does not exist,
	 * make an empty directory an index, adopt an index of this indexer's
	 * that has no marker yet.  Without it (indexer --check), nothing is
	 * written and an index without a marker is read as it is.
	 */
	INDEXDIR_CREATE = 1 << 0,
	/*
	 * Make INDEX readable by others as the umask allows (--shared-index)
	 * rather than private to its owner.
	 */
	INDEXDIR_SHARED = 1 << 1,
};

enum indexdir_state {
	INDEXDIR_OURS = 0,	/* it has the marker */
	INDEXDIR_NEW,		/* missing or empty: made an index when locked */
	INDEXDIR_UNMARKED,	/* an index of ours without the marker */
};

struct indexdir {
	char *path;		/* INDEX, as given */
	int lock_fd;		/* -1 while not locked */
	int dir_fd;		/* INDEX, flock'ed while locked; -1 when closed */
	unsigned flags;		/* enum indexdir_flags */
	enum indexdir_state state;
	/*
	 * The live database: its version (db-NNNN), 0 for the old layout
	 * (a glass database in INDEX itself), -1 for none yet.
	 */
	int version;
	/* The databases the marker lists, as versions (0: INDEX itself). */
	int *dbs;
	size_t ndbs;
	/* An unmarked index left readable by others was made private. */
	int made_private;
};

/*
 * Opens INDEX and finds whose it is (see the flags).  Returns 0 when it is
 * an index of this indexer's, or may become one; ENOTDIR when the path is
 * not a directory; INDEXDIR_EFOREIGN, INDEXDIR_ENOTINDEX, ... when it must
 * be left alone.  An unmarked database is looked at (its metadata,
 * read-only) before anything is written in INDEX.  With INDEXDIR_CREATE it sets
 * the process umask so that files created in INDEX are as accessible as
 * INDEX.  On success the caller frees d with indexdir_close().
 */
int indexdir_open(struct indexdir *d, const char *path, unsigned flags);

/* Describes an error of this module: an INDEXDIR_E* code or an errno. */
const char *indexdir_strerror(int e);

/* Releases the lock, if held, and frees d's strings. */
void indexdir_close(struct indexdir *d);

/*
 * Takes the indexer lock, waiting up to 'timeout' seconds (0: do not
 * wait), polling.  While it waits, on_wait (if not NULL) is called once
 * with the holder's description.  EWOULDBLOCK when another process still
 * holds it; 'holder' (size n) then describes that process ("pid 123,
 * since 2024-01-02 03:04:05") or is empty when unknown.
 *
 * The lock is the fcntl lock of INDEX/indexer.lock, taken only on the
 * file that is at that path once locked (a lock file deleted and made
 * again meanwhile is locked again), and a flock of INDEX itself, which
 * holds even when the lock file is deleted by hand during a run.  Once
 * locked, a new directory gets its marker and an unmarked index of ours
 * is adopted (its marker is written).
 */
int indexdir_lock(struct indexdir *d, double timeout, char *holder, size_t n,
		  void (*on_wait)(const char *holder, void *ctx), void *ctx);

/*
 * Reads the stub into d->version.  EINVAL when the stub is not one this
 * program wrote or names a database the marker does not list.
 */
int indexdir_read(struct indexdir *d);

/*
 * The path of database 'version' (0: INDEX itself), malloc'd; NULL when
 * out of memory.
 */
char *indexdir_db_path(const struct indexdir *d, int version);

/*
 * The version a new database gets: one more than any listed or present
 * (a directory of that name that is not ours is never reused).
 */
int indexdir_next_version(const struct indexdir *d);

/*
 * Records a new database in the marker before the caller creates it, so
 * that it is removed (by indexdir_remove_stale()) if it is never
 * published: returns its version (indexdir_next_version()), or minus an
 * errno.  Only while holding the lock.
 */
int indexdir_new_version(struct indexdir *d);

/*
 * Makes 'version' the live database: writes the stub to a temporary file,
 * syncs it, renames it over XAPIANDB and syncs the directory.  With the
 * old layout it then removes INDEX/iamglass, which is what makes Xapian
 * read the stub.  Updates d->version.
 */
int indexdir_publish(struct indexdir *d, int version);

/*
 * Removes every database the marker lists but the live one: those a
 * rebuild replaced and those an interrupted run left, and the old
 * layout's files once migrated.  Nothing the marker does not list.  Only
 * while holding the lock.  Returns the first error.
 */
int indexdir_remove_stale(struct indexdir *d);

/*
 * Removes database 'version' (listed, not the live one) and its line in
 * the marker.  EINVAL for the live one or one the marker does not list.
 */
int indexdir_remove(struct indexdir *d, int version);

/*
 * For a check of database 'version' (Xapian's check opens every table for
 * writing): *copy is NULL when the caller may write its files, otherwise
 * the path of a private copy of them in $TMPDIR (or /tmp), made while no
 * commit happened, to be removed with indexdir_drop_copy().
 */
int indexdir_check_copy(const struct indexdir *d, int version, char **copy);

/* Removes a copy made by indexdir_check_copy() and frees its path. */
void indexdir_drop_copy(char *copy);

#endif /* INDEXDIR_H */
