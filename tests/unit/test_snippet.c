/*
 * test_snippet.c - choosing a window of a passage and marking matches.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "snippet.h"

/* Matches the words listed in ctx ("a|b|c"), case-sensitively; id = index. */
static unsigned match_list(const char *word, size_t n, void *ctx)
{
	const char *list = ctx;
	unsigned id = 1;

	while (*list) {
		size_t len = strcspn(list, "|");

		if (len == n && memcmp(list, word, n) == 0)
			return id;
		list += len;
		if (*list == '|')
			list++;
		id++;
	}
	return 0;
}

static char *make(const char *text, size_t len, const char *words)
{
	char *s = snippet_make(text, strlen(text), len, match_list, (void *)words);

	assert_non_null(s);
	return s;
}

/* A short text is shown whole, each match wrapped in markers. */
static void test_whole_text(void **state)
{
	char *s = make("The Bay of Pigs, then more.", 200, "Bay|Pigs");

	(void)state;
	assert_string_equal(s, "The \x01" "Bay\x02 of \x01" "Pigs\x02, then more.");
	free(s);
}

/* Every occurrence is marked, not only the first. */
static void test_every_occurrence(void **state)
{
	char *s = make("crisis, crisis and crisis", 200, "crisis");

	(void)state;
	assert_string_equal(s, "\x01" "crisis\x02, \x01" "crisis\x02 and \x01" "crisis\x02");
	free(s);
}

static char *filler(size_t words)
{
	char *t = malloc(words * 6 + 64);
	size_t i;

	assert_non_null(t);
	t[0] = '\0';
	for (i = 0; i < words; i++)
		strcat(t, "word ");
	return t;
}

/* A match deep in a long text: the window moves there, with "..." around. */
static void test_window_moves_to_match(void **state)
{
	char *t = filler(200), *s;

	(void)state;
	/* Words are 5 bytes apart: word 120 becomes "ndle". */
	memcpy(t + 600, "ndle", 4);
	s = make(t, 60, "ndle");
	assert_true(strncmp(s, "...", 3) == 0);
	assert_non_null(strstr(s, "\x01" "ndle\x02"));
	assert_true(strcmp(s + strlen(s) - 3, "...") == 0);
	assert_true(strlen(s) <= 60 + 3 + 3 + 2);
	free(s);
	free(t);
}

/* The window with the most distinct matches wins over repeated ones. */
static void test_prefers_distinct_terms(void **state)
{
	char *t = filler(300), *s;

	(void)state;
	/* "alpha" three times early; "alpha" and "beta" together later. */
	memcpy(t + 30, "alfa", 4);
	memcpy(t + 40, "alfa", 4);
	memcpy(t + 50, "alfa", 4);
	memcpy(t + 900, "alfa", 4);
	memcpy(t + 910, "beta", 4);
	s = make(t, 80, "alfa|beta");
	assert_non_null(strstr(s, "\x01" "alfa\x02 word \x01" "beta\x02"));
	free(s);
	free(t);
}

/* With no match the beginning is shown, cut at a word end. */
static void test_no_match_shows_start(void **state)
{
	char *t = filler(100), *s;

	(void)state;
	s = make(t, 30, "absent");
	assert_true(strncmp(s, "word word", 9) == 0);
	assert_null(strchr(s, '\x01'));
	assert_true(strcmp(s + strlen(s) - 3, "...") == 0);
	free(s);
	free(t);
}

/* One huge word is cut at a character boundary, never mid-sequence. */
static void test_long_word_cut_on_char(void **state)
{
	char t[400];
	char *s;
	size_t i, n;

	(void)state;
	for (i = 0; i + 2 < sizeof(t); i += 2)
		memcpy(t + i, "\xc3\xa9", 2);	/* é repeated */
	t[i] = '\0';
	s = make(t, 51, "nothing");
	n = strlen(s) - 3;	/* without the trailing "..." */
	assert_true(n <= 51);
	assert_int_equal(n % 2, 0);
	free(s);
}

static int count_word(size_t start, size_t end, void *ctx)
{
	(void)start;
	(void)end;
	++*(int *)ctx;
	return 0;
}

/* Words: letters, digits, accents and inner apostrophes; not punctuation. */
static void test_words(void **state)
{
	int n = 0;
	const char *t = "Raúl's 26th, don’t — AT&T “quoted” x_y";

	(void)state;
	snippet_each_word(t, strlen(t), count_word, &n);
	/* Raúl's, 26th, don’t, AT, T, quoted, x_y */
	assert_int_equal(n, 7);
}

/* Empty text gives an empty snippet. */
static void test_empty(void **state)
{
	char *s = make("", 100, "a");

	(void)state;
	assert_string_equal(s, "");
	free(s);
}

/* Each CJK character is a word, as the index's unigrams are. */
static void test_cjk_characters(void **state)
{
	char *s = make("古巴革命 in Cuba", 200, "古|巴|Cuba");
	size_t n = 0;
	const char *t = "古巴革命 abc 쿠바";

	(void)state;
	/* Touching matches are one highlighted span. */
	assert_string_equal(s, "\x01" "古巴\x02革命 in \x01" "Cuba\x02");
	free(s);
	snippet_each_word(t, strlen(t), count_word, &n);
	/* 古 巴 革 命 abc 쿠 바 */
	assert_int_equal(n, 7);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_whole_text),
		cmocka_unit_test(test_every_occurrence),
		cmocka_unit_test(test_window_moves_to_match),
		cmocka_unit_test(test_prefers_distinct_terms),
		cmocka_unit_test(test_no_match_shows_start),
		cmocka_unit_test(test_long_word_cut_on_char),
		cmocka_unit_test(test_words),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_cjk_characters),
	};

	return cmocka_run_group_tests_name("snippet", tests, NULL, NULL);
}
