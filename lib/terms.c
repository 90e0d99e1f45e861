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

char *terms_file_key(char out[TERMS_KEY_LEN + 1], const char *s)
{
	static const char digits[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
	unsigned long long h = (unsigned long long)XXH3_64bits(s, strlen(s));
	int i;

	for (i = 0; i < TERMS_KEY_LEN; i++) {
		out[i] = digits[h & 63];
		h >>= 6;
	}
	out[TERMS_KEY_LEN] = '\0';
	return out;
}

char *terms_passage_id(char out[TERMS_MAX], const char *path, unsigned ordinal)
{
	char key[TERMS_KEY_LEN + 1];

	snprintf(out, TERMS_MAX, "%s%s%u", TERM_ID, terms_file_key(key, path),
		 ordinal);
	return out;
}

char *terms_path(char out[TERMS_MAX], const char *path)
{
	char key[TERMS_KEY_LEN + 1];

	snprintf(out, TERMS_MAX, "%s%s", TERM_PATH, terms_file_key(key, path));
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
