/*
 * xap_status.cc - the binding's errors: Xapian's exceptions to xap_status
 * and a one-line message (see xap_internal.hh), the small helpers every
 * entry point uses to check its arguments and hand out strings, and the
 * waits between retries of a read that a writer overtook.
 */
#include "xap_internal.hh"

#include <cerrno>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <new>

#include <sys/stat.h>

/*
 * Writes the message into err, on one line: paths and Xapian's messages
 * may hold newlines.  Never throws and never allocates.
 */
static void set_error(xap_error *err, xap_status status, const char *fmt,
		      va_list ap)
{
	err->status = status;
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	for (char *p = err->msg; *p; p++)
		if ((unsigned char)*p < 0x20)
			*p = ' ';
}

xap_status xap__fail(xap_error *err, xap_status status, const char *fmt,
		     ...)
{
	va_list ap;

	if (!err)
		return status;
	va_start(ap, fmt);
	set_error(err, status, fmt, ap);
	va_end(ap);
	return status;
}

void xap_error_set(xap_error *err, xap_status status, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return;
	va_start(ap, fmt);
	set_error(err, status, fmt, ap);
	va_end(ap);
}

void xap__ok(xap_error *err)
{
	if (err) {
		err->status = XAP_OK;
		err->msg[0] = '\0';
	}
}

/* Xapian's own message plus the errno text it carries, if any. */
static void xap__describe(const Xapian::Error &e, char *buf, size_t size)
{
	const char *errstr = e.get_error_string();

	if (errstr && *errstr)
		snprintf(buf, size, "%s (%s)", e.get_msg().c_str(), errstr);
	else
		snprintf(buf, size, "%s", e.get_msg().c_str());
}

/*
 * Maps the exception being handled to a status and a message.  Call only
 * from a catch block.  'index' is the index path the failing call was
 * about, or NULL when there is none or more than one.
 */
xap_status xap__status_from_exception(xap_error *err, const char *index)
{
	char desc[400];
	char subject[300];

	if (index)
		snprintf(subject, sizeof(subject), "index '%s'", index);
	else
		snprintf(subject, sizeof(subject), "the index");
	try {
		throw;
	} catch (const Xapian::DatabaseLockError &) {
		return xap__fail(err, XAP_LOCKED,
				 "%s is locked by another indexer", subject);
	} catch (const Xapian::DatabaseModifiedError &) {
		return xap__fail(err, XAP_MODIFIED,
				 "%s kept changing while being read; try again",
				 subject);
	} catch (const Xapian::QueryParserError &e) {
		return xap__fail(err, XAP_BAD_QUERY, "bad query: %s",
				 e.get_msg().c_str());
	} catch (const Xapian::DatabaseCorruptError &e) {
		xap__describe(e, desc, sizeof(desc));
		return xap__fail(err, XAP_CORRUPT,
				 "%s is damaged: %s; "
				 "rebuild it with 'indexer --full'",
				 subject, desc);
	} catch (const Xapian::DatabaseOpeningError &e) {
		/* Also DatabaseNotFoundError and DatabaseVersionError. */
		struct stat st;

		xap__describe(e, desc, sizeof(desc));
		if (!index)
			return xap__fail(err, XAP_NOT_FOUND,
					 "cannot open the index: %s", desc);
		if (stat(index, &st) != 0)
			return xap__fail(err, XAP_NOT_FOUND, "no index at '%s'",
					 index);
		return xap__fail(err, XAP_NOT_FOUND, "'%s' is not an index: %s",
				 index, desc);
	} catch (const Xapian::DatabaseCreateError &e) {
		xap__describe(e, desc, sizeof(desc));
		return xap__fail(err, XAP_IO, "cannot create %s: %s", subject,
				 desc);
	} catch (const Xapian::DatabaseError &e) {
		/*
		 * The base class.  With an errno it failed to read or write
		 * (disk full, I/O error); without, a table is damaged ("EOF
		 * reading block": a truncated file).
		 */
		const char *errstr = e.get_error_string();

		xap__describe(e, desc, sizeof(desc));
		if (errstr && *errstr)
			return xap__fail(err, XAP_IO, "%s: %s", subject, desc);
		return xap__fail(err, XAP_CORRUPT,
				 "%s is damaged: %s; "
				 "rebuild it with 'indexer --full'",
				 subject, desc);
	} catch (const Xapian::Error &e) {
		xap__describe(e, desc, sizeof(desc));
		return xap__fail(err, XAP_IO, "%s: %s: %s", subject,
				 e.get_type(), desc);
	} catch (const std::bad_alloc &) {
		return xap__fail(err, XAP_NO_MEMORY, "out of memory");
	} catch (const std::exception &e) {
		return xap__fail(err, XAP_INTERNAL, "internal error: %s",
				 e.what());
	} catch (...) {
		return xap__fail(err, XAP_INTERNAL,
				 "internal error: unknown C++ exception");
	}
}

const char *xap_status_string(xap_status status)
{
	/* No default: -Wswitch reports a status added without a string. */
	switch (status) {
	case XAP_OK:
		return "success";
	case XAP_NO_MEMORY:
		return "out of memory";
	case XAP_NOT_FOUND:
		return "no index at the path";
	case XAP_LOCKED:
		return "index is locked by another writer";
	case XAP_MODIFIED:
		return "index was modified while being read";
	case XAP_BAD_QUERY:
		return "query does not parse";
	case XAP_CORRUPT:
		return "index is damaged";
	case XAP_IO:
		return "index input/output error";
	case XAP_INVALID:
		return "invalid argument";
	case XAP_INTERNAL:
		return "internal error";
	case XAP_OLD_INDEX:
		return "index has an older layout";
	case XAP_STATUS_LAST:
		break;
	}
	return "unknown status";
}

bool xap__key_ok(const char *key)
{
	return key && *key && strlen(key) <= XAP_MAX_KEY_LEN;
}

xap_status xap__bad_key(xap_error *err)
{
	return xap__fail(err, XAP_INVALID,
			 "metadata key is empty or longer than %d bytes",
			 XAP_MAX_KEY_LEN);
}

/* Hands out a malloc'd, NUL-terminated copy of v (which may hold NULs). */
xap_status xap__copy_out(const std::string &v, char **value, size_t *len,
			 xap_error *err)
{
	char *copy = (char *)malloc(v.size() + 1);

	if (!copy)
		return xap__fail(err, XAP_NO_MEMORY, "out of memory");
	memcpy(copy, v.data(), v.size());
	copy[v.size()] = '\0';
	*value = copy;
	if (len)
		*len = v.size();
	return XAP_OK;
}

double xap__now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Attempts before the first wait; the longest wait, in milliseconds. */
#define QUICK_ATTEMPTS 5
#define LONGEST_WAIT 100L

void xap__back_off(int attempt)
{
	struct timespec ts;
	long ms;

	if (attempt <= QUICK_ATTEMPTS)
		return;
	ms = 1L << (attempt - QUICK_ATTEMPTS < 7 ? attempt - QUICK_ATTEMPTS : 7);
	ts.tv_sec = 0;
	ts.tv_nsec = (ms < LONGEST_WAIT ? ms : LONGEST_WAIT) * 1000000L;
	nanosleep(&ts, NULL);
}
