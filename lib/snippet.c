/*
 * snippet.c - passage snippets with highlighted matches (see snippet.h).
 */
#include "snippet.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "fold.h"
#include "utf8.h"
#include "xap.h"

static int is_word_cp(int32_t cp)
{
	if (cp < 0)
		return 0;
	switch (utf8proc_category(cp)) {
	case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL:
	case UTF8PROC_CATEGORY_LT: case UTF8PROC_CATEGORY_LM:
	case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_MN:
	case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME:
	case UTF8PROC_CATEGORY_ND: case UTF8PROC_CATEGORY_NL:
	case UTF8PROC_CATEGORY_NO: case UTF8PROC_CATEGORY_PC:
		return 1;
	default:
		return 0;
	}
}

/*
 * Xapian's CJK n-gram tokenizer indexes each CJK character as a word of
 * its own (plus pairs), so the snippet takes each for a word too.
 */
static int is_cjk(int32_t cp)
{
	return fold_is_cjk(cp);
}

static int is_apostrophe(int32_t cp)
{
	return cp == '\'' || cp == 0x2019;
}

int snippet_each_word(const char *text, size_t len,
		      int (*fn)(size_t start, size_t end, void *ctx), void *ctx)
{
	const char *end = text + len, *s = text;

	while (s < end) {
		int32_t cp;
		size_t n = utf8_next(s, end, &cp), start;
		int rc;

		if (!is_word_cp(cp)) {
			s += n;
			continue;
		}
		start = (size_t)(s - text);
		s += n;
		while (s < end && !is_cjk(cp)) {
			int32_t c2, c3;
			size_t n2 = utf8_next(s, end, &c2);

			if (is_cjk(c2))
				break;
			if (is_word_cp(c2)) {
				s += n2;
				continue;
			}
			/* "don't", "O’Brien": the apostrophe joins two letters. */
			if (is_apostrophe(c2) && s + n2 < end) {
				size_t n3 = utf8_next(s + n2, end, &c3);

				if (is_word_cp(c3)) {
					s += n2 + n3;
					continue;
				}
			}
			break;
		}
		rc = fn(start, (size_t)(s - text), ctx);
		if (rc)
			return rc;
	}
	return 0;
}

struct word {
	size_t start, end;
	unsigned id;		/* 0: no match */
};

struct words {
	struct word *v;
	size_t n, cap;
	const char *text;
	snippet_match_fn match;
	void *ctx;
};

static int add_word(size_t start, size_t end, void *ctx)
{
	struct words *w = ctx;

	if (w->n == w->cap) {
		size_t cap = w->cap ? w->cap * 2 : 64;
		struct word *v = realloc(w->v, cap * sizeof(*v));

		if (!v)
			return -1;
		w->v = v;
		w->cap = cap;
	}
	w->v[w->n].start = start;
	w->v[w->n].end = end;
	w->v[w->n].id = w->match(w->text + start, end - start, w->ctx);
	w->n++;
	return 0;
}

/* Distinct ids and matches among words [first, last]; ids are small. */
static unsigned long score(const struct words *w, size_t first, size_t last)
{
	unsigned long matches = 0, distinct = 0;
	size_t i, j;

	for (i = first; i <= last; i++) {
		if (!w->v[i].id)
			continue;
		matches++;
		for (j = first; j < i; j++)
			if (w->v[j].id == w->v[i].id)
				break;
		if (j == i)
			distinct++;
	}
	return distinct * 1000 + matches;
}

/* The last word that ends within 'limit' bytes of text, at least 'first'. */
static size_t last_word_before(const struct words *w, size_t first,
			       size_t limit)
{
	size_t last = first;

	while (last + 1 < w->n && w->v[last + 1].end <= limit)
		last++;
	return last;
}

/* Cuts at 'max' bytes or before, never inside a UTF-8 sequence. */
static size_t char_boundary(const char *s, size_t max)
{
	while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
		max--;
	return max;
}

char *snippet_make(const char *text, size_t text_len, size_t len,
		   snippet_match_fn match, void *ctx)
{
	struct words w = { NULL, 0, 0, text, match, ctx };
	size_t first = 0, last = 0, i, from, to, cap;
	unsigned long best = 0;
	char *out, *p;

	if (len == 0)
		len = 1;
	if (snippet_each_word(text, text_len, add_word, &w) < 0) {
		free(w.v);
		return NULL;
	}

	if (w.n > 0) {
		/*
		 * Try each matched word as the first one shown, with a fifth
		 * of the window as context before it; keep the window that
		 * shows the most distinct matched words, then the most
		 * matches, then the earliest.
		 */
		size_t lead = len / 5;

		for (i = 0; i < w.n; i++) {
			size_t f = i, l;
			unsigned long sc;

			if (!w.v[i].id)
				continue;
			while (f > 0 && w.v[i].start - w.v[f - 1].start <= lead)
				f--;
			l = last_word_before(&w, f, w.v[f].start + len);
			if (l < i)
				l = i;
			sc = score(&w, f, l);
			if (sc > best) {
				best = sc;
				first = f;
				last = l;
			}
		}
		if (!best) {
			first = 0;
			last = last_word_before(&w, 0, w.v[0].start + len);
		}
		from = first == 0 ? 0 : w.v[first].start;
		to = last + 1 == w.n ? text_len : w.v[last].end;
		/* One word longer than the window: show its beginning. */
		if (to - from > len && first == last)
			to = from + char_boundary(text + from, len);
	} else {
		from = 0;
		to = text_len <= len ? text_len : char_boundary(text, len);
	}
	cap = (to - from) + 2 * w.n + 8;
	p = out = malloc(cap);
	if (!out) {
		free(w.v);
		return NULL;
	}
	if (from > 0) {
		memcpy(p, "...", 3);
		p += 3;
	}
	{
		size_t pos = from;

		for (i = 0; i < w.n && pos < to; i++) {
			size_t s = w.v[i].start, e = w.v[i].end;

			if (e <= pos || !w.v[i].id)
				continue;
			if (s >= to)
				break;
			memcpy(p, text + pos, s - pos);
			p += s - pos;
			/* Touching matches (CJK characters) make one span. */
			if (s == pos && p > out && p[-1] == XAP_HI_END)
				p--;
			else
				*p++ = XAP_HI_START;
			if (e > to)
				e = to;
			memcpy(p, text + s, e - s);
			p += e - s;
			*p++ = XAP_HI_END;
			pos = e;
		}
		memcpy(p, text + pos, to - pos);
		p += to - pos;
	}
	if (to < text_len) {
		memcpy(p, "...", 3);
		p += 3;
	}
	*p = '\0';
	free(w.v);
	return out;
}
