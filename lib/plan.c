/*
 * plan.c - change detection (see plan.h).
 *
 * How the indexer decides what to do with each file:
 *  1. Before walking, every per-file state stored in the index (path,
 *     size, mtime in nanoseconds, content hash, passage count) is loaded
 *     into a table sorted by path.
 *  2. Each file the walk finds is looked up.  Not there: PLAN_ADD.  There
 *     with the same size and mtime: PLAN_UNCHANGED, and the file is not
 *     even opened, which keeps a no-change run as cheap as a stat per file.
 *  3. There with a different size or mtime (or always, with --verify):
 *     PLAN_CHECK.  The indexer reads and hashes the file; an equal hash
 *     means the file was only touched (or restored with an old mtime and
 *     the same content) and costs no re-indexing, only a new stored stat.
 *     A different hash re-indexes the file.  Comparing for equality, not
 *     "newer than", is what catches files restored from a backup with an
 *     older mtime.
 *  4. After the walk, stored files not seen under the roots walked in this
 *     run are deleted from the index.  Files that were found but could not
 *     be read, and files under folders that could not be read, are marked
 *     seen (plan_keep), so a passing permission problem does not throw
 *     their passages away.
 */
#include "plan.h"

#include <stdlib.h>
#include <string.h>

struct entry {
	char *path;
	struct fingerprint fp;
	int seen;
};

struct plan {
	struct entry *v;
	size_t n, cap;
	int sorted;
};

struct plan *plan_new(void)
{
	return calloc(1, sizeof(struct plan));
}

void plan_free(struct plan *plan)
{
	size_t i;

	if (!plan)
		return;
	for (i = 0; i < plan->n; i++)
		free(plan->v[i].path);
	free(plan->v);
	free(plan);
}

int plan_load(struct plan *plan, const char *path,
	      const struct fingerprint *stored)
{
	if (plan->n == plan->cap) {
		size_t cap = plan->cap ? plan->cap * 2 : 256;
		struct entry *v = realloc(plan->v, cap * sizeof(*v));

		if (!v)
			return -1;
		plan->v = v;
		plan->cap = cap;
	}
	char *copy = strdup(path);

	if (!copy)
		return -1;
	plan->v[plan->n].path = copy;
	plan->v[plan->n].fp = *stored;
	plan->v[plan->n].seen = 0;
	plan->n++;
	plan->sorted = 0;
	return 0;
}

size_t plan_count(const struct plan *plan)
{
	return plan->n;
}

static int cmp_entry(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->path,
		      ((const struct entry *)b)->path);
}

static struct entry *find(struct plan *plan, const char *path)
{
	struct entry key;

	if (!plan->sorted) {
		if (plan->n)
			qsort(plan->v, plan->n, sizeof(*plan->v), cmp_entry);
		plan->sorted = 1;
	}
	if (!plan->n)
		return NULL;
	key.path = (char *)path;
	return bsearch(&key, plan->v, plan->n, sizeof(*plan->v), cmp_entry);
}

enum plan_action plan_check(struct plan *plan, const char *path,
			    const struct fingerprint *now, int verify,
			    struct fingerprint *stored)
{
	struct entry *e = find(plan, path);

	if (!e)
		return PLAN_ADD;
	e->seen = 1;
	if (stored)
		*stored = e->fp;
	if (!verify && fingerprint_same_stat(&e->fp, now))
		return PLAN_UNCHANGED;
	return PLAN_CHECK;
}

void plan_keep(struct plan *plan, const char *path)
{
	size_t i;

	/* A linear scan: this runs only for the rare unreadable input. */
	for (i = 0; i < plan->n; i++)
		if (plan_under(plan->v[i].path, path))
			plan->v[i].seen = 1;
}

int plan_under(const char *path, const char *root)
{
	size_t n = strlen(root);

	while (n > 1 && root[n - 1] == '/')
		n--;
	if (strncmp(path, root, n) != 0)
		return 0;
	if (path[n] == '\0')
		return 1;
	/* Root "/" keeps its slash, so "/x" is under it. */
	return path[n] == '/' || (n == 1 && root[0] == '/');
}

int plan_each_deleted(struct plan *plan, const char *const *roots,
		      size_t nroots, int (*fn)(const char *path, void *ctx),
		      void *ctx)
{
	size_t i, r;
	int rc;

	find(plan, "");		/* sorts, so files are reported in path order */
	for (i = 0; i < plan->n; i++) {
		if (plan->v[i].seen)
			continue;
		for (r = 0; roots && r < nroots; r++)
			if (plan_under(plan->v[i].path, roots[r]))
				break;
		if (roots && r == nroots)
			continue;
		rc = fn(plan->v[i].path, ctx);
		if (rc)
			return rc;
	}
	return 0;
}
