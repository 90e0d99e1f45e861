/*
 * test_terms.c - naming of passages and files inside the index.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "terms.h"

/* A short value is kept verbatim after its prefix. */
static void test_make_short(void **state)
{
	char out[TERMS_MAX];

	(void)state;
	assert_string_equal(terms_make(out, TERM_PATH, "corpus/a.txt"),
			    "XPcorpus/a.txt");
}

/* A value too long for a term is replaced by a fixed-size hash. */
static void test_make_long_hashes(void **state)
{
	char a[TERMS_MAX], b[TERMS_MAX], longpath[600];

	(void)state;
	memset(longpath, 'x', sizeof(longpath) - 1);
	longpath[sizeof(longpath) - 1] = '\0';
	terms_make(a, TERM_PATH, longpath);
	assert_int_equal(strlen(a), 2 + 1 + 32);
	assert_int_equal(a[2], TERMS_HASH_MARK);
	/* Same input, same name; one byte changed, another name. */
	terms_make(b, TERM_PATH, longpath);
	assert_string_equal(a, b);
	longpath[300] = 'y';
	terms_make(b, TERM_PATH, longpath);
	assert_string_not_equal(a, b);
}

/* The boundary: the longest value that fits is kept, one more is hashed. */
static void test_make_boundary(void **state)
{
	char out[TERMS_MAX], v[TERMS_MAX + 1];

	(void)state;
	memset(v, 'a', TERMS_MAX - 3);
	v[TERMS_MAX - 3] = '\0';	/* 2-byte prefix + 197 = 199 bytes */
	assert_int_equal(strlen(terms_make(out, TERM_PATH, v)), TERMS_MAX - 1);
	v[TERMS_MAX - 3] = 'a';
	v[TERMS_MAX - 2] = '\0';
	assert_int_equal(strlen(terms_make(out, TERM_PATH, v)), 35);
}

/* File keys: fixed length, term-safe characters, one per path. */
static void test_file_key(void **state)
{
	char a[TERMS_KEY_LEN + 1], b[TERMS_KEY_LEN + 1], longpath[600];

	(void)state;
	memset(longpath, 'p', sizeof(longpath) - 1);
	longpath[sizeof(longpath) - 1] = '\0';
	terms_file_key(a, longpath);
	assert_int_equal(strlen(a), TERMS_KEY_LEN);
	assert_int_equal(strspn(a, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
				"abcdefghijklmnopqrstuvwxyz0123456789-_"),
			 TERMS_KEY_LEN);
	assert_string_equal(a, terms_file_key(b, longpath));
	longpath[599 - 1] = 'q';
	assert_string_not_equal(a, terms_file_key(b, longpath));
	assert_string_not_equal(terms_file_key(a, "c/a.txt"),
				terms_file_key(b, "c/b.txt"));
}

/* Passage ids: the file key then the ordinal; the path term the key. */
static void test_passage_id(void **state)
{
	char a[TERMS_MAX], b[TERMS_MAX], key[TERMS_KEY_LEN + 1];
	char want[TERMS_MAX];

	(void)state;
	terms_file_key(key, "c/a.txt");
	snprintf(want, sizeof(want), "Q%s12", key);
	assert_string_equal(terms_passage_id(a, "c/a.txt", 12), want);
	terms_passage_id(a, "c/a.txt", 4000000000u);
	terms_passage_id(b, "c/a.txt", 4000000001u);
	assert_string_not_equal(a, b);
	assert_int_equal(strlen(a), 1 + TERMS_KEY_LEN + 10);
	snprintf(want, sizeof(want), "XP%s", key);
	assert_string_equal(terms_path(a, "c/a.txt"), want);
}

/* Extensions are lower-cased; dot files and names without one have none. */
static void test_extension(void **state)
{
	static const struct { const char *path, *ext; } cases[] = {
		{ "a.txt", "txt" }, { "dir/B.TXT", "txt" },
		{ "x.tar.gz", "gz" }, { ".profile", "" }, { "Makefile", "" },
		{ "dir.d/file", "" }, { "trailing.", "" },
	};
	char out[16];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_string_equal(terms_extension(out, sizeof(out), cases[i].path),
				    cases[i].ext);
	/* A long extension is cut to the buffer, never overflowing it. */
	assert_string_equal(terms_extension(out, 4, "a.abcdef"), "abc");
}

/* The file name is what follows the last slash. */
static void test_basename(void **state)
{
	(void)state;
	assert_string_equal(terms_basename("a/b/c.txt"), "c.txt");
	assert_string_equal(terms_basename("c.txt"), "c.txt");
	assert_string_equal(terms_basename("dir/"), "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_make_short),
		cmocka_unit_test(test_make_long_hashes),
		cmocka_unit_test(test_make_boundary),
		cmocka_unit_test(test_file_key),
		cmocka_unit_test(test_passage_id),
		cmocka_unit_test(test_extension),
		cmocka_unit_test(test_basename),
	};

	return cmocka_run_group_tests_name("terms", tests, NULL, NULL);
}
