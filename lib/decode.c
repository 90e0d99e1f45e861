/*
 * decode.c - turning a file's bytes into valid UTF-8 text (see decode.h).
 *
 * Thresholds, all measured on the first SAMPLE bytes:
 *  - BOM-less UTF-16: more than half of the code units have a NUL high
 *    byte, and more of them than have a NUL low byte.  Latin-script UTF-16
 *    has nearly every high byte NUL.  The decoded text must then pass the
 *    binary test below, which is what keeps out binary data that happens to
 *    be NUL at one offset (tables of 16-bit integers, UTF-32) rather than a
 *    bound on NUL low bytes, which would turn away text holding a few
 *    U+xx00 characters (U+0100, U+0400).
 *  - Binary: two NULs in a row, or NULs making more than 1% of the sample,
 *    or NULs and control characters (C0 other than TAB LF VT FF CR ESC,
 *    and DEL) together making more than 8% of it.  A single such byte never
 *    counts, so "hi\0" or a DOS ^Z at the end of a short file stays text.
 *    Binary formats nearly always hold runs of NULs (small integers,
 *    padding, UTF-32); a NUL left in text by a buggy writer is isolated.
 *    Compressed or random data need not hold a NUL run in 8 KiB, but 27 of
 *    its 256 byte values are NUL or control (10.5%): a 10% limit would sit
 *    within noise of that, 8% is about seven standard deviations below it
 *    for a full sample, and real text has next to none.
 *  - Mostly valid UTF-8: fewer invalid bytes than valid multi-byte
 *    sequences in the whole input.  Latin-1 text almost never forms a
 *    valid UTF-8 sequence (an accented letter followed by another
 *    non-ASCII byte), so one good sequence outweighs a stray byte, and a
 *    file whose only non-ASCII bytes are invalid is taken as CP1252.
 *
 * 'replaced' counts every U+FFFD written, whatever the repair: an invalid
 * UTF-8 byte, damaged UTF-16, or one of the five bytes CP1252 leaves
 * undefined (0x81 0x8D 0x8F 0x90 0x9D, which glibc rejects; U+FFFD rather
 * than their C1 code points, which would be invisible controls).
 */
#include "decode.h"

#include <errno.h>
#include <iconv.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define SAMPLE 8192

static const char replacement[3] = { '\xef', '\xbf', '\xbd' };

struct outbuf {
	char *p;
	size_t len;
	size_t cap;
	size_t replaced;
};

static bool reserve(struct outbuf *b, size_t more)
{
	char *p;
	size_t cap;

	if (b->cap - b->len > more)
		return true;
	if (more > SIZE_MAX / 2 - b->len)
		return false;
	cap = (b->len + more + 1) * 2;
	p = realloc(b->p, cap);
	if (!p)
		return false;
	b->p = p;
	b->cap = cap;
	return true;
}

static bool put_replacement(struct outbuf *b)
{
	if (!reserve(b, sizeof(replacement)))
		return false;
	memcpy(b->p + b->len, replacement, sizeof(replacement));
	b->len += sizeof(replacement);
	b->replaced++;
	return true;
}

/* Length of the valid UTF-8 sequence at s (n > 0 bytes), 0 if invalid. */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
	unsigned char lo = 0x80, hi = 0xbf;
	size_t need, i;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		need = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		need = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		need = 4;
	else
		return 0;
	/*
	 * The second byte's range is what rules out overlongs, surrogates
	 * and code points past U+10FFFF.
	 */
	if (s[0] == 0xe0)
		lo = 0xa0;
	else if (s[0] == 0xed)
		hi = 0x9f;
	else if (s[0] == 0xf0)
		lo = 0x90;
	else if (s[0] == 0xf4)
		hi = 0x8f;
	if (n < need || s[1] < lo || s[1] > hi)
		return 0;
	for (i = 2; i < need; i++)
		if (s[i] < 0x80 || s[i] > 0xbf)
			return 0;
	return need;
}

static bool is_binary(const unsigned char *s, size_t n)
{
	size_t nul = 0, bad = 0, i;

	if (n > SAMPLE)
		n = SAMPLE;
	for (i = 0; i < n; i++) {
		unsigned char c = s[i];

		if (c == 0) {
			if (i > 0 && s[i - 1] == 0)
				return true;
			nul++;
			bad++;
		} else if ((c < 0x20 && c != '\t' && c != '\n' && c != '\v' &&
			    c != '\f' && c != '\r' && c != 0x1b) || c == 0x7f) {
			bad++;
		}
	}
	return (nul > 1 && nul * 100 > n) || (bad > 1 && bad * 100 > n * 8);
}

static enum decode_encoding guess_utf16(const unsigned char *s, size_t n)
{
	size_t units, zlow = 0, zhigh = 0, i;

	if (n > SAMPLE)
		n = SAMPLE;
	units = n / 2;
	for (i = 0; i < units; i++) {
		zlow += s[2 * i] == 0;
		zhigh += s[2 * i + 1] == 0;
	}
	/* Returned as "little endian" means the high byte came second. */
	if (zhigh * 2 > units && zhigh > zlow)
		return ENC_UTF16LE;
	if (zlow * 2 > units && zlow > zhigh)
		return ENC_UTF16BE;
	return ENC_UTF8;
}

/*
 * Converts with iconv; a byte sequence iconv rejects (an unpaired
 * surrogate, a trailing odd byte, a byte CP1252 leaves undefined) becomes
 * U+FFFD and 'unit' bytes are skipped, so one bad spot never loses the file.
 */
static bool convert(const char *from, const char *alias, size_t unit,
		    const char *in, size_t inlen, struct outbuf *b)
{
	iconv_t cd = iconv_open("UTF-8", from);
	char *ip = (char *)in;
	size_t left = inlen, skip;

	if (cd == (iconv_t)-1 && alias)
		cd = iconv_open("UTF-8", alias);
	/*
	 * The enum has no better answer: without the converter we cannot
	 * produce text, and running out of memory is the usual cause.
	 */
	if (cd == (iconv_t)-1)
		return false;
	while (left > 0) {
		char *op = b->p + b->len;
		size_t room = b->cap - b->len - 1;
		size_t r = iconv(cd, &ip, &left, &op, &room);
		int err = errno;

		b->len = (size_t)(op - b->p);
		if (r != (size_t)-1)
			break;
		if (err == E2BIG) {
			if (!reserve(b, left + 4))
				goto fail;
			continue;
		}
		if (err != EILSEQ && err != EINVAL)
			goto fail;
		if (!put_replacement(b))
			goto fail;
		skip = left < unit ? left : unit;
		ip += skip;
		left -= skip;
	}
	iconv_close(cd);
	return true;
fail:
	iconv_close(cd);
	return false;
}

static bool repair_utf8(const unsigned char *s, size_t n, struct outbuf *b)
{
	size_t i = 0, k;

	while (i < n) {
		k = utf8_seq(s + i, n - i);
		if (k == 0) {
			if (!put_replacement(b))
				return false;
			i++;
			continue;
		}
		if (!reserve(b, k))
			return false;
		memcpy(b->p + b->len, s + i, k);
		b->len += k;
		i += k;
	}
	return true;
}

static enum decode_kind finish(struct outbuf *b, enum decode_encoding enc,
			       struct decoded *out)
{
	size_t i;
	char *p;

	for (i = 0; i < b->len; i++)
		if (b->p[i] == '\0')
			b->p[i] = ' ';
	b->p[b->len] = '\0';
	/*
	 * Give back the slack of the worst-case estimate; keeping the larger
	 * block is fine if that fails.
	 */
	if (b->cap - b->len > 4096) {
		p = realloc(b->p, b->len + 1);
		if (p)
			b->p = p;
	}
	out->text = b->p;
	out->len = b->len;
	out->encoding = enc;
	out->replaced = b->replaced;
	return DECODE_TEXT;
}

static bool start(struct outbuf *b, size_t inlen, size_t factor)
{
	memset(b, 0, sizeof(*b));
	if (inlen > (SIZE_MAX - 8) / factor)
		return false;
	b->cap = inlen * factor + 8;
	b->p = malloc(b->cap);
	return b->p != NULL;
}

static enum decode_kind from_utf16(const char *in, size_t n,
				   enum decode_encoding enc, bool check,
				   struct decoded *out)
{
	struct outbuf b;
	bool ok;

	/* Every two bytes give at most three, a pair of surrogates four. */
	if (!start(&b, n / 2 + 1, 3))
		return DECODE_NO_MEMORY;
	ok = convert(enc == ENC_UTF16LE ? "UTF-16LE" : "UTF-16BE", NULL, 2,
		     in, n, &b);
	if (!ok) {
		free(b.p);
		return DECODE_NO_MEMORY;
	}
	if (check && is_binary((const unsigned char *)b.p, b.len)) {
		free(b.p);
		return DECODE_BINARY;
	}
	return finish(&b, enc, out);
}

enum decode_kind decode_to_utf8(const char *buf, size_t len,
				struct decoded *out)
{
	const unsigned char *s = (const unsigned char *)buf;
	size_t i, k, valid = 0, invalid = 0;
	enum decode_encoding enc;
	struct outbuf b;

	memset(out, 0, sizeof(*out));
	if (len >= 2 && s[0] == 0xff && s[1] == 0xfe)
		return from_utf16(buf + 2, len - 2, ENC_UTF16LE, false, out);
	if (len >= 2 && s[0] == 0xfe && s[1] == 0xff)
		return from_utf16(buf + 2, len - 2, ENC_UTF16BE, false, out);
	if (len >= 3 && s[0] == 0xef && s[1] == 0xbb && s[2] == 0xbf) {
		s += 3;
		len -= 3;
	} else {
		enc = guess_utf16(s, len);
		if (enc != ENC_UTF8)
			return from_utf16(buf, len, enc, true, out);
	}
	if (is_binary(s, len))
		return DECODE_BINARY;

	for (i = 0; i < len; i += k ? k : 1) {
		k = utf8_seq(s + i, len - i);
		if (k == 0)
			invalid++;
		else if (k > 1)
			valid++;
	}
	if (invalid == 0) {
		if (!start(&b, len, 1))
			return DECODE_NO_MEMORY;
		memcpy(b.p, s, len);
		b.len = len;
		return finish(&b, ENC_UTF8, out);
	}
	if (invalid < valid) {
		if (!start(&b, len + 2 * invalid, 1))
			return DECODE_NO_MEMORY;
		if (!repair_utf8(s, len, &b)) {
			free(b.p);
			return DECODE_NO_MEMORY;
		}
		return finish(&b, ENC_UTF8_REPAIRED, out);
	}
	/* Every byte gives at most three (U+20AC and the like). */
	if (!start(&b, len, 3))
		return DECODE_NO_MEMORY;
	if (!convert("WINDOWS-1252", "CP1252", 1, (const char *)s, len, &b)) {
		free(b.p);
		return DECODE_NO_MEMORY;
	}
	return finish(&b, ENC_CP1252, out);
}

void decode_release(struct decoded *out)
{
	free(out->text);
	memset(out, 0, sizeof(*out));
}

const char *decode_encoding_name(enum decode_encoding enc)
{
	switch (enc) {
	case ENC_UTF8:
		return "UTF-8";
	case ENC_UTF8_REPAIRED:
		return "UTF-8 (repaired)";
	case ENC_UTF16LE:
		return "UTF-16LE";
	case ENC_UTF16BE:
		return "UTF-16BE";
	case ENC_CP1252:
		return "windows-1252";
	}
	return "unknown";
}
