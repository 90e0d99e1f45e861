/*
 * xapmeta.cc - a read-only look at a Xapian database's metadata (see
 * xapmeta.h).
 */
#include "xapmeta.h"

#include <xapian.h>

int xapmeta_has_any(const char *path, const char *const *keys, size_t nkeys)
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
