/*
 * test_walk.c - unit tests for lib/walk.c.
 *
 * Each test builds a small tree in its own directory from mkdtemp (made
 * by the setup, removed by the teardown) and records what walk() reports.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "walk.h"

struct rec {
	enum walk_kind kind;
	char *path;
	int has_st;
	mode_t mode;
	off_t size;
	int err;
};

struct log {
	struct rec *v;
	size_t n, cap;
	size_t stop_after;	/* return 42 after this many; 0: never */
};

struct fx {
	char dir[64];		/* the mkdtemp directory, absolute */
	char buf[8192];		/* what at() returns */
	struct log log;
};

static int record(const struct walk_item *item, void *ctx)
{
	struct log *log = ctx;
	struct rec *r;

	if (log->n == log->cap) {
		size_t cap = log->cap ? log->cap * 2 : 16;
		struct rec *v = realloc(log->v, cap * sizeof(*v));

		assert_non_null(v);
		log->v = v;
		log->cap = cap;
	}
	r = &log->v[log->n++];
	r->kind = item->kind;
	r->path = strdup(item->path);
	assert_non_null(r->path);
	r->has_st = item->st != NULL;
	r->mode = item->st ? item->st->st_mode : 0;
	r->size = item->st ? item->st->st_size : 0;
	r->err = item->err;
	if (log->stop_after && log->n == log->stop_after)
		return 42;
	return 0;
}

static void log_clear(struct log *log)
{
	size_t i;

	for (i = 0; i < log->n; i++)
		free(log->v[i].path);
	log->n = 0;
}

/* Removes a tree through descriptors, so any depth and any mode works. */
static void rm_tree_at(int dfd, const char *name)
{
	struct stat st;
	struct dirent *de;
	DIR *d;
	int fd;

	if (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0)
		return;
	if (!S_ISDIR(st.st_mode)) {
		unlinkat(dfd, name, 0);
		return;
	}
	fchmodat(dfd, name, 0700, 0);
	fd = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
	if (fd >= 0) {
		d = fdopendir(fd);
		if (d) {
			while ((de = readdir(d)) != NULL) {
				if (strcmp(de->d_name, ".") == 0 ||
				    strcmp(de->d_name, "..") == 0)
					continue;
				rm_tree_at(dirfd(d), de->d_name);
			}
			closedir(d);
		} else {
			close(fd);
		}
	}
	unlinkat(dfd, name, AT_REMOVEDIR);
}

static int setup(void **state)
{
	struct fx *fx = calloc(1, sizeof(*fx));

	if (!fx)
		return -1;
	strcpy(fx->dir, "/tmp/test_walk.XXXXXX");
	if (!mkdtemp(fx->dir)) {
		free(fx);
		return -1;
	}
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fx *fx = *state;

	rm_tree_at(AT_FDCWD, fx->dir);
	log_clear(&fx->log);
	free(fx->log.v);
	free(fx);
	return 0;
}

/* fx->dir + "/" + rel, in fx->buf (overwritten by the next call). */
static const char *at(struct fx *fx, const char *rel)
{
	int n = snprintf(fx->buf, sizeof(fx->buf), "%s/%s", fx->dir, rel);

	assert_true(n > 0 && (size_t)n < sizeof(fx->buf));
	return fx->buf;
}

static void put_file(struct fx *fx, const char *rel, const char *text)
{
	FILE *f = fopen(at(fx, rel), "w");

	assert_non_null(f);
	assert_true(fputs(text, f) >= 0);
	assert_int_equal(fclose(f), 0);
}

static void put_dir(struct fx *fx, const char *rel)
{
	assert_int_equal(mkdir(at(fx, rel), 0700), 0);
}

static void put_link(struct fx *fx, const char *target, const char *rel)
{
	assert_int_equal(symlink(target, at(fx, rel)), 0);
}

/* Checks item i of the log: its kind and its path fx->dir + "/" + rel. */
static void expect(struct fx *fx, size_t i, enum walk_kind kind,
		   const char *rel)
{
	if (i >= fx->log.n)
		fail_msg("item %zu missing (only %zu reported)", i, fx->log.n);
	assert_int_equal(fx->log.v[i].kind, kind);
	assert_string_equal(fx->log.v[i].path, at(fx, rel));
}

static size_t count_kind(const struct log *log, enum walk_kind kind)
{
	size_t i, n = 0;

	for (i = 0; i < log->n; i++)
		n += log->v[i].kind == kind;
	return n;
}

/* Files come in byte order of names, directories in place, paths joined. */
static void test_sorted_order_and_joined_paths(void **state)
{
	static const char *const want[] = {
		"t/C.txt", "t/a-b.txt", "t/a.txt", "t/b.txt",
		"t/sub/a.txt", "t/sub/z.txt", "t/sub2/m.txt", "t/t.txt",
	};
	struct fx *fx = *state;
	char root[128];
	size_t i;

	put_dir(fx, "t");
	put_file(fx, "t/b.txt", "bb");
	put_file(fx, "t/t.txt", "t");
	put_file(fx, "t/a.txt", "a");
	put_file(fx, "t/C.txt", "C");
	put_file(fx, "t/a-b.txt", "ab");
	put_dir(fx, "t/sub2");
	put_file(fx, "t/sub2/m.txt", "m");
	put_dir(fx, "t/sub");
	put_file(fx, "t/sub/z.txt", "z");
	put_file(fx, "t/sub/a.txt", "a");

	snprintf(root, sizeof(root), "%s/t", fx->dir);
	assert_int_equal(walk(root, NULL, record, &fx->log), 0);
	assert_int_equal(fx->log.n, 8);
	for (i = 0; i < 8; i++) {
		expect(fx, i, WALK_FILE, want[i]);
		assert_true(fx->log.v[i].has_st);
		assert_true(S_ISREG(fx->log.v[i].mode));
	}
	assert_int_equal(fx->log.v[3].size, 2);

	/* A trailing slash on the root does not double in the paths. */
	log_clear(&fx->log);
	snprintf(root, sizeof(root), "%s/t/", fx->dir);
	assert_int_equal(walk(root, NULL, record, &fx->log), 0);
	assert_int_equal(fx->log.n, 8);
	for (i = 0; i < 8; i++)
		expect(fx, i, WALK_FILE, want[i]);
}

/* Root "/" gives "/name" paths, not "//name" (stops at the first item). */
static void test_root_slash_not_doubled(void **state)
{
	struct fx *fx = *state;

	fx->log.stop_after = 1;
	assert_int_equal(walk("/", NULL, record, &fx->log), 42);
	assert_int_equal(fx->log.n, 1);
	assert_int_equal(fx->log.v[0].path[0], '/');
	assert_true(fx->log.v[0].path[1] != '/' &&
		    fx->log.v[0].path[1] != '\0');
}

/* Hidden files and hidden directories below the root are skipped. */
static void test_hidden_skipped(void **state)
{
	struct fx *fx = *state;
	char root[128];

	put_dir(fx, "t");
	put_file(fx, "t/.hidden.txt", "h");
	put_dir(fx, "t/.git");
	put_file(fx, "t/.git/config", "c");
	put_file(fx, "t/visible.txt", "v");
	put_dir(fx, "t/d");
	put_file(fx, "t/d/.h", "h");
	put_file(fx, "t/d/y.txt", "y");
	put_link(fx, "nowhere", "t/.dead");

	snprintf(root, sizeof(root), "%s/t", fx->dir);
	assert_int_equal(walk(root, NULL, record, &fx->log), 0);
	assert_int_equal(fx->log.n, 2);
	expect(fx, 0, WALK_FILE, "t/d/y.txt");
	expect(fx, 1, WALK_FILE, "t/visible.txt");
}

/* Root "." is walked, with "./" paths; hidden names below it still skipped. */
static void test_root_dot(void **state)
{
	struct fx *fx = *state;
	int cwd = open(".", O_RDONLY | O_DIRECTORY);
	int r;

	assert_true(cwd >= 0);
	put_file(fx, "a.txt", "a");
	put_file(fx, ".h.txt", "h");
	put_dir(fx, "sub");
	put_file(fx, "sub/b.txt", "b");
	assert_int_equal(chdir(fx->dir), 0);
	r = walk(".", NULL, record, &fx->log);
	assert_int_equal(fchdir(cwd), 0);
	close(cwd);
	assert_int_equal(r, 0);
	assert_int_equal(fx->log.n, 2);
	assert_string_equal(fx->log.v[0].path, "./a.txt");
	assert_string_equal(fx->log.v[1].path, "./sub/b.txt");
	assert_int_equal(count_kind(&fx->log, WALK_FILE), 2);
}

/* A root whose own name starts with '.' is walked, with or without '/'. */
static void test_hidden_root(void **state)
{
	struct fx *fx = *state;
	char root[128];

	put_dir(fx, ".hidden");
	put_file(fx, ".hidden/a.txt", "a");
	snprintf(root, sizeof(root), "%s/.hidden", fx->dir);
	assert_int_equal(walk(root, NULL, record, &fx->log), 0);
	assert_int_equal(fx->log.n, 1);
	expect(fx, 0, WALK_FILE, ".hidden/a.txt");

	log_clear(&fx->log);
	snprintf(root, sizeof(root), "%s/.hidden/", fx->dir);
	assert_int_equal(walk(root, NULL, record, &fx->log), 0);
	assert_int_equal(fx->log.n, 1);
	expect(fx, 0, WALK_FILE, ".hidden/a.txt");
}

/* The skip directory is skipped whatever spelling names it. */
static void test_skip_any_spelling(void **state)
{
	struct fx *fx = *state;
	char root[128], skip[160];
	int cwd = open(".", O_RDONLY | O_DIRECTORY);
	int r;

	assert_true(cwd >= 0);
	put_dir(fx, "root");
	put_file(fx, "root/a.txt", "a");
	put_dir(fx, "root/idx");
	put_file(fx, "root/idx/x.txt", "x");
	put_file(fx, "root/z.txt", "z");
	put_link(fx, "root/idx", "idx-link");
	snprintf(root, sizeof(root), "%s/root", fx->dir);

	/* Not skipped: no skip, or a skip path that does not exist. */
	assert_int_equal(walk(root, NULL, record, &fx->log), 0);
	assert_int_equal(fx->log.n, 3);
	expect(fx, 1, WALK_FILE, "root/idx/x.txt");
	log_clear(&fx->log);
	snprintf(skip, sizeof(skip), "%s/root/nope", fx->dir);
	assert_int_equal(walk(root, skip, record, &fx->log), 0);
	assert_int_equal(fx->log.n, 3);
	log_clear(&fx->log);

	/* "root/./idx", and the root itself given relatively. */
	assert_int_equal(chdir(fx->dir), 0);
	r = walk("root", "root/./idx", record, &fx->log);
	assert_int_equal(fchdir(cwd), 0);
	assert_int_equal(r, 0);
	assert_int_equal(fx->log.n, 2);
	assert_string_equal(fx->log.v[0].path, "root/a.txt");
	assert_string_equal(fx->log.v[1].path, "root/z.txt");
	log_clear(&fx->log);

	/* A relative root with an absolute skip. */
	snprintf(skip, sizeof(skip), "%s/root/idx", fx->dir);
	assert_int_equal(chdir(fx->dir), 0);
	r = walk("root/", skip, record, &fx->log);
	assert_int_equal(fchdir(cwd), 0);
	close(cwd);
	assert_int_equal(r, 0);
	assert_int_equal(fx->log.n, 2);
	assert_string_equal(fx->log.v[0].path, "root/a.txt");
	assert_string_equal(fx->log.v[1].path, "root/z.txt");
	log_clear(&fx->log);

	/* Through a symbolic link, and with a doubled slash. */
	snprintf(skip, sizeof(skip), "%s/idx-link", fx->dir);
	assert_int_equal(walk(root, skip, record, &fx->log), 0);
	assert_int_equal(fx->log.n, 2);
	log_clear(&fx->log);
	snprintf(skip, sizeof(skip), "%s//root//idx/", fx->dir);
	assert_int_equal(walk(root, skip, record, &fx->log), 0);
	assert_int_equal(fx->log.n, 2);
	expect(fx, 0, WALK_FILE, "root/a.txt");
	expect(fx, 1, WALK_FILE, "root/z.txt");
}

/* A link back to the parent is reported as a loop and not followed. */
static void test_symlink_loop(void **state)
{
	struct fx *fx = *state;
	char root[128];

	put_dir(fx, "root");
	put_dir(fx, "root/dir");
	put_file(fx, "root/dir/f.txt", "f");
	put_link(fx, "..", "root/dir/loop");
	put_link(fx, ".", "root/dir/self");
	snprintf(root, sizeof(root), "%s/root", fx->dir);
	assert_int_equal(walk(root, NULL, record, &fx->log), 0);
	assert_int_equal(fx->log.n, 3);
	expect(fx, 0, WALK_FILE, "root/dir/f.txt");
	expect(fx, 1, WALK_LOOP, "root/dir/loop");
	expect(fx, 2, WALK_LOOP, "root/dir/self");
	assert_false(fx->log.v[1].has_st);
}

/* Two links to one folder: files reported once, the second link a loop. */
static void test_two_links_one_folder(void **state)
{
	struct fx *fx = *state;
	char root[128];

	put_dir(fx, "real");
	put_file(fx, "real/f.txt", "f");
	put_file(fx, "real/g.txt", "g");
	put_dir(fx, "root");
	put_link(fx, "../real", "root/l1");
	put_link(fx, "../real", "root/l2");
	snprintf(root, sizeof(root), "%s/root", fx->dir);
	assert_int_equal(walk(root, NULL, record, &fx->log), 0);
	assert_int_equal(fx->log.n, 3);
	expect(fx, 0, WALK_FILE, "root/l1/f.txt");
	expect(fx, 1, WALK_FILE, "root/l1/g.txt");
	expect(fx, 2, WALK_LOOP, "root/l2");
	assert_int_equal(count_kind(&fx->log, WALK_FILE), 2);
}

/* A link to nothing is reported as dangling; the walk goes on. */
static void test_dangling_symlink(void **state)
{
	struct fx *fx = *state;
	char root[128];

	put_dir(fx, "root");
	put_link(fx, "does-not-exist", "root/dead");
	put_link(fx, "ok.txt/below", "root/dead2");
	put_file(fx, "root/ok.txt", "ok");
	snprintf(root, sizeof(root), "%s/root", fx->dir);
	assert_int_equal(walk(root, NULL, record, &fx->log), 0);
	assert_int_equal(fx->log.n, 3);
	expect(fx, 0, WALK_DANGLING, "root/dead");
	expect(fx, 1, WALK_DANGLING, "root/dead2");
	expect(fx, 2, WALK_FILE, "root/ok.txt");
	assert_false(fx->log.v[0].has_st);
}

/* A FIFO is reported as special with its stat, and not opened. */
static void test_fifo_special(void **state)
{
	struct fx *fx = *state;
	char root[128];

	put_dir(fx, "root");
	assert_int_equal(mkfifo(at(fx, "root/pipe"), 0600), 0);
	put_file(fx, "root/z.txt", "z");
	snprintf(root, sizeof(root), "%s/root", fx->dir);
	assert_int_equal(walk(root, NULL, record, &fx->log), 0);
	assert_int_equal(fx->log.n, 2);
	expect(fx, 0, WALK_SPECIAL, "root/pipe");
	assert_true(fx->log.v[0].has_st);
	assert_true(S_ISFIFO(fx->log.v[0].mode));
	expect(fx, 1, WALK_FILE, "root/z.txt");
}

/* An unreadable directory is an EACCES error; its siblings are walked. */
static void test_unreadable_dir(void **state)
{
	struct fx *fx = *state;
	char root[128];

	put_dir(fx, "root");
	put_file(fx, "root/a.txt", "a");
	put_dir(fx, "root/locked");
	put_file(fx, "root/locked/secret.txt", "s");
	put_file(fx, "root/z.txt", "z");
	assert_int_equal(chmod(at(fx, "root/locked"), 0), 0);
	snprintf(root, sizeof(root), "%s/root", fx->dir);
	assert_int_equal(walk(root, NULL, record, &fx->log), 0);
	expect(fx, 0, WALK_FILE, "root/a.txt");
	expect(fx, fx->log.n - 1, WALK_FILE, "root/z.txt");
	/* Root reads any directory, so there is no error to see. */
	if (geteuid() == 0)
		skip();
	assert_int_equal(fx->log.n, 3);
	expect(fx, 1, WALK_ERROR, "root/locked");
	assert_int_equal(fx->log.v[1].err, EACCES);
	assert_false(fx->log.v[1].has_st);
}

/* A root that does not exist is one ENOENT error under its own path. */
static void test_root_missing(void **state)
{
	struct fx *fx = *state;
	char root[128];

	snprintf(root, sizeof(root), "%s/nope/", fx->dir);
	assert_int_equal(walk(root, NULL, record, &fx->log), 0);
	assert_int_equal(fx->log.n, 1);
	assert_int_equal(fx->log.v[0].kind, WALK_ERROR);
	assert_int_equal(fx->log.v[0].err, ENOENT);
	assert_string_equal(fx->log.v[0].path, root);
}

/* A root that is a regular file is reported once, under the path given. */
static void test_root_is_file(void **state)
{
	struct fx *fx = *state;
	char root[128];

	put_file(fx, ".f.txt", "hello");
	snprintf(root, sizeof(root), "%s//.f.txt", fx->dir);
	assert_int_equal(walk(root, NULL, record, &fx->log), 0);
	assert_int_equal(fx->log.n, 1);
	assert_int_equal(fx->log.v[0].kind, WALK_FILE);
	assert_string_equal(fx->log.v[0].path, root);
	assert_true(fx->log.v[0].has_st);
	assert_int_equal(fx->log.v[0].size, 5);
}

/* Names with a space, a newline and a non-UTF-8 byte come through exactly. */
static void test_odd_names_byte_exact(void **state)
{
	struct fx *fx = *state;
	char root[128];

	put_dir(fx, "root");
	put_file(fx, "root/with space.txt", "s");
	put_file(fx, "root/new\nline.txt", "n");
	put_file(fx, "root/bad\xff" "byte.txt", "b");
	snprintf(root, sizeof(root), "%s/root", fx->dir);
	assert_int_equal(walk(root, NULL, record, &fx->log), 0);
	assert_int_equal(fx->log.n, 3);
	expect(fx, 0, WALK_FILE, "root/bad\xff" "byte.txt");
	expect(fx, 1, WALK_FILE, "root/new\nline.txt");
	expect(fx, 2, WALK_FILE, "root/with space.txt");
}

/* A non-zero return from the callback stops the walk, even deep down. */
static void test_callback_stops_early(void **state)
{
	struct fx *fx = *state;
	char root[128];

	put_dir(fx, "root");
	put_file(fx, "root/a.txt", "a");
	put_dir(fx, "root/b");
	put_file(fx, "root/b/1.txt", "1");
	put_file(fx, "root/b/2.txt", "2");
	put_file(fx, "root/c.txt", "c");
	snprintf(root, sizeof(root), "%s/root", fx->dir);
	fx->log.stop_after = 2;
	assert_int_equal(walk(root, NULL, record, &fx->log), 42);
	assert_int_equal(fx->log.n, 2);
	expect(fx, 0, WALK_FILE, "root/a.txt");
	expect(fx, 1, WALK_FILE, "root/b/1.txt");
}

/* Paths longer than PATH_MAX are an error, not an overflow. */
static void test_path_longer_than_path_max(void **state)
{
	static const char name[] = "a-rather-long-directory-name-here";
	struct fx *fx = *state;
	size_t depth = PATH_MAX / (sizeof(name) - 1) + 10, i;
	int fd = open(fx->dir, O_RDONLY | O_DIRECTORY), next;

	assert_true(fd >= 0);
	for (i = 0; i < depth; i++) {
		assert_int_equal(mkdirat(fd, name, 0700), 0);
		next = openat(fd, name, O_RDONLY | O_DIRECTORY);
		assert_true(next >= 0);
		close(fd);
		fd = next;
	}
	close(fd);
	assert_int_equal(walk(fx->dir, NULL, record, &fx->log), 0);
	assert_int_equal(fx->log.n, 1);
	assert_int_equal(fx->log.v[0].kind, WALK_ERROR);
	assert_int_equal(fx->log.v[0].err, ENAMETOOLONG);
	assert_true(strlen(fx->log.v[0].path) >= PATH_MAX);
	assert_true(strncmp(fx->log.v[0].path, fx->dir, strlen(fx->dir)) == 0);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_sorted_order_and_joined_paths),
		T(test_root_slash_not_doubled),
		T(test_hidden_skipped),
		T(test_root_dot),
		T(test_hidden_root),
		T(test_skip_any_spelling),
		T(test_symlink_loop),
		T(test_two_links_one_folder),
		T(test_dangling_symlink),
		T(test_fifo_special),
		T(test_unreadable_dir),
		T(test_root_missing),
		T(test_root_is_file),
		T(test_odd_names_byte_exact),
		T(test_callback_stops_early),
		T(test_path_longer_than_path_max),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
