/*
 * progress.h - a one-line progress display on stderr, only when stderr is
 * a terminal (never in pipes, logs or tests).
 */
#ifndef PROGRESS_H
#define PROGRESS_H

struct progress {
	int enabled;
	double last;		/* monotonic seconds of the last redraw */
};

/* Enabled when 'want' is set and stderr is a terminal. */
void progress_init(struct progress *p, int want);

/* Redraws at most ten times a second: files seen, passages, current path. */
void progress_update(struct progress *p, unsigned long files,
		     unsigned long passages, const char *path);

/* Clears the line, so the summary starts on a clean line. */
void progress_done(struct progress *p);

/* Monotonic time in seconds. */
double progress_now(void);

#endif /* PROGRESS_H */
