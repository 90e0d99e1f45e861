/*
 * terms.c - names of passages and files inside the index (see terms.h).
 */
#include "terms.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <xxhash.h>

char *terms_make(char out[TERMS_MAX], const char *prefix, const char *value)
{
	size_t plen = strlen(prefix), vlen = strlen(value);

	if (plen + vlen < TERMS_MAX) {
		memcpy(out, prefix, plen);
		memcpy(out + plen, value, vlen + 1);
		return out;
	}
	XXH128_hash_t h = XXH3_128bits(value, vlen);
	snprintf(out, TERMS_MAX, "%s%c%016llx%016llx", prefix, TERMS_HASH_MARK,
		 (unsigned long long)h.high64, (unsigned long long)h.low64);
	return out;
}

char *terms_passage_id(char out[TERMS_MAX], const char *path, unsigned ordinal)
{
	char num[16];
	int nlen = snprintf(num, sizeof(num), "#%u", ordinal);
	size_t klen;

	/*
	 * Leave room for the ordinal after the path key, so a long path is
	 * hashed rather than the ordinal cut off.
	 */
	terms_make(out, TERM_ID, path);
	klen = strlen(out);
	if (klen + (size_t)nlen >= TERMS_MAX) {
		XXH128_hash_t h = XXH3_128bits(path, strlen(path));

		klen = (size_t)snprintf(out, TERMS_MAX, "%s%c%016llx%016llx",
					TERM_ID, TERMS_HASH_MARK,
					(unsigned long long)h.high64,
					(unsigned long long)h.low64);
	}
	memcpy(out + klen, num, (size_t)nlen + 1);
	return out;
}

const char *terms_basename(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

char *terms_extension(char *out, size_t outsize, const char *path)
{
	const char *name = terms_basename(path);
	const char *dot = strrchr(name, '.');
	size_t i;

	out[0] = '\0';
	if (!dot || dot == name || dot[1] == '\0' || outsize == 0)
		return out;
	for (i = 0; dot[1 + i] && i + 1 < outsize; i++)
		out[i] = (char)tolower((unsigned char)dot[1 + i]);
	out[i] = '\0';
	return out;
}
