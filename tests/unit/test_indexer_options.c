/*
 * test_indexer_options.c - unit tests for indexer/options.c: the value
 * parsers, and the options a command line gives.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <getopt.h>

#include "options.h"
#include "passage.h"

static uint64_t size_ok(const char *arg)
{
	uint64_t v = 0;

	assert_int_equal(options_parse_size(arg, &v), 0);
	return v;
}

static void size_bad(const char *arg)
{
	uint64_t v = 42;

	assert_int_equal(options_parse_size(arg, &v), -1);
	assert_true(v == 42);
}

static void test_size_suffixes(void **state)
{
	(void)state;
	assert_true(size_ok("1") == 1);
	assert_true(size_ok("4096") == 4096);
	assert_true(size_ok("1k") == 1024);
	assert_true(size_ok("2K") == 2048);
	assert_true(size_ok("64M") == 64ULL << 20);
	assert_true(size_ok("64m") == 64ULL << 20);
	assert_true(size_ok("3G") == 3ULL << 30);
	assert_true(size_ok("007") == 7);
}

static void test_size_rejects(void **state)
{
	(void)state;
	size_bad("");
	size_bad("0");
	size_bad("0K");
	size_bad("-1");
	size_bad(" 5");
	size_bad("+5");
	size_bad("K");
	size_bad("10Q");
	size_bad("10KB");
	size_bad("10 K");
	size_bad("1.5M");
	size_bad("5T");
}

static void test_size_overflow(void **state)
{
	(void)state;
	/* The largest value, and one more. */
	assert_true(size_ok("18446744073709551615") == UINT64_MAX);
	size_bad("18446744073709551616");
	size_bad("99999999999999999999");
	/* A suffix that shifts the number out of 64 bits. */
	assert_true(size_ok("17179869183G") == 17179869183ULL << 30);
	size_bad("17179869184G");
	size_bad("17179869185G");
	size_bad("18014398509481984K");
	size_bad("18446744073709551615K");
}

static double seconds_ok(const char *arg)
{
	double v = -1;

	assert_int_equal(options_parse_seconds(arg, &v), 0);
	return v;
}

static void seconds_bad(const char *arg)
{
	double v = 42;

	assert_int_equal(options_parse_seconds(arg, &v), -1);
	assert_true(v == 42);
}

static void test_seconds(void **state)
{
	(void)state;
	assert_true(seconds_ok("0") == 0);
	assert_true(seconds_ok("30") == 30);
	assert_true(seconds_ok("2.5") == 2.5);
	assert_true(seconds_ok(".25") == 0.25);
	assert_true(seconds_ok("1e9") == 1e9);
	seconds_bad("");
	seconds_bad("-1");
	seconds_bad("-0");
	seconds_bad(" 5");
	seconds_bad("5s");
	seconds_bad("1e10");
	seconds_bad("1e999");
	seconds_bad("inf");
	seconds_bad("nan");
}

static void test_count(void **state)
{
	unsigned long v = 0;

	(void)state;
	assert_int_equal(options_parse_count("1", &v), 0);
	assert_int_equal(v, 1);
	assert_int_equal(options_parse_count("10000", &v), 0);
	assert_int_equal(v, 10000);
	v = 42;
	assert_int_equal(options_parse_count("0", &v), -1);
	assert_int_equal(options_parse_count("", &v), -1);
	assert_int_equal(options_parse_count("-1", &v), -1);
	/* strtoul would read " -1" as the largest number. */
	assert_int_equal(options_parse_count(" -1", &v), -1);
	assert_int_equal(options_parse_count("+1", &v), -1);
	assert_int_equal(options_parse_count("12abc", &v), -1);
	assert_int_equal(options_parse_count("1.0", &v), -1);
	assert_int_equal(options_parse_count("99999999999999999999999", &v), -1);
	assert_int_equal(v, 42);
}

static void test_upto(void **state)
{
	unsigned long v = 1;

	(void)state;
	assert_int_equal(options_parse_upto("0", 2000, &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(options_parse_upto("2000", 2000, &v), 0);
	assert_int_equal(v, 2000);
	assert_int_equal(options_parse_upto("2001", 2000, &v), -1);
	assert_int_equal(options_parse_upto("-1", 2000, &v), -1);
	assert_int_equal(options_parse_upto("", 2000, &v), -1);
	assert_int_equal(v, 2000);
}

/* Parses the NULL-terminated arguments after "indexer". */
static void parse(struct indexer_options *o, ...)
{
	static char *argv[32];
	int argc = 0;
	va_list ap;
	char *a;

	argv[argc++] = "indexer";
	va_start(ap, o);
	while ((a = va_arg(ap, char *)) != NULL && argc < 31)
		argv[argc++] = a;
	va_end(ap);
	argv[argc] = NULL;
	optind = 0;		/* getopt starts afresh */
	options_parse(argc, argv, o);
}

static void test_defaults(void **state)
{
	struct indexer_options o;

	(void)state;
	unsetenv("SEARCH_INDEX");
	parse(&o, NULL);
	assert_string_equal(o.index, ".search-index");
	assert_null(o.lang);
	assert_false(o.full || o.check || o.quiet || o.apply.verify);
	assert_true(o.apply.max_size == 64ULL << 20);
	assert_int_equal(o.apply.min_passage, PASSAGE_MIN);
	assert_int_equal(o.batch, 10000);
	assert_true(o.jobs >= 1 && o.jobs <= 2);
	assert_true(o.lock_timeout == 0);
	assert_int_equal(o.npaths, 0);

	setenv("SEARCH_INDEX", "from-env", 1);
	parse(&o, "a", NULL);
	assert_string_equal(o.index, "from-env");
	/* An empty variable is no index. */
	setenv("SEARCH_INDEX", "", 1);
	parse(&o, "a", NULL);
	assert_string_equal(o.index, ".search-index");
	unsetenv("SEARCH_INDEX");
}

static void test_every_option(void **state)
{
	struct indexer_options o;

	(void)state;
	setenv("SEARCH_INDEX", "from-env", 1);
	parse(&o, "-d", "idx", "--full", "--verify", "--lang", "french",
	      "--max-file-size", "1K", "--batch-size", "5", "-j", "3",
	      "--min-passage", "0", "--lock-timeout", "1.5", "--check", "-q",
	      "dir1", "dir2/", NULL);
	unsetenv("SEARCH_INDEX");
	assert_string_equal(o.index, "idx");
	assert_true(o.full && o.check && o.quiet && o.apply.verify);
	assert_string_equal(o.lang, "french");
	assert_true(o.apply.max_size == 1024);
	assert_int_equal(o.batch, 5);
	assert_int_equal(o.jobs, 3);
	assert_int_equal(o.apply.min_passage, 0);
	assert_true(o.lock_timeout == 1.5);
	assert_int_equal(o.npaths, 2);
	assert_string_equal(o.paths[0], "dir1");
	assert_string_equal(o.paths[1], "dir2/");

	parse(&o, "--index=other", "--jobs=64", "p", NULL);
	assert_string_equal(o.index, "other");
	assert_int_equal(o.jobs, 64);
	assert_int_equal(o.npaths, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_size_suffixes),
		cmocka_unit_test(test_size_rejects),
		cmocka_unit_test(test_size_overflow),
		cmocka_unit_test(test_seconds),
		cmocka_unit_test(test_count),
		cmocka_unit_test(test_upto),
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_every_option),
	};

	return cmocka_run_group_tests_name("indexer options", tests, NULL,
					   NULL);
}
