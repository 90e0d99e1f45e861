/*
 * fold.c - accent and case folding with utf8proc (see fold.h).
 */
#include "fold.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

int fold_is_cjk(int32_t cp)
{
	static const int32_t blocks[][2] = {
		{ 0x2E80, 0x2FDF }, { 0x3000, 0x9FFF }, { 0xA700, 0xA71F },
		{ 0xAC00, 0xD7AF }, { 0xF900, 0xFAFF }, { 0xFE30, 0xFE4F },
		{ 0xFF00, 0xFFEF }, { 0x20000, 0x2A6DF }, { 0x2F800, 0x2FA1F },
	};
	size_t i;

	/* Every block starts above this: most text never reaches the loop. */
	if (cp < 0x2E80)
		return 0;
	for (i = 0; i < sizeof(blocks) / sizeof(blocks[0]); i++)
		if (cp >= blocks[i][0] && cp <= blocks[i][1])
			return 1;
	return 0;
}

/*
 * Latin, Greek and Cyrillic letters, whose marks are accents.  Elsewhere
 * a mark can be a vowel sign or the voicing of a kana (バ is not ハ), and
 * stripping it would make another word.
 */
static int accented_script(utf8proc_int32_t cp)
{
	return cp < 0x0530 || (cp >= 0x1E00 && cp <= 0x1FFF);
}

static int is_mark(utf8proc_int32_t cp)
{
	utf8proc_category_t c = utf8proc_category(cp);

	return c == UTF8PROC_CATEGORY_MN || c == UTF8PROC_CATEGORY_ME;
}

static char *copy_of(const char *s, size_t len, size_t *outlen)
{
	char *copy = malloc(len + 1);

	if (!copy)
		return NULL;
	memcpy(copy, s, len);
	copy[len] = '\0';
	if (outlen)
		*outlen = len;
	return copy;
}

char *fold_utf8(const char *s, size_t len, size_t *outlen)
{
	const utf8proc_option_t opts = UTF8PROC_DECOMPOSE | UTF8PROC_CASEFOLD;
	const utf8proc_uint8_t *in = (const utf8proc_uint8_t *)s;
	utf8proc_int32_t *buf;
	utf8proc_ssize_t n, got, i, kept = 0;
	int strip = 0;

	/* Decomposed and case-folded code points: how many, then them. */
	n = utf8proc_decompose(in, (utf8proc_ssize_t)len, NULL, 0, opts);
	if (n < 0)
		/* Invalid UTF-8 (or a NUL inside): nothing sensible to fold. */
		return copy_of(s, len, outlen);
	/* Room for reencoding in place: up to 4 bytes per code point. */
	buf = malloc(((size_t)n + 1) * sizeof(*buf));
	if (!buf)
		return NULL;
	got = utf8proc_decompose(in, (utf8proc_ssize_t)len, buf, n, opts);
	if (got != n) {
		free(buf);
		return copy_of(s, len, outlen);
	}
	/* Drop the marks that follow a Latin, Greek or Cyrillic letter. */
	for (i = 0; i < n; i++) {
		if (is_mark(buf[i])) {
			if (strip)
				continue;
		} else {
			strip = accented_script(buf[i]);
		}
		buf[kept++] = buf[i];
	}
	/* Recompose what is left (NFC) and encode it as UTF-8. */
	n = utf8proc_normalize_utf32(buf, kept, UTF8PROC_COMPOSE);
	if (n < 0) {
		free(buf);
		return copy_of(s, len, outlen);
	}
	n = utf8proc_reencode(buf, n, UTF8PROC_COMPOSE);
	if (n < 0) {
		free(buf);
		return copy_of(s, len, outlen);
	}
	if (outlen)
		*outlen = (size_t)n;
	return (char *)buf;
}
