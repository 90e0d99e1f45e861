/*
 * timeit.c - runs one command and records what it cost (make bench).
 *
 * Usage: timeit FILE CMD [ARG...]
 *
 * Runs CMD (its stdin, stdout and stderr are the caller's) and appends one
 * line to FILE: "WALL USER SYS MAXRSS_KB STATUS", times in seconds.  WALL
 * is measured here around fork and wait, so the shell running the
 * benchmark adds nothing; USER, SYS and MAXRSS come from wait4(), so they
 * cover CMD and the children it waited for.  STATUS is CMD's exit status,
 * or 128 + the signal that killed it.  timeit exits with the same status,
 * or 2 (with a message) if it cannot run CMD or write FILE.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "msg.h"

static double seconds(const struct timeval *tv)
{
	return (double)tv->tv_sec + (double)tv->tv_usec / 1e6;
}

int main(int argc, char **argv)
{
	struct timespec t0, t1;
	struct rusage ru;
	int status, code;
	pid_t pid;
	FILE *out;

	msg_init("timeit");
	if (argc < 3) {
		fprintf(stderr, "usage: timeit FILE CMD [ARG...]\n");
		return 2;
	}
	/* Opened first, so a bad FILE fails before the command runs. */
	out = fopen(argv[1], "a");
	if (!out)
		msg_fatal(2, "cannot open '%s': %s", msg_path(argv[1]),
			  strerror(errno));
	clock_gettime(CLOCK_MONOTONIC, &t0);
	pid = fork();
	if (pid < 0)
		msg_fatal(2, "cannot fork: %s", strerror(errno));
	if (pid == 0) {
		fclose(out);
		execvp(argv[2], argv + 2);
		msg_error("cannot run '%s': %s", msg_path(argv[2]),
			  strerror(errno));
		_exit(127);
	}
	while (wait4(pid, &status, 0, &ru) < 0) {
		if (errno != EINTR)
			msg_fatal(2, "cannot wait for '%s': %s",
				  msg_path(argv[2]), strerror(errno));
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	code = WIFEXITED(status) ? WEXITSTATUS(status)
				 : 128 + WTERMSIG(status);
	fprintf(out, "%.6f %.6f %.6f %ld %d\n",
		(double)(t1.tv_sec - t0.tv_sec) +
			(double)(t1.tv_nsec - t0.tv_nsec) / 1e9,
		seconds(&ru.ru_utime), seconds(&ru.ru_stime), ru.ru_maxrss,
		code);
	if (fclose(out) != 0)
		msg_fatal(2, "cannot write '%s': %s", msg_path(argv[1]),
			  strerror(errno));
	return code;
}
