/*
 * readfile.h - reading a whole regular file into memory, within a size
 * limit.  Used by the indexer and the benchmark's FTS5 loader, so both
 * read exactly the same bytes.
 */
#ifndef READFILE_H
#define READFILE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

/*
 * Reads 'path' into a new NUL-terminated buffer (*buf, *len bytes without
 * the NUL; the caller frees it).  *st gets the stat taken on the open
 * descriptor, so a file replaced between a walk and the read is described
 * as it was read.  Returns 0, or an errno: EFBIG when the file is (or
 * grows while read to) more than 'max' bytes, EINVAL when it is not a
 * regular file, ENOMEM, or what open/read said.
 */
int readfile_all(const char *path, uint64_t max, char **buf, size_t *len,
		 struct stat *st);

#endif /* READFILE_H */
