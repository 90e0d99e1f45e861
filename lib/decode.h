/*
 * decode.h - turning a file's bytes into valid UTF-8 text.
 *
 * Used by the indexer (and the fuzz targets).  Files come in any encoding;
 * the index holds only UTF-8.  The rules, in order:
 *  1. A UTF-8 BOM is dropped; a UTF-16 BOM (LE or BE) means UTF-16.
 *     Without a BOM, text whose even or odd bytes are mostly NUL is taken
 *     as UTF-16 LE or BE.  UTF-16 is converted with iconv; unpaired
 *     surrogates become U+FFFD.
 *  2. Otherwise the bytes are binary if a sample from the start (the first
 *     8 KiB) holds NUL bytes or control characters other than tab, CR, LF,
 *     FF, VT and ESC in more than a small share of it (see decode.c):
 *     binary files are not indexed.
 *  3. Valid UTF-8 is kept as is.
 *  4. Text that is mostly valid UTF-8 (most non-ASCII sequences decode) is
 *     repaired: each invalid byte becomes U+FFFD and the rest is kept.
 *  5. Anything else is taken as Windows-1252 (a superset of Latin-1 in
 *     practice) and converted, so "caf\xe9" becomes "café".
 * In all text results, stray NUL bytes become spaces, and CRLF is left
 * alone (the passage splitter handles it).
 */
#ifndef DECODE_H
#define DECODE_H

#include <stddef.h>

enum decode_kind {
	DECODE_TEXT = 0,	/* out holds UTF-8 text */
	DECODE_BINARY,		/* not text: out is NULL */
	DECODE_NO_MEMORY,	/* allocation failed: out is NULL */
};

/* The encoding a text was found in, for messages and tests. */
enum decode_encoding {
	ENC_UTF8 = 0,
	ENC_UTF8_REPAIRED,	/* invalid bytes replaced by U+FFFD */
	ENC_UTF16LE,
	ENC_UTF16BE,
	ENC_CP1252,
};

struct decoded {
	char *text;		/* NUL-terminated UTF-8; owned, free() it */
	size_t len;		/* bytes, without the terminating NUL */
	enum decode_encoding encoding;
	size_t replaced;	/* how many U+FFFD were written by repair */
};

/*
 * Decodes buf[0..len) into out.  On DECODE_TEXT the caller owns out->text
 * (never NULL, "" for empty input) and frees it with free() or
 * decode_release().  Empty input is DECODE_TEXT with len 0.
 */
enum decode_kind decode_to_utf8(const char *buf, size_t len,
				struct decoded *out);

/* Frees out->text and clears *out.  Accepts a cleared struct. */
void decode_release(struct decoded *out);

/* The name of an encoding ("UTF-8", "UTF-16LE", "windows-1252", ...). */
const char *decode_encoding_name(enum decode_encoding enc);

#endif /* DECODE_H */
