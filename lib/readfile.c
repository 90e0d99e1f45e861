/*
 * readfile.c - reading a whole file into memory (see readfile.h).
 */
#define _GNU_SOURCE		/* gettid(), SIGEV_THREAD_ID */
#include "readfile.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#ifndef sigev_notify_thread_id
#define sigev_notify_thread_id _sigev_un._tid
#endif

/* The SIGALRM handler: being called is all it is for (EINTR). */
static void on_tick(int sig)
{
	(void)sig;
}

static pthread_once_t tick_once = PTHREAD_ONCE_INIT;
static pthread_key_t tick_key;

static void delete_tick(void *p)
{
	timer_t *t = p;

	timer_delete(*t);
	free(t);
}

static void tick_setup(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_tick;
	sigemptyset(&sa.sa_mask);
	/* No SA_RESTART: a blocked read must return. */
	sigaction(SIGALRM, &sa, NULL);
	pthread_key_create(&tick_key, delete_tick);
}

/*
 * This thread's timer (made once per thread, deleted when it ends), sent
 * to this thread only; NULL if it cannot be made (reads then block as
 * they would).
 */
static timer_t *thread_tick(void)
{
	timer_t *t;
	struct sigevent sev;

	pthread_once(&tick_once, tick_setup);
	t = pthread_getspecific(tick_key);
	if (t)
		return t;
	t = malloc(sizeof(*t));
	if (!t)
		return NULL;
	memset(&sev, 0, sizeof(sev));
	sev.sigev_notify = SIGEV_THREAD_ID;
	sev.sigev_signo = SIGALRM;
	sev.sigev_notify_thread_id = gettid();
	if (timer_create(CLOCK_MONOTONIC, &sev, t) != 0) {
		free(t);
		return NULL;
	}
	if (pthread_setspecific(tick_key, t) != 0) {
		delete_tick(t);
		return NULL;
	}
	return t;
}

static void set_tick(timer_t *t, long ms)
{
	struct itimerspec its;

	memset(&its, 0, sizeof(its));
	its.it_value.tv_sec = ms / 1000;
	its.it_value.tv_nsec = (ms % 1000) * 1000000L;
	its.it_interval = its.it_value;
	timer_settime(*t, 0, &its, NULL);
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int readfile_fd(int fd, const struct readfile_opts *o, size_t hint,
		char **buf, size_t *len)
{
	/* The limit, within what memory can hold. */
	size_t max = o->max > SIZE_MAX / 2 ? SIZE_MAX / 2 : (size_t)o->max;
	size_t cap = hint < max ? hint + 1 : max + 1, n = 0;
	int watched = o->timeout > 0 || o->stop, e = 0;
	double deadline = o->timeout > 0 ? now_s() + o->timeout : 0;
	timer_t *tick = NULL;
	char *b;

	b = malloc(cap);
	if (!b)
		return ENOMEM;
	if (watched) {
		tick = thread_tick();
		if (tick)
			set_tick(tick, READFILE_TICK_MS);
	}
	for (;;) {
		ssize_t r;

		if (o->stop && *o->stop) {
			e = EINTR;
			break;
		}
		if (deadline > 0 && now_s() >= deadline) {
			e = ETIMEDOUT;
			break;
		}
		if (n == cap - 1) {
			/* The file grew since fstat; keep within the limit. */
			char *nb;

			if (cap - 1 >= max) {
				/* At the limit: only more bytes are too many. */
				char extra;

				r = read(fd, &extra, 1);
				if (r < 0 && errno == EINTR)
					continue;
				if (r != 0)
					e = r < 0 ? errno : EFBIG;
				break;
			}
			cap = cap * 2 > max + 1 ? max + 1 : cap * 2;
			nb = realloc(b, cap);
			if (!nb) {
				e = ENOMEM;
				break;
			}
			b = nb;
		}
		r = read(fd, b + n, cap - 1 - n);
		if (r < 0) {
			/* The timer's tick, or a signal: look again. */
			if (errno == EINTR)
				continue;
			e = errno;
			break;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	if (tick)
		set_tick(tick, 0);	/* disarmed: no tick after this */
	if (e) {
		free(b);
		return e;
	}
	b[n] = '\0';
	*buf = b;
	*len = n;
	return 0;
}

int readfile(const char *path, const struct readfile_opts *o, char **buf,
	     size_t *len, struct stat *st)
{
	/* A FIFO opened for reading would wait for a writer; never wait. */
	int fd = open(path, O_RDONLY | O_NOCTTY | O_CLOEXEC | O_NONBLOCK), e;

	if (fd < 0)
		return errno;
	if (fstat(fd, st) != 0) {
		e = errno;
		close(fd);
		return e;
	}
	/* What the walk saw may have been replaced since: look again. */
	if (!S_ISREG(st->st_mode)) {
		close(fd);
		return EINVAL;
	}
	if ((uint64_t)st->st_size > o->max) {
		close(fd);
		return EFBIG;
	}
	e = readfile_fd(fd, o, (size_t)st->st_size, buf, len);
	close(fd);
	return e;
}

int readfile_all(const char *path, uint64_t max, char **buf, size_t *len,
		 struct stat *st)
{
	struct readfile_opts o = { max, 0, NULL };

	return readfile(path, &o, buf, len, st);
}
