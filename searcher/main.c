/*
 * searcher - rank the passages of an index against a keyword query and
 * print the best ones.  See docs/searcher.1.
 *
 * Options (options.c), then: open the indexes read-only (never the write
 * lock, so it runs while an indexer works), search (the binding reopens
 * and retries when a commit lands in the middle), render (render.h), and
 * exit as grep does.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "exitcode.h"
#include "msg.h"
#include "options.h"
#include "render.h"
#include "xap.h"

static void render_init(struct render *out, const struct searcher_options *o)
{
	if (o->json)
		render_json_init(out, stdout);
	else
		render_text_init(out, stdout, o->color);
	out->files = o->files;
	out->more = o->search.per_file > 0;
	out->context = o->search.context > 0;
	out->explain = (o->search.flags & XAP_SEARCH_EXPLAIN) != 0;
}

/* A missing index, with the command that would make it. */
static void report_open_error(const struct searcher_options *o,
			      const xap_error *err)
{
	if (err->status == XAP_NOT_FOUND && access(o->indexes[0], F_OK) != 0)
		msg_error("%s; create it with: indexer -d %s PATH...", err->msg,
			  msg_path(o->indexes[0]));
	else
		msg_error("%s", err->msg);
}

/* Prints the results; returns the exit status. */
static int print_results(struct render *out, const xap_results *res,
			 const struct searcher_options *o)
{
	size_t i, n = xap_results_count(res);
	const char *suggestion;

	if (o->count) {
		int exact;
		unsigned long total = xap_results_estimate(res, &exact);

		if (out->total(out, total, exact) != 0)
			goto write_error;
		n = total;
	}
	for (i = 0; i < xap_results_count(res); i++)
		if (out->hit(out, xap_results_hit(res, i)) != 0)
			goto write_error;
	/* On stderr, so that stdout stays pure JSON with --json. */
	suggestion = xap_results_suggestion(res);
	if (suggestion)
		msg_error("did you mean: %s", msg_path(suggestion));
	if (fflush(stdout) != 0)
		goto write_error;
	return n ? SEARCHER_FOUND : SEARCHER_NONE;
write_error:
	msg_error("cannot write results: %s", strerror(errno));
	return SEARCHER_ERROR;
}

int main(int argc, char **argv)
{
	struct searcher_options o;
	xap_reader *r = NULL;
	xap_results *res = NULL;
	xap_error err;
	struct render out;
	int rc;

	msg_init("searcher");
	options_parse(argc, argv, &o);
	render_init(&out, &o);
	if (xap_reader_open(o.indexes, o.nindexes, &r, &err) != XAP_OK) {
		report_open_error(&o, &err);
		rc = exit_from_status(EXIT_SEARCHER, err.status);
	} else if (xap_search(r, &o.search, &res, &err) != XAP_OK) {
		msg_error("%s", err.msg);
		rc = exit_from_status(EXIT_SEARCHER, err.status);
	} else {
		rc = print_results(&out, res, &o);
	}
	xap_results_free(res);
	xap_reader_close(r);
	options_free(&o);
	return rc;
}
