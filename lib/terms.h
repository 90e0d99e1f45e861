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

/*
 * Every passage carries its file's key (terms_file_key(): a hash of the
 * path, a few bytes whatever the path's length) rather than the path: a
 * path repeated in several terms and a value of every passage made up a
 * quarter of the index.  The path is kept in the document data, which is
 * not indexed, and once per file in metadata for file:NAME.
 */

/* Term prefixes (Xapian convention: X + upper-case letters for our own). */
#define TERM_ID "Q"		/* unique id of a passage: file key, ordinal */
#define TERM_PATH "XP"		/* file key: deletes all a file's passages */
#define TERM_EXT "XE"		/* ext: filter; the extension, lower case, no dot */

/* Value slots of a passage document. */
enum term_slot {
	SLOT_FILE = 0,		/* the file key; the per-file collapse key */
};

/* Metadata keys. */
#define META_SCHEMA "schema"	/* the index layout version, META_SCHEMA_VERSION */
#define META_SCHEMA_VERSION "4"
#define META_LANG "lang"	/* the stemmer the index was built with */
#define META_TOKENIZER "tokenizer"	/* how words were split: see xap.cc */
#define META_ROOTS "roots"	/* "as given\0absolute\0" for each root indexed */
#define META_FILE "F:"		/* per-file state: META_FILE + path key */
/* META_NAME + key of the file name + file key -> the path: for file:NAME */
#define META_NAME "N:"

/* Longest name any function here writes, including the NUL. */
#define TERMS_MAX 200
#define TERMS_HASH_MARK '#'

/*
 * Writes prefix + value into out (TERMS_MAX bytes) when that fits in
 * TERMS_MAX - 1 bytes, otherwise prefix + TERMS_HASH_MARK + the hash of
 * value.  Returns out.
 */
char *terms_make(char out[TERMS_MAX], const char *prefix, const char *value);

/* Length of a key made by terms_file_key(), without the NUL. */
#define TERMS_KEY_LEN 11

/*
 * A short key for a path or a file name: XXH3-64 of s in TERMS_KEY_LEN
 * characters of [A-Za-z0-9_-].  Returns out.
 */
char *terms_file_key(char out[TERMS_KEY_LEN + 1], const char *s);

/* The unique-id term of passage 'ordinal' of 'path'. */
char *terms_passage_id(char out[TERMS_MAX], const char *path, unsigned ordinal);

/* The term all passages of 'path' carry. */
char *terms_path(char out[TERMS_MAX], const char *path);

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
