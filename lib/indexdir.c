/*
 * indexdir.c - the index directory: lock, stub, versioned databases (see
 * indexdir.h).
 */
#define _XOPEN_SOURCE 700	/* nftw() */
#include "indexdir.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define LEGACY_MARK "iamglass"
#define STUB_TMP INDEXDIR_STUB ".tmp"
/* How often a waiting indexer tries the lock again. */
#define LOCK_POLL_NS 50000000L

static char *join(const char *dir, const char *name)
{
	size_t n = strlen(dir) + 1 + strlen(name) + 1;
	char *p = malloc(n);

	if (p)
		snprintf(p, n, "%s/%s", dir, name);
	return p;
}

int indexdir_open(struct indexdir *d, const char *path, int create)
{
	struct stat st;

	d->lock_fd = -1;
	d->version = -1;
	d->path = strdup(path);
	if (!d->path)
		return ENOMEM;
	if (stat(path, &st) != 0) {
		int e = errno;

		if (e != ENOENT || !create || mkdir(path, 0777) != 0) {
			e = e == ENOENT && create ? errno : e;
			free(d->path);
			d->path = NULL;
			return e;
		}
		return 0;
	}
	if (!S_ISDIR(st.st_mode)) {
		free(d->path);
		d->path = NULL;
		return ENOTDIR;
	}
	return 0;
}

void indexdir_close(struct indexdir *d)
{
	if (d->lock_fd >= 0)
		close(d->lock_fd);	/* releases the lock */
	d->lock_fd = -1;
	free(d->path);
	d->path = NULL;
}

static void describe_holder(int fd, pid_t pid, char *out, size_t n)
{
	char buf[64], when[32] = "";
	ssize_t r = pread(fd, buf, sizeof(buf) - 1, 0);
	long long fpid = 0, start = 0;

	if (!n)
		return;
	out[0] = '\0';
	if (r > 0) {
		buf[r] = '\0';
		/* The start time is the holder's only if the pid is too. */
		if (sscanf(buf, "%lld %lld", &fpid, &start) == 2 &&
		    (pid <= 0 || fpid == (long long)pid)) {
			time_t t = (time_t)start;
			struct tm tm;

			if (gmtime_r(&t, &tm))
				strftime(when, sizeof(when),
					 ", since %Y-%m-%d %H:%M:%S UTC", &tm);
			pid = (pid_t)fpid;
		}
	}
	if (pid > 0)
		snprintf(out, n, "pid %lld%s", (long long)pid, when);
}

static int try_lock(int fd, pid_t *holder)
{
	struct flock fl;

	memset(&fl, 0, sizeof(fl));
	fl.l_type = F_WRLCK;
	fl.l_whence = SEEK_SET;
	if (fcntl(fd, F_SETLK, &fl) == 0)
		return 0;
	if (errno != EAGAIN && errno != EACCES)
		return errno;
	*holder = 0;
	memset(&fl, 0, sizeof(fl));
	fl.l_type = F_WRLCK;
	fl.l_whence = SEEK_SET;
	if (fcntl(fd, F_GETLK, &fl) == 0 && fl.l_type != F_UNLCK)
		*holder = fl.l_pid;
	return EWOULDBLOCK;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int indexdir_lock(struct indexdir *d, double timeout, char *holder, size_t n,
		  void (*on_wait)(const char *holder, void *ctx), void *ctx)
{
	char *p = join(d->path, INDEXDIR_LOCK);
	double deadline = now_s() + timeout;
	int fd, e, waited = 0;
	pid_t pid = 0;

	if (n)
		holder[0] = '\0';
	if (!p)
		return ENOMEM;
	fd = open(p, O_RDWR | O_CREAT | O_CLOEXEC | O_NOCTTY, 0666);
	e = errno;
	free(p);
	if (fd < 0)
		return e;
	for (;;) {
		struct timespec ts = { 0, LOCK_POLL_NS };

		e = try_lock(fd, &pid);
		if (e != EWOULDBLOCK)
			break;
		describe_holder(fd, pid, holder, n);
		if (now_s() >= deadline)
			break;
		if (!waited && on_wait)
			on_wait(n ? holder : "", ctx);
		waited = 1;
		nanosleep(&ts, NULL);
	}
	if (e) {
		close(fd);
		return e;
	}
	{
		/* Who holds it, for the message a second indexer prints. */
		char line[64];
		int len = snprintf(line, sizeof(line), "%lld %lld\n",
				   (long long)getpid(), (long long)time(NULL));

		if (ftruncate(fd, 0) != 0 ||
		    pwrite(fd, line, (size_t)len, 0) != len) {
			/* Only the message suffers; the lock holds. */
		}
	}
	d->lock_fd = fd;
	if (n)
		holder[0] = '\0';
	return 0;
}

/* "db-0001" -> 1; -1 for any other name. */
static int parse_db_name(const char *name)
{
	char *end;
	long v;

	if (strncmp(name, "db-", 3) != 0 || name[3] < '0' || name[3] > '9')
		return -1;
	errno = 0;
	v = strtol(name + 3, &end, 10);
	if (errno || *end || v <= 0 || v > 999999)
		return -1;
	return (int)v;
}

int indexdir_read(struct indexdir *d)
{
	char *p = join(d->path, LEGACY_MARK);
	char buf[128], name[64];
	FILE *f;
	size_t r;
	int e;

	if (!p)
		return ENOMEM;
	/* Xapian prefers a glass database in INDEX itself to the stub. */
	e = access(p, F_OK) == 0 ? 0 : errno;
	free(p);
	if (e == 0) {
		d->version = 0;
		return 0;
	}
	p = join(d->path, INDEXDIR_STUB);
	if (!p)
		return ENOMEM;
	f = fopen(p, "re");
	e = errno;
	free(p);
	if (!f) {
		if (e != ENOENT)
			return e;
		d->version = -1;
		return 0;
	}
	r = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[r] = '\0';
	if (sscanf(buf, "glass %63s", name) != 1 ||
	    parse_db_name(name) < 0)
		return EINVAL;
	d->version = parse_db_name(name);
	return 0;
}

char *indexdir_db_path(const struct indexdir *d, int version)
{
	char name[32];

	if (version <= 0)
		return strdup(d->path);
	snprintf(name, sizeof(name), "db-%04d", version);
	return join(d->path, name);
}

int indexdir_next_version(const struct indexdir *d)
{
	DIR *dir = opendir(d->path);
	struct dirent *de;
	int max = d->version > 0 ? d->version : 0;

	if (dir) {
		while ((de = readdir(dir)) != NULL) {
			int v = parse_db_name(de->d_name);

			if (v > max)
				max = v;
		}
		closedir(dir);
	}
	return max + 1;
}

static int sync_dir(const char *path)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int e = 0;

	if (fd < 0)
		return errno;
	if (fsync(fd) != 0)
		e = errno;
	close(fd);
	return e;
}

int indexdir_publish(struct indexdir *d, int version)
{
	char *tmp = join(d->path, STUB_TMP), *stub = join(d->path, INDEXDIR_STUB);
	char line[64];
	int fd = -1, len, e = 0;

	if (!tmp || !stub) {
		e = ENOMEM;
		goto out;
	}
	len = snprintf(line, sizeof(line), "glass db-%04d\n", version);
	errno = 0;
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	if (fd < 0 || write(fd, line, (size_t)len) != len || fsync(fd) != 0) {
		e = errno ? errno : EIO;
		goto out;
	}
	if (close(fd) != 0) {
		fd = -1;
		e = errno;
		goto out;
	}
	fd = -1;
	if (rename(tmp, stub) != 0) {
		e = errno;
		goto out;
	}
	if (d->version == 0) {
		/* The old layout: the stub counts once this mark is gone. */
		char *mark = join(d->path, LEGACY_MARK);

		if (!mark || unlink(mark) != 0)
			e = mark ? errno : ENOMEM;
		free(mark);
		if (e)
			goto out;
	}
	e = sync_dir(d->path);
	d->version = version;
out:
	if (fd >= 0)
		close(fd);
	if (e && tmp)
		unlink(tmp);
	free(tmp);
	free(stub);
	return e;
}

static int rm_one(const char *path, const struct stat *st, int flag,
		  struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path) != 0 && errno != ENOENT ? errno : 0;
}

int indexdir_remove(struct indexdir *d, int version)
{
	char *p;
	int e;

	if (version <= 0 || version == d->version)
		return EINVAL;
	p = indexdir_db_path(d, version);
	if (!p)
		return ENOMEM;
	e = nftw(p, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	if (e < 0)
		e = errno == ENOENT ? 0 : errno;
	free(p);
	return e;
}

/* A file of the old layout: a glass table, its lock or its mark. */
static int is_legacy_file(const char *name)
{
	size_t n = strlen(name);

	return strcmp(name, LEGACY_MARK) == 0 ||
	       strcmp(name, "flintlock") == 0 ||
	       (n > 6 && strcmp(name + n - 6, ".glass") == 0) ||
	       (n > 6 && strcmp(name + n - 6, ".baseA") == 0) ||
	       (n > 6 && strcmp(name + n - 6, ".baseB") == 0);
}

int indexdir_remove_stale(struct indexdir *d)
{
	DIR *dir = opendir(d->path);
	struct dirent *de;
	int e = 0;

	if (!dir)
		return errno;
	while ((de = readdir(dir)) != NULL) {
		int v = parse_db_name(de->d_name), r = 0;

		if (v > 0 && v != d->version) {
			r = indexdir_remove(d, v);
		} else if (d->version > 0 && is_legacy_file(de->d_name)) {
			char *p = join(d->path, de->d_name);

			r = !p ? ENOMEM : unlink(p) != 0 ? errno : 0;
			free(p);
		}
		if (r && !e)
			e = r;
	}
	closedir(dir);
	return e;
}
