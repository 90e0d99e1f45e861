/*
 * render_json.c - results for scripts: JSON Lines, one object per hit.
 * The keys and their meaning are in docs/json.md; RENDER_JSON_SCHEMA is
 * its version.  Strings are always valid UTF-8: a path whose bytes are not
 * (file names are bytes) is repaired for the JSON, never dropped.
 */
#include "render.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "decode.h"

static json_t *utf8_string(const char *s)
{
	size_t len = strlen(s);
	json_t *j = json_stringn(s, len);
	struct decoded d;

	if (j)
		return j;
	if (decode_to_utf8(s, len, &d) != DECODE_TEXT)
		return json_string("");
	j = json_stringn(d.text, d.len);
	decode_release(&d);
	return j ? j : json_string("");
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
