/*
 * render_json.c - results for scripts: JSON Lines, one object per hit.
 * The keys and their meaning are in docs/json.md; RENDER_JSON_SCHEMA is
 * its version.  Strings are always valid UTF-8: a path whose bytes are not
 * (file names are bytes) has each invalid byte replaced by U+FFFD in
 * "path", and its bytes as they are in "path_bytes".
 */
#include "render.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/*
 * The length of the valid UTF-8 sequence at s (n bytes left), or 0 for a
 * byte that starts none (overlong forms and surrogates included).
 */
static size_t valid_utf8(const char *s, size_t n)
{
	utf8proc_int32_t cp;
	utf8proc_ssize_t r = utf8proc_iterate((const utf8proc_uint8_t *)s,
					      (utf8proc_ssize_t)(n < 4 ? n : 4),
					      &cp);

	return r > 0 ? (size_t)r : 0;
}

/* s as a JSON string: each byte that is not valid UTF-8 becomes U+FFFD. */
static json_t *utf8_string(const char *s)
{
	size_t len = strlen(s), i = 0, o = 0;
	json_t *j = json_stringn(s, len);
	char *fixed;

	if (j)
		return j;
	fixed = malloc(len * 3 + 1);
	if (!fixed)
		return json_string("");
	while (i < len) {
		size_t n = valid_utf8(s + i, len - i);

		if (n) {
			memcpy(fixed + o, s + i, n);
			o += n;
			i += n;
		} else {
			memcpy(fixed + o, "\xef\xbf\xbd", 3);
			o += 3;
			i++;
		}
	}
	j = json_stringn(fixed, o);
	free(fixed);
	return j ? j : json_string("");
}

/*
 * The bytes of a path that is not valid UTF-8, in lower-case hex: what
 * "path" cannot say exactly.  NULL for a valid path.
 */
static json_t *path_bytes(const char *path)
{
	static const char hex[] = "0123456789abcdef";
	size_t len = strlen(path), i;
	char *h;
	json_t *j;

	for (i = 0; i < len;) {
		size_t n = valid_utf8(path + i, len - i);

		if (!n)
			break;
		i += n;
	}
	if (i == len)
		return NULL;
	h = malloc(len * 2 + 1);
	if (!h)
		return NULL;
	for (i = 0; i < len; i++) {
		h[2 * i] = hex[(unsigned char)path[i] >> 4];
		h[2 * i + 1] = hex[(unsigned char)path[i] & 15];
	}
	j = json_stringn(h, len * 2);
	free(h);
	return j;
}

static int json_hit(struct render *r, const xap_hit *hit)
{
	size_t cap = strlen(hit->snippet) + 1, i, n;
	char *plain = malloc(cap);
	struct render_span spans[64];
	json_t *o, *hl;
	char *line;
	int rc;

	if (!plain)
		return -1;
	n = render_snippet_spans(hit->snippet, plain, spans, 64);
	if (n > 64)
		n = 64;
	hl = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(hl, json_pack("[II]",
			(json_int_t)spans[i].start, (json_int_t)spans[i].end));

	o = json_object();
	json_object_set_new(o, "schema_version", json_integer(RENDER_JSON_SCHEMA));
	json_object_set_new(o, "rank", json_integer(hit->rank));
	json_object_set_new(o, "score", json_real(hit->score));
	json_object_set_new(o, "percent", json_integer(hit->percent));
	json_object_set_new(o, "path", utf8_string(hit->path));
	{
		json_t *raw = path_bytes(hit->path);

		if (raw)
			json_object_set_new(o, "path_bytes", raw);
	}
	json_object_set_new(o, "passage", json_integer(hit->passage));
	json_object_set_new(o, "line", json_integer(hit->line));
	json_object_set_new(o, "end_line", json_integer(hit->end_line));
	json_object_set_new(o, "snippet", utf8_string(plain));
	json_object_set_new(o, "highlights", hl);
	json_object_set_new(o, "text", utf8_string(hit->text));
	free(plain);
	if (r->more)
		json_object_set_new(o, "more", json_integer(hit->more));
	if (hit->nmissing) {
		json_t *missing = json_array();

		for (i = 0; i < hit->nmissing; i++)
			json_array_append_new(missing,
					      utf8_string(hit->missing[i]));
		json_object_set_new(o, "missing", missing);
	}
	if (r->context) {
		json_t *ctx = json_array();

		for (i = 0; i < hit->nneighbours; i++) {
			const xap_neighbour *nb = &hit->neighbours[i];

			json_array_append_new(ctx, json_pack("{sIsIsIso}",
				"passage", (json_int_t)nb->passage,
				"line", (json_int_t)nb->line,
				"end_line", (json_int_t)nb->end_line,
				"text", utf8_string(nb->text)));
		}
		json_object_set_new(o, "context", ctx);
	}
	if (r->explain) {
		json_t *ex = json_array();

		for (i = 0; i < hit->nterms; i++)
			json_array_append_new(ex, json_pack("{sosbsf}",
				"term", utf8_string(hit->terms[i].word),
				"stemmed", hit->terms[i].stemmed,
				"weight", hit->terms[i].weight));
		json_object_set_new(o, "explain", ex);
		json_object_set_new(o, "expansion", json_real(hit->expansion));
	}

	/* One string, one write: json_dumpf() writes token by token. */
	line = json_dumps(o, JSON_COMPACT | JSON_REAL_PRECISION(6));
	json_decref(o);
	rc = line ? 0 : -1;
	if (line) {
		fputs(line, r->out);
		fputc('\n', r->out);
		free(line);
	}
	r->count++;
	return rc == 0 && !ferror(r->out) ? 0 : -1;
}

static int json_total(struct render *r, unsigned long n, int exact)
{
	json_t *o = json_pack("{sisIsb}", "schema_version", RENDER_JSON_SCHEMA,
			      "count", (json_int_t)n, "exact", exact);
	int rc;

	if (!o)
		return -1;
	rc = json_dumpf(o, r->out, JSON_COMPACT);
	json_decref(o);
	if (rc == 0)
		fputc('\n', r->out);
	return rc == 0 && !ferror(r->out) ? 0 : -1;
}

void render_json_init(struct render *r, FILE *out)
{
	r->out = out;
	r->color = 0;
	r->files = 0;
	r->more = 0;
	r->context = 0;
	r->explain = 0;
	r->count = 0;
	r->hit = json_hit;
	r->total = json_total;
}
