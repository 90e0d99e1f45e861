/*
 * stopwords.c - the English stop word list (see stopwords.h).
 *
 * The Snowball project's English stop word list
 * (https://snowballstem.org/algorithms/english/stop.txt), by Martin
 * Porter, released under the BSD 3-clause licence; the same 127 words
 * Debian ships as PostgreSQL's tsearch_data/english.stop.  Words such as
 * "what", "how" or "are" carry no topic, yet BM25 still gives them some
 * weight in a query that matches any word; dropping them from queries
 * ranks better on the judged collections (docs/eval.md).
 */
#include "stopwords.h"

#include <stdlib.h>
#include <string.h>

const char *const stopwords_english[] = {
	"a", "about", "above", "after", "again", "against", "all", "am",
	"an", "and", "any", "are", "as", "at", "be", "because", "been",
	"before", "being", "below", "between", "both", "but", "by", "can",
	"did", "do", "does", "doing", "don", "down", "during", "each",
	"few", "for", "from", "further", "had", "has", "have", "having",
	"he", "her", "here", "hers", "herself", "him", "himself", "his",
	"how", "i", "if", "in", "into", "is", "it", "its", "itself",
	"just", "me", "more", "most", "my", "myself", "no", "nor", "not",
	"now", "of", "off", "on", "once", "only", "or", "other", "our",
	"ours", "ourselves", "out", "over", "own", "s", "same", "she",
	"should", "so", "some", "such", "t", "than", "that", "the", "their",
	"theirs", "them", "themselves", "then", "there", "these", "they",
	"this", "those", "through", "to", "too", "under", "until", "up",
	"very", "was", "we", "were", "what", "when", "where", "which",
	"while", "who", "whom", "why", "will", "with", "you", "your",
	"yours", "yourself", "yourselves",
};

const size_t stopwords_english_count =
	sizeof(stopwords_english) / sizeof(stopwords_english[0]);

static int compare(const void *key, const void *elem)
{
	return strcmp(key, *(const char *const *)elem);
}

int stopwords_is_english(const char *word)
{
	return bsearch(word, stopwords_english, stopwords_english_count,
		       sizeof(stopwords_english[0]), compare) != NULL;
}
