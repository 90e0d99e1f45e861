/*
 * apply.c - bringing the index up to date, file by file (see apply.h).
 *
 * Each file's state is stored as index metadata (docmodel.h, "File
 * state"), which change detection compares with the file (plan.h).
 */
#include "apply.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "decode.h"
#include "docmodel.h"
#include "fold.h"
#include "msg.h"
#include "passage.h"
#include "readfile.h"

static int load_one(const char *key, const char *value, size_t len, void *ctx)
{
	struct apply *a = ctx;
	struct fingerprint fp;
	const char *path;

	(void)key;
	/*
	 * A malformed state is treated as a file stored with an unknown
	 * fingerprint: it is re-read and its passages replaced.
	 */
	if (docmodel_file_state_decode(value, len, &fp, &path) < 0)
		return 0;
	return plan_load(a->plan, path, &fp) ? -1 : 0;
}

xap_status apply_load_state(struct apply *a, xap_error *err)
{
	return xap_writer_each_metadata(a->w, META_FILE, load_one, a, err);
}

static xap_status store_state(struct apply *a, const char *path,
			      const struct fingerprint *fp, xap_error *err)
{
	char key[DM_NAME_MAX];
	size_t len;
	char *value = docmodel_file_state_encode(fp, path, &len);
	xap_status s;

	if (!value) {
		xap_error_set(err, XAP_NO_MEMORY, "out of memory");
		return XAP_NO_MEMORY;
	}
	s = xap_writer_set_metadata(a->w, docmodel_file_state_key(key, path),
				    value, len, err);
	free(value);
	return s;
}

struct put_ctx {
	struct apply *a;
	const char *path;
	const char *title;	/* the file's title, a field of each passage */
	size_t title_len;
	xap_error *err;
	xap_status status;
};

static int put_one(const struct passage *p, unsigned ordinal, void *ctx)
{
	struct put_ctx *pc = ctx;
	xap_passage xp = {
		.path = pc->path,
		.text = p->text,
		.text_len = p->len,
		.ordinal = ordinal,
		.line = p->line,
		.end_line = p->end_line,
		.is_new = 1,	/* apply_file deleted the file's passages */
		.title = pc->title,
		.title_len = pc->title_len,
	};

	pc->status = xap_writer_put_passage(pc->a->w, &xp, pc->err);
	if (pc->status != XAP_OK)
		return 1;
	pc->a->st.passages++;
	return 0;
}

/*
 * A file that is now binary loses its old passages; its state is stored
 * so the next run does not read it again.
 */
static xap_status store_nothing(struct apply *a, const char *path,
				enum plan_action act, struct fingerprint *now,
				xap_error *err)
{
	xap_status s;

	if (act == PLAN_CHECK) {
		s = xap_writer_delete_file(a->w, path, err);
		if (s != XAP_OK)
			return s;
	}
	now->passages = 0;
	return store_state(a, path, now, err);
}

/*
 * Writes the passages of a file's text in place of its old ones, counting
 * them into *count.
 */
static xap_status write_passages(struct apply *a, const char *path,
				 const struct decoded *dec, unsigned *count,
				 xap_error *err)
{
	struct put_ctx pc = { a, path, NULL, 0, err, XAP_OK };
	unsigned long before = a->st.passages;
	/*
	 * Old passages go first, even for a file the state does not know (a
	 * deletion by one term is cheap, and it makes sure no stray passage
	 * of the path survives), so that every passage can then be added
	 * without looking up its unique term.
	 */
	xap_status s = xap_writer_delete_file(a->w, path, err);

	if (s != XAP_OK)
		return s;
	pc.title_len = passage_title(dec->text, dec->len, &pc.title);
	passage_split_min(dec->text, dec->len, a->set.min_passage, put_one,
			  &pc);
	*count = (unsigned)(a->st.passages - before);
	return pc.status;
}

/*
 * Decodes a file's bytes (buf, freed here) and indexes its passages, or
 * skips it as binary.
 */
static xap_status index_bytes(struct apply *a, const char *path,
			      enum plan_action act, struct fingerprint *now,
			      char *buf, size_t len, xap_error *err)
{
	struct decoded dec;
	unsigned count = 0;
	xap_status s;

	switch (decode_to_utf8(buf, len, &dec)) {
	case DECODE_TEXT:
		break;
	case DECODE_BINARY:
		free(buf);
		a->st.skipped_binary++;
		return store_nothing(a, path, act, now, err);
	case DECODE_NO_MEMORY:
	default:
		free(buf);
		msg_error("cannot index '%s': out of memory", msg_path(path));
		a->st.unreadable++;
		plan_keep(a->plan, path);
		return XAP_OK;
	}
	free(buf);
	if (dec.replaced)
		msg_warn("'%s': %zu invalid UTF-8 sequences replaced",
			 msg_path(path), dec.replaced);
	/* Word breaks as a query sees them (fold.h). */
	dec.len = fold_word_breaks(dec.text, dec.len);
	s = write_passages(a, path, &dec, &count, err);
	decode_release(&dec);
	if (s != XAP_OK)
		return s;
	if (act == PLAN_CHECK)
		a->st.updated++;
	else
		a->st.added++;
	now->passages = count;
	return store_state(a, path, now, err);
}

/* Removes a file's stored state. */
static xap_status apply_forget(struct apply *a, const char *path,
			       xap_error *err)
{
	char key[DM_NAME_MAX];

	return xap_writer_set_metadata(a->w, docmodel_file_state_key(key, path),
				       "", 0, err);
}

/* A file that could not be read (readfile()'s error e) is kept or skipped. */
static xap_status read_failed(struct apply *a, const char *path,
			      enum plan_action act, int e, xap_error *err)
{
	xap_status s;

	switch (e) {
	case EFBIG:
		msg_warn("skipping '%s': larger than --max-file-size (%llu bytes)",
			 msg_path(path), (unsigned long long)a->set.max_size);
		a->st.skipped_large++;
		/*
		 * No state: a later run, maybe with a larger limit, reads it
		 * again rather than find it unchanged.
		 */
		if (act == PLAN_ADD)
			return XAP_OK;
		s = xap_writer_delete_file(a->w, path, err);
		return s != XAP_OK ? s : apply_forget(a, path, err);
	case EINVAL:
		/* Replaced by a FIFO, a device, ... since the walk: not read. */
		a->st.skipped_other++;
		return XAP_OK;
	case EINTR:
		/* SIGINT or SIGTERM: the run stops after this file, kept. */
		return XAP_OK;
	default:
		msg_error("cannot read '%s': %s", msg_path(path),
			  e == ETIMEDOUT ? "too slow (--file-timeout)" :
			  strerror(e));
		a->st.unreadable++;
		return XAP_OK;
	}
}

xap_status apply_file(struct apply *a, const char *path, const char *file,
		      const struct stat *st, xap_error *err)
{
	struct fingerprint now, stored;
	enum plan_action act;
	struct stat rst;
	struct readfile_opts ro = { a->set.max_size, a->set.file_timeout,
				    a->stop };
	char *buf = NULL;
	size_t len = 0;
	int e;

	fingerprint_from_stat(&now, st);
	act = plan_check(a->plan, path, &now, a->set.verify, &stored);
	if (act == PLAN_UNCHANGED) {
		a->st.unchanged++;
		return XAP_OK;
	}
	e = readfile(file, &ro, &buf, &len, &rst);
	if (e)
		return read_failed(a, path, act, e, err);
	fingerprint_from_stat(&now, &rst);
	fingerprint_hash(&now, buf, len);
	if (act == PLAN_CHECK && strcmp(now.hash, stored.hash) == 0) {
		/* Touched, not changed: remember the new stat, write no passage. */
		free(buf);
		now.passages = stored.passages;
		a->st.unchanged++;
		return store_state(a, path, &now, err);
	}
	return index_bytes(a, path, act, &now, buf, len, err);
}

void apply_other(struct apply *a, const struct walk_item *item,
		 const char *path)
{
	switch (item->kind) {
	case WALK_ERROR:
		msg_error("cannot read '%s': %s", msg_path(path),
			  strerror(item->err));
		a->st.unreadable++;
		plan_keep(a->plan, path);
		break;
	case WALK_DANGLING:
	case WALK_SPECIAL:
		a->st.skipped_other++;
		break;
	case WALK_FILE:
	case WALK_LOOP:
		break;
	}
}

xap_status apply_delete(struct apply *a, const char *path, xap_error *err)
{
	xap_status s = xap_writer_delete_file(a->w, path, err);

	if (s != XAP_OK)
		return s;
	a->st.deleted++;
	return apply_forget(a, path, err);
}
