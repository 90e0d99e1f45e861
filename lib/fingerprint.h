/*
 * fingerprint.h - what the index remembers about a file to notice change.
 *
 * Size and modification time (to the nanosecond) are the quick test: when
 * both match the stored state the file is not read.  When either differs,
 * the content hash (XXH3-128) decides whether the text really changed.
 * The encoded form is what the index stores per file (see plan.h).
 */
#ifndef FINGERPRINT_H
#define FINGERPRINT_H

#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

#define FINGERPRINT_HASH_HEX 32

struct fingerprint {
	uint64_t size;
	int64_t mtime_ns;
	char hash[FINGERPRINT_HASH_HEX + 1];	/* lower-case hex, "" if unknown */
	unsigned passages;			/* passages indexed from the file */
};

/* Fills size and mtime_ns from st; clears hash and passages. */
void fingerprint_from_stat(struct fingerprint *fp, const struct stat *st);

/* Hashes buf[0..len) into fp->hash. */
void fingerprint_hash(struct fingerprint *fp, const void *buf, size_t len);

/* Size and mtime equal: the file is taken as unchanged without reading it. */
int fingerprint_same_stat(const struct fingerprint *a,
			  const struct fingerprint *b);

/*
 * Text form stored in the index: "1 SIZE MTIME_NS HASH PASSAGES".
 * fingerprint_encode writes at most FINGERPRINT_TEXT_MAX bytes with the NUL
 * and returns the length; fingerprint_decode returns 0 on success, -1 on a
 * malformed string (then the file is simply treated as changed).
 */
#define FINGERPRINT_TEXT_MAX 96
int fingerprint_encode(const struct fingerprint *fp,
		       char out[FINGERPRINT_TEXT_MAX]);
int fingerprint_decode(struct fingerprint *fp, const char *text, size_t len);

#endif /* FINGERPRINT_H */
