/*
 * test_readfile.c - reading a whole file within a size limit.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <sys/stat.h>
#include <time.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "readfile.h"

static char dir[64];

static int setup(void **state)
{
	(void)state;
	strcpy(dir, "/tmp/readfile.XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

/* The bytes come back NUL-terminated, with the file's stat. */
static void test_reads_all(void **state)
{
	char path[128], *buf = NULL;
	size_t len = 0;
	struct stat st;

	(void)state;
	snprintf(path, sizeof(path), "%s/a.txt", dir);
	write_file(path, "hello\nworld\n");
	assert_int_equal(readfile_all(path, 100, &buf, &len, &st), 0);
	assert_int_equal(len, 12);
	assert_string_equal(buf, "hello\nworld\n");
	assert_int_equal(st.st_size, 12);
	free(buf);
}

/* A file over the limit is EFBIG; exactly at it is read. */
static void test_limit(void **state)
{
	char path[128], *buf = NULL;
	size_t len = 0;
	struct stat st;

	(void)state;
	snprintf(path, sizeof(path), "%s/b.txt", dir);
	write_file(path, "0123456789");
	assert_int_equal(readfile_all(path, 9, &buf, &len, &st), EFBIG);
	assert_int_equal(readfile_all(path, 10, &buf, &len, &st), 0);
	assert_int_equal(len, 10);
	free(buf);
}

/* Missing files and directories are errors, not buffers. */
static void test_errors(void **state)
{
	char path[128], *buf = NULL;
	size_t len = 0;
	struct stat st;

	(void)state;
	snprintf(path, sizeof(path), "%s/none", dir);
	assert_int_equal(readfile_all(path, 100, &buf, &len, &st), ENOENT);
	assert_int_equal(readfile_all(dir, 100, &buf, &len, &st), EINVAL);
	assert_null(buf);
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/*
 * What is not a regular file is never read, so never waited on: a FIFO
 * without a writer, a device, a symbolic link to one.  EINVAL at once.
 */
static void test_not_regular(void **state)
{
	char fifo[128], link[128], *buf = NULL;
	size_t len = 0;
	struct stat st;
	struct readfile_opts o = { 100, 5, NULL };

	(void)state;
	snprintf(fifo, sizeof(fifo), "%s/fifo", dir);
	assert_int_equal(mkfifo(fifo, 0600), 0);
	assert_int_equal(readfile(fifo, &o, &buf, &len, &st), EINVAL);
	assert_true(S_ISFIFO(st.st_mode));
	assert_int_equal(readfile_all("/dev/zero", 100, &buf, &len, &st), EINVAL);
	snprintf(link, sizeof(link), "%s/zero.txt", dir);
	assert_int_equal(symlink("/dev/zero", link), 0);
	assert_int_equal(readfile_all(link, 100, &buf, &len, &st), EINVAL);
	assert_null(buf);
}

/* A read that never ends gives up after the time limit. */
static void test_timeout(void **state)
{
	int p[2];
	char *buf = NULL;
	size_t len = 0;
	struct readfile_opts o = { 1000, 0.3, NULL };
	double t0;

	(void)state;
	assert_int_equal(pipe(p), 0);	/* the writer stays open: no EOF */
	assert_int_equal(write(p[1], "some", 4), 4);
	t0 = now_s();
	assert_int_equal(readfile_fd(p[0], &o, 0, &buf, &len), ETIMEDOUT);
	assert_true(now_s() - t0 >= 0.3);
	assert_true(now_s() - t0 < 5);
	assert_null(buf);
	close(p[0]);
	close(p[1]);
}

static volatile sig_atomic_t stop;

static void *set_stop(void *arg)
{
	(void)arg;
	stop = SIGTERM;
	return NULL;
}

/*
 * Asked to stop (the flag a SIGTERM handler sets), a read returns EINTR
 * rather than wait: set before it starts, or while it waits, from another
 * thread (which is where a signal may land).
 */
static void test_stop(void **state)
{
	int p[2];
	char *buf = NULL;
	size_t len = 0;
	struct readfile_opts o = { 1000, 0, &stop };
	pthread_t t;
	double t0;

	(void)state;
	assert_int_equal(pipe(p), 0);
	stop = SIGTERM;
	assert_int_equal(readfile_fd(p[0], &o, 0, &buf, &len), EINTR);
	stop = 0;
	t0 = now_s();
	assert_int_equal(pthread_create(&t, NULL, set_stop, NULL), 0);
	assert_int_equal(readfile_fd(p[0], &o, 0, &buf, &len), EINTR);
	assert_int_equal(pthread_join(t, NULL), 0);
	assert_true(now_s() - t0 < 5);
	assert_null(buf);
	/* Without the flag, data and end of file make a normal read. */
	stop = 0;
	assert_int_equal(write(p[1], "done", 4), 4);
	close(p[1]);
	assert_int_equal(readfile_fd(p[0], &o, 0, &buf, &len), 0);
	assert_string_equal(buf, "done");
	free(buf);
	close(p[0]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_reads_all, setup, teardown),
		cmocka_unit_test_setup_teardown(test_limit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_not_regular, setup, teardown),
		cmocka_unit_test_setup_teardown(test_timeout, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stop, setup, teardown),
	};

	return cmocka_run_group_tests_name("readfile", tests, NULL, NULL);
}
