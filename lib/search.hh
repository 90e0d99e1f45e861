/*
 * search.hh - the search engine behind xap_search(), one file per stage.
 * C++ only, shared by lib/search*.cc.
 *
 *	search.cc		the pipeline: xap_search() and run_search()
 *	search_query.cc		query preparation and parsing, file:/ext:
 *	search_phrase.cc	phrases and NEAR, checked against the text
 *	search_rank.cc		BM25, the ranking of a page, counts
 *	search_expand.cc	query expansion and the rerank it makes
 *	search_hits.cc		hits: snippets' word matching, the results
 *	search_context.cc	neighbouring passages (--context)
 *	search_explain.cc	what each term adds to a hit's score
 *	search_relax.cc		never silent: passages that lack a word
 *	search_suggest.cc	did you mean
 *
 * A search runs them in that order over one 'search' (below); each stage
 * reads what the ones before it left there.
 */
#ifndef SEARCH_HH
#define SEARCH_HH

#include "xap_internal.hh"

#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

/* ---------------------------------------------------------------------- */
/* Settings                                                                */
/* ---------------------------------------------------------------------- */

/* The ranking settings of a search: the caller's or the defaults. */
struct ranking {
	double k1, b;
	unsigned expand_docs, expand_terms;
	double expand_weight;
	/*
	 * A query of this many words or more is long: expanded, ranked by
	 * BM25; a shorter one, ranked by the words it matches first.
	 */
	unsigned long_query;
	bool stop;		/* drop English stop words */
};

ranking search_ranking(const xap_search_opts *o, const char *lang);

/* ---------------------------------------------------------------------- */
/* Phrases (search_phrase.cc)                                              */
/* ---------------------------------------------------------------------- */

/*
 * Phrases and NEAR, checked against the passage itself.  The index holds
 * no positions, so Xapian matches a phrase or NEAR as if it were AND: a
 * passage holding all the words.  Each such passage that Xapian would
 * rank comes here; its stored text is tokenized again as the writer did,
 * with positions, into a one-passage database in memory, and the user's
 * query is run there: Xapian's own phrase and window rules decide, for
 * the whole query (a phrase under OR or NOT included).
 */
class phrase_check : public Xapian::MatchDecider {
	Xapian::Query query;
	std::set<std::string> terms;
	std::vector<std::string> wildcards;
	mutable Xapian::TermGenerator tg;
	/* The second search (expansion) and counts ask again. */
	mutable std::unordered_map<Xapian::docid, bool> known;

	bool wanted(const std::string &term) const;

public:
	phrase_check(const Xapian::Query &q, const std::vector<std::string> &w,
		     const Xapian::Stem &stem, bool cjk);

	bool operator()(const Xapian::Document &doc) const;

	/* Whether 'q' has a phrase or NEAR anywhere: only then is one needed. */
	static bool needed(const Xapian::Query &q);

	/*
	 * The query to run on the index, whose matches must include every
	 * passage 'q' matches, for the check to pick from.
	 */
	static Xapian::Query relaxed(const Xapian::Query &q, bool negated);
};

/* ---------------------------------------------------------------------- */
/* Queries (search_query.cc)                                               */
/* ---------------------------------------------------------------------- */

/* A query string, prepared and parsed. */
struct parsed_query {
	std::string prepared;		/* the string QueryParser got */
	/* Each word's term (or a wildcard's pattern and '*') -> the word. */
	std::map<std::string, std::string> words;
	/* The words before a trailing '*', for the snippet and the check. */
	std::vector<std::string> wildcards;
	Xapian::Query query;		/* the user's query */
	Xapian::Query matched;		/* what the index runs (phrases relaxed) */
	std::unique_ptr<phrase_check> check;	/* NULL: no phrase, no NEAR */
};

/*
 * Xapian's QueryParser, set up the way the reader's index was built: the
 * same stemmer, its tokenizer record (CJK n-grams), stop words, and the
 * file: and ext: filters.
 */
class query_parser {
	Xapian::QueryParser qp;
	Xapian::SimpleStopper stopper;
	Xapian::Stem stem;
	unsigned flags;
	bool cjk;
	Xapian::Query::op default_op;

public:
	query_parser(const xap_reader *r, const Xapian::Stem &stem, bool stop,
		     bool any);

	/*
	 * Prepares and parses q into out, with OR between words when 'any'
	 * (else the default: AND, or OR for XAP_SEARCH_ANY); throws
	 * QueryParserError.
	 */
	void parse(const std::string &q, parsed_query &out, bool any = false);
};

/*
 * How much a query word found in a file's name or title fields weighs,
 * to the word found in the text (search_query.cc).
 */
#define SEARCH_NAME_WEIGHT 0.25
#define SEARCH_TITLE_WEIGHT 0.25

/* The query of one term as a search weighs it (a field's, less). */
Xapian::Query search_term_query(const std::string &term);

/* A field's term (TERM_NAME or TERM_TITLE + a word's) as the word's. */
std::string search_field_word(const std::string &term);

/* The pattern of an OP_WILDCARD query ("missil" for missil*). */
std::string search_wildcard_pattern(const Xapian::Query &q);

/* The word terms of a query (not filters), counted once each. */
unsigned search_query_words(const Xapian::Query &q);

/* The words of the user's query that a unit of it stands for. */
std::string search_unit_words(const Xapian::Query &unit,
			      const parsed_query &pq);

/* q with each word (qwords.h) replaced by fn(word), separators kept. */
std::string search_map_words(const std::string &q,
			     const std::function<std::string(const std::string &)> &fn);

/* ---------------------------------------------------------------------- */
/* Results                                                                 */
/* ---------------------------------------------------------------------- */

/* The strings a hit points into. */
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
	unsigned long estimate = 0;
	bool exact = false;
	std::string suggestion;

	/* The words each hit lacks (XAP_SEARCH_ALL), and their pointers. */
	std::vector<std::vector<std::string> > missing;
	std::vector<std::vector<const char *> > missing_ptrs;

	/* Points the hits into 'strings', once it no longer grows. */
	void finish();
};

/* A word, phrase or bracket of a query with OR between them. */
struct relax_unit {
	std::vector<std::string> terms;
	std::string prefix;	/* a wildcard's pattern, or "" */
	bool all;		/* a passage needs all the terms (a phrase) */
	std::string words;	/* as the user wrote it */
};

/* ---------------------------------------------------------------------- */
/* A search                                                                */
/* ---------------------------------------------------------------------- */

struct search {
	xap_reader *r;
	const xap_search_opts *o;
	ranking k;
	Xapian::Stem stem;	/* a reading word_stemmer over the language's */
	bool stemmed;		/* the language stems: terms are stems */
	query_parser parser;
	parsed_query q;
	Xapian::Enquire enquire;
	Xapian::Query extra;	/* the expansion's terms, or empty */
	Xapian::MSet first;	/* the first ranking, when reranked */
	Xapian::MSet mset;	/* the page */
	bool rerank = false;	/* mset reorders first's best passages */
	bool coordinated = false;	/* mset ranked by units, then BM25 */
	/* Never silent (search_relax.cc): the rest of the page, if any. */
	parsed_query relaxed;
	Xapian::Enquire relaxed_enquire;
	std::vector<relax_unit> units;
	Xapian::MSet more;

	search(xap_reader *r, const xap_search_opts *o, const Xapian::Stem &base,
	       const ranking &k);

	/* The ranking whose counts tell how many passages match. */
	const Xapian::MSet &counts() const { return rerank ? first : mset; }
};

/* search_rank.cc: ranks the page into s.mset, with expansion if any. */
void search_rank(search &s);

/* search_rank.cc: how many passages (or files) match, into res. */
void search_count(search &s, xap_results &res);

/*
 * search_expand.cc: query expansion.  Sets s.extra and, when it reranks,
 * s.first and s.rerank, and leaves the expanded query on s.enquire.
 */
void search_expand(search &s);

/* search_hits.cc: the page's hits with snippets, into res. */
void search_hits(search &s, xap_results &res);

/*
 * search_context.cc: up to n passages of 'path' before 'ordinal' and n
 * after, in order, into t.
 */
void search_neighbours(const Xapian::Database &db, const std::string &path,
		       unsigned ordinal, unsigned n, xap_hit_text &t);

/*
 * search_explain.cc: what each matching term adds to hit i's score.
 * Reuses s.enquire, so call it only when its query is no longer needed.
 */
void search_explain(search &s, Xapian::docid did,
		    const std::vector<std::string> &terms,
		    const Xapian::Query &extra, xap_hit_text &t,
		    unsigned passage);

/*
 * search_explain.cc: the query's terms that a hit holds: Xapian's
 * matching terms, plus the words a wildcard expanded to.
 */
std::vector<std::string> search_hit_terms(const search &s,
					  const Xapian::Enquire &enquire,
					  const Xapian::MSetIterator &hit,
					  const Xapian::Document &doc);

/*
 * search_relax.cc: whether the page needs passages that lack words, and
 * those passages into s.more.
 */
bool search_relax_wanted(const search &s, const xap_results &res);
void search_relax(search &s, const xap_results &res);

/*
 * search_relax.cc: for a short query of any words (XAP_SEARCH_ANY), the
 * query that ranks passages by how many of its words they hold, then by
 * BM25, into *ranked, with s.units; false when it is not such a query.
 */
bool search_coordinate(search &s, Xapian::Query &ranked);

/* search_relax.cc: the units a hit of s.more matched, and its BM25 score. */
unsigned search_relax_units(double weight);
double search_relax_score(double weight);

/* search_suggest.cc: a better spelling of the query, into res. */
void search_suggest(search &s, xap_results &res);

#endif /* SEARCH_HH */
