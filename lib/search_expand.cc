/*
 * search_expand.cc - where query expansion happens (see search.hh).
 *
 * Pseudo-relevance feedback: the best passages of a first ranking stand
 * in for the relevant ones, Xapian's expand set picks the terms that best
 * tell them apart from the rest, and those terms rerank the best passages
 * of the first ranking.  docs/eval.md has the figures behind each choice.
 */
#include "search.hh"

#include <algorithm>
#include <map>
#include <set>

#include "stopwords.h"

/*
 * Expansion terms worth adding: words (their stems), not the ext: or id
 * terms (which start in upper case), and not stop words.
 */
namespace {

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
std::set<std::string> shared_terms(const Xapian::Database &db,
				   const Xapian::MSet &top, Xapian::doccount docs)
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
Xapian::Query expand_query(const Xapian::Database &db,
			   Xapian::Enquire &enquire, const Xapian::Query &query,
			   const ranking &k, Xapian::Stem &stem,
			   Xapian::doccount keep,
			   const Xapian::MatchDecider *check, Xapian::MSet &top)
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

} /* namespace */

/* Passages of the first ranking that the expanded query reorders (eval.md). */
#define XAP_RERANK 50

void search_expand(search &s)
{
	const xap_search_opts *o = s.o;
	/*
	 * The expanded query reorders the first ranking's best XAP_RERANK
	 * passages (or the page's, if more), not every passage the query
	 * matches: a common word matches thousands, and weighing the
	 * expansion terms for each of them was most of a query's time.
	 * Not when counting, nor per file (the "more" counts), nor over
	 * several indexes (document ids are per index there).
	 */
	bool rerank = !o->per_file && !(o->flags & XAP_SEARCH_EXACT) &&
		o->check_at_least == 0 && s.r->subs.size() == 1;
	Xapian::doccount keep = std::max<Xapian::doccount>(XAP_RERANK,
		o->offset + o->limit);

	s.rerank = false;
	if (!s.k.expand_docs || !s.k.expand_terms)
		return;
	/*
	 * Short queries are mostly a few words recalled from the passage
	 * wanted: there expansion drifts from them (eval.md, known-item).
	 */
	if (search_query_words(s.q.query) < s.k.long_query)
		return;
	s.extra = expand_query(s.r->db, s.enquire, s.q.query, s.k, s.stem,
			       rerank ? keep : 0, s.q.check.get(), s.first);
	if (s.extra.empty())
		return;
	Xapian::Query left = s.q.matched;

	if (rerank && s.first.get_matches_lower_bound() > s.first.size()) {
		std::vector<Xapian::docid> ids;

		for (Xapian::MSetIterator it = s.first.begin();
		     it != s.first.end(); ++it)
			ids.push_back(*it);
		left = Xapian::Query(Xapian::Query::OP_FILTER, s.q.matched,
			Xapian::Query((new docid_list(ids))->release()));
		s.rerank = true;
	}
	s.enquire.set_query(Xapian::Query(Xapian::Query::OP_AND_MAYBE, left,
					  s.extra));
}
