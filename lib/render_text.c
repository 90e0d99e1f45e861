/*
 * render_text.c - results for people.
 *
 *   corpus/castro-cuba.txt:3: passage 3, score 2.174
 *       ...the Bay of Pigs, Fidel Castro had declared...
 *
 * Colours (path, line, matched words) only when asked: the searcher turns
 * them on for a terminal.  Without colour, the snippet is plain text, as
 * grep prints it into a pipe.
 */
#include "render.h"

#include <string.h>

#include "msg.h"

#define C_PATH "\033[35m"
#define C_LINE "\033[32m"
#define C_MATCH "\033[1;31m"
#define C_DIM "\033[2m"
#define C_OFF "\033[0m"

/*
 * Control characters would garble a terminal, and bidirectional overrides
 * would reorder what it shows: each prints as '?' (msg_char()).  In a
 * snippet (fold set), runs of white space, line ends included, print as
 * one space, so hard-wrapped and indented text reads as a paragraph;
 * *fold remembers across calls whether a space was just printed.  In a
 * path (fold NULL) white space other than a space shows as '?' too,
 * since a space would misname the file.
 */
static void put_clean(FILE *out, const char *s, size_t n, int *fold)
{
	size_t i = 0;

	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		int unsafe;
		size_t len;

		if (fold && (c == ' ' || c == '\n' || c == '\t' ||
			     c == '\r' || c == '\f' || c == '\v')) {
			if (!*fold)
				fputc(' ', out);
			*fold = 1;
			i++;
			continue;
		}
		if (fold)
			*fold = 0;
		len = msg_char(s + i, n - i, &unsafe);
		if (unsafe)
			fputc('?', out);
		else
			fwrite(s + i, 1, len, out);
		i += len;
	}
}

/* Context passages are cut to about a snippet's length. */
#define NEIGHBOUR_MAX 200

/* A neighbouring passage (--context): its line and its beginning, dim. */
static void put_neighbour(struct render *r, const xap_neighbour *nb)
{
	size_t n = strlen(nb->text), cut = n;
	int space = 1;

	if (cut > NEIGHBOUR_MAX) {
		cut = NEIGHBOUR_MAX;
		while (cut > 0 && ((unsigned char)nb->text[cut] & 0xC0) == 0x80)
			cut--;
	}
	fprintf(r->out, "    %s(line %u) ", r->color ? C_DIM : "", nb->line);
	put_clean(r->out, nb->text, cut, &space);
	fprintf(r->out, "%s%s\n", cut < n ? "..." : "", r->color ? C_OFF : "");
}

/* --files: the path alone, as rg -l prints it. */
static int file_hit(struct render *r, const xap_hit *hit)
{
	r->count++;
	fputs(r->color ? C_PATH : "", r->out);
	put_clean(r->out, hit->path, strlen(hit->path), NULL);
	fputs(r->color ? C_OFF "\n" : "\n", r->out);
	return ferror(r->out) ? -1 : 0;
}

static int text_hit(struct render *r, const xap_hit *hit)
{
	FILE *out = r->out;
	const char *s;
	size_t i;
	int space = 1;		/* no space right after the indent */

	if (r->files)
		return file_hit(r, hit);
	/* A blank line between hits, as between paragraphs. */
	if (r->count++)
		fputc('\n', out);
	if (r->color) {
		fputs(C_PATH, out);
		put_clean(out, hit->path, strlen(hit->path), NULL);
		fprintf(out, C_OFF ":" C_LINE "%u" C_OFF, hit->line);
	} else {
		put_clean(out, hit->path, strlen(hit->path), NULL);
		fprintf(out, ":%u", hit->line);
	}
	if (hit->end_line != hit->line)
		fprintf(out, "-%u", hit->end_line);
	fprintf(out, ": %spassage %u, score %.3f", r->color ? C_DIM : "",
		hit->passage, hit->score);
	if (r->more && hit->more)
		fprintf(out, ", %u more in this file", hit->more);
	/* A passage holding only some of the words says which it lacks. */
	for (i = 0; i < hit->nmissing; i++) {
		int none = 0;

		fputs(i ? ", " : "; missing: ", out);
		put_clean(out, hit->missing[i], strlen(hit->missing[i]), &none);
	}
	fprintf(out, "%s\n", r->color ? C_OFF : "");

	for (i = 0; i < hit->nneighbours; i++)
		if (hit->neighbours[i].passage < hit->passage)
			put_neighbour(r, &hit->neighbours[i]);
	fputs("    ", out);
	for (s = hit->snippet; *s;) {
		size_t n = strcspn(s, "\x01\x02");

		put_clean(out, s, n, &space);
		s += n;
		if (*s == XAP_HI_START && r->color)
			fputs(C_MATCH, out);
		else if (*s == XAP_HI_END && r->color)
			fputs(C_OFF, out);
		if (*s)
			s++;
	}
	fputc('\n', out);
	for (i = 0; i < hit->nneighbours; i++)
		if (hit->neighbours[i].passage > hit->passage)
			put_neighbour(r, &hit->neighbours[i]);
	/* --explain: each matching term and its share of the score. */
	if (hit->nterms) {
		fputs("    terms:", out);
		for (i = 0; i < hit->nterms; i++) {
			fputs(i ? ", " : " ", out);
			space = 1;
			put_clean(out, hit->terms[i].word,
				  strlen(hit->terms[i].word), &space);
			fprintf(out, "%s %.3f", hit->terms[i].stemmed ?
				" (stem)" : "", hit->terms[i].weight);
		}
		if (hit->expansion > 0)
			fprintf(out, "; query expansion %.3f", hit->expansion);
		fputc('\n', out);
	}
	return ferror(out) ? -1 : 0;
}

static int text_total(struct render *r, unsigned long n, int exact)
{
	fprintf(r->out, "%s%lu\n", exact ? "" : "about ", n);
	return ferror(r->out) ? -1 : 0;
}

void render_text_init(struct render *r, FILE *out, int color)
{
	r->out = out;
	r->color = color;
	r->files = 0;
	r->more = 0;
	r->context = 0;
	r->explain = 0;
	r->count = 0;
	r->hit = text_hit;
	r->total = text_total;
}
