/*
 * hold_lock - test helper: takes an index's write lock, prints "locked",
 * and keeps the lock until its standard input reaches end of file.
 * Lets tests/e2e check what a second writer sees without sleeping.
 */
#include <stdio.h>

#include "xap.h"

int main(int argc, char **argv)
{
	xap_writer *w = NULL;
	xap_error err;

	if (argc != 2) {
		fputs("usage: hold_lock INDEX\n", stderr);
		return 2;
	}
	if (xap_writer_open(argv[1], XAP_WRITER_CREATE, &w, &err) != XAP_OK) {
		fprintf(stderr, "hold_lock: %s\n", err.msg);
		return 2;
	}
	puts("locked");
	fflush(stdout);
	while (getchar() != EOF)
		;
	xap_writer_close(w);
	return 0;
}
