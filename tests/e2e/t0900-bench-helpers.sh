# The benchmark's helpers (tests/bench): the FTS5 loader feeds SQLite the
# passages the indexer would write; timeit records a command's cost.
. "$(dirname "$0")/lib.sh"

load() { $WRAP "$BIN/bench/fts5_load" "$@"; }
timeit() { $WRAP "$BIN/bench/timeit" "$@"; }

cp -r "$ROOT/corpus" "$TMP/corpus"

seed_rows() {
	run 0 load fts.db corpus &&
	has "$ERR" "fts5_load: 1 files, 3 passages" &&
	[ "$(sqlite3 fts.db 'SELECT count(*) FROM passages')" = 3 ] &&
	[ "$(sqlite3 fts.db "SELECT group_concat(ordinal || ':' || line || '-' || end_line, ' ') FROM passages")" = "1:1-1 2:2-2 3:3-3" ] &&
	[ "$(sqlite3 fts.db "SELECT line FROM passages WHERE passages MATCH 'missile crisis' ORDER BY rank LIMIT 1")" = 3 ]
}
t "the FTS5 loader gives the seed corpus's 3 passages, one row each" seed_rows

same_passages() {
	run 0 idx -d db corpus && has "$ERR" "3 in index" &&
	run 0 srch -d db --json Raúl && [ "$(jget 1 line)" = 1 ] &&
	[ "$(sqlite3 fts.db "SELECT line FROM passages WHERE passages MATCH 'Raúl'")" = 1 ] &&
	[ "$(sqlite3 fts.db "SELECT body FROM passages WHERE ordinal = 1")" = "$(jget 1 text)" ]
}
t "the loader's passages are the indexer's, text and lines" same_passages

skips() {
	mkdir -p mixed/.hidden &&
	cp corpus/castro-cuba.txt mixed/ &&
	cp corpus/castro-cuba.txt mixed/.hidden/ &&
	printf 'ELF\000\000\001\002\003binary\000\000\000' >mixed/prog.bin &&
	run 0 load mixed.db mixed &&
	has "$ERR" "1 files, 3 passages" &&
	[ "$(sqlite3 mixed.db 'SELECT count(DISTINCT path) FROM passages')" = 1 ]
}
t "the loader skips hidden and binary files, as the indexer does" skips

exists() {
	run 2 load fts.db corpus &&
	has "$ERR" "fts5_load: database 'fts.db' exists already" &&
	[ "$(sqlite3 fts.db 'SELECT count(*) FROM passages')" = 3 ] &&
	run 2 load only-db && has "$ERR" "usage: fts5_load DB PATH..."
}
t "the loader refuses an existing database and a missing PATH" exists

missing_root() {
	run 1 load gone.db corpus no-such-dir &&
	has "$ERR" "cannot read 'no-such-dir'" &&
	[ "$(sqlite3 gone.db 'SELECT count(*) FROM passages')" = 3 ]
}
t "the loader exits 1 on an unreadable root and loads the rest" missing_root

timeit_status() {
	run 3 timeit t.log sh -c 'echo out; exit 3' &&
	has "$OUT" "out" && lines t.log 1 &&
	awk 'NF == 5 && $1 >= 0 && $4 > 0 && $5 == 3 { ok = 1 } END { exit !ok }' t.log &&
	run 127 timeit t.log no-such-command-here &&
	has "$ERR" "timeit: cannot run 'no-such-command-here'" &&
	lines t.log 2 && [ "$(sed -n 2p t.log | cut -d' ' -f5)" = 127 ] &&
	run 2 timeit no-dir/t.log true && has "$ERR" "timeit: cannot open 'no-dir/t.log'"
}
t "timeit appends wall, cpu, peak memory and the exit status" timeit_status

done_testing
