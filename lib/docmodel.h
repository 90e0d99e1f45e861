/*
 * docmodel.h - the document model: every name and value the index holds
 * about a passage, a file and a run, encoded and decoded here and nowhere
 * else.
 *
 *  - Names: term prefixes, value slots and metadata keys, and the
 *    functions that build them.  Xapian refuses terms longer than about
 *    245 bytes and paths can be longer, so a name that would not fit is
 *    built from a hash of its value (DM_HASH_MARK and 32 hex digits of
 *    XXH3-128).
 *  - Passage data: what a passage's document stores (its place in its
 *    file, the path and the text), so a hit prints with no other lookup.
 *  - File state: the fingerprint (fingerprint.h) and path stored per file,
 *    which change detection (plan.h) compares with the file system.
 *  - Run records: the roots indexed, the stemming language, the layout
 *    and the tokenizer.
 *
 * docs/design.md ("Document model") describes the layout as a whole.
 * Pure C: the binding (xap.h) and the indexer both go through it.
 */
#ifndef DOCMODEL_H
#define DOCMODEL_H

#include <stddef.h>

#include "fingerprint.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Every passage carries its file's key (docmodel_file_key(): a hash of
 * the path, a few bytes whatever the path's length) rather than the path:
 * a path repeated in several terms and a value of every passage made up a
 * quarter of the index.  The path is kept in the passage data, which is
 * not indexed, and once per file in metadata for file:NAME.
 */

/* Term prefixes (Xapian convention: X + upper-case letters for our own). */
#define TERM_ID "Q"		/* unique id of a passage: file key, ordinal */
#define TERM_PATH "XP"		/* file key: deletes all a file's passages */
#define TERM_EXT "XE"		/* ext: filter; the extension, lower case, no dot */
/*
 * Fields: words of the file's name and folders (docmodel_name_words())
 * and of its title, indexed on each of its passages as the prefix and
 * the word's term, so that a query word matches them too, weighed less.
 */
#define TERM_NAME "XN"
#define TERM_TITLE "S"

/* Value slots of a passage document. */
enum docmodel_slot {
	SLOT_FILE = 0,		/* the file key; the per-file collapse key */
};

/* Metadata keys. */
#define META_SCHEMA "schema"	/* the index layout, META_SCHEMA_VERSION */
#define META_SCHEMA_VERSION "4"
#define META_LANG "lang"	/* the stemmer the index was built with */
#define META_TOKENIZER "tokenizer"	/* how words were split: DOCMODEL_TOKENIZER */
#define META_ROOTS "roots"	/* the roots indexed: docmodel_roots_encode() */
#define META_FILE "F:"		/* per-file state: docmodel_file_state_key() */
/* META_NAME + key of the file name + file key -> the path: for file:NAME */
#define META_NAME "N:"

/*
 * How the writer tokenizes, as recorded in META_TOKENIZER: words folded
 * (fold.h), CJK split into n-grams, spelling data kept, and only the
 * stems of words indexed, without positions.  The reader parses queries
 * the way the record says, so a query always meets its index's terms.
 */
#define DOCMODEL_TOKENIZER "fold cjk-ngram spelling stem-all"

/* Whether the space-separated record 'tokenizer' lists 'feature'. */
int docmodel_tokenizer_has(const char *tokenizer, const char *feature);

/* ---------------------------------------------------------------------- */
/* Names                                                                   */
/* ---------------------------------------------------------------------- */

/* Longest name any function here writes, including the NUL. */
#define DM_NAME_MAX 200
#define DM_HASH_MARK '#'

/*
 * Writes prefix + value into out (DM_NAME_MAX bytes) when that fits in
 * DM_NAME_MAX - 1 bytes, otherwise prefix + DM_HASH_MARK + the hash of
 * value.  Returns out.
 */
char *docmodel_name(char out[DM_NAME_MAX], const char *prefix,
		    const char *value);

/* Length of a key made by docmodel_file_key(), without the NUL. */
#define DM_KEY_LEN 11

/*
 * A short key for a path or a file name: XXH3-64 of s in DM_KEY_LEN
 * characters of [A-Za-z0-9_-].  Returns out.
 */
char *docmodel_file_key(char out[DM_KEY_LEN + 1], const char *s);

/* The unique-id term of passage 'ordinal' of 'path'. */
char *docmodel_passage_id(char out[DM_NAME_MAX], const char *path,
			  unsigned ordinal);

/* The term all passages of 'path' carry. */
char *docmodel_path_term(char out[DM_NAME_MAX], const char *path);

/*
 * The ext: term of a path's extension (lower case, no dot), or "" when
 * the file name has none ("a.txt" gives "XEtxt", ".profile" and
 * "Makefile" give "").  Returns out.
 */
char *docmodel_ext_term(char out[DM_NAME_MAX], const char *path);

/* The ext: term of an extension as a user writes it: "TXT", ".txt". */
char *docmodel_ext_term_of(char out[DM_NAME_MAX], const char *ext);

/* The file name part of a path (after the last '/'); points into path. */
const char *docmodel_basename(const char *path);

/*
 * The words of a path that name its file, for the TERM_NAME field, into
 * out (DM_NAME_MAX bytes): the file name without its extension and the
 * names of the two folders above it, separated by spaces
 * ("a/common-licenses/GPL-3" gives "a common-licenses GPL-3",
 * "doc/admin-guide/dynamic-debug.rst" gives "doc admin-guide
 * dynamic-debug").  Returns out.
 */
char *docmodel_name_words(char out[DM_NAME_MAX], const char *path);

/* The META_NAME key under which 'path' is listed for file:NAME. */
char *docmodel_name_key(char out[DM_NAME_MAX], const char *path);

/* The prefix of the META_NAME keys of every file named 'name'. */
char *docmodel_name_prefix(char out[DM_NAME_MAX], const char *name);

/* ---------------------------------------------------------------------- */
/* Passage data                                                            */
/* ---------------------------------------------------------------------- */

/*
 * A passage as its document stores it.  Stored as "ORDINAL LINE END_LINE
 * PATHLEN\n", the path, then the text.  (As values the numbers cost three
 * value streams and a tenth of the index; the path here, unlike in a term
 * or a value, is neither indexed nor sorted.)
 */
struct docmodel_passage {
	unsigned ordinal;	/* 1-based position in its file */
	unsigned line;		/* first line, 1-based */
	unsigned end_line;	/* last line, 1-based */
	const char *path;
	size_t path_len;
	const char *text;
	size_t text_len;
};

/*
 * The stored form of p, in a new NUL-terminated buffer (*len bytes
 * without the NUL; the caller frees it), or NULL when memory runs out.
 * The text never holds NUL or the snippet's highlight markers (xap.h's
 * XAP_HI_START and XAP_HI_END): such bytes are stored as spaces.
 */
char *docmodel_passage_encode(const struct docmodel_passage *p, size_t *len);

/*
 * Reads stored data into *p, whose path and text then point into 'data'.
 * Returns 0, or -1 when 'data' is not in the stored form: then p holds
 * zeros and the whole of 'data' as its text.
 */
int docmodel_passage_decode(const char *data, size_t len,
			    struct docmodel_passage *p);

/* ---------------------------------------------------------------------- */
/* File state                                                              */
/* ---------------------------------------------------------------------- */

/* The metadata key of the stored state of 'path'. */
char *docmodel_file_state_key(char out[DM_NAME_MAX], const char *path);

/*
 * The state stored for a file: fingerprint_encode() text, a newline, then
 * the path (the key may be a hash of a long path).  A new NUL-terminated
 * buffer (*len bytes without the NUL; the caller frees it), or NULL when
 * memory runs out.
 */
char *docmodel_file_state_encode(const struct fingerprint *fp,
				 const char *path, size_t *len);

/*
 * Reads a stored state: *path points into 'value', which must be
 * NUL-terminated at value[len].  Returns 0; 1 when the path is there but
 * the fingerprint is malformed (*fp is then zero: unknown, so the file is
 * read again); -1 when the value holds no path.
 */
int docmodel_file_state_decode(const char *value, size_t len,
			       struct fingerprint *fp, const char **path);

/* ---------------------------------------------------------------------- */
/* Roots                                                                   */
/* ---------------------------------------------------------------------- */

/* A root: as the user gave it (the prefix of stored paths) and absolute. */
struct docmodel_root {
	const char *display;
	const char *abs;
};

/*
 * META_ROOTS: "display\0absolute\0" for each root.  A new buffer (*len
 * bytes; the caller frees it), or NULL when memory runs out.
 */
char *docmodel_roots_encode(const struct docmodel_root *roots, size_t n,
			    size_t *len);

/*
 * Calls fn(display, abs, ctx) for each root of a META_ROOTS value, in
 * order, stopping at a malformed tail.  Returns 0, or the first non-zero
 * value of fn.
 */
int docmodel_roots_decode(const char *value, size_t len,
			  int (*fn)(const char *display, const char *abs,
				    void *ctx),
			  void *ctx);

#ifdef __cplusplus
}
#endif

#endif /* DOCMODEL_H */
