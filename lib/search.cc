/*
 * search.cc - the search pipeline behind xap_search() (see search.hh):
 * parse, rank (with expansion), count, relax (never silent), hits,
 * suggestion.
 */
#include "search.hh"

#include <cctype>
#include <memory>

search::search(xap_reader *reader, const xap_search_opts *opts,
	       const Xapian::Stem &base, const ranking &rk)
	: r(reader), o(opts), k(rk), stem(new word_stemmer(base, false)),
	  stemmed(!base.is_none()),
	  parser(reader, stem, rk.stop, (opts->flags & XAP_SEARCH_ANY) != 0),
	  enquire(reader->db), relaxed_enquire(reader->db)
{
}

/* One attempt at a search; throws whatever Xapian throws. */
static xap_results *run_search(xap_reader *r, const xap_search_opts *o,
			       const Xapian::Stem &base, const ranking &k)
{
	search s(r, o, base, k);
	std::unique_ptr<xap_results> res(new xap_results);

	s.parser.parse(o->query, s.q);
	search_rank(s);
	search_count(s, *res);
	if (search_relax_wanted(s, *res))
		search_relax(s, *res);
	search_hits(s, *res);
	search_suggest(s, *res);
	res->finish();
	return res.release();
}

static bool blank(const char *s)
{
	for (; *s; s++)
		if (!isspace((unsigned char)*s))
			return false;
	return true;
}

xap_status xap_search(xap_reader *r, const xap_search_opts *opts,
		      xap_results **out, xap_error *err)
{
	if (out)
		*out = NULL;
	if (!r || !opts || !opts->query || !out)
		return xap__fail(err, XAP_INVALID,
				 "xap_search: no reader, query or result");
	if (blank(opts->query))
		return xap__fail(err, XAP_BAD_QUERY, "empty query");
	try {
		const char *lang = opts->lang ? opts->lang :
			!r->lang.empty() ? r->lang.c_str() : XAP_DEFAULT_LANG;
		ranking k = search_ranking(opts, lang);
		Xapian::Stem stem;

		if (!xap__make_stem(lang, stem))
			return xap__fail(err, XAP_INVALID,
					 "unknown language '%s'", lang);
		if (!(k.k1 >= 0 && k.b >= 0 && k.b <= 1))
			return xap__fail(err, XAP_INVALID,
					 "BM25 needs k1 >= 0 and 0 <= b <= 1");
		if (k.expand_docs && !(k.expand_weight > 0))
			return xap__fail(err, XAP_INVALID,
					 "the expansion weight must be above 0");
		*out = xap__retry_modified(r->db, [&] {
			return run_search(r, opts, stem, k);
		});
		xap__ok(err);
		return XAP_OK;
	} catch (...) {
		return xap__status_from_exception(err, r->subject());
	}
}
