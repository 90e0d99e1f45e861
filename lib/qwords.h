/*
 * qwords.h - the words of a query string, as the query's preparation
 * sees them before Xapian's parser does.
 *
 * A word is what lies between white space, brackets and double quotes; a
 * field with a quoted value (file:"a name") is one word.  The operators
 * are the upper-case words AND, OR, NOT, XOR, NEAR and ADJ, also with a
 * window (NEAR/3).
 */
#ifndef QWORDS_H
#define QWORDS_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Calls fn for each piece of q[0..len) in order: each word (is_word 1)
 * and each separator character (is_word 0), so that the pieces joined
 * give q again.  Stops at and returns fn's first non-zero value; else 0.
 */
typedef int (*qwords_fn)(const char *s, size_t n, int is_word, void *ctx);
int qwords_scan(const char *q, size_t len, qwords_fn fn, void *ctx);

/* Whether w[0..n) is an operator (AND, OR, NOT, XOR, NEAR/N, ADJ/N). */
int qwords_is_operator(const char *w, size_t n);

/* Whether w[0..n) is a field filter such as file:NAME or ext:md. */
int qwords_is_field(const char *w, size_t n);

#ifdef __cplusplus
}
#endif

#endif /* QWORDS_H */
