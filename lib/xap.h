/*
 * xap.h - the C binding over libxapian.
 *
 * This is the only interface through which the indexer and the searcher
 * reach Xapian.  It is implemented by the only C++ files of the tree:
 * lib/xap_*.cc (the binding) and lib/search*.cc (the search engine),
 * described in xap_internal.hh and search.hh.  Rules that hold for every
 * function declared here:
 *
 *  - Every fallible call returns an xap_status; XAP_OK (zero) is success.
 *    On failure the xap_error passed in (which may be NULL) holds the same
 *    status and a one-line message without a trailing newline or full stop,
 *    suitable for "prog: <msg>".
 *  - No C++ exception ever leaves a function declared here.
 *  - Handles are opaque.  *_close() and *_free() accept NULL.
 *  - Strings passed in are borrowed for the duration of the call only.
 *    Ownership of strings handed out is stated per function.
 *  - All text is UTF-8.
 *
 * The document model (one document per passage, its terms and values) is
 * described in docs/design.md and encoded by docmodel.h.
 */
#ifndef XAP_H
#define XAP_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
	XAP_OK = 0,
	XAP_NO_MEMORY,		/* allocation failed (std::bad_alloc) */
	XAP_NOT_FOUND,		/* no index at the path (DatabaseOpeningError, DatabaseNotFoundError) */
	XAP_LOCKED,		/* another writer holds the lock (DatabaseLockError) */
	XAP_MODIFIED,		/* a writer discarded the revision being read (DatabaseModifiedError) */
	XAP_BAD_QUERY,		/* the query does not parse (QueryParserError) */
	XAP_CORRUPT,		/* the index is damaged (DatabaseCorruptError) */
	XAP_IO,			/* any other Xapian error: disk full, permissions, ... */
	XAP_INVALID,		/* the caller passed a bad argument */
	XAP_INTERNAL,		/* any other C++ exception: a bug */
	XAP_OLD_INDEX,		/* the index has a layout this version does not read */
	XAP_STATUS_LAST		/* not a status: the number of statuses */
} xap_status;

typedef struct {
	xap_status status;
	char msg[512];
} xap_error;

/*
 * A short English description of a status ("index is locked by another
 * writer", ...).  Returns a static string; never NULL, also for values out
 * of range.
 */
const char *xap_status_string(xap_status status);

/*
 * Fills err (which may be NULL) with a status and a message, for C code
 * that fails in the middle of a sequence of binding calls.
 */
void xap_error_set(xap_error *err, xap_status status, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* ---------------------------------------------------------------------- */
/* Write side                                                              */
/* ---------------------------------------------------------------------- */

typedef struct xap_writer xap_writer;

enum xap_writer_flags {
	XAP_WRITER_CREATE = 1 << 0,	/* create the index if it does not exist */
	/*
	 * Start from an empty index.  Xapian empties it at open, before any
	 * commit, so this is only for a fresh directory built beside the
	 * live index, never for the live one.
	 */
	XAP_WRITER_OVERWRITE = 1 << 1,
};

/*
 * Opens the index at 'path' for writing, taking Xapian's write lock.
 * Without XAP_WRITER_CREATE a missing index is XAP_NOT_FOUND.  A lock held
 * by another process is XAP_LOCKED (returned at once, never waits).
 * On success the caller owns *out and releases it with xap_writer_close().
 */
xap_status xap_writer_open(const char *path, unsigned flags,
			   xap_writer **out, xap_error *err);

/*
 * Closes the writer and releases the lock.  Changes made since the last
 * xap_writer_commit() are discarded, never published: an error path that
 * closes the writer cannot leave half a run in the index.
 */
void xap_writer_close(xap_writer *w);

/*
 * Sets the stemming language used for the passages added from now on
 * (a name Xapian::Stem accepts, e.g. "english", "en", "none").  An
 * unknown language is XAP_INVALID with a message naming it.  The default
 * is "english".
 */
xap_status xap_writer_set_language(xap_writer *w, const char *lang,
				   xap_error *err);

/*
 * Starts a batch of changes.  Nothing added, deleted or set after this
 * call is visible to readers until xap_writer_commit() returns XAP_OK, and
 * all of it becomes visible at once.  Calling begin twice without a
 * commit in between is XAP_INVALID.
 */
xap_status xap_writer_begin(xap_writer *w, xap_error *err);

/*
 * Publishes the batch atomically.  Without a batch open it is XAP_INVALID.
 * A failed commit discards the batch: nothing of it is published later.
 */
xap_status xap_writer_commit(xap_writer *w, xap_error *err);

/*
 * xap_writer_commit(), except that the words counted for the spelling
 * table may wait for a later commit: Xapian rewrites the table's word
 * lists on every commit that changes them, which made spelling a third of
 * the indexing time.  For the batches of a long run; a run killed
 * between two commits then loses the waiting words (suggestions only).
 */
xap_status xap_writer_commit_batch(xap_writer *w, xap_error *err);

/* One passage, as the indexer hands it over. */
typedef struct {
	const char *path;	/* the file's path as given to the indexer */
	const char *text;	/* the passage, UTF-8 */
	size_t text_len;
	unsigned ordinal;	/* 1-based position of the passage in its file */
	unsigned line;		/* first line, 1-based */
	unsigned end_line;	/* last line, 1-based, >= line */
	/*
	 * Set when no document can hold this passage's unique term (its file
	 * is new, or its passages were deleted in this batch): the document
	 * is added without looking the term up, which saves a B-tree look-up
	 * per passage.  Setting it wrongly leaves a duplicate passage.
	 */
	int is_new;
	/*
	 * The file's title (passage.h, passage_title()), indexed on each of
	 * its passages as a field (TERM_TITLE); NULL or empty when none.
	 */
	const char *title;
	size_t title_len;
} xap_passage;

/*
 * Changes (put, delete, set_metadata) are only accepted inside a batch
 * (XAP_INVALID otherwise), since Xapian may flush changes made outside a
 * transaction on its own.
 *
 * Adds or replaces the passage identified by (path, ordinal): a document
 * already holding that passage's unique term is replaced, otherwise (or
 * with p->is_new) a new document is added.  Each word of the text is
 * indexed folded and stemmed, without positions; so are, as fields, the
 * words of the file's name and folders (docmodel_name_words()) and of its
 * title; the text and location are stored in the document.  A file's first passage also records its name
 * for file:NAME, and xap_writer_delete_file() removes it.
 */
xap_status xap_writer_put_passage(xap_writer *w, const xap_passage *p,
				  xap_error *err);

/*
 * Deletes every passage of the file 'path' (by its per-file term).
 * Deleting a file that has no passages is not an error.
 */
xap_status xap_writer_delete_file(xap_writer *w, const char *path,
				  xap_error *err);

/*
 * Index metadata: a string value under a string key.  Setting an empty
 * value deletes the key.  Keys must be non-empty and at most
 * XAP_MAX_KEY_LEN bytes (XAP_INVALID otherwise; docmodel.h shortens long
 * keys).  Metadata changes obey the same batch rules as passages.
 */
#define XAP_MAX_KEY_LEN 200
xap_status xap_writer_set_metadata(xap_writer *w, const char *key,
				   const char *value, size_t value_len,
				   xap_error *err);

/*
 * Reads a metadata value as of the writer's current (uncommitted) state.
 * A missing key gives XAP_OK with an empty string.  The caller owns *value
 * (NUL-terminated; *len, if not NULL, gets its length) and frees it with
 * free().
 */
xap_status xap_writer_get_metadata(xap_writer *w, const char *key,
				   char **value, size_t *len, xap_error *err);

/*
 * Calls fn(key, value, value_len, ctx) for every metadata key starting
 * with 'prefix', in key order.  The strings passed to fn are valid only
 * during that call.  fn returns 0 to go on, anything else to stop; the
 * callback runs outside any C++ try block, so it may do anything a C
 * function may.
 */
typedef int (*xap_metadata_fn)(const char *key, const char *value,
			       size_t value_len, void *ctx);
xap_status xap_writer_each_metadata(xap_writer *w, const char *prefix,
				    xap_metadata_fn fn, void *ctx,
				    xap_error *err);

/* The number of passages (documents) in the writer's current state. */
xap_status xap_writer_doc_count(xap_writer *w, unsigned long *count,
				xap_error *err);

/*
 * Spelling words of several writers in one database of their own: each
 * shard of a parallel build would otherwise write its own spelling table
 * (the words common to all, once per shard) and the merge would join the
 * tables again, together a fifth of a --full build.  Thread-safe.
 *
 * xap_spelling_open() creates (or empties) the database at 'path';
 * xap_writer_share_spelling() sends the words writer w counts there
 * instead of into w's index, from then on; xap_spelling_commit() writes
 * the words still waiting, once every writer sharing it is committed;
 * xap_spelling_close() closes it (anything not committed is lost).
 * Each xap_spelling_open() that succeeds needs one xap_spelling_close(),
 * after every writer sharing it is closed.
 */
typedef struct xap_spelling xap_spelling;

xap_status xap_spelling_open(const char *path, xap_spelling **out,
			     xap_error *err);
xap_status xap_writer_share_spelling(xap_writer *w, xap_spelling *s,
				     xap_error *err);
xap_status xap_spelling_commit(xap_spelling *s, xap_error *err);
void xap_spelling_close(xap_spelling *s);

/*
 * Merges the databases sources[0..n) into a new compacted database at
 * 'dest' (Xapian's compactor; document ids renumbered one source after
 * the other, metadata of the same key taken from the first source).
 * Takes no lock on the sources, which must not change meanwhile.
 */
xap_status xap_compact(const char *const *sources, size_t n, const char *dest,
		       xap_error *err);

/*
 * Runs Xapian's consistency check (Xapian::Database::check) on the
 * database at 'path' (a glass directory or a stub).  *problems gets the
 * number of problems found; when it is not zero, err->msg (status XAP_OK)
 * holds the first one.  A database too damaged to be checked at all is
 * XAP_CORRUPT or XAP_NOT_FOUND.  Takes no lock.
 */
xap_status xap_check(const char *path, unsigned long *problems,
		     xap_error *err);

/*
 * Whether the database at 'path' (which may be another program's) has a
 * non-empty metadata value under one of keys[0..nkeys): 1 yes, 0 no, -1
 * when it cannot be opened or read.  Opens it read-only, takes no lock
 * and writes nothing (a writable open would create missing tables).
 */
int xap_has_metadata(const char *path, const char *const *keys, size_t nkeys);

/* ---------------------------------------------------------------------- */
/* Read side                                                               */
/* ---------------------------------------------------------------------- */

typedef struct xap_reader xap_reader;

/*
 * Opens one or more indexes read-only, searched as one.  A missing index
 * is XAP_NOT_FOUND with a message naming its path.  Never takes the write
 * lock, so it works while an indexer runs.  The caller owns *out and
 * releases it with xap_reader_close().
 */
xap_status xap_reader_open(const char *const *paths, size_t npaths,
			   xap_reader **out, xap_error *err);
void xap_reader_close(xap_reader *r);

/*
 * Reads a metadata value from the first index.  Same ownership as
 * xap_writer_get_metadata().
 */
xap_status xap_reader_get_metadata(xap_reader *r, const char *key,
				   char **value, size_t *len, xap_error *err);

enum xap_search_flags {
	XAP_SEARCH_ANY = 1 << 0,	/* any word may match (default: all) */
	XAP_SEARCH_EXACT = 1 << 1,	/* count every match: exact estimate */
	XAP_SEARCH_EXPLAIN = 1 << 2,	/* fill xap_hit.terms */
	XAP_SEARCH_BM25 = 1 << 3,	/* use bm25_k1 and bm25_b, not the defaults */
	XAP_SEARCH_KEEP_STOPWORDS = 1 << 4,	/* do not drop stop words */
	XAP_SEARCH_EXPAND = 1 << 5,	/* use the expand_* fields, not the defaults */
	/*
	 * Only passages holding every word (--all).  Without it (nor
	 * XAP_SEARCH_ANY), a search whose all-words passages fill less than
	 * the page goes on with the passages holding most of the words,
	 * ranked after all of those; each says which words it lacks.
	 */
	XAP_SEARCH_ALL = 1 << 6,
};

/*
 * Ranking defaults, measured on judged collections and known-item sets
 * (docs/eval.md): BM25's k1 and b; a query of XAP_LONG_QUERY words or
 * more is long, and gets pseudo-relevance feedback from the top
 * XAP_EXPAND_DOCS passages, adding XAP_EXPAND_TERMS terms at
 * XAP_EXPAND_WEIGHT times the weight of the query's own (0 docs: off).
 */
#define XAP_BM25_K1 1.2
#define XAP_BM25_B 0.75
#define XAP_EXPAND_DOCS 10
#define XAP_EXPAND_TERMS 15
#define XAP_EXPAND_WEIGHT 0.5
#define XAP_LONG_QUERY 5

typedef struct {
	const char *query;	/* the user's query string */
	unsigned flags;		/* enum xap_search_flags */
	/*
	 * Stemmer; NULL: the one the first index was built with (its
	 * META_LANG record), or "english" when it records none.
	 */
	const char *lang;
	unsigned offset;	/* results to skip */
	unsigned limit;		/* results to return at most */
	size_t snippet_len;	/* bytes of text to aim for; 0: 200 */
	unsigned per_file;	/* at most this many hits per file; 0: any */
	unsigned context;	/* neighbouring passages to fetch each side */
	/*
	 * Visit at least this many matches, so that an estimate below it
	 * is exact (Enquire's check_at_least); XAP_SEARCH_EXACT: all.
	 */
	unsigned check_at_least;
	/*
	 * Ranking.  BM25 k1 >= 0 and 0 <= b <= 1 (with XAP_SEARCH_BM25).
	 * Stop words (English indexes only) are dropped from the query
	 * unless XAP_SEARCH_KEEP_STOPWORDS.  Query expansion (with
	 * XAP_SEARCH_EXPAND; expand_docs 0 turns it off): the best
	 * expand_docs passages are taken as relevant, Xapian's expand set
	 * gives expand_terms new terms, added at expand_weight > 0 times
	 * the weight of the query's own terms, and the search runs again.
	 */
	double bm25_k1, bm25_b;
	unsigned expand_docs, expand_terms;
	double expand_weight;
	/*
	 * Queries of this many words or more are long (0: XAP_LONG_QUERY):
	 * BM25 and expansion rank them; shorter ones are ranked by how many
	 * of their words a passage holds, then BM25.
	 */
	unsigned expand_min_words;
} xap_search_opts;

/* Highlight markers in xap_hit.snippet: never present in passage text. */
#define XAP_HI_START '\x01'
#define XAP_HI_END '\x02'

/* One matching term of a hit and what it alone adds to the score. */
typedef struct {
	const char *word;	/* the term, without the stem prefix */
	int stemmed;		/* 1: a stem ("missil"), 0: a word as written */
	double weight;		/* its BM25 weight for this passage */
} xap_term_weight;

/* A passage next to a hit in the same file (opts->context). */
typedef struct {
	unsigned passage;	/* 1-based ordinal in the file */
	unsigned line;
	unsigned end_line;
	const char *text;	/* the whole stored passage */
} xap_neighbour;

typedef struct {
	unsigned rank;		/* 1-based, counting the offset */
	double score;		/* BM25 weight */
	int percent;		/* 0-100 */
	const char *path;
	unsigned passage;	/* 1-based ordinal in the file */
	unsigned line;
	unsigned end_line;
	const char *text;	/* the whole stored passage */
	/*
	 * The part of the passage that best matches, plain UTF-8 (no HTML
	 * escaping), each matched word wrapped in XAP_HI_START ... XAP_HI_END;
	 * "..." marks text left out at either end.
	 */
	const char *snippet;
	/*
	 * With opts->per_file: at least this many other passages of the
	 * same file matched and were left out (Xapian's collapse count).
	 */
	unsigned more;
	/* With XAP_SEARCH_EXPLAIN: the matching terms, heaviest first. */
	const xap_term_weight *terms;
	size_t nterms;
	/*
	 * With XAP_SEARCH_EXPLAIN: what query expansion's added words gave
	 * this passage (0 without expansion); with 'terms' it makes up the
	 * score for a query of plain words.
	 */
	double expansion;
	/*
	 * With opts->context: up to 2 * context neighbours that exist, in
	 * passage order; those with passage < this hit's come before it.
	 */
	const xap_neighbour *neighbours;
	size_t nneighbours;
	/*
	 * A passage that holds only some of the query's words (see
	 * XAP_SEARCH_ALL): the words it lacks, as the query wrote them;
	 * nmissing 0 for a passage that holds them all.
	 */
	const char *const *missing;
	size_t nmissing;
} xap_hit;

typedef struct xap_results xap_results;

/*
 * Parses opts->query with Xapian's QueryParser (stemming, phrases,
 * AND/OR/NOT, +/-, NEAR, trailing-* wildcards, file: and ext: filters) and
 * ranks passages with BM25.  Words are folded (fold.h) and CJK text split
 * into n-grams when the first index records that it was built so
 * (META_TOKENIZER).  A query that does not parse is XAP_BAD_QUERY
 * with the parser's message.  If a writer commits meanwhile, the reader is
 * reopened and the search retried, so XAP_MODIFIED is returned only after
 * repeated failures.  On success the caller owns *out (possibly with zero
 * hits) and frees it with xap_results_free().
 */
xap_status xap_search(xap_reader *r, const xap_search_opts *opts,
		      xap_results **out, xap_error *err);

/* The number of hits held (at most opts->limit). */
size_t xap_results_count(const xap_results *res);

/*
 * Xapian's estimate of all matches (of files, with opts->per_file: each
 * file counts once), and whether it is exact.  XAP_SEARCH_EXACT makes it
 * exact, at the cost of visiting every match.
 */
unsigned long xap_results_estimate(const xap_results *res, int *exact);

/*
 * A better spelling of the query, when some of its words occur nowhere in
 * the index and the spelling data suggests words that make the query
 * find more passages; NULL otherwise.  The string belongs to 'res'.
 */
const char *xap_results_suggestion(const xap_results *res);

/*
 * The i-th hit, 0-based, or NULL if i is out of range.  The hit and all
 * its strings belong to 'res' and are valid until xap_results_free().
 */
const xap_hit *xap_results_hit(const xap_results *res, size_t i);

void xap_results_free(xap_results *res);

#ifdef __cplusplus
}
#endif

#endif /* XAP_H */
