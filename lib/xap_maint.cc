/*
 * xap_maint.cc - whole-database operations of the binding: merging
 * databases with Xapian's compactor, its consistency check, and a look at
 * the metadata of a database that may not be ours.
 */
#include "xap_internal.hh"

#include <cstdio>
#include <sstream>
#include <string>

xap_status xap_compact(const char *const *sources, size_t n, const char *dest,
		       xap_error *err)
{
	const char *cur = dest;

	if (!sources || n == 0 || !dest || !*dest)
		return xap__fail(err, XAP_INVALID,
				 "xap_compact: no sources or no destination");
	try {
		Xapian::Database all;

		for (size_t i = 0; i < n; i++) {
			cur = sources[i];
			all.add_database(Xapian::Database(sources[i]));
		}
		cur = dest;
		all.compact(dest);
		xap__ok(err);
		return XAP_OK;
	} catch (...) {
		return xap__status_from_exception(err, cur);
	}
}

xap_status xap_check(const char *path, unsigned long *problems,
		     xap_error *err)
{
	if (!path || !*path || !problems)
		return xap__fail(err, XAP_INVALID,
				 "xap_check: no path or no result");
	try {
		std::ostringstream out;
		size_t n = Xapian::Database::check(path, 0, &out);
		std::string first;
		std::istringstream lines(out.str());

		*problems = n;
		xap__ok(err);
		/* The report lists tables; keep the first line naming an error. */
		while (n && std::getline(lines, first))
			if (first.find("rror") != std::string::npos ||
			    first.find("orrupt") != std::string::npos)
				break;
		if (n && err)
			snprintf(err->msg, sizeof(err->msg), "%s", first.c_str());
		return XAP_OK;
	} catch (...) {
		return xap__status_from_exception(err, path);
	}
}

int xap_has_metadata(const char *path, const char *const *keys, size_t nkeys)
{
	try {
		Xapian::Database db(path);

		for (size_t i = 0; i < nkeys; i++)
			if (!db.get_metadata(keys[i]).empty())
				return 1;
		return 0;
	} catch (...) {
		return -1;
	}
}
