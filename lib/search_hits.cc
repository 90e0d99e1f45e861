/*
 * search_hits.cc - the hits of a page: each passage's data, a snippet
 * whose words are matched against the query's terms, its neighbours and
 * its explanation (see search.hh); and the results handed to C.
 */
#include "search.hh"

#include <cctype>
#include <cstdlib>
#include <cstring>
#include <algorithm>
#include <exception>
#include <map>
#include <new>

#include "docmodel.h"
#include "ident.h"
#include "snippet.h"

#define XAP_DEFAULT_SNIPPET 200

namespace {

/* What the snippet's word matcher needs to know. */
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
	/* What a match threw, rethrown once back in C++. */
	std::exception_ptr failure;
};

unsigned match(const matcher &m, const char *word, size_t n);

/* An identifier matches by one of its parts (ident.h), as indexed. */
unsigned match_part(const matcher &m, const char *word, size_t n)
{
	struct found {
		const matcher *m;
		unsigned id;
	} f = { &m, 0 };

	ident_each_part(word, n, [](const char *p, size_t k, void *ctx) {
		found *f = static_cast<found *>(ctx);

		f->id = match(*f->m, p, k);
		return f->id ? 1 : 0;
	}, &f);
	return f.id;
}

unsigned match(const matcher &m, const char *word, size_t n)
{
	std::string l(word, n);
	bool ascii = xap__is_ascii(l);

	if (ascii && !m.first[(unsigned char)tolower((unsigned char)word[0])])
		return 0;
	/* Most words are ASCII: no Unicode tables, no folding. */
	if (ascii)
		for (char &c : l)
			c = (char)tolower((unsigned char)c);
	else
		l = xap__lower(l);
	auto it = m.terms.find((*m.stem)(l));

	if (it != m.terms.end())
		return it->second;
	if (!ascii) {
		l = xap__fold(l);
		it = m.terms.find(l);
		if (it != m.terms.end())
			return it->second;
	}
	for (size_t i = 0; i < m.wildcards->size(); i++)
		if (l.compare(0, (*m.wildcards)[i].size(), (*m.wildcards)[i]) == 0)
			return (unsigned)(m.terms.size() + 1 + i);
	return ascii ? match_part(m, word, n) : 0;
}

/*
 * snippet_match_fn: the word's term (its folded stem), its folded form
 * (CJK n-grams) or a wildcard prefix among the query's terms.  Called
 * from C, so nothing may escape: a failure is kept for make_snippet().
 */
unsigned match_word(const char *word, size_t n, void *ctx)
{
	matcher *m = static_cast<matcher *>(ctx);

	if (m->failure)
		return 0;
	try {
		return match(*m, word, n);
	} catch (...) {
		m->failure = std::current_exception();
	}
	return 0;
}

/*
 * The terms of the user's query, for the snippets: a word of a passage
 * whose term is one of them is a term the passage holds, so there is no
 * need to read each passage's term list for its matching terms.
 */
void set_query_terms(matcher &m, const Xapian::Query &query)
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

std::string make_snippet(matcher &m, const std::string &text, size_t len)
{
	char *sn = snippet_make(text.data(), text.size(), len, match_word, &m);

	if (m.failure)
		std::rethrow_exception(m.failure);
	if (!sn)
		throw std::bad_alloc();
	std::string out(sn);

	free(sn);
	return out;
}

xap_hit new_hit(const search &s, const Xapian::MSetIterator &it,
		const docmodel_passage &d, size_t i)
{
	int pct = it.get_percent();
	xap_hit h;

	memset(&h, 0, sizeof(h));
	h.rank = s.o->offset + (unsigned)i + 1;
	h.score = it.get_weight();
	h.percent = pct < 0 ? 0 : pct > 100 ? 100 : pct;
	h.passage = d.ordinal;
	h.line = d.line;
	h.end_line = d.end_line;
	h.more = s.o->per_file ? it.get_collapse_count() : 0;
	return h;
}

/* Whether a passage holding 'terms' matches unit u. */
bool matches(const relax_unit &u, const std::vector<std::string> &terms)
{
	auto has = [&](const std::string &t) {
		return std::find(terms.begin(), terms.end(), t) != terms.end();
	};

	if (!u.prefix.empty()) {
		for (const std::string &t : terms)
			if (t.compare(0, u.prefix.size(), u.prefix) == 0)
				return true;
		return false;
	}
	for (const std::string &t : u.terms)
		if (has(t) != u.all)
			return !u.all;
	return u.all;
}

/* The hits of a page, from one ranking after the other. */
struct page {
	search &s;
	xap_results &res;
	matcher m;
	size_t len;
	/* For --explain, after every snippet is made. */
	std::vector<std::vector<std::string> > explain_terms;
	std::vector<Xapian::docid> docids;
	std::vector<bool> relaxed;

	page(search &srch, xap_results &r) : s(srch), res(r)
	{
		len = s.o->snippet_len ? s.o->snippet_len : XAP_DEFAULT_SNIPPET;
		m.wildcards = &s.q.wildcards;
		m.stem = &s.stem;
		set_query_terms(m, s.q.query);
	}

	/* A hit ranked by units: its score and the words it lacks. */
	void lacking(xap_hit &h, const std::vector<std::string> &hit_terms)
	{
		std::vector<std::string> missing, terms;

		/* A word found in the file's name or title is not missing. */
		for (const std::string &t : hit_terms)
			terms.push_back(search_field_word(t));
		h.percent = (int)(100 * search_relax_units(h.score) /
				  s.units.size());
		h.score = search_relax_score(h.score);
		for (const relax_unit &u : s.units)
			if (!matches(u, terms))
				missing.push_back(u.words);
		res.missing.resize(res.hits.size());
		res.missing.push_back(missing);
	}

	void add(const Xapian::MSet &mset, const Xapian::Enquire &enquire,
		 bool relax)
	{
		bool explain = s.o->flags & XAP_SEARCH_EXPLAIN;

		for (Xapian::MSetIterator it = mset.begin();
		     it != mset.end() && res.hits.size() < s.o->limit; ++it) {
			Xapian::Document doc = it.get_document();
			const std::string data = doc.get_data();
			struct docmodel_passage d;
			xap_hit_text t;
			xap_hit h;
			std::vector<std::string> terms;

			docmodel_passage_decode(data.data(), data.size(), &d);
			t.path.assign(d.path, d.path_len);
			t.text.assign(d.text, d.text_len);
			t.snippet = make_snippet(m, t.text, len);
			if (s.o->context)
				search_neighbours(s.r->sub_of(*it), t.path,
						  d.ordinal, s.o->context, t);
			if (explain || relax)
				terms = search_hit_terms(s, enquire, it, doc);
			h = new_hit(s, it, d, res.hits.size());
			if (relax)
				lacking(h, terms);
			if (explain) {
				explain_terms.push_back(terms);
				docids.push_back(*it);
				relaxed.push_back(relax);
			}
			res.hits.push_back(h);
			res.strings.push_back(std::move(t));
		}
	}

	/* Needs s.enquire: only once the snippets are made. */
	void explain()
	{
		Xapian::Query none;

		for (size_t i = 0; i < explain_terms.size(); i++)
			search_explain(s, docids[i], explain_terms[i],
				       relaxed[i] ? none : s.extra,
				       res.strings[i], res.hits[i].passage);
	}
};

} /* namespace */

void search_hits(search &s, xap_results &res)
{
	page p(s, res);

	/*
	 * Snippets highlight the user's words, not the expansion terms:
	 * get_matching_terms() lists the terms of the current query.
	 */
	s.enquire.set_query(s.q.query);
	res.strings.reserve(s.mset.size() + s.more.size());
	res.hits.reserve(s.mset.size() + s.more.size());
	p.add(s.mset, s.enquire, s.coordinated);
	p.add(s.more, s.relaxed_enquire, true);
	p.explain();
}

void xap_results::finish()
{
	for (size_t i = 0; i < hits.size(); i++) {
		xap_hit_text &t = strings[i];
		xap_hit &h = hits[i];

		h.path = t.path.c_str();
		h.text = t.text.c_str();
		h.snippet = t.snippet.c_str();
		for (size_t j = 0; j < t.terms.size(); j++)
			t.terms[j].word = t.words[j].c_str();
		for (size_t j = 0; j < t.neighbours.size(); j++)
			t.neighbours[j].text = t.neighbour_texts[j].c_str();
		h.terms = t.terms.empty() ? NULL : t.terms.data();
		h.nterms = t.terms.size();
		h.expansion = t.expansion;
		h.neighbours = t.neighbours.empty() ? NULL : t.neighbours.data();
		h.nneighbours = t.neighbours.size();
		h.missing = NULL;
		h.nmissing = 0;
		if (i >= missing.size() || missing[i].empty())
			continue;
		missing_ptrs.resize(hits.size());
		for (const std::string &w : missing[i])
			missing_ptrs[i].push_back(w.c_str());
		h.missing = missing_ptrs[i].data();
		h.nmissing = missing_ptrs[i].size();
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
