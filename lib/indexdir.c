/*
 * indexdir.c - the index directory: ownership, lock, stub, versioned
 * databases (see indexdir.h).
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
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "docmodel.h"
#include "xap.h"

#define LEGACY_MARK "iamglass"
#define STUB_TMP INDEXDIR_STUB ".tmp"
#define MARKER_TMP INDEXDIR_MARKER ".tmp"
/* How often a waiting indexer tries the lock again. */
#define LOCK_POLL_NS 50000000L
/* Lock files deleted under a locker's feet before it gives up. */
#define LOCK_REOPENS 100

/*
 * The files of a glass database, the first layout's in INDEX itself: the
 * only names removed from INDEX once it has moved to a db-NNNN.
 */
static const char *const glass_files[] = {
	"iamglass", "flintlock", "postlist.glass", "docdata.glass",
	"termlist.glass", "position.glass", "spelling.glass",
	"synonym.glass",
};
#define NGLASS (sizeof(glass_files) / sizeof(glass_files[0]))

/* The files that make a directory a Xapian database (its version file). */
static const char *const xapian_names[] = {
	INDEXDIR_STUB, "iamglass", "iamchert", "iamflint", "iamhoney",
};

/*
 * The metadata keys every index of this indexer has had since its first
 * layout (META_ROOTS, META_TOKENIZER): what makes an unmarked index ours.
 */
static const char *const our_keys[] = { META_ROOTS, META_TOKENIZER };

static char *join(const char *dir, const char *name)
{
	size_t n = strlen(dir) + 1 + strlen(name) + 1;
	char *p = malloc(n);

	if (p)
		snprintf(p, n, "%s/%s", dir, name);
	return p;
}

const char *indexdir_strerror(int e)
{
	switch (e) {
	case INDEXDIR_EFOREIGN:
		return "holds a Xapian database that this indexer did not create";
	case INDEXDIR_ENOTINDEX:
		return "is a directory that is not an index (it is not empty)";
	case INDEXDIR_EMARKER:
		return "has an " INDEXDIR_MARKER " file this indexer cannot read";
	case INDEXDIR_ENEWER:
		return "is an index of a later version of this indexer";
	case INDEXDIR_EUNKNOWN:
		return "holds a Xapian database that cannot be opened to tell whether this indexer created it";
	case INDEXDIR_EEMPTY:
		return "is an empty directory, not an index";
	default:
		return strerror(e);
	}
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

static int listed(const struct indexdir *d, int v)
{
	size_t i;

	for (i = 0; i < d->ndbs; i++)
		if (d->dbs[i] == v)
			return 1;
	return 0;
}

static int list_add(struct indexdir *d, int v)
{
	int *n;

	if (listed(d, v))
		return 0;
	n = realloc(d->dbs, (d->ndbs + 1) * sizeof(*n));
	if (!n)
		return ENOMEM;
	d->dbs = n;
	d->dbs[d->ndbs++] = v;
	return 0;
}

static void list_del(struct indexdir *d, int v)
{
	size_t i;

	for (i = 0; i < d->ndbs; i++)
		if (d->dbs[i] == v) {
			d->dbs[i] = d->dbs[--d->ndbs];
			return;
		}
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

/*
 * Writes 'len' bytes to INDEX/name through INDEX/tmp: written, synced,
 * renamed over name, the directory synced.  Readers see the old file or
 * the new one.
 */
static int replace_file(const char *dir, const char *name, const char *tmp,
			const char *text, size_t len)
{
	char *t = join(dir, tmp), *f = join(dir, name);
	int fd = -1, e = 0;

	if (!t || !f) {
		e = ENOMEM;
		goto out;
	}
	errno = 0;
	fd = open(t, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW,
		  0666);
	if (fd < 0 || write(fd, text, len) != (ssize_t)len ||
	    fsync(fd) != 0) {
		e = errno ? errno : EIO;
		goto out;
	}
	e = close(fd) != 0 ? errno : 0;
	fd = -1;
	if (!e && rename(t, f) != 0)
		e = errno;
	if (!e)
		e = sync_dir(dir);
out:
	if (fd >= 0)
		close(fd);
	if (e && t)
		unlink(t);
	free(t);
	free(f);
	return e;
}

/* Writes the marker from d->dbs.  Only under the lock. */
static int write_marker(struct indexdir *d)
{
	size_t cap = sizeof(INDEXDIR_FORMAT) + 1 + d->ndbs * 32, n, i;
	char *text = malloc(cap);
	int e;

	if (!text)
		return ENOMEM;
	n = (size_t)snprintf(text, cap, "%s\n", INDEXDIR_FORMAT);
	for (i = 0; i < d->ndbs; i++) {
		if (d->dbs[i] == 0)
			n += (size_t)snprintf(text + n, cap - n, "database .\n");
		else
			n += (size_t)snprintf(text + n, cap - n,
					      "database db-%04d\n", d->dbs[i]);
	}
	e = replace_file(d->path, INDEXDIR_MARKER, MARKER_TMP, text, n);
	free(text);
	return e;
}

/*
 * Reads the marker into d->dbs: 0, ENOENT when there is none,
 * INDEXDIR_EMARKER or INDEXDIR_ENEWER.
 */
static int read_marker(struct indexdir *d)
{
	static const char prefix[] = "format passage-search-index ";
	char *p = join(d->path, INDEXDIR_MARKER), line[256];
	FILE *f;
	int e = 0, first = 1;

	if (!p)
		return ENOMEM;
	f = fopen(p, "re");
	e = errno;
	free(p);
	if (!f)
		return e == ENOENT ? ENOENT : e;
	free(d->dbs);
	d->dbs = NULL;
	d->ndbs = 0;
	e = 0;
	while (!e && fgets(line, sizeof(line), f)) {
		char name[64];

		line[strcspn(line, "\n")] = '\0';
		if (first) {
			first = 0;
			if (strcmp(line, INDEXDIR_FORMAT) == 0)
				continue;
			e = strncmp(line, prefix, sizeof(prefix) - 1) == 0 &&
			    atoi(line + sizeof(prefix) - 1) > 1 ?
				INDEXDIR_ENEWER : INDEXDIR_EMARKER;
		} else if (strcmp(line, "database .") == 0) {
			e = list_add(d, 0);
		} else if (sscanf(line, "database %63s", name) == 1) {
			int v = parse_db_name(name);

			e = v > 0 ? list_add(d, v) : INDEXDIR_EMARKER;
		}
		/* Other lines are for later versions of this layout. */
	}
	if (!e && first)
		e = INDEXDIR_EMARKER;
	fclose(f);
	return e;
}

/*
 * Reads a stub this indexer writes, "glass db-NNNN\n": the version, -1
 * for anything else (or ENOENT-like absence: -2).
 */
static int read_stub(const char *dir)
{
	char *p = join(dir, INDEXDIR_STUB), buf[128], name[64], nl;
	FILE *f;
	size_t r;

	int e;

	if (!p)
		return -1;
	f = fopen(p, "re");
	e = errno;
	free(p);
	if (!f)
		return e == ENOENT ? -2 : -1;
	r = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[r] = '\0';
	/* Exactly "glass NAME", a newline or not, and nothing else. */
	nl = '\n';
	if (sscanf(buf, "glass %63[^\n]%c", name, &nl) < 1 || nl != '\n' ||
	    strlen(buf) != strlen("glass ") + strlen(name) +
			   (buf[r ? r - 1 : 0] == '\n'))
		return -1;
	return parse_db_name(name);
}

static int exists_in(const char *dir, const char *name)
{
	char *p = join(dir, name);
	struct stat st;
	int r = p && lstat(p, &st) == 0;

	free(p);
	return r;
}

/*
 * Whether the database at 'db' was made by this indexer: its metadata has
 * our keys.  0 (ours), INDEXDIR_EFOREIGN or INDEXDIR_EUNKNOWN.  It is
 * opened read-only: nothing in it changes.
 */
static int db_is_ours(const char *db)
{
	int r = xap_has_metadata(db, our_keys,
				 sizeof(our_keys) / sizeof(our_keys[0]));

	return r > 0 ? 0 : r == 0 ? INDEXDIR_EFOREIGN : INDEXDIR_EUNKNOWN;
}

/*
 * What an unmarked directory holds: *state INDEXDIR_NEW when nothing (but
 * the lock and marker files a creating indexer makes first),
 * INDEXDIR_UNMARKED for a database that may be ours (d->version set, see
 * verify()), else an error.
 */
static int classify(struct indexdir *d, enum indexdir_state *state)
{
	DIR *dir = opendir(d->path);
	struct dirent *de;
	int others = 0, xapian = 0, v;
	size_t i;

	if (!dir)
		return errno;
	while ((de = readdir(dir)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0 ||
		    strcmp(de->d_name, INDEXDIR_LOCK) == 0 ||
		    strcmp(de->d_name, MARKER_TMP) == 0)
			continue;
		others++;
		for (i = 0; i < sizeof(xapian_names) / sizeof(xapian_names[0]); i++)
			if (strcmp(de->d_name, xapian_names[i]) == 0)
				xapian = 1;
	}
	closedir(dir);
	if (!others) {
		*state = INDEXDIR_NEW;
		return 0;
	}
	if (!xapian)
		return INDEXDIR_ENOTINDEX;
	/* Xapian prefers a glass database in INDEX itself to the stub. */
	if (exists_in(d->path, LEGACY_MARK)) {
		v = 0;
	} else {
		char *db, *mark;
		int glass;

		v = read_stub(d->path);
		if (v <= 0)
			return INDEXDIR_EFOREIGN;
		db = indexdir_db_path(d, v);
		mark = db ? join(db, LEGACY_MARK) : NULL;
		glass = mark && access(mark, F_OK) == 0;
		free(mark);
		free(db);
		if (!glass)
			return INDEXDIR_EFOREIGN;
	}
	d->version = v;
	*state = INDEXDIR_UNMARKED;
	return 0;
}

/* Whether the unmarked database classify() found is ours (db_is_ours). */
static int verify(struct indexdir *d)
{
	char *db = indexdir_db_path(d, d->version);
	int e;

	if (!db)
		return ENOMEM;
	e = db_is_ours(db);
	free(db);
	return e;
}

/* mkdir -p of the parents of 'path', then mkdir of path itself. */
static int make_dirs(const char *path)
{
	char *p;
	size_t i;
	int e = 0;

	if (mkdir(path, 0700) == 0)
		return 0;
	if (errno != ENOENT)
		return errno == EEXIST ? 0 : errno;
	p = strdup(path);
	if (!p)
		return ENOMEM;
	for (i = 1; p[i] && !e; i++) {
		if (p[i] != '/' || p[i - 1] == '/')
			continue;
		p[i] = '\0';
		if (mkdir(p, 0777) != 0 && errno != EEXIST)
			e = errno;
		p[i] = '/';
	}
	free(p);
	if (e)
		return e;
	if (mkdir(path, 0700) != 0 && errno != EEXIST)
		return errno;
	return 0;
}

/*
 * The mode of INDEX for this run, and the umask that makes what is
 * created in it as accessible: private for a new index (whatever the
 * umask), as the umask allows with INDEXDIR_SHARED, else as it is.
 */
static void set_mode(struct indexdir *d)
{
	mode_t um = umask(0), mode;
	struct stat st;

	umask(um);
	if (fstat(d->dir_fd, &st) != 0)
		return;
	mode = st.st_mode & 07777;
	if (d->flags & INDEXDIR_SHARED)
		mode = (mode & ~(mode_t)0777) | (0777 & ~um);
	else if (d->state == INDEXDIR_NEW)
		mode = (mode & ~(mode_t)0777) | 0700;
	if (mode != (st.st_mode & 07777) && fchmod(d->dir_fd, mode) != 0)
		mode = st.st_mode & 07777;	/* not ours to change */
	umask(~mode & 077);
}

int indexdir_open(struct indexdir *d, const char *path, unsigned flags)
{
	struct stat st;
	int e;

	memset(d, 0, sizeof(*d));
	d->lock_fd = -1;
	d->dir_fd = -1;
	d->version = -1;
	d->flags = flags;
	d->path = strdup(path);
	if (!d->path)
		return ENOMEM;
	e = flags & INDEXDIR_CREATE ? make_dirs(path) : 0;
	if (!e && stat(path, &st) != 0)
		e = errno;
	else if (!e && !S_ISDIR(st.st_mode))
		e = ENOTDIR;
	if (!e) {
		d->dir_fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC |
				 O_NOCTTY);
		if (d->dir_fd < 0)
			e = errno;
	}
	if (!e) {
		e = read_marker(d);
		if (e == ENOENT)
			e = classify(d, &d->state);
		if (!e && d->state == INDEXDIR_NEW && !(flags & INDEXDIR_CREATE))
			e = INDEXDIR_EEMPTY;
		/*
		 * Nothing may be written before an unmarked database is known
		 * to be ours, the lock file included.
		 */
		if (!e && d->state == INDEXDIR_UNMARKED &&
		    (flags & INDEXDIR_CREATE))
			e = verify(d);
	}
	if (e) {
		indexdir_close(d);
		return e;
	}
	if (flags & INDEXDIR_CREATE)
		set_mode(d);
	return 0;
}

void indexdir_close(struct indexdir *d)
{
	if (d->lock_fd >= 0)
		close(d->lock_fd);	/* releases the lock */
	d->lock_fd = -1;
	if (d->dir_fd >= 0)
		close(d->dir_fd);	/* and the directory's */
	d->dir_fd = -1;
	free(d->path);
	d->path = NULL;
	free(d->dbs);
	d->dbs = NULL;
	d->ndbs = 0;
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

static void unlock(int fd)
{
	struct flock fl;

	memset(&fl, 0, sizeof(fl));
	fl.l_type = F_UNLCK;
	fl.l_whence = SEEK_SET;
	fcntl(fd, F_SETLK, &fl);
}

/* Whether fd is still the file at path (not deleted or replaced). */
static int still_there(int fd, const char *path)
{
	struct stat a, b;

	return fstat(fd, &a) == 0 && stat(path, &b) == 0 &&
	       a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* chmod of one of our files, for --shared-index; errors are ignored. */
static void share_one(const char *dir, const char *name, mode_t mode)
{
	char *p = join(dir, name);

	if (p)
		chmod(p, mode);
	free(p);
}

/*
 * --shared-index on an index that may hold private files: every file and
 * database of ours in it becomes as readable as the umask allows.
 */
static void share_files(struct indexdir *d)
{
	mode_t um = umask(0);
	size_t i, j;

	umask(um);
	share_one(d->path, INDEXDIR_LOCK, 0666 & ~um);
	share_one(d->path, INDEXDIR_MARKER, 0666 & ~um);
	share_one(d->path, INDEXDIR_STUB, 0666 & ~um);
	for (i = 0; i < d->ndbs; i++) {
		char *db = indexdir_db_path(d, d->dbs[i]);

		if (!db)
			continue;
		if (d->dbs[i] > 0)
			chmod(db, 0777 & ~um);
		for (j = 0; j < NGLASS; j++)
			share_one(db, glass_files[j], 0666 & ~um);
		free(db);
	}
}

/*
 * Under the lock: the marker is read again, or a new directory gets its
 * marker, or an unmarked index of ours is adopted.  Another indexer may
 * have done either meanwhile.
 */
static int take_ownership(struct indexdir *d)
{
	enum indexdir_state now;
	int e = read_marker(d);

	if (e != ENOENT) {
		if (!e)
			d->state = INDEXDIR_OURS;
		return e;
	}
	/* What is there now decides: nothing, or a database to adopt. */
	e = classify(d, &now);
	if (!e && now == INDEXDIR_UNMARKED)
		e = verify(d);
	if (!e && now == INDEXDIR_UNMARKED) {
		struct stat st;

		e = list_add(d, d->version);
		/* Its text is no one else's business, unless shared. */
		if (!e && !(d->flags & INDEXDIR_SHARED) &&
		    fstat(d->dir_fd, &st) == 0 && (st.st_mode & 077) &&
		    fchmod(d->dir_fd, st.st_mode & 07700) == 0) {
			d->made_private = 1;
			umask(077);
		}
	}
	if (!e)
		e = write_marker(d);
	if (!e)
		d->state = INDEXDIR_OURS;
	d->version = -1;	/* indexdir_read() says */
	return e;
}

int indexdir_lock(struct indexdir *d, double timeout, char *holder, size_t n,
		  void (*on_wait)(const char *holder, void *ctx), void *ctx)
{
	char *p = join(d->path, INDEXDIR_LOCK);
	double deadline = now_s() + timeout;
	int fd = -1, e = 0, waited = 0, reopens = 0, dir_held;
	pid_t pid = 0;

	if (n)
		holder[0] = '\0';
	if (!p)
		return ENOMEM;
	for (;;) {
		struct timespec ts = { 0, LOCK_POLL_NS };

		if (fd < 0) {
			fd = open(p, O_RDWR | O_CREAT | O_CLOEXEC | O_NOCTTY |
				  O_NOFOLLOW, 0666);
			if (fd < 0) {
				e = errno;
				break;
			}
		}
		dir_held = 0;
		e = try_lock(fd, &pid);
		if (e == 0 && !still_there(fd, p)) {
			/* Deleted or replaced by hand: lock what is there. */
			close(fd);
			fd = -1;
			if (++reopens < LOCK_REOPENS)
				continue;
			e = EWOULDBLOCK;
		}
		if (e == 0 && flock(d->dir_fd, LOCK_EX | LOCK_NB) != 0) {
			/*
			 * An indexer whose lock file was deleted holds the
			 * directory still.  Where directories cannot be
			 * locked (some network file systems), the lock file
			 * alone decides.
			 */
			if (errno == EWOULDBLOCK) {
				unlock(fd);
				dir_held = 1;
				e = EWOULDBLOCK;
			}
		}
		if (e != EWOULDBLOCK)
			break;
		if (dir_held || fd < 0) {
			if (n)
				holder[0] = '\0';
		} else {
			describe_holder(fd, pid, holder, n);
		}
		if (now_s() >= deadline)
			break;
		if (!waited && on_wait)
			on_wait(n ? holder : "", ctx);
		waited = 1;
		nanosleep(&ts, NULL);
	}
	free(p);
	if (e) {
		if (fd >= 0)
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
	/*
	 * The marker changes only under the lock: read it again, another
	 * indexer may have made the index or added databases meanwhile.
	 */
	if (d->state == INDEXDIR_OURS || (d->flags & INDEXDIR_CREATE)) {
		e = take_ownership(d);
		if (e) {
			flock(d->dir_fd, LOCK_UN);
			close(fd);
			d->lock_fd = -1;
			return e;
		}
	}
	if (d->flags & INDEXDIR_SHARED)
		share_files(d);
	return 0;
}

int indexdir_read(struct indexdir *d)
{
	int v;

	/* Xapian prefers a glass database in INDEX itself to the stub. */
	if (exists_in(d->path, LEGACY_MARK)) {
		if (d->state == INDEXDIR_OURS && !listed(d, 0))
			return INDEXDIR_EFOREIGN;
		d->version = 0;
		return 0;
	}
	v = read_stub(d->path);
	if (v == -2) {
		d->version = -1;
		return 0;
	}
	if (v <= 0 || (d->state == INDEXDIR_OURS && !listed(d, v)))
		return EINVAL;
	d->version = v;
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
	size_t i;

	for (i = 0; i < d->ndbs; i++)
		if (d->dbs[i] > max)
			max = d->dbs[i];
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

int indexdir_new_version(struct indexdir *d)
{
	int v = indexdir_next_version(d), e;
	char *p = indexdir_db_path(d, v);
	struct stat st;

	if (!p)
		return -ENOMEM;
	e = lstat(p, &st) == 0 ? EEXIST : errno == ENOENT ? 0 : errno;
	free(p);
	if (!e)
		e = list_add(d, v);
	if (!e) {
		e = write_marker(d);
		if (e)
			list_del(d, v);
	}
	return e ? -e : v;
}

int indexdir_publish(struct indexdir *d, int version)
{
	char line[64];
	int len, e;

	if (version <= 0 || !listed(d, version))
		return EINVAL;
	len = snprintf(line, sizeof(line), "glass db-%04d\n", version);
	e = replace_file(d->path, INDEXDIR_STUB, STUB_TMP, line, (size_t)len);
	if (e)
		return e;
	if (d->version == 0) {
		/* The old layout: the stub counts once this mark is gone. */
		char *mark = join(d->path, LEGACY_MARK);

		if (!mark || unlink(mark) != 0)
			e = mark ? errno : ENOMEM;
		free(mark);
		if (!e)
			e = sync_dir(d->path);
		if (e)
			return e;
	}
	d->version = version;
	return 0;
}

static int rm_one(const char *path, const struct stat *st, int flag,
		  struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path) != 0 && errno != ENOENT ? errno : 0;
}

/* Removes a directory tree, not following symbolic links. */
static int remove_tree(const char *p)
{
	int e = nftw(p, rm_one, 16, FTW_DEPTH | FTW_PHYS);

	if (e < 0)
		e = errno == ENOENT ? 0 : errno;
	return e;
}

int indexdir_remove(struct indexdir *d, int version)
{
	char *p;
	int e;

	if (version <= 0 || version == d->version || !listed(d, version))
		return EINVAL;
	p = indexdir_db_path(d, version);
	if (!p)
		return ENOMEM;
	e = remove_tree(p);
	free(p);
	if (!e) {
		list_del(d, version);
		e = write_marker(d);
	}
	return e;
}

/* The first layout's files, once it has moved to a db-NNNN. */
static int remove_legacy(struct indexdir *d)
{
	size_t i;
	int e = 0;

	for (i = 0; i < NGLASS; i++) {
		char *p = join(d->path, glass_files[i]);

		if (!p)
			return ENOMEM;
		if (unlink(p) != 0 && errno != ENOENT && !e)
			e = errno;
		free(p);
	}
	if (!e) {
		list_del(d, 0);
		e = write_marker(d);
	}
	return e;
}

int indexdir_remove_stale(struct indexdir *d)
{
	int *copy = NULL, e = 0;
	size_t i, n = d->ndbs;

	if (n) {
		copy = malloc(n * sizeof(*copy));
		if (!copy)
			return ENOMEM;
		memcpy(copy, d->dbs, n * sizeof(*copy));
	}
	for (i = 0; i < n; i++) {
		int r = 0;

		if (copy[i] > 0 && copy[i] != d->version)
			r = indexdir_remove(d, copy[i]);
		else if (copy[i] == 0 && d->version > 0)
			r = remove_legacy(d);
		if (r && !e)
			e = r;
	}
	free(copy);
	return e;
}

/* Copies one file into dir/name, private. */
static int copy_file(const char *from, const char *dir, const char *name)
{
	char *to = join(dir, name), buf[65536];
	int in = open(from, O_RDONLY | O_CLOEXEC | O_NOFOLLOW), out = -1, e = 0;
	ssize_t r;

	if (!to || in < 0) {
		e = !to ? ENOMEM : errno;
		goto out;
	}
	out = open(to, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (out < 0) {
		e = errno;
		goto out;
	}
	while ((r = read(in, buf, sizeof(buf))) != 0) {
		if (r < 0) {
			if (errno == EINTR)
				continue;
			e = errno;
			break;
		}
		if (write(out, buf, (size_t)r) != r) {
			e = errno ? errno : EIO;
			break;
		}
	}
	if (close(out) != 0 && !e)
		e = errno;
	out = -1;
out:
	if (in >= 0)
		close(in);
	if (out >= 0)
		close(out);
	free(to);
	return e;
}

/* The bytes of a database's version file, to see whether it changed. */
static size_t read_version(const char *db, char *buf, size_t n)
{
	char *p = join(db, LEGACY_MARK);
	FILE *f = p ? fopen(p, "re") : NULL;
	size_t r = 0;

	free(p);
	if (f) {
		r = fread(buf, 1, n, f);
		fclose(f);
	}
	return r;
}

int indexdir_check_copy(const struct indexdir *d, int version, char **copy)
{
	const char *tmp = getenv("TMPDIR");
	char *db = indexdir_db_path(d, version), *dir = NULL;
	char before[4096], after[4096], copied[4096];
	size_t i, nb, na, attempt;
	int writable = 1, e = 0;

	*copy = NULL;
	if (!db)
		return ENOMEM;
	for (i = 0; i < NGLASS && writable; i++) {
		char *p = join(db, glass_files[i]);

		if (!p) {
			free(db);
			return ENOMEM;
		}
		if (access(p, F_OK) == 0 && access(p, W_OK) != 0)
			writable = 0;
		free(p);
	}
	if (writable) {
		free(db);
		return 0;
	}
	if (!tmp || !*tmp)
		tmp = "/tmp";
	dir = malloc(strlen(tmp) + sizeof("/indexer-check.XXXXXX"));
	if (!dir) {
		free(db);
		return ENOMEM;
	}
	sprintf(dir, "%s/indexer-check.XXXXXX", tmp);
	if (!mkdtemp(dir)) {
		e = errno;
		free(dir);
		free(db);
		return e;
	}
	/*
	 * A commit meanwhile would mix two revisions: a copy taken while the
	 * version file stayed the same is one revision (glass never
	 * overwrites the blocks of the revision the file names).
	 */
	for (attempt = 0; attempt < 5; attempt++) {
		nb = read_version(db, before, sizeof(before));
		for (i = 0, e = 0; i < NGLASS && !e; i++) {
			char *p = join(db, glass_files[i]);

			if (!p)
				e = ENOMEM;
			else if (access(p, F_OK) == 0)
				e = copy_file(p, dir, glass_files[i]);
			free(p);
		}
		na = read_version(db, after, sizeof(after));
		if (e)
			break;
		if (na == nb && memcmp(before, after, nb) == 0 &&
		    read_version(dir, copied, sizeof(copied)) == nb &&
		    memcmp(before, copied, nb) == 0)
			break;
		e = EAGAIN;
	}
	free(db);
	if (e) {
		indexdir_drop_copy(dir);
		return e;
	}
	*copy = dir;
	return 0;
}

void indexdir_drop_copy(char *copy)
{
	if (!copy)
		return;
	remove_tree(copy);
	free(copy);
}
