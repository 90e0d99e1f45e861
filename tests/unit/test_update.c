/*
 * test_update.c - unit tests for indexer/update.c: incremental runs on a
 * real index in a temporary directory, through the session (session.h),
 * as indexer/main.c runs them.
 */
#define _XOPEN_SOURCE 700	/* nftw() */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sys/time.h>

#include "indexer_fixture.h"

/* Two files in c/: three passages, each paragraph one of its own. */
static void corpus(void)
{
	assert_int_equal(mkdir("c", 0755), 0);
	fx_put("c/a.txt", "alpha one\n\nalpha two\n");
	fx_put("c/b.txt", "beta\n");
}

/* Sets the modification time of 'path' 'ago' seconds back. */
static void age(const char *path, long ago)
{
	struct timeval tv[2];

	gettimeofday(&tv[0], NULL);
	tv[0].tv_sec -= ago;
	tv[1] = tv[0];
	assert_int_equal(utimes(path, tv), 0);
}

static void test_first_run_then_nothing_to_do(void **state)
{
	struct fx_run r;

	(void)state;
	corpus();
	r = fx_index("-d", "idx", "--min-passage", "0", "c");
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.st.added, 2);
	assert_int_equal(r.st.passages, 3);
	assert_int_equal(r.total, 3);
	/* With no PATH, the recorded roots; nothing read again. */
	r = fx_index("-d", "idx", "--min-passage", "0");
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.st.unchanged, 2);
	assert_int_equal(r.st.added + r.st.updated + r.st.deleted, 0);
	assert_int_equal(r.st.passages, 0);
	assert_int_equal(r.total, 3);
	assert_int_equal(fx_databases("idx"), 1);
}

static void test_changes(void **state)
{
	struct fx_run r;

	(void)state;
	corpus();
	age("c/a.txt", 100);
	age("c/b.txt", 100);
	r = fx_index("-d", "idx", "--min-passage", "0", "c");
	assert_int_equal(r.rc, 0);
	/* Touched only; changed; new. */
	age("c/a.txt", 50);
	fx_put("c/b.txt", "beta\n\ngamma\n");
	fx_put("c/d.txt", "delta\n");
	r = fx_index("-d", "idx", "--min-passage", "0");
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.st.unchanged, 1);
	assert_int_equal(r.st.updated, 1);
	assert_int_equal(r.st.added, 1);
	assert_int_equal(r.st.passages, 3);
	assert_int_equal(r.total, 5);
	/* Gone. */
	assert_int_equal(unlink("c/a.txt"), 0);
	r = fx_index("-d", "idx", "--min-passage", "0");
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.st.deleted, 1);
	assert_int_equal(r.total, 3);
}

static void test_batches(void **state)
{
	struct fx_run r;

	(void)state;
	corpus();
	fx_put("c/c.txt", "gamma\n");
	/* A commit after every file: the same index in the end. */
	r = fx_index("-d", "idx", "--min-passage", "0", "--batch-size", "1",
		     "c");
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.st.added, 3);
	assert_int_equal(r.total, 4);
	assert_int_equal(fx_passages("idx"), 4);
}

static void test_missing_path_is_unreadable(void **state)
{
	struct fx_run r;

	(void)state;
	corpus();
	r = fx_index("-d", "idx", "c", "missing");
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.st.added, 2);
	assert_int_equal(r.st.unreadable, 1);
}

static void test_stopped_run_keeps_what_it_did(void **state)
{
	volatile sig_atomic_t stop = SIGTERM;
	struct fx_run r;

	(void)state;
	corpus();
	r = fx_index("-d", "idx", "--min-passage", "0", "c");
	assert_int_equal(r.total, 3);
	/* Stopped before the first file: nothing applied, nothing deleted. */
	assert_int_equal(unlink("c/b.txt"), 0);
	fx_put("c/new.txt", "new\n");
	r = fx_index_stop(&stop, "-d", "idx", (char *)NULL);
	assert_int_equal(r.rc, -1);
	assert_int_equal(r.st.added + r.st.deleted + r.st.unchanged, 0);
	assert_int_equal(fx_passages("idx"), 3);
	/* The next run finishes the work. */
	r = fx_index("-d", "idx", "--min-passage", "0");
	assert_int_equal(r.st.added, 1);
	assert_int_equal(r.st.deleted, 1);
	assert_int_equal(r.total, 3);
}

static void test_gone_root_is_forgotten(void **state)
{
	struct fx_run r;
	struct indexer_options o;
	struct session s;
	char *argv[] = { "indexer", "-d", "idx", NULL };

	(void)state;
	corpus();
	assert_int_equal(mkdir("d", 0755), 0);
	fx_put("d/x.txt", "x\n");
	r = fx_index("-d", "idx", "c", "d");
	assert_int_equal(r.st.added, 3);
	assert_int_equal(rename("d/x.txt", "x.txt"), 0);
	assert_int_equal(rmdir("d"), 0);
	r = fx_index("-d", "idx");
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.st.deleted, 1);
	assert_int_equal(r.st.unchanged, 2);
	/* Recorded no more: back again, it is not walked. */
	optind = 0;
	options_parse(3, argv, &o);
	session_open(&s, &o);
	assert_int_equal(s.roots.n, 1);
	assert_string_equal(s.roots.v[0].display, "c");
	session_close(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_first_run_then_nothing_to_do,
						fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_changes, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_batches, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_missing_path_is_unreadable,
						fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_stopped_run_keeps_what_it_did,
						fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_gone_root_is_forgotten,
						fx_setup, fx_teardown),
	};

	return cmocka_run_group_tests_name("update", tests, NULL, NULL);
}
