/*
 * rebuild.c - indexer --full (see rebuild.h and docs/design.md,
 * "Crash safety", Rebuild).
 */
#include "rebuild.h"

#include <stdlib.h>
#include <string.h>

#include "apply.h"
#include "exitcode.h"
#include "msg.h"
#include "parallel.h"
#include "plan.h"
#include "progress.h"

struct rebuild {
	struct session *s;
	struct apply apply;	/* apply_other()'s counts; writes nothing */
	struct progress progress;
	struct found_files found;
};

static int on_item(const struct walk_item *item, const char *path, void *ctx)
{
	struct rebuild *r = ctx;

	if (item->kind != WALK_FILE)
		apply_other(&r->apply, item, path);
	else if (found_files_add(&r->found, path, item->path, item->st))
		msg_fatal(INDEXER_FATAL, "out of memory");
	return 0;
}

/*
 * The files found, indexed into shards[0..jobs) by one writer each, and
 * their spelling words into shards[jobs].
 */
static xap_status fill_shards(struct rebuild *r,
			      const struct indexer_options *o, char **shards)
{
	struct session *s = r->s;
	struct parallel_build b;
	xap_status st;

	memset(&b, 0, sizeof(b));
	b.files = &r->found;
	b.shards = (const char *const *)shards;
	b.nshards = o->jobs;
	b.spelling = shards[o->jobs];
	b.settings = &o->apply;
	b.lang = s->lang;
	b.batch = o->batch;
	b.progress = &r->progress;
	b.stop = s->stop;
	st = parallel_fill(&b);
	/* The writers' counts, and the walk's: PATHs, folders, links. */
	s->st = b.st;
	s->st.unreadable += r->apply.st.unreadable;
	s->st.skipped_other += r->apply.st.skipped_other;
	s->files = r->found.n;
	if (st != XAP_OK)
		s->err = b.err;
	return st;
}

/*
 * The shards (versions after s->building) filled and merged into
 * s->building, compact, which is then opened for the last commit.
 */
static xap_status build(struct rebuild *r, const struct indexer_options *o)
{
	struct session *s = r->s;
	/* The writers' shards and, last, their spelling table's. */
	char **shards = calloc(o->jobs + 1, sizeof(*shards));
	int *versions = calloc(o->jobs + 1, sizeof(*versions));
	char *dest = session_db_path(s, s->building);
	size_t i;
	xap_status st;

	if (!shards || !versions)
		msg_fatal(INDEXER_FATAL, "out of memory");
	for (i = 0; i <= o->jobs; i++) {
		versions[i] = session_new_db(s);
		shards[i] = session_db_path(s, versions[i]);
	}
	st = fill_shards(r, o, shards);
	if (st == XAP_OK && !session_stopped(s))
		st = xap_compact((const char *const *)shards, o->jobs + 1, dest,
				 &s->err);
	/* Shards are removed here, or by the next run if killed. */
	for (i = 0; i <= o->jobs; i++) {
		indexdir_remove(&s->dir, versions[i]);
		free(shards[i]);
	}
	free(shards);
	free(versions);
	free(dest);
	if (st == XAP_OK && !session_stopped(s))
		st = session_open_built(s);
	return st;
}

int rebuild_run(struct session *s, const struct indexer_options *o,
		const struct roots *walked)
{
	struct rebuild r;
	xap_status st = XAP_OK;

	memset(&r, 0, sizeof(r));
	r.s = s;
	r.apply.set = o->apply;
	r.apply.stop = s->stop;
	r.apply.st.unreadable = s->st.unreadable;	/* PATHs not found */
	r.apply.plan = plan_new();
	if (!r.apply.plan)
		msg_fatal(INDEXER_FATAL, "out of memory");
	session_catch_signals();
	progress_init(&r.progress, !o->quiet);
	/* on_item() never fails: the walk ends complete or stopped. */
	roots_walk(walked, &s->roots, s->index_abs, s->stop, on_item, &r);
	if (!session_stopped(s))
		st = build(&r, o);
	progress_done(&r.progress);
	plan_free(r.apply.plan);
	found_files_free(&r.found);
	return st == XAP_OK ? 0 : session_fail(s);
}
