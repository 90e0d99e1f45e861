# The index directory is the indexer's only where it made it: a missing
# or empty directory becomes an index, an index of its own from before the
# marker is adopted, and anything else (another program's Xapian database,
# an ordinary folder) is refused with exit 2 and left exactly as it was.
. "$(dirname "$0")/lib.sh"

# gdb without LeakSanitizer, which cannot work under ptrace (ASan builds).
dbg() { ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 gdb "$@"; }

mkdir -p "$TMP/c"
cd "$TMP" || exit 1
printf 'Lighthouses guide ships along the coast.\n' >c/a.txt

# Every file under a directory with its mode and checksum, to compare.
snapshot() {
	(cd "$1" && find . -print | LC_ALL=C sort | while read -r f; do
		if [ -f "$f" ]; then
			printf '%s %s %s\n' "$f" "$(stat -c %a "$f")" "$(md5sum <"$f")"
		else
			printf '%s %s\n' "$f" "$(stat -c %a "$f")"
		fi
	done)
}

new_index() {
	run 0 idx -d fresh c && has "$ERR" "1 added" &&
	[ "$(head -n 1 fresh/indexer.marker)" = "format passage-search-index 1" ] &&
	grep -qx "database $(sed 's/^glass //' fresh/XAPIANDB)" fresh/indexer.marker &&
	run 0 srch -d fresh lighthouses
}
t "a new index is made where nothing was, with a marker naming its database" new_index

parents() {
	run 0 idx -d a/b/idx c && has "$ERR" "1 added" &&
	[ -f a/b/idx/indexer.marker ] && run 0 srch -d a/b/idx lighthouses &&
	run 0 idx -d "$TMP/x/y/idx" c && run 0 srch -d x/y/idx lighthouses
}
t "-d a/b/idx makes the missing parents, as mkdir -p does" parents

empty_dir() {
	mkdir empty &&
	run 0 idx -d empty c && has "$ERR" "1 added" && [ -f empty/indexer.marker ]
}
t "an empty directory becomes an index" empty_dir

# A folder of the user's with names that look like the indexer's or
# Xapian's: db-NNNN directories, *.glass and flintlock files.
ordinary_dir() {
	mkdir -p mine/db-2019 mine/db-0003 &&
	printf 'keep me\n' >mine/db-2019/notes.txt &&
	printf 'keep me too\n' >mine/db-0003/plan.txt &&
	printf 'x\n' >mine/x.glass && : >mine/flintlock &&
	printf 'mine\n' >mine/README &&
	snapshot mine >mine.before &&
	run 2 idx -d mine c && lines "$ERR" 1 &&
	has "$ERR" "indexer: 'mine' is a directory that is not an index (it is not empty)" &&
	run 2 idx -d mine --full c && lines "$ERR" 1 &&
	snapshot mine >mine.after && cmp mine.before mine.after
}
t "an ordinary non-empty directory is refused and nothing in it touched" ordinary_dir

# Another program's database: one of ours, copied, with the metadata that
# says so (and its layout) removed.
foreign_db() {
	command -v copydatabase >/dev/null && command -v xapian-metadata >/dev/null ||
		{ say "xapian-tools missing"; return 1; }
	run 0 idx -d ours c &&
	copydatabase "ours/$(sed 's/^glass //' ours/XAPIANDB)" foreign >/dev/null &&
	for k in roots tokenizer schema lang; do
		xapian-metadata set foreign "$k" '' || return 1
	done &&
	xapian-metadata list foreign >keys &&
	hasnt keys roots && hasnt keys tokenizer &&
	terms=$(xapian-delve -1 -a foreign | wc -l) && [ "$terms" -gt 1 ] &&
	snapshot foreign >foreign.before &&
	run 2 idx -d foreign c && lines "$ERR" 1 &&
	has "$ERR" "indexer: 'foreign' holds a Xapian database that this indexer did not create" &&
	run 2 idx -d foreign --full c && lines "$ERR" 1 &&
	has "$ERR" "did not create" &&
	snapshot foreign >foreign.after && cmp foreign.before foreign.after &&
	[ "$(xapian-delve -1 -a foreign | wc -l)" -eq "$terms" ]
}
t "another program's Xapian database is refused and left as it was" foreign_db

# The same database behind a stub file, as this indexer lays out its own.
foreign_stub() {
	mkdir stubbed && cp -r foreign stubbed/db-0001 &&
	printf 'glass db-0001\n' >stubbed/XAPIANDB &&
	snapshot stubbed >stubbed.before &&
	run 2 idx -d stubbed c && has "$ERR" "did not create" &&
	snapshot stubbed >stubbed.after && cmp stubbed.before stubbed.after
}
t "a stub naming a database this indexer did not create is refused" foreign_stub

# An index of ours made before the marker existed: no marker, a stub, a
# lock file, a database with our metadata; and a database directory it
# does not name, which is left alone.
adopted() {
	run 0 idx -d old c && rm old/indexer.marker && chmod 755 old &&
	mkdir old/db-0099 && printf 'not named by the stub\n' >old/db-0099/file &&
	printf 'A second file about harbours.\n' >c/b.txt &&
	run 0 idx -d old c && has "$ERR" "1 added" &&
	has "$ERR" "warning: index 'old' is now readable by its owner only" &&
	[ "$(stat -c %a old)" = 700 ] &&
	grep -qx "database $(sed 's/^glass //' old/XAPIANDB)" old/indexer.marker &&
	run 0 idx -d old --full && run 0 srch -d old harbours &&
	[ -f old/db-0099/file ] && [ "$(ls old | grep -c '^db-')" -eq 2 ] &&
	hasnt old/indexer.marker db-0099 && rm c/b.txt
}
t "an index of ours without a marker is adopted; only what it names is removed" adopted

bad_marker() {
	run 0 idx -d m c && printf 'format passage-search-index 9\n' >m/indexer.marker &&
	run 2 idx -d m c && lines "$ERR" 1 &&
	has "$ERR" "'m' is an index of a later version of this indexer" &&
	printf 'hello\n' >m/indexer.marker &&
	run 2 idx -d m c && has "$ERR" "indexer.marker file this indexer cannot read"
}
t "a marker this indexer cannot read: exit 2, nothing done" bad_marker

# Two indexers make the same new index: the first is stopped at its first
# mkdir (of the index directory), the second makes the index meanwhile;
# the first then finds it there and updates it.
race() {
	command -v gdb >/dev/null 2>&1 || { say "gdb not installed: skipped"; return 0; }
	dbg -batch -nx -ex "set breakpoint pending on" -ex "break mkdir" -ex run \
		-ex "shell '$BIN/indexer' -d raced c >second.out 2>&1; echo \$? >second.rc" \
		-ex delete -ex continue \
		--args "$BIN/indexer" -d raced c >gdb.out 2>&1
	if ! grep -Eq "^(Thread .* hit )?Breakpoint 1[,.]" gdb.out; then
		say "never stopped at mkdir: $(tail -c 400 gdb.out)"
		return 1
	fi
	say "second: $(cat second.out)"
	[ "$(cat second.rc)" = 0 ] && has second.out "1 added" &&
	has gdb.out "exited normally" && hasnt gdb.out "cannot create" &&
	has gdb.out "0 added, 0 updated, 0 deleted, 1 unchanged" &&
	run 0 srch -d raced lighthouses
}
t "two indexers making the same new index both succeed" race

done_testing
