/*
 * test_docmodel.c - the document model: names of passages and files
 * inside the index, and the stored forms of passages, file states and
 * roots.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "docmodel.h"

/* A short value is kept verbatim after its prefix. */
static void test_make_short(void **state)
{
	char out[DM_NAME_MAX];

	(void)state;
	assert_string_equal(docmodel_name(out, TERM_PATH, "corpus/a.txt"),
			    "XPcorpus/a.txt");
}

/* A value too long for a term is replaced by a fixed-size hash. */
static void test_make_long_hashes(void **state)
{
	char a[DM_NAME_MAX], b[DM_NAME_MAX], longpath[600];

	(void)state;
	memset(longpath, 'x', sizeof(longpath) - 1);
	longpath[sizeof(longpath) - 1] = '\0';
	docmodel_name(a, TERM_PATH, longpath);
	assert_int_equal(strlen(a), 2 + 1 + 32);
	assert_int_equal(a[2], DM_HASH_MARK);
	/* Same input, same name; one byte changed, another name. */
	docmodel_name(b, TERM_PATH, longpath);
	assert_string_equal(a, b);
	longpath[300] = 'y';
	docmodel_name(b, TERM_PATH, longpath);
	assert_string_not_equal(a, b);
}

/* The boundary: the longest value that fits is kept, one more is hashed. */
static void test_make_boundary(void **state)
{
	char out[DM_NAME_MAX], v[DM_NAME_MAX + 1];

	(void)state;
	memset(v, 'a', DM_NAME_MAX - 3);
	v[DM_NAME_MAX - 3] = '\0';	/* 2-byte prefix + 197 = 199 bytes */
	assert_int_equal(strlen(docmodel_name(out, TERM_PATH, v)), DM_NAME_MAX - 1);
	v[DM_NAME_MAX - 3] = 'a';
	v[DM_NAME_MAX - 2] = '\0';
	assert_int_equal(strlen(docmodel_name(out, TERM_PATH, v)), 35);
}

/* File keys: fixed length, term-safe characters, one per path. */
static void test_file_key(void **state)
{
	char a[DM_KEY_LEN + 1], b[DM_KEY_LEN + 1], longpath[600];

	(void)state;
	memset(longpath, 'p', sizeof(longpath) - 1);
	longpath[sizeof(longpath) - 1] = '\0';
	docmodel_file_key(a, longpath);
	assert_int_equal(strlen(a), DM_KEY_LEN);
	assert_int_equal(strspn(a, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
				"abcdefghijklmnopqrstuvwxyz0123456789-_"),
			 DM_KEY_LEN);
	assert_string_equal(a, docmodel_file_key(b, longpath));
	longpath[599 - 1] = 'q';
	assert_string_not_equal(a, docmodel_file_key(b, longpath));
	assert_string_not_equal(docmodel_file_key(a, "c/a.txt"),
				docmodel_file_key(b, "c/b.txt"));
}

/* Passage ids: the file key then the ordinal; the path term the key. */
static void test_passage_id(void **state)
{
	char a[DM_NAME_MAX], b[DM_NAME_MAX], key[DM_KEY_LEN + 1];
	char want[DM_NAME_MAX];

	(void)state;
	docmodel_file_key(key, "c/a.txt");
	snprintf(want, sizeof(want), "Q%s12", key);
	assert_string_equal(docmodel_passage_id(a, "c/a.txt", 12), want);
	docmodel_passage_id(a, "c/a.txt", 4000000000u);
	docmodel_passage_id(b, "c/a.txt", 4000000001u);
	assert_string_not_equal(a, b);
	assert_int_equal(strlen(a), 1 + DM_KEY_LEN + 10);
	snprintf(want, sizeof(want), "XP%s", key);
	assert_string_equal(docmodel_path_term(a, "c/a.txt"), want);
}

/* Extensions are lower-cased; dot files and names without one have none. */
static void test_extension(void **state)
{
	static const struct { const char *path, *term; } cases[] = {
		{ "a.txt", "XEtxt" }, { "dir/B.TXT", "XEtxt" },
		{ "x.tar.gz", "XEgz" }, { ".profile", "" }, { "Makefile", "" },
		{ "dir.d/file", "" }, { "trailing.", "" },
	};
	char out[DM_NAME_MAX], big[600];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_string_equal(docmodel_ext_term(out, cases[i].path),
				    cases[i].term);
	/* As a user writes it in ext:, with or without the dot. */
	assert_string_equal(docmodel_ext_term_of(out, ".TXT"), "XEtxt");
	assert_string_equal(docmodel_ext_term_of(out, "md"), "XEmd");
	/* A long extension is cut to the name's size, never overflowing it. */
	memset(big, 'e', sizeof(big) - 1);
	big[0] = '.';
	big[sizeof(big) - 1] = '\0';
	assert_int_equal(strlen(docmodel_ext_term_of(out, big)), DM_NAME_MAX - 1);
}

/* The file name is what follows the last slash. */
static void test_basename(void **state)
{
	(void)state;
	assert_string_equal(docmodel_basename("a/b/c.txt"), "c.txt");
	assert_string_equal(docmodel_basename("c.txt"), "c.txt");
	assert_string_equal(docmodel_basename("dir/"), "");
}

/* file:NAME looks up files by the key of their name, then their own. */
static void test_name_key(void **state)
{
	char key[DM_NAME_MAX], prefix[DM_NAME_MAX];

	(void)state;
	docmodel_name_key(key, "corpus/a.txt");
	docmodel_name_prefix(prefix, "a.txt");
	assert_int_equal(strncmp(key, prefix, strlen(prefix)), 0);
	assert_int_equal(strlen(key), strlen(META_NAME) + 2 * DM_KEY_LEN);
	docmodel_name_prefix(prefix, "b.txt");
	assert_int_not_equal(strncmp(key, prefix, strlen(prefix)), 0);
}

/* A passage's data decodes to what was encoded; markers become spaces. */
static void test_passage_roundtrip(void **state)
{
	const char text[] = "a\001b\002c\0d";
	struct docmodel_passage p = { 7, 12, 14, "dir/f.txt", 9, text,
				      sizeof(text) - 1 }, q;
	size_t len;
	char *enc;

	(void)state;
	enc = docmodel_passage_encode(&p, &len);
	assert_non_null(enc);
	assert_int_equal(len, strlen("7 12 14 9\n") + 9 + 7);
	assert_int_equal(docmodel_passage_decode(enc, len, &q), 0);
	assert_int_equal(q.ordinal, 7);
	assert_int_equal(q.line, 12);
	assert_int_equal(q.end_line, 14);
	assert_int_equal(q.path_len, 9);
	assert_memory_equal(q.path, "dir/f.txt", 9);
	assert_int_equal(q.text_len, 7);
	assert_memory_equal(q.text, "a b c d", 7);
	free(enc);
}

/* Data not in the stored form is all text, with no place. */
static void test_passage_malformed(void **state)
{
	static const char *const bad[] = { "no newline", "1 2 3\npath",
					   "1 2 3 99\nshort", "" };
	struct docmodel_passage q;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(docmodel_passage_decode(bad[i], strlen(bad[i]),
							 &q), -1);
		assert_int_equal(q.ordinal, 0);
		assert_int_equal(q.path_len, 0);
		assert_int_equal(q.text_len, strlen(bad[i]));
	}
}

/* A file state keeps its fingerprint and its path. */
static void test_file_state(void **state)
{
	struct fingerprint fp = { 123, -5, "0123456789abcdef0123456789abcdef", 4 },
		back;
	const char *path;
	char key[DM_NAME_MAX];
	size_t len;
	char *v;

	(void)state;
	v = docmodel_file_state_encode(&fp, "a b/c\nd", &len);
	assert_non_null(v);
	assert_int_equal(len, strlen(v));
	assert_int_equal(docmodel_file_state_decode(v, len, &back, &path), 0);
	assert_string_equal(path, "a b/c\nd");
	assert_int_equal(back.size, 123);
	assert_int_equal(back.mtime_ns, -5);
	assert_string_equal(back.hash, fp.hash);
	assert_int_equal(back.passages, 4);
	free(v);
	/* A damaged fingerprint keeps the path, with an unknown state. */
	assert_int_equal(docmodel_file_state_decode("junk\np", 6, &back, &path), 1);
	assert_string_equal(path, "p");
	assert_int_equal(back.size, 0);
	assert_int_equal(docmodel_file_state_decode("nopath", 6, &back, &path), -1);
	assert_string_equal(docmodel_file_state_key(key, "x"), "F:x");
}

static int collect_root(const char *display, const char *abs, void *ctx)
{
	char *out = ctx;

	strcat(out, display);
	strcat(out, "=");
	strcat(out, abs);
	strcat(out, ";");
	return 0;
}

/* Roots come back in order; a truncated tail is dropped. */
static void test_roots(void **state)
{
	struct docmodel_root r[] = { { "docs", "/h/docs" }, { "/x", "/x" } };
	char out[128] = "";
	size_t len;
	char *v;

	(void)state;
	v = docmodel_roots_encode(r, 2, &len);
	assert_non_null(v);
	assert_int_equal(len, 5 + 8 + 3 + 3);
	assert_int_equal(docmodel_roots_decode(v, len, collect_root, out), 0);
	assert_string_equal(out, "docs=/h/docs;/x=/x;");
	out[0] = '\0';
	assert_int_equal(docmodel_roots_decode(v, len - 3, collect_root, out), 0);
	assert_string_equal(out, "docs=/h/docs;");
	free(v);
}

/* The tokenizer record is a list of whole words. */
static void test_tokenizer_has(void **state)
{
	(void)state;
	assert_true(docmodel_tokenizer_has(DOCMODEL_TOKENIZER, "cjk-ngram"));
	assert_true(docmodel_tokenizer_has("fold cjk-ngram", "fold"));
	assert_false(docmodel_tokenizer_has("fold cjk-ngrams", "cjk-ngram"));
	assert_false(docmodel_tokenizer_has("", "fold"));
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
		cmocka_unit_test(test_name_key),
		cmocka_unit_test(test_passage_roundtrip),
		cmocka_unit_test(test_passage_malformed),
		cmocka_unit_test(test_file_state),
		cmocka_unit_test(test_roots),
		cmocka_unit_test(test_tokenizer_has),
	};

	return cmocka_run_group_tests_name("docmodel", tests, NULL, NULL);
}
