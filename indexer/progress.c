/*
 * progress.c - progress display (see progress.h).
 */
#include "progress.h"

#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "msg.h"

double progress_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void progress_init(struct progress *p, int want)
{
	p->enabled = want && isatty(STDERR_FILENO);
	p->last = 0;
}

void progress_update(struct progress *p, unsigned long files,
		     unsigned long passages, const char *path)
{
	double now;
	const char *shown;
	size_t n;

	if (!p->enabled)
		return;
	now = progress_now();
	if (now - p->last < 0.1)
		return;
	p->last = now;
	/* Keep the line short enough for an 80-column terminal. */
	shown = msg_path(path);
	n = strlen(shown);
	if (n > 40)
		shown += n - 40;
	fprintf(stderr, "\r\033[K%s: %lu files, %lu passages  %s%s",
		msg_prog(), files, passages, n > 40 ? "..." : "", shown);
	fflush(stderr);
}

void progress_done(struct progress *p)
{
	if (p->enabled)
		fputs("\r\033[K", stderr);
}
