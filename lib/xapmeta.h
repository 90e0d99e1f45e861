/*
 * xapmeta.h - a look at the metadata of any Xapian database, read-only.
 *
 * The binding (xap.h) opens indexes of this program's layout; this looks
 * at a database that may be another program's, or an index of ours of an
 * older layout, to tell which: it opens it read-only, takes no lock and
 * writes nothing (a writable open would create missing tables in it).
 * Used by indexdir.c.
 */
#ifndef XAPMETA_H
#define XAPMETA_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Whether the database at 'path' has a non-empty metadata value under
 * one of keys[0..nkeys): 1 yes, 0 no, -1 when it cannot be opened or read
 * (damaged, unreadable, not a database).  No exception leaves it.
 */
int xapmeta_has_any(const char *path, const char *const *keys, size_t nkeys);

#ifdef __cplusplus
}
#endif

#endif /* XAPMETA_H */
