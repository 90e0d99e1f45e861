# Every documented exit status, with its one-line message.
. "$(dirname "$0")/lib.sh"

mkdir -p "$TMP/c"
printf 'Some text about lighthouses.\n' >"$TMP/c/a.txt"

indexer_ok() { run 0 idx -d db c && has "$ERR" "1 added"; }
t "indexer exits 0 on success" indexer_ok

indexer_partial() {
	printf 'unreadable text\n' >c/locked.txt && chmod 000 c/locked.txt &&
	if [ "$(id -u)" = 0 ]; then
		# Root reads anything: use a root that vanished instead.
		run 1 idx -d db c missing-dir && has "$ERR" "cannot read 'missing-dir'"
	else
		run 1 idx -d db c && has "$ERR" "cannot read 'c/locked.txt': Permission denied"
	fi &&
	run 0 srch -d db lighthouses
}
t "indexer exits 1 when some input could not be read, and indexes the rest" indexer_partial

indexer_usage() {
	run 2 idx --no-such-option && has "$ERR" "usage:" &&
	run 2 idx -d db --max-file-size=abc c && has "$ERR" "invalid --max-file-size 'abc'" &&
	run 2 idx -d fresh-db && has "$ERR" "no PATH given"
}
t "indexer exits 2 on a usage error" indexer_usage

indexer_not_dir() {
	printf 'x' >plainfile &&
	run 2 idx -d plainfile c && lines "$ERR" 1 && has "$ERR" "plainfile"
}
t "indexer exits 2 when the index path is a regular file" indexer_not_dir

indexer_lang() {
	run 2 idx -d db --lang french c && has "$ERR" "use --full" &&
	run 2 idx -d other --lang klingon c && has "$ERR" "klingon"
}
t "indexer exits 2 on a language change without --full, or an unknown language" indexer_lang

indexer_locked() {
	# hold_lock takes the write lock, says so, and keeps it until its
	# stdin closes: FIFOs order the steps, no sleep is needed.
	mkfifo in out &&
	{ "$BIN/tests/hold_lock" db <in >out & } &&
	exec 3>in &&
	read -r line <out && [ "$line" = locked ] &&
	run 3 idx -d db c && has "$ERR" "locked" && lines "$ERR" 1 &&
	run 0 srch -d db lighthouses &&
	exec 3>&- && wait
}
t "indexer exits 3 when another indexer holds the index" indexer_locked

searcher_exit() {
	run 0 srch -d db lighthouses &&
	run 1 srch -d db nonexistentword &&
	run 2 srch -d nowhere lighthouses && lines "$ERR" 1 && has "$ERR" "nowhere" &&
	run 2 srch -d db && has "$ERR" "no query" &&
	run 2 srch -d db -n x word && has "$ERR" "invalid -n 'x'" &&
	run 2 srch --bogus word
}
t "searcher exits 0, 1 and 2 as grep does" searcher_exit

searcher_bad_query() {
	run 2 srch -d db 'lighthouses AND' && lines "$ERR" 1 && has "$ERR" "query"
}
t "searcher exits 2 with a one-line message on a bad query" searcher_bad_query

done_testing
