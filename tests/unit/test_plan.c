/*
 * test_plan.c - change detection against a table of stored states.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "plan.h"

static struct fingerprint fp(uint64_t size, int64_t mtime, const char *hash)
{
	struct fingerprint f;

	memset(&f, 0, sizeof(f));
	f.size = size;
	f.mtime_ns = mtime;
	strcpy(f.hash, hash);
	f.passages = 3;
	return f;
}

static int setup(void **state)
{
	struct plan *p = plan_new();
	struct fingerprint a = fp(10, 1000, "aa"), b = fp(20, 2000, "bb");
	struct fingerprint c = fp(30, 3000, "cc"), d = fp(40, 4000, "dd");

	if (!p)
		return -1;
	/* Loaded out of order on purpose: the plan sorts. */
	if (plan_load(p, "r/sub/c.txt", &c) || plan_load(p, "r/a.txt", &a) ||
	    plan_load(p, "r/b.txt", &b) || plan_load(p, "other/d.txt", &d))
		return -1;
	*state = p;
	return 0;
}

static int teardown(void **state)
{
	plan_free(*state);
	return 0;
}

/* A file not stored is added. */
static void test_new_file_is_added(void **state)
{
	struct fingerprint now = fp(1, 1, "");

	assert_int_equal(plan_check(*state, "r/new.txt", &now, 0, NULL), PLAN_ADD);
	assert_int_equal(plan_count(*state), 4);
}

/* Same size and mtime: unchanged, and the stored state is handed back. */
static void test_same_stat_is_unchanged(void **state)
{
	struct fingerprint now = fp(10, 1000, ""), stored;

	assert_int_equal(plan_check(*state, "r/a.txt", &now, 0, &stored),
			 PLAN_UNCHANGED);
	assert_string_equal(stored.hash, "aa");
	assert_int_equal(stored.passages, 3);
}

/* A different size, or an mtime one nanosecond off either way: check. */
static void test_stat_change_is_checked(void **state)
{
	struct fingerprint bigger = fp(11, 1000, ""), later = fp(20, 2001, "");
	struct fingerprint older = fp(30, 2999, "");

	assert_int_equal(plan_check(*state, "r/a.txt", &bigger, 0, NULL), PLAN_CHECK);
	assert_int_equal(plan_check(*state, "r/b.txt", &later, 0, NULL), PLAN_CHECK);
	assert_int_equal(plan_check(*state, "r/sub/c.txt", &older, 0, NULL),
			 PLAN_CHECK);
}

/* --verify checks even a file whose stat matches. */
static void test_verify_checks_everything(void **state)
{
	struct fingerprint now = fp(10, 1000, "");

	assert_int_equal(plan_check(*state, "r/a.txt", &now, 1, NULL), PLAN_CHECK);
}

static int collect(const char *path, void *ctx)
{
	char *buf = ctx;

	strcat(buf, path);
	strcat(buf, ";");
	return 0;
}

/* Unseen files under the walked roots are deleted; other roots are kept. */
static void test_deleted_only_under_walked_roots(void **state)
{
	struct fingerprint now = fp(10, 1000, "");
	const char *roots[] = { "r/" };
	char buf[256] = "";

	plan_check(*state, "r/a.txt", &now, 0, NULL);
	assert_int_equal(plan_each_deleted(*state, roots, 1, collect, buf), 0);
	assert_string_equal(buf, "r/b.txt;r/sub/c.txt;");
}

/* A file kept with plan_keep (found but unreadable) is not deleted. */
static void test_keep_prevents_delete(void **state)
{
	const char *roots[] = { "r" };
	char buf[256] = "";

	plan_keep(*state, "r/b.txt");
	plan_each_deleted(*state, roots, 1, collect, buf);
	assert_string_equal(buf, "r/a.txt;r/sub/c.txt;");
}

/* Keeping an unreadable folder keeps every file under it. */
static void test_keep_folder(void **state)
{
	const char *roots[] = { "r" };
	char buf[256] = "";

	plan_keep(*state, "r/sub");
	plan_each_deleted(*state, roots, 1, collect, buf);
	assert_string_equal(buf, "r/a.txt;r/b.txt;");
}

/* NULL roots report every unseen file (a rebuild). */
static void test_null_roots_report_all(void **state)
{
	char buf[256] = "";

	plan_each_deleted(*state, NULL, 0, collect, buf);
	assert_string_equal(buf, "other/d.txt;r/a.txt;r/b.txt;r/sub/c.txt;");
}

static int stop_at_second(const char *path, void *ctx)
{
	int *n = ctx;

	(void)path;
	return ++*n == 2 ? 42 : 0;
}

/* The callback's non-zero value stops the iteration and is returned. */
static void test_deleted_stops(void **state)
{
	int n = 0;

	assert_int_equal(plan_each_deleted(*state, NULL, 0, stop_at_second, &n), 42);
	assert_int_equal(n, 2);
}

/* "under" respects path components, not string prefixes. */
static void test_under(void **state)
{
	(void)state;
	assert_true(plan_under("r/a.txt", "r"));
	assert_true(plan_under("r/a.txt", "r//"));
	assert_true(plan_under("r", "r"));
	assert_false(plan_under("rr/a.txt", "r"));
	assert_true(plan_under("/x/y", "/"));
	assert_true(plan_under("./a", "."));
	assert_false(plan_under("a", "."));
}

/* An empty plan: every file is new, nothing is deleted. */
static void test_empty_plan(void **state)
{
	struct plan *p = plan_new();
	struct fingerprint now = fp(1, 1, "");
	char buf[16] = "";

	(void)state;
	assert_non_null(p);
	assert_int_equal(plan_check(p, "a", &now, 0, NULL), PLAN_ADD);
	assert_int_equal(plan_each_deleted(p, NULL, 0, collect, buf), 0);
	assert_string_equal(buf, "");
	plan_free(p);
	plan_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_new_file_is_added, setup, teardown),
		cmocka_unit_test_setup_teardown(test_same_stat_is_unchanged, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stat_change_is_checked, setup, teardown),
		cmocka_unit_test_setup_teardown(test_verify_checks_everything, setup, teardown),
		cmocka_unit_test_setup_teardown(test_deleted_only_under_walked_roots, setup, teardown),
		cmocka_unit_test_setup_teardown(test_keep_prevents_delete, setup, teardown),
		cmocka_unit_test_setup_teardown(test_keep_folder, setup, teardown),
		cmocka_unit_test_setup_teardown(test_null_roots_report_all, setup, teardown),
		cmocka_unit_test_setup_teardown(test_deleted_stops, setup, teardown),
		cmocka_unit_test(test_under),
		cmocka_unit_test(test_empty_plan),
	};

	return cmocka_run_group_tests_name("plan", tests, NULL, NULL);
}
