/*
 * test_render.c - text and JSON output of hits.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <jansson.h>

#include "msg.h"
#include "render.h"

static xap_hit sample(void)
{
	xap_hit h = {
		.rank = 2, .score = 1.5, .percent = 87,
		.path = "corpus/a b.txt", .passage = 4, .line = 7, .end_line = 9,
		.text = "He said \"hi\"\n\tto Raúl.",
		.snippet = "...said \x01hi\x02 to \x01Raúl\x02.",
	};
	return h;
}

/* Renders one hit into a string owned by the caller. */
static char *render_one(int json, int color, const xap_hit *h)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct render r;

	assert_non_null(f);
	if (json)
		render_json_init(&r, f);
	else
		render_text_init(&r, f, color);
	assert_int_equal(r.hit(&r, h), 0);
	fclose(f);
	return buf;
}

/* Markers are removed and each highlighted span is located in bytes. */
static void test_spans(void **state)
{
	struct render_span sp[4];
	char plain[64];

	(void)state;
	assert_int_equal(render_snippet_spans("a \x01" "bc\x02 d \x01" "é\x02", plain, sp, 4), 2);
	assert_string_equal(plain, "a bc d é");
	assert_int_equal(sp[0].start, 2);
	assert_int_equal(sp[0].end, 4);
	assert_int_equal(sp[1].start, 7);
	assert_int_equal(sp[1].end, 9);
	/* More spans than room: counted, only the first stored. */
	assert_int_equal(render_snippet_spans("\x01" "a\x02\x01" "b\x02", plain, sp, 1), 2);
	/* An unclosed marker runs to the end. */
	assert_int_equal(render_snippet_spans("x\x01yz", plain, sp, 4), 1);
	assert_int_equal(sp[0].end, 3);
}

/* Plain text: a header line and an indented snippet, no escape codes. */
static void test_text_plain(void **state)
{
	xap_hit h = sample();
	char *s = render_one(0, 0, &h);

	(void)state;
	assert_string_equal(s, "corpus/a b.txt:7-9: passage 4, score 1.500\n"
			    "    ...said hi to Raúl.\n");
	free(s);
}

/* White space runs in a snippet print as one space. */
static void test_text_whitespace_folds(void **state)
{
	xap_hit h = sample();
	char *s;

	(void)state;
	h.snippet = "  one\n\t  two\x01  \x02three";
	s = render_one(0, 0, &h);
	assert_non_null(strstr(s, "\n    one two three\n"));
	free(s);
}

/* With colour the matched words are wrapped in ANSI codes. */
static void test_text_color(void **state)
{
	xap_hit h = sample();
	char *s = render_one(0, 1, &h);

	(void)state;
	assert_non_null(strstr(s, "\033[1;31mhi\033[0m"));
	assert_non_null(strstr(s, "\033[1;31mRaúl\033[0m"));
	free(s);
}

/* Control characters in a path cannot reach the terminal. */
static void test_text_control_chars(void **state)
{
	xap_hit h = sample();
	char *s;

	(void)state;
	h.path = "evil\033[2Jname\n.txt";
	s = render_one(0, 0, &h);
	assert_null(strchr(s, '\033'));
	assert_non_null(strstr(s, "evil?[2Jname?.txt:7-9"));
	free(s);
}

/* JSON: one line, all keys, exact values, spans into the plain snippet. */
static void test_json(void **state)
{
	xap_hit h = sample();
	char *s = render_one(1, 0, &h);
	json_error_t e;
	json_t *o;

	(void)state;
	assert_non_null(strchr(s, '\n'));
	assert_ptr_equal(strchr(s, '\n'), s + strlen(s) - 1);
	o = json_loads(s, 0, &e);
	assert_non_null(o);
	assert_int_equal(json_integer_value(json_object_get(o, "schema_version")),
			 RENDER_JSON_SCHEMA);
	assert_int_equal(json_integer_value(json_object_get(o, "rank")), 2);
	assert_true(json_real_value(json_object_get(o, "score")) == 1.5);
	assert_int_equal(json_integer_value(json_object_get(o, "percent")), 87);
	assert_string_equal(json_string_value(json_object_get(o, "path")),
			    "corpus/a b.txt");
	assert_int_equal(json_integer_value(json_object_get(o, "passage")), 4);
	assert_int_equal(json_integer_value(json_object_get(o, "line")), 7);
	assert_int_equal(json_integer_value(json_object_get(o, "end_line")), 9);
	assert_string_equal(json_string_value(json_object_get(o, "snippet")),
			    "...said hi to Raúl.");
	assert_string_equal(json_string_value(json_object_get(o, "text")),
			    "He said \"hi\"\n\tto Raúl.");
	assert_int_equal(json_array_size(json_object_get(o, "highlights")), 2);
	assert_int_equal(json_integer_value(json_array_get(
		json_array_get(json_object_get(o, "highlights"), 0), 0)), 8);
	json_decref(o);
	free(s);
}

/* The JSON object of one hit with path 'path'. */
static json_t *json_of_path(const char *path)
{
	xap_hit h = sample();
	char *s;
	json_t *o;
	json_error_t e;

	h.path = path;
	s = render_one(1, 0, &h);
	o = json_loads(s, 0, &e);
	assert_non_null(o);
	free(s);
	return o;
}

/*
 * A path that is not UTF-8 still gives valid JSON: each invalid byte is
 * U+FFFD in "path", so two names can give the same "path" (a real U+FFFD,
 * a Latin-1 é); "path_bytes" has the bytes, and only then.
 */
static void test_json_bad_utf8_path(void **state)
{
	json_t *o;

	(void)state;
	o = json_of_path("caf\xe9.txt");
	assert_string_equal(json_string_value(json_object_get(o, "path")),
			    "caf\xef\xbf\xbd.txt");
	assert_string_equal(json_string_value(json_object_get(o, "path_bytes")),
			    "636166e92e747874");
	json_decref(o);
	/* Two bytes of a cut sequence are two replacements; overlong too. */
	o = json_of_path("a\xe2\x80" "b\xc0\xaf" "c");
	assert_string_equal(json_string_value(json_object_get(o, "path")),
			    "a\xef\xbf\xbd\xef\xbf\xbd" "b\xef\xbf\xbd\xef\xbf\xbd" "c");
	json_decref(o);
	o = json_of_path("caf\xef\xbf\xbd.txt");
	assert_string_equal(json_string_value(json_object_get(o, "path")),
			    "caf\xef\xbf\xbd.txt");
	assert_null(json_object_get(o, "path_bytes"));
	json_decref(o);
}

/*
 * C1 controls and bidirectional overrides in a path or a snippet print as
 * '?', as C0 controls do; other non-ASCII text is kept.
 */
static void test_text_c1_and_bidi(void **state)
{
	xap_hit h = sample();
	char *s;

	(void)state;
	h.path = "a\xc2\x9b" "31mb\xe2\x80\xae" "fdp.exe\xe2\x81\xa6x\xe2\x81\xa9\x9b" "é";
	h.snippet = "CSI \xc2\x9b" "2J, RLO \xe2\x80\xae" "here, LRI \xe2\x81\xa6.";
	s = render_one(0, 0, &h);
	assert_string_equal(s, "a?31mb?fdp.exe?x??é:7-9: passage 4, score 1.500\n"
			    "    CSI ?2J, RLO ?here, LRI ?.\n");
	free(s);
	assert_string_equal(msg_path("x\xc2\x85y\xe2\x80\xaez\xe2\x80\xa9\n"),
			    "x?y?z\xe2\x80\xa9?");
}

/* Renders with the mode fields of struct render set by 'setup'. */
static char *render_mode(int json, const xap_hit *h,
			 void (*setup)(struct render *r))
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct render r;

	assert_non_null(f);
	if (json)
		render_json_init(&r, f);
	else
		render_text_init(&r, f, 0);
	setup(&r);
	assert_int_equal(r.hit(&r, h), 0);
	fclose(f);
	return buf;
}

static void set_files(struct render *r)
{
	r->files = 1;
	r->more = 1;
}

static void set_all(struct render *r)
{
	r->more = 1;
	r->context = 1;
	r->explain = 1;
}

static const xap_neighbour neighbours[] = {
	{ 3, 5, 6, "Before\tthis." },
	{ 5, 10, 10, "After it." },
};

static const xap_term_weight weights[] = {
	{ "missil", 1, 1.25 },
	{ "raúl", 0, 0.5 },
};

static xap_hit rich(void)
{
	xap_hit h = sample();

	h.more = 2;
	h.neighbours = neighbours;
	h.nneighbours = 2;
	h.terms = weights;
	h.nterms = 2;
	return h;
}

/* --files: the path alone. */
static void test_text_files(void **state)
{
	xap_hit h = rich();
	char *s = render_mode(0, &h, set_files);

	(void)state;
	assert_string_equal(s, "corpus/a b.txt\n");
	free(s);
}

/* --per-file, --context and --explain in text. */
static void test_text_extras(void **state)
{
	xap_hit h = rich();
	char *s = render_mode(0, &h, set_all);

	(void)state;
	assert_string_equal(s,
		"corpus/a b.txt:7-9: passage 4, score 1.500, 2 more in this file\n"
		"    (line 5) Before this.\n"
		"    ...said hi to Raúl.\n"
		"    (line 10) After it.\n"
		"    terms: missil (stem) 1.250, raúl 0.500\n");
	free(s);
}

/* The same in JSON: more, context and explain keys. */
static void test_json_extras(void **state)
{
	xap_hit h = rich();
	char *s = render_mode(1, &h, set_all);
	json_t *o = json_loads(s, 0, NULL);

	(void)state;
	assert_non_null(o);
	assert_int_equal(json_integer_value(json_object_get(o, "more")), 2);
	assert_int_equal(json_array_size(json_object_get(o, "context")), 2);
	assert_string_equal(json_string_value(json_object_get(
		json_array_get(json_object_get(o, "context"), 1), "text")),
		"After it.");
	assert_int_equal(json_integer_value(json_object_get(
		json_array_get(json_object_get(o, "context"), 0), "end_line")), 6);
	assert_string_equal(json_string_value(json_object_get(
		json_array_get(json_object_get(o, "explain"), 0), "term")),
		"missil");
	assert_true(json_is_true(json_object_get(
		json_array_get(json_object_get(o, "explain"), 0), "stemmed")));
	json_decref(o);
	free(s);
	/* Without the modes, none of the keys. */
	s = render_one(1, 0, &h);
	o = json_loads(s, 0, NULL);
	assert_non_null(o);
	assert_null(json_object_get(o, "more"));
	assert_null(json_object_get(o, "context"));
	assert_null(json_object_get(o, "explain"));
	json_decref(o);
	free(s);
}

/* --count: a number, "about" when estimated; JSON count and exact. */
static void test_total(void **state)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct render r;

	(void)state;
	render_text_init(&r, f, 0);
	assert_int_equal(r.total(&r, 42, 1), 0);
	assert_int_equal(r.total(&r, 1000, 0), 0);
	render_json_init(&r, f);
	assert_int_equal(r.total(&r, 7, 0), 0);
	fclose(f);
	assert_string_equal(buf, "42\nabout 1000\n"
			    "{\"schema_version\":1,\"count\":7,\"exact\":false}\n");
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_spans),
		cmocka_unit_test(test_text_plain),
		cmocka_unit_test(test_text_whitespace_folds),
		cmocka_unit_test(test_text_color),
		cmocka_unit_test(test_text_control_chars),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_json_bad_utf8_path),
		cmocka_unit_test(test_text_c1_and_bidi),
		cmocka_unit_test(test_text_files),
		cmocka_unit_test(test_text_extras),
		cmocka_unit_test(test_json_extras),
		cmocka_unit_test(test_total),
	};

	return cmocka_run_group_tests_name("render", tests, NULL, NULL);
}
