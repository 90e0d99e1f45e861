/*
 * indexer - split files into passages and keep a Xapian index of them up
 * to date.  See docs/indexer.1.
 *
 * A run: open the index for writing (the lock), load the stored file
 * states, walk the roots, apply each file (apply.c), delete the files that
 * are gone, commit once.  Until that commit, readers see the previous
 * state; an error or a kill before it publishes nothing.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "apply.h"
#include "exitcode.h"
#include "msg.h"
#include "progress.h"
#include "terms.h"
#include "walk.h"
#include "xap.h"

#define DEFAULT_INDEX ".search-index"
#define DEFAULT_MAX_FILE_SIZE (64ULL << 20)

/* A root as the user gave it, and where it really is. */
struct root {
	char *display;		/* prefix of every stored path under it */
	char *abs;		/* absolute path, walked */
};

struct roots {
	struct root *v;
	size_t n;
};

struct run {
	struct apply apply;
	struct progress progress;
	const struct root *root;	/* being walked */
	int root_gone;			/* it does not exist any more */
	const char *index_path;
	unsigned long files;
	xap_status status;
	xap_error err;
};

static void usage(FILE *out)
{
	fprintf(out,
		"usage: indexer [-d INDEX] [OPTIONS] [PATH...]\n"
		"Index the text files under each PATH (files or directories) as passages.\n"
		"With no PATH, re-index the paths the index was built from.\n"
		"\n"
		"  -d, --index INDEX       the index directory (default: $SEARCH_INDEX or "
		DEFAULT_INDEX ")\n"
		"      --full              rebuild from scratch instead of updating\n"
		"      --verify            hash every file, even those whose size and mtime match\n"
		"      --lang LANG         stemming language (default: english; 'none' to disable)\n"
		"      --max-file-size N   skip files larger than N bytes (K, M, G suffixes; default 64M)\n"
		"  -q, --quiet             no progress and no summary line\n"
		"  -h, --help              show this help\n"
		"  -V, --version           show the version\n"
		"\n"
		"Exit status: 0 success, 1 some inputs could not be read, 2 error, 3 index locked.\n");
}

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

static char *xgetcwd(void)
{
	char *cwd = getcwd(NULL, 0);

	if (!cwd)
		msg_fatal(INDEXER_FATAL, "cannot get the current directory: %s",
			  strerror(errno));
	return cwd;
}

/*
 * The canonical absolute path when the path exists (so that "d" and
 * "sub/../d" compare equal), else the path joined to the current
 * directory.
 */
static char *absolute(const char *path)
{
	char *cwd, *out;
	size_t n;

	out = realpath(path, NULL);
	if (out)
		return out;
	if (path[0] == '/')
		return xstrdup(path);
	cwd = xgetcwd();
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

static uint64_t parse_size(const char *arg)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(arg, &end, 10);
	if (errno || end == arg || arg[0] == '-')
		goto bad;
	switch (*end) {
	case 'k': case 'K': v <<= 10; end++; break;
	case 'm': case 'M': v <<= 20; end++; break;
	case 'g': case 'G': v <<= 30; end++; break;
	default: break;
	}
	if (*end != '\0' || v == 0)
		goto bad;
	return v;
bad:
	msg_fatal(INDEXER_FATAL, "invalid --max-file-size '%s': expected a positive size such as 64M",
		  arg);
}

/* Adds a root unless it is there already; returns the one kept. */
static const struct root *roots_add(struct roots *r, const char *display,
				    const char *abs)
{
	size_t i;

	/* "corpus" given again from another directory is the same root. */
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

static void roots_remove(struct roots *r, const char *abs)
{
	size_t i;

	for (i = 0; i < r->n; i++) {
		if (strcmp(r->v[i].abs, abs) != 0)
			continue;
		free(r->v[i].display);
		free(r->v[i].abs);
		r->v[i] = r->v[--r->n];
		return;
	}
}

static void roots_free(struct roots *r)
{
	size_t i;

	for (i = 0; i < r->n; i++) {
		free(r->v[i].display);
		free(r->v[i].abs);
	}
	free(r->v);
	r->v = NULL;
	r->n = 0;
}

/* META_ROOTS holds "display\0absolute\0" pairs. */
static void roots_decode(struct roots *r, const char *v, size_t len)
{
	const char *end = v + len;

	while (v < end) {
		const char *abs = memchr(v, '\0', (size_t)(end - v));

		if (!abs || abs + 1 >= end)
			break;
		abs++;
		roots_add(r, v, abs);
		v = abs + strlen(abs) + 1;
	}
}

static char *roots_encode(const struct roots *r, size_t *len)
{
	size_t i, n = 0;
	char *out, *p;

	for (i = 0; i < r->n; i++)
		n += strlen(r->v[i].display) + 1 + strlen(r->v[i].abs) + 1;
	p = out = xmalloc(n + 1);
	for (i = 0; i < r->n; i++) {
		size_t a = strlen(r->v[i].display) + 1;
		size_t b = strlen(r->v[i].abs) + 1;

		memcpy(p, r->v[i].display, a);
		p += a;
		memcpy(p, r->v[i].abs, b);
		p += b;
	}
	*len = n;
	return out;
}

static int fail(struct run *run, xap_status s)
{
	run->status = s;
	return 1;
}

static int on_item(const struct walk_item *item, void *ctx)
{
	struct run *run = ctx;
	const struct root *root = run->root;
	const char *path = item->path;
	char *display = NULL;
	xap_status s = XAP_OK;

	/*
	 * The walk runs on the absolute root; stored paths start with the
	 * root as the user first gave it, whatever the current directory.
	 */
	if (strcmp(root->display, root->abs) != 0) {
		size_t alen = strlen(root->abs), dlen = strlen(root->display);
		size_t rest = strlen(path + alen);

		display = xmalloc(dlen + rest + 1);
		memcpy(display, root->display, dlen);
		memcpy(display + dlen, path + alen, rest + 1);
		path = display;
	}

	switch (item->kind) {
	case WALK_FILE:
		run->files++;
		s = apply_file(&run->apply, path, item->path, item->st,
			       &run->err);
		progress_update(&run->progress, run->files,
				run->apply.st.passages, path);
		break;
	case WALK_ERROR:
		if (item->err == ENOENT && strcmp(item->path, root->abs) == 0) {
			/*
			 * A recorded root that is gone: its passages go too,
			 * as for any deleted file, and it is forgotten.
			 */
			msg_warn("'%s' no longer exists; its passages are removed",
				 msg_path(path));
			run->root_gone = 1;
			break;
		}
		msg_error("cannot read '%s': %s", msg_path(path),
			  strerror(item->err));
		run->apply.st.unreadable++;
		/* Keep what was indexed from it: it may be back next run. */
		plan_keep(run->apply.plan, path);
		break;
	case WALK_DANGLING:
	case WALK_SPECIAL:
		run->apply.st.skipped_other++;
		break;
	case WALK_LOOP:
		break;
	}
	free(display);
	return s == XAP_OK ? 0 : fail(run, s);
}

static int on_deleted(const char *path, void *ctx)
{
	struct run *run = ctx;
	xap_status s = apply_delete(&run->apply, path, &run->err);

	return s == XAP_OK ? 0 : fail(run, s);
}

/*
 * Writes a metadata value only when it differs, so that a run that
 * changed nothing commits nothing and leaves the index files untouched.
 */
static xap_status set_if_changed(xap_writer *w, const char *key,
				 const char *value, size_t len, xap_error *err)
{
	char *old = NULL;
	size_t olen = 0;
	xap_status s = xap_writer_get_metadata(w, key, &old, &olen, err);

	if (s == XAP_OK && (olen != len || memcmp(old, value, len) != 0))
		s = xap_writer_set_metadata(w, key, value, len, err);
	free(old);
	return s;
}

/* Exits with the status matching a binding failure. */
static void die_xap(const xap_error *err)
{
	msg_fatal(err->status == XAP_LOCKED ? INDEXER_LOCKED : INDEXER_FATAL,
		  "%s", err->msg);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "index", required_argument, NULL, 'd' },
		{ "full", no_argument, NULL, 'F' },
		{ "verify", no_argument, NULL, 'v' },
		{ "lang", required_argument, NULL, 'l' },
		{ "max-file-size", required_argument, NULL, 'm' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	const char *index = getenv("SEARCH_INDEX");
	const char *lang = NULL;
	int full = 0, quiet = 0, c, rc;
	struct run run;
	struct roots roots = { NULL, 0 }, walked = { NULL, 0 };
	char *index_abs, *stored_lang = NULL, *blob = NULL;
	size_t i, blen;
	unsigned long total = 0;
	double start = progress_now();
	xap_writer *w = NULL;

	msg_init("indexer");
	argv[0] = (char *)"indexer";	/* getopt's own messages use it */
	memset(&run, 0, sizeof(run));
	run.apply.max_size = DEFAULT_MAX_FILE_SIZE;
	if (!index || !*index)
		index = DEFAULT_INDEX;

	while ((c = getopt_long(argc, argv, "d:qhV", opts, NULL)) != -1) {
		switch (c) {
		case 'd': index = optarg; break;
		case 'F': full = 1; break;
		case 'v': run.apply.verify = 1; break;
		case 'l': lang = optarg; break;
		case 'm': run.apply.max_size = parse_size(optarg); break;
		case 'q': quiet = 1; break;
		case 'h': usage(stdout); return INDEXER_OK;
		case 'V': puts("indexer 0.1"); return INDEXER_OK;
		default:
			usage(stderr);
			return INDEXER_FATAL;
		}
	}
	if (!*index)
		msg_fatal(INDEXER_FATAL, "the index path is empty");

	/*
	 * The binding's writer may be used after a chdir-free walk only, but
	 * an absolute path keeps messages and the skip test unambiguous.
	 */
	index_abs = absolute(index);
	run.index_path = index;
	if (xap_writer_open(index_abs, XAP_WRITER_CREATE, &w, &run.err) != XAP_OK)
		die_xap(&run.err);
	run.apply.w = w;

	if (xap_writer_get_metadata(w, META_LANG, &stored_lang, NULL, &run.err))
		goto fatal;
	{
		unsigned long docs = 0;

		if (xap_writer_doc_count(w, &docs, &run.err))
			goto fatal;
		/*
		 * Passages stemmed one way cannot be searched another way, so
		 * a new language needs a rebuild.
		 */
		if (lang && *stored_lang && strcmp(lang, stored_lang) != 0 &&
		    docs > 0 && !full) {
			msg_error("index '%s' was built with language '%s'; use --full to rebuild it with '%s'",
				  msg_path(index), stored_lang, lang);
			rc = INDEXER_FATAL;
			goto out;
		}
	}
	if (!lang)
		lang = *stored_lang ? stored_lang : "english";
	if (xap_writer_set_language(w, lang, &run.err))
		goto fatal;

	/* Roots: those recorded, plus (or, with no PATH, only) those given. */
	if (xap_writer_get_metadata(w, META_ROOTS, &blob, &blen, &run.err))
		goto fatal;
	roots_decode(&roots, blob, blen);
	free(blob);
	blob = NULL;
	if (optind < argc) {
		for (i = (size_t)optind; i < (size_t)argc; i++) {
			char *d, *a;

			if (!argv[i][0])
				msg_fatal(INDEXER_FATAL, "empty PATH argument");
			d = normalize(argv[i]);
			a = absolute(d);
			/* A PATH that does not exist is reported, not recorded. */
			if (access(a, F_OK) != 0) {
				msg_error("cannot read '%s': %s", msg_path(d),
					  strerror(errno));
				run.apply.st.unreadable++;
			} else {
				const struct root *kept = roots_add(&roots, d, a);

				roots_add(&walked, kept->display, kept->abs);
			}
			free(d);
			free(a);
		}
		/* A rebuild walks every root, not only those given now. */
		if (full)
			for (i = 0; i < roots.n; i++)
				roots_add(&walked, roots.v[i].display,
					  roots.v[i].abs);
	} else {
		if (roots.n == 0) {
			msg_error("no PATH given and index '%s' records none; try: indexer -d %s DIRECTORY",
				  msg_path(index), msg_path(index));
			rc = INDEXER_FATAL;
			goto out;
		}
		for (i = 0; i < roots.n; i++)
			roots_add(&walked, roots.v[i].display, roots.v[i].abs);
	}

	run.apply.plan = plan_new();
	if (!run.apply.plan)
		msg_fatal(INDEXER_FATAL, "out of memory");
	if (xap_writer_begin(w, &run.err))
		goto fatal;
	if (apply_load_state(&run.apply, &run.err))
		goto fatal;
	if (full) {
		/*
		 * Rebuild inside the same transaction: every stored file is
		 * dropped, then the roots are indexed as new.  Readers keep
		 * the old index until the commit.
		 */
		struct plan *old = run.apply.plan;

		run.apply.plan = plan_new();
		if (!run.apply.plan)
			msg_fatal(INDEXER_FATAL, "out of memory");
		rc = plan_each_deleted(old, NULL, 0, on_deleted, &run);
		plan_free(old);
		if (rc)
			goto fatal_status;
		run.apply.st.deleted = 0;
	}

	progress_init(&run.progress, !quiet);
	for (i = 0; i < walked.n; i++) {
		run.root = &walked.v[i];
		run.root_gone = 0;
		rc = walk(walked.v[i].abs, index_abs, on_item, &run);
		if (rc < 0)
			msg_fatal(INDEXER_FATAL, "out of memory");
		if (rc)
			goto fatal_status;
		if (run.root_gone)
			roots_remove(&roots, walked.v[i].abs);
	}
	progress_done(&run.progress);

	{
		const char **displays = xmalloc(walked.n * sizeof(*displays));

		for (i = 0; i < walked.n; i++)
			displays[i] = walked.v[i].display;
		rc = plan_each_deleted(run.apply.plan, displays, walked.n,
				       on_deleted, &run);
		free(displays);
		if (rc)
			goto fatal_status;
	}

	blob = roots_encode(&roots, &blen);
	if (set_if_changed(w, META_ROOTS, blob, blen, &run.err) ||
	    set_if_changed(w, META_LANG, lang, strlen(lang), &run.err) ||
	    set_if_changed(w, META_SCHEMA, META_SCHEMA_VERSION,
			   strlen(META_SCHEMA_VERSION), &run.err))
		goto fatal;
	if (xap_writer_commit(w, &run.err))
		goto fatal;
	if (xap_writer_doc_count(w, &total, &run.err))
		goto fatal;

	if (!quiet) {
		const struct apply_stats *st = &run.apply.st;
		unsigned long skipped = st->skipped_binary + st->skipped_large +
					st->skipped_other;

		fprintf(stderr,
			"indexer: %lu added, %lu updated, %lu deleted, %lu unchanged, %lu skipped",
			st->added, st->updated, st->deleted, st->unchanged, skipped);
		if (skipped)
			fprintf(stderr, " (%lu binary, %lu too large, %lu not regular files)",
				st->skipped_binary, st->skipped_large, st->skipped_other);
		if (st->unreadable)
			fprintf(stderr, ", %lu unreadable", st->unreadable);
		fprintf(stderr, "; %lu passages written, %lu in index; %.2f s\n",
			st->passages, total, progress_now() - start);
	}
	rc = run.apply.st.unreadable ? INDEXER_PARTIAL : INDEXER_OK;
out:
	xap_writer_close(w);
	plan_free(run.apply.plan);
	roots_free(&roots);
	roots_free(&walked);
	free(stored_lang);
	free(index_abs);
	free(blob);
	return rc;

fatal_status:
	progress_done(&run.progress);
fatal:
	/* Closing without a commit discards the whole run. */
	msg_error("%s; the index is unchanged", run.err.msg);
	rc = run.err.status == XAP_LOCKED ? INDEXER_LOCKED : INDEXER_FATAL;
	goto out;
}
