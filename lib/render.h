/*
 * render.h - how the searcher prints results.
 *
 * One small interface with two implementations: render_text.c for people
 * (path:line, passage, score, a snippet with highlighted words, colour on a
 * terminal only) and render_json.c for scripts (JSON Lines, schema in
 * docs/json.md).  The searcher walks the results once and never tests
 * which format it prints.
 */
#ifndef RENDER_H
#define RENDER_H

#include <stdio.h>

#include "xap.h"

/* Version of the JSON Lines schema (docs/json.md); bump on any change. */
#define RENDER_JSON_SCHEMA 1

struct render {
	FILE *out;
	int color;		/* text only: ANSI colours */
	int files;		/* --files: a hit stands for its file */
	int more;		/* --per-file: say how many more each file has */
	int context;		/* --context: print the neighbouring passages */
	int explain;		/* --explain: print each term's weight */
	size_t count;		/* hits printed so far */
	/* Prints one hit; returns 0, or -1 when the output failed. */
	int (*hit)(struct render *r, const xap_hit *hit);
	/*
	 * --count: prints the number of matches, 'exact' 0 when it is
	 * Xapian's estimate; returns 0, or -1 when the output failed.
	 */
	int (*total)(struct render *r, unsigned long n, int exact);
};

void render_text_init(struct render *r, FILE *out, int color);
void render_json_init(struct render *r, FILE *out);

/* A highlighted span of a snippet, in bytes of the plain snippet. */
struct render_span {
	size_t start, end;
};

/*
 * Strips the XAP_HI_START/XAP_HI_END markers from 'snippet' into 'plain'
 * (at least strlen(snippet) + 1 bytes) and stores up to 'maxspans' spans
 * of highlighted text; returns the number of spans found (which may exceed
 * maxspans; only maxspans are stored).
 */
size_t render_snippet_spans(const char *snippet, char *plain,
			    struct render_span *spans, size_t maxspans);

#endif /* RENDER_H */
