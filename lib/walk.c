/*
 * walk.c - finding the files under the paths given to the indexer (see
 * walk.h).
 *
 * opendir/readdir rather than nftw or fts: neither sorts entries by bytes,
 * skips hidden names below the root only, nor tells a directory reached a
 * second time through another link from a loop in the way walk.h needs.
 */
#include "walk.h"

#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Directories already walked, by (device, inode): open addressing. */
struct seen_slot {
	dev_t dev;
	ino_t ino;
	int used;
};

struct seen {
	struct seen_slot *slot;
	size_t cap;		/* a power of two, or 0 */
	size_t count;
};

struct walker {
	walk_fn fn;
	void *ctx;
	char *path;		/* the path being visited, NUL-terminated */
	size_t len;
	size_t cap;
	int has_skip;
	dev_t skip_dev;
	ino_t skip_ino;
	struct seen seen;
};

static size_t seen_hash(dev_t dev, ino_t ino)
{
	/* splitmix64 finaliser: inode numbers are often sequential. */
	uint64_t x = (uint64_t)ino * 0x9e3779b97f4a7c15ULL ^ (uint64_t)dev;

	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebULL;
	x ^= x >> 31;
	return (size_t)x;
}

static void seen_put(struct seen_slot *slot, size_t cap, dev_t dev, ino_t ino)
{
	size_t i = seen_hash(dev, ino) & (cap - 1);

	while (slot[i].used)
		i = (i + 1) & (cap - 1);
	slot[i].dev = dev;
	slot[i].ino = ino;
	slot[i].used = 1;
}

/* Returns 1 if (dev, ino) was added, 0 if it was there, -1 out of memory. */
static int seen_add(struct seen *s, dev_t dev, ino_t ino)
{
	size_t i;

	if (s->cap) {
		i = seen_hash(dev, ino) & (s->cap - 1);
		while (s->slot[i].used) {
			if (s->slot[i].dev == dev && s->slot[i].ino == ino)
				return 0;
			i = (i + 1) & (s->cap - 1);
		}
	}
	/* Keep the table at most half full so probes stay short. */
	if ((s->count + 1) * 2 > s->cap) {
		size_t ncap = s->cap ? s->cap * 2 : 64;
		struct seen_slot *n;

		if (ncap < s->cap || ncap > SIZE_MAX / sizeof(*n)) {
			errno = ENOMEM;
			return -1;
		}
		n = calloc(ncap, sizeof(*n));
		if (!n)
			return -1;
		for (i = 0; i < s->cap; i++)
			if (s->slot[i].used)
				seen_put(n, ncap, s->slot[i].dev,
					 s->slot[i].ino);
		free(s->slot);
		s->slot = n;
		s->cap = ncap;
	}
	seen_put(s->slot, s->cap, dev, ino);
	s->count++;
	return 1;
}

/* Makes room for need more bytes after w->len, plus the NUL. */
static int path_reserve(struct walker *w, size_t need)
{
	size_t ncap;
	char *n;

	if (need > SIZE_MAX - w->len - 1) {
		errno = ENOMEM;
		return -1;
	}
	if (w->len + need + 1 <= w->cap)
		return 0;
	ncap = w->cap ? w->cap : 256;
	while (ncap < w->len + need + 1)
		ncap = ncap > SIZE_MAX / 2 ? w->len + need + 1 : ncap * 2;
	n = realloc(w->path, ncap);
	if (!n)
		return -1;
	w->path = n;
	w->cap = ncap;
	return 0;
}

static int report(struct walker *w, enum walk_kind kind,
		  const struct stat *st, int err)
{
	struct walk_item item = { kind, w->path, st, err };

	return w->fn(&item, w->ctx);
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int visit(struct walker *w);

/*
 * The names of one directory, hidden ones left out.  They are read to the
 * end and the directory closed before any is visited, so only one
 * descriptor is open whatever the depth, and the order can be sorted.
 * Names go into one buffer (offsets, as it moves when it grows); *names
 * gets pointers into it once it is complete.
 */
static int read_names(DIR *d, char **buf, char ***names, size_t *count,
		      int *read_err)
{
	size_t blen = 0, bcap = 0, n = 0, ncap = 0, i;
	size_t *off = NULL;
	char *b = NULL;
	struct dirent *de;

	*read_err = 0;
	for (;;) {
		size_t nlen;

		errno = 0;
		de = readdir(d);
		if (!de) {
			*read_err = errno;
			break;
		}
		if (de->d_name[0] == '.')
			continue;
		nlen = strlen(de->d_name) + 1;
		if (blen + nlen > bcap) {
			size_t nc = bcap ? bcap * 2 : 1024;
			char *t;

			while (nc < blen + nlen)
				nc *= 2;
			t = realloc(b, nc);
			if (!t)
				goto nomem;
			b = t;
			bcap = nc;
		}
		if (n == ncap) {
			size_t nc = ncap ? ncap * 2 : 64;
			size_t *t;

			if (nc > SIZE_MAX / sizeof(char *))
				goto nomem;
			t = realloc(off, nc * sizeof(*off));
			if (!t)
				goto nomem;
			off = t;
			ncap = nc;
		}
		memcpy(b + blen, de->d_name, nlen);
		off[n++] = blen;
		blen += nlen;
	}
	*names = NULL;
	if (n) {
		*names = malloc(n * sizeof(**names));
		if (!*names)
			goto nomem;
		for (i = 0; i < n; i++)
			(*names)[i] = b + off[i];
	}
	free(off);
	*buf = b;
	*count = n;
	return 0;
nomem:
	free(off);
	free(b);
	errno = ENOMEM;
	return -1;
}

/* Walks the directory at w->path, already marked as seen. */
static int walk_dir(struct walker *w)
{
	size_t base = w->len, count = 0, i;
	char *buf = NULL, **names = NULL;
	int read_err, r;
	DIR *d;

	d = opendir(w->path);
	if (!d)
		return report(w, WALK_ERROR, NULL, errno);
	r = read_names(d, &buf, &names, &count, &read_err);
	closedir(d);
	if (r) {
		errno = ENOMEM;
		return -1;
	}
	/* What was read before the error is still walked. */
	if (read_err) {
		r = report(w, WALK_ERROR, NULL, read_err);
		if (r)
			goto out;
	}
	if (count > 1)
		qsort(names, count, sizeof(*names), cmp_names);
	for (i = 0; i < count; i++) {
		size_t nlen = strlen(names[i]);
		int slash = base > 0 && w->path[base - 1] != '/';

		if (path_reserve(w, nlen + 1)) {
			r = -1;
			goto out;
		}
		if (slash)
			w->path[base] = '/';
		memcpy(w->path + base + slash, names[i], nlen + 1);
		w->len = base + slash + nlen;
		r = visit(w);
		w->len = base;
		w->path[base] = '\0';
		if (r)
			goto out;
	}
	r = 0;
out:
	free(names);
	free(buf);
	return r;
}

/* Reports or enters whatever is at w->path. */
static int visit(struct walker *w)
{
	struct stat st, lst;
	int r;

	if (stat(w->path, &st) != 0) {
		int err = errno;

		if ((err == ENOENT || err == ENOTDIR) &&
		    lstat(w->path, &lst) == 0 && S_ISLNK(lst.st_mode))
			return report(w, WALK_DANGLING, NULL, 0);
		return report(w, WALK_ERROR, NULL, err);
	}
	if (S_ISREG(st.st_mode))
		return report(w, WALK_FILE, &st, 0);
	if (!S_ISDIR(st.st_mode))
		return report(w, WALK_SPECIAL, &st, 0);
	if (w->has_skip && st.st_dev == w->skip_dev &&
	    st.st_ino == w->skip_ino)
		return 0;
	r = seen_add(&w->seen, st.st_dev, st.st_ino);
	if (r < 0)
		return -1;
	if (r == 0)
		return report(w, WALK_LOOP, NULL, 0);
	return walk_dir(w);
}

int walk(const char *root, const char *skip, walk_fn fn, void *ctx)
{
	struct walker w = { 0 };
	struct stat st;
	size_t rlen = strlen(root);
	int r, err;

	w.fn = fn;
	w.ctx = ctx;
	/* A skip directory that does not exist yet cannot be met. */
	if (skip && stat(skip, &st) == 0) {
		w.has_skip = 1;
		w.skip_dev = st.st_dev;
		w.skip_ino = st.st_ino;
	}
	if (path_reserve(&w, rlen))
		return -1;
	memcpy(w.path, root, rlen + 1);
	w.len = rlen;
	r = visit(&w);
	/* Keep errno across free: it tells ENOMEM apart from fn's -1. */
	err = errno;
	free(w.path);
	free(w.seen.slot);
	errno = err;
	return r;
}
