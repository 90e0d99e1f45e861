/*
 * test_stopwords.c - the English stop word list.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "stopwords.h"

/* bsearch() needs byte order; a repeat would hide a typo. */
static void test_sorted_unique_lower(void **state)
{
	(void)state;
	assert_int_equal(stopwords_english_count, 127);
	for (size_t i = 0; i < stopwords_english_count; i++) {
		const char *w = stopwords_english[i];

		assert_true(*w != '\0');
		for (const char *p = w; *p; p++)
			assert_true(*p >= 'a' && *p <= 'z');
		if (i)
			assert_true(strcmp(stopwords_english[i - 1], w) < 0);
	}
}

static void test_lookup(void **state)
{
	(void)state;
	/* The first, the last and some in between. */
	assert_true(stopwords_is_english("a"));
	assert_true(stopwords_is_english("yourselves"));
	assert_true(stopwords_is_english("the"));
	assert_true(stopwords_is_english("what"));
	/* Topic words, upper case and near misses are not stop words. */
	assert_false(stopwords_is_english("castro"));
	assert_false(stopwords_is_english("The"));
	assert_false(stopwords_is_english("th"));
	assert_false(stopwords_is_english("thee"));
	assert_false(stopwords_is_english(""));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sorted_unique_lower),
		cmocka_unit_test(test_lookup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
