/*
 * fold.h - accent, case and width folding, the one definition of "the
 * same word".
 *
 * The index holds each word folded, then stemmed (lib/xap_words.cc, word_stemmer);
 * the searcher folds the query words and the snippet folds the words of
 * the text before looking them up.  All three go through fold_utf8(), so
 * "Raul" finds "Raúl", "creme brulee" finds "Crème brûlée", "hello"
 * finds "Ｈｅｌｌｏ" and "isik" finds "ısık".
 *
 * Where words begin and end is Xapian's tokenizer's business, in the
 * text as stored and in the query alike; two invisible characters get
 * their meaning here instead, in both: a zero-width space (U+200B)
 * separates words, a soft hyphen (U+00AD) joins them.  The other
 * zero-width characters (joiner, non-joiner, word joiner, U+FEFF) join,
 * and direction marks separate, as Xapian has it on both sides.
 */
#ifndef FOLD_H
#define FOLD_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define FOLD_SOFT_HYPHEN 0x00AD
#define FOLD_ZERO_WIDTH_SPACE 0x200B

/*
 * Returns a new NUL-terminated string: s[0..len) with its case folded and
 * the accents of Latin, Greek and Cyrillic letters removed (decomposed,
 * case folded, marks after those letters dropped, recomposed to NFC).
 * Marks of other scripts stay: they make other letters there (the kana
 * バ is not ハ).  A word character whose compatibility form (NFKC) is made
 * of word characters takes that form: full-width and half-width letters
 * and digits, ligatures, superscripts ("Ｈｅｌｌｏ" folds to "hello").
 * The Turkish dotless ı folds to i.  A zero-width space becomes a space,
 * a soft hyphen goes.  Text that is not valid UTF-8 is copied unchanged.
 * *outlen, if not NULL, gets the length.  NULL when memory runs out.
 * The caller frees it.
 */
char *fold_utf8(const char *s, size_t len, size_t *outlen);

/*
 * Rewrites text in place so that Xapian's tokenizer finds the words
 * fold_utf8() finds in a query: a zero-width space becomes a space, a
 * soft hyphen is removed, and the full-width forms of ASCII (U+FF01 to
 * U+FF5E, which the tokenizer would take for CJK) become ASCII.  The rest
 * is left byte for byte.  Returns the new length (never more than len);
 * the text stays NUL-terminated if it was.  The indexer stores and
 * indexes each passage so rewritten.
 */
size_t fold_word_breaks(char *s, size_t len);

/*
 * Whether a code point is Chinese, Japanese or Korean, by the blocks
 * Xapian's CJK n-gram tokenizer uses.
 */
int fold_is_cjk(int32_t cp);

#ifdef __cplusplus
}
#endif

#endif /* FOLD_H */
