/*
 * update.c - an incremental run (see update.h and docs/design.md,
 * "Change detection").
 */
#include "update.h"

#include <stdlib.h>
#include <string.h>

#include "apply.h"
#include "exitcode.h"
#include "msg.h"
#include "plan.h"
#include "progress.h"

struct update {
	struct session *s;
	struct apply apply;
	struct progress progress;
	unsigned long batch;		/* passages per commit */
	unsigned long committed;	/* passages written at the last commit */
};

/* Commits a full batch and begins the next one. */
static xap_status maybe_commit(struct update *u)
{
	struct session *s = u->s;
	xap_status st;

	if (u->apply.st.passages - u->committed < u->batch)
		return XAP_OK;
	st = session_commit(s, 0);
	if (st == XAP_OK) {
		u->committed = u->apply.st.passages;
		st = xap_writer_begin(s->w, &s->err);
	}
	return st;
}

static int on_item(const struct walk_item *item, const char *path, void *ctx)
{
	struct update *u = ctx;
	struct session *s = u->s;
	xap_status st;

	if (item->kind != WALK_FILE) {
		apply_other(&u->apply, item, path);
		return 0;
	}
	s->files++;
	st = apply_file(&u->apply, path, item->path, item->st, &s->err);
	if (st == XAP_OK)
		st = maybe_commit(u);
	progress_update(&u->progress, s->files, u->apply.st.passages, path);
	return st != XAP_OK;
}

static int on_deleted(const char *path, void *ctx)
{
	struct update *u = ctx;

	return apply_delete(&u->apply, path, &u->s->err) != XAP_OK;
}

/* The stored files under the roots walked that the walk did not find. */
static int delete_vanished(struct update *u, const struct roots *walked)
{
	const char **displays = roots_displays(walked);
	int rc = plan_each_deleted(u->apply.plan, displays, walked->n,
				   on_deleted, u);

	free(displays);
	return rc;
}

int update_run(struct session *s, const struct indexer_options *o,
	       const struct roots *walked)
{
	struct update u;
	int rc;

	memset(&u, 0, sizeof(u));
	u.s = s;
	u.batch = o->batch;
	u.apply.w = s->w;
	u.apply.set = o->apply;
	u.apply.stop = s->stop;
	u.apply.st.unreadable = s->st.unreadable;	/* PATHs not found */
	u.apply.plan = plan_new();
	if (!u.apply.plan)
		msg_fatal(INDEXER_FATAL, "out of memory");
	if (xap_writer_begin(s->w, &s->err) ||
	    apply_load_state(&u.apply, &s->err)) {
		plan_free(u.apply.plan);
		return session_fail(s);
	}
	session_catch_signals();
	progress_init(&u.progress, !o->quiet);
	rc = roots_walk(walked, &s->roots, s->index_abs, s->stop, on_item, &u);
	progress_done(&u.progress);
	if (rc == 0 && !session_stopped(s))
		rc = delete_vanished(&u, walked);
	plan_free(u.apply.plan);
	s->st = u.apply.st;
	return rc ? session_fail(s) : 0;
}
