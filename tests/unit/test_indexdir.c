/*
 * test_indexdir.c - unit tests for lib/indexdir.c.
 *
 * Each test works in its own directory from mkdtemp (made by the setup,
 * removed by the teardown).  A second lock holder is a child process, since
 * fcntl locks do not conflict within one process.
 */
#define _XOPEN_SOURCE 700	/* nftw() */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "indexdir.h"
#include "xap.h"

struct fx {
	char dir[64];
	char idx[128];		/* dir/idx */
};

static int setup(void **state)
{
	struct fx *fx = calloc(1, sizeof(*fx));

	assert_non_null(fx);
	strcpy(fx->dir, "/tmp/test_indexdir.XXXXXX");
	assert_non_null(mkdtemp(fx->dir));
	snprintf(fx->idx, sizeof(fx->idx), "%s/idx", fx->dir);
	*state = fx;
	umask(022);
	return 0;
}

static int rm_one(const char *path, const struct stat *st, int flag,
		  struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static int teardown(void **state)
{
	struct fx *fx = *state;

	nftw(fx->dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	free(fx);
	return 0;
}

static void put(const char *dir, const char *name, const char *text)
{
	char p[1100];
	FILE *f;

	snprintf(p, sizeof(p), "%s/%s", dir, name);
	f = fopen(p, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void mkdir_in(const char *dir, const char *name)
{
	char p[1100];

	snprintf(p, sizeof(p), "%s/%s", dir, name);
	assert_int_equal(mkdir(p, 0755), 0);
}

static int exists(const char *dir, const char *name)
{
	char p[1100];
	struct stat st;

	snprintf(p, sizeof(p), "%s/%s", dir, name);
	return lstat(p, &st) == 0;
}

/* The whole text of dir/name ("" when missing). */
static char *slurp(const char *dir, const char *name)
{
	static char buf[1024];
	char p[1100];
	FILE *f;
	size_t n = 0;

	snprintf(p, sizeof(p), "%s/%s", dir, name);
	f = fopen(p, "r");
	if (f) {
		n = fread(buf, 1, sizeof(buf) - 1, f);
		fclose(f);
	}
	buf[n] = '\0';
	return buf;
}

static int entries(const char *dir)
{
	char cmd[300];
	FILE *p;
	int n = -1;

	snprintf(cmd, sizeof(cmd), "ls -A '%s' | wc -l", dir);
	p = popen(cmd, "r");
	assert_non_null(p);
	assert_int_equal(fscanf(p, "%d", &n), 1);
	pclose(p);
	return n;
}

/* A database as a run makes one: recorded first, then created. */
static int new_db(struct indexdir *d)
{
	int v = indexdir_new_version(d);
	char *p;

	assert_true(v > 0);
	p = indexdir_db_path(d, v);
	assert_non_null(p);
	assert_int_equal(mkdir(p, 0777), 0);
	put(p, "iamglass", "x");
	free(p);
	return v;
}

/*
 * A glass database at 'path' made through the binding: with the metadata
 * key 'key' when not NULL (an index of ours has "roots"), without any
 * when NULL (another program's).
 */
static void make_glass(const char *path, const char *key)
{
	xap_writer *w = NULL;
	xap_error err;

	assert_int_equal(xap_writer_open(path, XAP_WRITER_CREATE, &w, &err), XAP_OK);
	if (key) {
		assert_int_equal(xap_writer_begin(w, &err), XAP_OK);
		assert_int_equal(xap_writer_set_metadata(w, key, "c\0/c\0", 5, &err), XAP_OK);
		assert_int_equal(xap_writer_commit(w, &err), XAP_OK);
	}
	xap_writer_close(w);
}

static void open_and_lock(struct indexdir *d, const char *path, unsigned flags)
{
	char holder[128];

	assert_int_equal(indexdir_open(d, path, INDEXDIR_CREATE | flags), 0);
	assert_int_equal(indexdir_lock(d, 0, holder, sizeof(holder), NULL, NULL), 0);
	assert_int_equal(indexdir_read(d), 0);
}

/* A missing directory becomes a private index, marked as ours. */
static void test_open_creates(void **state)
{
	struct fx *fx = *state;
	struct indexdir d;
	struct stat st;

	assert_int_equal(indexdir_open(&d, fx->idx, 0), ENOENT);
	open_and_lock(&d, fx->idx, 0);
	assert_int_equal(stat(fx->idx, &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	assert_int_equal(st.st_mode & 0777, 0700);
	assert_string_equal(slurp(fx->idx, "indexer.marker"),
			    "format passage-search-index 1\n");
	assert_int_equal(d.version, -1);
	assert_int_equal(indexdir_next_version(&d), 1);
	/* Everything created in it is private, whatever the umask was. */
	put(fx->idx, "probe", "x");
	{
		char p[256];

		snprintf(p, sizeof(p), "%s/probe", fx->idx);
		assert_int_equal(stat(p, &st), 0);
		assert_int_equal(st.st_mode & 0777, 0600);
		snprintf(p, sizeof(p), "%s/indexer.lock", fx->idx);
		assert_int_equal(stat(p, &st), 0);
		assert_int_equal(st.st_mode & 0777, 0600);
	}
	indexdir_close(&d);
}

/* -d a/b/idx makes the missing parents, as mkdir -p does. */
static void test_creates_parents(void **state)
{
	struct fx *fx = *state;
	struct indexdir d;
	char p[512];

	snprintf(p, sizeof(p), "%s/a/b//idx", fx->dir);
	open_and_lock(&d, p, 0);
	assert_true(exists(fx->dir, "a/b/idx/indexer.marker"));
	indexdir_close(&d);
}

static void test_open_not_dir(void **state)
{
	struct fx *fx = *state;
	struct indexdir d;

	put(fx->dir, "idx", "a file");
	assert_int_equal(indexdir_open(&d, fx->idx, INDEXDIR_CREATE), ENOTDIR);
	assert_string_equal(slurp(fx->dir, "idx"), "a file");
}

/* An empty directory is made an index (and private). */
static void test_empty_dir_claimed(void **state)
{
	struct fx *fx = *state;
	struct indexdir d;
	struct stat st;

	assert_int_equal(mkdir(fx->idx, 0755), 0);
	assert_int_equal(indexdir_open(&d, fx->idx, 0), INDEXDIR_EEMPTY);
	open_and_lock(&d, fx->idx, 0);
	assert_true(exists(fx->idx, "indexer.marker"));
	assert_int_equal(stat(fx->idx, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
	indexdir_close(&d);
}

/*
 * An ordinary directory: refused, and nothing in it touched, even names
 * that look like ours or Xapian's.
 */
static void test_refuses_not_empty(void **state)
{
	struct fx *fx = *state;
	struct indexdir d;

	assert_int_equal(mkdir(fx->idx, 0755), 0);
	mkdir_in(fx->idx, "db-2019");
	mkdir_in(fx->idx, "db-0003");
	put(fx->idx, "db-0003/notes.txt", "mine");
	put(fx->idx, "x.glass", "mine");
	put(fx->idx, "flintlock", "mine");
	assert_int_equal(indexdir_open(&d, fx->idx, INDEXDIR_CREATE),
			 INDEXDIR_ENOTINDEX);
	assert_int_equal(indexdir_open(&d, fx->idx, 0), INDEXDIR_ENOTINDEX);
	assert_int_equal(entries(fx->idx), 4);
	assert_string_equal(slurp(fx->idx, "db-0003/notes.txt"), "mine");
	assert_string_equal(indexdir_strerror(INDEXDIR_ENOTINDEX),
			    "is a directory that is not an index (it is not empty)");
}

/* Another program's Xapian database, in the directory or through a stub. */
static void test_refuses_foreign_db(void **state)
{
	struct fx *fx = *state;
	struct indexdir d;
	char p[512];
	int before;

	make_glass(fx->idx, NULL);
	before = entries(fx->idx);
	assert_int_equal(indexdir_open(&d, fx->idx, INDEXDIR_CREATE),
			 INDEXDIR_EFOREIGN);
	assert_int_equal(entries(fx->idx), before);
	assert_false(exists(fx->idx, "indexer.lock"));
	assert_false(exists(fx->idx, "indexer.marker"));

	snprintf(p, sizeof(p), "%s/stubbed", fx->dir);
	assert_int_equal(mkdir(p, 0755), 0);
	snprintf(p, sizeof(p), "%s/stubbed/db-0001", fx->dir);
	make_glass(p, NULL);
	snprintf(p, sizeof(p), "%s/stubbed", fx->dir);
	put(p, "XAPIANDB", "glass db-0001\n");
	assert_int_equal(indexdir_open(&d, p, INDEXDIR_CREATE), INDEXDIR_EFOREIGN);
	put(p, "XAPIANDB", "remote tcp example.org 33333\n");
	assert_int_equal(indexdir_open(&d, p, INDEXDIR_CREATE), INDEXDIR_EFOREIGN);
	assert_false(exists(p, "indexer.lock"));
	assert_true(exists(p, "db-0001/iamglass"));
}

/*
 * An index of ours from before the marker: a stub, its database with our
 * metadata, a lock file.  Adopted with its live database only; a database
 * it does not name is not ours to remove.
 */
static void test_adopts_unmarked(void **state)
{
	struct fx *fx = *state;
	struct indexdir d;
	char p[512];
	struct stat st;

	assert_int_equal(mkdir(fx->idx, 0755), 0);
	snprintf(p, sizeof(p), "%s/db-0002", fx->idx);
	make_glass(p, "roots");
	mkdir_in(fx->idx, "db-0005");
	put(fx->idx, "XAPIANDB", "glass db-0002\n");
	put(fx->idx, "indexer.lock", "");
	assert_int_equal(indexdir_open(&d, fx->idx, INDEXDIR_CREATE), 0);
	assert_int_equal(d.state, INDEXDIR_UNMARKED);
	assert_int_equal(indexdir_lock(&d, 0, NULL, 0, NULL, NULL), 0);
	assert_int_equal(d.state, INDEXDIR_OURS);
	assert_true(d.made_private);
	assert_int_equal(stat(fx->idx, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
	assert_string_equal(slurp(fx->idx, "indexer.marker"),
			    "format passage-search-index 1\ndatabase db-0002\n");
	assert_int_equal(indexdir_read(&d), 0);
	assert_int_equal(d.version, 2);
	assert_int_equal(indexdir_remove_stale(&d), 0);
	assert_true(exists(fx->idx, "db-0005"));
	assert_int_equal(indexdir_remove(&d, 5), EINVAL);
	assert_int_equal(indexdir_next_version(&d), 6);
	indexdir_close(&d);

	/* Not ours after all: the stub names a database without our keys. */
	snprintf(p, sizeof(p), "%s/db-0005", fx->idx);
	rmdir(p);
	make_glass(p, NULL);
	put(fx->idx, "XAPIANDB", "glass db-0005\n");
	unlink(strcat(strcpy(p, fx->idx), "/indexer.marker"));
	assert_int_equal(indexdir_open(&d, fx->idx, INDEXDIR_CREATE),
			 INDEXDIR_EFOREIGN);
	assert_false(exists(fx->idx, "indexer.marker"));
	/* A check reads it as it is, without looking whose it is. */
	assert_int_equal(indexdir_open(&d, fx->idx, 0), 0);
	assert_int_equal(indexdir_read(&d), 0);
	assert_int_equal(d.version, 5);
	indexdir_close(&d);
}

/*
 * The first layout, a glass database of ours in INDEX itself: adopted,
 * and once a rebuild has moved it to db-NNNN, only a glass database's
 * own files are removed.
 */
static void test_legacy_migrates(void **state)
{
	struct fx *fx = *state;
	struct indexdir d;
	int v;

	make_glass(fx->idx, "tokenizer");
	put(fx->idx, "notes.txt", "not ours");
	put(fx->idx, "x.glass", "not ours");
	open_and_lock(&d, fx->idx, 0);
	assert_string_equal(slurp(fx->idx, "indexer.marker"),
			    "format passage-search-index 1\ndatabase .\n");
	assert_int_equal(d.version, 0);
	v = new_db(&d);
	assert_int_equal(v, 1);
	/* Stale databases are removed, the legacy files kept while live. */
	assert_int_equal(indexdir_remove_stale(&d), 0);
	assert_false(exists(fx->idx, "db-0001"));
	assert_true(exists(fx->idx, "postlist.glass"));

	v = new_db(&d);
	assert_int_equal(indexdir_publish(&d, v), 0);
	assert_false(exists(fx->idx, "iamglass"));
	assert_int_equal(indexdir_remove_stale(&d), 0);
	assert_false(exists(fx->idx, "postlist.glass"));
	assert_false(exists(fx->idx, "flintlock"));
	assert_true(exists(fx->idx, "notes.txt"));
	assert_true(exists(fx->idx, "x.glass"));
	assert_true(exists(fx->idx, "db-0001"));
	assert_string_equal(slurp(fx->idx, "indexer.marker"),
			    "format passage-search-index 1\ndatabase db-0001\n");
	indexdir_close(&d);
}

static void test_publish_and_read(void **state)
{
	struct fx *fx = *state;
	struct indexdir d;
	int a, b, c;

	open_and_lock(&d, fx->idx, 0);
	a = new_db(&d);
	assert_int_equal(a, 1);
	assert_int_equal(indexdir_publish(&d, a), 0);
	assert_int_equal(d.version, 1);
	assert_string_equal(slurp(fx->idx, "XAPIANDB"), "glass db-0001\n");
	assert_false(exists(fx->idx, "XAPIANDB.tmp"));

	/* A directory of that name that is not ours is never reused. */
	mkdir_in(fx->idx, "db-0003");
	b = new_db(&d);
	c = new_db(&d);
	assert_int_equal(b, 4);
	assert_int_equal(c, 5);
	assert_int_equal(indexdir_publish(&d, 3), EINVAL);
	assert_int_equal(indexdir_publish(&d, b), 0);
	d.version = -1;
	assert_int_equal(indexdir_read(&d), 0);
	assert_int_equal(d.version, b);

	/* Every database of ours but the live one goes; the other stays. */
	assert_int_equal(indexdir_remove_stale(&d), 0);
	assert_false(exists(fx->idx, "db-0001"));
	assert_true(exists(fx->idx, "db-0003"));
	assert_true(exists(fx->idx, "db-0004"));
	assert_false(exists(fx->idx, "db-0005"));
	assert_int_equal(indexdir_remove(&d, b), EINVAL);
	assert_int_equal(indexdir_remove(&d, 3), EINVAL);
	assert_string_equal(slurp(fx->idx, "indexer.marker"),
			    "format passage-search-index 1\ndatabase db-0004\n");
	indexdir_close(&d);

	/* A recorded database that was never created is just forgotten. */
	open_and_lock(&d, fx->idx, 0);
	assert_true(indexdir_new_version(&d) > 0);
	assert_int_equal(indexdir_remove_stale(&d), 0);
	assert_string_equal(slurp(fx->idx, "indexer.marker"),
			    "format passage-search-index 1\ndatabase db-0004\n");
	indexdir_close(&d);
}

static void test_bad_stub(void **state)
{
	struct fx *fx = *state;
	struct indexdir d;

	open_and_lock(&d, fx->idx, 0);
	put(fx->idx, "XAPIANDB", "glass ../../etc\n");
	assert_int_equal(indexdir_read(&d), EINVAL);
	put(fx->idx, "XAPIANDB", "remote tcp host 1\n");
	assert_int_equal(indexdir_read(&d), EINVAL);
	put(fx->idx, "XAPIANDB", "glass db-00x1\n");
	assert_int_equal(indexdir_read(&d), EINVAL);
	/* Well formed, but not a database of ours. */
	put(fx->idx, "XAPIANDB", "glass db-0001\n");
	assert_int_equal(indexdir_read(&d), EINVAL);
	indexdir_close(&d);
}

static void test_bad_marker(void **state)
{
	struct fx *fx = *state;
	struct indexdir d;

	assert_int_equal(mkdir(fx->idx, 0700), 0);
	put(fx->idx, "indexer.marker", "format passage-search-index 2\n");
	assert_int_equal(indexdir_open(&d, fx->idx, INDEXDIR_CREATE),
			 INDEXDIR_ENEWER);
	put(fx->idx, "indexer.marker", "something else\n");
	assert_int_equal(indexdir_open(&d, fx->idx, INDEXDIR_CREATE),
			 INDEXDIR_EMARKER);
	put(fx->idx, "indexer.marker",
	    "format passage-search-index 1\ndatabase ../x\n");
	assert_int_equal(indexdir_open(&d, fx->idx, INDEXDIR_CREATE),
			 INDEXDIR_EMARKER);
	/* Lines it does not know are for later versions of the layout. */
	put(fx->idx, "indexer.marker",
	    "format passage-search-index 1\nlater stuff\ndatabase db-0002\n");
	assert_int_equal(indexdir_open(&d, fx->idx, INDEXDIR_CREATE), 0);
	assert_int_equal(d.ndbs, 1);
	assert_int_equal(d.dbs[0], 2);
	indexdir_close(&d);
}

/* --shared-index: as readable as the umask allows, files included. */
static void test_shared(void **state)
{
	struct fx *fx = *state;
	struct indexdir d;
	struct stat st;
	char p[512];
	int v;

	open_and_lock(&d, fx->idx, 0);
	v = new_db(&d);
	assert_int_equal(indexdir_publish(&d, v), 0);
	indexdir_close(&d);
	snprintf(p, sizeof(p), "%s/XAPIANDB", fx->idx);
	assert_int_equal(stat(p, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);

	umask(027);
	open_and_lock(&d, fx->idx, INDEXDIR_SHARED);
	assert_int_equal(stat(fx->idx, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0750);
	assert_int_equal(stat(p, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0640);
	snprintf(p, sizeof(p), "%s/db-0001/iamglass", fx->idx);
	assert_int_equal(stat(p, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0640);
	indexdir_close(&d);

	/* It stays shared: what a later run creates is as readable. */
	umask(077);
	open_and_lock(&d, fx->idx, 0);
	put(fx->idx, "probe", "x");
	snprintf(p, sizeof(p), "%s/probe", fx->idx);
	assert_int_equal(stat(p, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0640);
	indexdir_close(&d);
}

/* Runs fn in a child process; returns what it returned (0-255). */
static int in_child(int (*fn)(const char *), const char *arg)
{
	int status;
	pid_t child = fork();

	assert_true(child >= 0);
	if (child == 0)
		_exit(fn(arg));
	assert_int_equal(waitpid(child, &status, 0), child);
	assert_true(WIFEXITED(status));
	return WEXITSTATUS(status);
}

/* A second indexer: 0 locked out and told who holds it, 1 otherwise. */
static int locked_out(const char *idx)
{
	struct indexdir e;
	char holder[128], want[64];
	int r;

	r = indexdir_open(&e, idx, INDEXDIR_CREATE) ||
	    indexdir_lock(&e, 0.1, holder, sizeof(holder), NULL, NULL) != EWOULDBLOCK;
	snprintf(want, sizeof(want), "pid %ld, since ", (long)getppid());
	r |= strncmp(holder, want, strlen(want)) != 0;
	indexdir_close(&e);
	return r;
}

/* Locked out with no holder named (only the directory is locked). */
static int locked_out_quietly(const char *idx)
{
	struct indexdir e;
	char holder[128];
	int r;

	r = indexdir_open(&e, idx, INDEXDIR_CREATE) ||
	    indexdir_lock(&e, 0, holder, sizeof(holder), NULL, NULL) != EWOULDBLOCK;
	r |= holder[0] != '\0';
	indexdir_close(&e);
	return r;
}

static void test_lock(void **state)
{
	struct fx *fx = *state;
	struct indexdir d;
	char holder[128];

	assert_int_equal(indexdir_open(&d, fx->idx, INDEXDIR_CREATE), 0);
	assert_int_equal(indexdir_lock(&d, 0, holder, sizeof(holder), NULL, NULL), 0);
	assert_string_equal(holder, "");
	assert_int_equal(in_child(locked_out, fx->idx), 0);
	indexdir_close(&d);

	/* Released: it can be taken again. */
	assert_int_equal(indexdir_open(&d, fx->idx, INDEXDIR_CREATE), 0);
	assert_int_equal(indexdir_lock(&d, 0, holder, sizeof(holder), NULL, NULL), 0);
	indexdir_close(&d);
}

/*
 * The lock file deleted by hand while it is held: a second indexer makes
 * a new one, but the directory is still locked.
 */
static void test_lock_file_deleted(void **state)
{
	struct fx *fx = *state;
	struct indexdir d;
	char p[512];

	assert_int_equal(indexdir_open(&d, fx->idx, INDEXDIR_CREATE), 0);
	assert_int_equal(indexdir_lock(&d, 0, NULL, 0, NULL, NULL), 0);
	snprintf(p, sizeof(p), "%s/indexer.lock", fx->idx);
	assert_int_equal(unlink(p), 0);
	assert_int_equal(in_child(locked_out_quietly, fx->idx), 0);
	indexdir_close(&d);
}

/* An index its user may write is checked where it is. */
static void test_check_copy(void **state)
{
	struct fx *fx = *state;
	struct indexdir d;
	char *copy = (char *)"unset";
	int v;

	open_and_lock(&d, fx->idx, 0);
	v = new_db(&d);
	assert_int_equal(indexdir_check_copy(&d, v, &copy), 0);
	assert_null(copy);
	indexdir_close(&d);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_open_creates),
		T(test_creates_parents),
		T(test_open_not_dir),
		T(test_empty_dir_claimed),
		T(test_refuses_not_empty),
		T(test_refuses_foreign_db),
		T(test_adopts_unmarked),
		T(test_legacy_migrates),
		T(test_publish_and_read),
		T(test_bad_stub),
		T(test_bad_marker),
		T(test_shared),
		T(test_lock),
		T(test_lock_file_deleted),
		T(test_check_copy),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
