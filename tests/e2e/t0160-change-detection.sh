# Change detection that can't be fooled: size and nanosecond mtime decide
# quickly, the content hash confirms, --verify re-hashes everything.
. "$(dirname "$0")/lib.sh"

mkdir -p "$TMP/c"
cd "$TMP" || exit 1
printf 'the first version mentions a yak\n' >c/a.txt
printf 'another file about a gnu\n' >c/b.txt
touch -d '2001-01-01 00:00:00.000000001' c/a.txt
idx -q -d db c || { echo "not ok - first index"; exit 1; }

nanoseconds() {
	# Same size, same second, one nanosecond later.
	printf 'the other version mentions a elk\n' >c/a.txt &&
	[ "$(wc -c <c/a.txt)" -eq 33 ] &&
	touch -d '2001-01-01 00:00:00.000000002' c/a.txt &&
	run 0 idx -d db c && has "$ERR" "0 added, 1 updated" &&
	run 0 srch -d db elk && run 1 srch -d db yak
}
t "a change one nanosecond later with the same size is noticed" nanoseconds

touched_once() {
	touch c/b.txt &&
	run 0 idx -d db c && has "$ERR" "0 updated, 0 deleted, 2 unchanged" &&
	has "$ERR" "0 passages written" &&
	# The new time is stored: the next run does not even read it.
	cp -r db db.before &&
	run 0 idx -d db c && has "$ERR" "2 unchanged" &&
	diff -r -x indexer.lock db db.before >/dev/null
}
t "a touched but unchanged file is read once, its passages not rewritten" touched_once

# Same size and the old mtime put back: only a hash can tell.
verify() {
	touch -r c/b.txt stamp &&
	printf 'another file about a emu\n' >c/b.txt && touch -r stamp c/b.txt &&
	run 0 idx -d db c && has "$ERR" "2 unchanged" && run 0 srch -d db gnu &&
	run 0 idx -d db --verify c && has "$ERR" "0 added, 1 updated, 0 deleted, 1 unchanged" &&
	run 0 srch -d db emu && run 1 srch -d db gnu
}
t "--verify re-hashes every file and finds a change that kept size and mtime" verify

done_testing
