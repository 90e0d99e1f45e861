# Readers during writes: searches never fail while an indexer rebuilds and
# updates the same index; a reader holding a database that a rebuild
# replaces and removes, or that updates move past, still gets its results.
. "$(dirname "$0")/lib.sh"

# gdb without LeakSanitizer, which cannot work under ptrace (ASan builds).
dbg() { ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 gdb "$@"; }

mkdir -p "$TMP/c"
# The filler makes each paragraph long enough to be a passage of its own.
(cd "$TMP" && awk 'BEGIN {
	fill = "filler"
	for (k = 0; k < 30; k++)
		fill = fill " filler"
	for (i = 1; i <= 300; i++) {
		f = sprintf("c/f%03d.txt", i)
		printf "zebra passage one of %d %s\n\nzebra passage two gamma%d %s\n", i, fill, i % 5, fill > f
		close(f)
	}
}') || exit 1
(cd "$TMP" && idx -q -d db c) || { echo "not ok - first index"; exit 1; }

# Rebuilds and updates, many small commits each; the loop below runs
# until this is done, however long that takes.
writer() {
	for round in 1 2 3; do
		idx -q -d db --full --batch-size 50 || return 1
		for f in c/f0*.txt; do
			printf 'zebra edited in round %s\n' "$round" >>"$f"
		done
		idx -q -d db --batch-size 20 || return 1
	done
}

searches_never_fail() {
	{ writer; echo $? >writer.status; } &
	n=0 bad=0
	while :; do
		done_before=0
		[ -e writer.status ] && done_before=1
		"$BIN/searcher" -d db -n 5 zebra >/dev/null 2>search.err ||
			{ bad=$((bad + 1)); say "$(cat search.err)"; }
		n=$((n + 1))
		[ "$done_before" = 1 ] && break
	done
	wait
	say "$n searches, $bad failed"
	[ "$(cat writer.status)" = 0 ] && [ "$bad" -eq 0 ] && [ "$n" -ge 1 ]
}
t "searches run while an indexer rebuilds and updates never fail" searches_never_fail

# The searcher is stopped (gdb) after opening the index and before
# searching; meanwhile a rebuild replaces the database and removes the
# old one.  The open files keep it readable.
old_database_removed() {
	command -v gdb >/dev/null 2>&1 || { say "gdb not installed: skipped"; return 0; }
	old=$(cat db/XAPIANDB) &&
	dbg -batch -nx -ex "break xap_search" -ex run \
		-ex "shell $BIN/indexer -q -d db --full" -ex continue \
		--args "$BIN/searcher" -d db -n 1 gamma3 >gdb.out 2>&1
	has gdb.out "passage 2" && has gdb.out "exited normally" &&
	[ "$(cat db/XAPIANDB)" != "$old" ] &&
	[ ! -e "db/${old#glass }" ]
}
t "a search keeps working when the database it opened is replaced and removed" old_database_removed

# The searcher is stopped after Xapian read the stub and before it opens
# the database the stub named; a rebuild then replaces and removes that
# database.  The binding opens the index again.
stub_race() {
	command -v gdb >/dev/null 2>&1 || { say "gdb not installed: skipped"; return 0; }
	live=$(cat db/XAPIANDB) && live=${live#glass } &&
	dbg -batch -nx -ex "set breakpoint pending on" \
		-ex "break open64 if \$_streq((char *)\$rdi, \"db/$live/iamglass\")" \
		-ex run -ex "shell $BIN/indexer -q -d db --full" -ex delete -ex continue \
		--args "$BIN/searcher" -d db -n 1 gamma3 >gdb.out 2>&1
	has gdb.out "Breakpoint 1, " && has gdb.out "passage 2" &&
	has gdb.out "exited normally" && [ ! -e "db/$live" ]
}
t "a search opening the index while a rebuild swaps it still works" stub_race

# The same with many commits to the same database: the revision the
# reader opened is recycled, and the binding reopens and retries.
revision_recycled() {
	command -v gdb >/dev/null 2>&1 || { say "gdb not installed: skipped"; return 0; }
	dbg -batch -nx -ex "break xap_search" -ex run \
		-ex "shell for i in 1 2 3 4; do for f in $TMP/c/f1*.txt; do echo zebra more \$i >>\$f; done; $BIN/indexer -q -d db --batch-size 5; done" \
		-ex "break Xapian::Database::reopen" -ex continue -ex delete -ex continue \
		--args "$BIN/searcher" -d db -n 1 gamma3 >gdb.out 2>&1
	has gdb.out "passage 2" && has gdb.out "exited normally" &&
	# It really was retried.
	grep -q "^Breakpoint 2[,.]" gdb.out
}
t "a search keeps working when updates recycle the revision it opened" revision_recycled

done_testing
