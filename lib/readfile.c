/*
 * readfile.c - reading a whole file into memory (see readfile.h).
 */
#include "readfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

int readfile_all(const char *path, uint64_t max, char **buf, size_t *len,
		 struct stat *st)
{
	int fd = open(path, O_RDONLY | O_NOCTTY | O_CLOEXEC);
	size_t cap, n = 0;
	char *b;

	if (fd < 0)
		return errno;
	if (fstat(fd, st) != 0) {
		int e = errno;

		close(fd);
		return e;
	}
	if (!S_ISREG(st->st_mode)) {
		close(fd);
		return EINVAL;
	}
	if ((uint64_t)st->st_size > max) {
		close(fd);
		return EFBIG;
	}
	cap = (size_t)st->st_size + 1;
	b = malloc(cap);
	if (!b) {
		close(fd);
		return ENOMEM;
	}
	for (;;) {
		ssize_t r;

		if (n == cap - 1) {
			/* The file grew since fstat; keep within the limit. */
			char *nb;

			if (cap - 1 >= max) {
				/* At the limit: only more bytes are too many. */
				char extra;
				ssize_t r1;

				do
					r1 = read(fd, &extra, 1);
				while (r1 < 0 && errno == EINTR);
				int e = r1 < 0 ? errno : EFBIG;

				if (r1 == 0)
					break;
				free(b);
				close(fd);
				return e;
			}
			cap = cap * 2 > max + 1 ? max + 1 : cap * 2;
			nb = realloc(b, cap);
			if (!nb) {
				free(b);
				close(fd);
				return ENOMEM;
			}
			b = nb;
		}
		r = read(fd, b + n, cap - 1 - n);
		if (r < 0) {
			int e = errno;

			if (e == EINTR)
				continue;
			free(b);
			close(fd);
			return e;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	close(fd);
	b[n] = '\0';
	*buf = b;
	*len = n;
	return 0;
}

