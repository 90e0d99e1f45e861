/*
 * search_rank.cc - ranking a page of passages with BM25, and counting the
 * matches (see search.hh).
 */
#include "search.hh"

#include <algorithm>
#include <cstring>

#include "docmodel.h"

/* Matches a count visits at most when each is a phrase to check. */
#define XAP_PHRASE_COUNT 1000

ranking search_ranking(const xap_search_opts *o, const char *lang)
{
	ranking k;
	bool bm25 = o->flags & XAP_SEARCH_BM25;
	bool expand = o->flags & XAP_SEARCH_EXPAND;

	k.k1 = bm25 ? o->bm25_k1 : XAP_BM25_K1;
	k.b = bm25 ? o->bm25_b : XAP_BM25_B;
	k.expand_docs = expand ? o->expand_docs : XAP_EXPAND_DOCS;
	k.expand_terms = expand ? o->expand_terms : XAP_EXPAND_TERMS;
	k.expand_weight = expand ? o->expand_weight : XAP_EXPAND_WEIGHT;
	k.long_query = expand && o->expand_min_words ?
		o->expand_min_words : XAP_LONG_QUERY;
	/* The list is English: other languages keep every word. */
	k.stop = !(o->flags & XAP_SEARCH_KEEP_STOPWORDS) &&
		(!strcmp(lang, "english") || !strcmp(lang, "en"));
	return k;
}

void search_rank(search &s)
{
	const xap_search_opts *o = s.o;
	bool exact = o->flags & XAP_SEARCH_EXACT;

	Xapian::Query ranked;

	s.coordinated = search_coordinate(s, ranked);
	s.enquire.set_query(s.coordinated ? ranked : s.q.matched);
	/* k2 = 0 and k3 = 1 as Xapian's defaults; min_normlen 0.5 too. */
	s.enquire.set_weighting_scheme(Xapian::BM25Weight(s.k.k1, 0, 1, s.k.b,
							  0.5));
	if (o->per_file)
		s.enquire.set_collapse_key(SLOT_FILE, o->per_file);
	search_expand(s);

	Xapian::doccount at_least = exact ? s.r->db.get_doccount() :
		o->check_at_least;
	Xapian::doccount items = o->limit;

	/*
	 * Each match of a phrase is checked: a count visits fewer.  And
	 * with a decider, Xapian checks every match when asked for none
	 * (a count): asked for as many as it counts, it stops once the
	 * rest cannot outrank them.
	 */
	if (s.q.check && !exact) {
		at_least = std::min<Xapian::doccount>(at_least,
						      XAP_PHRASE_COUNT);
		items = std::max(items, at_least);
	}
	s.mset = s.enquire.get_mset(o->offset, items, at_least, nullptr,
				    s.q.check.get());
}

void search_count(search &s, xap_results &res)
{
	const xap_search_opts *o = s.o;
	/* The counts are the first ranking's: the same passages match. */
	const Xapian::MSet &counts = s.counts();

	res.estimate = counts.get_matches_estimated();
	res.exact = counts.get_matches_lower_bound() ==
		counts.get_matches_upper_bound();
	if (o->per_file && (o->flags & XAP_SEARCH_EXACT)) {
		/*
		 * With a collapse key Xapian's bounds stay estimates even
		 * when every match was visited: count what is kept.
		 */
		s.enquire.set_query(s.q.matched);
		res.estimate = s.enquire.get_mset(0, s.r->db.get_doccount(), 0,
						  nullptr, s.q.check.get()).size();
		res.exact = true;
	}
}
