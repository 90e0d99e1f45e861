/*
 * xap_internal.hh - what the C++ files behind xap.h share.  C++ only;
 * nothing outside lib/xap_*.cc and lib/search*.cc includes it.
 *
 * The binding's files:
 *	xap_status.cc	exceptions to xap_status and a message
 *	xap_words.cc	the word stemmer shared by writer and reader
 *	xap_spelling.cc	the spelling words a writer counts, and their table
 *	xap_writer.cc	the write side of xap.h
 *	xap_maint.cc	compaction and the consistency check
 *	xap_reader.cc	opening indexes for reading
 * and the search engine, one file per stage (search.hh).
 *
 * Every function of xap.h has the form
 *
 *	try {
 *		...
 *		return XAP_OK;
 *	} catch (...) {
 *		return xap__status_from_exception(err, <index path or NULL>);
 *	}
 *
 * so no exception ever reaches C, and the mapping from Xapian's exception
 * classes to xap_status lives in one place.
 */
#ifndef XAP_INTERNAL_HH
#define XAP_INTERNAL_HH

#include "xap.h"

#include <xapian.h>

#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#define XAP_DEFAULT_LANG "english"

/* ---------------------------------------------------------------------- */
/* Errors (xap_status.cc)                                                  */
/* ---------------------------------------------------------------------- */

/*
 * Records a failure in err (which may be NULL) and returns status.  Never
 * throws and never allocates: it may run while reporting bad_alloc.
 */
xap_status xap__fail(xap_error *err, xap_status status, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Clears err (which may be NULL) to success. */
void xap__ok(xap_error *err);

/*
 * Maps the exception being handled to a status and a message.  Call only
 * from a catch block.  'index' is the index path the failing call was
 * about, or NULL when there is none or more than one.
 */
xap_status xap__status_from_exception(xap_error *err,
				      const char *index = NULL);

/* A metadata key xap.h accepts: non-empty, at most XAP_MAX_KEY_LEN bytes. */
bool xap__key_ok(const char *key);
xap_status xap__bad_key(xap_error *err);

/* Hands out a malloc'd, NUL-terminated copy of v (which may hold NULs). */
xap_status xap__copy_out(const std::string &v, char **value, size_t *len,
			 xap_error *err);

/*
 * Calls fn() and returns what it returns; when a writer recycles the
 * revision being read (DatabaseModifiedError), reopens db and calls it
 * again, for up to XAP_PATIENCE seconds.  After the first few attempts it
 * waits a little before each (xap__back_off()), so that a burst of
 * commits can end: under load a search may take longer than the time
 * between two commits of an indexer with small batches.
 */
#define XAP_PATIENCE 10.0

double xap__now(void);
void xap__back_off(int attempt);

template <typename F>
auto xap__retry_modified(Xapian::Database &db, F fn) -> decltype(fn())
{
	double give_up = xap__now() + XAP_PATIENCE;

	for (int attempt = 1;; attempt++) {
		try {
			return fn();
		} catch (const Xapian::DatabaseModifiedError &) {
			if (xap__now() > give_up)
				throw;
			xap__back_off(attempt);
			db.reopen();
		}
	}
}

/* ---------------------------------------------------------------------- */
/* Words (xap_words.cc)                                                    */
/* ---------------------------------------------------------------------- */

/*
 * Xapian::Stem for 'lang'; false (stem untouched) if Xapian does not know
 * the language.  Other exceptions propagate.
 */
bool xap__make_stem(const char *lang, Xapian::Stem &stem);

bool xap__is_ascii(const std::string &s);

/* fold_utf8() (fold.h) for C++ callers; throws bad_alloc. */
std::string xap__fold(const std::string &s);

/* s with every letter lower-cased (Unicode). */
std::string xap__lower(const std::string &s);

struct xap_spelling;

/*
 * The stemmer both the writer and the query parser use: a word is folded
 * (fold.h) and then stemmed, so "Raúl", "raul" and "RAUL" are one term,
 * and the index holds one term per word, the stem, without positions.
 * Stems are cached, words being repeated.  The writer's instance also
 * counts the words it sees for the spelling table (xap_spelling.cc):
 * TermGenerator's own spelling option updates Xapian's table on every
 * word, which cost a third of the indexing time.
 */
class word_stemmer : public Xapian::StemImplementation {
	Xapian::Stem base;
	bool counting;
	struct entry {
		std::string stem;
		bool spell;		/* for the spelling table */
		unsigned count;		/* seen since the last flush */
	};
	std::unordered_map<std::string, entry> words;
	size_t spelled;		/* entries with a count */

public:
	word_stemmer(const Xapian::Stem &b, bool count)
		: base(b), counting(count), spelled(0) {}

	std::string operator()(const std::string &word);
	std::string get_description() const;

	/* Holding as many words as it may: time to flush_spelling(). */
	bool full() const;

	/*
	 * Adds the words counted since the last call to db's spelling
	 * table, or to the shared one's when there is one, and starts
	 * counting again from zero.
	 */
	void flush_spelling(Xapian::WritableDatabase &db, xap_spelling *shared);
};

/* ---------------------------------------------------------------------- */
/* Shared spelling table (xap_spelling.cc)                                 */
/* ---------------------------------------------------------------------- */

struct xap_spelling {
	std::mutex lock;
	Xapian::WritableDatabase db;
	std::string path;
	size_t waiting = 0;	/* words added since the last commit */

	explicit xap_spelling(const char *p)
		: db(p, Xapian::DB_CREATE_OR_OVERWRITE), path(p) {}

	void add(const std::string &word, unsigned count)
	{
		db.add_spelling(word, count);
		waiting++;
	}

	void commit()
	{
		db.commit();
		waiting = 0;
	}
};

/* ---------------------------------------------------------------------- */
/* Writer (xap_writer.cc)                                                  */
/* ---------------------------------------------------------------------- */

struct xap_writer {
	const char *flush;	/* set before db opens */
	Xapian::WritableDatabase db;
	Xapian::TermGenerator tg;
	word_stemmer *words;	/* owned by tg's stemmer */
	xap_spelling *spelling;	/* shared, or NULL: db's own table */
	std::string path;
	bool in_batch;
	unsigned long puts;	/* passages written in this batch */

	xap_writer(const char *p, int action);
	void set_stemmer(const Xapian::Stem &base);
};

/*
 * A passage's boolean terms: its unique id, its file's key (to replace or
 * delete a file's passages in one call) and the file's extension.
 */
void xap__add_passage_terms(Xapian::Document &doc, const char *path,
			    unsigned ordinal);

/* ---------------------------------------------------------------------- */
/* Reader (xap_reader.cc)                                                  */
/* ---------------------------------------------------------------------- */

struct xap_reader {
	Xapian::Database db;	/* all of subs, searched as one */
	std::vector<Xapian::Database> subs;
	std::vector<std::string> paths;
	std::string lang;	/* the stemmer of the first index */
	std::string tokenizer;	/* its tokenizer record */

	/*
	 * The index a document of db comes from: Xapian interleaves the
	 * document ids of its databases.
	 */
	const Xapian::Database &sub_of(Xapian::docid did) const
	{
		return subs[(did - 1) % subs.size()];
	}

	/* The path for messages, when there is exactly one. */
	const char *subject() const
	{
		return paths.size() == 1 ? paths[0].c_str() : NULL;
	}
};

#endif /* XAP_INTERNAL_HH */
