/*
 * xap_spelling.cc - one spelling table shared by the writers of a
 * parallel build (xap.h, xap_spelling_open()).
 */
#include "xap_internal.hh"

#include <mutex>

xap_status xap_spelling_open(const char *path, xap_spelling **out,
			     xap_error *err)
{
	if (out)
		*out = NULL;
	if (!path || !*path || !out)
		return xap__fail(err, XAP_INVALID,
				 "xap_spelling_open: no path or result");
	try {
		*out = new xap_spelling(path);
		xap__ok(err);
		return XAP_OK;
	} catch (...) {
		return xap__status_from_exception(err, path);
	}
}

xap_status xap_writer_share_spelling(xap_writer *w, xap_spelling *s,
				     xap_error *err)
{
	if (!w || !s)
		return xap__fail(err, XAP_INVALID,
				 "xap_writer_share_spelling: no writer or table");
	try {
		/* Words counted so far stay with the writer's own index. */
		w->words->flush_spelling(w->db, w->spelling);
		w->spelling = s;
		xap__ok(err);
		return XAP_OK;
	} catch (...) {
		return xap__status_from_exception(err, w->path.c_str());
	}
}

xap_status xap_spelling_commit(xap_spelling *s, xap_error *err)
{
	if (!s)
		return xap__fail(err, XAP_INVALID, "xap_spelling_commit: no table");
	try {
		std::lock_guard<std::mutex> hold(s->lock);

		s->commit();
		xap__ok(err);
		return XAP_OK;
	} catch (...) {
		return xap__status_from_exception(err, s->path.c_str());
	}
}

void xap_spelling_close(xap_spelling *s)
{
	if (!s)
		return;
	/* close() would commit what waits: drop it, as a writer does. */
	try {
		s->db.begin_transaction(false);
		s->db.cancel_transaction();
	} catch (...) {
	}
	try {
		s->db.close();
	} catch (...) {
	}
	delete s;
}
