/*
 * test_rebuild.c - unit tests for indexer/rebuild.c: --full runs on a
 * real index in a temporary directory, through the session (session.h),
 * as indexer/main.c runs them.
 */
#define _XOPEN_SOURCE 700	/* nftw() */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "indexer_fixture.h"

/* n files in c/, one passage each. */
static void corpus(int n)
{
	char path[64], text[64];
	int i;

	assert_int_equal(mkdir("c", 0755), 0);
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "c/f%02d.txt", i);
		snprintf(text, sizeof(text), "file number %d\n", i);
		fx_put(path, text);
	}
}

static void test_first_index(void **state)
{
	struct fx_run r;

	(void)state;
	corpus(7);
	r = fx_index("-d", "idx", "--full", "-j", "2", "c");
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.st.added, 7);
	assert_int_equal(r.st.passages, 7);
	assert_int_equal(r.total, 7);
	/* The shards are gone; the empty first database replaced. */
	assert_int_equal(fx_databases("idx"), 1);
	assert_int_equal(fx_passages("idx"), 7);
	/* An update finds it all done. */
	r = fx_index("-d", "idx");
	assert_int_equal(r.st.unchanged, 7);
	assert_int_equal(r.st.passages, 0);
}

static void test_replaces_an_index(void **state)
{
	struct fx_run r;

	(void)state;
	corpus(5);
	r = fx_index("-d", "idx", "c");
	assert_int_equal(r.total, 5);
	assert_int_equal(unlink("c/f01.txt"), 0);
	assert_int_equal(unlink("c/f02.txt"), 0);
	/* Every recorded root, every file as new, in a new database. */
	r = fx_index("-d", "idx", "--full", "-j", "3");
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.st.added, 3);
	assert_int_equal(r.st.deleted, 0);
	assert_int_equal(r.total, 3);
	assert_int_equal(fx_databases("idx"), 1);
	assert_int_equal(fx_passages("idx"), 3);
}

static void test_stopped_rebuild_changes_nothing(void **state)
{
	volatile sig_atomic_t stop = SIGINT;
	struct fx_run r;

	(void)state;
	corpus(4);
	r = fx_index("-d", "idx", "c");
	assert_int_equal(r.total, 4);
	fx_put("c/more.txt", "more\n");
	r = fx_index_stop(&stop, "-d", "idx", "--full", (char *)NULL);
	assert_int_equal(r.rc, -1);
	/* The database it was building is removed with the session. */
	assert_int_equal(fx_databases("idx"), 1);
	assert_int_equal(fx_passages("idx"), 4);
}

static void test_new_language(void **state)
{
	struct fx_run r;

	(void)state;
	corpus(2);
	r = fx_index("-d", "idx", "c");
	assert_int_equal(r.rc, 0);
	/* An update may not change the language; a rebuild does. */
	r = fx_index("-d", "idx", "--lang", "french");
	assert_int_equal(r.rc, 2);
	r = fx_index("-d", "idx", "--full", "--lang", "french");
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.total, 2);
	r = fx_index("-d", "idx", "--lang", "french");
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.st.unchanged, 2);
}

static void test_counts_what_the_walk_could_not_read(void **state)
{
	struct fx_run r;

	(void)state;
	corpus(2);
	assert_int_equal(symlink("nowhere", "c/dangling"), 0);
	r = fx_index("-d", "idx", "--full", "c", "missing");
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.st.added, 2);
	assert_int_equal(r.st.unreadable, 1);
	assert_int_equal(r.st.skipped_other, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_first_index, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_replaces_an_index,
						fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_stopped_rebuild_changes_nothing,
						fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_new_language, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_counts_what_the_walk_could_not_read,
						fx_setup, fx_teardown),
	};

	return cmocka_run_group_tests_name("rebuild", tests, NULL, NULL);
}
