/*
 * test_indexdir.c - unit tests for lib/indexdir.c.
 *
 * Each test works in its own directory from mkdtemp (made by the setup,
 * removed by the teardown).  A second lock holder is a child process, since
 * fcntl locks do not conflict within one process.
 */
#define _XOPEN_SOURCE 700	/* nftw() */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "indexdir.h"

struct fx {
	char dir[64];
	char idx[128];		/* dir/idx */
};

static int setup(void **state)
{
	struct fx *fx = calloc(1, sizeof(*fx));

	assert_non_null(fx);
	strcpy(fx->dir, "/tmp/test_indexdir.XXXXXX");
	assert_non_null(mkdtemp(fx->dir));
	snprintf(fx->idx, sizeof(fx->idx), "%s/idx", fx->dir);
	*state = fx;
	return 0;
}

static int rm_one(const char *path, const struct stat *st, int flag,
		  struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static int teardown(void **state)
{
	struct fx *fx = *state;

	nftw(fx->dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	free(fx);
	return 0;
}

static void put(const char *dir, const char *name, const char *text)
{
	char p[256];
	FILE *f;

	snprintf(p, sizeof(p), "%s/%s", dir, name);
	f = fopen(p, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static int exists(const char *dir, const char *name)
{
	char p[256];

	snprintf(p, sizeof(p), "%s/%s", dir, name);
	return access(p, F_OK) == 0;
}

static void make_db(const struct indexdir *d, int v)
{
	char *p = indexdir_db_path(d, v);

	assert_non_null(p);
	assert_int_equal(mkdir(p, 0777), 0);
	put(p, "iamglass", "x");
	free(p);
}

static void test_open_creates(void **state)
{
	struct fx *fx = *state;
	struct indexdir d;
	struct stat st;

	assert_int_equal(indexdir_open(&d, fx->idx, 0), ENOENT);
	assert_int_equal(indexdir_open(&d, fx->idx, 1), 0);
	assert_int_equal(stat(fx->idx, &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	assert_int_equal(indexdir_read(&d), 0);
	assert_int_equal(d.version, -1);
	assert_int_equal(indexdir_next_version(&d), 1);
	indexdir_close(&d);
}

static void test_open_not_dir(void **state)
{
	struct fx *fx = *state;
	struct indexdir d;

	put(fx->dir, "idx", "a file");
	assert_int_equal(indexdir_open(&d, fx->idx, 1), ENOTDIR);
}

static void test_publish_and_read(void **state)
{
	struct fx *fx = *state;
	struct indexdir d;
	char buf[64] = "";
	FILE *f;
	char p[256];

	assert_int_equal(indexdir_open(&d, fx->idx, 1), 0);
	make_db(&d, 1);
	assert_int_equal(indexdir_publish(&d, 1), 0);
	assert_int_equal(d.version, 1);
	snprintf(p, sizeof(p), "%s/XAPIANDB", fx->idx);
	f = fopen(p, "r");
	assert_non_null(f);
	assert_non_null(fgets(buf, sizeof(buf), f));
	fclose(f);
	assert_string_equal(buf, "glass db-0001\n");
	assert_false(exists(fx->idx, "XAPIANDB.tmp"));

	make_db(&d, 2);
	make_db(&d, 7);
	assert_int_equal(indexdir_next_version(&d), 8);
	assert_int_equal(indexdir_publish(&d, 2), 0);
	d.version = -1;
	assert_int_equal(indexdir_read(&d), 0);
	assert_int_equal(d.version, 2);

	/* Every database but the live one goes. */
	assert_int_equal(indexdir_remove_stale(&d), 0);
	assert_false(exists(fx->idx, "db-0001"));
	assert_true(exists(fx->idx, "db-0002"));
	assert_false(exists(fx->idx, "db-0007"));
	assert_int_equal(indexdir_remove(&d, 2), EINVAL);
	indexdir_close(&d);
}

static void test_bad_stub(void **state)
{
	struct fx *fx = *state;
	struct indexdir d;

	assert_int_equal(indexdir_open(&d, fx->idx, 1), 0);
	put(fx->idx, "XAPIANDB", "glass ../../etc\n");
	assert_int_equal(indexdir_read(&d), EINVAL);
	put(fx->idx, "XAPIANDB", "remote tcp host 1\n");
	assert_int_equal(indexdir_read(&d), EINVAL);
	put(fx->idx, "XAPIANDB", "glass db-00x1\n");
	assert_int_equal(indexdir_read(&d), EINVAL);
	indexdir_close(&d);
}

static void test_legacy_migrates(void **state)
{
	struct fx *fx = *state;
	struct indexdir d;

	assert_int_equal(indexdir_open(&d, fx->idx, 1), 0);
	put(fx->idx, "iamglass", "x");
	put(fx->idx, "postlist.glass", "x");
	put(fx->idx, "flintlock", "");
	put(fx->idx, "notes.txt", "not ours");
	assert_int_equal(indexdir_read(&d), 0);
	assert_int_equal(d.version, 0);
	assert_int_equal(indexdir_next_version(&d), 1);
	make_db(&d, 1);
	/* Stale databases are removed, the legacy files kept while live. */
	assert_int_equal(indexdir_remove_stale(&d), 0);
	assert_false(exists(fx->idx, "db-0001"));
	assert_true(exists(fx->idx, "postlist.glass"));

	make_db(&d, 1);
	assert_int_equal(indexdir_publish(&d, 1), 0);
	assert_false(exists(fx->idx, "iamglass"));
	assert_int_equal(indexdir_remove_stale(&d), 0);
	assert_false(exists(fx->idx, "postlist.glass"));
	assert_false(exists(fx->idx, "flintlock"));
	assert_true(exists(fx->idx, "notes.txt"));
	assert_true(exists(fx->idx, "db-0001"));
	indexdir_close(&d);
}

static void test_lock(void **state)
{
	struct fx *fx = *state;
	struct indexdir d;
	char holder[128];
	int pfd[2], status;
	pid_t child;
	char c;

	assert_int_equal(indexdir_open(&d, fx->idx, 1), 0);
	assert_int_equal(indexdir_lock(&d, 0, holder, sizeof(holder), NULL, NULL), 0);
	assert_string_equal(holder, "");
	assert_int_equal(pipe(pfd), 0);
	child = fork();
	assert_true(child >= 0);
	if (child == 0) {
		/* A second indexer: locked out, told who holds it. */
		struct indexdir e;
		char want[64];
		int r;

		close(pfd[0]);
		r = indexdir_open(&e, fx->idx, 0) ||
		    indexdir_lock(&e, 0.1, holder, sizeof(holder), NULL, NULL) != EWOULDBLOCK;
		snprintf(want, sizeof(want), "pid %ld, since ", (long)getppid());
		r |= strncmp(holder, want, strlen(want)) != 0;
		indexdir_close(&e);
		c = r ? 'n' : 'y';
		if (write(pfd[1], &c, 1) != 1)
			_exit(2);
		_exit(0);
	}
	close(pfd[1]);
	assert_int_equal(read(pfd[0], &c, 1), 1);
	close(pfd[0]);
	assert_int_equal(waitpid(child, &status, 0), child);
	assert_int_equal(c, 'y');
	indexdir_close(&d);

	/* Released: it can be taken again. */
	assert_int_equal(indexdir_open(&d, fx->idx, 0), 0);
	assert_int_equal(indexdir_lock(&d, 0, holder, sizeof(holder), NULL, NULL), 0);
	indexdir_close(&d);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_open_creates),
		T(test_open_not_dir),
		T(test_publish_and_read),
		T(test_bad_stub),
		T(test_legacy_migrates),
		T(test_lock),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
