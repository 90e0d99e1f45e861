/*
 * search_suggest.cc - did you mean: a better spelling of a query that
 * found little (see search.hh).
 */
#include "search.hh"

#include "qwords.h"
#include "utf8.h"

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

	if (!utf8_valid(q.data(), q.size()))
		return std::string();
	std::string out = search_map_words(q, [&](const std::string &w) {
		size_t b = w.find_first_not_of("+-");

		if (b == std::string::npos ||
		    qwords_is_operator(w.data(), w.size()) ||
		    w.find(':') != std::string::npos || w.back() == '*' ||
		    db.term_exists(stem(w.substr(b))))
			return w;
		std::string fix = db.get_spelling_suggestion(w.substr(b));

		if (fix.empty())
			return w;
		changed = true;
		return w.substr(0, b) + fix;
	});

	return changed ? out : std::string();
}

/*
 * Offered only when the query found less than a page (of 10 when only
 * counting: a query with plenty of results was meant as typed, even if a
 * word of it is rare) and the correction finds more.
 */
void search_suggest(search &s, xap_results &res)
{
	const xap_search_opts *o = s.o;
	const Xapian::MSet &counts = s.counts();

	if (counts.get_matches_estimated() >=
	    (Xapian::doccount)o->offset + (o->limit ? o->limit : 10))
		return;
	std::string corrected = correct_query(s.q.prepared, s.r->db, s.stem);

	if (corrected.empty())
		return;
	parsed_query fixed;
	Xapian::Enquire again(s.r->db);

	s.parser.parse(corrected, fixed);
	again.set_query(fixed.matched);
	if (again.get_mset(0, 0, o->offset + o->limit + 1, nullptr,
			   fixed.check.get()).get_matches_lower_bound() >
	    counts.get_matches_upper_bound())
		res.suggestion = corrected;
}
