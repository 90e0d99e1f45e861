/*
 * ident.h - the parts of identifiers: memory_barrier, CONFIG_SMP,
 * getUserName, HTTPServer.  Xapian's tokenizer keeps such a token as one
 * word; the index also holds each part of it, so that "memory barrier"
 * finds memory_barrier() while "memory_barrier" still finds the whole.
 * ('.', '::', '->' and '-' already separate words there.)
 */
#ifndef IDENT_H
#define IDENT_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Calls fn(part, n, ctx) for each part of each identifier of
 * text[0..len): a run of ASCII letters, digits and '_' that holds an '_'
 * between two of them or a hump.  Parts are cut at '_', before a capital
 * that follows a small letter or a digit (getUser, utf8Decode: humps),
 * and before the last of a run of three or more capitals followed by a
 * small letter ("HTTPServer": HTTP, Server, also a hump); a part without a letter (the 64 of
 * x86_64, the digits of 1_000_000) and a one-letter part are left out.
 * Parts point into text.  Stops at and returns fn's first non-zero value;
 * else 0.
 */
typedef int (*ident_fn)(const char *part, size_t n, void *ctx);
int ident_each_part(const char *text, size_t len, ident_fn fn, void *ctx);

#ifdef __cplusplus
}
#endif

#endif /* IDENT_H */
