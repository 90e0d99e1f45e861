/*
 * test_decode.c - unit tests for lib/decode.c.
 *
 * Inputs are byte strings written out in the tests (with their lengths,
 * as most hold NULs); the thresholds tested are those documented at the
 * top of decode.c.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "decode.h"

#define S(lit) lit, sizeof(lit) - 1

struct text_case {
	const char *in;
	size_t in_len;
	const char *want;
	size_t want_len;
	enum decode_encoding enc;
	size_t replaced;
};

/* Decodes in[0..len) as text and checks the result exactly. */
static void expect_text(const char *in, size_t len, const char *want,
			size_t want_len, enum decode_encoding enc,
			size_t replaced)
{
	struct decoded d;

	assert_int_equal(decode_to_utf8(in, len, &d), DECODE_TEXT);
	assert_non_null(d.text);
	assert_int_equal(d.len, want_len);
	assert_memory_equal(d.text, want, want_len);
	assert_int_equal(d.text[d.len], '\0');
	assert_int_equal(d.encoding, enc);
	assert_int_equal(d.replaced, replaced);
	decode_release(&d);
	assert_null(d.text);
}

static void expect_cases(const struct text_case *c, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		expect_text(c[i].in, c[i].in_len, c[i].want, c[i].want_len,
			    c[i].enc, c[i].replaced);
}

static void expect_binary(const char *in, size_t len)
{
	struct decoded d;

	memset(&d, 0x5a, sizeof(d));
	assert_int_equal(decode_to_utf8(in, len, &d), DECODE_BINARY);
	assert_null(d.text);
}

/* Valid UTF-8, accents and all, comes back byte for byte. */
static void test_plain_utf8(void **state)
{
	static const char in[] =
		"Ra\xc3\xbal \xe2\x80\x9cquoted\xe2\x80\x9d \xe2\x82\xac"
		"5 \xf0\x9f\x98\x80\r\n\tend\x1b[0m\f\n";

	(void)state;
	expect_text(S(in), S(in), ENC_UTF8, 0);
}

/* The edges of the valid ranges are accepted as is. */
static void test_utf8_edges_valid(void **state)
{
	static const char in[] =
		"\xc2\x80 \xdf\xbf \xe0\xa0\x80 \xed\x9f\xbf \xee\x80\x80 "
		"\xef\xbf\xbf \xf0\x90\x80\x80 \xf4\x8f\xbf\xbf";

	(void)state;
	expect_text(S(in), S(in), ENC_UTF8, 0);
}

/* A UTF-8 BOM is dropped and the rest kept. */
static void test_utf8_bom(void **state)
{
	static const struct text_case cases[] = {
		{ S("\xef\xbb\xbf" "caf\xc3\xa9"), S("caf\xc3\xa9"), ENC_UTF8,
		  0 },
		{ S("\xef\xbb\xbf"), S(""), ENC_UTF8, 0 },
		{ S("\xef\xbb\xbf" "caf\xe9"), S("caf\xc3\xa9"), ENC_CP1252,
		  0 },
	};

	(void)state;
	expect_cases(cases, sizeof(cases) / sizeof(cases[0]));
}

/* UTF-16 with and without a BOM, both byte orders, becomes UTF-8. */
static void test_utf16(void **state)
{
	static const struct text_case cases[] = {
		{ S("\xff\xfe" "c\0a\0f\0\xe9\0\n\0"), S("caf\xc3\xa9\n"),
		  ENC_UTF16LE, 0 },
		{ S("\xfe\xff" "\0c\0a\0f\0\xe9\0\n"), S("caf\xc3\xa9\n"),
		  ENC_UTF16BE, 0 },
		{ S("c\0a\0f\0\xe9\0"), S("caf\xc3\xa9"), ENC_UTF16LE, 0 },
		{ S("\0c\0a\0f\0\xe9"), S("caf\xc3\xa9"), ENC_UTF16BE, 0 },
		{ S("\xff\xfe" "=\xd8\0\xde" "\xac\x20"),
		  S("\xf0\x9f\x98\x80\xe2\x82\xac"), ENC_UTF16LE, 0 },
		{ S("\xfe\xff" "\xd8=\xde\0" "\x20\xac"),
		  S("\xf0\x9f\x98\x80\xe2\x82\xac"), ENC_UTF16BE, 0 },
		{ S("\xff\xfe"), S(""), ENC_UTF16LE, 0 },
		{ S("\xff\xfe" "a\0\0\0b\0"), S("a b"), ENC_UTF16LE, 0 },
		{ S("c\0\0\x01" "f\0\xe9\0"), S("c\xc4\x80" "f\xc3\xa9"),
		  ENC_UTF16LE, 0 },
		{ S("\0c\x01\0\0f\0\xe9"), S("c\xc4\x80" "f\xc3\xa9"),
		  ENC_UTF16BE, 0 },
		/* just over half the high bytes NUL; exactly half is not */
		{ S("c\0a\0bc"), S("ca\xe6\x8d\xa2"), ENC_UTF16LE, 0 },
		{ S("c\0ab"), S("c ab"), ENC_UTF8, 0 },
		{ S("\0cba"), S(" cba"), ENC_UTF8, 0 },
	};

	(void)state;
	expect_cases(cases, sizeof(cases) / sizeof(cases[0]));
}

/* An odd last byte or an unpaired surrogate is U+FFFD, not a failure. */
static void test_utf16_damaged(void **state)
{
	static const struct text_case cases[] = {
		{ S("\xff\xfe" "a\0b\0c"), S("ab\xef\xbf\xbd"), ENC_UTF16LE,
		  1 },
		{ S("\xfe\xff" "\0a\0b\0"), S("ab\xef\xbf\xbd"), ENC_UTF16BE,
		  1 },
		{ S("\xff\xfe" "a\0\0\xdc" "b\0"), S("a\xef\xbf\xbd" "b"),
		  ENC_UTF16LE, 1 },
		{ S("\xff\xfe" "a\0\0\xd8" "b\0"), S("a\xef\xbf\xbd" "b"),
		  ENC_UTF16LE, 1 },
		{ S("\xff\xfe" "a\0\0\xd8"), S("a\xef\xbf\xbd"), ENC_UTF16LE,
		  1 },
		{ S("\xfe\xff" "\xd8\0\xd8\0\0b"),
		  S("\xef\xbf\xbd\xef\xbf\xbd" "b"), ENC_UTF16BE, 2 },
		{ S("\xff\xfe" "a\0\0\xd8" "z"),
		  S("a\xef\xbf\xbd\xef\xbf\xbd"), ENC_UTF16LE, 2 },
	};

	(void)state;
	expect_cases(cases, sizeof(cases) / sizeof(cases[0]));
}

/* BOM-less "UTF-16" whose code units are controls or NULs is binary. */
static void test_utf16_guess_binary(void **state)
{
	static const char utf32[] = "a\0\0\0b\0\0\0c\0\0\0d\0\0\0";
	char in[64];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(in); i += 2) {
		in[i] = (char)(1 + i % 7);
		in[i + 1] = '\0';
	}
	expect_binary(in, sizeof(in));
	for (i = 0; i < sizeof(in); i += 2) {
		in[i] = '\0';
		in[i + 1] = (char)(1 + i % 7);
	}
	expect_binary(in, sizeof(in));
	expect_binary(S(utf32));
}

/* A large CP1252 text is converted whole (the output is shrunk after). */
static void test_cp1252_large(void **state)
{
	static char in[20000], want[40000];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(in); i++)
		in[i] = i % 10 == 9 ? '\xe9' : (char)('a' + i % 10);
	for (i = 0; i < sizeof(in); i++) {
		want[i + i / 10] = in[i];
		if (i % 10 == 9) {
			want[i + i / 10] = '\xc3';
			want[i + i / 10 + 1] = '\xa9';
		}
	}
	expect_text(in, sizeof(in), want, sizeof(in) + sizeof(in) / 10,
		    ENC_CP1252, 0);
}

/* Latin-1 and Windows-1252 bytes become the same characters in UTF-8. */
static void test_cp1252(void **state)
{
	static const struct text_case cases[] = {
		{ S("caf\xe9 cr\xe8me br\xfbl\xe9" "e"),
		  S("caf\xc3\xa9 cr\xc3\xa8me br\xc3\xbbl\xc3\xa9" "e"),
		  ENC_CP1252, 0 },
		{ S("\x93quoted\x94 costs \x80" "5"),
		  S("\xe2\x80\x9cquoted\xe2\x80\x9d costs \xe2\x82\xac" "5"),
		  ENC_CP1252, 0 },
		{ S("na\xefve \xff"), S("na\xc3\xafve \xc3\xbf"), ENC_CP1252,
		  0 },
		{ S("a\x81" "b\x8d\x8f\x90\x9d"),
		  S("a\xef\xbf\xbd" "b\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"
		    "\xef\xbf\xbd"), ENC_CP1252, 5 },
	};

	(void)state;
	expect_cases(cases, sizeof(cases) / sizeof(cases[0]));
}

/* One stray byte among many valid accents is repaired, the rest kept. */
static void test_utf8_repaired(void **state)
{
	static const char in[] =
		"Ra\xc3\xbal y Fidel \xe2\x80\x9c" "en M\xc3\xa9xico"
		"\xe2\x80\x9d \xff se re\xc3\xba" "nen.";
	static const char want[] =
		"Ra\xc3\xbal y Fidel \xe2\x80\x9c" "en M\xc3\xa9xico"
		"\xe2\x80\x9d \xef\xbf\xbd se re\xc3\xba" "nen.";

	(void)state;
	expect_text(S(in), S(want), ENC_UTF8_REPAIRED, 1);
}

/* Overlongs, surrogates, code points past U+10FFFF: every byte invalid. */
static void test_utf8_invalid_sequences(void **state)
{
	static const struct {
		const char *bad;
		size_t len;
	} cases[] = {
		{ S("\xc0\xaf") }, { S("\xc1\xbf") },
		{ S("\xe0\x80\xaf") }, { S("\xe0\x9f\xbf") },
		{ S("\xf0\x80\x80\xaf") }, { S("\xf0\x8f\xbf\xbf") },
		{ S("\xed\xa0\x80") }, { S("\xed\xbf\xbf") },
		{ S("\xf4\x90\x80\x80") }, { S("\xf5\x80\x80\x80") },
		{ S("\xf8\x88\x80\x80\x80") }, { S("\xfe") },
		{ S("\x80") }, { S("\xbf\xbf") },
		{ S("\xe2\x82") }, { S("\xf0\x9f\x98") }, { S("\xc3") },
	};
	static const char good[] = "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
				   "\xc3\xa9";
	char in[64], want[128];
	size_t i, j, n, w;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		n = 0;
		w = 0;
		memcpy(in, good, sizeof(good) - 1);
		n += sizeof(good) - 1;
		memcpy(in + n, cases[i].bad, cases[i].len);
		n += cases[i].len;
		in[n++] = '!';
		memcpy(want, good, sizeof(good) - 1);
		w += sizeof(good) - 1;
		for (j = 0; j < cases[i].len; j++) {
			memcpy(want + w, "\xef\xbf\xbd", 3);
			w += 3;
		}
		want[w++] = '!';
		expect_text(in, n, want, w, ENC_UTF8_REPAIRED, cases[i].len);
	}
}

/* A sequence cut short by the end of input is invalid too. */
static void test_utf8_truncated(void **state)
{
	static const struct text_case cases[] = {
		{ S("\xc3\xa9\xc3\xa9\xc3\xa9\xe2\x82"),
		  S("\xc3\xa9\xc3\xa9\xc3\xa9\xef\xbf\xbd\xef\xbf\xbd"),
		  ENC_UTF8_REPAIRED, 2 },
		{ S("\xc3\xa9\xc3\xa9\xf0\x9f\x98"),
		  S("\xc3\x83\xc2\xa9\xc3\x83\xc2\xa9\xc3\xb0\xc5\xb8\xcb\x9c"),
		  ENC_CP1252, 0 },
	};

	(void)state;
	expect_cases(cases, sizeof(cases) / sizeof(cases[0]));
}

/* "Mostly valid": fewer invalid bytes than valid sequences. */
static void test_mostly_valid_rule(void **state)
{
	static const struct text_case cases[] = {
		/* 3 valid, 2 invalid: repaired */
		{ S("\xc3\xa9\xc3\xa9\xc3\xa9 \xe9\xe8"),
		  S("\xc3\xa9\xc3\xa9\xc3\xa9 \xef\xbf\xbd\xef\xbf\xbd"),
		  ENC_UTF8_REPAIRED, 2 },
		/* 2 valid, 2 invalid: CP1252 */
		{ S("\xc3\xa9\xc3\xa9 \xe9\xe8"),
		  S("\xc3\x83\xc2\xa9\xc3\x83\xc2\xa9 \xc3\xa9\xc3\xa8"),
		  ENC_CP1252, 0 },
		/* only an invalid byte: CP1252 */
		{ S("plain \xff"), S("plain \xc3\xbf"), ENC_CP1252, 0 },
	};

	(void)state;
	expect_cases(cases, sizeof(cases) / sizeof(cases[0]));
}

/* Headers of binary formats and random bytes are binary. */
static void test_binary(void **state)
{
	static const char elf[] =
		"\x7f" "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x02\0>\0\x01\0\0\0"
		"\x40\x10\x40\0\0\0\0\0";
	static const char png[] =
		"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0";
	char noise[4096];
	unsigned r = 1;
	size_t i;

	(void)state;
	expect_binary(S(elf));
	expect_binary(S(png));
	/* random bytes without any NUL: caught by the control share */
	for (i = 0; i < sizeof(noise); i++) {
		r = r * 1103515245u + 12345u;
		noise[i] = (char)((r >> 16) & 0xff);
		if (noise[i] == 0)
			noise[i] = 'x';
	}
	expect_binary(noise, sizeof(noise));
	for (i = 0; i < sizeof(noise); i++)
		noise[i] = (char)(1 + i % 8);
	expect_binary(noise, sizeof(noise));
}

/* Fills n bytes with lines of text, then puts 'bad' at k spread places. */
static void spread(char *buf, size_t n, char bad, size_t k)
{
	size_t i;

	for (i = 0; i < n; i++)
		buf[i] = i % 60 == 59 ? '\n' : (char)('a' + i % 26);
	for (i = 0; i < k; i++)
		buf[i * (n / k) + 1] = bad;
}

/* Each binary threshold, just below and just above. */
static void test_binary_thresholds(void **state)
{
	static const struct {
		char bad;
		size_t count;
		int binary;
	} cases[] = {
		{ '\0', 10, 0 },	/* 1.0% NUL */
		{ '\0', 11, 1 },	/* 1.1% NUL */
		{ '\x01', 80, 0 },	/* 8.0% control */
		{ '\x01', 81, 1 },	/* 8.1% control */
		{ '\x7f', 81, 1 },	/* DEL counts */
		{ '\x1b', 200, 0 },	/* ESC does not */
		{ '\f', 200, 0 },
		{ '\v', 200, 0 },
	};
	char buf[1000];
	struct decoded d;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		spread(buf, sizeof(buf), cases[i].bad, cases[i].count);
		assert_int_equal(decode_to_utf8(buf, sizeof(buf), &d),
				 cases[i].binary ? DECODE_BINARY :
						   DECODE_TEXT);
		if (!cases[i].binary) {
			assert_int_equal(d.len, sizeof(buf));
			assert_null(memchr(d.text, '\0', d.len));
		}
		decode_release(&d);
	}
	/* NULs and controls add up: 5 + 76 = 81 */
	spread(buf, sizeof(buf), '\x02', 81);
	for (i = 0; i < 5; i++)
		buf[i * (sizeof(buf) / 81) + 1] = '\0';
	expect_binary(buf, sizeof(buf));
}

/* Two NULs in a row are binary, even in a long text. */
static void test_binary_nul_run(void **state)
{
	static char buf[8000], want[8000];

	(void)state;
	spread(buf, sizeof(buf), 'x', 1);
	buf[500] = '\0';
	buf[501] = '\0';
	expect_binary(buf, sizeof(buf));
	buf[501] = 'y';
	memcpy(want, buf, sizeof(buf));
	want[500] = ' ';
	expect_text(buf, sizeof(buf), want, sizeof(want), ENC_UTF8, 0);
}

/* Only the first 8 KiB are sampled for the binary test. */
static void test_binary_sample_only(void **state)
{
	static char buf[8192 + 2000];
	struct decoded d;

	(void)state;
	spread(buf, 8192, 'x', 1);
	memset(buf + 8192, '\x01', 2000);
	assert_int_equal(decode_to_utf8(buf, sizeof(buf), &d), DECODE_TEXT);
	assert_int_equal(d.len, sizeof(buf));
	decode_release(&d);
	memmove(buf + 2000, buf, 8192);
	memset(buf, '\x01', 2000);
	expect_binary(buf, sizeof(buf));
}

/* A stray NUL, or a lone control, in short text is kept as text. */
static void test_stray_nul(void **state)
{
	static const struct text_case cases[] = {
		{ S("hello\0world"), S("hello world"), ENC_UTF8, 0 },
		{ S("\0"), S(" "), ENC_UTF8, 0 },
		{ S("caf\xe9\0ok"), S("caf\xc3\xa9 ok"), ENC_CP1252, 0 },
		{ S("\xc3\xa9\xc3\xa9\xff\0."),
		  S("\xc3\xa9\xc3\xa9\xef\xbf\xbd ."), ENC_UTF8_REPAIRED, 1 },
		{ S("hi\r\n\x1a"), S("hi\r\n\x1a"), ENC_UTF8, 0 },
	};

	(void)state;
	expect_cases(cases, sizeof(cases) / sizeof(cases[0]));
}

/* Empty input is empty text, with a terminated buffer. */
static void test_empty(void **state)
{
	static const char nothing[1];

	(void)state;
	expect_text(nothing, 0, "", 0, ENC_UTF8, 0);
}

/* A size the output could not be allocated for is DECODE_NO_MEMORY. */
static void test_too_large(void **state)
{
	static const char bom[] = "\xff\xfe";
	struct decoded d;

	(void)state;
	/* The size is refused before a byte past the BOM is read. */
	assert_int_equal(decode_to_utf8(bom, SIZE_MAX, &d), DECODE_NO_MEMORY);
	assert_null(d.text);
}

/* Each encoding has its own name. */
static void test_encoding_names(void **state)
{
	static const struct {
		enum decode_encoding enc;
		const char *name;
	} cases[] = {
		{ ENC_UTF8, "UTF-8" },
		{ ENC_UTF8_REPAIRED, "UTF-8 (repaired)" },
		{ ENC_UTF16LE, "UTF-16LE" },
		{ ENC_UTF16BE, "UTF-16BE" },
		{ ENC_CP1252, "windows-1252" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_string_equal(decode_encoding_name(cases[i].enc),
				    cases[i].name);
	assert_string_equal(decode_encoding_name((enum decode_encoding)99),
			    "unknown");
}

/* decode_release accepts a cleared struct, and clears a used one. */
static void test_release(void **state)
{
	struct decoded d;

	(void)state;
	memset(&d, 0, sizeof(d));
	decode_release(&d);
	assert_null(d.text);
	assert_int_equal(decode_to_utf8(S("abc"), &d), DECODE_TEXT);
	assert_non_null(d.text);
	decode_release(&d);
	assert_null(d.text);
	assert_int_equal(d.len, 0);
	assert_int_equal(d.replaced, 0);
	decode_release(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_utf8),
		cmocka_unit_test(test_utf8_edges_valid),
		cmocka_unit_test(test_utf8_bom),
		cmocka_unit_test(test_utf16),
		cmocka_unit_test(test_utf16_damaged),
		cmocka_unit_test(test_utf16_guess_binary),
		cmocka_unit_test(test_cp1252),
		cmocka_unit_test(test_cp1252_large),
		cmocka_unit_test(test_utf8_repaired),
		cmocka_unit_test(test_utf8_invalid_sequences),
		cmocka_unit_test(test_utf8_truncated),
		cmocka_unit_test(test_mostly_valid_rule),
		cmocka_unit_test(test_binary),
		cmocka_unit_test(test_binary_thresholds),
		cmocka_unit_test(test_binary_nul_run),
		cmocka_unit_test(test_binary_sample_only),
		cmocka_unit_test(test_stray_nul),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_too_large),
		cmocka_unit_test(test_encoding_names),
		cmocka_unit_test(test_release),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
