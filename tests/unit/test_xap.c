/*
 * test_xap.c - unit tests for the Xapian binding (lib/xap.h, lib/xap.cc).
 *
 * Each test gets a fresh temporary directory (under $TMPDIR or /tmp) and
 * builds its indexes inside it; the directory is removed afterwards.
 */
#define _XOPEN_SOURCE 700	/* nftw() */

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "xap.h"

#define DIR_MAX 1024

struct fixture {
	char dir[DIR_MAX];	/* the temporary directory */
	char db[DIR_MAX + 8];	/* dir/db: the index most tests use */
};

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof(*fx));
	const char *tmp = getenv("TMPDIR");

	if (!fx)
		return -1;
	if (!tmp || !*tmp)
		tmp = "/tmp";
	if (snprintf(fx->dir, sizeof(fx->dir), "%s/test_xap.XXXXXX", tmp) >=
	    (int)sizeof(fx->dir) || !mkdtemp(fx->dir)) {
		free(fx);
		return -1;
	}
	snprintf(fx->db, sizeof(fx->db), "%s/db", fx->dir);
	*state = fx;
	return 0;
}

static int remove_entry(const char *path, const struct stat *sb, int type,
			struct FTW *ftw)
{
	(void)sb;
	(void)type;
	(void)ftw;
	return remove(path);
}

static int teardown(void **state)
{
	struct fixture *fx = *state;
	int rc = nftw(fx->dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);

	free(fx);
	return rc;
}

/* ---------------------------------------------------------------------- */
/* Helpers: each asserts success, so a test reads as its scenario.        */
/* ---------------------------------------------------------------------- */

static void check(xap_status st, const xap_error *err)
{
	if (st != XAP_OK)
		print_message("unexpected failure: %s\n", err->msg);
	assert_int_equal(st, XAP_OK);
}

static xap_writer *writer_open(const char *path, unsigned flags)
{
	xap_writer *w = NULL;
	xap_error err;

	check(xap_writer_open(path, flags, &w, &err), &err);
	assert_non_null(w);
	return w;
}

static void begin(xap_writer *w)
{
	xap_error err;

	check(xap_writer_begin(w, &err), &err);
}

static void commit(xap_writer *w)
{
	xap_error err;

	check(xap_writer_commit(w, &err), &err);
}

static void put(xap_writer *w, const char *path, unsigned ordinal,
		unsigned line, unsigned end_line, const char *text)
{
	xap_passage p = { path, text, strlen(text), ordinal, line, end_line, 0, NULL, 0 };
	xap_error err;

	check(xap_writer_put_passage(w, &p, &err), &err);
}

static void delete_file(xap_writer *w, const char *path)
{
	xap_error err;

	check(xap_writer_delete_file(w, path, &err), &err);
}

static unsigned long doc_count(xap_writer *w)
{
	unsigned long n = 12345;
	xap_error err;

	check(xap_writer_doc_count(w, &n, &err), &err);
	return n;
}

static void set_meta(xap_writer *w, const char *key, const char *value)
{
	xap_error err;

	check(xap_writer_set_metadata(w, key, value, strlen(value), &err),
	      &err);
}

static xap_reader *reader_open(const char *path)
{
	xap_reader *r = NULL;
	xap_error err;

	check(xap_reader_open(&path, 1, &r, &err), &err);
	assert_non_null(r);
	return r;
}

static xap_results *search_opts(xap_reader *r, const char *query,
				unsigned flags, unsigned offset)
{
	/* Strict unless --any: never silent has tests of its own. */
	xap_search_opts o = { .query = query, .offset = offset, .limit = 100,
			      .flags = (flags & XAP_SEARCH_ANY) ? flags :
				       flags | XAP_SEARCH_ALL };
	xap_results *res = NULL;
	xap_error err;

	check(xap_search(r, &o, &res, &err), &err);
	assert_non_null(res);
	return res;
}

static xap_results *search(xap_reader *r, const char *query)
{
	return search_opts(r, query, 0, 0);
}

/* Index of the hit for passage 'ordinal' of 'path', or -1. */
static int find_hit(const xap_results *res, const char *path,
		    unsigned ordinal)
{
	for (size_t i = 0; i < xap_results_count(res); i++) {
		const xap_hit *h = xap_results_hit(res, i);

		if (strcmp(h->path, path) == 0 && h->passage == ordinal)
			return (int)i;
	}
	return -1;
}

/*
 * Searches index 'db' and asserts the hits are exactly 'want', a
 * NULL-terminated list of "path#ordinal" strings, in any order.
 */
static void expect_hits(const char *db, const char *query, unsigned flags,
			const char *const *want)
{
	xap_reader *r = reader_open(db);
	xap_results *res = search_opts(r, query, flags, 0);
	size_t n = 0;

	for (; want[n]; n++) {
		char path[512];
		const char *hash = strrchr(want[n], '#');

		assert_non_null(hash);
		snprintf(path, sizeof(path), "%.*s", (int)(hash - want[n]),
			 want[n]);
		if (find_hit(res, path, (unsigned)atoi(hash + 1)) < 0)
			print_message("query '%s' misses %s\n", query, want[n]);
		assert_true(find_hit(res, path, (unsigned)atoi(hash + 1)) >= 0);
	}
	if (xap_results_count(res) != n)
		print_message("query '%s' has %zu hits, want %zu\n", query,
			      xap_results_count(res), n);
	assert_int_equal(xap_results_count(res), n);
	xap_results_free(res);
	xap_reader_close(r);
}

#define HITS(...) ((const char *const[]){ __VA_ARGS__, NULL })
#define NO_HITS ((const char *const[]){ NULL })

/* The small corpus most search tests run against. */
static void index_corpus(const char *db)
{
	xap_writer *w = writer_open(db, XAP_WRITER_CREATE);

	begin(w);
	put(w, "corpus/first.txt", 1, 1, 3,
	    "Castro led the guerrilla tactics in the Sierra Maestra.");
	put(w, "corpus/first.txt", 2, 4, 6,
	    "The Bay of Pigs invasion failed in April 1961.");
	put(w, "corpus/second.md", 1, 1, 2,
	    "Pigs were kept in a bay of mud near the farm.");
	put(w, "corpus/second.md", 2, 3, 9,
	    "Khrushchev sent missiles to Cuba and the movement grew.");
	put(w, "notes/third.TXT", 1, 1, 1,
	    "Cuba traded sugar with the Soviet Union.");
	commit(w);
	xap_writer_close(w);
}

/* ---------------------------------------------------------------------- */
/* Writing and reading back                                                */
/* ---------------------------------------------------------------------- */

/* A committed passage is found by a reader opened afterwards. */
static void test_create_put_commit_search(void **state)
{
	struct fixture *fx = *state;
	xap_writer *w = writer_open(fx->db, XAP_WRITER_CREATE);
	xap_reader *r;
	xap_results *res;

	begin(w);
	put(w, "a.txt", 1, 1, 1, "missiles in Cuba");
	commit(w);
	assert_int_equal(doc_count(w), 1);
	xap_writer_close(w);

	r = reader_open(fx->db);
	res = search(r, "missiles");
	assert_int_equal(xap_results_count(res), 1);
	assert_string_equal(xap_results_hit(res, 0)->path, "a.txt");
	assert_null(xap_results_hit(res, 1));
	xap_results_free(res);
	xap_reader_close(r);
}

/* A hit carries the stored path, ordinal, lines, text, rank and score. */
static void test_hit_fields(void **state)
{
	struct fixture *fx = *state;
	xap_reader *r;
	xap_results *res;
	const xap_hit *h;
	int exact = -1;

	index_corpus(fx->db);
	r = reader_open(fx->db);
	res = search(r, "sierra");
	assert_int_equal(xap_results_count(res), 1);
	h = xap_results_hit(res, 0);
	assert_non_null(h);
	assert_string_equal(h->path, "corpus/first.txt");
	assert_int_equal(h->passage, 1);
	assert_int_equal(h->line, 1);
	assert_int_equal(h->end_line, 3);
	assert_string_equal(h->text, "Castro led the guerrilla tactics "
			    "in the Sierra Maestra.");
	assert_int_equal(h->rank, 1);
	assert_true(h->score > 0.0);
	assert_in_range(h->percent, 1, 100);
	assert_int_equal(xap_results_estimate(res, &exact), 1);
	assert_int_equal(exact, 1);
	xap_results_free(res);

	/* Ranks count the skipped hits. */
	res = search_opts(r, "cuba", 0, 1);
	assert_int_equal(xap_results_count(res), 1);
	h = xap_results_hit(res, 0);
	assert_int_equal(h->rank, 2);
	assert_in_range(h->percent, 0, 100);
	assert_int_equal(xap_results_estimate(res, NULL), 2);
	xap_results_free(res);
	xap_reader_close(r);
}

/* Putting the same path and ordinal again replaces the passage. */
static void test_replace_by_unique_term(void **state)
{
	struct fixture *fx = *state;
	xap_writer *w = writer_open(fx->db, XAP_WRITER_CREATE);

	begin(w);
	put(w, "a.txt", 1, 1, 2, "old words about havana");
	commit(w);
	begin(w);
	put(w, "a.txt", 1, 3, 4, "new words about moscow");
	commit(w);
	assert_int_equal(doc_count(w), 1);
	xap_writer_close(w);

	expect_hits(fx->db, "havana", 0, NO_HITS);
	expect_hits(fx->db, "moscow", 0, HITS("a.txt#1"));
	expect_hits(fx->db, "words", 0, HITS("a.txt#1"));
}

/* Deleting a file removes all its passages and only them. */
static void test_delete_file(void **state)
{
	struct fixture *fx = *state;
	xap_writer *w = writer_open(fx->db, XAP_WRITER_CREATE);

	begin(w);
	put(w, "a.txt", 1, 1, 1, "cuba one");
	put(w, "a.txt", 2, 2, 2, "cuba two");
	put(w, "b.txt", 1, 1, 1, "cuba three");
	commit(w);
	begin(w);
	delete_file(w, "a.txt");
	delete_file(w, "never-indexed.txt");
	commit(w);
	assert_int_equal(doc_count(w), 1);
	xap_writer_close(w);

	expect_hits(fx->db, "cuba", 0, HITS("b.txt#1"));
}

/* Deleting "b.txt" leaves "dir/b.txt", whose file name is also b.txt. */
static void test_delete_not_by_basename(void **state)
{
	struct fixture *fx = *state;
	xap_writer *w = writer_open(fx->db, XAP_WRITER_CREATE);

	begin(w);
	put(w, "b.txt", 1, 1, 1, "cuba top");
	put(w, "dir/b.txt", 1, 1, 1, "cuba nested");
	commit(w);
	begin(w);
	delete_file(w, "b.txt");
	commit(w);
	xap_writer_close(w);

	expect_hits(fx->db, "cuba", 0, HITS("dir/b.txt#1"));
}

/* Closing with a batch open publishes none of it. */
static void test_close_without_commit_discards(void **state)
{
	struct fixture *fx = *state;
	xap_writer *w = writer_open(fx->db, XAP_WRITER_CREATE);
	xap_reader *r;
	char *v = NULL;
	xap_error err;

	begin(w);
	put(w, "a.txt", 1, 1, 1, "havana");
	set_meta(w, "k", "committed");
	commit(w);
	begin(w);
	put(w, "b.txt", 1, 1, 1, "havana moscow");
	delete_file(w, "a.txt");
	set_meta(w, "k", "uncommitted");
	assert_int_equal(doc_count(w), 1);
	xap_writer_close(w);

	expect_hits(fx->db, "havana", 0, HITS("a.txt#1"));
	expect_hits(fx->db, "moscow", 0, NO_HITS);
	r = reader_open(fx->db);
	check(xap_reader_get_metadata(r, "k", &v, NULL, &err), &err);
	assert_string_equal(v, "committed");
	free(v);
	xap_reader_close(r);

	/* A writer reopened later does not publish the old batch either. */
	w = writer_open(fx->db, 0);
	assert_int_equal(doc_count(w), 1);
	xap_writer_close(w);
}

/* Nothing is visible to readers between begin and commit. */
static void test_batch_invisible_until_commit(void **state)
{
	struct fixture *fx = *state;
	xap_writer *w = writer_open(fx->db, XAP_WRITER_CREATE);

	begin(w);
	put(w, "a.txt", 1, 1, 1, "havana");
	commit(w);
	begin(w);
	put(w, "b.txt", 1, 1, 1, "havana");
	expect_hits(fx->db, "havana", 0, HITS("a.txt#1"));
	commit(w);
	expect_hits(fx->db, "havana", 0, HITS("a.txt#1", "b.txt#1"));
	xap_writer_close(w);
}

/* is_new adds without looking the id up: a second copy appears. */
static void test_put_is_new(void **state)
{
	struct fixture *fx = *state;
	xap_writer *w = writer_open(fx->db, XAP_WRITER_CREATE);
	xap_passage p = { "a.txt", "text", 4, 1, 1, 1, 1, NULL, 0 };
	unsigned long n = 0;
	xap_error err;

	begin(w);
	check(xap_writer_put_passage(w, &p, &err), &err);
	check(xap_writer_put_passage(w, &p, &err), &err);
	check(xap_writer_doc_count(w, &n, &err), &err);
	assert_int_equal(n, 2);
	/* Without it every document holding the id is replaced by one. */
	p.is_new = 0;
	check(xap_writer_put_passage(w, &p, &err), &err);
	check(xap_writer_doc_count(w, &n, &err), &err);
	assert_int_equal(n, 1);
	commit(w);
	xap_writer_close(w);
}

/* begin twice, commit without begin, and writes outside a batch fail. */
static void test_batch_misuse(void **state)
{
	struct fixture *fx = *state;
	xap_writer *w = writer_open(fx->db, XAP_WRITER_CREATE);
	xap_passage p = { "a.txt", "text", 4, 1, 1, 1, 0, NULL, 0 };
	xap_error err;

	assert_int_equal(xap_writer_commit(w, &err), XAP_INVALID);
	assert_int_equal(err.status, XAP_INVALID);
	assert_int_equal(xap_writer_put_passage(w, &p, &err), XAP_INVALID);
	assert_int_equal(xap_writer_delete_file(w, "a.txt", &err),
			 XAP_INVALID);
	assert_int_equal(xap_writer_set_metadata(w, "k", "v", 1, &err),
			 XAP_INVALID);
	begin(w);
	assert_int_equal(xap_writer_begin(w, &err), XAP_INVALID);
	assert_non_null(strstr(err.msg, "already open"));
	/* The first batch is still open and commits. */
	check(xap_writer_put_passage(w, &p, &err), &err);
	commit(w);
	assert_int_equal(xap_writer_commit(w, &err), XAP_INVALID);
	assert_int_equal(doc_count(w), 1);
	xap_writer_close(w);
}

/* Bad passages are refused and leave nothing behind. */
static void test_put_invalid(void **state)
{
	struct fixture *fx = *state;
	xap_writer *w = writer_open(fx->db, XAP_WRITER_CREATE);
	xap_passage zero = { "a.txt", "text", 4, 0, 1, 1, 0, NULL, 0 };
	xap_passage backwards = { "a.txt", "text", 4, 1, 5, 4, 0, NULL, 0 };
	xap_passage no_text = { "a.txt", NULL, 0, 1, 1, 1, 0, NULL, 0 };
	xap_passage no_path = { NULL, "text", 4, 1, 1, 1, 0, NULL, 0 };
	xap_error err;

	begin(w);
	assert_int_equal(xap_writer_put_passage(w, &zero, &err), XAP_INVALID);
	assert_int_equal(xap_writer_put_passage(w, &backwards, &err),
			 XAP_INVALID);
	assert_non_null(strstr(err.msg, "'a.txt'"));
	assert_int_equal(xap_writer_put_passage(w, &no_text, &err),
			 XAP_INVALID);
	assert_int_equal(xap_writer_put_passage(w, &no_path, &err),
			 XAP_INVALID);
	assert_int_equal(xap_writer_put_passage(w, NULL, &err), XAP_INVALID);
	assert_int_equal(xap_writer_delete_file(w, NULL, &err), XAP_INVALID);
	commit(w);
	assert_int_equal(doc_count(w), 0);
	xap_writer_close(w);
}

/* Highlight marker bytes in the text are stored and indexed as spaces. */
static void test_put_strips_markers(void **state)
{
	struct fixture *fx = *state;
	xap_writer *w = writer_open(fx->db, XAP_WRITER_CREATE);
	xap_reader *r;
	xap_results *res;

	begin(w);
	put(w, "a.txt", 1, 1, 1, "red\x01" "green\x02" "blue");
	commit(w);
	xap_writer_close(w);

	r = reader_open(fx->db);
	res = search(r, "green");
	assert_int_equal(xap_results_count(res), 1);
	assert_string_equal(xap_results_hit(res, 0)->text, "red green blue");
	xap_results_free(res);
	xap_reader_close(r);
}

/* OVERWRITE starts from an empty index. */
static void test_overwrite(void **state)
{
	struct fixture *fx = *state;
	xap_writer *w;

	index_corpus(fx->db);
	w = writer_open(fx->db, XAP_WRITER_OVERWRITE);
	assert_int_equal(doc_count(w), 0);
	begin(w);
	put(w, "new.txt", 1, 1, 1, "cuba");
	commit(w);
	xap_writer_close(w);
	expect_hits(fx->db, "cuba", 0, HITS("new.txt#1"));
}

/* ---------------------------------------------------------------------- */
/* Queries                                                                 */
/* ---------------------------------------------------------------------- */

/* Query words are stemmed, also when capitalised. */
static void test_stemming(void **state)
{
	struct fixture *fx = *state;

	index_corpus(fx->db);
	expect_hits(fx->db, "guerrillas tactic", 0,
		    HITS("corpus/first.txt#1"));
	expect_hits(fx->db, "Guerrillas", 0, HITS("corpus/first.txt#1"));
	expect_hits(fx->db, "Movements", 0, HITS("corpus/second.md#2"));
	expect_hits(fx->db, "movements", 0, HITS("corpus/second.md#2"));
}

/* Words are ANDed by default and ORed with XAP_SEARCH_ANY. */
static void test_and_vs_any(void **state)
{
	struct fixture *fx = *state;

	index_corpus(fx->db);
	expect_hits(fx->db, "castro khrushchev", 0, NO_HITS);
	expect_hits(fx->db, "castro khrushchev", XAP_SEARCH_ANY,
		    HITS("corpus/first.txt#1", "corpus/second.md#2"));
	/* Lower-case "and" is a word, not an operator. */
	expect_hits(fx->db, "cuba and movement", 0,
		    HITS("corpus/second.md#2"));
	expect_hits(fx->db, "cuba AND sugar", 0, HITS("notes/third.TXT#1"));
}

/* A quoted phrase matches only the words in that order. */
static void test_phrase(void **state)
{
	struct fixture *fx = *state;

	index_corpus(fx->db);
	expect_hits(fx->db, "bay of pigs", 0,
		    HITS("corpus/first.txt#2", "corpus/second.md#1"));
	expect_hits(fx->db, "\"bay of pigs\"", 0,
		    HITS("corpus/first.txt#2"));
	expect_hits(fx->db, "\"Bay of Pigs\" invasion", 0,
		    HITS("corpus/first.txt#2"));
	expect_hits(fx->db, "\"pigs of bay\"", 0, NO_HITS);
}

/* NOT and '-' exclude passages. */
static void test_not(void **state)
{
	struct fixture *fx = *state;

	index_corpus(fx->db);
	expect_hits(fx->db, "cuba", 0,
		    HITS("corpus/second.md#2", "notes/third.TXT#1"));
	expect_hits(fx->db, "cuba NOT missiles", 0, HITS("notes/third.TXT#1"));
	expect_hits(fx->db, "cuba -missiles", 0, HITS("notes/third.TXT#1"));
}

/* NEAR and +word work with the stemmed terms. */
static void test_near_and_required(void **state)
{
	struct fixture *fx = *state;

	index_corpus(fx->db);
	expect_hits(fx->db, "Pigs NEAR bay", 0,
		    HITS("corpus/first.txt#2", "corpus/second.md#1"));
	expect_hits(fx->db, "farm NEAR/2 pigs", 0, NO_HITS);
	expect_hits(fx->db, "farm NEAR/12 pigs", 0,
		    HITS("corpus/second.md#1"));
	expect_hits(fx->db, "+Khrushchev castro sugar", XAP_SEARCH_ANY,
		    HITS("corpus/second.md#2"));
}

/*
 * The index holds no positions: phrases and NEAR are checked against each
 * passage's text, wherever they stand in the query (under OR, NOT, XOR).
 */
static void test_phrase_checked(void **state)
{
	struct fixture *fx = *state;
	xap_writer *w = writer_open(fx->db, XAP_WRITER_CREATE);

	begin(w);
	put(w, "a.txt", 1, 1, 1, "a red apple pie");
	put(w, "b.txt", 1, 1, 1, "an apple, a red barn");
	put(w, "c.txt", 1, 1, 1, "a yellow banana");
	commit(w);
	xap_writer_close(w);

	expect_hits(fx->db, "\"red apple\"", 0, HITS("a.txt#1"));
	expect_hits(fx->db, "\"apple red\"", 0, NO_HITS);
	expect_hits(fx->db, "apple NOT \"red apple\"", 0, HITS("b.txt#1"));
	expect_hits(fx->db, "\"red apple\" OR banana", 0,
		    HITS("a.txt#1", "c.txt#1"));
	expect_hits(fx->db, "apple XOR \"red barn\"", 0, HITS("a.txt#1"));
	expect_hits(fx->db, "red XOR \"red apple\"", 0, HITS("b.txt#1"));
	expect_hits(fx->db, "(apple OR banana) NOT (apple XOR \"red barn\")", 0,
		    HITS("b.txt#1", "c.txt#1"));
	expect_hits(fx->db, "red NEAR/1 barn", 0, HITS("b.txt#1"));
	expect_hits(fx->db, "apple NEAR/1 barn", 0, NO_HITS);
	expect_hits(fx->db, "\"red apple\" pie banana", XAP_SEARCH_ANY,
		    HITS("a.txt#1", "c.txt#1"));
}

/* A trailing '*' matches every word with that start. */
static void test_wildcard(void **state)
{
	struct fixture *fx = *state;

	index_corpus(fx->db);
	expect_hits(fx->db, "khrush*", 0, HITS("corpus/second.md#2"));
	expect_hits(fx->db, "khrusz*", 0, NO_HITS);
}

/* file: takes the whole path or the bare file name. */
static void test_file_filter(void **state)
{
	struct fixture *fx = *state;

	index_corpus(fx->db);
	expect_hits(fx->db, "file:corpus/first.txt", 0,
		    HITS("corpus/first.txt#1",
			 "corpus/first.txt#2"));
	expect_hits(fx->db, "file:first.txt", 0,
		    HITS("corpus/first.txt#1",
			 "corpus/first.txt#2"));
	expect_hits(fx->db, "pigs file:first.txt", 0,
		    HITS("corpus/first.txt#2"));
	expect_hits(fx->db, "pigs file:corpus/second.md", 0,
		    HITS("corpus/second.md#1"));
	expect_hits(fx->db, "pigs file:corpus", 0, NO_HITS);
}

/* file: takes a quoted name, and several file: filters match any file. */
static void test_file_filter_quoted_and_several(void **state)
{
	struct fixture *fx = *state;
	xap_writer *w = writer_open(fx->db, XAP_WRITER_CREATE);
	xap_reader *r;
	xap_results *res;

	begin(w);
	put(w, "my notes.md", 1, 1, 1, "harbours of Havana");
	put(w, "a.txt", 1, 1, 1, "harbours of Odessa");
	put(w, "b.txt", 1, 1, 1, "harbours of Riga");
	commit(w);
	xap_writer_close(w);

	expect_hits(fx->db, "file:\"my notes.md\" harbours", 0,
		    HITS("my notes.md#1"));
	expect_hits(fx->db, "harbours file:a.txt file:b.txt", 0,
		    HITS("a.txt#1", "b.txt#1"));

	/* Filters alone list the passages, with score 0. */
	r = reader_open(fx->db);
	res = search(r, "file:a.txt");
	assert_int_equal(xap_results_count(res), 1);
	assert_true(xap_results_hit(res, 0)->score == 0.0);
	xap_results_free(res);
	xap_reader_close(r);
}

/* ext: ignores case and a leading dot. */
static void test_ext_filter(void **state)
{
	struct fixture *fx = *state;

	index_corpus(fx->db);
	expect_hits(fx->db, "ext:md", 0,
		    HITS("corpus/second.md#1", "corpus/second.md#2"));
	expect_hits(fx->db, "cuba ext:txt", 0, HITS("notes/third.TXT#1"));
	expect_hits(fx->db, "pigs ext:.TXT", 0,
		    HITS("corpus/first.txt#2"));
	expect_hits(fx->db, "pigs ext:pdf", 0, NO_HITS);
}

/* A path too long for a term is hashed alike when indexing and querying. */
static void test_long_path(void **state)
{
	struct fixture *fx = *state;
	char path[400], query[450], hit[420];
	xap_writer *w;
	size_t n;

	n = (size_t)snprintf(path, sizeof(path), "deep/");
	while (n < 320)
		n += (size_t)snprintf(path + n, sizeof(path) - n, "directory/");
	snprintf(path + n, sizeof(path) - n, "long-name.txt");
	assert_true(strlen(path) > 300);
	snprintf(hit, sizeof(hit), "%s#1", path);

	w = writer_open(fx->db, XAP_WRITER_CREATE);
	begin(w);
	put(w, path, 1, 1, 1, "havana");
	put(w, "other/long-name.txt", 1, 1, 1, "havana");
	commit(w);
	xap_writer_close(w);

	snprintf(query, sizeof(query), "file:%s", path);
	expect_hits(fx->db, query, 0, HITS(hit));
	snprintf(query, sizeof(query), "havana file:%s", path);
	expect_hits(fx->db, query, 0, HITS(hit));
	expect_hits(fx->db, "file:long-name.txt", 0,
		    HITS(hit, "other/long-name.txt#1"));

	w = writer_open(fx->db, 0);
	begin(w);
	delete_file(w, path);
	commit(w);
	assert_int_equal(doc_count(w), 1);
	xap_writer_close(w);
	snprintf(query, sizeof(query), "file:%s", path);
	expect_hits(fx->db, query, 0, NO_HITS);
	expect_hits(fx->db, "havana", 0, HITS("other/long-name.txt#1"));
}

/* Snippets mark matches with 0x01/0x02 and carry no HTML entities. */
static void test_snippet(void **state)
{
	struct fixture *fx = *state;
	xap_writer *w = writer_open(fx->db, XAP_WRITER_CREATE);
	xap_reader *r;
	xap_results *res;
	const char *s;

	begin(w);
	put(w, "a.txt", 1, 1, 1,
	    "AT&T <b> missiles \"quoted\" it's >, literally &lt; here");
	commit(w);
	xap_writer_close(w);

	r = reader_open(fx->db);
	res = search(r, "missiles");
	assert_int_equal(xap_results_count(res), 1);
	s = xap_results_hit(res, 0)->snippet;
	assert_non_null(strstr(s, "AT&T <b> \x01missiles\x02 \"quoted\""));
	assert_non_null(strstr(s, "it's >, literally &lt; here"));
	assert_null(strstr(s, "&amp;"));
	assert_null(strstr(s, "&gt;"));
	xap_results_free(res);

	/* Stemmed matches are marked too, each word on its own. */
	res = search(r, "missile literally");
	assert_int_equal(xap_results_count(res), 1);
	s = xap_results_hit(res, 0)->snippet;
	assert_non_null(strstr(s, "\x01missiles\x02"));
	assert_non_null(strstr(s, "\x01literally\x02 &lt;"));
	xap_results_free(res);
	xap_reader_close(r);
}

/* A long passage gets a shortened snippet with "..." for what is left out. */
static void test_snippet_length(void **state)
{
	struct fixture *fx = *state;
	xap_writer *w = writer_open(fx->db, XAP_WRITER_CREATE);
	xap_search_opts o = { .query = "target", .limit = 10, .snippet_len = 40 };
	char text[2048];
	size_t n = 0;
	xap_reader *r;
	xap_results *res = NULL;
	xap_error err;
	const char *s;

	while (n < 800)
		n += (size_t)snprintf(text + n, sizeof(text) - n,
				      "Filler sentence number %zu. ", n);
	snprintf(text + n, sizeof(text) - n, "The target word. ");
	begin(w);
	put(w, "a.txt", 1, 1, 1, text);
	commit(w);
	xap_writer_close(w);

	r = reader_open(fx->db);
	check(xap_search(r, &o, &res, &err), &err);
	assert_int_equal(xap_results_count(res), 1);
	s = xap_results_hit(res, 0)->snippet;
	assert_non_null(strstr(s, "\x01target\x02"));
	assert_true(strlen(s) < 100);
	assert_int_equal(strncmp(s, "...", 3), 0);
	assert_string_equal(xap_results_hit(res, 0)->text, text);
	xap_results_free(res);
	xap_reader_close(r);
}

/* A reader over two indexes searches them as one. */
static void test_reader_multiple_indexes(void **state)
{
	struct fixture *fx = *state;
	char db2[DIR_MAX + 8];
	const char *paths[2];
	xap_writer *w;
	xap_reader *r = NULL;
	xap_results *res;
	xap_error err;
	char *v = NULL;

	snprintf(db2, sizeof(db2), "%s/db2", fx->dir);
	w = writer_open(fx->db, XAP_WRITER_CREATE);
	begin(w);
	put(w, "one.txt", 1, 1, 1, "havana");
	set_meta(w, "name", "first");
	commit(w);
	xap_writer_close(w);
	w = writer_open(db2, XAP_WRITER_CREATE);
	begin(w);
	put(w, "two.txt", 1, 1, 1, "havana");
	set_meta(w, "name", "second");
	commit(w);
	xap_writer_close(w);

	paths[0] = fx->db;
	paths[1] = db2;
	check(xap_reader_open(paths, 2, &r, &err), &err);
	res = search(r, "havana");
	assert_int_equal(xap_results_count(res), 2);
	assert_true(find_hit(res, "one.txt", 1) >= 0);
	assert_true(find_hit(res, "two.txt", 1) >= 0);
	xap_results_free(res);
	check(xap_reader_get_metadata(r, "name", &v, NULL, &err), &err);
	assert_string_equal(v, "first");
	free(v);
	xap_reader_close(r);
}

/* Commits 1000 passages of "many.txt", each starting with 'word'. */
static void put_many(xap_writer *w, const char *word)
{
	char text[64];

	begin(w);
	for (unsigned i = 1; i <= 1000; i++) {
		snprintf(text, sizeof(text), "%s filler text number %u", word,
			 i);
		put(w, "many.txt", i, i, i, text);
	}
	commit(w);
}

/* A search on a revision a writer has since recycled reopens and retries. */
static void test_search_retries_after_modification(void **state)
{
	struct fixture *fx = *state;
	xap_writer *w = writer_open(fx->db, XAP_WRITER_CREATE);
	xap_reader *r;
	xap_results *res;

	put_many(w, "alpha");
	r = reader_open(fx->db);
	put_many(w, "beta");
	put_many(w, "beta");
	put_many(w, "omega");
	xap_writer_close(w);

	/*
	 * Reading "alpha" from the reader's revision touches blocks the three
	 * later commits reused, so Xapian throws DatabaseModifiedError (with
	 * one attempt instead of five, this search is XAP_MODIFIED).  After
	 * the retry the reader is at the newest revision: "alpha" is gone and
	 * "omega" is there.
	 */
	res = search(r, "alpha");
	assert_int_equal(xap_results_count(res), 0);
	xap_results_free(res);
	res = search(r, "omega");
	assert_int_equal(xap_results_count(res), 100);
	assert_int_equal(xap_results_estimate(res, NULL), 1000);
	xap_results_free(res);
	xap_reader_close(r);
}

/* ---------------------------------------------------------------------- */
/* Metadata                                                                */
/* ---------------------------------------------------------------------- */

struct seen {
	char keys[8][64];
	char values[8][64];
	size_t lens[8];
	int n;
	int stop_after;		/* return non-zero after this many; 0: never */
};

static int collect(const char *key, const char *value, size_t len, void *ctx)
{
	struct seen *s = ctx;

	if (s->n < 8) {
		snprintf(s->keys[s->n], sizeof(s->keys[0]), "%s", key);
		snprintf(s->values[s->n], sizeof(s->values[0]), "%.*s",
			 (int)len, value);
		s->lens[s->n] = len;
	}
	s->n++;
	return s->stop_after && s->n >= s->stop_after;
}

/* Metadata can be set, read back, listed by prefix and deleted. */
static void test_metadata(void **state)
{
	struct fixture *fx = *state;
	xap_writer *w = writer_open(fx->db, XAP_WRITER_CREATE);
	struct seen s;
	xap_reader *r;
	xap_error err;
	char *v = NULL;
	size_t len = 99;

	begin(w);
	set_meta(w, "F:b", "22");
	set_meta(w, "F:a", "1");
	set_meta(w, "G:x", "other");
	set_meta(w, "schema", "1");
	check(xap_writer_set_metadata(w, "bin", "a\0b", 3, &err), &err);

	/* The writer reads its own uncommitted state. */
	check(xap_writer_get_metadata(w, "F:b", &v, &len, &err), &err);
	assert_string_equal(v, "22");
	assert_int_equal(len, 2);
	free(v);
	check(xap_writer_get_metadata(w, "bin", &v, &len, &err), &err);
	assert_int_equal(len, 3);
	assert_memory_equal(v, "a\0b", 4);
	free(v);
	check(xap_writer_get_metadata(w, "missing", &v, &len, &err), &err);
	assert_string_equal(v, "");
	assert_int_equal(len, 0);
	free(v);
	commit(w);

	memset(&s, 0, sizeof(s));
	check(xap_writer_each_metadata(w, "F:", collect, &s, &err), &err);
	assert_int_equal(s.n, 2);
	assert_string_equal(s.keys[0], "F:a");
	assert_string_equal(s.values[0], "1");
	assert_string_equal(s.keys[1], "F:b");
	assert_string_equal(s.values[1], "22");
	assert_int_equal(s.lens[1], 2);

	/* The callback stops the walk. */
	memset(&s, 0, sizeof(s));
	s.stop_after = 1;
	check(xap_writer_each_metadata(w, "", collect, &s, &err), &err);
	assert_int_equal(s.n, 1);

	/* An empty value deletes the key. */
	begin(w);
	check(xap_writer_set_metadata(w, "F:a", "", 0, &err), &err);
	memset(&s, 0, sizeof(s));
	check(xap_writer_each_metadata(w, "F:", collect, &s, &err), &err);
	assert_int_equal(s.n, 1);
	assert_string_equal(s.keys[0], "F:b");
	commit(w);
	xap_writer_close(w);

	r = reader_open(fx->db);
	check(xap_reader_get_metadata(r, "F:a", &v, &len, &err), &err);
	assert_string_equal(v, "");
	assert_int_equal(len, 0);
	free(v);
	check(xap_reader_get_metadata(r, "schema", &v, NULL, &err), &err);
	assert_string_equal(v, "1");
	free(v);
	xap_reader_close(r);
}

/* Keys must be non-empty and at most XAP_MAX_KEY_LEN bytes. */
static void test_metadata_bad_keys(void **state)
{
	struct fixture *fx = *state;
	xap_writer *w = writer_open(fx->db, XAP_WRITER_CREATE);
	char key[XAP_MAX_KEY_LEN + 2];
	char *v = NULL;
	xap_error err;

	memset(key, 'k', sizeof(key) - 1);
	key[sizeof(key) - 1] = '\0';
	begin(w);
	assert_int_equal(xap_writer_set_metadata(w, key, "v", 1, &err),
			 XAP_INVALID);
	assert_int_equal(err.status, XAP_INVALID);
	assert_int_equal(xap_writer_get_metadata(w, key, &v, NULL, &err),
			 XAP_INVALID);
	assert_null(v);
	assert_int_equal(xap_writer_set_metadata(w, "", "v", 1, &err),
			 XAP_INVALID);
	assert_int_equal(xap_writer_set_metadata(w, NULL, "v", 1, &err),
			 XAP_INVALID);
	/* Exactly XAP_MAX_KEY_LEN bytes is fine. */
	key[XAP_MAX_KEY_LEN] = '\0';
	check(xap_writer_set_metadata(w, key, "v", 1, &err), &err);
	check(xap_writer_get_metadata(w, key, &v, NULL, &err), &err);
	assert_string_equal(v, "v");
	free(v);
	commit(w);
	xap_writer_close(w);
}

/* ---------------------------------------------------------------------- */
/* Errors                                                                  */
/* ---------------------------------------------------------------------- */

/* A reader on a missing path is XAP_NOT_FOUND naming the path. */
static void test_reader_missing_index(void **state)
{
	struct fixture *fx = *state;
	const char *path = fx->db;
	xap_reader *r = (xap_reader *)&r;
	xap_error err;
	char want[DIR_MAX + 64];

	assert_int_equal(xap_reader_open(&path, 1, &r, &err), XAP_NOT_FOUND);
	assert_null(r);
	assert_int_equal(err.status, XAP_NOT_FOUND);
	snprintf(want, sizeof(want), "no index at '%s'", fx->db);
	assert_string_equal(err.msg, want);
	/* err may be NULL. */
	assert_int_equal(xap_reader_open(&path, 1, &r, NULL), XAP_NOT_FOUND);
}

/* A reader on a directory that holds no index fails with a message. */
static void test_reader_not_an_index(void **state)
{
	struct fixture *fx = *state;
	const char *path = fx->dir;
	xap_reader *r = NULL;
	xap_error err;
	xap_status st;

	st = xap_reader_open(&path, 1, &r, &err);
	assert_true(st == XAP_NOT_FOUND || st == XAP_CORRUPT);
	assert_null(r);
	assert_int_equal(err.status, st);
	assert_non_null(strstr(err.msg, fx->dir));
	assert_non_null(strstr(err.msg, "is not an index"));
	assert_null(strchr(err.msg, '\n'));
}

/* Opening a writer without CREATE on a missing index is XAP_NOT_FOUND. */
static void test_writer_missing_index(void **state)
{
	struct fixture *fx = *state;
	xap_writer *w = (xap_writer *)&w;
	xap_error err;
	char want[DIR_MAX + 64];

	assert_int_equal(xap_writer_open(fx->db, 0, &w, &err), XAP_NOT_FOUND);
	assert_null(w);
	snprintf(want, sizeof(want), "no index at '%s'", fx->db);
	assert_string_equal(err.msg, want);
	assert_int_equal(xap_writer_open(fx->db, 1u << 7, &w, &err),
			 XAP_INVALID);
}

/* A second writer on the same index is XAP_LOCKED, at once. */
static void test_second_writer_locked(void **state)
{
	struct fixture *fx = *state;
	xap_writer *w1 = writer_open(fx->db, XAP_WRITER_CREATE);
	xap_writer *w2 = NULL;
	xap_error err;
	char want[DIR_MAX + 64];

	assert_int_equal(xap_writer_open(fx->db, XAP_WRITER_CREATE, &w2, &err),
			 XAP_LOCKED);
	assert_null(w2);
	snprintf(want, sizeof(want), "index '%s' is locked by another indexer",
		 fx->db);
	assert_string_equal(err.msg, want);
	/* A reader is not blocked by the lock. */
	xap_reader_close(reader_open(fx->db));
	xap_writer_close(w1);
	/* Closing released the lock. */
	w2 = writer_open(fx->db, 0);
	xap_writer_close(w2);
}

/* A damaged index is XAP_CORRUPT, and the message says how to recover. */
static void test_corrupt_index(void **state)
{
	struct fixture *fx = *state;
	char table[DIR_MAX + 32], want[DIR_MAX + 64];
	char junk[8192];
	const char *path = fx->db;
	xap_reader *r = NULL;
	xap_error err;
	FILE *f;

	index_corpus(fx->db);
	/* Overwrite the first block of the glass backend's posting lists. */
	snprintf(table, sizeof(table), "%s/postlist.glass", fx->db);
	f = fopen(table, "r+b");
	assert_non_null(f);
	memset(junk, 0x5a, sizeof(junk));
	assert_int_equal(fwrite(junk, 1, sizeof(junk), f), sizeof(junk));
	assert_int_equal(fclose(f), 0);

	/* Opening a small index already reads the damaged root block. */
	assert_int_equal(xap_reader_open(&path, 1, &r, &err), XAP_CORRUPT);
	assert_null(r);
	snprintf(want, sizeof(want), "index '%s' is damaged: ", fx->db);
	assert_int_equal(strncmp(err.msg, want, strlen(want)), 0);
	assert_non_null(strstr(err.msg, "; rebuild it with 'indexer --full'"));
}

/* xap_check: no problems in a sound index; a damaged one is reported. */
static void test_check(void **state)
{
	struct fixture *fx = *state;
	char table[DIR_MAX + 32], junk[8192];
	unsigned long problems = 99;
	xap_error err;
	FILE *f;

	index_corpus(fx->db);
	assert_int_equal(xap_check(fx->db, &problems, &err), XAP_OK);
	assert_int_equal(problems, 0);
	snprintf(table, sizeof(table), "%s/postlist.glass", fx->db);
	f = fopen(table, "r+b");
	assert_non_null(f);
	memset(junk, 0x5a, sizeof(junk));
	assert_int_equal(fwrite(junk, 1, sizeof(junk), f), sizeof(junk));
	assert_int_equal(fclose(f), 0);
	problems = 0;
	if (xap_check(fx->db, &problems, &err) == XAP_OK)
		assert_true(problems > 0);
	else
		assert_int_equal(err.status, XAP_CORRUPT);
	assert_int_equal(xap_check(NULL, &problems, &err), XAP_INVALID);
}

/* A query the parser rejects is XAP_BAD_QUERY with its message. */
static void test_bad_query(void **state)
{
	struct fixture *fx = *state;
	xap_search_opts o = { .query = "cuba AND", .limit = 10 };
	xap_results *res = (xap_results *)&res;
	xap_reader *r;
	xap_error err;

	index_corpus(fx->db);
	r = reader_open(fx->db);
	assert_int_equal(xap_search(r, &o, &res, &err), XAP_BAD_QUERY);
	assert_null(res);
	assert_int_equal(strncmp(err.msg, "bad query: ", 11), 0);
	assert_true(strlen(err.msg) > 11);
	o.query = "NOT";
	assert_int_equal(xap_search(r, &o, &res, &err), XAP_BAD_QUERY);
	o.query = "";
	assert_int_equal(xap_search(r, &o, &res, &err), XAP_BAD_QUERY);
	assert_string_equal(err.msg, "empty query");
	o.query = " \t\n";
	assert_int_equal(xap_search(r, &o, &res, NULL), XAP_BAD_QUERY);
	o.query = NULL;
	assert_int_equal(xap_search(r, &o, &res, &err), XAP_INVALID);
	xap_reader_close(r);
}

/* An unknown stemming language is XAP_INVALID naming it. */
static void test_unknown_language(void **state)
{
	struct fixture *fx = *state;
	xap_writer *w = writer_open(fx->db, XAP_WRITER_CREATE);
	xap_search_opts o = { .query = "cuba", .lang = "klingon", .limit = 10 };
	xap_results *res = NULL;
	xap_reader *r;
	xap_error err;

	assert_int_equal(xap_writer_set_language(w, "klingon", &err),
			 XAP_INVALID);
	assert_string_equal(err.msg, "unknown language 'klingon'");
	check(xap_writer_set_language(w, "none", &err), &err);
	check(xap_writer_set_language(w, "en", &err), &err);
	begin(w);
	put(w, "a.txt", 1, 1, 1, "cuba");
	commit(w);
	xap_writer_close(w);

	r = reader_open(fx->db);
	assert_int_equal(xap_search(r, &o, &res, &err), XAP_INVALID);
	assert_string_equal(err.msg, "unknown language 'klingon'");
	assert_null(res);
	o.lang = "english";
	check(xap_search(r, &o, &res, &err), &err);
	assert_int_equal(xap_results_count(res), 1);
	xap_results_free(res);
	xap_reader_close(r);
}

/* The language a writer is set to decides how its passages are stemmed. */
static void test_language_none(void **state)
{
	struct fixture *fx = *state;
	xap_writer *w = writer_open(fx->db, XAP_WRITER_CREATE);
	xap_search_opts o = { .query = "tactic", .lang = "none", .limit = 10 };
	xap_results *res = NULL;
	xap_reader *r;
	xap_error err;

	check(xap_writer_set_language(w, "none", &err), &err);
	begin(w);
	put(w, "a.txt", 1, 1, 1, "tactics");
	commit(w);
	xap_writer_close(w);

	r = reader_open(fx->db);
	check(xap_search(r, &o, &res, &err), &err);
	assert_int_equal(xap_results_count(res), 0);
	xap_results_free(res);
	o.query = "tactics";
	check(xap_search(r, &o, &res, &err), &err);
	assert_int_equal(xap_results_count(res), 1);
	xap_results_free(res);
	xap_reader_close(r);
}

/* Every status has its own string; out-of-range values get one too. */
static void test_status_strings(void **state)
{
	(void)state;
	const xap_status out_of_range[] = {
		XAP_STATUS_LAST, (xap_status)(XAP_STATUS_LAST + 7),
		(xap_status)-1,
	};

	for (int i = 0; i < XAP_STATUS_LAST; i++) {
		const char *s = xap_status_string((xap_status)i);

		assert_non_null(s);
		assert_true(strlen(s) > 0);
		for (int j = 0; j < i; j++)
			assert_string_not_equal(
				s, xap_status_string((xap_status)j));
	}
	for (size_t i = 0; i < 3; i++) {
		const char *s = xap_status_string(out_of_range[i]);

		assert_non_null(s);
		assert_true(strlen(s) > 0);
	}
}

/* Every close and free function accepts NULL; getters cope with NULL. */
static void test_null_handles(void **state)
{
	int exact = -1;
	xap_error err;

	(void)state;
	xap_writer_close(NULL);
	xap_reader_close(NULL);
	xap_results_free(NULL);
	assert_int_equal(xap_results_count(NULL), 0);
	assert_null(xap_results_hit(NULL, 0));
	assert_int_equal(xap_results_estimate(NULL, &exact), 0);
	assert_int_equal(exact, 1);
	assert_int_equal(xap_writer_begin(NULL, &err), XAP_INVALID);
	assert_int_equal(xap_writer_commit(NULL, NULL), XAP_INVALID);
	assert_int_equal(xap_reader_open(NULL, 0, NULL, &err), XAP_INVALID);
}

/* ---------------------------------------------------------------------- */
/* Folding, CJK, spelling, and the extra result fields                     */
/* ---------------------------------------------------------------------- */

/* Reads a metadata key through a reader; the caller frees it. */
static char *reader_meta(const char *db, const char *key)
{
	xap_reader *r = reader_open(db);
	char *v = NULL;
	xap_error err;

	check(xap_reader_get_metadata(r, key, &v, NULL, &err), &err);
	xap_reader_close(r);
	return v;
}

/* Accents and case fold both ways; the snippet marks the word as written. */
static void test_folding(void **state)
{
	struct fixture *fx = *state;
	xap_writer *w = writer_open(fx->db, XAP_WRITER_CREATE);
	xap_reader *r;
	xap_results *res;

	begin(w);
	put(w, "food.txt", 1, 1, 1, "Crème Brûlée for Raúl.");
	put(w, "plain.txt", 1, 1, 1, "Creme brulee for Raul.");
	commit(w);
	xap_writer_close(w);
	expect_hits(fx->db, "creme brulee", 0, HITS("food.txt#1", "plain.txt#1"));
	expect_hits(fx->db, "CRÈME", 0, HITS("food.txt#1", "plain.txt#1"));
	expect_hits(fx->db, "\"raul\"", 0, HITS("food.txt#1", "plain.txt#1"));
	expect_hits(fx->db, "brulees", 0, HITS("food.txt#1", "plain.txt#1"));

	r = reader_open(fx->db);
	res = search(r, "file:food.txt raul");
	assert_int_equal(xap_results_count(res), 1);
	assert_string_equal(xap_results_hit(res, 0)->snippet,
			    "Crème Brûlée for \x01Raúl\x02.");
	xap_results_free(res);
	xap_reader_close(r);
}

/* CJK text is split into n-grams: a word inside a sentence is found. */
static void test_cjk(void **state)
{
	struct fixture *fx = *state;
	xap_writer *w = writer_open(fx->db, XAP_WRITER_CREATE);

	begin(w);
	put(w, "zh.txt", 1, 1, 1, "古巴革命是一场武装起义。");
	put(w, "ja.txt", 1, 1, 1, "キューバ危機は1962年に起きた。");
	commit(w);
	xap_writer_close(w);
	expect_hits(fx->db, "革命", 0, HITS("zh.txt#1"));
	expect_hits(fx->db, "危機", 0, HITS("ja.txt#1"));
	expect_hits(fx->db, "革命 OR 危機", 0, HITS("zh.txt#1", "ja.txt#1"));
}

/*
 * The writer records how it tokenizes only when every passage was written
 * that way, and the reader parses by the record: without it, CJK text in
 * a query stays one word.
 */
static void test_tokenizer_recorded(void **state)
{
	struct fixture *fx = *state;
	xap_writer *w = writer_open(fx->db, XAP_WRITER_CREATE);
	char *tok;

	begin(w);
	put(w, "zh.txt", 1, 1, 1, "古巴革命是一场武装起义。");
	commit(w);
	tok = reader_meta(fx->db, "tokenizer");
	assert_string_equal(tok, "fold cjk-ngram spelling stem-all");
	free(tok);

	/* As an index from before the record: no key. */
	begin(w);
	set_meta(w, "tokenizer", "");
	commit(w);
	begin(w);
	put(w, "other.txt", 1, 1, 1, "Not every passage rewritten.");
	commit(w);
	tok = reader_meta(fx->db, "tokenizer");
	assert_string_equal(tok, "");
	free(tok);
	expect_hits(fx->db, "革命是", 0, NO_HITS);

	/* Rewriting every passage records it again. */
	begin(w);
	put(w, "zh.txt", 1, 1, 1, "古巴革命是一场武装起义。");
	put(w, "other.txt", 1, 1, 1, "Not every passage rewritten.");
	commit(w);
	xap_writer_close(w);
	tok = reader_meta(fx->db, "tokenizer");
	assert_string_equal(tok, "fold cjk-ngram spelling stem-all");
	free(tok);
	expect_hits(fx->db, "革命是", 0, HITS("zh.txt#1"));
}

/* The suggestion a search of 'db' for 'query' offers: 'want', or none. */
static void expect_suggestion(const char *db, const char *query,
			      const char *want)
{
	xap_reader *r = reader_open(db);
	xap_results *res = search(r, query);

	if (want) {
		assert_non_null(xap_results_suggestion(res));
		assert_string_equal(xap_results_suggestion(res), want);
	} else {
		assert_null(xap_results_suggestion(res));
	}
	xap_results_free(res);
	xap_reader_close(r);
}

/* A misspelt word gets the index's spelling, only when it finds more. */
static void test_suggestion(void **state)
{
	struct fixture *fx = *state;
	xap_reader *r;
	xap_results *res;

	index_corpus(fx->db);
	r = reader_open(fx->db);
	res = search(r, "Khruschev missiles");
	assert_int_equal(xap_results_count(res), 0);
	assert_non_null(xap_results_suggestion(res));
	assert_string_equal(xap_results_suggestion(res), "khrushchev missiles");
	xap_results_free(res);
	res = search(r, "Khrushchev");
	assert_null(xap_results_suggestion(res));
	xap_results_free(res);
	res = search(r, "zyzzyvaquux");
	assert_null(xap_results_suggestion(res));
	xap_results_free(res);
	xap_reader_close(r);
}

/*
 * Batch commits let the spelling words wait; a full commit writes them,
 * and those of earlier batches too.
 */
static void test_spelling_waits_for_full_commit(void **state)
{
	struct fixture *fx = *state;
	xap_writer *w = writer_open(fx->db, XAP_WRITER_CREATE);
	xap_error err;

	begin(w);
	put(w, "a.txt", 1, 1, 1, "Khrushchev sent missiles.");
	check(xap_writer_commit_batch(w, &err), &err);
	expect_suggestion(fx->db, "Khruschev", NULL);

	begin(w);
	put(w, "b.txt", 1, 1, 1, "Castro read the letter.");
	commit(w);
	xap_writer_close(w);
	expect_suggestion(fx->db, "Khruschev", "khrushchev");
}

/*
 * Writers sharing a spelling table leave their words there, not in their
 * own index; merged with the shards, the table serves their union.
 */
static void test_shared_spelling(void **state)
{
	struct fixture *fx = *state;
	char a[DIR_MAX + 8], b[DIR_MAX + 8], s[DIR_MAX + 8], all[DIR_MAX + 8];
	const char *sources[3] = { a, b, s };
	xap_spelling *sp;
	xap_writer *wa, *wb;
	xap_error err;

	snprintf(a, sizeof(a), "%s/a", fx->dir);
	snprintf(b, sizeof(b), "%s/b", fx->dir);
	snprintf(s, sizeof(s), "%s/s", fx->dir);
	snprintf(all, sizeof(all), "%s/all", fx->dir);
	assert_int_equal(xap_spelling_open(NULL, &sp, &err), XAP_INVALID);
	check(xap_spelling_open(s, &sp, &err), &err);
	wa = writer_open(a, XAP_WRITER_CREATE);
	wb = writer_open(b, XAP_WRITER_CREATE);
	assert_int_equal(xap_writer_share_spelling(NULL, sp, &err), XAP_INVALID);
	check(xap_writer_share_spelling(wa, sp, &err), &err);
	check(xap_writer_share_spelling(wb, sp, &err), &err);
	begin(wa);
	put(wa, "a.txt", 1, 1, 1, "Khrushchev sent missiles.");
	commit(wa);
	begin(wb);
	put(wb, "b.txt", 1, 1, 1, "Castro read the letter.");
	commit(wb);
	xap_writer_close(wa);
	xap_writer_close(wb);
	check(xap_spelling_commit(sp, &err), &err);
	xap_spelling_close(sp);

	expect_suggestion(a, "Khruschev", NULL);
	check(xap_compact(sources, 3, all, &err), &err);
	expect_suggestion(all, "Khruschev", "khrushchev");
	expect_suggestion(all, "lettre", "letter");
}

/* Shards merge into one database that searches as their union. */
static void test_compact_merges(void **state)
{
	struct fixture *fx = *state;
	char a[DIR_MAX + 8], b[DIR_MAX + 8], all[DIR_MAX + 8];
	const char *sources[2] = { a, b };
	static const char *const want[] = { "x/one.txt#1", "y/two.txt#2", NULL };
	xap_writer *w;
	xap_error err;

	snprintf(a, sizeof(a), "%s/a", fx->dir);
	snprintf(b, sizeof(b), "%s/b", fx->dir);
	snprintf(all, sizeof(all), "%s/all", fx->dir);
	w = writer_open(a, XAP_WRITER_CREATE);
	begin(w);
	put(w, "x/one.txt", 1, 1, 1, "The zebra grazes.");
	commit(w);
	xap_writer_close(w);
	w = writer_open(b, XAP_WRITER_CREATE);
	begin(w);
	put(w, "y/two.txt", 1, 1, 1, "Nothing to see.");
	put(w, "y/two.txt", 2, 3, 3, "A zebra again.");
	commit(w);
	xap_writer_close(w);

	check(xap_compact(sources, 2, all, &err), &err);
	expect_hits(all, "zebra", 0, want);
	/* The merged database is updated like any other. */
	w = writer_open(all, 0);
	assert_int_equal(doc_count(w), 3);
	begin(w);
	delete_file(w, "y/two.txt");
	commit(w);
	assert_int_equal(doc_count(w), 1);
	xap_writer_close(w);

	assert_int_equal(xap_compact(sources, 0, all, &err), XAP_INVALID);
	sources[1] = fx->db;	/* does not exist */
	assert_int_not_equal(xap_compact(sources, 2, all, &err), XAP_OK);
}

/* An index of another layout is refused with a message saying what to do. */
static void test_old_layout_refused(void **state)
{
	struct fixture *fx = *state;
	const char *path = fx->db;
	xap_writer *w;
	xap_reader *r = NULL;
	xap_error err;

	index_corpus(fx->db);
	w = writer_open(fx->db, 0);
	begin(w);
	set_meta(w, "schema", "1");
	commit(w);
	xap_writer_close(w);
	assert_int_equal(xap_reader_open(&path, 1, &r, &err), XAP_OLD_INDEX);
	assert_null(r);
	assert_non_null(strstr(err.msg, "has layout 1"));
	assert_non_null(strstr(err.msg, "--full"));
}

/* per_file keeps the best passage of each file and counts the others. */
static void test_per_file(void **state)
{
	struct fixture *fx = *state;
	xap_search_opts o = { .query = "pigs OR cuba", .limit = 10,
			      .per_file = 1 };
	xap_results *res = NULL;
	xap_reader *r;
	xap_error err;
	unsigned more = 0;
	int exact = 0;

	index_corpus(fx->db);
	r = reader_open(fx->db);
	o.flags = XAP_SEARCH_EXACT | XAP_SEARCH_ANY;
	check(xap_search(r, &o, &res, &err), &err);
	/* first.txt, second.md, third.TXT: once each. */
	assert_int_equal(xap_results_count(res), 3);
	assert_int_equal(xap_results_estimate(res, &exact), 3);
	assert_true(exact);
	for (size_t i = 0; i < 3; i++)
		more += xap_results_hit(res, i)->more;
	/* second.md has two matching passages. */
	assert_int_equal(more, 1);
	xap_results_free(res);
	xap_reader_close(r);
}

/* context fetches the neighbours that exist, in passage order. */
static void test_context(void **state)
{
	struct fixture *fx = *state;
	xap_writer *w = writer_open(fx->db, XAP_WRITER_CREATE);
	xap_search_opts o = { .query = "needle", .limit = 10, .context = 2 };
	xap_results *res = NULL;
	const xap_hit *h;
	xap_reader *r;
	xap_error err;

	begin(w);
	put(w, "a.txt", 1, 1, 1, "one");
	put(w, "a.txt", 2, 3, 4, "two");
	put(w, "a.txt", 3, 6, 6, "the needle");
	put(w, "a.txt", 4, 8, 8, "four");
	put(w, "b.txt", 4, 8, 8, "other file");
	commit(w);
	xap_writer_close(w);
	r = reader_open(fx->db);
	check(xap_search(r, &o, &res, &err), &err);
	assert_int_equal(xap_results_count(res), 1);
	h = xap_results_hit(res, 0);
	assert_int_equal(h->nneighbours, 3);
	assert_int_equal(h->neighbours[0].passage, 1);
	assert_int_equal(h->neighbours[1].passage, 2);
	assert_int_equal(h->neighbours[1].line, 3);
	assert_int_equal(h->neighbours[1].end_line, 4);
	assert_string_equal(h->neighbours[1].text, "two");
	assert_int_equal(h->neighbours[2].passage, 4);
	assert_string_equal(h->neighbours[2].text, "four");
	xap_results_free(res);
	xap_reader_close(r);
}

/* explain gives each matching term's weight; for words they sum up. */
static void test_explain(void **state)
{
	struct fixture *fx = *state;
	xap_search_opts o = { .query = "Khrushchev missiles", .limit = 10,
			      .flags = XAP_SEARCH_EXPLAIN };
	xap_results *res = NULL;
	const xap_hit *h;
	xap_reader *r;
	xap_error err;
	double sum = 0;

	index_corpus(fx->db);
	r = reader_open(fx->db);
	check(xap_search(r, &o, &res, &err), &err);
	assert_int_equal(xap_results_count(res), 1);
	h = xap_results_hit(res, 0);
	assert_int_equal(h->nterms, 2);
	for (size_t i = 0; i < h->nterms; i++) {
		assert_true(h->terms[i].stemmed);
		assert_true(h->terms[i].weight > 0);
		sum += h->terms[i].weight;
	}
	assert_true(h->terms[0].weight >= h->terms[1].weight);
	assert_true(strcmp(h->terms[0].word, "missil") == 0 ||
		    strcmp(h->terms[1].word, "missil") == 0);
	assert_true(sum > h->score - 1e-9 && sum < h->score + 1e-9);
	xap_results_free(res);
	/* Without the flag, no terms. */
	res = search(r, "Khrushchev");
	assert_int_equal(xap_results_hit(res, 0)->nterms, 0);
	assert_null(xap_results_hit(res, 0)->terms);
	xap_results_free(res);
	xap_reader_close(r);
}

/*
 * Ranking settings: bad BM25 parameters and expansion weights are
 * XAP_INVALID; English stop words are dropped only for English.
 */
static void test_ranking_settings(void **state)
{
	struct fixture *fx = *state;
	xap_writer *w = writer_open(fx->db, XAP_WRITER_CREATE);
	xap_search_opts o = { .query = "the cuba", .flags = XAP_SEARCH_ANY,
			      .limit = 10 };
	xap_results *res = NULL;
	xap_reader *r;
	xap_error err;

	begin(w);
	put(w, "a.txt", 1, 1, 1, "cuba libre");
	put(w, "b.txt", 1, 1, 1, "the end");
	commit(w);
	xap_writer_close(w);
	r = reader_open(fx->db);

	check(xap_search(r, &o, &res, &err), &err);
	assert_int_equal(xap_results_count(res), 1);
	assert_string_equal(xap_results_hit(res, 0)->path, "a.txt");
	xap_results_free(res);
	o.flags |= XAP_SEARCH_KEEP_STOPWORDS;
	check(xap_search(r, &o, &res, &err), &err);
	assert_int_equal(xap_results_count(res), 2);
	xap_results_free(res);
	o.flags &= ~(unsigned)XAP_SEARCH_KEEP_STOPWORDS;
	o.lang = "none";
	check(xap_search(r, &o, &res, &err), &err);
	assert_int_equal(xap_results_count(res), 2);
	xap_results_free(res);
	o.lang = NULL;

	o.flags |= XAP_SEARCH_BM25;
	o.bm25_k1 = 1;
	o.bm25_b = 1.5;
	assert_int_equal(xap_search(r, &o, &res, &err), XAP_INVALID);
	assert_string_equal(err.msg, "BM25 needs k1 >= 0 and 0 <= b <= 1");
	assert_null(res);
	o.bm25_k1 = -1;
	o.bm25_b = 0.5;
	assert_int_equal(xap_search(r, &o, &res, &err), XAP_INVALID);
	o.bm25_k1 = 0;
	o.bm25_b = 0;
	check(xap_search(r, &o, &res, &err), &err);
	xap_results_free(res);

	o.flags |= XAP_SEARCH_EXPAND;
	o.expand_docs = 5;
	o.expand_terms = 10;
	o.expand_weight = 0;
	assert_int_equal(xap_search(r, &o, &res, &err), XAP_INVALID);
	assert_string_equal(err.msg, "the expansion weight must be above 0");
	o.expand_docs = 0;
	check(xap_search(r, &o, &res, &err), &err);
	assert_int_equal(xap_results_count(res), 1);
	xap_results_free(res);
	xap_reader_close(r);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_create_put_commit_search),
		T(test_hit_fields),
		T(test_replace_by_unique_term),
		T(test_delete_file),
		T(test_delete_not_by_basename),
		T(test_close_without_commit_discards),
		T(test_batch_invisible_until_commit),
		T(test_put_is_new),
		T(test_batch_misuse),
		T(test_put_invalid),
		T(test_put_strips_markers),
		T(test_overwrite),
		T(test_stemming),
		T(test_and_vs_any),
		T(test_phrase),
		T(test_not),
		T(test_phrase_checked),
		T(test_near_and_required),
		T(test_wildcard),
		T(test_file_filter),
		T(test_file_filter_quoted_and_several),
		T(test_ext_filter),
		T(test_long_path),
		T(test_snippet),
		T(test_snippet_length),
		T(test_reader_multiple_indexes),
		T(test_search_retries_after_modification),
		T(test_metadata),
		T(test_metadata_bad_keys),
		T(test_reader_missing_index),
		T(test_reader_not_an_index),
		T(test_writer_missing_index),
		T(test_second_writer_locked),
		T(test_corrupt_index),
		T(test_check),
		T(test_bad_query),
		T(test_unknown_language),
		T(test_language_none),
		T(test_folding),
		T(test_cjk),
		T(test_tokenizer_recorded),
		T(test_suggestion),
		T(test_spelling_waits_for_full_commit),
		T(test_shared_spelling),
		T(test_compact_merges),
		T(test_old_layout_refused),
		T(test_per_file),
		T(test_context),
		T(test_explain),
		T(test_ranking_settings),
		cmocka_unit_test(test_status_strings),
		cmocka_unit_test(test_null_handles),
	};
#undef T

	return cmocka_run_group_tests_name("xap", tests, NULL, NULL);
}
