/*
 * msg.h - the one formatter of messages to the user.
 *
 * Format, documented in DIAGNOSTICS of both man pages:
 *   PROG: MESSAGE
 * lower case, the failure first, the subject in single quotes, no full
 * stop, one line.  Results go to stdout; messages, progress and summaries
 * to stderr.
 */
#ifndef MSG_H
#define MSG_H

#include <stdio.h>

/* Sets the program name printed before every message. */
void msg_init(const char *prog);

const char *msg_prog(void);

/* "PROG: MESSAGE\n" on stderr. */
void msg_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* "PROG: MESSAGE\n" on stderr, for what is not a failure (a summary). */
void msg_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* "PROG: warning: MESSAGE\n" on stderr. */
void msg_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* msg_error() then exit(code). */
void msg_fatal(int code, const char *fmt, ...)
	__attribute__((format(printf, 2, 3), noreturn));

/*
 * A path made safe to print on one line: control characters (newline,
 * tab, escape, ...) become '?'.  Returns a static buffer valid until the
 * next call; long paths are cut with "...".
 */
const char *msg_path(const char *path);

#endif /* MSG_H */
