/*
 * fold.c - accent, case and width folding with utf8proc (see fold.h).
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

/* Xapian's word characters (Unicode::is_wordchar): letters, marks, numbers, _. */
static int is_wordchar(utf8proc_int32_t cp)
{
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
 * Whether a character is folded to its compatibility form (NFKC): a word
 * character whose form is made of word characters only, so that folding
 * never moves a word boundary ("Ｈｅｌｌｏ", "ﬁ", "²", "ｶ" fold; "⑴",
 * "½", "™" do not: their forms hold punctuation, or they are symbols).
 */
static int compat_folds(utf8proc_int32_t cp)
{
	utf8proc_int32_t form[32];
	utf8proc_ssize_t n, i;
	int bound = 0;

	if (!utf8proc_get_property(cp)->decomp_type || !is_wordchar(cp))
		return 0;
	n = utf8proc_decompose_char(cp, form, 32,
				    UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT,
				    &bound);
	if (n <= 0 || n > 32)
		return 0;
	for (i = 0; i < n; i++)
		if (!is_wordchar(form[i]))
			return 0;
	return 1;
}

/*
 * Appends the folded form of cp to *buf (n used, *cap allocated): the
 * word rules of fold.h, then decomposed and case-folded.  -1 when memory
 * runs out.
 */
static int append_folded(utf8proc_int32_t **buf, utf8proc_ssize_t *n,
			 utf8proc_ssize_t *cap, utf8proc_int32_t cp)
{
	utf8proc_option_t opts = UTF8PROC_DECOMPOSE | UTF8PROC_CASEFOLD;
	utf8proc_ssize_t got;
	int bound = 0;

	if (cp == FOLD_SOFT_HYPHEN)
		return 0;	/* joins: "soft<SHY>hyphen" is one word */
	if (cp == FOLD_ZERO_WIDTH_SPACE)
		cp = ' ';	/* separates */
	else if (cp == 0x0131)
		cp = 'i';	/* Turkish dotless i: "isik" finds "ısık" */
	else if (compat_folds(cp))
		opts |= UTF8PROC_COMPAT;
	for (;;) {
		got = utf8proc_decompose_char(cp, *buf + *n, *cap - *n, opts,
					      &bound);
		if (got < 0)
			return -1;
		if (got <= *cap - *n)
			break;
		{
			utf8proc_ssize_t ncap = *cap * 2 + got;
			utf8proc_int32_t *nb = realloc(*buf, ((size_t)ncap + 1) *
						       sizeof(*nb));

			if (!nb)
				return -1;
			*buf = nb;
			*cap = ncap;
		}
	}
	*n += got;
	return 0;
}

/* Canonical ordering of combining marks, as utf8proc_decompose() does. */
static void canonical_order(utf8proc_int32_t *buf, utf8proc_ssize_t n)
{
	utf8proc_ssize_t pos = 0;

	while (pos + 1 < n) {
		int c1 = utf8proc_get_property(buf[pos])->combining_class;
		int c2 = utf8proc_get_property(buf[pos + 1])->combining_class;

		if (c1 > c2 && c2 > 0) {
			utf8proc_int32_t t = buf[pos];

			buf[pos] = buf[pos + 1];
			buf[pos + 1] = t;
			if (pos > 0)
				pos--;
			else
				pos++;
		} else {
			pos++;
		}
	}
}

char *fold_utf8(const char *s, size_t len, size_t *outlen)
{
	const utf8proc_uint8_t *in = (const utf8proc_uint8_t *)s;
	utf8proc_int32_t *buf;
	utf8proc_ssize_t n = 0, cap = (utf8proc_ssize_t)len + 4, i, kept = 0;
	size_t at = 0;
	int strip = 0;

	/* Room for reencoding in place: up to 4 bytes per code point. */
	buf = malloc(((size_t)cap + 1) * sizeof(*buf));
	if (!buf)
		return NULL;
	/* Folded and decomposed code points, one character at a time. */
	while (at < len) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t r = utf8proc_iterate(in + at,
						      (utf8proc_ssize_t)(len - at),
						      &cp);

		if (r <= 0) {
			/* Invalid UTF-8: nothing sensible to fold. */
			free(buf);
			return copy_of(s, len, outlen);
		}
		at += (size_t)r;
		if (append_folded(&buf, &n, &cap, cp) != 0) {
			free(buf);
			return NULL;
		}
	}
	canonical_order(buf, n);
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

size_t fold_word_breaks(char *s, size_t len)
{
	size_t r = 0, w = 0;

	while (r < len) {
		unsigned char c = (unsigned char)s[r];

		if (c == 0xC2 && r + 1 < len && (unsigned char)s[r + 1] == 0xAD) {
			r += 2;			/* U+00AD: joins */
		} else if (c == 0xE2 && r + 2 < len &&
			   (unsigned char)s[r + 1] == 0x80 &&
			   (unsigned char)s[r + 2] == 0x8B) {
			s[w++] = ' ';		/* U+200B: separates */
			r += 3;
		} else if (c == 0xEF && r + 2 < len &&
			   (((unsigned char)s[r + 1] == 0xBC &&
			     (unsigned char)s[r + 2] >= 0x81 &&
			     (unsigned char)s[r + 2] <= 0xBF) ||
			    ((unsigned char)s[r + 1] == 0xBD &&
			     (unsigned char)s[r + 2] >= 0x80 &&
			     (unsigned char)s[r + 2] <= 0x9E))) {
			/* U+FF01..U+FF5E: the full-width forms of ASCII. */
			unsigned cp = ((unsigned)(s[r + 1] & 0x3F) << 6) |
				      (unsigned)(s[r + 2] & 0x3F);

			s[w++] = (char)(0x21 + (cp - 0xF01));
			r += 3;
		} else {
			s[w++] = s[r++];
		}
	}
	if (w < len)
		s[w] = '\0';
	return w;
}
