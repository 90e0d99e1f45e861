/*
 * xap_writer.cc - the write side of the binding (xap.h): a writer, its
 * batches, and the passages, files and metadata it writes.  How a passage
 * is stored is docmodel.h's; how its words become terms, word_stemmer's.
 */
#include "xap_internal.hh"

#include <cctype>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <mutex>
#include <new>
#include <utility>

#include "docmodel.h"
#include "ident.h"

/*
 * Documents Xapian holds in memory before writing them to its tables
 * (XAPIAN_FLUSH_THRESHOLD).  Its default, 10,000, was slower on Linux's
 * Documentation/ and held three times the memory: smaller flushes stay in
 * the CPU caches.  A value in the environment wins.
 */
#define XAP_FLUSH_THRESHOLD "2000"

void xap__add_passage_terms(Xapian::Document &doc, const char *path,
			    unsigned ordinal)
{
	char term[DM_NAME_MAX];

	doc.add_boolean_term(docmodel_passage_id(term, path, ordinal));
	doc.add_boolean_term(docmodel_path_term(term, path));
	if (*docmodel_ext_term(term, path))
		doc.add_boolean_term(term);
}

/*
 * The file's path under the key of its name, for file:NAME, since
 * passages carry only the path's key in terms (docmodel.h); "" removes it.
 */
static void set_names(Xapian::WritableDatabase &db, const char *path,
		      const std::string &value)
{
	char key[DM_NAME_MAX];

	db.set_metadata(docmodel_name_key(key, path), value);
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

xap_writer::xap_writer(const char *p, int action)
	: flush(flush_threshold()), db(p, action), words(NULL), spelling(NULL),
	  path(p), in_batch(false), puts(0)
{
	set_stemmer(Xapian::Stem(XAP_DEFAULT_LANG));
	/* Stems only (word_stemmer); phrases: see search_phrase.cc. */
	tg.set_stemming_strategy(Xapian::TermGenerator::STEM_ALL);
	/* Keep in step with DOCMODEL_TOKENIZER. */
	tg.set_flags(Xapian::TermGenerator::FLAG_CJK_NGRAM);
}

void xap_writer::set_stemmer(const Xapian::Stem &base)
{
	if (words)
		words->flush_spelling(db, spelling);
	words = new word_stemmer(base, true);
	tg.set_stemmer(Xapian::Stem(words));
}

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

		if (!xap__make_stem(lang, stem))
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
		if (tok != DOCMODEL_TOKENIZER && (!tok.empty() || whole))
			w->db.set_metadata(META_TOKENIZER, DOCMODEL_TOKENIZER);
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

/* Where the parts of identifiers go: the document, under a prefix. */
struct parts_sink {
	Xapian::Document *doc;
	word_stemmer *words;
	const char *prefix;
};

static int add_part(const char *part, size_t n, void *ctx)
{
	parts_sink *sink = static_cast<parts_sink *>(ctx);
	std::string word(part, n);

	for (char &c : word)
		c = (char)tolower((unsigned char)c);
	sink->doc->add_term(sink->prefix + (*sink->words)(word));
	return 0;
}

/*
 * Indexes text[0..len) under 'prefix' (none: "") with the parts of its
 * identifiers (ident.h) as words too.
 */
static void index_words(xap_writer *w, Xapian::Document &doc,
			const char *text, size_t len, const char *prefix)
{
	parts_sink sink = { &doc, w->words, prefix };

	w->tg.index_text_without_positions(Xapian::Utf8Iterator(text, len), 1,
					   prefix);
	ident_each_part(text, len, add_part, &sink);
}

/* The passage's words, and those of its file's name and title (fields). */
static void index_passage(xap_writer *w, Xapian::Document &doc,
			  const xap_passage *p, const std::string &data,
			  size_t start)
{
	char names[DM_NAME_MAX];

	w->tg.set_document(doc);
	index_words(w, doc, data.data() + start, data.size() - start, "");
	docmodel_name_words(names, p->path);
	index_words(w, doc, names, strlen(names), TERM_NAME);
	if (p->title && p->title_len)
		index_words(w, doc, p->title, p->title_len, TERM_TITLE);
}

/* What the passage's document stores (docmodel.h). */
static std::string stored_data(const xap_passage *p)
{
	struct docmodel_passage dp;
	size_t len;
	char *enc;

	memset(&dp, 0, sizeof(dp));
	dp.ordinal = p->ordinal;
	dp.line = p->line;
	dp.end_line = p->end_line;
	dp.path = p->path;
	dp.path_len = strlen(p->path);
	dp.text = p->text;
	dp.text_len = p->text_len;
	enc = docmodel_passage_encode(&dp, &len);
	if (!enc)
		throw std::bad_alloc();
	std::string out(enc, len);

	free(enc);
	return out;
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
		char id[DM_NAME_MAX], key[DM_KEY_LEN + 1];
		std::string data = stored_data(p);
		size_t start = data.size() - p->text_len;
		Xapian::Document doc;

		/* The words counted for spelling are bounded too. */
		if (w->words->full())
			w->words->flush_spelling(w->db, w->spelling);
		index_passage(w, doc, p, data, start);

		xap__add_passage_terms(doc, p->path, p->ordinal);
		doc.add_value(SLOT_FILE, docmodel_file_key(key, p->path));
		doc.set_data(data);

		/* The file's name, once (see META_NAME). */
		if (p->ordinal == 1)
			set_names(w->db, p->path, p->path);
		if (p->is_new)
			w->db.add_document(doc);
		else
			w->db.replace_document(docmodel_passage_id(id, p->path,
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
		char term[DM_NAME_MAX];

		w->db.delete_document(docmodel_path_term(term, path));
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
	if (!xap__key_ok(key))
		return xap__bad_key(err);
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
	if (!xap__key_ok(key))
		return xap__bad_key(err);
	try {
		xap_status st = xap__copy_out(w->db.get_metadata(key), value, len,
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
