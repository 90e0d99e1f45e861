/*
 * msg.c - messages to the user (see msg.h).
 */
#include "msg.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static const char *prog = "search";

void msg_init(const char *name)
{
	const char *slash = strrchr(name, '/');

	prog = slash ? slash + 1 : name;
}

const char *msg_prog(void)
{
	return prog;
}

static void vmsg(const char *kind, const char *fmt, va_list ap)
{
	/* Built in one buffer so that concurrent writers do not interleave. */
	char buf[2048];
	int n = snprintf(buf, sizeof(buf), "%s: %s", prog, kind);

	if (n < 0)
		return;
	if ((size_t)n < sizeof(buf))
		vsnprintf(buf + n, sizeof(buf) - (size_t)n, fmt, ap);
	fprintf(stderr, "%s\n", buf);
}

void msg_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg("", fmt, ap);
	va_end(ap);
}

void msg_info(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg("", fmt, ap);
	va_end(ap);
}

void msg_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg("warning: ", fmt, ap);
	va_end(ap);
}

void msg_fatal(int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg("", fmt, ap);
	va_end(ap);
	exit(code);
}

/*
 * The code point of the valid UTF-8 sequence at s (n bytes left) and its
 * length, or 0 for a byte that starts none: overlong forms, surrogates
 * and values past U+10FFFF are not valid.
 */
static size_t utf8_decode(const unsigned char *s, size_t n, unsigned long *cp)
{
	size_t len, i;
	unsigned long c, min;

	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		len = 2, c = s[0] & 0x1f, min = 0x80;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		len = 3, c = s[0] & 0x0f, min = 0x800;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		len = 4, c = s[0] & 0x07, min = 0x10000;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return len;
}

size_t msg_char(const char *s, size_t n, int *unsafe)
{
	unsigned char c = (unsigned char)s[0];
	unsigned long cp;
	size_t len;

	if (c < 0x80) {
		*unsafe = c < 0x20 || c == 0x7f;
		return 1;
	}
	len = utf8_decode((const unsigned char *)s, n, &cp);
	if (!len) {
		*unsafe = c <= 0x9f;
		return 1;
	}
	*unsafe = cp <= 0x9f || (cp >= 0x202a && cp <= 0x202e) ||
		  (cp >= 0x2066 && cp <= 0x2069);
	return len;
}

const char *msg_path(const char *path)
{
	/* Per thread: the writers of indexer --full report at once. */
	static _Thread_local char buf[1024];
	size_t i = 0, o = 0, n = strlen(path);
	int cut = 0;

	while (i < n) {
		int unsafe;
		size_t len = msg_char(path + i, n - i, &unsafe);
		size_t out = unsafe ? 1 : len;

		if (o + out > sizeof(buf) - 4) {
			cut = 1;
			break;
		}
		if (unsafe)
			buf[o] = '?';
		else
			memcpy(buf + o, path + i, len);
		o += out;
		i += len;
	}
	memcpy(buf + o, cut ? "..." : "", cut ? 4 : 1);
	return buf;
}
