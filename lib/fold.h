/*
 * fold.h - accent and case folding, the one definition of "the same word".
 *
 * The index holds each word folded, then stemmed (xap.cc's word_stemmer);
 * the searcher folds the query words and the snippet folds the words of
 * the text before looking them up.  All three go through fold_utf8(), so
 * "Raul" finds "Raúl" and "creme brulee" finds "Crème brûlée".
 */
#ifndef FOLD_H
#define FOLD_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Returns a new NUL-terminated string: s[0..len) with its case folded and
 * the accents of Latin, Greek and Cyrillic letters removed (decomposed,
 * case folded, marks after those letters dropped, recomposed to NFC).
 * Marks of other scripts stay: they make other letters there (the kana
 * バ is not ハ).  Text that is not valid UTF-8 is copied unchanged.
 * *outlen, if not NULL, gets the length.  NULL when memory runs out.
 * The caller frees it.
 */
char *fold_utf8(const char *s, size_t len, size_t *outlen);

/*
 * Whether a code point is Chinese, Japanese or Korean, by the blocks
 * Xapian's CJK n-gram tokenizer uses.
 */
int fold_is_cjk(int32_t cp);

#ifdef __cplusplus
}
#endif

#endif /* FOLD_H */
