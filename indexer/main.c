/*
 * indexer - split files into passages and keep a Xapian index of them up
 * to date.  See docs/indexer.1.
 *
 * Options (options.c) decide the run: --check (session_check), or a
 * session on the index (session.c: lock, open, records) in which an
 * update (update.c: walk, apply each file, batch commits, deletions) or a
 * rebuild (rebuild.c: walk, parallel writers, merge) runs, and which is
 * then finished (the last commit; a rebuild swapped in) or, after
 * SIGINT or SIGTERM, interrupted.  A kill loses at most the batch in
 * progress.
 */
#include <stdio.h>

#include "apply.h"
#include "exitcode.h"
#include "msg.h"
#include "options.h"
#include "progress.h"
#include "rebuild.h"
#include "roots.h"
#include "session.h"
#include "update.h"

/*
 * The roots the run walks: those given, and with no PATH, or for a
 * rebuild, every recorded one.  Returns 0 or the exit status.
 */
static int pick_roots(struct session *s, const struct indexer_options *o,
		      struct roots *walked)
{
	/* Those given are recorded too; those missing count as unreadable. */
	s->st.unreadable = roots_given(&s->roots, walked, o->paths, o->npaths);
	if (o->npaths == 0 && s->roots.n == 0) {
		msg_error("no PATH given and index '%s' records none; try: indexer -d %s DIRECTORY",
			  msg_path(s->index), msg_path(s->index));
		return INDEXER_FATAL;
	}
	if (o->npaths == 0 || s->full)
		roots_add_all(walked, &s->roots);
	return 0;
}

/* The summary line. */
static void report(const struct apply_stats *st, unsigned long total,
		   double seconds)
{
	unsigned long skipped = st->skipped_binary + st->skipped_large +
				st->skipped_other;
	char kinds[128] = "", unreadable[64] = "";

	if (skipped)
		snprintf(kinds, sizeof(kinds), " (%lu binary, %lu too large, %lu not regular files)",
			 st->skipped_binary, st->skipped_large,
			 st->skipped_other);
	if (st->unreadable)
		snprintf(unreadable, sizeof(unreadable), ", %lu unreadable",
			 st->unreadable);
	msg_info("%lu added, %lu updated, %lu deleted, %lu unchanged, %lu skipped%s%s; %lu passages written, %lu in index; %.2f s",
		 st->added, st->updated, st->deleted, st->unchanged, skipped,
		 kinds, unreadable, st->passages, total, seconds);
}

/* An update or a rebuild in an open session; returns the exit status. */
static int run(struct session *s, const struct indexer_options *o)
{
	struct roots walked = { NULL, 0 };
	unsigned long total = 0;
	int rc = session_settle(s, o->lang);

	if (rc == 0)
		rc = pick_roots(s, o, &walked);
	if (rc == 0)
		rc = session_begin(s);
	if (rc == 0)
		rc = s->full ? rebuild_run(s, o, &walked) :
			update_run(s, o, &walked);
	roots_free(&walked);
	if (rc == 0 && session_stopped(s))
		return session_interrupt(s);
	if (rc == 0)
		rc = session_finish(s, &total);
	if (rc)
		return rc;
	if (!o->quiet)
		report(&s->st, total, progress_now() - s->start);
	return s->st.unreadable ? INDEXER_PARTIAL : INDEXER_OK;
}

int main(int argc, char **argv)
{
	struct indexer_options o;
	struct session s;
	int rc;

	msg_init("indexer");
	options_parse(argc, argv, &o);
	if (o.check)
		return session_check(o.index);
	session_open(&s, &o);
	rc = run(&s, &o);
	session_close(&s);
	return rc;
}
