/*
 * parallel.c - a full build with several writers at once (see parallel.h).
 *
 * The writers take the next file from the shared list, so a few large
 * files do not leave one of them idle while the other works.  Each has
 * its own Xapian writer, plan and statistics; the only shared state is
 * the list's cursor, the first error and the progress line, under one
 * mutex taken once per file.  The words they count for the spelling table
 * go to one database of their own (xap_spelling), merged with the shards.
 */
#include "parallel.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "exitcode.h"
#include "msg.h"

int found_files_add(struct found_files *f, const char *path,
		    const char *file, const struct stat *st)
{
	struct found_file *ff;

	if (f->n == f->cap) {
		size_t cap = f->cap ? 2 * f->cap : 1024;
		struct found_file *v = realloc(f->v, cap * sizeof(*v));

		if (!v)
			return -1;
		f->v = v;
		f->cap = cap;
	}
	ff = &f->v[f->n];
	ff->path = strdup(path);
	ff->file = strdup(file);
	if (!ff->path || !ff->file) {
		free(ff->path);
		free(ff->file);
		return -1;
	}
	ff->st = *st;
	f->n++;
	return 0;
}

void found_files_free(struct found_files *f)
{
	size_t i;

	for (i = 0; i < f->n; i++) {
		free(f->v[i].path);
		free(f->v[i].file);
	}
	free(f->v);
	memset(f, 0, sizeof(*f));
}

struct shared {
	struct parallel_build *b;
	xap_spelling *spelling;
	pthread_mutex_t lock;
	size_t next;			/* the next file to take */
	unsigned long files, passages;	/* done, for the progress line */
	int failed;			/* a writer failed: all stop */
};

struct worker {
	struct shared *sh;
	const char *shard;
	struct apply a;
	xap_error err;
	xap_status status;
};

/* The next file to index, or NULL when there is none or all must stop. */
static const struct found_file *take(struct shared *sh,
				     const struct found_file *done,
				     unsigned long passages)
{
	struct parallel_build *b = sh->b;
	const struct found_file *f = NULL;

	pthread_mutex_lock(&sh->lock);
	if (done) {
		sh->files++;
		sh->passages += passages;
		progress_update(b->progress, sh->files, sh->passages,
				done->path);
	}
	if (!sh->failed && !*b->stop && sh->next < b->files->n)
		f = &b->files->v[sh->next++];
	pthread_mutex_unlock(&sh->lock);
	return f;
}

static xap_status fill(struct worker *wk)
{
	struct shared *sh = wk->sh;
	const struct found_file *f = NULL;
	unsigned long committed = 0, before = 0;
	xap_status s;

	s = xap_writer_open(wk->shard, XAP_WRITER_CREATE | XAP_WRITER_OVERWRITE,
			    &wk->a.w, &wk->err);
	if (s == XAP_OK)
		s = xap_writer_set_language(wk->a.w, sh->b->lang, &wk->err);
	if (s == XAP_OK)
		s = xap_writer_share_spelling(wk->a.w, sh->spelling, &wk->err);
	if (s == XAP_OK)
		s = xap_writer_begin(wk->a.w, &wk->err);
	while (s == XAP_OK && (f = take(sh, f, wk->a.st.passages - before))) {
		before = wk->a.st.passages;
		s = apply_file(&wk->a, f->path, f->file, &f->st, &wk->err);
		/* Batches bound the writer's memory, as in an update. */
		if (s == XAP_OK &&
		    wk->a.st.passages - committed >= sh->b->batch) {
			s = xap_writer_commit_batch(wk->a.w, &wk->err);
			if (s == XAP_OK)
				s = xap_writer_begin(wk->a.w, &wk->err);
			committed = wk->a.st.passages;
		}
	}
	if (s == XAP_OK)
		s = xap_writer_commit(wk->a.w, &wk->err);
	return s;
}

static void *run_worker(void *arg)
{
	struct worker *wk = arg;

	wk->status = fill(wk);
	if (wk->status != XAP_OK) {
		pthread_mutex_lock(&wk->sh->lock);
		wk->sh->failed = 1;
		pthread_mutex_unlock(&wk->sh->lock);
	}
	xap_writer_close(wk->a.w);
	wk->a.w = NULL;
	return NULL;
}

xap_status parallel_fill(struct parallel_build *b)
{
	struct shared sh;
	struct worker *wk = calloc(b->nshards, sizeof(*wk));
	pthread_t *tid = calloc(b->nshards, sizeof(*tid));
	char *started = calloc(b->nshards, 1);
	size_t i;
	xap_status s = XAP_OK;

	memset(&b->st, 0, sizeof(b->st));
	memset(&b->err, 0, sizeof(b->err));
	if (!wk || !tid || !started)
		msg_fatal(INDEXER_FATAL, "out of memory");
	memset(&sh, 0, sizeof(sh));
	sh.b = b;
	s = xap_spelling_open(b->spelling, &sh.spelling, &b->err);
	if (s != XAP_OK) {
		free(wk);
		free(tid);
		free(started);
		return s;
	}
	pthread_mutex_init(&sh.lock, NULL);
	for (i = 0; i < b->nshards; i++) {
		wk[i].sh = &sh;
		wk[i].shard = b->shards[i];
		wk[i].a.set = *b->settings;
		wk[i].a.stop = b->stop;
		/* Nothing is stored in a new shard: every file is new. */
		wk[i].a.plan = plan_new();
		if (!wk[i].a.plan)
			msg_fatal(INDEXER_FATAL, "out of memory");
	}
	/*
	 * The first writer runs here.  One whose thread cannot start runs
	 * here afterwards: it finds the list done and leaves its shard
	 * empty, so every shard exists for the merge.
	 */
	for (i = 1; i < b->nshards; i++)
		started[i] = pthread_create(&tid[i], NULL, run_worker,
					    &wk[i]) == 0;
	run_worker(&wk[0]);
	for (i = 1; i < b->nshards; i++) {
		if (started[i])
			pthread_join(tid[i], NULL);
		else
			run_worker(&wk[i]);
	}
	for (i = 0; i < b->nshards; i++) {
		const struct apply_stats *w = &wk[i].a.st;

		if (s == XAP_OK && wk[i].status != XAP_OK) {
			s = wk[i].status;
			b->err = wk[i].err;
		}
		b->st.added += w->added;
		b->st.updated += w->updated;
		b->st.deleted += w->deleted;
		b->st.unchanged += w->unchanged;
		b->st.skipped_binary += w->skipped_binary;
		b->st.skipped_large += w->skipped_large;
		b->st.skipped_other += w->skipped_other;
		b->st.unreadable += w->unreadable;
		b->st.passages += w->passages;
		plan_free(wk[i].a.plan);
	}
	/* The words the writers' last commits left waiting. */
	if (s == XAP_OK && !*b->stop)
		s = xap_spelling_commit(sh.spelling, &b->err);
	xap_spelling_close(sh.spelling);
	pthread_mutex_destroy(&sh.lock);
	free(wk);
	free(tid);
	free(started);
	return s;
}
