/*
 * test_session.c - unit tests for indexer/session.c: a session on a real
 * index in a temporary directory: opening, the language and layout
 * checks, the first publication, commits with the run's records, the
 * last commit, closing, and --check.
 */
#define _XOPEN_SOURCE 700	/* nftw() */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "docmodel.h"
#include "exitcode.h"
#include "indexer_fixture.h"

/* Opens a session as "indexer -q ARGS..." would. */
static void open_as(struct session *s, struct indexer_options *o,
		    char **argv, ...)
{
	va_list ap;

	va_start(ap, argv);
	fx_options(o, argv, 16, ap);
	va_end(ap);
	session_open(s, o);
}

/* The value of metadata 'key' of the session's database. */
static char *meta(struct session *s, const char *key)
{
	char *v = NULL;

	assert_int_equal(xap_writer_get_metadata(s->w, key, &v, NULL, &s->err),
			 XAP_OK);
	return v;
}

static void test_new_index_is_published_empty(void **state)
{
	struct indexer_options o;
	struct session s;
	char *argv[16];
	unsigned long total = 99;

	(void)state;
	open_as(&s, &o, argv, "-d", "idx", (char *)NULL);
	/* Created and locked, with no database yet. */
	assert_int_equal(access("idx/" INDEXDIR_LOCK, F_OK), 0);
	assert_true(s.dir.version < 0);
	assert_null(s.w);
	assert_string_equal(s.stored_lang, "");
	assert_int_equal(session_settle(&s, NULL), 0);
	assert_string_equal(s.lang, "english");
	assert_int_equal(session_begin(&s), 0);
	/* Live at once, and written in place by the update. */
	assert_int_equal(access("idx/" INDEXDIR_STUB, F_OK), 0);
	assert_true(s.dir.version > 0);
	assert_int_equal(s.building, 0);
	assert_non_null(s.w);
	assert_int_equal(xap_writer_begin(s.w, &s.err), XAP_OK);
	assert_int_equal(session_finish(&s, &total), 0);
	assert_int_equal(total, 0);
	session_close(&s);
	assert_int_equal(session_check("idx"), INDEXER_OK);
}

static void test_commit_records_roots_and_language(void **state)
{
	struct indexer_options o;
	struct session s;
	struct roots walked = { NULL, 0 };
	char *argv[16], *v;
	size_t len;

	(void)state;
	assert_int_equal(mkdir("c", 0755), 0);
	open_as(&s, &o, argv, "-d", "idx", "--lang", "french", "c/",
		(char *)NULL);
	assert_int_equal(session_settle(&s, o.lang), 0);
	assert_int_equal(roots_given(&s.roots, &walked, o.paths, o.npaths), 0);
	roots_free(&walked);
	assert_int_equal(session_begin(&s), 0);
	/* The first publication recorded them already. */
	v = meta(&s, META_LANG);
	assert_string_equal(v, "french");
	free(v);
	assert_int_equal(xap_writer_get_metadata(s.w, META_ROOTS, &v, &len,
						 &s.err), XAP_OK);
	assert_true(len > 2);
	assert_memory_equal(v, "c", 2);
	free(v);
	session_close(&s);
	/* A new session reads them back. */
	open_as(&s, &o, argv, "-d", "idx", (char *)NULL);
	assert_string_equal(s.stored_lang, "french");
	assert_int_equal(s.roots.n, 1);
	assert_string_equal(s.roots.v[0].display, "c");
	assert_int_equal(session_settle(&s, NULL), 0);
	assert_string_equal(s.lang, "french");
	session_close(&s);
}

static void test_language_of_an_index(void **state)
{
	struct indexer_options o;
	struct session s;
	char *argv[16];

	(void)state;
	assert_int_equal(mkdir("c", 0755), 0);
	fx_put("c/a.txt", "some words\n");
	assert_int_equal(fx_index("-d", "idx", "c").rc, 0);
	open_as(&s, &o, argv, "-d", "idx", "--lang", "german", (char *)NULL);
	assert_int_equal(session_settle(&s, o.lang), INDEXER_FATAL);
	session_close(&s);
	open_as(&s, &o, argv, "-d", "idx", "--full", "--lang", "german",
		(char *)NULL);
	assert_int_equal(session_settle(&s, o.lang), 0);
	assert_string_equal(s.lang, "german");
	session_close(&s);
}

static void test_other_layout_is_rebuilt(void **state)
{
	struct indexer_options o;
	struct session s;
	char *argv[16];

	(void)state;
	assert_int_equal(mkdir("c", 0755), 0);
	fx_put("c/a.txt", "some words\n");
	assert_int_equal(fx_index("-d", "idx", "c").rc, 0);
	open_as(&s, &o, argv, "-d", "idx", (char *)NULL);
	assert_int_equal(xap_writer_begin(s.w, &s.err), XAP_OK);
	assert_int_equal(xap_writer_set_metadata(s.w, META_SCHEMA, "2", 1,
						 &s.err), XAP_OK);
	assert_int_equal(xap_writer_commit(s.w, &s.err), XAP_OK);
	session_close(&s);
	open_as(&s, &o, argv, "-d", "idx", (char *)NULL);
	assert_false(s.full);
	assert_int_equal(session_settle(&s, o.lang), 0);
	assert_true(s.full);
	session_close(&s);
	/* The run that follows rebuilds it in this layout. */
	assert_int_equal(fx_index("-d", "idx").rc, 0);
	open_as(&s, &o, argv, "-d", "idx", (char *)NULL);
	assert_int_equal(session_settle(&s, o.lang), 0);
	assert_false(s.full);
	session_close(&s);
}

static void test_close_removes_an_unfinished_rebuild(void **state)
{
	struct indexer_options o;
	struct session s;
	char *argv[16];

	(void)state;
	assert_int_equal(mkdir("c", 0755), 0);
	fx_put("c/a.txt", "some words\n");
	assert_int_equal(fx_index("-d", "idx", "c").rc, 0);
	open_as(&s, &o, argv, "-d", "idx", "--full", (char *)NULL);
	assert_int_equal(session_settle(&s, o.lang), 0);
	assert_int_equal(session_begin(&s), 0);
	assert_true(s.building > s.dir.version);
	assert_null(s.w);
	assert_int_equal(fx_databases("idx"), 2);
	session_close(&s);
	assert_int_equal(fx_databases("idx"), 1);
	assert_int_equal(fx_passages("idx"), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_new_index_is_published_empty,
						fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_commit_records_roots_and_language,
						fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_language_of_an_index,
						fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_other_layout_is_rebuilt,
						fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_close_removes_an_unfinished_rebuild,
						fx_setup, fx_teardown),
	};

	return cmocka_run_group_tests_name("session", tests, NULL, NULL);
}
