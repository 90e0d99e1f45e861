/*
 * snippet.h - choosing the part of a passage to show, and marking the
 * words that matched.
 *
 * The binding decides which words match (it knows the query's terms and
 * the stemmer); this module finds words, picks the window of about 'len'
 * bytes that shows the most distinct matched words, and wraps each match
 * in XAP_HI_START/XAP_HI_END (xap.h).  Every occurrence of every matching
 * word is marked, whatever its case, form or position in a phrase, which
 * Xapian's own MSet::snippet() does not do for stemmed capitalised words.
 */
#ifndef SNIPPET_H
#define SNIPPET_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Says whether a word of the text (UTF-8, word[0..n), as it appears)
 * matches the query: 0 for no, otherwise an id >= 1 of the query term it
 * matches (equal ids count once when windows are compared).  Must not
 * throw or longjmp.
 */
typedef unsigned (*snippet_match_fn)(const char *word, size_t n, void *ctx);

/*
 * Returns a new NUL-terminated snippet of text[0..text_len): whole words,
 * about 'len' bytes of text (a single longer word is cut at a character
 * boundary), "..." before and after when text is left out, matched words
 * wrapped in the highlight markers (matched words that touch, as CJK
 * characters do, share one pair).  With no match, the window starts at
 * the beginning.  NULL when memory runs out.  The caller frees it.
 */
char *snippet_make(const char *text, size_t text_len, size_t len,
		   snippet_match_fn match, void *ctx);

/*
 * The words of a text, as the snippet sees them: maximal runs of letters,
 * marks, digits and connector punctuation (Unicode categories L, M, N,
 * Pc), with an apostrophe between two letters kept inside ("don't").
 * Each Chinese, Japanese or Korean character is a word of its own, as
 * in the index.
 * Calls fn for each; stops when fn returns non-zero and returns that.
 */
int snippet_each_word(const char *text, size_t len,
		      int (*fn)(size_t start, size_t end, void *ctx), void *ctx);

#ifdef __cplusplus
}
#endif

#endif /* SNIPPET_H */
