/*
 * fuzz_query.c - libFuzzer target for query parsing and search through
 * the binding (lib/xap.h).
 *
 * LLVMFuzzerInitialize builds a small index once, in a temporary
 * directory, from passages with accents, phrases, file names and
 * extensions, so that the filters, wildcards and phrase searches all
 * have something to find.  Each input is a query string (after one byte
 * of flags); any status other than XAP_OK or XAP_BAD_QUERY, or a broken
 * promise of xap.h about the hits, aborts.
 *
 * Built by 'make fuzz' (clang, -fsanitize=fuzzer,address,undefined).
 */
#define _XOPEN_SOURCE 700	/* nftw(), mkdtemp() */
#include <ftw.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "xap.h"

static xap_reader *reader;
static char dir[] = "/tmp/fuzz_query.XXXXXX";

static const struct {
	const char *path, *text;
} passages[] = {
	{ "notes/todo.txt", "Call the plumber about the leaking tap." },
	{ "notes/todo.txt", "Paint the fence before the rain comes." },
	{ "corpus/castro-cuba.txt",
	  "After the failed U.S. sponsored Cuban invasion at the Bay of Pigs, "
	  "Fidel Castro had declared himself to be Marxist-Leninist." },
	{ "corpus/castro-cuba.txt",
	  "Castro continued guerrilla attacks and succeeded in gaining large "
	  "numbers of followers; Raúl fled the scene." },
	{ "docs/README.md", "Café au lait, naïve façade, \xe2\x80\x9cquoted\xe2\x80\x9d text" },
	{ "src/main.c", "int main(void) { return 0; } /* missile crisis */" },
	{ "mail/spam.eml", "From: x@example.com\nSubject: WIN $$$ NOW!!!\n\nclick here" },
};

static int rm_one(const char *path, const struct stat *st, int flag,
		  struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static void cleanup(void)
{
	xap_reader_close(reader);
	nftw(dir, rm_one, 8, FTW_DEPTH | FTW_PHYS);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	xap_writer *w = NULL;
	xap_error err;
	const char *paths[1] = { dir };
	unsigned ord[8] = { 0 };
	size_t i;

	(void)argc;
	(void)argv;
	if (!mkdtemp(dir))
		abort();
	if (xap_writer_open(dir, XAP_WRITER_CREATE, &w, &err) ||
	    xap_writer_begin(w, &err))
		goto fail;
	for (i = 0; i < sizeof(passages) / sizeof(passages[0]); i++) {
		xap_passage p = {
			.path = passages[i].path,
			.text = passages[i].text,
			.text_len = strlen(passages[i].text),
			.ordinal = ++ord[i % 8],
			.line = (unsigned)i + 1,
			.end_line = (unsigned)i + 2,
		};

		if (xap_writer_put_passage(w, &p, &err))
			goto fail;
	}
	if (xap_writer_commit(w, &err))
		goto fail;
	xap_writer_close(w);
	if (xap_reader_open(paths, 1, &reader, &err))
		goto fail;
	atexit(cleanup);
	return 0;
fail:
	fprintf(stderr, "fuzz_query: %s\n", err.msg);
	abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	xap_search_opts opts;
	xap_results *res = NULL;
	xap_error err;
	xap_status s;
	char *q;
	size_t i, n;

	if (size < 1)
		return 0;
	q = malloc(size);
	if (!q)
		abort();
	memcpy(q, data + 1, size - 1);
	q[size - 1] = '\0';
	memset(&opts, 0, sizeof(opts));
	opts.query = q;
	opts.flags = data[0] & 1 ? XAP_SEARCH_ANY : 0;
	opts.lang = data[0] & 2 ? "none" : NULL;
	opts.offset = (data[0] >> 2) & 3;
	opts.limit = 1 + ((data[0] >> 4) & 7);
	opts.snippet_len = data[0] & 0x80 ? 20 : 0;

	s = xap_search(reader, &opts, &res, &err);
	if (s == XAP_BAD_QUERY) {
		if (res || err.status != s || !err.msg[0] || strchr(err.msg, '\n'))
			abort();
		free(q);
		return 0;
	}
	if (s != XAP_OK || !res)
		abort();
	n = xap_results_count(res);
	if (n > opts.limit || xap_results_hit(res, n) != NULL)
		abort();
	for (i = 0; i < n; i++) {
		const xap_hit *h = xap_results_hit(res, i);

		if (!h || h->rank != opts.offset + i + 1 || !h->path ||
		    !h->text || !h->snippet || h->percent < 0 ||
		    h->percent > 100 || h->passage == 0 ||
		    h->end_line < h->line)
			abort();
		/* Markers pair up, in order. */
		{
			int open = 0;
			const char *p;

			for (p = h->snippet; *p; p++) {
				if (*p == XAP_HI_START) {
					if (open++)
						abort();
				} else if (*p == XAP_HI_END) {
					if (!open--)
						abort();
				}
			}
			if (open)
				abort();
		}
	}
	xap_results_free(res);
	free(q);
	return 0;
}
