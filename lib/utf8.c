/*
 * utf8.c - walking UTF-8 text by code point (see utf8.h).
 */
#include "utf8.h"

#include <utf8proc.h>

#include "fold.h"

size_t utf8_next(const char *s, const char *end, int32_t *cp)
{
	utf8proc_int32_t c;
	utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s,
					      end - s, &c);

	if (n <= 0) {
		*cp = -1;
		return 1;
	}
	*cp = c;
	return (size_t)n;
}

int utf8_is_ascii(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] >= 0x80)
			return 0;
	return 1;
}

int utf8_valid(const char *s, size_t n)
{
	const char *end = s + n;
	int32_t cp;

	while (s < end) {
		s += utf8_next(s, end, &cp);
		if (cp < 0)
			return 0;
	}
	return 1;
}

int utf8_all_letters(const char *s, size_t n)
{
	const char *end = s + n;
	int32_t cp;

	while (s < end) {
		s += utf8_next(s, end, &cp);
		if (cp < 0)
			return 0;
		switch (utf8proc_category(cp)) {
		case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL:
		case UTF8PROC_CATEGORY_LT: case UTF8PROC_CATEGORY_LM:
		case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_MN:
		case UTF8PROC_CATEGORY_MC:
			break;
		default:
			return 0;
		}
	}
	return 1;
}

size_t utf8_cjk_length(const char *s, size_t n)
{
	const char *end = s + n;
	size_t count = 0;
	int32_t cp;

	while (s < end) {
		s += utf8_next(s, end, &cp);
		if (cp < 0 || !fold_is_cjk(cp))
			return 0;
		count++;
	}
	return count;
}
