/*
 * search_relax.cc - ranking by the words a passage holds: never silent
 * (when the passages holding every word of a query fill less than the
 * page, the page goes on with the passages holding most of its words),
 * and the ranking of short --any queries (see search.hh).
 *
 * The query is parsed again with OR between its words; each word, phrase
 * or bracket of that OR is a "unit".  Units matched come first, BM25
 * second: each unit a passage matches adds RELAX_UNIT to its weight (a
 * FixedWeightPostingSource filtered by the unit), far more than BM25 ever
 * gives, so that the weight's multiple of RELAX_UNIT counts the units and
 * the rest is the BM25 score shown.  Exclusions (-word, NOT) and filters
 * (file:, ext:) stay; passages the all-words search found are left out.
 */
#include "search.hh"

#include "docmodel.h"

#include <algorithm>
#include <cmath>

/* The weight a matched unit adds: above any sum of BM25 weights. */
#define RELAX_UNIT 10000.0

namespace {

/* A unit's query as the index runs it, worth 'extra' more. */
Xapian::Query weighted_unit(const Xapian::Query &unit, double extra)
{
	Xapian::Query matched = phrase_check::relaxed(unit, false);
	Xapian::Query fixed((new Xapian::FixedWeightPostingSource(extra))
			    ->release());

	return Xapian::Query(Xapian::Query::OP_OR, matched,
			     Xapian::Query(Xapian::Query::OP_FILTER, fixed,
					   matched));
}

/*
 * Finds the OR of the units of q into *units, and the exclusions
 * (AND_NOT) and filters (FILTER) that wrap it, outermost first.  False
 * when q has no such OR: a single word, or operators the user chose.
 */
bool find_units(const Xapian::Query &q, std::vector<Xapian::Query> &wrappers,
		Xapian::Query &units)
{
	Xapian::Query at = q;

	while (at.get_type() == Xapian::Query::OP_AND_NOT ||
	       at.get_type() == Xapian::Query::OP_FILTER) {
		wrappers.push_back(at);
		at = at.get_subquery(0);
	}
	if (at.get_type() != Xapian::Query::OP_OR)
		return false;
	units = at;
	return true;
}

/* q with its innermost wrapped query replaced by 'inner'. */
Xapian::Query rewrap(const std::vector<Xapian::Query> &wrappers,
		     Xapian::Query inner)
{
	for (size_t i = wrappers.size(); i-- > 0;) {
		const Xapian::Query &w = wrappers[i];
		std::vector<Xapian::Query> sub;

		sub.push_back(inner);
		for (size_t j = 1; j < w.get_num_subqueries(); j++)
			sub.push_back(w.get_subquery(j));
		inner = Xapian::Query(w.get_type(), sub.begin(), sub.end());
	}
	return inner;
}

/* The terms of a unit, and whether a passage needs all of them. */
relax_unit make_unit(const Xapian::Query &q, const parsed_query &pq)
{
	relax_unit u;
	Xapian::Query::op op = q.get_type();

	u.all = op == Xapian::Query::OP_PHRASE || op == Xapian::Query::OP_NEAR ||
		op == Xapian::Query::OP_AND;
	/* Its words' terms: those of the fields are the same words. */
	for (Xapian::TermIterator t = q.get_unique_terms_begin();
	     t != q.get_unique_terms_end(); ++t)
		if (search_field_word(*t) == *t)
			u.terms.push_back(*t);
	u.words = search_unit_words(q, pq);
	if (op == Xapian::Query::OP_PHRASE || op == Xapian::Query::OP_NEAR)
		u.words = "\"" + u.words + "\"";
	if (op == Xapian::Query::OP_WILDCARD)
		u.prefix = search_wildcard_pattern(q);
	return u;
}

} /* namespace */

/*
 * The units of pq into s.units, and into *ranked the query that ranks
 * passages by the units they match, then by BM25.  False when pq's
 * query is no OR of units.
 */
static bool rank_by_units(search &s, const parsed_query &pq,
			  Xapian::Query &ranked)
{
	std::vector<Xapian::Query> wrappers, weighted;
	Xapian::Query units;

	s.units.clear();
	if (!find_units(pq.query, wrappers, units))
		return false;
	for (size_t i = 0; i < units.get_num_subqueries(); i++) {
		Xapian::Query u = units.get_subquery(i);

		s.units.push_back(make_unit(u, pq));
		weighted.push_back(weighted_unit(u, RELAX_UNIT));
	}
	ranked = rewrap(wrappers, Xapian::Query(Xapian::Query::OP_OR,
						weighted.begin(),
						weighted.end()));
	return true;
}

bool search_coordinate(search &s, Xapian::Query &ranked)
{
	if (!(s.o->flags & XAP_SEARCH_ANY) ||
	    search_query_words(s.q.query) >= s.k.long_query)
		return false;
	return rank_by_units(s, s.q, ranked);
}

bool search_relax_wanted(const search &s, const xap_results &res)
{
	const xap_search_opts *o = s.o;

	if (o->flags & (XAP_SEARCH_ALL | XAP_SEARCH_ANY))
		return false;
	/* A count counts the passages holding every word. */
	if (o->limit == 0)
		return false;
	return res.estimate < (unsigned long)o->offset + o->limit;
}

void search_relax(search &s, const xap_results &res)
{
	const xap_search_opts *o = s.o;
	Xapian::Query ranked;

	s.parser.parse(o->query, s.relaxed, true);
	if (!rank_by_units(s, s.relaxed, ranked))
		return;
	/* The all-words passages are on the page already. */
	ranked = Xapian::Query(Xapian::Query::OP_AND_NOT, ranked, s.q.matched);

	Xapian::doccount strict = (Xapian::doccount)res.estimate;
	Xapian::doccount end = o->offset + o->limit;
	Xapian::doccount from = o->offset > strict ? o->offset - strict : 0;

	s.relaxed_enquire.set_query(ranked);
	s.relaxed_enquire.set_weighting_scheme(
		Xapian::BM25Weight(s.k.k1, 0, 1, s.k.b, 0.5));
	if (o->per_file)
		s.relaxed_enquire.set_collapse_key(SLOT_FILE, o->per_file);
	s.more = s.relaxed_enquire.get_mset(from, end - std::max(o->offset,
								  strict),
					    0, nullptr,
					    s.relaxed.check.get());
	/* The matching terms of a hit are those of the user's query. */
	s.relaxed_enquire.set_query(s.relaxed.query);
}

unsigned search_relax_units(double weight)
{
	return (unsigned)std::floor(weight / RELAX_UNIT);
}

double search_relax_score(double weight)
{
	return weight - RELAX_UNIT * search_relax_units(weight);
}
