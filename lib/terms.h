/*
 * terms.h - how passages and files are named inside the index.
 *
 * The indexer (through the binding) writes these names and the searcher
 * queries them, so they live in one place.  Xapian refuses terms longer
 * than about 245 bytes, and paths can be longer: every name built here
 * replaces a value that would not fit by a hash of it (TERMS_HASH_MARK
 * followed by 32 hex digits of XXH3-128), so it always fits.
 */
#ifndef TERMS_H
#define TERMS_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Term prefixes (Xapian convention: X + upper-case letters for our own). */
#define TERM_ID "Q"		/* unique id of a passage: path key, '#', ordinal */
#define TERM_PATH "XP"		/* the file's exact path: deletes all its passages */
#define TERM_FILE "XF"		/* file: filter; the whole path and the file name */
#define TERM_EXT "XE"		/* ext: filter; the extension, lower case, no dot */

/* Value slots of a passage document. */
enum term_slot {
	SLOT_PATH = 0,		/* the path as given; also the per-file collapse key */
	SLOT_ORDINAL = 1,	/* Xapian::sortable_serialise(ordinal) */
	SLOT_LINE = 2,		/* sortable_serialise(first line) */
	SLOT_END_LINE = 3,	/* sortable_serialise(last line) */
};

/* Metadata keys. */
#define META_SCHEMA "schema"	/* the index layout version, META_SCHEMA_VERSION */
#define META_SCHEMA_VERSION "1"
#define META_LANG "lang"	/* the stemmer the index was built with */
#define META_TOKENIZER "tokenizer"	/* how words were split: see xap.cc */
#define META_ROOTS "roots"	/* "as given\0absolute\0" for each root indexed */
#define META_FILE "F:"		/* per-file state: META_FILE + path key */

/* Longest name any function here writes, including the NUL. */
#define TERMS_MAX 200
#define TERMS_HASH_MARK '#'

/*
 * Writes prefix + value into out (TERMS_MAX bytes) when that fits in
 * TERMS_MAX - 1 bytes, otherwise prefix + TERMS_HASH_MARK + the hash of
 * value.  Returns out.
 */
char *terms_make(char out[TERMS_MAX], const char *prefix, const char *value);

/* The unique-id term of passage 'ordinal' of 'path'. */
char *terms_passage_id(char out[TERMS_MAX], const char *path, unsigned ordinal);

/*
 * The extension of a path's file name, lower-cased into out (at most
 * outsize bytes with the NUL), or "" when the name has none ("a.txt" gives
 * "txt", ".profile" and "Makefile" give "").  Returns out.
 */
char *terms_extension(char *out, size_t outsize, const char *path);

/* The file name part of a path (after the last '/'); points into path. */
const char *terms_basename(const char *path);

#ifdef __cplusplus
}
#endif

#endif /* TERMS_H */
