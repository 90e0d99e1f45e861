/*
 * fuzz_decode_passage.c - libFuzzer target for lib/decode.c and
 * lib/passage.c.
 *
 * The input is decoded, and the text (when it is text) split into
 * passages; the raw input is split too, since the splitter must hold up
 * on bytes that are not UTF-8.  Any broken promise of decode.h or
 * passage.h aborts.
 *
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -Ilib lib/decode.c \
 *	lib/passage.c tests/fuzz/fuzz_decode_passage.c -o fuzz
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "decode.h"
#include "passage.h"

struct check {
	const char *base;
	size_t len;
	bool utf8;		/* the text is valid UTF-8 */
	const char *at;		/* end of the previous passage */
	unsigned line;		/* the line 'at' is on */
	unsigned ordinal;
	unsigned stop_at;	/* stop at this passage, 0: never */
};

static bool is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' ||
	       c == '\v';
}

/*
 * Length of the valid UTF-8 sequence at s, 0 if none: written apart from
 * decode.c so that a bug there is not copied here.
 */
static size_t seq_len(const unsigned char *s, size_t n)
{
	uint32_t cp;
	size_t k, i;

	if (s[0] < 0x80)
		return 1;
	if ((s[0] & 0xe0) == 0xc0) {
		k = 2;
		cp = s[0] & 0x1f;
	} else if ((s[0] & 0xf0) == 0xe0) {
		k = 3;
		cp = s[0] & 0x0f;
	} else if ((s[0] & 0xf8) == 0xf0) {
		k = 4;
		cp = s[0] & 0x07;
	} else {
		return 0;
	}
	if (n < k)
		return 0;
	for (i = 1; i < k; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if ((k == 2 && cp < 0x80) || (k == 3 && cp < 0x800) ||
	    (k == 4 && cp < 0x10000) || cp > 0x10ffff ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return k;
}

static void check_utf8(const char *s, size_t n)
{
	size_t i = 0, k;

	while (i < n) {
		k = seq_len((const unsigned char *)s + i, n - i);
		if (k == 0)
			abort();
		i += k;
	}
}

/* The bytes skipped between passages are white space; lines add up. */
static void skip_to(struct check *c, const char *to)
{
	for (; c->at < to; c->at++) {
		if (!is_ws(*c->at))
			abort();
		c->line += *c->at == '\n';
	}
}

static int on_passage(const struct passage *p, unsigned ordinal, void *ctx)
{
	struct check *c = ctx;
	const char *end = p->text + p->len;
	const char *q;

	if (ordinal != ++c->ordinal || (c->stop_at && ordinal > c->stop_at))
		abort();
	if (p->len == 0 || p->len > PASSAGE_MAX)
		abort();
	if (p->text < c->at || end > c->base + c->len)
		abort();
	if (is_ws(p->text[0]) || is_ws(end[-1]))
		abort();
	skip_to(c, p->text);
	if (p->line != c->line || p->line > p->end_line)
		abort();
	for (q = p->text; q < end; q++)
		c->line += *q == '\n';
	c->at = end;
	if (p->end_line != c->line)
		abort();
	if (c->utf8)
		check_utf8(p->text, p->len);
	return ordinal == c->stop_at ? -7 : 0;
}

static void split(const char *text, size_t len, bool utf8, unsigned stop_at)
{
	struct check c = { text, len, utf8, text, 1, 0, stop_at };
	int r = passage_split(text, len, on_passage, &c);

	if (stop_at && c.ordinal == stop_at) {
		if (r != -7)
			abort();
		return;
	}
	if (r != 0)
		abort();
	skip_to(&c, text + len);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct decoded d;
	enum decode_kind kind;

	kind = decode_to_utf8((const char *)data, size, &d);
	switch (kind) {
	case DECODE_TEXT:
		if (!d.text || d.text[d.len] != '\0' ||
		    memchr(d.text, '\0', d.len))
			abort();
		check_utf8(d.text, d.len);
		if (d.encoding == ENC_UTF8 &&
		    (d.replaced != 0 || d.len > size))
			abort();
		split(d.text, d.len, true, 0);
		break;
	case DECODE_BINARY:
	case DECODE_NO_MEMORY:
		if (d.text)
			abort();
		break;
	default:
		abort();
	}
	decode_release(&d);
	/* The last byte picks where the callback stops the raw split. */
	split((const char *)data, size, false, size ? data[size - 1] % 8 : 0);
	return 0;
}
