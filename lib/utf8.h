/*
 * utf8.h - walking UTF-8 text by code point: the one iterator that the
 * snippet, the query preparation and the binding's word tests share.
 */
#ifndef UTF8_H
#define UTF8_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Decodes the code point at s (never reading at or past end) into *cp
 * and returns its length in bytes; an invalid byte gives *cp = -1 and a
 * length of 1, so a walk always advances.
 */
size_t utf8_next(const char *s, const char *end, int32_t *cp);

/* Whether s[0..n) is all ASCII. */
int utf8_is_ascii(const char *s, size_t n);

/* Whether s[0..n) is valid UTF-8. */
int utf8_valid(const char *s, size_t n);

/*
 * Whether s[0..n) is made only of letters and marks (Unicode categories
 * L, Mn and Mc) and is valid UTF-8.
 */
int utf8_all_letters(const char *s, size_t n);

/*
 * The number of code points of s[0..n) when every one of them is a CJK
 * character (fold_is_cjk()), else 0.
 */
size_t utf8_cjk_length(const char *s, size_t n);

#ifdef __cplusplus
}
#endif

#endif /* UTF8_H */
