/*
 * test_readfile.c - reading a whole file within a size limit.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <errno.h>
#include <stdio.h>
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_reads_all, setup, teardown),
		cmocka_unit_test_setup_teardown(test_limit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_errors, setup, teardown),
	};

	return cmocka_run_group_tests_name("readfile", tests, NULL, NULL);
}
