/*
 * hold_lock - test helper: locks an index as a running indexer does (the
 * indexer's lock file, then Xapian's write lock on the live database when
 * there is one), prints "locked", and keeps the locks until its standard
 * input reaches end of file.  Lets tests/e2e check what a second writer
 * sees without sleeping.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "indexdir.h"
#include "xap.h"

int main(int argc, char **argv)
{
	struct indexdir dir;
	xap_writer *w = NULL;
	xap_error err;
	char holder[128], *db;
	int e;

	if (argc != 2) {
		fputs("usage: hold_lock INDEX\n", stderr);
		return 2;
	}
	e = indexdir_open(&dir, argv[1], INDEXDIR_CREATE);
	if (!e)
		e = indexdir_lock(&dir, 0, holder, sizeof(holder), NULL, NULL);
	if (!e)
		e = indexdir_read(&dir);
	if (e) {
		fprintf(stderr, "hold_lock: %s: %s\n", argv[1], strerror(e));
		return 2;
	}
	if (dir.version >= 0) {
		db = indexdir_db_path(&dir, dir.version);
		if (!db || xap_writer_open(db, 0, &w, &err) != XAP_OK) {
			fprintf(stderr, "hold_lock: %s\n", db ? err.msg : "out of memory");
			return 2;
		}
		free(db);
	}
	puts("locked");
	fflush(stdout);
	while (getchar() != EOF)
		;
	xap_writer_close(w);
	indexdir_close(&dir);
	return 0;
}
