/*
 * search_explain.cc - what each term adds to a hit's score (--explain;
 * see search.hh).
 */
#include "search.hh"

#include <algorithm>
#include <cstring>
#include <utility>

#include "docmodel.h"

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
 * The hit is searched again for each term alone (filtered to its own
 * passage, so the weight is BM25's for that term and that passage, with
 * the index-wide statistics unchanged).  For queries of plain words the
 * weights add up to the score; the terms of a wildcard or a phrase count
 * separately, while the score weighs a wildcard's expansions as one.
 */
void search_explain(search &s, Xapian::docid did,
		    const std::vector<std::string> &terms,
		    const Xapian::Query &extra, xap_hit_text &t,
		    unsigned passage)
{
	std::vector<std::pair<double, size_t> > order;
	char id[DM_NAME_MAX];

	docmodel_passage_id(id, t.path.c_str(), passage);
	for (size_t i = 0; i < terms.size(); i++)
		order.push_back(std::make_pair(
			-weight_alone(s.enquire, did, search_term_query(terms[i]),
				      id),
			i));
	/* The expansion terms' share, as one figure: they are not the user's. */
	t.expansion = extra.empty() ? 0 : weight_alone(s.enquire, did, extra, id);
	std::stable_sort(order.begin(), order.end());
	for (const auto &o : order) {
		xap_term_weight tw;

		const std::string &term = terms[o.second];
		std::string word = search_field_word(term);

		/* Word terms are stems (word_stemmer); wildcards' too. */
		tw.stemmed = s.stemmed;
		tw.weight = -o.first;
		tw.word = NULL;
		if (word != term)
			word = (term.compare(0, strlen(TERM_NAME), TERM_NAME) == 0 ?
				"name:" : "title:") + word;
		t.words.push_back(word);
		t.terms.push_back(tw);
	}
}

std::vector<std::string> search_hit_terms(const search &s,
					  const Xapian::Enquire &enquire,
					  const Xapian::MSetIterator &hit,
					  const Xapian::Document &doc)
{
	std::vector<std::string> terms;

	/*
	 * Filters' terms (file:, ext:) are prefixed, in upper case; so are
	 * the fields', which count as the word they hold.
	 */
	for (Xapian::TermIterator t = enquire.get_matching_terms_begin(hit);
	     t != enquire.get_matching_terms_end(hit); ++t)
		if (!(*t).empty() && (!((*t)[0] >= 'A' && (*t)[0] <= 'Z') ||
				      search_field_word(*t) != *t))
			terms.push_back(*t);
	for (const std::string &w : s.q.wildcards)
		for (Xapian::TermIterator t = doc.termlist_begin();
		     t != doc.termlist_end(); ++t)
			if ((*t).compare(0, w.size(), w) == 0 &&
			    std::find(terms.begin(), terms.end(), *t) ==
				    terms.end())
				terms.push_back(*t);
	return terms;
}
