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

/*
 * Width folding (NFKC) of word characters whose form is made of word
 * characters: found by the plain word.  Others keep their form, which
 * would move a word boundary.
 */
static void test_width_and_compat(void **state)
{
	(void)state;
	folds_to("Ｈｅｌｌｏ", "hello");
	folds_to("ＡＢＣ１２３", "abc123");
	folds_to("ｶﾀｶﾅ", "カタカナ");
	folds_to("x²", "x2");
	folds_to("ﬁne", "fine");
	folds_to("⑴", "⑴");
	folds_to("half½", "half½");
	folds_to("™", "™");
}

/* Turkish: dotless ı and dotted İ both fold to i. */
static void test_turkish_i(void **state)
{
	(void)state;
	folds_to("ısık", "isik");
	folds_to("IŞIK", "isik");
	folds_to("İstanbul", "istanbul");
}

/* A zero-width space separates words, a soft hyphen joins them. */
static void test_invisible(void **state)
{
	(void)state;
	folds_to("zero\xe2\x80\x8bwidth", "zero width");
	folds_to("soft\xc2\xadhyphen", "softhyphen");
	folds_to("\xc2\xad", "");
}

/* The text as stored: only what moves word boundaries is rewritten. */
static void test_word_breaks(void **state)
{
	char t[] = "a\xe2\x80\x8b" "b\xc2\xad" "c Ｈｉ ＃！～ ｶ é\xe2\x80\x8d.";
	char cut[] = "x\xef\xbc";
	size_t n;

	(void)state;
	n = fold_word_breaks(t, strlen(t));
	assert_int_equal(n, strlen("a bc Hi #!~ ｶ é\xe2\x80\x8d."));
	assert_string_equal(t, "a bc Hi #!~ ｶ é\xe2\x80\x8d.");
	n = fold_word_breaks(cut, strlen(cut));
	assert_int_equal(n, 3);
	assert_memory_equal(cut, "x\xef\xbc", 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_accents_and_case),
		cmocka_unit_test(test_decomposed),
		cmocka_unit_test(test_cjk_unchanged),
		cmocka_unit_test(test_invalid_copied),
		cmocka_unit_test(test_length_bounded),
		cmocka_unit_test(test_width_and_compat),
		cmocka_unit_test(test_turkish_i),
		cmocka_unit_test(test_invisible),
		cmocka_unit_test(test_word_breaks),
	};

	return cmocka_run_group_tests_name("fold", tests, NULL, NULL);
}
