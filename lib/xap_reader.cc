/*
 * xap_reader.cc - opening indexes for reading (xap.h): one or several,
 * searched as one, and their metadata.  Searching is search.cc's.
 */
#include "xap_internal.hh"

#include <cerrno>
#include <cstring>
#include <memory>

#include <sys/stat.h>

#include "docmodel.h"

/* How often xap_reader_open() tries an index that a rebuild swaps. */
#define XAP_OPEN_ATTEMPTS 3

/*
 * Opens one index.  The indexer's rebuild replaces the stub file and
 * removes the database it named; if that happens between Xapian reading
 * the stub and opening the database, the stub now names the new one:
 * open again.
 */
static Xapian::Database open_database(const char *path)
{
	for (int attempt = 1;; attempt++) {
		try {
			return Xapian::Database(path);
		} catch (const Xapian::DatabaseError &) {
			if (attempt == XAP_OPEN_ATTEMPTS)
				throw;
		}
	}
}

xap_status xap_reader_open(const char *const *paths, size_t npaths,
			   xap_reader **out, xap_error *err)
{
	const char *cur = NULL;

	if (out)
		*out = NULL;
	if (!paths || npaths == 0 || !out)
		return xap__fail(err, XAP_INVALID,
				 "xap_reader_open: no paths or no handle");
	try {
		std::unique_ptr<xap_reader> r(new xap_reader);

		for (size_t i = 0; i < npaths; i++) {
			struct stat st;

			cur = paths[i];
			if (!cur || !*cur)
				return xap__fail(err, XAP_INVALID,
						 "xap_reader_open: empty path");
			/*
			 * Check first: Xapian's messages for a missing path
			 * differ by backend and say nothing useful.
			 */
			if (stat(cur, &st) != 0) {
				if (errno == ENOENT || errno == ENOTDIR)
					return xap__fail(err, XAP_NOT_FOUND,
							 "no index at '%s'",
							 cur);
				return xap__fail(err, XAP_IO,
						 "cannot access index '%s': %s",
						 cur, strerror(errno));
			}
			Xapian::Database one = open_database(cur);
			std::string schema;
			Xapian::doccount docs = 0;

			/* Its records, as of one revision. */
			xap__retry_modified(one, [&] {
				schema = one.get_metadata(META_SCHEMA);
				docs = one.get_doccount();
				/* Queries are parsed as the first was built. */
				if (i == 0) {
					r->lang = one.get_metadata(META_LANG);
					r->tokenizer =
						one.get_metadata(META_TOKENIZER);
				}
				return 0;
			});
			if (docs > 0 && schema != META_SCHEMA_VERSION)
				return xap__fail(err, XAP_OLD_INDEX,
						 "index '%s' has layout %s, this searcher reads layout %s; rebuild it with 'indexer -d %s --full'",
						 cur, schema.empty() ? "1" : schema.c_str(),
						 META_SCHEMA_VERSION, cur);
			r->db.add_database(one);
			r->subs.push_back(one);
			r->paths.push_back(cur);
		}
		*out = r.release();
		xap__ok(err);
		return XAP_OK;
	} catch (...) {
		return xap__status_from_exception(err, cur);
	}
}

void xap_reader_close(xap_reader *r)
{
	if (!r)
		return;
	try {
		r->db.close();
	} catch (...) {
	}
	delete r;
}

xap_status xap_reader_get_metadata(xap_reader *r, const char *key,
				   char **value, size_t *len, xap_error *err)
{
	if (value)
		*value = NULL;
	if (!r || !value)
		return xap__fail(err, XAP_INVALID,
				 "xap_reader_get_metadata: no reader or value");
	if (!xap__key_ok(key))
		return xap__bad_key(err);
	try {
		/* A multi-database reads the first index's metadata. */
		xap_status st = xap__copy_out(r->db.get_metadata(key), value, len,
					 err);

		if (st == XAP_OK)
			xap__ok(err);
		return st;
	} catch (...) {
		return xap__status_from_exception(err, r->subject());
	}
}
