/*
 * readfile.h - reading a whole regular file into memory, within a size
 * limit and a time limit, without ever blocking on what is not a regular
 * file.  Used by the indexer and the benchmark's FTS5 loader, so both
 * read exactly the same bytes.
 */
#ifndef READFILE_H
#define READFILE_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

struct readfile_opts {
	uint64_t max;		/* more bytes than this: EFBIG */
	/*
	 * Seconds the whole read may take (0: no limit): then ETIMEDOUT.
	 * A read the kernel waits for interruptibly (a FUSE or network file
	 * system that stopped answering, a /proc file that waits for data)
	 * is interrupted; one it waits for uninterruptibly (a hard NFS mount)
	 * is not, nor the open() before it.
	 */
	double timeout;
	/*
	 * When not NULL and set (by a SIGINT or SIGTERM handler): the read
	 * stops with EINTR instead of going on.
	 */
	volatile sig_atomic_t *stop;
};

/*
 * Reads 'path' into a new NUL-terminated buffer (*buf, *len bytes without
 * the NUL; the caller frees it).  The file is opened without blocking
 * (O_NONBLOCK, O_NOCTTY) and checked on the open descriptor: *st gets its
 * stat, so a file replaced between a walk and the read is described as it
 * was read, and anything but a regular file (a FIFO, a device, ...) is
 * EINVAL, never read.  Returns 0, or an errno: EFBIG when the file is (or
 * grows while read to) more than o->max bytes, EINVAL, ETIMEDOUT, EINTR
 * (o->stop), ENOMEM, or what open/read said (EAGAIN from a special file
 * that would block).
 *
 * While a read with a timeout or a stop flag is in progress, a timer
 * sends SIGALRM to the reading thread every READFILE_TICK_MS, so that a
 * blocked read returns to look at the clock and the flag; the first such
 * read installs a SIGALRM handler that does nothing (and does not restart
 * system calls).
 */
int readfile(const char *path, const struct readfile_opts *o, char **buf,
	     size_t *len, struct stat *st);
#define READFILE_TICK_MS 200

/* readfile() with a size limit only. */
int readfile_all(const char *path, uint64_t max, char **buf, size_t *len,
		 struct stat *st);

/*
 * The reading part of readfile(), on an open descriptor of any kind, up
 * to end of file; 'hint' is the expected size.  For the tests of the time
 * limit and the stop flag (on a pipe that never ends).
 */
int readfile_fd(int fd, const struct readfile_opts *o, size_t hint,
		char **buf, size_t *len);

#endif /* READFILE_H */
