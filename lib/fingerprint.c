/*
 * fingerprint.c - what the index remembers about a file to notice change
 * (see fingerprint.h).
 */
#include "fingerprint.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <xxhash.h>

void fingerprint_from_stat(struct fingerprint *fp, const struct stat *st)
{
	/*
	 * Unsigned arithmetic: a timestamp past the year 2262 wraps instead
	 * of overflowing (undefined behaviour), and still differs from the
	 * neighbouring ones, which is all the comparison needs.
	 */
	uint64_t ns = (uint64_t)(int64_t)st->st_mtim.tv_sec * 1000000000u +
		      (uint64_t)st->st_mtim.tv_nsec;

	fp->size = (uint64_t)st->st_size;
	fp->mtime_ns = (int64_t)ns;
	fp->hash[0] = '\0';
	fp->passages = 0;
}

void fingerprint_hash(struct fingerprint *fp, const void *buf, size_t len)
{
	XXH128_hash_t h = XXH3_128bits(buf, len);

	snprintf(fp->hash, sizeof(fp->hash), "%016llx%016llx",
		 (unsigned long long)h.high64, (unsigned long long)h.low64);
}

int fingerprint_same_stat(const struct fingerprint *a,
			  const struct fingerprint *b)
{
	return a->size == b->size && a->mtime_ns == b->mtime_ns;
}

static int is_hex_hash(const char *s, size_t len)
{
	size_t i;

	if (len != FINGERPRINT_HASH_HEX)
		return 0;
	for (i = 0; i < len; i++)
		if (!((s[i] >= '0' && s[i] <= '9') ||
		      (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return 1;
}

int fingerprint_encode(const struct fingerprint *fp,
		       char out[FINGERPRINT_TEXT_MAX])
{
	/*
	 * Anything but a well-formed hash is written as unknown, so that what
	 * is stored always decodes; an unknown hash only costs a re-read.
	 */
	size_t hlen = strnlen(fp->hash, sizeof(fp->hash));
	const char *hash = is_hex_hash(fp->hash, hlen) ? fp->hash : "-";

	return snprintf(out, FINGERPRINT_TEXT_MAX, "1 %llu %lld %s %u",
			(unsigned long long)fp->size, (long long)fp->mtime_ns,
			hash, fp->passages);
}

/* Reads decimal digits at *p (at least one) up to end, no sign. */
static int parse_u64(const char **p, const char *end, uint64_t max,
		     uint64_t *out)
{
	const char *s = *p;
	uint64_t v = 0;

	if (s == end || *s < '0' || *s > '9')
		return -1;
	for (; s < end && *s >= '0' && *s <= '9'; s++) {
		unsigned d = (unsigned)(*s - '0');

		if (v > (max - d) / 10)
			return -1;
		v = v * 10 + d;
	}
	*p = s;
	*out = v;
	return 0;
}

static int expect_space(const char **p, const char *end)
{
	if (*p == end || **p != ' ')
		return -1;
	(*p)++;
	return 0;
}

int fingerprint_decode(struct fingerprint *fp, const char *text, size_t len)
{
	const char *p = text, *end = text + len, *h;
	struct fingerprint f;
	uint64_t v;
	int neg = 0;

	if (len < 2 || p[0] != '1' || p[1] != ' ')
		return -1;
	p += 2;
	if (parse_u64(&p, end, UINT64_MAX, &v))
		return -1;
	f.size = v;
	if (expect_space(&p, end))
		return -1;
	if (p < end && *p == '-') {
		neg = 1;
		p++;
	}
	/* The magnitude of INT64_MIN is one more than INT64_MAX. */
	if (parse_u64(&p, end, neg ? (uint64_t)INT64_MAX + 1 : INT64_MAX, &v))
		return -1;
	f.mtime_ns = neg ? (int64_t)(0 - v) : (int64_t)v;
	if (expect_space(&p, end))
		return -1;
	h = p;
	while (p < end && *p != ' ')
		p++;
	if (p - h == 1 && *h == '-') {
		f.hash[0] = '\0';
	} else if (is_hex_hash(h, (size_t)(p - h))) {
		memcpy(f.hash, h, FINGERPRINT_HASH_HEX);
		f.hash[FINGERPRINT_HASH_HEX] = '\0';
	} else {
		return -1;
	}
	if (expect_space(&p, end))
		return -1;
	if (parse_u64(&p, end, UINT_MAX, &v))
		return -1;
	f.passages = (unsigned)v;
	if (p != end)
		return -1;
	*fp = f;
	return 0;
}
