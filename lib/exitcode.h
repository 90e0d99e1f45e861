/*
 * exitcode.h - exit statuses of both binaries, as their man pages list
 * them (EXIT STATUS), and the one place where a binding status becomes
 * one.  The searcher follows grep.
 */
#ifndef EXITCODE_H
#define EXITCODE_H

#include "xap.h"

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

enum exit_program {
	EXIT_INDEXER,
	EXIT_SEARCHER,
};

/*
 * The exit status of 'prog' for a binding call that failed with 'status'
 * (not XAP_OK): an index locked by another writer is INDEXER_LOCKED for
 * the indexer; any other failure is INDEXER_FATAL or SEARCHER_ERROR.
 */
int exit_from_status(enum exit_program prog, xap_status status);

#endif /* EXITCODE_H */
