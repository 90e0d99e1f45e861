/*
 * stopwords.h - the English stop word list the searcher drops from
 * queries (see docs/searcher.1, --keep-stopwords).
 */
#ifndef STOPWORDS_H
#define STOPWORDS_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The words, lower case, in byte order; stopwords_english_count of them. */
extern const char *const stopwords_english[];
extern const size_t stopwords_english_count;

/* Whether 'word' (lower case UTF-8) is on the English list. */
int stopwords_is_english(const char *word);

#ifdef __cplusplus
}
#endif

#endif /* STOPWORDS_H */
