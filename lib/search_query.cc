/*
 * search_query.cc - where a query is prepared and parsed (see search.hh).
 *
 * QueryParser leaves capitalised words unstemmed (taking them for names),
 * so "Movements" would miss "movement"; the preparation folds every word
 * first (fold.h), so that every word stems, while the operators AND, OR,
 * NOT, XOR, NEAR and ADJ keep their upper case and so their meaning, and
 * file:/ext: values keep their exact spelling.  The index holds stems, so
 * a wildcard's prefix is cut to what it shares with its stem ("missiles*"
 * looks for "missil*").
 */
#include "search.hh"

#include <cstring>
#include <string>

#include "docmodel.h"
#include "qwords.h"
#include "stopwords.h"

/*
 * file:VALUE: the file whose path is VALUE, and every file named VALUE,
 * as the metadata of each index lists them (META_NAME), as one filter on
 * their path terms.
 */
class file_field : public Xapian::FieldProcessor {
	const std::vector<Xapian::Database> &subs;

public:
	explicit file_field(const std::vector<Xapian::Database> &s) : subs(s) {}

	Xapian::Query operator()(const std::string &value)
	{
		char term[DM_NAME_MAX], prefix[DM_NAME_MAX];
		std::set<std::string> terms;

		docmodel_name_prefix(prefix, value.c_str());
		terms.insert(docmodel_path_term(term, value.c_str()));
		for (const Xapian::Database &db : subs)
			for (Xapian::TermIterator it = db.metadata_keys_begin(prefix);
			     it != db.metadata_keys_end(prefix); ++it) {
				const std::string path = db.get_metadata(*it);

				/* Another name with the same key: not ours. */
				if (path.empty() ||
				    strcmp(docmodel_basename(path.c_str()),
					   value.c_str()) != 0)
					continue;
				terms.insert(docmodel_path_term(term, path.c_str()));
			}
		return Xapian::Query(Xapian::Query::OP_OR, terms.begin(),
				     terms.end());
	}
};

/* ext:VALUE, also ext:.TXT. */
class ext_field : public Xapian::FieldProcessor {
public:
	Xapian::Query operator()(const std::string &value)
	{
		char term[DM_NAME_MAX];

		return Xapian::Query(docmodel_ext_term_of(term, value.c_str()));
	}
};

std::string search_map_words(const std::string &q,
			     const std::function<std::string(const std::string &)> &fn)
{
	struct ctx {
		const std::function<std::string(const std::string &)> *fn;
		std::string out;
	} c = { &fn, std::string() };

	qwords_scan(q.data(), q.size(),
		    [](const char *w, size_t n, int is_word, void *p) {
			    struct ctx *c = static_cast<struct ctx *>(p);

			    if (is_word)
				    c->out += (*c->fn)(std::string(w, n));
			    else
				    c->out.append(w, n);
			    return 0;
		    }, &c);
	return c.out;
}

/*
 * A word of the query, folded; a trailing-* wildcard's pattern goes to
 * pq.wildcards, cut to the stem's length; pq.words learns which term (or
 * pattern) the word stands for.
 */
static std::string prepare_word(const std::string &w, Xapian::Stem &stem,
				parsed_query &pq)
{
	std::vector<std::string> &wildcards = pq.wildcards;

	if (qwords_is_operator(w.data(), w.size()) ||
	    qwords_is_field(w.data(), w.size()))
		return w;
	std::string l = xap__fold(w);
	size_t b = l.find_first_not_of("+-");
	size_t wb = w.find_first_not_of("+-");
	std::string shown = wb == std::string::npos ? w : w.substr(wb);

	if (l.size() < 2 || l.back() != '*' || b == std::string::npos ||
	    b >= l.size() - 1) {
		if (b != std::string::npos)
			pq.words.emplace(stem(l.substr(b)), shown);
		return l;
	}
	std::string p = l.substr(b, l.size() - 1 - b);
	std::string s = stem(p);
	size_t n = 0;

	while (n < p.size() && n < s.size() && p[n] == s[n])
		n++;
	if (n > 0 && n < p.size()) {
		wildcards.push_back(p);
		p.resize(n);
		l = l.substr(0, b) + p + "*";
	}
	wildcards.push_back(p);
	pq.words.emplace(p + "*", shown);
	return l;
}

std::string search_unit_words(const Xapian::Query &unit,
			      const parsed_query &pq)
{
	std::string out;

	for (Xapian::TermIterator t = unit.get_terms_begin();
	     t != unit.get_terms_end(); ++t) {
		if (search_field_word(*t) != *t)
			continue;
		auto w = pq.words.find(*t);

		out += out.empty() ? "" : " ";
		out += w == pq.words.end() ? *t : w->second;
	}
	if (out.empty() && unit.get_type() == Xapian::Query::OP_WILDCARD) {
		std::string p = search_wildcard_pattern(unit) + "*";
		auto w = pq.words.find(p);

		out = w == pq.words.end() ? p : w->second;
	}
	return out;
}

unsigned search_query_words(const Xapian::Query &q)
{
	unsigned n = 0;

	/* Filters' terms (file:, ext:) are prefixed, in upper case. */
	for (Xapian::TermIterator t = q.get_unique_terms_begin();
	     t != q.get_unique_terms_end(); ++t)
		n += !(*t).empty() && !((*t)[0] >= 'A' && (*t)[0] <= 'Z');
	return n;
}

std::string search_wildcard_pattern(const Xapian::Query &q)
{
	/* "Query(WILDCARD SYNONYM missil)": the pattern is the last word. */
	std::string d = q.get_description();
	size_t sp = d.find_last_of(' ');

	if (sp == std::string::npos || d.size() < sp + 2)
		return std::string();
	return d.substr(sp + 1, d.size() - sp - 2);
}

query_parser::query_parser(const xap_reader *r, const Xapian::Stem &s,
			   bool stop, bool any)
	: stopper(stopwords_english,
		  stopwords_english + stopwords_english_count),
	  stem(s)
{
	flags = Xapian::QueryParser::FLAG_DEFAULT |
		Xapian::QueryParser::FLAG_WILDCARD |
		Xapian::QueryParser::FLAG_PHRASE |
		Xapian::QueryParser::FLAG_BOOLEAN |
		Xapian::QueryParser::FLAG_LOVEHATE;
	/* Parse the way the index was built (DOCMODEL_TOKENIZER). */
	cjk = docmodel_tokenizer_has(r->tokenizer.c_str(), "cjk-ngram");
	if (cjk)
		flags |= Xapian::QueryParser::FLAG_CJK_NGRAM;
	qp.set_database(r->db);
	if (stop)
		qp.set_stopper(&stopper);
	qp.set_stemmer(stem);
	/* Every word, in phrases too, is its stem, as in the index. */
	qp.set_stemming_strategy(Xapian::QueryParser::STEM_ALL);
	default_op = any ? Xapian::Query::OP_OR : Xapian::Query::OP_AND;
	/* release(): the parser owns them and deletes them with itself. */
	qp.add_boolean_prefix("file", (new file_field(r->subs))->release());
	qp.add_boolean_prefix("ext", (new ext_field)->release());
}

/* Whether a query term is a word's (not a filter's, nor a field's). */
static bool word_term(const std::string &t)
{
	return !t.empty() && !(t[0] >= 'A' && t[0] <= 'Z');
}

Xapian::Query search_term_query(const std::string &term)
{
	if (term.compare(0, strlen(TERM_NAME), TERM_NAME) == 0)
		return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT,
				     Xapian::Query(term), SEARCH_NAME_WEIGHT);
	if (term.compare(0, strlen(TERM_TITLE), TERM_TITLE) == 0)
		return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT,
				     Xapian::Query(term), SEARCH_TITLE_WEIGHT);
	return Xapian::Query(term);
}

/*
 * Each word term of q, outside phrases and NEAR, also matches the word
 * in the file's name and title fields (docmodel.h), weighed less: a word
 * of the query found there helps without drowning the text.
 */
static Xapian::Query with_fields(const Xapian::Query &q)
{
	Xapian::Query::op op = q.get_type();
	std::vector<Xapian::Query> sub;

	if (op == Xapian::Query::LEAF_TERM) {
		std::string t = *q.get_terms_begin();

		if (!word_term(t))
			return q;
		return Xapian::Query(Xapian::Query::OP_OR, q,
			Xapian::Query(Xapian::Query::OP_OR,
				      search_term_query(TERM_NAME + t),
				      search_term_query(TERM_TITLE + t)));
	}
	switch (op) {
	case Xapian::Query::OP_AND:
	case Xapian::Query::OP_OR:
	case Xapian::Query::OP_AND_NOT:
	case Xapian::Query::OP_AND_MAYBE:
	case Xapian::Query::OP_FILTER:
	case Xapian::Query::OP_XOR:
		break;
	default:
		/* Phrases, NEAR, wildcards, filters: as parsed. */
		return q;
	}
	for (size_t i = 0; i < q.get_num_subqueries(); i++)
		sub.push_back(with_fields(q.get_subquery(i)));
	return Xapian::Query(op, sub.begin(), sub.end());
}

std::string search_field_word(const std::string &term)
{
	size_t n = strlen(TERM_NAME), m = strlen(TERM_TITLE);

	if (term.compare(0, n, TERM_NAME) == 0 && word_term(term.substr(n)))
		return term.substr(n);
	if (term.compare(0, m, TERM_TITLE) == 0 && word_term(term.substr(m)))
		return term.substr(m);
	return term;
}

void query_parser::parse(const std::string &q, parsed_query &out, bool any)
{
	out.wildcards.clear();
	out.words.clear();
	out.prepared = search_map_words(q, [&](const std::string &w) {
		return prepare_word(w, stem, out);
	});
	qp.set_default_op(any ? Xapian::Query::OP_OR : default_op);
	out.query = with_fields(qp.parse_query(out.prepared, flags));
	out.matched = out.query;
	out.check.reset();
	/* What the index matches, phrases checked apart (search_phrase.cc). */
	if (phrase_check::needed(out.query)) {
		out.check.reset(new phrase_check(out.query, out.wildcards, stem,
						 cjk));
		out.matched = phrase_check::relaxed(out.query, false);
	}
}
