/*
 * test_fingerprint.c - unit tests for lib/fingerprint.c.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

#include "fingerprint.h"

/* The 32-hex form of XXH3_128bits(buf, len), computed independently. */
static void expected_hash(char out[FINGERPRINT_HASH_HEX + 1], const void *buf,
			  size_t len)
{
	XXH128_hash_t h = XXH3_128bits(buf, len);
	XXH128_canonical_t c;
	int i;

	/* The canonical form is big-endian high64 then low64. */
	XXH128_canonicalFromHash(&c, h);
	for (i = 0; i < 16; i++)
		sprintf(out + 2 * i, "%02x", c.digest[i]);
}

static int decode_str(struct fingerprint *fp, const char *s)
{
	return fingerprint_decode(fp, s, strlen(s));
}

/* from_stat takes size and nanosecond mtime from a file, clears the rest. */
static void test_from_stat_real_file(void **state)
{
	char dir[] = "/tmp/test_fingerprint.XXXXXX", path[64];
	struct timespec times[2] = { { 1700000000, 123456789 },
				     { 1600000000, 987654321 } };
	struct fingerprint fp;
	struct stat st;
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/f.txt", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	assert_int_equal(fputs("hello, world\n", f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
	/* A fixed mtime with nanoseconds, so the nanosecond part is checked. */
	assert_int_equal(utimensat(AT_FDCWD, path, times, 0), 0);
	assert_int_equal(stat(path, &st), 0);
	memset(&fp, 0x55, sizeof(fp));
	fingerprint_from_stat(&fp, &st);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(rmdir(dir), 0);

	assert_int_equal(fp.size, 13);
	assert_int_equal(fp.mtime_ns, (int64_t)st.st_mtim.tv_sec * 1000000000 +
					   st.st_mtim.tv_nsec);
	assert_int_equal(st.st_mtim.tv_sec, 1600000000);
	assert_int_equal(fp.mtime_ns, INT64_C(1600000000987654321));
	assert_string_equal(fp.hash, "");
	assert_int_equal(fp.passages, 0);
}

/* from_stat keeps a negative (pre-1970) mtime exact. */
static void test_from_stat_negative_mtime(void **state)
{
	struct fingerprint fp;
	struct stat st;

	(void)state;
	memset(&st, 0, sizeof(st));
	st.st_size = 5;
	st.st_mtim.tv_sec = -2;
	st.st_mtim.tv_nsec = 500000000;
	fingerprint_from_stat(&fp, &st);
	assert_int_equal(fp.size, 5);
	assert_int_equal(fp.mtime_ns, INT64_C(-1500000000));
}

/* Equal content hashes equal; one byte changed hashes differently. */
static void test_hash_same_and_changed_content(void **state)
{
	struct fingerprint a, b, c;
	char text1[] = "The quick brown fox jumps over the lazy dog";
	char text2[] = "The quick brown fox jumps over the lazy dog";

	(void)state;
	fingerprint_hash(&a, text1, strlen(text1));
	fingerprint_hash(&b, text2, strlen(text2));
	text2[10] = 'B';
	fingerprint_hash(&c, text2, strlen(text2));
	assert_int_equal(strlen(a.hash), FINGERPRINT_HASH_HEX);
	assert_string_equal(a.hash, b.hash);
	assert_string_not_equal(a.hash, c.hash);
}

/* The hash of "" and of "abc" is XXH3-128, high half first, lower-case. */
static void test_hash_known_values(void **state)
{
	struct fingerprint fp;
	char want[FINGERPRINT_HASH_HEX + 1];

	(void)state;
	expected_hash(want, "", 0);
	fingerprint_hash(&fp, "", 0);
	assert_string_equal(fp.hash, want);
	expected_hash(want, "abc", 3);
	fingerprint_hash(&fp, "abc", 3);
	assert_string_equal(fp.hash, want);
	assert_string_not_equal(fp.hash, "");
}

/* same_stat holds for equal size and mtime, fails on either changing. */
static void test_same_stat(void **state)
{
	struct fingerprint a = { 100, INT64_C(1700000000123456789), "", 0 };
	struct fingerprint b = a;

	(void)state;
	/* The hash and passages do not take part in the quick test. */
	strcpy(b.hash, "0123456789abcdef0123456789abcdef");
	b.passages = 7;
	assert_true(fingerprint_same_stat(&a, &b));
	b.size = 101;
	assert_false(fingerprint_same_stat(&a, &b));
	b.size = 100;
	b.mtime_ns++;
	assert_false(fingerprint_same_stat(&a, &b));
	b.mtime_ns -= 2;
	assert_false(fingerprint_same_stat(&a, &b));
}

/* encode writes the documented text; decode gives back the same fields. */
static void test_encode_decode_round_trip(void **state)
{
	struct fingerprint in = { 1234, INT64_C(1700000000123456789), "", 42 };
	struct fingerprint out;
	char text[FINGERPRINT_TEXT_MAX];
	int n;

	(void)state;
	fingerprint_hash(&in, "abc", 3);
	n = fingerprint_encode(&in, text);
	assert_int_equal(n, strlen(text));
	assert_true(strncmp(text, "1 1234 1700000000123456789 ", 27) == 0);
	assert_string_equal(text + 27 + FINGERPRINT_HASH_HEX, " 42");
	memset(&out, 0, sizeof(out));
	assert_int_equal(fingerprint_decode(&out, text, (size_t)n), 0);
	assert_int_equal(out.size, in.size);
	assert_int_equal(out.mtime_ns, in.mtime_ns);
	assert_string_equal(out.hash, in.hash);
	assert_int_equal(out.passages, in.passages);
}

/* An empty hash is written as "-" and read back as empty. */
static void test_encode_decode_empty_hash(void **state)
{
	struct fingerprint in = { 0, 0, "", 0 }, out;
	char text[FINGERPRINT_TEXT_MAX];
	int n;

	(void)state;
	n = fingerprint_encode(&in, text);
	assert_string_equal(text, "1 0 0 - 0");
	assert_int_equal(n, 9);
	memset(&out, 0x55, sizeof(out));
	assert_int_equal(fingerprint_decode(&out, text, (size_t)n), 0);
	assert_int_equal(out.size, 0);
	assert_int_equal(out.mtime_ns, 0);
	assert_string_equal(out.hash, "");
	assert_int_equal(out.passages, 0);
}

/* Large sizes, negative and extreme mtimes and counts survive the trip. */
static void test_encode_decode_large_values(void **state)
{
	const struct fingerprint cases[] = {
		{ UINT64_C(1) << 40, INT64_C(-1234567890123), "", 3 },
		{ UINT64_MAX, INT64_MAX, "", UINT32_MAX },
		{ 1, INT64_MIN, "", 1 },
	};
	char text[FINGERPRINT_TEXT_MAX];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct fingerprint in = cases[i], out;
		int n;

		fingerprint_hash(&in, &i, sizeof(i));
		n = fingerprint_encode(&in, text);
		assert_true(n > 0 && n < FINGERPRINT_TEXT_MAX);
		memset(&out, 0, sizeof(out));
		assert_int_equal(fingerprint_decode(&out, text, (size_t)n), 0);
		assert_true(out.size == in.size);
		assert_true(out.mtime_ns == in.mtime_ns);
		assert_string_equal(out.hash, in.hash);
		assert_int_equal(out.passages, in.passages);
	}
	fingerprint_encode(&cases[0], text);
	assert_string_equal(text, "1 1099511627776 -1234567890123 - 3");
}

/* A hash that is not 32 lower-case hex digits is written as unknown. */
static void test_encode_malformed_hash_as_unknown(void **state)
{
	struct fingerprint fp = { 1, 2, "abc", 3 };
	char text[FINGERPRINT_TEXT_MAX];

	(void)state;
	fingerprint_encode(&fp, text);
	assert_string_equal(text, "1 1 2 - 3");
	strcpy(fp.hash, "0123456789ABCDEF0123456789abcdef");
	fingerprint_encode(&fp, text);
	assert_string_equal(text, "1 1 2 - 3");
	strcpy(fp.hash, "0123456789abcdef0123456789abcdef");
	fingerprint_encode(&fp, text);
	assert_string_equal(text, "1 1 2 0123456789abcdef0123456789abcdef 3");
}

/* decode reads only len bytes: what follows in the buffer is ignored. */
static void test_decode_uses_len(void **state)
{
	const char buf[] = "1 5 6 - 7 and more";
	struct fingerprint fp;

	(void)state;
	assert_int_equal(fingerprint_decode(&fp, buf, 9), 0);
	assert_int_equal(fp.size, 5);
	assert_int_equal(fp.mtime_ns, 6);
	assert_int_equal(fp.passages, 7);
	assert_int_equal(fingerprint_decode(&fp, buf, 10), -1);
}

/* decode rejects a version other than 1. */
static void test_decode_rejects_wrong_version(void **state)
{
	struct fingerprint fp;

	(void)state;
	assert_int_equal(decode_str(&fp, "1 5 6 - 7"), 0);
	assert_int_equal(decode_str(&fp, "2 5 6 - 7"), -1);
	assert_int_equal(decode_str(&fp, "0 5 6 - 7"), -1);
	assert_int_equal(decode_str(&fp, "11 5 6 - 7"), -1);
	assert_int_equal(decode_str(&fp, "01 5 6 - 7"), -1);
	assert_int_equal(decode_str(&fp, "x 5 6 - 7"), -1);
}

/* decode rejects every truncation of a valid text. */
static void test_decode_rejects_truncated(void **state)
{
	struct fingerprint in = { 77, 88, "", 99 }, fp;
	char text[FINGERPRINT_TEXT_MAX];
	size_t n, i;

	(void)state;
	fingerprint_hash(&in, "x", 1);
	n = (size_t)fingerprint_encode(&in, text);
	assert_int_equal(fingerprint_decode(&fp, text, n), 0);
	/* Cutting the final "99" to "9" would still be well formed. */
	for (i = 0; i < n - 1; i++)
		assert_int_equal(fingerprint_decode(&fp, text, i), -1);
	assert_int_equal(decode_str(&fp, ""), -1);
	assert_int_equal(decode_str(&fp, "1 5 6 -"), -1);
	assert_int_equal(decode_str(&fp, "1 5 6 - "), -1);
}

/* decode rejects a hash that is not 32 lower-case hex digits or "-". */
static void test_decode_rejects_bad_hash(void **state)
{
	struct fingerprint fp;

	(void)state;
	assert_int_equal(decode_str(&fp,
		"1 5 6 0123456789abcdef0123456789abcdef 7"), 0);
	assert_string_equal(fp.hash, "0123456789abcdef0123456789abcdef");
	assert_int_equal(decode_str(&fp,
		"1 5 6 0123456789abcdeg0123456789abcdef 7"), -1);
	assert_int_equal(decode_str(&fp,
		"1 5 6 0123456789ABCDEF0123456789abcdef 7"), -1);
	assert_int_equal(decode_str(&fp,
		"1 5 6 0123456789abcdef0123456789abcde 7"), -1);
	assert_int_equal(decode_str(&fp,
		"1 5 6 0123456789abcdef0123456789abcdef0 7"), -1);
	assert_int_equal(decode_str(&fp, "1 5 6 -- 7"), -1);
	assert_int_equal(decode_str(&fp, "1 5 6  7"), -1);
}

/* decode rejects anything after the passage count. */
static void test_decode_rejects_trailing_garbage(void **state)
{
	struct fingerprint fp;

	(void)state;
	assert_int_equal(decode_str(&fp, "1 5 6 - 7x"), -1);
	assert_int_equal(decode_str(&fp, "1 5 6 - 7 "), -1);
	assert_int_equal(decode_str(&fp, "1 5 6 - 7\n"), -1);
	assert_int_equal(decode_str(&fp, "1 5 6 - 7 8"), -1);
	assert_int_equal(fingerprint_decode(&fp, "1 5 6 - 7\0", 10), -1);
}

/* decode rejects numbers that are empty, signed wrongly or out of range. */
static void test_decode_rejects_bad_numbers(void **state)
{
	static const char *const bad[] = {
		"1  6 - 7",			/* empty size */
		"1 -5 6 - 7",			/* negative size */
		"1 +5 6 - 7",			/* explicit plus */
		"1 5x 6 - 7",			/* letters in a number */
		"1 18446744073709551616 6 - 7",	/* size 2^64 */
		"1 5 9223372036854775808 - 7",	/* mtime INT64_MAX + 1 */
		"1 5 -9223372036854775809 - 7",	/* mtime INT64_MIN - 1 */
		"1 5 - - 7",			/* a lone minus */
		"1 5 --6 - 7",			/* two minuses */
		"1 5 6 - -7",			/* negative passages */
		"1 5 6 - 4294967296",		/* passages UINT_MAX + 1 */
		"1 5 6.5 - 7",			/* a fraction */
		"1 5 0x6 - 7",			/* hex */
		"1 5  6 - 7",			/* two spaces */
		"1\t5 6 - 7",			/* a tab */
		" 1 5 6 - 7",			/* leading space */
	};
	struct fingerprint fp = { 1, 2, "", 3 };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (decode_str(&fp, bad[i]) != -1)
			fail_msg("accepted \"%s\"", bad[i]);
	}
	/* A failed decode leaves the struct as it was. */
	assert_int_equal(fp.size, 1);
	assert_int_equal(fp.mtime_ns, 2);
	assert_string_equal(fp.hash, "");
	assert_int_equal(fp.passages, 3);
	assert_int_equal(decode_str(&fp, "1 5 -9223372036854775808 - 7"), 0);
	assert_true(fp.mtime_ns == INT64_MIN);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_from_stat_real_file),
		cmocka_unit_test(test_from_stat_negative_mtime),
		cmocka_unit_test(test_hash_same_and_changed_content),
		cmocka_unit_test(test_hash_known_values),
		cmocka_unit_test(test_same_stat),
		cmocka_unit_test(test_encode_decode_round_trip),
		cmocka_unit_test(test_encode_decode_empty_hash),
		cmocka_unit_test(test_encode_decode_large_values),
		cmocka_unit_test(test_encode_malformed_hash_as_unknown),
		cmocka_unit_test(test_decode_uses_len),
		cmocka_unit_test(test_decode_rejects_wrong_version),
		cmocka_unit_test(test_decode_rejects_truncated),
		cmocka_unit_test(test_decode_rejects_bad_hash),
		cmocka_unit_test(test_decode_rejects_trailing_garbage),
		cmocka_unit_test(test_decode_rejects_bad_numbers),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
