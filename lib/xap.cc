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
#include "snippet.h"
#include "terms.h"

#include <xapian.h>

#include <cctype>
#include <cerrno>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <new>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <sys/stat.h>

/* How often xap_search() reopens and retries after DatabaseModifiedError. */
#define XAP_SEARCH_ATTEMPTS 5
/* How often xap_reader_open() tries an index that a rebuild swaps. */
#define XAP_OPEN_ATTEMPTS 3
#define XAP_DEFAULT_LANG "english"
#define XAP_DEFAULT_SNIPPET 200

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

/* ---------------------------------------------------------------------- */
/* Write side                                                              */
/* ---------------------------------------------------------------------- */

struct xap_writer {
	Xapian::WritableDatabase db;
	Xapian::TermGenerator tg;
	Xapian::Stem stem;
	std::string path;
	bool in_batch;

	xap_writer(const char *p, int action)
		: db(p, action), stem(XAP_DEFAULT_LANG), path(p),
		  in_batch(false)
	{
		tg.set_stemmer(stem);
		/*
		 * Unstemmed terms with positions (phrases, NEAR), plus a
		 * stemmed Z term for every word.
		 */
		tg.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
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
		w->stem = stem;
		w->tg.set_stemmer(stem);
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
		xap__ok(err);
		return XAP_OK;
	} catch (...) {
		return xap__status_from_exception(err, w->path.c_str());
	}
}

xap_status xap_writer_commit(xap_writer *w, xap_error *err)
{
	if (!w)
		return xap__fail(err, XAP_INVALID,
				 "xap_writer_commit: no writer");
	if (!w->in_batch)
		return xap__fail(err, XAP_INVALID,
				 "no batch open on index '%s' to commit",
				 w->path.c_str());
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
		char id[TERMS_MAX], term[TERMS_MAX], ext[TERMS_MAX];
		std::string text(p->text, p->text_len);
		Xapian::Document doc;

		/*
		 * 0x01 and 0x02 mark highlights in snippets and NUL would cut
		 * the stored text short for C: none may appear in the text.
		 */
		for (char &c : text)
			if (c == XAP_HI_START || c == XAP_HI_END || c == '\0')
				c = ' ';
		w->tg.set_document(doc);
		w->tg.index_text(text);

		terms_passage_id(id, p->path, p->ordinal);
		doc.add_boolean_term(id);
		doc.add_boolean_term(terms_make(term, TERM_PATH, p->path));
		doc.add_boolean_term(terms_make(term, TERM_FILE, p->path));
		doc.add_boolean_term(terms_make(term, TERM_FILE,
						terms_basename(p->path)));
		if (*terms_extension(ext, sizeof(ext), p->path))
			doc.add_boolean_term(terms_make(term, TERM_EXT, ext));

		doc.add_value(SLOT_PATH, p->path);
		doc.add_value(SLOT_ORDINAL,
			      Xapian::sortable_serialise(p->ordinal));
		doc.add_value(SLOT_LINE, Xapian::sortable_serialise(p->line));
		doc.add_value(SLOT_END_LINE,
			      Xapian::sortable_serialise(p->end_line));
		doc.set_data(text);

		w->db.replace_document(id, doc);
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

		/* The exact-path term: "b.txt" must not hit "dir/b.txt". */
		w->db.delete_document(terms_make(term, TERM_PATH, path));
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
	Xapian::Database db;
	std::vector<std::string> paths;

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
			r->db.add_database(open_database(cur));
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
 * file:VALUE.  Named like the index does it, so the whole path and the
 * bare file name both match and a long value is hashed the same way.
 */
class file_field : public Xapian::FieldProcessor {
public:
	Xapian::Query operator()(const std::string &value)
	{
		char term[TERMS_MAX];

		terms_make(term, TERM_FILE, value.c_str());
		return Xapian::Query(term);
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
};

struct xap_results {
	/* Filled completely before any xap_hit points into it. */
	std::vector<xap_hit_text> strings;
	std::vector<xap_hit> hits;
	unsigned long estimate;
	bool exact;
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

static std::string prepare_query(const std::string &q,
				 std::vector<std::string> &wildcards)
{
	std::string out;
	size_t i = 0;

	while (i < q.size()) {
		/* A "word" here is what lies between spaces, brackets and quotes. */
		if (strchr(" \t\n\r\f\v()\"", q[i])) {
			out += q[i++];
			continue;
		}
		size_t j = q.find_first_of(" \t\n\r\f\v()\"", i);

		if (j == std::string::npos)
			j = q.size();
		std::string w = q.substr(i, j - i);

		if (is_operator(w)) {
			out += w;
		} else if (w.compare(0, 5, "file:") == 0 ||
			   w.compare(0, 4, "ext:") == 0) {
			out += w;
			/* file:"a name with spaces" keeps its quoted value too. */
			if (w.back() == ':' && j < q.size() && q[j] == '"') {
				size_t k = q.find('"', j + 1);

				k = k == std::string::npos ? q.size() : k + 1;
				out.append(q, j, k - j);
				j = k;
			}
		} else {
			std::string l = lower(w);

			if (l.size() > 1 && l.back() == '*') {
				size_t b = l.find_first_not_of("+-");

				if (b != std::string::npos && b < l.size() - 1)
					wildcards.push_back(
						l.substr(b, l.size() - 1 - b));
			}
			out += l;
		}
		i = j;
	}
	return out;
}

/* What the snippet's matcher needs to know about one hit. */
struct matcher {
	std::map<std::string, unsigned> terms;	/* matching term -> id */
	const std::vector<std::string> *wildcards;
	const Xapian::Stem *stem;
};

/*
 * snippet_match_fn: the word's lower-case form, its stem, or a wildcard
 * prefix among the query terms the passage matched.  Called from C, so
 * nothing may escape.
 */
static unsigned match_word(const char *word, size_t n, void *ctx)
{
	try {
		const matcher *m = static_cast<const matcher *>(ctx);
		std::string l = lower(std::string(word, n));
		auto it = m->terms.find(l);

		if (it != m->terms.end())
			return it->second;
		it = m->terms.find("Z" + (*m->stem)(l));
		if (it != m->terms.end())
			return it->second;
		for (size_t i = 0; i < m->wildcards->size(); i++)
			if (l.compare(0, (*m->wildcards)[i].size(),
				      (*m->wildcards)[i]) == 0)
				return (unsigned)(m->terms.size() + 1 + i);
	} catch (...) {
	}
	return 0;
}

static std::string make_snippet(const Xapian::Enquire &enquire,
				const Xapian::MSetIterator &hit,
				const std::string &text, size_t len,
				const std::vector<std::string> &wildcards,
				const Xapian::Stem &stem)
{
	matcher m;

	m.wildcards = &wildcards;
	m.stem = &stem;
	for (Xapian::TermIterator t = enquire.get_matching_terms_begin(hit);
	     t != enquire.get_matching_terms_end(hit); ++t)
		m.terms.emplace(*t, (unsigned)m.terms.size() + 1);
	char *sn = snippet_make(text.data(), text.size(), len, match_word, &m);

	if (!sn)
		throw std::bad_alloc();
	std::string out(sn);

	free(sn);
	return out;
}

static unsigned slot_number(const Xapian::Document &doc, unsigned slot)
{
	std::string v = doc.get_value(slot);

	return v.empty() ? 0 : (unsigned)Xapian::sortable_unserialise(v);
}

/* One attempt at a search; throws whatever Xapian throws. */
static xap_results *run_search(xap_reader *r, const xap_search_opts *o,
			       const Xapian::Stem &stem)
{
	const unsigned qflags = Xapian::QueryParser::FLAG_DEFAULT |
		Xapian::QueryParser::FLAG_WILDCARD |
		Xapian::QueryParser::FLAG_PHRASE |
		Xapian::QueryParser::FLAG_BOOLEAN |
		Xapian::QueryParser::FLAG_LOVEHATE;
	size_t snippet_len = o->snippet_len ? o->snippet_len :
		XAP_DEFAULT_SNIPPET;
	Xapian::QueryParser qp;

	qp.set_database(r->db);
	qp.set_stemmer(stem);
	/* Words are stemmed, phrases match words as written (prepare_query). */
	qp.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
	qp.set_default_op((o->flags & XAP_SEARCH_ANY) ?
			  Xapian::Query::OP_OR : Xapian::Query::OP_AND);
	/* release(): the parser owns them and deletes them with itself. */
	qp.add_boolean_prefix("file", (new file_field)->release());
	qp.add_boolean_prefix("ext", (new ext_field)->release());

	Xapian::Enquire enquire(r->db);

	std::vector<std::string> wildcards;

	enquire.set_query(qp.parse_query(prepare_query(o->query, wildcards),
					 qflags));
	enquire.set_weighting_scheme(Xapian::BM25Weight());

	Xapian::MSet mset = enquire.get_mset(o->offset, o->limit);
	std::unique_ptr<xap_results> res(new xap_results);

	res->estimate = mset.get_matches_estimated();
	res->exact = mset.get_matches_lower_bound() ==
		mset.get_matches_upper_bound();
	res->strings.reserve(mset.size());
	res->hits.reserve(mset.size());
	for (Xapian::MSetIterator it = mset.begin(); it != mset.end(); ++it) {
		Xapian::Document doc = it.get_document();
		int pct = it.get_percent();
		xap_hit_text t;
		xap_hit h;

		t.path = doc.get_value(SLOT_PATH);
		t.text = doc.get_data();
		t.snippet = make_snippet(enquire, it, t.text, snippet_len,
					 wildcards, stem);
		res->strings.push_back(std::move(t));

		memset(&h, 0, sizeof(h));
		h.rank = o->offset + (unsigned)res->hits.size() + 1;
		h.score = it.get_weight();
		h.percent = pct < 0 ? 0 : pct > 100 ? 100 : pct;
		h.passage = slot_number(doc, SLOT_ORDINAL);
		h.line = slot_number(doc, SLOT_LINE);
		h.end_line = slot_number(doc, SLOT_END_LINE);
		res->hits.push_back(h);
	}
	/* Only now that 'strings' no longer grows can pointers go into it. */
	for (size_t i = 0; i < res->hits.size(); i++) {
		res->hits[i].path = res->strings[i].path.c_str();
		res->hits[i].text = res->strings[i].text.c_str();
		res->hits[i].snippet = res->strings[i].snippet.c_str();
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
		Xapian::Stem stem;

		if (!make_stem(lang, stem))
			return xap__fail(err, XAP_INVALID,
					 "unknown language '%s'", lang);
		for (int attempt = 1;; attempt++) {
			try {
				*out = run_search(r, opts, stem);
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

void xap_results_free(xap_results *res)
{
	delete res;
}
