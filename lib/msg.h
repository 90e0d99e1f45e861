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
 * A path made safe to print on one line: each character msg_char() finds
 * unsafe (newline, tab, escape, C1 controls, bidi overrides, ...) becomes
 * '?'.  Returns a buffer of the calling thread, valid until its next
 * call; long paths are cut with "...".
 */
const char *msg_path(const char *path);

/*
 * The length in bytes of the character at s (n > 0 bytes left): of a
 * valid UTF-8 sequence, or 1 for a byte that starts none.  *unsafe is set
 * when a terminal would act on it rather than show it: C0 controls and
 * DEL, C1 controls (U+0080-U+009F, and a lone byte 0x80-0x9F, which an
 * 8-bit terminal takes for one), and the bidirectional overrides and
 * isolates (U+202A-U+202E, U+2066-U+2069), which reorder what follows.
 * Text output shows such a character as '?'.
 */
size_t msg_char(const char *s, size_t n, int *unsafe);

#endif /* MSG_H */
