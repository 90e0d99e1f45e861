/*
 * docmodel.c - the names and stored values of the index (see docmodel.h).
 */
#include "docmodel.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "xap.h"

int docmodel_tokenizer_has(const char *tokenizer, const char *feature)
{
	size_t n = strlen(feature);
	const char *p = tokenizer;

	while ((p = strstr(p, feature)) != NULL) {
		if ((p == tokenizer || p[-1] == ' ') &&
		    (p[n] == ' ' || p[n] == '\0'))
			return 1;
		p += n;
	}
	return 0;
}

/* ---------------------------------------------------------------------- */
/* Names                                                                   */
/* ---------------------------------------------------------------------- */

char *docmodel_name(char out[DM_NAME_MAX], const char *prefix,
		    const char *value)
{
	size_t plen = strlen(prefix), vlen = strlen(value);
	XXH128_hash_t h;

	if (plen + vlen < DM_NAME_MAX) {
		memcpy(out, prefix, plen);
		memcpy(out + plen, value, vlen + 1);
		return out;
	}
	h = XXH3_128bits(value, vlen);
	snprintf(out, DM_NAME_MAX, "%s%c%016llx%016llx", prefix, DM_HASH_MARK,
		 (unsigned long long)h.high64, (unsigned long long)h.low64);
	return out;
}

char *docmodel_file_key(char out[DM_KEY_LEN + 1], const char *s)
{
	static const char digits[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
	unsigned long long h = (unsigned long long)XXH3_64bits(s, strlen(s));
	int i;

	for (i = 0; i < DM_KEY_LEN; i++) {
		out[i] = digits[h & 63];
		h >>= 6;
	}
	out[DM_KEY_LEN] = '\0';
	return out;
}

char *docmodel_passage_id(char out[DM_NAME_MAX], const char *path,
			  unsigned ordinal)
{
	char key[DM_KEY_LEN + 1];

	snprintf(out, DM_NAME_MAX, "%s%s%u", TERM_ID,
		 docmodel_file_key(key, path), ordinal);
	return out;
}

char *docmodel_path_term(char out[DM_NAME_MAX], const char *path)
{
	char key[DM_KEY_LEN + 1];

	snprintf(out, DM_NAME_MAX, "%s%s", TERM_PATH,
		 docmodel_file_key(key, path));
	return out;
}

const char *docmodel_basename(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

char *docmodel_ext_term_of(char out[DM_NAME_MAX], const char *ext)
{
	size_t plen = strlen(TERM_EXT), i;

	if (ext[0] == '.')
		ext++;
	memcpy(out, TERM_EXT, plen);
	/* Byte by byte, so that index and query agree on any bytes. */
	for (i = 0; ext[i] && plen + i + 1 < DM_NAME_MAX; i++)
		out[plen + i] = (char)tolower((unsigned char)ext[i]);
	out[plen + i] = '\0';
	return out;
}

char *docmodel_ext_term(char out[DM_NAME_MAX], const char *path)
{
	const char *name = docmodel_basename(path);
	const char *dot = strrchr(name, '.');

	if (!dot || dot == name || dot[1] == '\0') {
		out[0] = '\0';
		return out;
	}
	return docmodel_ext_term_of(out, dot);
}

/* The name field keeps the file name and this many folders above it. */
#define NAME_FOLDERS 2

char *docmodel_name_words(char out[DM_NAME_MAX], const char *path)
{
	const char *start = path + strlen(path), *dot;
	size_t n, i;
	int slashes = 0;

	/* Back to the slash before the NAME_FOLDERS folders above. */
	while (start > path) {
		if (start[-1] == '/' && start[0] != '\0' &&
		    ++slashes > NAME_FOLDERS)
			break;
		start--;
	}
	dot = strrchr(docmodel_basename(path), '.');
	n = dot && dot != docmodel_basename(path) ? (size_t)(dot - start) :
		strlen(start);
	if (n >= DM_NAME_MAX)
		n = DM_NAME_MAX - 1;
	for (i = 0; i < n; i++)
		out[i] = start[i] == '/' ? ' ' : start[i];
	out[n] = '\0';
	return out;
}

char *docmodel_name_key(char out[DM_NAME_MAX], const char *path)
{
	char name[DM_KEY_LEN + 1], key[DM_KEY_LEN + 1];

	snprintf(out, DM_NAME_MAX, "%s%s%s", META_NAME,
		 docmodel_file_key(name, docmodel_basename(path)),
		 docmodel_file_key(key, path));
	return out;
}

char *docmodel_name_prefix(char out[DM_NAME_MAX], const char *name)
{
	char key[DM_KEY_LEN + 1];

	snprintf(out, DM_NAME_MAX, "%s%s", META_NAME,
		 docmodel_file_key(key, name));
	return out;
}

/* ---------------------------------------------------------------------- */
/* Passage data                                                            */
/* ---------------------------------------------------------------------- */

char *docmodel_passage_encode(const struct docmodel_passage *p, size_t *len)
{
	char head[64];
	int hlen = snprintf(head, sizeof(head), "%u %u %u %zu\n", p->ordinal,
			    p->line, p->end_line, p->path_len);
	size_t n = (size_t)hlen + p->path_len + p->text_len, i;
	char *out = malloc(n + 1), *text;

	if (!out)
		return NULL;
	memcpy(out, head, (size_t)hlen);
	memcpy(out + hlen, p->path, p->path_len);
	text = out + hlen + p->path_len;
	memcpy(text, p->text, p->text_len);
	for (i = 0; i < p->text_len; i++)
		if (text[i] == XAP_HI_START || text[i] == XAP_HI_END ||
		    text[i] == '\0')
			text[i] = ' ';
	out[n] = '\0';
	*len = n;
	return out;
}

int docmodel_passage_decode(const char *data, size_t len,
			    struct docmodel_passage *p)
{
	const char *nl = memchr(data, '\n', len);
	size_t plen = 0, head;
	char buf[64];

	memset(p, 0, sizeof(*p));
	if (nl && (size_t)(nl - data) < sizeof(buf)) {
		head = (size_t)(nl - data);
		memcpy(buf, data, head);
		buf[head] = '\0';
		if (sscanf(buf, "%u %u %u %zu", &p->ordinal, &p->line,
			   &p->end_line, &plen) == 4 &&
		    plen <= len - head - 1) {
			p->path = nl + 1;
			p->path_len = plen;
			p->text = nl + 1 + plen;
			p->text_len = len - head - 1 - plen;
			return 0;
		}
	}
	memset(p, 0, sizeof(*p));
	p->path = data;
	p->text = data;
	p->text_len = len;
	return -1;
}

/* ---------------------------------------------------------------------- */
/* File state                                                              */
/* ---------------------------------------------------------------------- */

char *docmodel_file_state_key(char out[DM_NAME_MAX], const char *path)
{
	return docmodel_name(out, META_FILE, path);
}

char *docmodel_file_state_encode(const struct fingerprint *fp,
				 const char *path, size_t *len)
{
	char head[FINGERPRINT_TEXT_MAX];
	int hlen = fingerprint_encode(fp, head);
	size_t plen = strlen(path);
	char *value = malloc((size_t)hlen + 1 + plen + 1);

	if (!value)
		return NULL;
	memcpy(value, head, (size_t)hlen);
	value[hlen] = '\n';
	memcpy(value + hlen + 1, path, plen + 1);
	*len = (size_t)hlen + 1 + plen;
	return value;
}

int docmodel_file_state_decode(const char *value, size_t len,
			       struct fingerprint *fp, const char **path)
{
	const char *nl = memchr(value, '\n', len);

	if (!nl)
		return -1;
	*path = nl + 1;
	if (fingerprint_decode(fp, value, (size_t)(nl - value)) != 0) {
		memset(fp, 0, sizeof(*fp));
		return 1;
	}
	return 0;
}

/* ---------------------------------------------------------------------- */
/* Roots                                                                   */
/* ---------------------------------------------------------------------- */

char *docmodel_roots_encode(const struct docmodel_root *roots, size_t n,
			    size_t *len)
{
	size_t i, total = 0;
	char *out, *p;

	for (i = 0; i < n; i++)
		total += strlen(roots[i].display) + 1 + strlen(roots[i].abs) + 1;
	p = out = malloc(total + 1);
	if (!out)
		return NULL;
	for (i = 0; i < n; i++) {
		size_t a = strlen(roots[i].display) + 1;
		size_t b = strlen(roots[i].abs) + 1;

		memcpy(p, roots[i].display, a);
		p += a;
		memcpy(p, roots[i].abs, b);
		p += b;
	}
	*p = '\0';
	*len = total;
	return out;
}

int docmodel_roots_decode(const char *value, size_t len,
			  int (*fn)(const char *display, const char *abs,
				    void *ctx),
			  void *ctx)
{
	const char *v = value, *end = value + len;

	while (v < end) {
		const char *abs = memchr(v, '\0', (size_t)(end - v));
		const char *abs_end;
		int rc;

		if (!abs || abs + 1 >= end)
			break;
		abs++;
		abs_end = memchr(abs, '\0', (size_t)(end - abs));
		if (!abs_end)
			break;
		rc = fn(v, abs, ctx);
		if (rc)
			return rc;
		v = abs_end + 1;
	}
	return 0;
}
