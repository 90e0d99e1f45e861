/*
 * indexdir.h - the index directory: its lock and its versioned databases.
 *
 * Layout (docs/indexer.1, FILES):
 *
 *	INDEX/XAPIANDB		Xapian stub file, "glass db-NNNN": the live database
 *	INDEX/db-NNNN/		glass databases; only the one named above is live
 *	INDEX/indexer.lock	held (fcntl) by the running indexer; pid and start
 *
 * Xapian opens a directory holding XAPIANDB as a stub database, so readers
 * (searcher, xapian-delve) open INDEX unchanged.  A rebuild fills a new
 * db-NNNN beside the live one and then replaces the stub atomically
 * (indexdir_publish), so readers see the old database or the new one.
 *
 * An older layout, a glass database directly in INDEX (INDEX/iamglass),
 * still opens; indexdir_publish() migrates it.
 *
 * Functions returning int give 0 or an errno value; messages are the
 * caller's.
 */
#ifndef INDEXDIR_H
#define INDEXDIR_H

#include <stddef.h>

#define INDEXDIR_STUB "XAPIANDB"
#define INDEXDIR_LOCK "indexer.lock"

struct indexdir {
	char *path;		/* INDEX, as given */
	int lock_fd;		/* -1 while not locked */
	/*
	 * The live database: its version (db-NNNN), 0 for the old layout
	 * (a glass database in INDEX itself), -1 for none yet.
	 */
	int version;
};

/*
 * Opens INDEX, creating the directory when 'create' is set.  ENOTDIR when
 * the path exists and is not a directory.  On success the caller frees
 * d with indexdir_close().
 */
int indexdir_open(struct indexdir *d, const char *path, int create);

/* Releases the lock, if held, and frees d's strings. */
void indexdir_close(struct indexdir *d);

/*
 * Takes the indexer lock, waiting up to 'timeout' seconds (0: do not
 * wait), polling.  While it waits, on_wait (if not NULL) is called once
 * with the holder's description.  EWOULDBLOCK when another process still
 * holds it; 'holder' (size n) then describes that process ("pid 123,
 * since 2024-01-02 03:04:05") or is empty when unknown.
 */
int indexdir_lock(struct indexdir *d, double timeout, char *holder, size_t n,
		  void (*on_wait)(const char *holder, void *ctx), void *ctx);

/*
 * Reads the stub into d->version.  EINVAL when the stub is not one this
 * program wrote.
 */
int indexdir_read(struct indexdir *d);

/*
 * The path of database 'version' (0: INDEX itself), malloc'd; NULL when
 * out of memory.
 */
char *indexdir_db_path(const struct indexdir *d, int version);

/* The version a new database gets: one more than any present. */
int indexdir_next_version(const struct indexdir *d);

/*
 * Makes 'version' the live database: writes the stub to a temporary file,
 * syncs it, renames it over XAPIANDB and syncs the directory.  With the
 * old layout it then removes INDEX/iamglass, which is what makes Xapian
 * read the stub.  Updates d->version.
 */
int indexdir_publish(struct indexdir *d, int version);

/*
 * Removes every database but the live one: those a rebuild replaced and
 * those an interrupted rebuild left, and the old layout's files once
 * migrated.  Only while holding the lock.  Returns the first error.
 */
int indexdir_remove_stale(struct indexdir *d);

/* Removes database 'version' (not the live one). */
int indexdir_remove(struct indexdir *d, int version);

#endif /* INDEXDIR_H */
