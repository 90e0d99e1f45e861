/*
 * test_passage.c - unit tests for lib/passage.c.
 *
 * Every test splits a text and records the passages in a fixed table;
 * checks compare the table with what passage.h promises.  Run from the
 * repository root (the seed corpus is read by a relative path).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "passage.h"

#define MAX_SEEN 512
#define BIG 50000

struct seen {
	struct passage p[MAX_SEEN];
	unsigned ordinal[MAX_SEEN];
	size_t n;
	size_t stop_at;		/* return stop_value at this one; 0: never */
	int stop_value;
};

static struct seen seen;

static int record(const struct passage *p, unsigned ordinal, void *ctx)
{
	struct seen *s = ctx;

	assert_true(s->n < MAX_SEEN);
	s->p[s->n] = *p;
	s->ordinal[s->n] = ordinal;
	s->n++;
	if (s->stop_at && s->n == s->stop_at)
		return s->stop_value;
	return 0;
}

/* Paragraphs as they are, short ones not joined: the splitting rules. */
static int split(const char *text, size_t len)
{
	memset(&seen, 0, sizeof(seen));
	return passage_split_min(text, len, 0, record, &seen);
}

/* What the indexer gets: short paragraphs joined. */
static int split_joined(const char *text, size_t len)
{
	memset(&seen, 0, sizeof(seen));
	return passage_split(text, len, record, &seen);
}

static int is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' ||
	       c == '\v';
}

/* What every split must give whatever the text: see passage.h. */
static void check_invariants(const char *text, size_t len)
{
	const char *prev_end = text;
	unsigned prev_line = 1;
	size_t i;

	for (i = 0; i < seen.n; i++) {
		const struct passage *p = &seen.p[i];

		assert_int_equal(seen.ordinal[i], i + 1);
		assert_true(p->len > 0);
		assert_true(p->len <= PASSAGE_MAX);
		assert_true(p->text >= prev_end);
		assert_true(p->text + p->len <= text + len);
		assert_false(is_ws(p->text[0]));
		assert_false(is_ws(p->text[p->len - 1]));
		assert_true(p->line >= prev_line);
		assert_true(p->line <= p->end_line);
		prev_end = p->text + p->len;
		prev_line = p->end_line;
	}
}

/* The 1-based line holding text[off]. */
static unsigned line_at(const char *text, size_t off)
{
	unsigned line = 1;
	size_t i;

	for (i = 0; i < off; i++)
		line += text[i] == '\n';
	return line;
}

/* Line numbers agree with the LFs before and inside each passage. */
static void check_lines(const char *text)
{
	size_t i;

	for (i = 0; i < seen.n; i++) {
		const struct passage *p = &seen.p[i];
		size_t off = (size_t)(p->text - text);

		assert_int_equal(p->line, line_at(text, off));
		assert_int_equal(p->end_line, line_at(text, off + p->len - 1));
	}
}

static void assert_passage(size_t i, const char *want, unsigned line,
			   unsigned end_line)
{
	assert_true(i < seen.n);
	assert_int_equal(seen.p[i].len, strlen(want));
	assert_memory_equal(seen.p[i].text, want, strlen(want));
	assert_int_equal(seen.p[i].line, line);
	assert_int_equal(seen.p[i].end_line, end_line);
}

static char *repeat_line(char *out, char c, size_t n)
{
	memset(out, c, n);
	out[n] = '\0';
	return out;
}

/* The seed corpus file gives one passage per line, whole. */
static void test_seed_file(void **state)
{
	static const size_t want_len[] = { 771, 167, 1152 };
	static char buf[8192];
	FILE *f = fopen("corpus/castro-cuba.txt", "rb");
	size_t len, i;

	(void)state;
	assert_non_null(f);
	len = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	assert_int_equal(len, 2094);
	assert_int_equal(split(buf, len), 0);
	check_invariants(buf, len);
	check_lines(buf);
	assert_int_equal(seen.n, 3);
	for (i = 0; i < 3; i++) {
		assert_int_equal(seen.p[i].line, i + 1);
		assert_int_equal(seen.p[i].end_line, i + 1);
		assert_int_equal(seen.p[i].len, want_len[i]);
	}
	assert_memory_equal(seen.p[0].text, "Upon his release", 16);
	assert_memory_equal(seen.p[2].text + 1152 - 14, "Significantly,", 14);
}

/* The seed layout, embedded: long lines, accents, typographic quotes. */
static void test_seed_layout_embedded(void **state)
{
	static const char *const lines[] = {
		"In 1953 Ra\xc3\xbal and Fidel Castro led an attack on the "
		"Moncada barracks; it failed, and both were jailed. After an "
		"amnesty in 1955 they left for Mexico to regroup.",
		"The \xe2\x80\x9c" "26th of July Movement\xe2\x80\x9d took "
		"its name from the date of that attack, and its members "
		"trained in the hills outside Mexico City for a year.",
		"In December 1956 the yacht Granma landed eighty-two men in "
		"Oriente province. Only a handful reached the Sierra Maestra, "
		"where the guerrilla war began.",
	};
	char text[1024];
	size_t i;

	(void)state;
	text[0] = '\0';
	for (i = 0; i < 3; i++) {
		assert_true(strlen(lines[i]) > PASSAGE_LONG_LINE);
		strcat(text, lines[i]);
		strcat(text, "\n");
	}
	strcat(text, "\n");
	assert_int_equal(split(text, strlen(text)), 0);
	check_invariants(text, strlen(text));
	assert_int_equal(seen.n, 3);
	for (i = 0; i < 3; i++)
		assert_passage(i, lines[i], i + 1, i + 1);
}

/* Hard-wrapped paragraphs between blank lines give one passage each. */
static void test_hard_wrapped(void **state)
{
	static const char text[] =
		"The island lies ninety miles south of Florida and has long\n"
		"been bound to the mainland by trade, by exile and by the\n"
		"memory of the crisis of October 1962.\n"
		"\n"
		"Sugar was the crop that shaped its economy for two hundred\n"
		"years.  Tobacco and coffee came after, and tourism later.\n"
		"\n"
		"\n"
		"A single-line paragraph.\n";

	(void)state;
	assert_int_equal(split(text, strlen(text)), 0);
	check_invariants(text, strlen(text));
	check_lines(text);
	assert_int_equal(seen.n, 3);
	assert_passage(0, "The island lies ninety miles south of Florida "
		       "and has long\nbeen bound to the mainland by trade, "
		       "by exile and by the\nmemory of the crisis of October "
		       "1962.", 1, 3);
	assert_passage(1, "Sugar was the crop that shaped its economy for "
		       "two hundred\nyears.  Tobacco and coffee came after, "
		       "and tourism later.", 5, 6);
	assert_passage(2, "A single-line paragraph.", 9, 9);
}

/* CRLF: CR trimmed at passage ends, kept inside, lines counted by LF. */
static void test_crlf(void **state)
{
	static const char text[] =
		"First line of one\r\nsecond line of one\r\n"
		"\r\n"
		"  \r\n"
		"Two\r\n";

	(void)state;
	assert_int_equal(split(text, strlen(text)), 0);
	check_invariants(text, strlen(text));
	assert_int_equal(seen.n, 2);
	assert_passage(0, "First line of one\r\nsecond line of one", 1, 2);
	assert_passage(1, "Two", 5, 5);
}

/* Blank and white-space-only lines around and between paragraphs. */
static void test_blank_edges(void **state)
{
	static const char text[] =
		"\n"
		"   \n"
		"\t \r\n"
		"\f\n"
		"  indented start\n"
		"and its end   \t\n"
		" \t \n"
		"\v\n"
		"last\n"
		"\n"
		"   ";

	(void)state;
	assert_int_equal(split(text, strlen(text)), 0);
	check_invariants(text, strlen(text));
	check_lines(text);
	assert_int_equal(seen.n, 2);
	assert_passage(0, "indented start\nand its end", 5, 6);
	assert_passage(1, "last", 9, 9);
}

/* A heading and short lines join the paragraphs after them. */
static void test_join_short(void **state)
{
	char text[4 * PASSAGE_MIN + 64], para[PASSAGE_MIN + 1];
	size_t n;

	(void)state;
	memset(para, 'w', PASSAGE_MIN);
	for (n = 7; n < PASSAGE_MIN - 1; n += 8)
		para[n] = ' ';
	para[PASSAGE_MIN] = '\0';
	/* heading, underline, a long paragraph, two short ones at the end */
	n = (size_t)snprintf(text, sizeof(text),
			     "Title\n=====\n\n%s\n\nshort one\n\n\nshort two\n",
			     para);
	assert_int_equal(split_joined(text, n), 0);
	check_invariants(text, n);
	check_lines(text);
	assert_int_equal(seen.n, 2);
	assert_int_equal(seen.p[0].line, 1);
	assert_int_equal(seen.p[0].end_line, 4);
	assert_int_equal(seen.p[0].len, 13 + PASSAGE_MIN);
	assert_memory_equal(seen.p[0].text, "Title\n=====\n\nwwwwwww ", 20);
	/* A short passage takes the next even when that one is short. */
	assert_passage(1, "short one\n\n\nshort two", 6, 9);
	/* Without joining: four. */
	assert_int_equal(split(text, n), 0);
	assert_int_equal(seen.n, 4);
}

/*
 * A paragraph of half PASSAGE_MIN or more ends a passage: sections of
 * a heading and a paragraph each stay apart.
 */
static void test_join_sections(void **state)
{
	char text[4 * PASSAGE_MIN], para[PASSAGE_MIN * 3 / 4];
	size_t n, i;

	(void)state;
	for (i = 0; i < sizeof(para) - 1; i++)
		para[i] = i % 6 == 5 ? ' ' : 'p';
	para[sizeof(para) - 2] = '.';
	para[sizeof(para) - 1] = '\0';
	n = (size_t)snprintf(text, sizeof(text), "House\n\n%s\n\nGarden\n\n%s\n",
			     para, para);
	assert_int_equal(split_joined(text, n), 0);
	check_invariants(text, n);
	check_lines(text);
	assert_int_equal(seen.n, 2);
	assert_int_equal(seen.p[0].line, 1);
	assert_int_equal(seen.p[0].end_line, 3);
	assert_int_equal(seen.p[1].line, 5);
	assert_int_equal(seen.p[1].end_line, 7);
	assert_int_equal(seen.p[1].len, 8 + sizeof(para) - 1);
}

/* Joining never passes PASSAGE_MAX, and long-line blocks stay per line. */
static void test_join_bounds(void **state)
{
	static char text[PASSAGE_MAX + 512];
	char line[PASSAGE_LONG_LINE + 20];
	size_t n, i;

	(void)state;
	/* "tiny", then a paragraph that would take the two past the max */
	n = (size_t)snprintf(text, sizeof(text), "tiny\n\n");
	for (i = 0; i < PASSAGE_MAX - 3; i++)
		text[n++] = i % 9 == 8 ? ' ' : 'x';
	text[n] = '\0';
	assert_int_equal(split_joined(text, n), 0);
	check_invariants(text, n);
	assert_int_equal(seen.n, 2);
	assert_passage(0, "tiny", 1, 1);

	/* one paragraph per line: short lines are passages of their own */
	memset(line, 'l', sizeof(line) - 1);
	line[sizeof(line) - 1] = '\0';
	n = (size_t)snprintf(text, sizeof(text), "%s\nshort\n%s\nend\n",
			     line, line);
	assert_int_equal(split_joined(text, n), 0);
	assert_int_equal(seen.n, 4);
	assert_passage(1, "short", 2, 2);
	assert_passage(3, "end", 4, 4);
}

/* A stop from the callback also stops a joined passage. */
static void test_join_stop(void **state)
{
	static const char text[] = "a\n\nb\n\nc";

	(void)state;
	memset(&seen, 0, sizeof(seen));
	seen.stop_at = 1;
	seen.stop_value = 5;
	assert_int_equal(passage_split(text, strlen(text), record, &seen), 5);
	assert_int_equal(seen.n, 1);
	assert_passage(0, "a\n\nb\n\nc", 1, 5);
}

/* Empty and all-blank inputs give no passage and return 0. */
static void test_empty_and_blank(void **state)
{
	static const char *const texts[] = {
		"", "\n", "\n\n\n", "   ", " \t\r\n\r\n", "\f\v \n\t",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		assert_int_equal(split(texts[i], strlen(texts[i])), 0);
		assert_int_equal(seen.n, 0);
	}
	assert_int_equal(split(NULL, 0), 0);
	assert_int_equal(seen.n, 0);
}

/* Only text[0..len) is read, even when more follows in memory. */
static void test_length_bound(void **state)
{
	static const char text[] = "abc def\n\nnot this";

	(void)state;
	assert_int_equal(split(text, 7), 0);
	assert_int_equal(seen.n, 1);
	assert_passage(0, "abc def", 1, 1);
	assert_int_equal(split(text, 10), 0);
	assert_int_equal(seen.n, 2);
	assert_passage(1, "n", 3, 3);
}

/* A non-zero callback result stops the split and is returned. */
static void test_stop_early(void **state)
{
	static const struct {
		size_t stop_at;
		int value;
	} cases[] = { { 1, 7 }, { 2, -1 }, { 3, 1 } };
	static char text[BIG + 64];
	size_t i;

	(void)state;
	strcpy(text, "one\n\ntwo\n\n");
	memset(text + 10, 'y', BIG);
	text[10 + BIG] = '\0';
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memset(&seen, 0, sizeof(seen));
		seen.stop_at = cases[i].stop_at;
		seen.stop_value = cases[i].value;
		assert_int_equal(passage_split(text, strlen(text), record,
					       &seen), cases[i].value);
		assert_int_equal(seen.n, cases[i].stop_at);
	}
}

/* The long-line rule: at least half the lines above 120 bytes. */
static void test_long_line_rule(void **state)
{
	static const struct {
		size_t len[4];
		size_t n;
		size_t passages;
	} cases[] = {
		{ { 121, 121, 121 }, 3, 3 },
		{ { 121, 10, 121, 10 }, 4, 4 },
		{ { 121, 10, 10 }, 3, 1 },
		{ { 120, 120, 120 }, 3, 1 },
		{ { 121 }, 1, 1 },
		{ { 121, 50 }, 2, 2 },
	};
	char text[1024], line[256];
	size_t i, j;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		text[0] = '\0';
		for (j = 0; j < cases[i].n; j++) {
			strcat(text, repeat_line(line, (char)('a' + j),
						 cases[i].len[j]));
			strcat(text, "\r\n");
		}
		assert_int_equal(split(text, strlen(text)), 0);
		check_invariants(text, strlen(text));
		check_lines(text);
		assert_int_equal(seen.n, cases[i].passages);
		if (cases[i].passages == 1) {
			assert_int_equal(seen.p[0].line, 1);
			assert_int_equal(seen.p[0].end_line, cases[i].n);
		}
	}
}

/* One short-line block then one long-line block, decided per block. */
static void test_mixed_blocks(void **state)
{
	char text[2048], line[256];
	size_t i;

	(void)state;
	strcpy(text, "A short heading line\nand a second short one\n\n");
	for (i = 0; i < 3; i++) {
		strcat(text, repeat_line(line, (char)('p' + i), 200));
		strcat(text, "\n");
	}
	strcat(text, "\nshort\ntail\n");
	assert_int_equal(split(text, strlen(text)), 0);
	check_invariants(text, strlen(text));
	check_lines(text);
	assert_int_equal(seen.n, 5);
	assert_passage(0, "A short heading line\nand a second short one", 1,
		       2);
	for (i = 0; i < 3; i++) {
		assert_int_equal(seen.p[1 + i].line, 4 + i);
		assert_int_equal(seen.p[1 + i].len, 200);
		assert_int_equal(seen.p[1 + i].text[0], 'p' + (int)i);
	}
	assert_passage(4, "short\ntail", 8, 9);
}

static unsigned rnd_state;

static unsigned rnd(unsigned n)
{
	rnd_state = rnd_state * 1103515245u + 12345u;
	return (rnd_state >> 16) % n;
}

/* Sentences of random words, on one line, until at least 'size' bytes. */
static size_t make_sentences(char *out, size_t size)
{
	static const char *const ends[] = {
		". ", "! ", "? ", ".\" ", "?\xe2\x80\x9d ",
	};
	size_t len = 0, words, w, k;

	rnd_state = 42;
	while (len < size) {
		words = 4 + rnd(16);
		for (w = 0; w < words; w++) {
			k = 2 + rnd(8);
			while (k--)
				out[len++] = (char)('a' + rnd(26));
			if (w + 1 < words)
				out[len++] = rnd(10) ? ' ' : ',';
			if (out[len - 1] == ',')
				out[len++] = ' ';
		}
		k = rnd(5);
		memcpy(out + len, ends[k], strlen(ends[k]));
		len += strlen(ends[k]);
	}
	while (out[len - 1] == ' ')
		len--;
	return len;
}

static int ends_sentence(const char *s, size_t n)
{
	char c = s[n - 1];

	if (c == '"' && n >= 2)
		c = s[n - 2];
	else if (n >= 4 && memcmp(s + n - 3, "\xe2\x80\x9d", 3) == 0)
		c = s[n - 4];
	return c == '.' || c == '!' || c == '?';
}

/* Sizes of the pieces: at most PASSAGE_MAX, max/min below 1.5. */
static void check_similar_sizes(void)
{
	size_t i, min = (size_t)-1, max = 0;

	assert_true(seen.n >= 2);
	for (i = 0; i < seen.n; i++) {
		if (seen.p[i].len < min)
			min = seen.p[i].len;
		if (seen.p[i].len > max)
			max = seen.p[i].len;
	}
	assert_true(max <= PASSAGE_MAX);
	assert_true(max * 2 < min * 3);
}

/* The pieces and the white space between them make up the paragraph. */
static void check_cover(const char *para, size_t len)
{
	const char *at = para;
	size_t i;

	for (i = 0; i < seen.n; i++) {
		while (at < seen.p[i].text) {
			assert_true(is_ws(*at));
			at++;
		}
		assert_ptr_equal(at, seen.p[i].text);
		at += seen.p[i].len;
	}
	while (at < para + len) {
		assert_true(is_ws(*at));
		at++;
	}
}

/* A 50 KB one-line paragraph of sentences: cut at sentence ends. */
static void test_long_sentences(void **state)
{
	static char text[BIG + 512];
	size_t len, i;

	(void)state;
	memcpy(text, "Heading\n\n", 9);
	len = 9 + make_sentences(text + 9, BIG);
	text[len++] = '\n';
	assert_int_equal(split(text, len), 0);
	check_invariants(text, len);
	check_lines(text);
	assert_true(seen.n >= 1 + BIG / PASSAGE_TARGET);
	assert_passage(0, "Heading", 1, 1);
	memmove(&seen.p[0], &seen.p[1], (seen.n - 1) * sizeof(seen.p[0]));
	seen.n--;
	for (i = 0; i < seen.n; i++) {
		assert_int_equal(seen.p[i].line, 3);
		assert_int_equal(seen.p[i].end_line, 3);
		if (i + 1 < seen.n)
			assert_true(ends_sentence(seen.p[i].text,
						  seen.p[i].len));
	}
	check_similar_sizes();
	check_cover(text + 9, len - 9);
}

/* A 50 KB line with neither sentence ends nor spaces still fits. */
static void test_long_no_spaces(void **state)
{
	static char text[BIG];
	size_t i;

	(void)state;
	memset(text, 'x', BIG);
	assert_int_equal(split(text, BIG), 0);
	check_invariants(text, BIG);
	check_similar_sizes();
	check_cover(text, BIG);
	assert_int_equal(seen.n, BIG / PASSAGE_TARGET);
	for (i = 0; i < seen.n; i++)
		assert_int_equal(seen.p[i].line, 1);
}

/* Multi-byte characters without spaces: no piece cuts a sequence. */
static void test_long_multibyte(void **state)
{
	static const char *const chars[] = {
		"\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80", "z",
	};
	static char text[BIG + 8];
	size_t len = 0, i, k;

	(void)state;
	rnd_state = 7;
	while (len < BIG) {
		k = rnd(4);
		memcpy(text + len, chars[k], strlen(chars[k]));
		len += strlen(chars[k]);
	}
	assert_int_equal(split(text, len), 0);
	check_invariants(text, len);
	check_similar_sizes();
	check_cover(text, len);
	for (i = 0; i < seen.n; i++) {
		const struct passage *p = &seen.p[i];

		assert_int_not_equal((unsigned char)p->text[0] & 0xc0, 0x80);
		if (p->text + p->len < text + len)
			assert_int_not_equal(
				(unsigned char)p->text[p->len] & 0xc0, 0x80);
	}
}

/*
 * Which cut wins: a sentence end within a quarter of the ideal size,
 * otherwise the white space nearest that size.
 */
static void test_cut_preference(void **state)
{
	static const struct {
		size_t stop_at;		/* where a '.' ends a word; 0: none */
		size_t first_len;	/* length of the first piece */
	} cases[] = {
		{ 0, 1001 },
		{ 1150, 1151 },
		{ 850, 851 },
		{ 1402, 1001 },
		{ 598, 1001 },
	};
	static char text[3000];
	size_t i, j;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		/* words "abcde " put every ideal offset (999) inside a word */
		for (j = 0; j < sizeof(text); j++)
			text[j] = j % 6 == 5 ? ' ' : (char)('a' + j % 6);
		if (cases[i].stop_at)
			text[cases[i].stop_at] = '.';
		assert_int_equal(split(text, sizeof(text)), 0);
		check_invariants(text, sizeof(text));
		check_cover(text, sizeof(text));
		assert_int_equal(seen.n, 3);
		assert_int_equal(seen.p[0].len, cases[i].first_len);
		for (j = 0; j + 1 < seen.n; j++)
			assert_int_equal(seen.p[j].text[seen.p[j].len], ' ');
	}
}

/*
 * Sentence ends placed so that every cut falls at the short end of its
 * window make the remaining share grow; then one at the long end of the
 * window.  No piece may exceed PASSAGE_MAX even so.
 */
static void test_uneven_cuts_bounded(void **state)
{
	static char text[BIG];
	size_t pos = 0, n = BIG, k, ideal, c;

	(void)state;
	memset(text, 'x', BIG);
	for (k = BIG / PASSAGE_TARGET; k > 1; k--) {
		ideal = n / k;
		c = ideal > PASSAGE_MAX * 17 / 20 ? ideal + ideal / 4 :
						    ideal - ideal / 4;
		text[pos + c - 1] = '.';
		text[pos + c] = ' ';
		pos += c + 1;
		n -= c + 1;
		if (ideal > PASSAGE_MAX * 17 / 20)
			break;
	}
	assert_true(k > 1);
	assert_int_equal(split(text, BIG), 0);
	check_invariants(text, BIG);
	check_cover(text, BIG);
	assert_int_equal(seen.p[0].len, PASSAGE_TARGET * 3 / 4);
	assert_int_equal(seen.p[1].text[seen.p[1].len - 1], '.');
}

/*
 * A long hard-wrapped paragraph with no sentence ends is cut at line ends,
 * LF or CRLF, the CR staying out of the pieces.
 */
static void test_long_wrapped(void **state)
{
	static const char *const eols[] = { "\n", "\r\n" };
	static char text[80 * 100];
	size_t len, i, e;

	(void)state;
	for (e = 0; e < 2; e++) {
		len = 0;
		for (i = 0; i < 100; i++) {
			memset(text + len, (char)('a' + i % 26), 70);
			text[len + 20] = ' ';
			len += 70;
			memcpy(text + len, eols[e], strlen(eols[e]));
			len += strlen(eols[e]);
		}
		assert_int_equal(split(text, len), 0);
		check_invariants(text, len);
		check_lines(text);
		check_similar_sizes();
		check_cover(text, len);
		assert_int_equal(seen.p[0].line, 1);
		assert_int_equal(seen.p[seen.n - 1].end_line, 100);
		for (i = 0; i + 1 < seen.n; i++) {
			assert_memory_equal(seen.p[i].text + seen.p[i].len,
					    eols[e], strlen(eols[e]));
			assert_int_equal(seen.p[i + 1].line,
					 seen.p[i].end_line + 1);
		}
	}
}

/* A long run of white space skipped at a cut does not leave tiny pieces. */
static void test_space_run_at_cut(void **state)
{
	static char text[4010];

	(void)state;
	memset(text, 'x', 1000);
	memset(text + 1000, ' ', 3000);
	memset(text + 4000, 'y', 10);
	assert_int_equal(split(text, sizeof(text)), 0);
	check_invariants(text, sizeof(text));
	check_cover(text, sizeof(text));
	assert_int_equal(seen.n, 2);
	assert_int_equal(seen.p[0].len, 1000);
	assert_int_equal(seen.p[1].len, 10);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_seed_file),
		cmocka_unit_test(test_seed_layout_embedded),
		cmocka_unit_test(test_hard_wrapped),
		cmocka_unit_test(test_crlf),
		cmocka_unit_test(test_blank_edges),
		cmocka_unit_test(test_join_short),
		cmocka_unit_test(test_join_sections),
		cmocka_unit_test(test_join_bounds),
		cmocka_unit_test(test_join_stop),
		cmocka_unit_test(test_empty_and_blank),
		cmocka_unit_test(test_length_bound),
		cmocka_unit_test(test_stop_early),
		cmocka_unit_test(test_long_line_rule),
		cmocka_unit_test(test_mixed_blocks),
		cmocka_unit_test(test_long_sentences),
		cmocka_unit_test(test_long_no_spaces),
		cmocka_unit_test(test_long_multibyte),
		cmocka_unit_test(test_long_wrapped),
		cmocka_unit_test(test_space_run_at_cut),
		cmocka_unit_test(test_cut_preference),
		cmocka_unit_test(test_uneven_cuts_bounded),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
