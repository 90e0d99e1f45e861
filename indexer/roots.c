/*
 * roots.c - the roots of an index (see roots.h).
 */
#include "roots.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "docmodel.h"
#include "exitcode.h"
#include "msg.h"

static void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		msg_fatal(INDEXER_FATAL, "out of memory");
	return p;
}

static char *xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;

	return memcpy(xmalloc(n), s, n);
}

char *roots_absolute(const char *path)
{
	char *cwd, *out;
	size_t n;

	out = realpath(path, NULL);
	if (out)
		return out;
	if (path[0] == '/')
		return xstrdup(path);
	cwd = getcwd(NULL, 0);
	if (!cwd)
		msg_fatal(INDEXER_FATAL, "cannot get the current directory: %s",
			  strerror(errno));
	n = strlen(cwd) + 1 + strlen(path) + 1;
	out = xmalloc(n);
	snprintf(out, n, "%s/%s", cwd, path);
	free(cwd);
	return out;
}

/* "dir///" becomes "dir"; "/" stays. */
static char *normalize(const char *path)
{
	char *s = xstrdup(path);
	size_t n = strlen(s);

	while (n > 1 && s[n - 1] == '/')
		s[--n] = '\0';
	return s;
}

const struct root *roots_add(struct roots *r, const char *display,
			     const char *abs)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (strcmp(r->v[i].display, display) == 0 ||
		    strcmp(r->v[i].abs, abs) == 0)
			return &r->v[i];
	r->v = realloc(r->v, (r->n + 1) * sizeof(*r->v));
	if (!r->v)
		msg_fatal(INDEXER_FATAL, "out of memory");
	r->v[r->n].display = xstrdup(display);
	r->v[r->n].abs = xstrdup(abs);
	return &r->v[r->n++];
}

void roots_add_all(struct roots *r, const struct roots *from)
{
	size_t i;

	for (i = 0; i < from->n; i++)
		roots_add(r, from->v[i].display, from->v[i].abs);
}

static void root_free(struct root *root)
{
	free(root->display);
	free(root->abs);
}

void roots_remove(struct roots *r, const char *abs)
{
	size_t i;

	for (i = 0; i < r->n; i++) {
		if (strcmp(r->v[i].abs, abs) == 0) {
			root_free(&r->v[i]);
			r->v[i] = r->v[--r->n];
			return;
		}
	}
}

void roots_free(struct roots *r)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		root_free(&r->v[i]);
	free(r->v);
	r->v = NULL;
	r->n = 0;
}

unsigned long roots_given(struct roots *recorded, struct roots *walked,
			  char *const *paths, size_t n)
{
	unsigned long unreadable = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		char *d, *a;

		if (!paths[i][0])
			msg_fatal(INDEXER_FATAL, "empty PATH argument");
		d = normalize(paths[i]);
		a = roots_absolute(d);
		/* A PATH that does not exist is reported, not recorded. */
		if (access(a, F_OK) != 0) {
			msg_error("cannot read '%s': %s", msg_path(d),
				  strerror(errno));
			unreadable++;
		} else {
			const struct root *kept = roots_add(recorded, d, a);

			roots_add(walked, kept->display, kept->abs);
		}
		free(d);
		free(a);
	}
	return unreadable;
}

static int decode_one(const char *display, const char *abs, void *ctx)
{
	roots_add(ctx, display, abs);
	return 0;
}

void roots_decode(struct roots *r, const char *value, size_t len)
{
	docmodel_roots_decode(value, len, decode_one, r);
}

char *roots_encode(const struct roots *r, size_t *len)
{
	struct docmodel_root *v = xmalloc(r->n * sizeof(*v));
	size_t i;
	char *out;

	for (i = 0; i < r->n; i++) {
		v[i].display = r->v[i].display;
		v[i].abs = r->v[i].abs;
	}
	out = docmodel_roots_encode(v, r->n, len);
	free(v);
	if (!out)
		msg_fatal(INDEXER_FATAL, "out of memory");
	return out;
}

const char **roots_displays(const struct roots *r)
{
	const char **v = xmalloc(r->n * sizeof(*v));
	size_t i;

	for (i = 0; i < r->n; i++)
		v[i] = r->v[i].display;
	return v;
}

struct visit {
	const struct root *root;	/* being walked */
	int gone;			/* it does not exist any more */
	volatile sig_atomic_t *stop;
	roots_visit_fn fn;
	void *ctx;
};

/*
 * The walk runs on the absolute root; stored paths start with the root
 * as the user first gave it, whatever the current directory.  Returns
 * the stored path: 'path' itself, or a new string in *owned.
 */
static const char *display_path(const struct root *root, const char *path,
				char **owned)
{
	size_t alen, dlen, rest;

	*owned = NULL;
	if (strcmp(root->display, root->abs) == 0)
		return path;
	alen = strlen(root->abs);
	dlen = strlen(root->display);
	rest = strlen(path + alen);
	*owned = xmalloc(dlen + rest + 1);
	memcpy(*owned, root->display, dlen);
	memcpy(*owned + dlen, path + alen, rest + 1);
	return *owned;
}

static int visit_item(const struct walk_item *item, void *ctx)
{
	struct visit *v = ctx;
	char *owned;
	const char *path;
	int rc = 0;

	/* Files are whole in a batch: stop between two. */
	if (*v->stop)
		return 1;
	path = display_path(v->root, item->path, &owned);
	if (item->kind == WALK_ERROR && item->err == ENOENT &&
	    strcmp(item->path, v->root->abs) == 0) {
		msg_warn("'%s' no longer exists; its passages are removed",
			 msg_path(path));
		v->gone = 1;
	} else {
		rc = v->fn(item, path, v->ctx);
	}
	free(owned);
	return rc;
}

int roots_walk(const struct roots *walked, struct roots *recorded,
	       const char *skip, volatile sig_atomic_t *stop,
	       roots_visit_fn fn, void *ctx)
{
	size_t i;

	for (i = 0; i < walked->n && !*stop; i++) {
		struct visit v = { &walked->v[i], 0, stop, fn, ctx };
		int rc = walk(walked->v[i].abs, skip, visit_item, &v);

		if (rc < 0)
			msg_fatal(INDEXER_FATAL, "out of memory");
		if (rc && !*stop)
			return rc;
		if (v.gone)
			roots_remove(recorded, walked->v[i].abs);
	}
	return 0;
}
