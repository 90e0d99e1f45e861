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

const char *msg_path(const char *path)
{
	/* Per thread: the writers of indexer --full report at once. */
	static _Thread_local char buf[1024];
	size_t i, n = strlen(path);

	if (n >= sizeof(buf)) {
		memcpy(buf, path, sizeof(buf) - 4);
		memcpy(buf + sizeof(buf) - 4, "...", 4);
		n = sizeof(buf) - 4;
	} else {
		memcpy(buf, path, n + 1);
	}
	for (i = 0; i < n; i++)
		if ((unsigned char)buf[i] < 0x20 || buf[i] == 0x7f)
			buf[i] = '?';
	return buf;
}
