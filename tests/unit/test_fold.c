/*
 * test_fold.c - accent and case folding.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "fold.h"

static void folds_to(const char *in, const char *want)
{
	size_t n = 0;
	char *f = fold_utf8(in, strlen(in), &n);

	assert_non_null(f);
	assert_string_equal(f, want);
	assert_int_equal(n, strlen(want));
	free(f);
}

/* Accents go, case folds, the letters stay. */
static void test_accents_and_case(void **state)
{
	(void)state;
	folds_to("Raúl", "raul");
	folds_to("Crème Brûlée", "creme brulee");
	folds_to("ÉCOLE", "ecole");
	folds_to("Ελληνικά", "ελληνικα");
	folds_to("Straße", "strasse");
	folds_to("plain ascii", "plain ascii");
	folds_to("", "");
}

/* Decomposed input (e + combining acute) folds like the composed form. */
static void test_decomposed(void **state)
{
	(void)state;
	folds_to("Rau\xcc\x81l", "raul");
}

/* Text with no marks to strip, such as CJK, is kept as it is. */
static void test_cjk_unchanged(void **state)
{
	(void)state;
	folds_to("古巴革命", "古巴革命");
	folds_to("キューバ", "キューバ");
}

/* Invalid UTF-8 is copied, not lost or cut. */
static void test_invalid_copied(void **state)
{
	const char bad[] = "ab\xff\xfe" "c";
	size_t n = 0;
	char *f = fold_utf8(bad, sizeof(bad) - 1, &n);

	(void)state;
	assert_non_null(f);
	assert_int_equal(n, sizeof(bad) - 1);
	assert_memory_equal(f, bad, n);
	free(f);
}

/* Only the given length is read: no NUL needed. */
static void test_length_bounded(void **state)
{
	size_t n = 0;
	char *f = fold_utf8("ÀBCDEF", 3, &n);

	(void)state;
	assert_non_null(f);
	assert_string_equal(f, "ab");
	assert_int_equal(n, 2);
	free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_accents_and_case),
		cmocka_unit_test(test_decomposed),
		cmocka_unit_test(test_cjk_unchanged),
		cmocka_unit_test(test_invalid_copied),
		cmocka_unit_test(test_length_bounded),
	};

	return cmocka_run_group_tests_name("fold", tests, NULL, NULL);
}
