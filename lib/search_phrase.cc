/*
 * search_phrase.cc - where phrases and NEAR are checked (see search.hh).
 *
 * The index holds no positions (they were two fifths of its size and of
 * the time to build it), so Xapian matches a phrase or NEAR as if it were
 * AND.  phrase_check, a MatchDecider, then takes each passage Xapian
 * would rank, tokenizes its stored text again with the writer's settings
 * and positions, and runs the user's query against that one passage in a
 * database in memory.  Only passages holding every word of a phrase get
 * here, and only those that could still enter the page: a rare phrase
 * checks a few passages, one of common words a few hundred.
 */
#include "search.hh"

#include <algorithm>
#include <cstring>

#include "docmodel.h"
#include "utf8.h"

namespace {

/*
 * Stems as the query's stemmer does, except that an ASCII word whose
 * first letter starts no query term (nor wildcard) cannot be one of them
 * and becomes " ", which is no term: it still takes its position, for
 * less than stemming it costs.
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
		if (!word.empty() && xap__is_ascii(word) &&
		    !first[(unsigned char)word[0]])
			return " ";
		return stem(word);
	}

	std::string get_description() const
	{
		return "skipping_stemmer";
	}
};

/* Whether 'term' is two or more CJK characters: an n-gram. */
bool cjk_pair(const std::string &term)
{
	return utf8_cjk_length(term.data(), term.size()) > 1;
}

/*
 * The positions of the CJK pairs in 'all', sorted.  TermGenerator numbers
 * a CJK pair between its two characters (中 1, 中文 2, 文 3), while
 * QueryParser makes "中文" the phrase 中 文, next to each other: the check
 * numbers the characters without the pairs (so a quoted CJK phrase
 * matches, which it never did with positions in the index).
 */
std::vector<Xapian::termpos> cjk_pairs(const Xapian::Document &all,
				       const std::string &text)
{
	std::vector<Xapian::termpos> out;

	if (xap__is_ascii(text))
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

} /* namespace */

phrase_check::phrase_check(const Xapian::Query &q,
			   const std::vector<std::string> &w,
			   const Xapian::Stem &stem, bool cjk)
	: query(q), terms(q.get_unique_terms_begin(), q.get_unique_terms_end()),
	  wildcards(w)
{
	/* As the writer's TermGenerator, positions aside. */
	tg.set_stemmer(Xapian::Stem(new skipping_stemmer(stem, terms,
							 wildcards)));
	tg.set_stemming_strategy(Xapian::TermGenerator::STEM_ALL);
	if (cjk)
		tg.set_flags(Xapian::TermGenerator::FLAG_CJK_NGRAM);
}

/* A term of the query, or one its wildcards may expand to. */
bool phrase_check::wanted(const std::string &term) const
{
	if (terms.count(term))
		return true;
	for (const std::string &w : wildcards)
		if (term.compare(0, w.size(), w) == 0)
			return true;
	return false;
}

bool phrase_check::operator()(const Xapian::Document &doc) const
{
	auto seen = known.find(doc.get_docid());

	if (seen != known.end())
		return seen->second;
	const std::string data = doc.get_data();
	struct docmodel_passage d;
	Xapian::Document all, few;

	docmodel_passage_decode(data.data(), data.size(), &d);
	const std::string text(d.text, d.text_len);

	tg.set_document(all);
	tg.index_text(text);
	std::vector<Xapian::termpos> pairs = cjk_pairs(all, text);

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
	xap__add_passage_terms(few, std::string(d.path, d.path_len).c_str(),
			       d.ordinal);

	Xapian::WritableDatabase one(std::string(), Xapian::DB_BACKEND_INMEMORY);
	one.add_document(few);
	Xapian::Enquire enquire(one);

	enquire.set_query(query);
	enquire.set_weighting_scheme(Xapian::BoolWeight());
	bool match = !enquire.get_mset(0, 1).empty();

	known.emplace(doc.get_docid(), match);
	return match;
}

bool phrase_check::needed(const Xapian::Query &q)
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
 * Xapian takes a phrase for AND on this index, which matches more, except
 * where it is excluded: "apple -"red apple"" would drop every passage
 * with both words.  So a phrase under NOT (negated) is left out, which
 * excludes less; XOR, which no side of keeps the set larger, becomes OR
 * where it is wanted and nothing where it is excluded.
 */
Xapian::Query phrase_check::relaxed(const Xapian::Query &q, bool negated)
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
				      op == Xapian::Query::OP_AND_NOT && i > 0 ?
				      !negated : negated));
	return Xapian::Query(op, sub.begin(), sub.end());
}
