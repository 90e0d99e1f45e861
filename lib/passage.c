/*
 * passage.c - splitting a text into passages (see passage.h).
 *
 * White space, for blank lines and trimming alike, is space, tab, CR, FF
 * and VT: the two must agree, or a line holding only a form feed would be
 * a paragraph that trims to nothing.
 */
#include "passage.h"

#include <ctype.h>
#include <stdbool.h>
#include <string.h>

struct splitter {
	passage_fn fn;
	void *ctx;
	unsigned ordinal;
	struct passage pending;	/* not yet handed out; len 0 if none */
	bool join;		/* a short pending paragraph may take the next */
	size_t min;		/* PASSAGE_MIN */
	size_t last;		/* length of the pending's last paragraph */
};

static bool is_blank_char(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

static bool is_space(unsigned char c)
{
	return is_blank_char(c) || c == '\n';
}

static bool is_blank(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!is_blank_char((unsigned char)s[i]))
			return false;
	return true;
}

static size_t line_end(const char *text, size_t len, size_t pos)
{
	const char *nl = memchr(text + pos, '\n', len - pos);

	return nl ? (size_t)(nl - text) : len;
}

static unsigned count_lines(const char *s, size_t n)
{
	unsigned lines = 0;
	size_t i;

	for (i = 0; i < n; i++)
		lines += s[i] == '\n';
	return lines;
}

static bool ends_with(const char *s, size_t c, const char *tail, size_t n)
{
	return c >= n && memcmp(s + c - n, tail, n) == 0;
}

static bool is_stop(char c)
{
	return c == '.' || c == '!' || c == '?';
}

/* A cut at s[c], a white space, just after the end of a sentence. */
static bool sentence_cut(const char *s, size_t c)
{
	static const char *const quotes[] = {
		"\"", "'", "\xe2\x80\x9d", "\xe2\x80\x99", "\xc2\xbb",
	};
	size_t i, n;

	if (!is_space((unsigned char)s[c]) || c == 0)
		return false;
	if (is_stop(s[c - 1]))
		return true;
	for (i = 0; i < sizeof(quotes) / sizeof(quotes[0]); i++) {
		n = strlen(quotes[i]);
		if (ends_with(s, c, quotes[i], n) && c > n &&
		    is_stop(s[c - n - 1]))
			return true;
	}
	return false;
}

enum cut_kind { CUT_SENTENCE, CUT_LINE, CUT_SPACE };

static bool cut_ok(const char *s, size_t c, enum cut_kind kind)
{
	switch (kind) {
	case CUT_SENTENCE:
		return sentence_cut(s, c);
	case CUT_LINE:
		return s[c] == '\n';
	case CUT_SPACE:
		return is_space((unsigned char)s[c]);
	}
	return false;
}

/*
 * The ideal piece size is kept within these bounds, so that a cut a quarter
 * of it away still gives a piece no larger than PASSAGE_MAX, and pieces
 * stay near the target size however the earlier cuts fell.
 */
#define IDEAL_MIN (PASSAGE_TARGET / 2)
#define IDEAL_MAX (PASSAGE_MAX * 4 / 5)

/*
 * Where to end a piece of about 'ideal' bytes of s[0..n): the best kind of
 * cut within a quarter of 'ideal' either way, nearest first.  With ideal
 * in [IDEAL_MIN, IDEAL_MAX] and n > ideal, the piece is never empty nor
 * above PASSAGE_MAX.
 */
static size_t find_cut(const char *s, size_t n, size_t ideal)
{
	size_t w = ideal / 4, d, c;
	int kind;

	for (kind = CUT_SENTENCE; kind <= CUT_SPACE; kind++) {
		for (d = 0; d <= w; d++) {
			if (ideal + d < n && cut_ok(s, ideal + d, kind))
				return ideal + d;
			if (d > 0 && cut_ok(s, ideal - d, kind))
				return ideal - d;
		}
	}
	/*
	 * Back to the start of the character; bounded, so bytes that are not
	 * UTF-8 cannot walk the cut away.
	 */
	c = ideal;
	for (d = 0; d < 3 && c > 1 && ((unsigned char)s[c] & 0xc0) == 0x80; d++)
		c--;
	return c;
}

static int flush(struct splitter *sp)
{
	int r = 0;

	if (sp->pending.len > 0)
		r = sp->fn(&sp->pending, ++sp->ordinal, sp->ctx);
	sp->pending.len = 0;
	return r;
}

/*
 * Hands out the previous passage and keeps this one pending, or joins this
 * one to the previous passage when that is shorter than PASSAGE_MIN and
 * ends with a paragraph shorter than half of it (a heading, a list item:
 * a paragraph of some length ends a passage), and the two, with what lies
 * between them, fit in PASSAGE_MAX.
 */
static int emit(struct splitter *sp, const char *s, size_t n, unsigned line)
{
	struct passage *p = &sp->pending;

	while (n > 0 && is_space((unsigned char)s[n - 1]))
		n--;
	if (sp->join && p->len > 0 && p->len < sp->min &&
	    sp->last < sp->min / 2 &&
	    (size_t)(s + n - p->text) <= PASSAGE_MAX) {
		p->len = (size_t)(s + n - p->text);
		p->end_line = line + count_lines(s, n);
		sp->last = n;
		return 0;
	}
	int r = flush(sp);

	p->text = s;
	p->len = n;
	p->line = line;
	p->end_line = line + count_lines(s, n);
	sp->last = n;
	return r;
}

/* Emits s[0..n), trimmed, cut into pieces if it is too long. */
static int paragraph(struct splitter *sp, const char *s, size_t n,
		     unsigned line)
{
	size_t k, c;
	int r;

	while (n > 0 && is_space((unsigned char)s[n - 1]))
		n--;
	while (n > 0 && is_space((unsigned char)*s)) {
		line += *s == '\n';
		s++;
		n--;
	}
	if (n == 0)
		return 0;
	if (n <= PASSAGE_MAX)
		return emit(sp, s, n, line);
	/*
	 * The count of pieces is planned once, and each piece aims at an
	 * equal share of what is left, so a cut made off the ideal size is
	 * spread over the following pieces.  The count changes only when the
	 * share would leave the bounds: after many cuts on one side, or when
	 * a long run of white space was skipped at a cut.
	 */
	k = (n + PASSAGE_TARGET - 1) / PASSAGE_TARGET;
	for (;;) {
		if (k < (n + IDEAL_MAX - 1) / IDEAL_MAX)
			k = (n + IDEAL_MAX - 1) / IDEAL_MAX;
		if (k > n / IDEAL_MIN)
			k = n / IDEAL_MIN;
		if (k <= 1)
			break;
		c = find_cut(s, n, n / k);
		r = emit(sp, s, c, line);
		if (r)
			return r;
		line += count_lines(s, c);
		s += c;
		n -= c;
		while (n > 0 && is_space((unsigned char)*s)) {
			line += *s == '\n';
			s++;
			n--;
		}
		k--;
	}
	return emit(sp, s, n, line);
}

int passage_split(const char *text, size_t len, passage_fn fn, void *ctx)
{
	return passage_split_min(text, len, PASSAGE_MIN, fn, ctx);
}

int passage_split_min(const char *text, size_t len, size_t min,
		      passage_fn fn, void *ctx)
{
	struct splitter sp = { fn, ctx, 0, { NULL, 0, 0, 0 }, true, min, 0 };
	size_t pos = 0, eol, bstart, bend, n, lines, longs, i;
	unsigned line = 1, bline;
	int r;

	while (pos < len) {
		eol = line_end(text, len, pos);
		if (is_blank(text + pos, eol - pos)) {
			pos = eol < len ? eol + 1 : len;
			line++;
			continue;
		}
		bstart = pos;
		bend = pos;
		bline = line;
		lines = 0;
		longs = 0;
		while (pos < len) {
			eol = line_end(text, len, pos);
			if (is_blank(text + pos, eol - pos))
				break;
			n = eol - pos;
			if (n > 0 && text[eol - 1] == '\r')
				n--;
			lines++;
			longs += n > PASSAGE_LONG_LINE;
			bend = eol;
			pos = eol < len ? eol + 1 : len;
			line++;
		}
		if (longs * 2 < lines) {
			r = paragraph(&sp, text + bstart, bend - bstart, bline);
			if (r)
				return r;
			continue;
		}
		/*
		 * One passage per line, as the file has one paragraph per
		 * line: lines of the block are not joined to each other.
		 */
		for (pos = bstart, i = 0; i < lines; i++) {
			eol = line_end(text, len, pos);
			sp.join = i == 0;
			r = paragraph(&sp, text + pos, eol - pos, bline + i);
			if (r)
				return r;
			pos = eol < len ? eol + 1 : len;
		}
		sp.join = true;
	}
	return flush(&sp);
}

/* Whether text[start..end) holds nothing but punctuation and white space. */
static bool only_punct(const char *text, size_t start, size_t end)
{
	size_t i;

	for (i = start; i < end; i++)
		if (isalnum((unsigned char)text[i]) ||
		    (unsigned char)text[i] >= 0x80)
			return false;
	return true;
}

/* Whether s[0..n) ends with a sentence's (or a clause's) punctuation. */
static bool ends_sentence(const char *s, size_t n)
{
	static const char ideographic_stop[] = "\xe3\x80\x82";

	if (n >= 3 && memcmp(s + n - 3, ideographic_stop, 3) == 0)
		return true;
	return n > 0 && strchr(".!?,;:", s[n - 1]) != NULL;
}

size_t passage_title(const char *text, size_t len, const char **title)
{
	size_t pos = 0, eol, next_eol;
	bool marked = false;	/* over- or underlined, or a '#' heading */

	/* Blank lines and lines of punctuation (an overline) first. */
	for (;;) {
		if (pos >= len)
			return 0;
		eol = line_end(text, len, pos);
		if (!only_punct(text, pos, eol))
			break;
		marked |= eol > pos && !isspace((unsigned char)text[pos]);
		pos = eol + 1;
	}
	marked |= text[pos] == '#';
	while (pos < eol && (text[pos] == '#' || isspace((unsigned char)text[pos])))
		pos++;
	while (eol > pos && isspace((unsigned char)text[eol - 1]))
		eol--;
	if (eol == pos || eol - pos > PASSAGE_TITLE_MAX)
		return 0;
	/* It must stand alone, underlined or not. */
	next_eol = line_end(text, len, pos);
	if (next_eol < len) {
		size_t after = line_end(text, len, next_eol + 1);

		if (!only_punct(text, next_eol + 1, after))
			return 0;
		marked |= after > next_eol + 1;
	}
	/* Unmarked, a line ending a sentence is a sentence, not a title. */
	if (!marked && ends_sentence(text + pos, eol - pos))
		return 0;
	*title = text + pos;
	return eol - pos;
}
