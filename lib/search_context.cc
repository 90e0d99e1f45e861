/*
 * search_context.cc - the passages next to a hit in its file (--context;
 * see search.hh), found by their unique-id terms.
 */
#include "search.hh"

#include <algorithm>

#include "docmodel.h"

/* The passage of 'path' with this ordinal, if the index holds it. */
static bool add_neighbour(const Xapian::Database &db, const std::string &path,
			  unsigned ordinal, xap_hit_text &t)
{
	char id[DM_NAME_MAX];

	docmodel_passage_id(id, path.c_str(), ordinal);
	Xapian::PostingIterator p = db.postlist_begin(id);

	if (p == db.postlist_end(id))
		return false;
	const std::string data = db.get_document(*p).get_data();
	struct docmodel_passage d;
	xap_neighbour nb;

	docmodel_passage_decode(data.data(), data.size(), &d);
	nb.passage = ordinal;
	nb.line = d.line;
	nb.end_line = d.end_line;
	nb.text = NULL;
	t.neighbours.push_back(nb);
	t.neighbour_texts.push_back(std::string(d.text, d.text_len));
	return true;
}

/*
 * A file's ordinals run from 1 without gaps, so the walk stops at the
 * first one missing: a large n costs no more than the file's passages.
 */
void search_neighbours(const Xapian::Database &db, const std::string &path,
		       unsigned ordinal, unsigned n, xap_hit_text &t)
{
	unsigned k;

	for (k = 1; k <= n && k < ordinal; k++)
		if (!add_neighbour(db, path, ordinal - k, t))
			break;
	std::reverse(t.neighbours.begin(), t.neighbours.end());
	std::reverse(t.neighbour_texts.begin(), t.neighbour_texts.end());
	for (k = 1; k <= n && ordinal + k > ordinal; k++)
		if (!add_neighbour(db, path, ordinal + k, t))
			break;
}
