/*
 * fts5_load.c - the SQLite FTS5 peer of the benchmark (make bench).
 *
 * Usage: fts5_load DB PATH...
 *
 * Feeds SQLite FTS5 the very passages the indexer writes: the same walk
 * (lib/walk.c: hidden names skipped, links followed), the same decoding
 * (lib/decode.c: binary files skipped, other text made UTF-8) and the
 * same splitter (lib/passage.c), one row per passage, with the porter
 * tokenizer, all in one transaction.  So the benchmark compares the index
 * structures, not two different ideas of what a passage is.  DB must not
 * exist yet.  Prints "fts5_load: N files, M passages" on stderr.
 *
 * Exit status: 0 done; 1 done, but some files could not be read; 2 error
 * (the database is removed).
 */
#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "decode.h"
#include "msg.h"
#include "passage.h"
#include "readfile.h"
#include "walk.h"

/* The indexer's default --max-file-size, so both skip the same files. */
#define LOAD_MAX_FILE_SIZE (64ull << 20)

struct load {
	sqlite3 *db;
	sqlite3_stmt *ins;
	const char *path;	/* the file being split */
	unsigned long files, passages, unreadable;
	int failed;		/* a database error: stop */
};

static int put_one(const struct passage *p, unsigned ordinal, void *ctx)
{
	struct load *ld = ctx;
	sqlite3_stmt *s = ld->ins;

	sqlite3_bind_text(s, 1, ld->path, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 2, (int)ordinal);
	sqlite3_bind_int(s, 3, (int)p->line);
	sqlite3_bind_int(s, 4, (int)p->end_line);
	sqlite3_bind_text(s, 5, p->text, (int)p->len, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_DONE) {
		msg_error("cannot insert a passage of '%s': %s",
			  msg_path(ld->path), sqlite3_errmsg(ld->db));
		ld->failed = 1;
		return 1;
	}
	sqlite3_reset(s);
	ld->passages++;
	return 0;
}

static int load_file(const struct walk_item *item, void *ctx)
{
	struct load *ld = ctx;
	struct decoded dec;
	char *buf = NULL;
	size_t len = 0;
	int e;

	if (item->kind == WALK_ERROR) {
		msg_warn("cannot read '%s': %s", msg_path(item->path),
			 strerror(item->err));
		ld->unreadable++;
		return 0;
	}
	if (item->kind != WALK_FILE)
		return 0;
	{
		struct stat st;

		e = readfile_all(item->path, LOAD_MAX_FILE_SIZE, &buf, &len, &st);
	}
	if (e == EFBIG)
		return 0;
	if (e) {
		msg_warn("cannot read '%s': %s", msg_path(item->path),
			 strerror(e));
		ld->unreadable++;
		return 0;
	}
	switch (decode_to_utf8(buf, len, &dec)) {
	case DECODE_TEXT:
		break;
	case DECODE_BINARY:
		free(buf);
		return 0;
	case DECODE_NO_MEMORY:
		free(buf);
		msg_error("out of memory decoding '%s'", msg_path(item->path));
		ld->failed = 1;
		return 1;
	}
	free(buf);
	ld->files++;
	ld->path = item->path;
	passage_split(dec.text, dec.len, put_one, ld);
	decode_release(&dec);
	return ld->failed;
}

static int exec_sql(sqlite3 *db, const char *sql)
{
	char *emsg = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &emsg) == SQLITE_OK)
		return 0;
	msg_error("sql failed: %s", emsg ? emsg : sqlite3_errmsg(db));
	sqlite3_free(emsg);
	return -1;
}

int main(int argc, char **argv)
{
	struct load ld = { 0 };
	struct stat st;
	const char *dbpath;
	int i;

	msg_init("fts5_load");
	if (argc < 3) {
		fprintf(stderr, "usage: fts5_load DB PATH...\n");
		return 2;
	}
	dbpath = argv[1];
	/* A fresh database only: rows appended to an old one would count twice. */
	if (lstat(dbpath, &st) == 0)
		msg_fatal(2, "database '%s' exists already", msg_path(dbpath));
	if (sqlite3_open(dbpath, &ld.db) != SQLITE_OK)
		msg_fatal(2, "cannot open '%s': %s", msg_path(dbpath),
			  sqlite3_errmsg(ld.db));
	if (exec_sql(ld.db,
		     "CREATE VIRTUAL TABLE passages USING fts5("
		     "path UNINDEXED, ordinal UNINDEXED, line UNINDEXED, "
		     "end_line UNINDEXED, body, "
		     "tokenize = 'porter unicode61');"
		     "BEGIN;") != 0)
		goto fail;
	if (sqlite3_prepare_v2(ld.db,
			       "INSERT INTO passages VALUES (?, ?, ?, ?, ?)",
			       -1, &ld.ins, NULL) != SQLITE_OK) {
		msg_error("cannot prepare the insert: %s",
			  sqlite3_errmsg(ld.db));
		goto fail;
	}
	for (i = 2; i < argc; i++) {
		if (walk(argv[i], NULL, load_file, &ld) != 0 || ld.failed) {
			if (!ld.failed)
				msg_error("cannot walk '%s': %s",
					  msg_path(argv[i]), strerror(errno));
			goto fail;
		}
	}
	sqlite3_finalize(ld.ins);
	ld.ins = NULL;
	if (exec_sql(ld.db, "COMMIT;") != 0)
		goto fail;
	if (sqlite3_close(ld.db) != SQLITE_OK) {
		msg_error("cannot close '%s': %s", msg_path(dbpath),
			  sqlite3_errmsg(ld.db));
		goto fail_closed;
	}
	fprintf(stderr, "fts5_load: %lu files, %lu passages\n", ld.files,
		ld.passages);
	return ld.unreadable ? 1 : 0;
fail:
	sqlite3_finalize(ld.ins);
	sqlite3_close(ld.db);
fail_closed:
	unlink(dbpath);
	return 2;
}
