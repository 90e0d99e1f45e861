/*
 * test_roots.c - unit tests for indexer/roots.c: adding, merging,
 * removing and encoding roots, and walking them under their stored names.
 *
 * Tests that touch files run in a temporary directory of their own
 * (indexer_fixture.h).
 */
#define _XOPEN_SOURCE 700	/* nftw() */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "indexer_fixture.h"

/* dir + "/" + rel, in a static buffer. */
static const char *in(const struct fx *fx, const char *rel)
{
	static char buf[PATH_MAX + 64];

	snprintf(buf, sizeof(buf), "%s/%s", fx->dir, rel);
	return buf;
}

static void test_add_keeps_one_of_each(void **state)
{
	struct roots r = { NULL, 0 };
	const struct root *a, *b;

	(void)state;
	a = roots_add(&r, "corpus", "/x/corpus");
	assert_string_equal(a->display, "corpus");
	assert_string_equal(a->abs, "/x/corpus");
	roots_add(&r, "notes", "/x/notes");
	assert_int_equal(r.n, 2);
	/* The same folder given from elsewhere is the root kept. */
	b = roots_add(&r, "../x/corpus", "/x/corpus");
	assert_int_equal(r.n, 2);
	assert_string_equal(b->display, "corpus");
	/* And the same display path is the same root. */
	b = roots_add(&r, "notes", "/y/notes");
	assert_string_equal(b->abs, "/x/notes");
	assert_int_equal(r.n, 2);
	roots_free(&r);
	assert_int_equal(r.n, 0);
	assert_null(r.v);
}

static void test_remove(void **state)
{
	struct roots r = { NULL, 0 };

	(void)state;
	roots_add(&r, "a", "/a");
	roots_add(&r, "b", "/b");
	roots_add(&r, "c", "/c");
	roots_remove(&r, "/nowhere");
	assert_int_equal(r.n, 3);
	roots_remove(&r, "/a");
	assert_int_equal(r.n, 2);
	assert_string_equal(r.v[0].abs, "/c");
	assert_string_equal(r.v[1].abs, "/b");
	roots_remove(&r, "/b");
	roots_remove(&r, "/c");
	assert_int_equal(r.n, 0);
	roots_free(&r);
}

static void test_encode_decode(void **state)
{
	struct roots r = { NULL, 0 }, back = { NULL, 0 };
	const char **displays;
	size_t len;
	char *blob;

	(void)state;
	roots_add(&r, "corpus", "/home/u/corpus");
	roots_add(&r, "/abs/notes", "/abs/notes");
	blob = roots_encode(&r, &len);
	roots_decode(&back, blob, len);
	assert_int_equal(back.n, 2);
	assert_string_equal(back.v[0].display, "corpus");
	assert_string_equal(back.v[0].abs, "/home/u/corpus");
	assert_string_equal(back.v[1].display, "/abs/notes");
	displays = roots_displays(&back);
	assert_string_equal(displays[0], "corpus");
	assert_string_equal(displays[1], "/abs/notes");
	free(displays);
	free(blob);
	roots_free(&back);
	/* No roots: an empty record, which decodes to none. */
	roots_free(&r);
	blob = roots_encode(&r, &len);
	roots_decode(&back, blob, len);
	assert_int_equal(back.n, 0);
	free(blob);
}

static void test_absolute(void **state)
{
	struct fx *fx = *state;
	char *p;

	assert_int_equal(mkdir("d", 0755), 0);
	assert_int_equal(mkdir("sub", 0755), 0);
	p = roots_absolute("d");
	assert_string_equal(p, in(fx, "d"));
	free(p);
	/* Existing paths are made canonical. */
	p = roots_absolute("sub/../d/");
	assert_string_equal(p, in(fx, "d"));
	free(p);
	/* Missing ones are joined to the current directory, or kept. */
	p = roots_absolute("gone/x");
	assert_string_equal(p, in(fx, "gone/x"));
	free(p);
	p = roots_absolute("/no/such/path");
	assert_string_equal(p, "/no/such/path");
	free(p);
}

static void test_given(void **state)
{
	struct fx *fx = *state;
	struct roots recorded = { NULL, 0 }, walked = { NULL, 0 };
	char *paths[] = { "c///", "missing", "c", "d" };

	assert_int_equal(mkdir("c", 0755), 0);
	assert_int_equal(mkdir("d", 0755), 0);
	/* Recorded from another directory: kept as first given. */
	roots_add(&recorded, "../elsewhere/d", in(fx, "d"));
	roots_add(&recorded, "old", "/old");
	assert_int_equal(roots_given(&recorded, &walked, paths, 4), 1);
	assert_int_equal(recorded.n, 3);
	assert_string_equal(recorded.v[2].display, "c");
	assert_string_equal(recorded.v[2].abs, in(fx, "c"));
	assert_int_equal(walked.n, 2);
	assert_string_equal(walked.v[0].display, "c");
	assert_string_equal(walked.v[1].display, "../elsewhere/d");
	/* A rebuild, or a run with no PATH, walks every recorded root. */
	roots_add_all(&walked, &recorded);
	assert_int_equal(walked.n, 3);
	assert_string_equal(walked.v[2].display, "old");
	roots_free(&recorded);
	roots_free(&walked);
}

struct seen {
	char paths[16][256];
	char files[16][PATH_MAX + 64];
	int kinds[16];
	int n;
	int stop_at;		/* returned for the item of this number */
};

static int collect(const struct walk_item *item, const char *path, void *ctx)
{
	struct seen *s = ctx;

	if (s->n >= 16)
		return -2;
	snprintf(s->paths[s->n], sizeof(s->paths[0]), "%s", path);
	snprintf(s->files[s->n], sizeof(s->files[0]), "%s", item->path);
	s->kinds[s->n] = item->kind;
	s->n++;
	return s->n == s->stop_at ? 7 : 0;
}

static void test_walk_stores_display_paths(void **state)
{
	struct fx *fx = *state;
	struct roots walked = { NULL, 0 }, recorded = { NULL, 0 };
	struct seen s;
	volatile sig_atomic_t stop = 0;

	assert_int_equal(mkdir("corpus", 0755), 0);
	assert_int_equal(mkdir("corpus/sub", 0755), 0);
	fx_put("corpus/a.txt", "a");
	fx_put("corpus/sub/b.txt", "b");
	fx_put("one.txt", "one");
	assert_int_equal(symlink("nowhere", "corpus/dangling"), 0);
	/* As if given as "../tree/corpus" from another directory. */
	roots_add(&walked, "../tree/corpus", in(fx, "corpus"));
	roots_add(&walked, in(fx, "one.txt"), in(fx, "one.txt"));
	memset(&s, 0, sizeof(s));
	assert_int_equal(roots_walk(&walked, &recorded, NULL, &stop, collect,
				    &s), 0);
	assert_int_equal(s.n, 4);
	assert_string_equal(s.paths[0], "../tree/corpus/a.txt");
	assert_string_equal(s.files[0], in(fx, "corpus/a.txt"));
	assert_int_equal(s.kinds[0], WALK_FILE);
	assert_string_equal(s.paths[1], "../tree/corpus/dangling");
	assert_int_equal(s.kinds[1], WALK_DANGLING);
	assert_string_equal(s.paths[2], "../tree/corpus/sub/b.txt");
	assert_string_equal(s.paths[3], in(fx, "one.txt"));
	roots_free(&walked);
}

static void test_walk_forgets_gone_roots(void **state)
{
	struct fx *fx = *state;
	struct roots walked = { NULL, 0 }, recorded = { NULL, 0 };
	struct seen s;
	volatile sig_atomic_t stop = 0;

	assert_int_equal(mkdir("here", 0755), 0);
	fx_put("here/a.txt", "a");
	roots_add(&recorded, "gone", in(fx, "gone"));
	roots_add(&recorded, "here", in(fx, "here"));
	roots_add_all(&walked, &recorded);
	memset(&s, 0, sizeof(s));
	assert_int_equal(roots_walk(&walked, &recorded, NULL, &stop, collect,
				    &s), 0);
	/* The gone root is reported, not passed on, and no longer recorded. */
	assert_int_equal(s.n, 1);
	assert_string_equal(s.paths[0], "here/a.txt");
	assert_int_equal(recorded.n, 1);
	assert_string_equal(recorded.v[0].display, "here");
	roots_free(&walked);
	roots_free(&recorded);
}

static void test_walk_stops(void **state)
{
	struct fx *fx = *state;
	struct roots walked = { NULL, 0 }, recorded = { NULL, 0 };
	struct seen s;
	volatile sig_atomic_t stop = 0;

	assert_int_equal(mkdir("c", 0755), 0);
	fx_put("c/1.txt", "1");
	fx_put("c/2.txt", "2");
	fx_put("c/3.txt", "3");
	roots_add(&walked, "c", in(fx, "c"));
	/* The visitor's non-zero value ends the walk and is returned. */
	memset(&s, 0, sizeof(s));
	s.stop_at = 2;
	assert_int_equal(roots_walk(&walked, &recorded, NULL, &stop, collect,
				    &s), 7);
	assert_int_equal(s.n, 2);
	/* A stop request ends it before the next item, and is no failure. */
	memset(&s, 0, sizeof(s));
	stop = 15;
	assert_int_equal(roots_walk(&walked, &recorded, NULL, &stop, collect,
				    &s), 0);
	assert_int_equal(s.n, 0);
	roots_free(&walked);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_add_keeps_one_of_each),
		cmocka_unit_test(test_remove),
		cmocka_unit_test(test_encode_decode),
		cmocka_unit_test_setup_teardown(test_absolute, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_given, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_walk_stores_display_paths,
						fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_walk_forgets_gone_roots,
						fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_walk_stops, fx_setup,
						fx_teardown),
	};

	return cmocka_run_group_tests_name("roots", tests, NULL, NULL);
}
