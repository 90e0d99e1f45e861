/*
 * xap.cc - the C binding over libxapian (see xap.h).
 *
 * The only C++ file in the tree.  Every function declared in xap.h has the
 * form
 *
 *	try {
 *		...
 *		return XAP_OK;
 *	} catch (...) {
 *		return xap__status_from_exception(err, <index path or NULL>);
 *	}
 *
 * so no exception ever reaches C, and the whole mapping from Xapian's
 * exception classes to xap_status and a message lives in one place.
 */
#include "xap.h"
#include "fold.h"
#include "snippet.h"
#include "stopwords.h"
#include "terms.h"

#include <utf8proc.h>
#include <xapian.h>

#include <cctype>
#include <cerrno>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <algorithm>
#include <map>
#include <memory>
#include <mutex>
#include <new>
#include <set>
#include <sstream>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include <sys/stat.h>

/* How often xap_search() reopens and retries after DatabaseModifiedError. */
#define XAP_SEARCH_ATTEMPTS 20
/* How often xap_reader_open() tries an index that a rebuild swaps. */
#define XAP_OPEN_ATTEMPTS 3
#define XAP_DEFAULT_LANG "english"
#define XAP_DEFAULT_SNIPPET 200

/*
 * How the writer tokenizes, as recorded in META_TOKENIZER: words folded
 * (fold.h), CJK split into n-grams, spelling data kept, and only the
 * stems of words indexed, without positions (see word_stemmer and
 * phrase_check).  The searcher reads it back, so a query is always parsed
 * the way its index was built.
 */
#define XAP_TOKENIZER "fold cjk-ngram spelling stem-all"

/*
 * Documents Xapian holds in memory before writing them to its tables
 * (XAPIAN_FLUSH_THRESHOLD).  Its default, 10,000, was 12% slower on Linux's
 * Documentation/ and held three times the memory: smaller flushes stay in
 * the CPU caches.  A value in the environment wins.
 */
#define XAP_FLUSH_THRESHOLD "2000"

/*
 * Words the writer's word_stemmer holds (stems cached, counts for the
 * spelling table) before it writes the counts and starts again, and words
 * for the spelling table at most among them: Xapian's spelling update
 * takes some 600 bytes per new word at the commit.
 */
#define XAP_CACHED_WORDS 100000
#define XAP_SPELLING_WORDS 25000

/* ---------------------------------------------------------------------- */
/* Errors                                                                  */
/* ---------------------------------------------------------------------- */

/*
 * Records a failure in err (which may be NULL) and returns status.  Never
 * throws and never allocates: it may run while reporting bad_alloc.
 */
static xap_status xap__fail(xap_error *err, xap_status status,
			    const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static xap_status xap__fail(xap_error *err, xap_status status,
			    const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return status;
	err->status = status;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	/* Paths and Xapian's messages may hold newlines: keep it one line. */
	for (char *p = err->msg; *p; p++)
		if ((unsigned char)*p < 0x20)
			*p = ' ';
	return status;
}

static void xap__ok(xap_error *err)
{
	if (err) {
		err->status = XAP_OK;
		err->msg[0] = '\0';
	}
}

/* Xapian's own message plus the errno text it carries, if any. */
static void xap__describe(const Xapian::Error &e, char *buf, size_t size)
{
	const char *errstr = e.get_error_string();

	if (errstr && *errstr)
		snprintf(buf, size, "%s (%s)", e.get_msg().c_str(), errstr);
	else
		snprintf(buf, size, "%s", e.get_msg().c_str());
}

/*
 * Maps the exception being handled to a status and a message.  Call only
 * from a catch block.  'index' is the index path the failing call was
 * about, or NULL when there is none or more than one.
 */
static xap_status xap__status_from_exception(xap_error *err,
					     const char *index = NULL)
{
	char desc[400];
	char subject[300];

	if (index)
		snprintf(subject, sizeof(subject), "index '%s'", index);
	else
		snprintf(subject, sizeof(subject), "the index");
	try {
		throw;
	} catch (const Xapian::DatabaseLockError &) {
		return xap__fail(err, XAP_LOCKED,
				 "%s is locked by another indexer", subject);
	} catch (const Xapian::DatabaseModifiedError &) {
		return xap__fail(err, XAP_MODIFIED,
				 "%s kept changing while being read; try again",
				 subject);
	} catch (const Xapian::QueryParserError &e) {
		return xap__fail(err, XAP_BAD_QUERY, "bad query: %s",
				 e.get_msg().c_str());
	} catch (const Xapian::DatabaseCorruptError &e) {
		xap__describe(e, desc, sizeof(desc));
		return xap__fail(err, XAP_CORRUPT,
				 "%s is damaged: %s; "
				 "rebuild it with 'indexer --full'",
				 subject, desc);
	} catch (const Xapian::DatabaseOpeningError &e) {
		/* Also DatabaseNotFoundError and DatabaseVersionError. */
		struct stat st;

		xap__describe(e, desc, sizeof(desc));
		if (!index)
			return xap__fail(err, XAP_NOT_FOUND,
					 "cannot open the index: %s", desc);
		if (stat(index, &st) != 0)
			return xap__fail(err, XAP_NOT_FOUND, "no index at '%s'",
					 index);
		return xap__fail(err, XAP_NOT_FOUND, "'%s' is not an index: %s",
				 index, desc);
	} catch (const Xapian::DatabaseCreateError &e) {
		xap__describe(e, desc, sizeof(desc));
		return xap__fail(err, XAP_IO, "cannot create %s: %s", subject,
				 desc);
	} catch (const Xapian::DatabaseError &e) {
		/*
		 * The base class.  With an errno it failed to read or write
		 * (disk full, I/O error); without, a table is damaged ("EOF
		 * reading block": a truncated file).
		 */
		const char *errstr = e.get_error_string();

		xap__describe(e, desc, sizeof(desc));
		if (errstr && *errstr)
			return xap__fail(err, XAP_IO, "%s: %s", subject, desc);
		return xap__fail(err, XAP_CORRUPT,
				 "%s is damaged: %s; "
				 "rebuild it with 'indexer --full'",
				 subject, desc);
	} catch (const Xapian::Error &e) {
		xap__describe(e, desc, sizeof(desc));
		return xap__fail(err, XAP_IO, "%s: %s: %s", subject,
				 e.get_type(), desc);
	} catch (const std::bad_alloc &) {
		return xap__fail(err, XAP_NO_MEMORY, "out of memory");
	} catch (const std::exception &e) {
		return xap__fail(err, XAP_INTERNAL, "internal error: %s",
				 e.what());
	} catch (...) {
		return xap__fail(err, XAP_INTERNAL,
				 "internal error: unknown C++ exception");
	}
}

const char *xap_status_string(xap_status status)
{
	/* No default: -Wswitch reports a status added without a string. */
	switch (status) {
	case XAP_OK:
		return "success";
	case XAP_NO_MEMORY:
		return "out of memory";
	case XAP_NOT_FOUND:
		return "no index at the path";
	case XAP_LOCKED:
		return "index is locked by another writer";
	case XAP_MODIFIED:
		return "index was modified while being read";
	case XAP_BAD_QUERY:
		return "query does not parse";
	case XAP_CORRUPT:
		return "index is damaged";
	case XAP_IO:
		return "index input/output error";
	case XAP_INVALID:
		return "invalid argument";
	case XAP_INTERNAL:
		return "internal error";
	case XAP_OLD_INDEX:
		return "index has an older layout";
	case XAP_STATUS_LAST:
		break;
	}
	return "unknown status";
}

/* ---------------------------------------------------------------------- */
/* Helpers                                                                 */
/* ---------------------------------------------------------------------- */

/*
 * Xapian::Stem for 'lang'; false (stem untouched) if Xapian does not know
 * the language.  Other exceptions propagate.
 */
static bool make_stem(const char *lang, Xapian::Stem &stem)
{
	try {
		stem = Xapian::Stem(lang);
	} catch (const Xapian::InvalidArgumentError &) {
		return false;
	}
	return true;
}

static bool is_ascii(const std::string &s)
{
	for (char c : s)
		if ((unsigned char)c >= 0x80)
			return false;
	return true;
}

/* fold_utf8() for C++ callers. */
static std::string fold(const std::string &s)
{
	size_t n;
	char *f = fold_utf8(s.data(), s.size(), &n);

	if (!f)
		throw std::bad_alloc();
	std::string out(f, n);

	free(f);
	return out;
}

/*
 * The stemmer both the writer and the query parser use: a word is folded
 * (fold.h) and then stemmed, so "Raúl", "raul" and "RAUL" are one term,
 * and the index holds one term per word, the stem, without positions.  (The
 * first layout held the word as written, with positions, and its stem
 * apart: twice the terms for phrases that matched words exactly, which
 * cost a third of the indexing time.)  Stems are cached, words being
 * repeated.  The writer's instance also counts the words it sees, for the
 * spelling table: TermGenerator's own spelling option updates Xapian's
 * table on every word, which cost a third of the indexing time too.
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

	std::string operator()(const std::string &word)
	{
		auto it = words.find(word);

		if (it == words.end()) {
			/* Bounded: start again rather than grow. */
			if (!counting && words.size() >= XAP_CACHED_WORDS)
				words.clear();
			std::string f = is_ascii(word) ? word : fold(word);
			entry e = { base.is_none() ? f : base(f),
				    counting && spellable(word), 0 };

			it = words.emplace(word, std::move(e)).first;
		}
		if (it->second.spell && it->second.count++ == 0)
			spelled++;
		return it->second.stem;
	}

	std::string get_description() const
	{
		return "word_stemmer(" + base.get_description() + ")";
	}

	bool full() const
	{
		return words.size() >= XAP_CACHED_WORDS ||
			spelled >= XAP_SPELLING_WORDS;
	}

	/*
	 * Words worth suggesting: 3 to 32 bytes of letters.  Numbers, hex,
	 * identifiers_with_underscores and the like are left out: they were
	 * three words in five of Linux's Documentation/, and a spelling
	 * table of them suggests nothing useful.
	 */
	static bool spellable(const std::string &word)
	{
		const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)word.data();
		utf8proc_ssize_t left = (utf8proc_ssize_t)word.size();
		utf8proc_int32_t cp;

		if (word.size() < 3 || word.size() > 32)
			return false;
		while (left > 0) {
			utf8proc_ssize_t n = utf8proc_iterate(p, left, &cp);

			if (n <= 0)
				return false;
			switch (utf8proc_category(cp)) {
			case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL:
			case UTF8PROC_CATEGORY_LT: case UTF8PROC_CATEGORY_LM:
			case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_MN:
			case UTF8PROC_CATEGORY_MC:
				break;
			default:
				return false;
			}
			p += n;
			left -= n;
		}
		return true;
	}

	/*
	 * Adds the words counted since the last call to db's spelling table,
	 * or to the shared one's when there is one, and starts counting
	 * again from zero.
	 */
	void flush_spelling(Xapian::WritableDatabase &db, xap_spelling *shared);
};

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

void word_stemmer::flush_spelling(Xapian::WritableDatabase &db,
				  xap_spelling *shared)
{
	if (shared) {
		std::lock_guard<std::mutex> hold(shared->lock);

		for (const auto &w : words)
			if (w.second.count)
				shared->add(w.first, w.second.count);
		/* Bounded as a writer's own words are (XAP_SPELLING_WORDS). */
		if (shared->waiting >= XAP_SPELLING_WORDS)
			shared->commit();
	} else {
		for (const auto &w : words)
			if (w.second.count)
				db.add_spelling(w.first, w.second.count);
	}
	/* The stems stay cached, unless there are too many. */
	if (words.size() >= XAP_CACHED_WORDS)
		words.clear();
	else
		for (auto &w : words)
			w.second.count = 0;
	spelled = 0;
}

static bool key_ok(const char *key)
{
	return key && *key && strlen(key) <= XAP_MAX_KEY_LEN;
}

static xap_status bad_key(xap_error *err)
{
	return xap__fail(err, XAP_INVALID,
			 "metadata key is empty or longer than %d bytes",
			 XAP_MAX_KEY_LEN);
}

/* Hands out a malloc'd, NUL-terminated copy of v (which may hold NULs). */
static xap_status copy_out(const std::string &v, char **value, size_t *len,
			   xap_error *err)
{
	char *copy = (char *)malloc(v.size() + 1);

	if (!copy)
		return xap__fail(err, XAP_NO_MEMORY, "out of memory");
	memcpy(copy, v.data(), v.size());
	copy[v.size()] = '\0';
	*value = copy;
	if (len)
		*len = v.size();
	return XAP_OK;
}

/*
 * A passage's stored data: "ORDINAL LINE END_LINE PATHLEN\n", the path,
 * then the text.  (As values the numbers cost three value streams and a
 * tenth of the index; the path here, unlike in a term or a value, is
 * neither indexed nor sorted, and a hit needs no other lookup for it.)
 */
static std::string data_header(unsigned ordinal, unsigned line,
			       unsigned end_line, const char *path)
{
	char head[64];
	size_t n = strlen(path);

	snprintf(head, sizeof(head), "%u %u %u %zu\n", ordinal, line,
		 end_line, n);
	return head + std::string(path, n);
}

struct passage_data {
	unsigned ordinal = 0, line = 0, end_line = 0;
	std::string path, text;
};

static passage_data parse_data(const std::string &data)
{
	passage_data d;
	size_t nl = data.find('\n'), plen = 0;

	if (nl == std::string::npos ||
	    sscanf(data.c_str(), "%u %u %u %zu", &d.ordinal, &d.line,
		   &d.end_line, &plen) != 4 || plen > data.size() - nl - 1) {
		d.text = data;
		return d;
	}
	d.path = data.substr(nl + 1, plen);
	d.text = data.substr(nl + 1 + plen);
	return d;
}

/*
 * A passage's boolean terms: its unique id, its file's key (to replace or
 * delete a file's passages in one call) and the file's extension.
 */
static void add_passage_terms(Xapian::Document &doc, const char *path,
			      unsigned ordinal)
{
	char term[TERMS_MAX], ext[TERMS_MAX];

	doc.add_boolean_term(terms_passage_id(term, path, ordinal));
	doc.add_boolean_term(terms_path(term, path));
	if (*terms_extension(ext, sizeof(ext), path))
		doc.add_boolean_term(terms_make(term, TERM_EXT, ext));
}

/* ---------------------------------------------------------------------- */
/* Write side                                                              */
/* ---------------------------------------------------------------------- */

/*
 * The file's path under the key of its name, for file:NAME, since
 * passages carry only the path's key in terms (terms.h); "" removes it.
 */
static void set_names(Xapian::WritableDatabase &db, const char *path,
		      const std::string &value)
{
	char key[TERMS_KEY_LEN + 1], name[TERMS_KEY_LEN + 1];

	terms_file_key(key, path);
	db.set_metadata(std::string(META_NAME) +
				terms_file_key(name, terms_basename(path)) + key,
			value);
}

/*
 * Sets Xapian's flush threshold unless the environment does: once, and
 * before any writer reads it, as writers may open in several threads.
 */
static const char *flush_threshold()
{
	static std::once_flag once;

	std::call_once(once, [] {
		setenv("XAPIAN_FLUSH_THRESHOLD", XAP_FLUSH_THRESHOLD, 0);
	});
	return "";
}

struct xap_writer {
	const char *flush;	/* set before db opens */
	Xapian::WritableDatabase db;
	Xapian::TermGenerator tg;
	word_stemmer *words;	/* owned by tg's stemmer */
	xap_spelling *spelling;	/* shared, or NULL: db's own table */
	std::string path;
	bool in_batch;
	unsigned long puts;	/* passages written in this batch */

	xap_writer(const char *p, int action)
		: flush(flush_threshold()), db(p, action), words(NULL),
		  spelling(NULL), path(p), in_batch(false), puts(0)
	{
		set_stemmer(Xapian::Stem(XAP_DEFAULT_LANG));
		/* Stems only (word_stemmer); phrases: see phrase_check. */
		tg.set_stemming_strategy(Xapian::TermGenerator::STEM_ALL);
		/* Keep in step with XAP_TOKENIZER. */
		tg.set_flags(Xapian::TermGenerator::FLAG_CJK_NGRAM);
	}

	void set_stemmer(const Xapian::Stem &base)
	{
		if (words)
			words->flush_spelling(db, spelling);
		words = new word_stemmer(base, true);
		tg.set_stemmer(Xapian::Stem(words));
	}
};

xap_status xap_writer_open(const char *path, unsigned flags,
			   xap_writer **out, xap_error *err)
{
	const unsigned known = XAP_WRITER_CREATE | XAP_WRITER_OVERWRITE;
	int action;

	if (out)
		*out = NULL;
	if (!path || !*path || !out)
		return xap__fail(err, XAP_INVALID,
				 "xap_writer_open: no path or no handle");
	if (flags & ~known)
		return xap__fail(err, XAP_INVALID,
				 "xap_writer_open: unknown flags 0x%x", flags);
	if (flags & XAP_WRITER_OVERWRITE)
		action = Xapian::DB_CREATE_OR_OVERWRITE;
	else if (flags & XAP_WRITER_CREATE)
		action = Xapian::DB_CREATE_OR_OPEN;
	else
		action = Xapian::DB_OPEN;
	try {
		std::unique_ptr<xap_writer> w(new xap_writer(path, action));

		*out = w.release();
		xap__ok(err);
		return XAP_OK;
	} catch (...) {
		return xap__status_from_exception(err, path);
	}
}

void xap_writer_close(xap_writer *w)
{
	if (!w)
		return;
	/*
	 * Cancel rather than let close() or the destructor commit: a writer
	 * closed on an error path must publish nothing.  Opening an
	 * unflushed transaction first makes the cancel discard any pending
	 * change, also one left behind by a failed commit.
	 */
	try {
		if (!w->in_batch)
			w->db.begin_transaction(false);
		w->db.cancel_transaction();
	} catch (...) {
		/* Nothing to report to: close() below aborts it anyway. */
	}
	try {
		w->db.close();
	} catch (...) {
	}
	delete w;
}

xap_status xap_writer_set_language(xap_writer *w, const char *lang,
				   xap_error *err)
{
	if (!w || !lang)
		return xap__fail(err, XAP_INVALID,
				 "xap_writer_set_language: no writer or lang");
	try {
		Xapian::Stem stem;

		if (!make_stem(lang, stem))
			return xap__fail(err, XAP_INVALID,
					 "unknown language '%s'", lang);
		w->set_stemmer(stem);
		xap__ok(err);
		return XAP_OK;
	} catch (...) {
		return xap__status_from_exception(err, w->path.c_str());
	}
}

xap_status xap_writer_begin(xap_writer *w, xap_error *err)
{
	if (!w)
		return xap__fail(err, XAP_INVALID,
				 "xap_writer_begin: no writer");
	if (w->in_batch)
		return xap__fail(err, XAP_INVALID,
				 "a batch is already open on index '%s'",
				 w->path.c_str());
	try {
		w->db.begin_transaction(true);
		w->in_batch = true;
		w->puts = 0;
		xap__ok(err);
		return XAP_OK;
	} catch (...) {
		return xap__status_from_exception(err, w->path.c_str());
	}
}

static xap_status commit(xap_writer *w, bool spelling, xap_error *err);

xap_status xap_writer_commit(xap_writer *w, xap_error *err)
{
	return commit(w, true, err);
}

xap_status xap_writer_commit_batch(xap_writer *w, xap_error *err)
{
	return commit(w, false, err);
}

static xap_status commit(xap_writer *w, bool spelling, xap_error *err)
{
	if (!w)
		return xap__fail(err, XAP_INVALID,
				 "xap_writer_commit: no writer");
	if (!w->in_batch)
		return xap__fail(err, XAP_INVALID,
				 "no batch open on index '%s' to commit",
				 w->path.c_str());
	try {
		std::string tok = w->db.get_metadata(META_TOKENIZER);
		bool whole = w->puts >= w->db.get_doccount();

		/*
		 * The layout is this binding's: recorded by the batch that
		 * wrote every passage.  An index of another layout keeps its
		 * record (the indexer rebuilds it; the searcher refuses it).
		 */
		if (whole && w->db.get_metadata(META_SCHEMA).empty())
			w->db.set_metadata(META_SCHEMA, META_SCHEMA_VERSION);

		/*
		 * Record the settings only when every passage has them: an
		 * index from before the record exists keeps being searched
		 * the old way until a run (indexer --full) rewrites it all.
		 */
		if (tok != XAP_TOKENIZER && (!tok.empty() || whole))
			w->db.set_metadata(META_TOKENIZER, XAP_TOKENIZER);
		if (spelling || w->words->full())
			w->words->flush_spelling(w->db, w->spelling);
	} catch (...) {
		return xap__status_from_exception(err, w->path.c_str());
	}
	/* Xapian ends the transaction even when the commit fails. */
	w->in_batch = false;
	try {
		w->db.commit_transaction();
		xap__ok(err);
		return XAP_OK;
	} catch (...) {
		xap_status st = xap__status_from_exception(err,
							   w->path.c_str());

		/*
		 * A failed commit leaves the batch pending outside any
		 * transaction, where a later commit or close() would publish
		 * it.  Drop it now.
		 */
		try {
			w->db.begin_transaction(false);
			w->db.cancel_transaction();
		} catch (...) {
		}
		return st;
	}
}

/* Writes outside a batch could be flushed by Xapian on its own: refuse. */
static xap_status need_batch(xap_writer *w, const char *fn, xap_error *err)
{
	if (!w)
		return xap__fail(err, XAP_INVALID, "%s: no writer", fn);
	if (!w->in_batch)
		return xap__fail(err, XAP_INVALID,
				 "%s: no batch open on index '%s'", fn,
				 w->path.c_str());
	return XAP_OK;
}

xap_status xap_writer_put_passage(xap_writer *w, const xap_passage *p,
				  xap_error *err)
{
	xap_status st = need_batch(w, "xap_writer_put_passage", err);

	if (st != XAP_OK)
		return st;
	if (!p || !p->path || !*p->path || !p->text)
		return xap__fail(err, XAP_INVALID,
				 "xap_writer_put_passage: no path or text");
	if (p->ordinal == 0 || p->end_line < p->line)
		return xap__fail(err, XAP_INVALID,
				 "bad passage %u (lines %u-%u) of '%s'",
				 p->ordinal, p->line, p->end_line, p->path);
	try {
		char id[TERMS_MAX], key[TERMS_KEY_LEN + 1];
		std::string data = data_header(p->ordinal, p->line,
					       p->end_line, p->path);
		size_t start = data.size();
		Xapian::Document doc;

		/*
		 * 0x01 and 0x02 mark highlights in snippets and NUL would cut
		 * the stored text short for C: none may appear in the text.
		 */
		data.append(p->text, p->text_len);
		for (size_t i = start; i < data.size(); i++)
			if (data[i] == XAP_HI_START || data[i] == XAP_HI_END ||
			    data[i] == '\0')
				data[i] = ' ';
		/* The words counted for spelling are bounded too. */
		if (w->words->full())
			w->words->flush_spelling(w->db, w->spelling);
		w->tg.set_document(doc);
		w->tg.index_text_without_positions(
			Xapian::Utf8Iterator(data.data() + start,
					     data.size() - start));

		add_passage_terms(doc, p->path, p->ordinal);
		doc.add_value(SLOT_FILE, terms_file_key(key, p->path));
		doc.set_data(data);

		/* The file's name, once (see META_NAME). */
		if (p->ordinal == 1)
			set_names(w->db, p->path, p->path);
		if (p->is_new)
			w->db.add_document(doc);
		else
			w->db.replace_document(terms_passage_id(id, p->path,
								p->ordinal),
					       doc);
		w->puts++;
		xap__ok(err);
		return XAP_OK;
	} catch (...) {
		return xap__status_from_exception(err, w->path.c_str());
	}
}

xap_status xap_writer_delete_file(xap_writer *w, const char *path,
				  xap_error *err)
{
	xap_status st = need_batch(w, "xap_writer_delete_file", err);

	if (st != XAP_OK)
		return st;
	if (!path || !*path)
		return xap__fail(err, XAP_INVALID,
				 "xap_writer_delete_file: no path");
	try {
		char term[TERMS_MAX];

		w->db.delete_document(terms_path(term, path));
		set_names(w->db, path, "");
		xap__ok(err);
		return XAP_OK;
	} catch (...) {
		return xap__status_from_exception(err, w->path.c_str());
	}
}

xap_status xap_writer_set_metadata(xap_writer *w, const char *key,
				   const char *value, size_t value_len,
				   xap_error *err)
{
	xap_status st = need_batch(w, "xap_writer_set_metadata", err);

	if (st != XAP_OK)
		return st;
	if (!key_ok(key))
		return bad_key(err);
	if (!value && value_len)
		return xap__fail(err, XAP_INVALID,
				 "xap_writer_set_metadata: no value");
	try {
		/* Xapian deletes the key when the value is empty. */
		w->db.set_metadata(key, std::string(value ? value : "",
						    value_len));
		xap__ok(err);
		return XAP_OK;
	} catch (...) {
		return xap__status_from_exception(err, w->path.c_str());
	}
}

xap_status xap_writer_get_metadata(xap_writer *w, const char *key,
				   char **value, size_t *len, xap_error *err)
{
	if (value)
		*value = NULL;
	if (!w || !value)
		return xap__fail(err, XAP_INVALID,
				 "xap_writer_get_metadata: no writer or value");
	if (!key_ok(key))
		return bad_key(err);
	try {
		xap_status st = copy_out(w->db.get_metadata(key), value, len,
					 err);

		if (st == XAP_OK)
			xap__ok(err);
		return st;
	} catch (...) {
		return xap__status_from_exception(err, w->path.c_str());
	}
}

xap_status xap_writer_each_metadata(xap_writer *w, const char *prefix,
				    xap_metadata_fn fn, void *ctx,
				    xap_error *err)
{
	std::vector<std::pair<std::string, std::string> > items;

	if (!w || !fn)
		return xap__fail(err, XAP_INVALID,
				 "xap_writer_each_metadata: no writer or fn");
	try {
		std::string pfx(prefix ? prefix : "");

		for (Xapian::TermIterator it = w->db.metadata_keys_begin(pfx);
		     it != w->db.metadata_keys_end(pfx); ++it) {
			std::string key = *it;
			std::string value = w->db.get_metadata(key);

			items.push_back(std::make_pair(key, value));
		}
	} catch (...) {
		return xap__status_from_exception(err, w->path.c_str());
	}
	/* The callback runs outside any try block, as xap.h promises. */
	xap__ok(err);
	for (size_t i = 0; i < items.size(); i++)
		if (fn(items[i].first.c_str(), items[i].second.data(),
		       items[i].second.size(), ctx) != 0)
			break;
	return XAP_OK;
}

xap_status xap_writer_doc_count(xap_writer *w, unsigned long *count,
				xap_error *err)
{
	if (!w || !count)
		return xap__fail(err, XAP_INVALID,
				 "xap_writer_doc_count: no writer or result");
	try {
		*count = w->db.get_doccount();
		xap__ok(err);
		return XAP_OK;
	} catch (...) {
		return xap__status_from_exception(err, w->path.c_str());
	}
}

xap_status xap_spelling_open(const char *path, xap_spelling **out,
			     xap_error *err)
{
	if (out)
		*out = NULL;
	if (!path || !*path || !out)
		return xap__fail(err, XAP_INVALID,
				 "xap_spelling_open: no path or result");
	try {
		*out = new xap_spelling(path);
		xap__ok(err);
		return XAP_OK;
	} catch (...) {
		return xap__status_from_exception(err, path);
	}
}

xap_status xap_writer_share_spelling(xap_writer *w, xap_spelling *s,
				     xap_error *err)
{
	if (!w || !s)
		return xap__fail(err, XAP_INVALID,
				 "xap_writer_share_spelling: no writer or table");
	try {
		/* Words counted so far stay with the writer's own index. */
		w->words->flush_spelling(w->db, w->spelling);
		w->spelling = s;
		xap__ok(err);
		return XAP_OK;
	} catch (...) {
		return xap__status_from_exception(err, w->path.c_str());
	}
}

xap_status xap_spelling_commit(xap_spelling *s, xap_error *err)
{
	if (!s)
		return xap__fail(err, XAP_INVALID, "xap_spelling_commit: no table");
	try {
		std::lock_guard<std::mutex> hold(s->lock);

		s->commit();
		xap__ok(err);
		return XAP_OK;
	} catch (...) {
		return xap__status_from_exception(err, s->path.c_str());
	}
}

void xap_spelling_close(xap_spelling *s)
{
	if (!s)
		return;
	/* close() would commit what waits: drop it, as a writer does. */
	try {
		s->db.begin_transaction(false);
		s->db.cancel_transaction();
	} catch (...) {
	}
	try {
		s->db.close();
	} catch (...) {
	}
	delete s;
}

xap_status xap_compact(const char *const *sources, size_t n, const char *dest,
		       xap_error *err)
{
	const char *cur = dest;

	if (!sources || n == 0 || !dest || !*dest)
		return xap__fail(err, XAP_INVALID,
				 "xap_compact: no sources or no destination");
	try {
		Xapian::Database all;

		for (size_t i = 0; i < n; i++) {
			cur = sources[i];
			all.add_database(Xapian::Database(sources[i]));
		}
		cur = dest;
		all.compact(dest);
		xap__ok(err);
		return XAP_OK;
	} catch (...) {
		return xap__status_from_exception(err, cur);
	}
}

xap_status xap_check(const char *path, unsigned long *problems,
		     xap_error *err)
{
	if (!path || !*path || !problems)
		return xap__fail(err, XAP_INVALID,
				 "xap_check: no path or no result");
	try {
		std::ostringstream out;
		size_t n = Xapian::Database::check(path, 0, &out);
		std::string first;
		std::istringstream lines(out.str());

		*problems = n;
		xap__ok(err);
		/* The report lists tables; keep the first line naming an error. */
		while (n && std::getline(lines, first))
			if (first.find("rror") != std::string::npos ||
			    first.find("orrupt") != std::string::npos)
				break;
		if (n && err)
			snprintf(err->msg, sizeof(err->msg), "%s", first.c_str());
		return XAP_OK;
	} catch (...) {
		return xap__status_from_exception(err, path);
	}
}

/* ---------------------------------------------------------------------- */
/* Read side                                                               */
/* ---------------------------------------------------------------------- */

struct xap_reader {
	Xapian::Database db;	/* all of subs, searched as one */
	std::vector<Xapian::Database> subs;
	std::vector<std::string> paths;

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

/*
 * Opens one index.  The indexer's rebuild replaces the stub file and
 * removes the database it named; if that happens between Xapian reading
 * the stub and opening the database, the stub now names the new one:
 * open again.
 */
static Xapian::Database open_database(const char *path)
{
	for (int attempt = 1;; attempt++) {
		try {
			return Xapian::Database(path);
		} catch (const Xapian::DatabaseError &) {
			if (attempt == XAP_OPEN_ATTEMPTS)
				throw;
		}
	}
}

xap_status xap_reader_open(const char *const *paths, size_t npaths,
			   xap_reader **out, xap_error *err)
{
	const char *cur = NULL;

	if (out)
		*out = NULL;
	if (!paths || npaths == 0 || !out)
		return xap__fail(err, XAP_INVALID,
				 "xap_reader_open: no paths or no handle");
	try {
		std::unique_ptr<xap_reader> r(new xap_reader);

		for (size_t i = 0; i < npaths; i++) {
			struct stat st;

			cur = paths[i];
			if (!cur || !*cur)
				return xap__fail(err, XAP_INVALID,
						 "xap_reader_open: empty path");
			/*
			 * Check first: Xapian's messages for a missing path
			 * differ by backend and say nothing useful.
			 */
			if (stat(cur, &st) != 0) {
				if (errno == ENOENT || errno == ENOTDIR)
					return xap__fail(err, XAP_NOT_FOUND,
							 "no index at '%s'",
							 cur);
				return xap__fail(err, XAP_IO,
						 "cannot access index '%s': %s",
						 cur, strerror(errno));
			}
			Xapian::Database one = open_database(cur);
			std::string schema = one.get_metadata(META_SCHEMA);

			if (one.get_doccount() > 0 &&
			    schema != META_SCHEMA_VERSION)
				return xap__fail(err, XAP_OLD_INDEX,
						 "index '%s' has layout %s, this searcher reads layout %s; rebuild it with 'indexer -d %s --full'",
						 cur, schema.empty() ? "1" : schema.c_str(),
						 META_SCHEMA_VERSION, cur);
			r->db.add_database(one);
			r->subs.push_back(one);
			r->paths.push_back(cur);
		}
		*out = r.release();
		xap__ok(err);
		return XAP_OK;
	} catch (...) {
		return xap__status_from_exception(err, cur);
	}
}

void xap_reader_close(xap_reader *r)
{
	if (!r)
		return;
	try {
		r->db.close();
	} catch (...) {
	}
	delete r;
}

xap_status xap_reader_get_metadata(xap_reader *r, const char *key,
				   char **value, size_t *len, xap_error *err)
{
	if (value)
		*value = NULL;
	if (!r || !value)
		return xap__fail(err, XAP_INVALID,
				 "xap_reader_get_metadata: no reader or value");
	if (!key_ok(key))
		return bad_key(err);
	try {
		/* A multi-database reads the first index's metadata. */
		xap_status st = copy_out(r->db.get_metadata(key), value, len,
					 err);

		if (st == XAP_OK)
			xap__ok(err);
		return st;
	} catch (...) {
		return xap__status_from_exception(err, r->subject());
	}
}

/*
 * file:VALUE: the file whose path is VALUE, and every file named VALUE,
 * as the metadata of each index lists them (META_NAME), as one filter on
 * their path terms.
 */
class file_field : public Xapian::FieldProcessor {
	const std::vector<Xapian::Database> &subs;

public:
	explicit file_field(const std::vector<Xapian::Database> &s) : subs(s) {}

	Xapian::Query operator()(const std::string &value)
	{
		char term[TERMS_MAX], key[TERMS_KEY_LEN + 1];
		std::set<std::string> terms;
		std::string prefix = std::string(META_NAME) +
			terms_file_key(key, value.c_str());

		terms.insert(terms_path(term, value.c_str()));
		for (const Xapian::Database &db : subs)
			for (Xapian::TermIterator it = db.metadata_keys_begin(prefix);
			     it != db.metadata_keys_end(prefix); ++it) {
				const std::string path = db.get_metadata(*it);

				/* Another name with the same key: not ours. */
				if (path.empty() ||
				    strcmp(terms_basename(path.c_str()),
					   value.c_str()) != 0)
					continue;
				terms.insert(terms_path(term, path.c_str()));
			}
		return Xapian::Query(Xapian::Query::OP_OR, terms.begin(),
				     terms.end());
	}
};

/* ext:VALUE, also ext:.TXT; lower-cased byte by byte as terms.c does. */
class ext_field : public Xapian::FieldProcessor {
public:
	Xapian::Query operator()(const std::string &value)
	{
		char term[TERMS_MAX];
		std::string ext(value, value.compare(0, 1, ".") == 0 ? 1 : 0);

		/* terms_extension() keeps at most TERMS_MAX - 1 bytes. */
		if (ext.size() > TERMS_MAX - 1)
			ext.resize(TERMS_MAX - 1);
		for (char &c : ext)
			c = (char)tolower((unsigned char)c);
		return Xapian::Query(terms_make(term, TERM_EXT, ext.c_str()));
	}
};

struct xap_hit_text {
	std::string path, text, snippet;
	std::vector<std::string> words, neighbour_texts;
	std::vector<xap_term_weight> terms;
	std::vector<xap_neighbour> neighbours;
	double expansion = 0;
};

struct xap_results {
	/* Filled completely before any xap_hit points into it. */
	std::vector<xap_hit_text> strings;
	std::vector<xap_hit> hits;
	unsigned long estimate;
	bool exact;
	std::string suggestion;
};

/*
 * The query as QueryParser gets it.  QueryParser leaves capitalised words
 * unstemmed (taking them for names), so "Movements" would miss
 * "movement"; lower-casing the words first makes every word stem, while
 * the operators AND, OR, NOT, XOR, NEAR and ADJ keep their upper case and
 * so their meaning, and file:/ext: values keep their exact spelling.  The
 * patterns of trailing-* wildcards are collected on the way, for the
 * snippet: Xapian does not list a wildcard's expansions among a
 * document's matching terms.
 */
static bool is_operator(const std::string &w)
{
	static const char *const ops[] = { "AND", "OR", "NOT", "XOR", "NEAR",
					   "ADJ" };

	for (const char *op : ops) {
		size_t n = strlen(op);

		if (w.compare(0, n, op) == 0 &&
		    (w.size() == n || (w[n] == '/' && w.size() > n + 1 &&
				       w.find_first_not_of("0123456789", n + 1) ==
					       std::string::npos)))
			return true;
	}
	return false;
}

static std::string lower(const std::string &s)
{
	std::string out;

	for (Xapian::Utf8Iterator it(s); it != Xapian::Utf8Iterator(); ++it)
		Xapian::Unicode::append_utf8(out, Xapian::Unicode::tolower(*it));
	return out;
}

/*
 * Rewrites query q word by word: a word is what lies between spaces,
 * brackets and quotes, and a field with a quoted value (file:"a name")
 * is one word.  fn(word) gives what replaces it; the rest is kept.
 */
template <typename F>
static std::string map_query_words(const std::string &q, F fn)
{
	static const char sep[] = " \t\n\r\f\v()\"";
	std::string out;
	size_t i = 0;

	while (i < q.size()) {
		if (strchr(sep, q[i])) {
			out += q[i++];
			continue;
		}
		size_t j = q.find_first_of(sep, i);

		if (j == std::string::npos)
			j = q.size();
		if (q[j - 1] == ':' && j < q.size() && q[j] == '"') {
			size_t k = q.find('"', j + 1);

			j = k == std::string::npos ? q.size() : k + 1;
		}
		out += fn(q.substr(i, j - i));
		i = j;
	}
	return out;
}

static std::string prepare_query(const std::string &q,
				 std::vector<std::string> &wildcards,
				 Xapian::Stem &stem)
{
	auto prepare_word = [&](const std::string &w) -> std::string {
		if (is_operator(w) || w.compare(0, 5, "file:") == 0 ||
		    w.compare(0, 4, "ext:") == 0)
			return w;
		std::string l = fold(w);
		size_t b = l.find_first_not_of("+-");

		if (l.size() < 2 || l.back() != '*' || b == std::string::npos ||
		    b >= l.size() - 1)
			return l;
		std::string p = l.substr(b, l.size() - 1 - b);
		/* The index holds stems: "missiles*" must look for "missil*". */
		std::string s = stem(p);
		size_t n = 0;

		while (n < p.size() && n < s.size() && p[n] == s[n])
			n++;
		if (n > 0 && n < p.size()) {
			wildcards.push_back(p);
			p.resize(n);
			l = l.substr(0, b) + p + "*";
		}
		wildcards.push_back(p);
		return l;
	};

	return map_query_words(q, prepare_word);
}

static bool valid_utf8(const std::string &s)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s.data();
	utf8proc_ssize_t left = (utf8proc_ssize_t)s.size();
	utf8proc_int32_t cp;

	while (left > 0) {
		utf8proc_ssize_t n = utf8proc_iterate(p, left, &cp);

		if (n <= 0)
			return false;
		p += n;
		left -= n;
	}
	return true;
}

/*
 * The query with each word the index does not hold replaced by the
 * spelling table's suggestion, or "" when there is none.  (QueryParser's
 * own correction looks up the word as written, which an index of stems
 * mostly lacks: it would look for a correction of nearly every word.)
 * Operators, filters, wildcards and +/- marks are kept; a query that is
 * not valid UTF-8 gets none, since it would be echoed to the user.
 */
static std::string correct_query(const std::string &q,
				 const Xapian::Database &db, Xapian::Stem &stem)
{
	bool changed = false;

	if (!valid_utf8(q))
		return std::string();
	auto fix_word = [&](const std::string &w) -> std::string {
		size_t b = w.find_first_not_of("+-");

		if (b == std::string::npos || is_operator(w) ||
		    w.find(':') != std::string::npos || w.back() == '*' ||
		    db.term_exists(stem(w.substr(b))))
			return w;
		std::string fix = db.get_spelling_suggestion(w.substr(b));

		if (fix.empty())
			return w;
		changed = true;
		return w.substr(0, b) + fix;
	};
	std::string out = map_query_words(q, fix_word);

	return changed ? out : std::string();
}

/* What the snippet's matcher needs to know. */
struct matcher {
	std::map<std::string, unsigned> terms;	/* query term -> id */
	/*
	 * First bytes of the terms and wildcards: the stemmers cut and change
	 * ends of words, never the first letter, so an ASCII word starting
	 * otherwise is no match and need not be stemmed.
	 */
	bool first[256] = { false };
	const std::vector<std::string> *wildcards;
	Xapian::Stem *stem;	/* the index's word_stemmer */
};

/*
 * snippet_match_fn: the word's term (its folded stem), its folded form
 * (CJK n-grams) or a wildcard prefix among the query terms the passage
 * matched.  Called from C, so nothing may escape.
 */
static unsigned match_word(const char *word, size_t n, void *ctx)
{
	try {
		const matcher *m = static_cast<const matcher *>(ctx);
		std::string l(word, n);
		bool ascii = is_ascii(l);

		if (ascii && !m->first[(unsigned char)tolower((unsigned char)word[0])])
			return 0;
		/* Most words are ASCII: no Unicode tables, no folding. */
		if (ascii)
			for (char &c : l)
				c = (char)tolower((unsigned char)c);
		else
			l = lower(l);
		auto it = m->terms.find((*m->stem)(l));

		if (it != m->terms.end())
			return it->second;
		if (!ascii) {
			l = fold(l);
			it = m->terms.find(l);
			if (it != m->terms.end())
				return it->second;
		}
		for (size_t i = 0; i < m->wildcards->size(); i++)
			if (l.compare(0, (*m->wildcards)[i].size(),
				      (*m->wildcards)[i]) == 0)
				return (unsigned)(m->terms.size() + 1 + i);
	} catch (...) {
	}
	return 0;
}

/*
 * The terms of the user's query, for the snippets: a word of a passage
 * whose term is one of them is a term the passage holds, so there is no
 * need to read each passage's term list for its matching terms.
 */
static void set_query_terms(matcher &m, const Xapian::Query &query)
{
	for (Xapian::TermIterator t = query.get_unique_terms_begin();
	     t != query.get_unique_terms_end(); ++t) {
		m.terms.emplace(*t, (unsigned)m.terms.size() + 1);
		if (!(*t).empty())
			m.first[(unsigned char)(*t)[0]] = true;
	}
	for (const std::string &w : *m.wildcards)
		if (!w.empty())
			m.first[(unsigned char)w[0]] = true;
}

static std::string make_snippet(const matcher &m, const std::string &text,
				size_t len)
{
	char *sn = snippet_make(text.data(), text.size(), len, match_word,
				(void *)&m);

	if (!sn)
		throw std::bad_alloc();
	std::string out(sn);

	free(sn);
	return out;
}

/* Whether the space-separated list 'words' holds 'word'. */
static bool has_word(const std::string &words, const char *word)
{
	std::string padded = " " + words + " ";

	return padded.find(" " + std::string(word) + " ") != std::string::npos;
}

/* The passage of 'path' with this ordinal, if the index holds it. */
static bool add_neighbour(const Xapian::Database &db, const std::string &path,
			  unsigned ordinal, xap_hit_text &t)
{
	char id[TERMS_MAX];

	terms_passage_id(id, path.c_str(), ordinal);
	Xapian::PostingIterator p = db.postlist_begin(id);

	if (p == db.postlist_end(id))
		return false;
	passage_data d = parse_data(db.get_document(*p).get_data());
	xap_neighbour nb;

	nb.passage = ordinal;
	nb.line = d.line;
	nb.end_line = d.end_line;
	nb.text = NULL;
	t.neighbours.push_back(nb);
	t.neighbour_texts.push_back(std::move(d.text));
	return true;
}

/*
 * Up to n passages of 'path' before 'ordinal' and n after, in order,
 * found by their unique-id terms.  A file's ordinals run from 1 without
 * gaps, so the walk stops at the first one missing: a large n costs no
 * more than the file's passages.
 */
static void fetch_neighbours(const Xapian::Database &db,
			     const std::string &path,
			     unsigned ordinal, unsigned n, xap_hit_text &t)
{
	unsigned k;

	for (k = 1; k <= n && k < ordinal; k++)
		if (!add_neighbour(db, path, ordinal - k, t))
			break;
	std::reverse(t.neighbours.begin(), t.neighbours.end());
	std::reverse(t.neighbour_texts.begin(), t.neighbour_texts.end());
	for (k = 1; k <= n && ordinal + k > ordinal; k++)
		if (!add_neighbour(db, path, ordinal + k, t))
			break;
}

/* The weight query q alone gives passage did (found by its id term). */
static double weight_alone(Xapian::Enquire &enquire, Xapian::docid did,
			   const Xapian::Query &q, const std::string &idterm)
{
	enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, q,
					Xapian::Query(idterm)));
	Xapian::MSet m = enquire.get_mset(0, 100);

	for (Xapian::MSetIterator it = m.begin(); it != m.end(); ++it)
		if (*it == did)
			return it.get_weight();
	return 0;
}

/*
 * What each term adds to a hit's score: the hit is searched again for the
 * term alone (filtered to its own passage, so the weight is BM25's for
 * that term and that passage, with the index-wide statistics unchanged).
 * For queries of plain words the weights add up to the score; the terms
 * of a wildcard or a phrase count separately, while the score weighs a
 * wildcard's expansions as one.  Reuses 'enquire' for its weighting
 * scheme, so call it only when its query is no longer needed.
 */
static void explain_hit(Xapian::Enquire &enquire, Xapian::docid did,
			const std::string &idterm,
			const std::vector<std::string> &terms,
			const Xapian::Query &extra, bool stemmed,
			xap_hit_text &t)
{
	std::vector<std::pair<double, size_t> > order;
	std::vector<std::string> words;
	std::vector<xap_term_weight> weights;

	for (size_t i = 0; i < terms.size(); i++)
		order.push_back(std::make_pair(
			-weight_alone(enquire, did, Xapian::Query(terms[i]), idterm),
			i));
	/* The expansion terms' share, as one figure: they are not the user's. */
	t.expansion = extra.empty() ? 0 :
		weight_alone(enquire, did, extra, idterm);
	std::stable_sort(order.begin(), order.end());
	for (const auto &o : order) {
		const std::string &term = terms[o.second];
		xap_term_weight tw;

		/* Word terms are stems (word_stemmer); wildcards' too. */
		tw.stemmed = stemmed;
		tw.weight = -o.first;
		tw.word = NULL;
		t.words.push_back(term);
		t.terms.push_back(tw);
	}
}

/*
 * The query's terms that a hit holds: Xapian's matching terms, plus the
 * words of the passage a wildcard expanded to, which it does not list.
 */
static std::vector<std::string>
hit_terms(const Xapian::Enquire &enquire, const Xapian::MSetIterator &hit,
	  const Xapian::Document &doc,
	  const std::vector<std::string> &wildcards)
{
	std::vector<std::string> terms;

	/* Filters' terms (file:, ext:) are prefixed, in upper case. */
	for (Xapian::TermIterator t = enquire.get_matching_terms_begin(hit);
	     t != enquire.get_matching_terms_end(hit); ++t)
		if (!(*t).empty() && !((*t)[0] >= 'A' && (*t)[0] <= 'Z'))
			terms.push_back(*t);
	for (const std::string &w : wildcards)
		for (Xapian::TermIterator t = doc.termlist_begin(); t != doc.termlist_end(); ++t)
			if ((*t).compare(0, w.size(), w) == 0 &&
			    std::find(terms.begin(), terms.end(), *t) == terms.end())
				terms.push_back(*t);
	return terms;
}

/* The ranking settings of a search: the caller's or the defaults. */
struct ranking {
	double k1, b;
	unsigned expand_docs, expand_terms;
	double expand_weight;
	bool stop;
};

static ranking ranking_of(const xap_search_opts *o, const char *lang)
{
	ranking k;
	bool bm25 = o->flags & XAP_SEARCH_BM25;
	bool expand = o->flags & XAP_SEARCH_EXPAND;

	k.k1 = bm25 ? o->bm25_k1 : XAP_BM25_K1;
	k.b = bm25 ? o->bm25_b : XAP_BM25_B;
	k.expand_docs = expand ? o->expand_docs : XAP_EXPAND_DOCS;
	k.expand_terms = expand ? o->expand_terms : XAP_EXPAND_TERMS;
	k.expand_weight = expand ? o->expand_weight : XAP_EXPAND_WEIGHT;
	/* The list is English: other languages keep every word. */
	k.stop = !(o->flags & XAP_SEARCH_KEEP_STOPWORDS) &&
		(!strcmp(lang, "english") || !strcmp(lang, "en"));
	return k;
}

/*
 * Expansion terms worth adding: words (their stems), not the ext: or id
 * terms (which start in upper case), and not stop words.
 */
class expand_decider : public Xapian::ExpandDecider {
	std::set<std::string> stopped;

public:
	/* When set, only these terms. */
	const std::set<std::string> *candidates = nullptr;

	expand_decider(Xapian::Stem &stem, bool stop)
	{
		if (!stop)
			return;
		for (size_t i = 0; i < stopwords_english_count; i++)
			stopped.insert(stem(stopwords_english[i]));
	}

	bool operator()(const std::string &term) const
	{
		return term.size() > 1 && !(term[0] >= 'A' && term[0] <= 'Z') &&
			!stopped.count(term) &&
			(!candidates || candidates->count(term));
	}
};

/*
 * The terms that two or more of the feedback passages hold (any term of
 * them, with fewer than three).  Xapian looks up the frequency of every
 * term the expand set considers, a B-tree search each: with the
 * candidates cut to these, a query on linuxdoc read a third fewer blocks,
 * and the terms chosen are nearly the same (a term of one feedback
 * passage alone seldom makes the set; eval.md).
 */
static std::set<std::string> shared_terms(const Xapian::Database &db,
					  const Xapian::MSet &top,
					  Xapian::doccount docs)
{
	std::map<std::string, unsigned> seen;
	std::set<std::string> out;
	Xapian::doccount n = std::min(docs, top.size()), i = 0;
	unsigned need = n >= 3 ? 2 : 1;

	for (Xapian::MSetIterator it = top.begin(); it != top.end() && i < n;
	     ++it, ++i)
		for (Xapian::TermIterator t = db.termlist_begin(*it);
		     t != db.termlist_end(*it); ++t)
			if (++seen[*t] == need)
				out.insert(*t);
	return out;
}

/*
 * Pseudo-relevance feedback: the best k.expand_docs passages of the
 * first ranking stand in for the relevant ones, and Xapian's expand set
 * picks the terms that best tell them apart from the rest.  Returns them
 * as one query, which the caller joins to the user's with OP_AND_MAYBE,
 * so they only rerank the passages the
 * user's query matches (all-words mode, filters and exclusions keep
 * their meaning; adding passages matched by expansion terms alone did
 * not help on the judged collections).  Their weights, scaled to the
 * expand set's, add up to k.expand_weight times the number of query
 * words, so they refine the user's words without outweighing them.
 * When the query matches no more passages than the feedback set, there
 * is nothing to tell apart: the result is an empty query.  'top' gets
 * the first ranking's best max(k.expand_docs, keep) passages.
 */
static Xapian::Query expand_query(const Xapian::Database &db,
				  Xapian::Enquire &enquire,
				  const Xapian::Query &query,
				  const ranking &k, Xapian::Stem &stem,
				  Xapian::doccount keep,
				  const Xapian::MatchDecider *check,
				  Xapian::MSet &top)
{
	Xapian::RSet rset;
	Xapian::doccount i = 0;

	top = enquire.get_mset(0, std::max(k.expand_docs, keep), 0, nullptr,
			       check);
	if (top.get_matches_lower_bound() <= k.expand_docs)
		return Xapian::Query();
	for (Xapian::MSetIterator it = top.begin();
	     it != top.end() && i < k.expand_docs; ++it, ++i)
		rset.add_document(*it);
	/* One decider: stemming the stop words is some 4% of a query. */
	expand_decider decider(stem, k.stop);
	double words = 0, total = 0;

	for (Xapian::TermIterator t = query.get_unique_terms_begin();
	     t != query.get_unique_terms_end(); ++t)
		words += decider(*t);
	std::set<std::string> candidates = shared_terms(db, top,
							k.expand_docs);

	decider.candidates = &candidates;
	Xapian::ESet eset = enquire.get_eset(k.expand_terms, rset, &decider);

	for (Xapian::ESetIterator it = eset.begin(); it != eset.end(); ++it)
		total += it.get_weight();
	if (words == 0 || !(total > 0))
		return Xapian::Query();
	std::vector<Xapian::Query> terms;

	for (Xapian::ESetIterator it = eset.begin(); it != eset.end(); ++it)
		terms.push_back(Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT,
					      Xapian::Query(*it),
					      k.expand_weight * words *
						      it.get_weight() / total));
	return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

/*
 * A fixed, sorted list of documents, as a filter: the passages that the
 * expanded query may reorder.
 */
class docid_list : public Xapian::PostingSource {
	std::vector<Xapian::docid> ids;
	size_t i = 0;
	bool started = false;

public:
	explicit docid_list(const std::vector<Xapian::docid> &v) : ids(v)
	{
		std::sort(ids.begin(), ids.end());
	}

	Xapian::doccount get_termfreq_min() const { return ids.size(); }
	Xapian::doccount get_termfreq_est() const { return ids.size(); }
	Xapian::doccount get_termfreq_max() const { return ids.size(); }

	void init(const Xapian::Database &)
	{
		i = 0;
		started = false;
	}

	void next(double)
	{
		if (started)
			i++;
		started = true;
	}

	void skip_to(Xapian::docid did, double)
	{
		started = true;
		while (i < ids.size() && ids[i] < did)
			i++;
	}

	bool at_end() const { return started && i >= ids.size(); }
	Xapian::docid get_docid() const { return ids[i]; }
	docid_list *clone() const { return new docid_list(ids); }
};

/*
 * Phrases and NEAR, checked against the passage itself.  The index holds
 * no positions (they were two fifths of its size and of the indexing
 * time), so Xapian matches a phrase or NEAR as if it were AND: a passage
 * holding all the words.  Each such passage that Xapian would rank comes
 * here; its stored text is tokenized again as the writer did, with
 * positions, into a one-passage database in memory, and the user's query
 * is run there: Xapian's own phrase and window rules decide, for the
 * whole query (a phrase under OR or NOT included).  Only passages
 * holding every word of a phrase get here, and only those that could
 * still enter the page: a rare phrase checks a few passages, one of
 * common words a few hundred.
 */
class phrase_check : public Xapian::MatchDecider {
	/*
	 * Stems as the query's stemmer does, except that an ASCII word
	 * whose first letter starts no query term (nor wildcard) cannot be
	 * one of them and becomes " ", which is no term: it still takes its
	 * position, for less than stemming it costs.
	 */
	class skipping_stemmer : public Xapian::StemImplementation {
		Xapian::Stem stem;
		bool first[256];

	public:
		skipping_stemmer(const Xapian::Stem &s,
				 const std::set<std::string> &terms,
				 const std::vector<std::string> &wildcards)
			: stem(s)
		{
			memset(first, 0, sizeof(first));
			for (const std::string &t : terms)
				if (!t.empty())
					first[(unsigned char)t[0]] = true;
			for (const std::string &w : wildcards)
				if (!w.empty())
					first[(unsigned char)w[0]] = true;
		}

		std::string operator()(const std::string &word)
		{
			if (!word.empty() && is_ascii(word) &&
			    !first[(unsigned char)word[0]])
				return " ";
			return stem(word);
		}

		std::string get_description() const
		{
			return "skipping_stemmer";
		}
	};

	Xapian::Query query;
	std::set<std::string> terms;
	std::vector<std::string> wildcards;
	mutable Xapian::TermGenerator tg;
	/* The second search (expansion) and counts ask again. */
	mutable std::unordered_map<Xapian::docid, bool> known;

	/* Whether 'term' is two or more CJK characters: an n-gram. */
	static bool cjk_pair(const std::string &term)
	{
		const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)term.data();
		utf8proc_ssize_t left = (utf8proc_ssize_t)term.size();
		utf8proc_int32_t cp;
		int n = 0;

		while (left > 0) {
			utf8proc_ssize_t k = utf8proc_iterate(p, left, &cp);

			if (k <= 0 || !fold_is_cjk(cp))
				return false;
			p += k;
			left -= k;
			n++;
		}
		return n > 1;
	}

	/*
	 * The positions of the CJK pairs in 'all', sorted.  TermGenerator
	 * numbers a CJK pair between its two characters (中 1, 中文 2, 文 3),
	 * while QueryParser makes "中文" the phrase 中 文, next to each
	 * other: the check numbers the characters without the pairs (so a
	 * quoted CJK phrase matches, which it never did with positions in
	 * the index).
	 */
	static std::vector<Xapian::termpos> cjk_pairs(const Xapian::Document &all,
						      const std::string &text)
	{
		std::vector<Xapian::termpos> out;

		if (is_ascii(text))
			return out;
		for (Xapian::TermIterator t = all.termlist_begin();
		     t != all.termlist_end(); ++t)
			if (cjk_pair(*t))
				for (Xapian::PositionIterator p = t.positionlist_begin();
				     p != t.positionlist_end(); ++p)
					out.push_back(*p);
		std::sort(out.begin(), out.end());
		return out;
	}

	/* A term of the query, or one its wildcards may expand to. */
	bool wanted(const std::string &term) const
	{
		if (terms.count(term))
			return true;
		for (const std::string &w : wildcards)
			if (term.compare(0, w.size(), w) == 0)
				return true;
		return false;
	}

public:
	phrase_check(const Xapian::Query &q, const std::vector<std::string> &w,
		     const Xapian::Stem &stem, bool cjk)
		: query(q), terms(q.get_unique_terms_begin(),
				  q.get_unique_terms_end()), wildcards(w)
	{
		/* As the writer's TermGenerator, positions aside. */
		tg.set_stemmer(Xapian::Stem(new skipping_stemmer(stem, terms,
								 wildcards)));
		tg.set_stemming_strategy(Xapian::TermGenerator::STEM_ALL);
		if (cjk)
			tg.set_flags(Xapian::TermGenerator::FLAG_CJK_NGRAM);
	}

	bool operator()(const Xapian::Document &doc) const
	{
		auto seen = known.find(doc.get_docid());

		if (seen != known.end())
			return seen->second;
		passage_data d = parse_data(doc.get_data());
		Xapian::Document all, few;

		tg.set_document(all);
		tg.index_text(d.text);
		std::vector<Xapian::termpos> pairs = cjk_pairs(all, d.text);

		/* Only the query's terms: the fewer, the cheaper to add. */
		for (Xapian::TermIterator t = all.termlist_begin();
		     t != all.termlist_end(); ++t) {
			if (!wanted(*t))
				continue;
			if (!pairs.empty() && cjk_pair(*t)) {
				few.add_term(*t);
				continue;
			}
			for (Xapian::PositionIterator p = t.positionlist_begin();
			     p != t.positionlist_end(); ++p)
				few.add_posting(*t, *p - (Xapian::termpos)
					(std::lower_bound(pairs.begin(), pairs.end(), *p) -
					 pairs.begin()));
		}
		add_passage_terms(few, d.path.c_str(), d.ordinal);

		Xapian::WritableDatabase one(std::string(),
					     Xapian::DB_BACKEND_INMEMORY);
		one.add_document(few);
		Xapian::Enquire enquire(one);

		enquire.set_query(query);
		enquire.set_weighting_scheme(Xapian::BoolWeight());
		bool match = !enquire.get_mset(0, 1).empty();

		known.emplace(doc.get_docid(), match);
		return match;
	}

	/* Whether 'q' has a phrase or NEAR anywhere: only then is one needed. */
	static bool needed(const Xapian::Query &q)
	{
		if (q.get_type() == Xapian::Query::OP_PHRASE ||
		    q.get_type() == Xapian::Query::OP_NEAR)
			return true;
		for (size_t i = 0; i < q.get_num_subqueries(); i++)
			if (needed(q.get_subquery(i)))
				return true;
		return false;
	}

	/*
	 * The query to run on the index, whose matches must include every
	 * passage 'q' matches, for the check to pick from.  Xapian takes a
	 * phrase for AND there, which matches more, except where it is
	 * excluded: "apple -"red apple"" would drop every passage with both
	 * words.  So a phrase under NOT (negated) is left out, which
	 * excludes less; XOR, which no side of keeps the set larger, becomes
	 * OR where it is wanted and nothing where it is excluded.
	 */
	static Xapian::Query relaxed(const Xapian::Query &q, bool negated)
	{
		Xapian::Query::op op = q.get_type();
		std::vector<Xapian::Query> sub;

		if (!needed(q))
			return q;
		switch (op) {
		case Xapian::Query::OP_PHRASE:
		case Xapian::Query::OP_NEAR:
			return negated ? Xapian::Query::MatchNothing : q;
		case Xapian::Query::OP_XOR:
			if (negated)
				return Xapian::Query::MatchNothing;
			op = Xapian::Query::OP_OR;
			break;
		case Xapian::Query::OP_AND:
		case Xapian::Query::OP_OR:
		case Xapian::Query::OP_AND_NOT:
		case Xapian::Query::OP_AND_MAYBE:
		case Xapian::Query::OP_FILTER:
		case Xapian::Query::OP_SYNONYM:
		case Xapian::Query::OP_MAX:
			break;
		default:
			/* Not made by QueryParser: a phrase stays AND. */
			return q;
		}
		for (size_t i = 0; i < q.get_num_subqueries(); i++)
			sub.push_back(relaxed(q.get_subquery(i),
					      op == Xapian::Query::OP_AND_NOT &&
					      i > 0 ? !negated : negated));
		return Xapian::Query(op, sub.begin(), sub.end());
	}
};

/* Matches a count visits at most when each is a phrase to check. */
#define XAP_PHRASE_COUNT 1000

/* Passages of the first ranking that the expanded query reorders (eval.md). */
#define XAP_RERANK 50

/* One attempt at a search; throws whatever Xapian throws. */
static xap_results *run_search(xap_reader *r, const xap_search_opts *o,
			       const Xapian::Stem &base, const ranking &k)
{
	unsigned qflags = Xapian::QueryParser::FLAG_DEFAULT |
		Xapian::QueryParser::FLAG_WILDCARD |
		Xapian::QueryParser::FLAG_PHRASE |
		Xapian::QueryParser::FLAG_BOOLEAN |
		Xapian::QueryParser::FLAG_LOVEHATE;
	/* Parse the way the index was built (see XAP_TOKENIZER). */
	const std::string tokenizer = r->db.get_metadata(META_TOKENIZER);
	Xapian::Stem stem(new word_stemmer(base, false));
	size_t snippet_len = o->snippet_len ? o->snippet_len :
		XAP_DEFAULT_SNIPPET;
	Xapian::QueryParser qp;
	Xapian::SimpleStopper stopper(stopwords_english,
				      stopwords_english + stopwords_english_count);

	qp.set_database(r->db);
	if (k.stop)
		qp.set_stopper(&stopper);
	qp.set_stemmer(stem);
	/* Every word, in phrases too, is its stem, as in the index. */
	qp.set_stemming_strategy(Xapian::QueryParser::STEM_ALL);
	qp.set_default_op((o->flags & XAP_SEARCH_ANY) ?
			  Xapian::Query::OP_OR : Xapian::Query::OP_AND);
	/* release(): the parser owns them and deletes them with itself. */
	qp.add_boolean_prefix("file", (new file_field(r->subs))->release());
	qp.add_boolean_prefix("ext", (new ext_field)->release());

	bool cjk = has_word(tokenizer, "cjk-ngram");

	if (cjk)
		qflags |= Xapian::QueryParser::FLAG_CJK_NGRAM;

	Xapian::Enquire enquire(r->db);

	std::vector<std::string> wildcards;
	std::string prepared = prepare_query(o->query, wildcards, stem);

	Xapian::Query query = qp.parse_query(prepared, qflags);
	/* What the index matches, phrases checked apart (phrase_check). */
	Xapian::Query matched = query;
	std::unique_ptr<phrase_check> check;

	if (phrase_check::needed(query)) {
		check.reset(new phrase_check(query, wildcards, stem, cjk));
		matched = phrase_check::relaxed(query, false);
	}
	enquire.set_query(matched);
	/* k2 = 0 and k3 = 1 as Xapian's defaults; min_normlen 0.5 too. */
	enquire.set_weighting_scheme(Xapian::BM25Weight(k.k1, 0, 1, k.b, 0.5));
	if (o->per_file)
		enquire.set_collapse_key(SLOT_FILE, o->per_file);

	Xapian::Query extra;
	Xapian::MSet first;
	/*
	 * The expanded query reorders the first ranking's best XAP_RERANK
	 * passages (or the page's, if more), not every passage the query
	 * matches: a common word matches thousands, and weighing the
	 * expansion terms for each of them was most of a query's time.
	 * Not when counting, nor per file (the "more" counts), nor over
	 * several indexes (document ids are per index there).
	 */
	bool rerank = !o->per_file && !(o->flags & XAP_SEARCH_EXACT) &&
		o->check_at_least == 0 && r->subs.size() == 1;
	Xapian::doccount keep = std::max<Xapian::doccount>(XAP_RERANK,
		o->offset + o->limit);

	if (k.expand_docs && k.expand_terms)
		extra = expand_query(r->db, enquire, query, k, stem,
				     rerank ? keep : 0, check.get(), first);
	if (!extra.empty()) {
		Xapian::Query left = matched;

		if (rerank && first.get_matches_lower_bound() > first.size()) {
			std::vector<Xapian::docid> ids;

			for (Xapian::MSetIterator it = first.begin();
			     it != first.end(); ++it)
				ids.push_back(*it);
			left = Xapian::Query(Xapian::Query::OP_FILTER, matched,
				Xapian::Query((new docid_list(ids))->release()));
		} else {
			rerank = false;
		}
		enquire.set_query(Xapian::Query(Xapian::Query::OP_AND_MAYBE,
						left, extra));
	} else {
		rerank = false;
	}

	Xapian::doccount at_least = (o->flags & XAP_SEARCH_EXACT) ?
		r->db.get_doccount() : o->check_at_least;

	Xapian::doccount items = o->limit;

	/*
	 * Each match of a phrase is checked: a count visits fewer.  And
	 * with a decider, Xapian checks every match when asked for none
	 * (a count): asked for as many as it counts, it stops once the
	 * rest cannot outrank them.
	 */
	if (check && !(o->flags & XAP_SEARCH_EXACT)) {
		at_least = std::min<Xapian::doccount>(at_least,
						      XAP_PHRASE_COUNT);
		items = std::max(items, at_least);
	}
	Xapian::MSet mset = enquire.get_mset(o->offset, items, at_least,
					     nullptr, check.get());
	/* The counts are the first ranking's: the same passages match. */
	const Xapian::MSet &counts = rerank ? first : mset;

	std::unique_ptr<xap_results> res(new xap_results);
	std::vector<std::vector<std::string> > explain_terms;
	std::vector<Xapian::docid> docids;

	res->estimate = counts.get_matches_estimated();
	res->exact = counts.get_matches_lower_bound() ==
		counts.get_matches_upper_bound();
	if (o->per_file && (o->flags & XAP_SEARCH_EXACT)) {
		/*
		 * With a collapse key Xapian's bounds stay estimates even
		 * when every match was visited: count what is kept.
		 */
		enquire.set_query(matched);
		res->estimate = enquire.get_mset(0, r->db.get_doccount(), 0,
						 nullptr, check.get()).size();
		res->exact = true;
	}
	/*
	 * Snippets highlight the user's words, not the expansion terms:
	 * get_matching_terms() lists the terms of the current query.
	 */
	enquire.set_query(query);
	res->strings.reserve(mset.size());
	res->hits.reserve(mset.size());
	matcher snippets;

	snippets.wildcards = &wildcards;
	snippets.stem = &stem;
	set_query_terms(snippets, query);
	for (Xapian::MSetIterator it = mset.begin();
	     it != mset.end() && res->hits.size() < o->limit; ++it) {
		Xapian::Document doc = it.get_document();
		int pct = it.get_percent();
		xap_hit_text t;
		xap_hit h;

		const Xapian::Database &sub = r->sub_of(*it);
		passage_data d = parse_data(doc.get_data());

		t.path = d.path;
		t.text = std::move(d.text);
		t.snippet = make_snippet(snippets, t.text, snippet_len);
		if (o->context)
			fetch_neighbours(sub, t.path, d.ordinal, o->context, t);
		if (o->flags & XAP_SEARCH_EXPLAIN) {
			explain_terms.push_back(hit_terms(enquire, it, doc,
							  wildcards));
			docids.push_back(*it);
		}
		res->strings.push_back(std::move(t));

		memset(&h, 0, sizeof(h));
		h.rank = o->offset + (unsigned)res->hits.size() + 1;
		h.score = it.get_weight();
		h.percent = pct < 0 ? 0 : pct > 100 ? 100 : pct;
		h.passage = d.ordinal;
		h.line = d.line;
		h.end_line = d.end_line;
		h.more = o->per_file ? it.get_collapse_count() : 0;
		res->hits.push_back(h);
	}
	/* The snippets are made: the query may change now. */
	for (size_t i = 0; i < explain_terms.size(); i++) {
		char id[TERMS_MAX];

		terms_passage_id(id, res->strings[i].path.c_str(),
				 res->hits[i].passage);
		explain_hit(enquire, docids[i], id, explain_terms[i], extra,
			    !base.is_none(), res->strings[i]);
	}
	/*
	 * Offer a correction only when the query found less than a page
	 * (of 10 when only counting: a query with plenty of results was
	 * meant as typed, even if a word of it is rare) and the correction
	 * finds more.
	 */
	if (counts.get_matches_estimated() <
	    (Xapian::doccount)o->offset + (o->limit ? o->limit : 10)) {
		std::string corrected = correct_query(prepared, r->db, stem);
		Xapian::Enquire again(r->db);
		std::unique_ptr<phrase_check> check_again;

		if (corrected.empty())
			goto corrected;
		Xapian::Query fixed = qp.parse_query(corrected, qflags);

		again.set_query(fixed);
		if (phrase_check::needed(fixed)) {
			check_again.reset(new phrase_check(fixed, wildcards,
							   stem, cjk));
			again.set_query(phrase_check::relaxed(fixed, false));
		}
		if (again.get_mset(0, 0, o->offset + o->limit + 1, nullptr,
				   check_again.get())
			    .get_matches_lower_bound() >
		    counts.get_matches_upper_bound())
			res->suggestion = corrected;
	}
corrected:
	/* Only now that 'strings' no longer grows can pointers go into it. */
	for (size_t i = 0; i < res->hits.size(); i++) {
		xap_hit_text &t = res->strings[i];

		res->hits[i].path = t.path.c_str();
		res->hits[i].text = t.text.c_str();
		res->hits[i].snippet = t.snippet.c_str();
		for (size_t j = 0; j < t.terms.size(); j++)
			t.terms[j].word = t.words[j].c_str();
		for (size_t j = 0; j < t.neighbours.size(); j++)
			t.neighbours[j].text = t.neighbour_texts[j].c_str();
		res->hits[i].terms = t.terms.empty() ? NULL : t.terms.data();
		res->hits[i].nterms = t.terms.size();
		res->hits[i].expansion = t.expansion;
		res->hits[i].neighbours = t.neighbours.empty() ? NULL :
			t.neighbours.data();
		res->hits[i].nneighbours = t.neighbours.size();
	}
	return res.release();
}

static bool blank(const char *s)
{
	for (; *s; s++)
		if (!isspace((unsigned char)*s))
			return false;
	return true;
}

xap_status xap_search(xap_reader *r, const xap_search_opts *opts,
		      xap_results **out, xap_error *err)
{
	if (out)
		*out = NULL;
	if (!r || !opts || !opts->query || !out)
		return xap__fail(err, XAP_INVALID,
				 "xap_search: no reader, query or result");
	if (blank(opts->query))
		return xap__fail(err, XAP_BAD_QUERY, "empty query");
	try {
		const char *lang = opts->lang ? opts->lang : XAP_DEFAULT_LANG;
		ranking k = ranking_of(opts, lang);
		Xapian::Stem stem;

		if (!make_stem(lang, stem))
			return xap__fail(err, XAP_INVALID,
					 "unknown language '%s'", lang);
		if (!(k.k1 >= 0 && k.b >= 0 && k.b <= 1))
			return xap__fail(err, XAP_INVALID,
					 "BM25 needs k1 >= 0 and 0 <= b <= 1");
		if (k.expand_docs && !(k.expand_weight > 0))
			return xap__fail(err, XAP_INVALID,
					 "the expansion weight must be above 0");
		for (int attempt = 1;; attempt++) {
			try {
				*out = run_search(r, opts, stem, k);
				break;
			} catch (const Xapian::DatabaseModifiedError &) {
				/* A writer recycled our revision: catch up. */
				if (attempt == XAP_SEARCH_ATTEMPTS)
					throw;
				r->db.reopen();
			}
		}
		xap__ok(err);
		return XAP_OK;
	} catch (...) {
		return xap__status_from_exception(err, r->subject());
	}
}

size_t xap_results_count(const xap_results *res)
{
	return res ? res->hits.size() : 0;
}

unsigned long xap_results_estimate(const xap_results *res, int *exact)
{
	if (exact)
		*exact = res ? res->exact : 1;
	return res ? res->estimate : 0;
}

const xap_hit *xap_results_hit(const xap_results *res, size_t i)
{
	if (!res || i >= res->hits.size())
		return NULL;
	return &res->hits[i];
}

const char *xap_results_suggestion(const xap_results *res)
{
	return res && !res->suggestion.empty() ? res->suggestion.c_str() :
		NULL;
}

void xap_results_free(xap_results *res)
{
	delete res;
}
