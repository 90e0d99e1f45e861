/*
 * exitcode.c - binding statuses to exit statuses (see exitcode.h).
 */
#include "exitcode.h"

int exit_from_status(enum exit_program prog, xap_status status)
{
	if (prog == EXIT_SEARCHER)
		return SEARCHER_ERROR;
	return status == XAP_LOCKED ? INDEXER_LOCKED : INDEXER_FATAL;
}
