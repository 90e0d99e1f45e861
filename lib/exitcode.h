/*
 * exitcode.h - exit statuses of both binaries, as their man pages list
 * them (EXIT STATUS).  The searcher follows grep.
 */
#ifndef EXITCODE_H
#define EXITCODE_H

enum indexer_exit {
	INDEXER_OK = 0,		/* every input indexed, the index committed */
	INDEXER_PARTIAL = 1,	/* committed, but some inputs could not be read */
	INDEXER_FATAL = 2,	/* usage or fatal error: nothing half-written */
	INDEXER_LOCKED = 3,	/* another indexer holds the index */
};

enum searcher_exit {
	SEARCHER_FOUND = 0,	/* at least one result */
	SEARCHER_NONE = 1,	/* no result */
	SEARCHER_ERROR = 2,	/* missing index, bad query, usage, ... */
};

#endif /* EXITCODE_H */
