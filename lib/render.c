/*
 * render.c - what both output formats share (see render.h).
 */
#include "render.h"

size_t render_snippet_spans(const char *snippet, char *plain,
			    struct render_span *spans, size_t maxspans)
{
	size_t n = 0, len = 0;
	int open = 0;
	const char *s;

	for (s = snippet; *s; s++) {
		if (*s == XAP_HI_START) {
			if (!open && n < maxspans)
				spans[n].start = len;
			open = 1;
		} else if (*s == XAP_HI_END) {
			if (open) {
				if (n < maxspans)
					spans[n].end = len;
				n++;
			}
			open = 0;
		} else {
			plain[len++] = *s;
		}
	}
	/* An unclosed marker (never produced by the binding) ends at the end. */
	if (open) {
		if (n < maxspans)
			spans[n].end = len;
		n++;
	}
	plain[len] = '\0';
	return n;
}
