/*
 * ident.c - the parts of identifiers (see ident.h).
 */
#include "ident.h"

#include <ctype.h>
#include <stdbool.h>

static bool ident_char(char c)
{
	return isalnum((unsigned char)c) || c == '_';
}

/*
 * Whether a part begins at s[i] (0 < i < n) of an identifier s[0..n): a
 * capital after a small letter or a digit (getUser, utf8Decode), or the
 * last capital of a run followed by a small letter (HTTPServer).
 */
static bool cut_before(const char *s, size_t i, size_t n)
{
	unsigned char p = (unsigned char)s[i - 1], c = (unsigned char)s[i];

	if ((islower(p) || isdigit(p)) && isupper(c))
		return true;
	/* A run of two capitals stays whole: IPv4, not I + Pv4. */
	return isupper(p) && isupper(c) && i >= 2 &&
	       isupper((unsigned char)s[i - 2]) && i + 1 < n &&
	       islower((unsigned char)s[i + 1]);
}

/* Whether s[0..n) is an identifier with parts: an inner '_' or a hump. */
static bool has_parts(const char *s, size_t n)
{
	size_t i;

	for (i = 1; i + 1 < n; i++)
		if (s[i] == '_' && s[i - 1] != '_' && s[i + 1] != '_')
			return true;
	for (i = 1; i < n; i++)
		if (s[i - 1] != '_' && s[i] != '_' && cut_before(s, i, n))
			return true;
	return false;
}

static int emit(const char *part, size_t n, ident_fn fn, void *ctx)
{
	size_t i;

	if (n < 2)
		return 0;
	for (i = 0; i < n; i++)
		if (isalpha((unsigned char)part[i]))
			return fn(part, n, ctx);
	return 0;
}

/* The parts of the identifier s[0..n). */
static int parts(const char *s, size_t n, ident_fn fn, void *ctx)
{
	size_t start = 0, i;
	int rc;

	for (i = 0; i <= n; i++) {
		if (i < n && s[i] != '_' && !(i > start && cut_before(s, i, n)))
			continue;
		rc = emit(s + start, i - start, fn, ctx);
		if (rc)
			return rc;
		start = i < n && s[i] == '_' ? i + 1 : i;
	}
	return 0;
}

int ident_each_part(const char *text, size_t len, ident_fn fn, void *ctx)
{
	size_t i = 0;

	while (i < len) {
		size_t start;
		int rc;

		if (!ident_char(text[i])) {
			i++;
			continue;
		}
		start = i;
		while (i < len && ident_char(text[i]))
			i++;
		/* Part of a longer non-ASCII word: not an identifier. */
		if ((start > 0 && (unsigned char)text[start - 1] >= 0x80) ||
		    (i < len && (unsigned char)text[i] >= 0x80))
			continue;
		if (!has_parts(text + start, i - start))
			continue;
		rc = parts(text + start, i - start, fn, ctx);
		if (rc)
			return rc;
	}
	return 0;
}
