/*
 * qwords.c - the words of a query string (see qwords.h).
 */
#include "qwords.h"

#include <string.h>

static int is_sep(char c)
{
	return c != '\0' && strchr(" \t\n\r\f\v()\"", c) != NULL;
}

int qwords_scan(const char *q, size_t len, qwords_fn fn, void *ctx)
{
	size_t i = 0;

	while (i < len) {
		size_t j = i;
		int rc;

		if (is_sep(q[i])) {
			rc = fn(q + i, 1, 0, ctx);
			if (rc)
				return rc;
			i++;
			continue;
		}
		while (j < len && !is_sep(q[j]))
			j++;
		/* field:"quoted value" is one word, quotes and all. */
		if (q[j - 1] == ':' && j < len && q[j] == '"') {
			const char *close = memchr(q + j + 1, '"', len - j - 1);

			j = close ? (size_t)(close - q) + 1 : len;
		}
		rc = fn(q + i, j - i, 1, ctx);
		if (rc)
			return rc;
		i = j;
	}
	return 0;
}

int qwords_is_operator(const char *w, size_t n)
{
	static const char *const ops[] = { "AND", "OR", "NOT", "XOR", "NEAR",
					   "ADJ" };
	size_t i, k;

	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		size_t m = strlen(ops[i]);

		if (n < m || memcmp(w, ops[i], m) != 0)
			continue;
		if (n == m)
			return 1;
		/* NEAR/3, ADJ/2: a window of digits. */
		if (w[m] != '/' || n == m + 1)
			continue;
		for (k = m + 1; k < n && w[k] >= '0' && w[k] <= '9'; k++)
			;
		if (k == n)
			return 1;
	}
	return 0;
}

int qwords_is_field(const char *w, size_t n)
{
	return (n >= 5 && memcmp(w, "file:", 5) == 0) ||
	       (n >= 4 && memcmp(w, "ext:", 4) == 0);
}
