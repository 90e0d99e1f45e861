# The lock holds even when its file is deleted by hand during a run: a
# second indexer does not run alongside, and never removes the databases
# a rebuild is filling.  gdb stops the rebuild at a chosen point; nothing
# sleeps.
. "$(dirname "$0")/lib.sh"

# gdb without LeakSanitizer, which cannot work under ptrace (ASan builds).
dbg() { ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 gdb "$@"; }

mkdir -p "$TMP/c"
cd "$TMP" || exit 1
awk 'BEGIN {
	for (i = 1; i <= 40; i++) {
		f = sprintf("c/f%02d.txt", i)
		printf "zebra number %d grazes on the savanna\n\nmore about zebra %d\n", i, i > f
		close(f)
	}
}'
idx -q -d db c || { echo "not ok - first index"; exit 1; }

# hold_lock holds the index as an indexer does until its stdin closes.
hold() {
	rm -f in out && mkfifo in out &&
	{ "$BIN/tests/hold_lock" "$1" <in >out & } &&
	exec 3>in &&
	read -r line <out && [ "$line" = locked ]
}

plain_run() {
	hold db && rm db/indexer.lock &&
	run 3 idx -d db c && lines "$ERR" 1 &&
	has "$ERR" "index 'db' is locked: it is being updated by another indexer" &&
	exec 3>&- && wait &&
	run 0 idx -d db c && [ -f db/indexer.lock ]
}
t "with its lock file deleted, a held index still stops a second indexer" plain_run

# --full is stopped once its writers have filled their databases, before
# they are merged; the lock file is deleted and a plain run is tried.
during_full() {
	command -v gdb >/dev/null 2>&1 || { say "gdb not installed: skipped"; return 0; }
	dbg -batch -nx -ex "set breakpoint pending on" -ex "break xap_compact" -ex run \
		-ex "shell ls db >dbs.during" \
		-ex "shell rm db/indexer.lock" \
		-ex "shell '$BIN/indexer' -d db c >plain.out 2>&1; echo \$? >plain.rc" \
		-ex "shell ls db >dbs.after" \
		-ex delete -ex continue \
		--args "$BIN/indexer" -d db --full --jobs 2 >gdb.out 2>&1
	if ! grep -Eq "^(Thread .* hit )?Breakpoint 1[,.]" gdb.out; then
		say "never stopped at xap_compact: $(tail -c 400 gdb.out)"
		return 1
	fi
	say "plain run: $(cat plain.out)"
	[ "$(cat plain.rc)" = 3 ] && has plain.out "is locked" &&
	cmp dbs.during dbs.after &&
	[ "$(grep -c '^db-' dbs.during)" -ge 4 ] &&
	has gdb.out "40 added" && has gdb.out "exited normally" &&
	run 0 idx -d db --check &&
	run 0 srch -d db --count zebra && [ "$(cat "$OUT")" = 40 ] &&
	[ "$(ls db | grep -c '^db-')" -eq 1 ] &&
	[ "$(grep -c '^database ' db/indexer.marker)" -eq 1 ]
}
t "with its lock file deleted during --full, a plain run leaves the rebuild alone" during_full

done_testing
