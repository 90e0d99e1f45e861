# The indexer never waits on what is not a regular file: FIFOs and
# devices, found by the walk or swapped in for a regular file while it
# runs, are skipped and counted, and the run ends.  gdb stops the indexer
# as it starts on a file; every gdb run has a deadline (timeout), so a
# hang fails the test instead of stopping the suite.
. "$(dirname "$0")/lib.sh"

# gdb without LeakSanitizer, which cannot work under ptrace (ASan builds).
dbg() { ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 timeout 120 gdb "$@"; }

mkdir -p "$TMP/c"
cd "$TMP" || exit 1
printf 'A plain file about lighthouses.\n' >c/plain.txt

in_tree() {
	mkfifo c/fifo.txt && ln -s /dev/zero c/zero.txt && ln -s /dev/null c/null.txt &&
	run 0 timeout 120 "$BIN/indexer" -d db c &&
	has "$ERR" "1 added" && has "$ERR" "3 skipped (0 binary, 0 too large, 3 not regular files)" &&
	run 0 srch -d db lighthouses &&
	rm c/fifo.txt c/zero.txt c/null.txt
}
t "a FIFO and symbolic links to devices in the tree are skipped" in_tree

# swap_at FILE CMD INDEX: runs the indexer under gdb, stopped as it
# starts on FILE, where the shell command CMD replaces it; then lets it
# finish.
swap_at() {
	dbg -batch -nx -ex "break apply_file if \$_streq(path, \"$1\")" -ex run \
		-ex "shell $2" -ex delete -ex continue \
		--args "$BIN/indexer" -d "$3" c >gdb.out 2>&1
	st=$?
	if [ "$st" = 124 ]; then
		say "the indexer hung: $(tail -c 300 gdb.out)"
		return 1
	fi
	grep -Eq "^(Thread .* hit )?Breakpoint 1[,.]" gdb.out && return 0
	say "never stopped at $1: $(tail -c 400 gdb.out)"
	return 1
}

fifo_swapped() {
	command -v gdb >/dev/null 2>&1 || { say "gdb not installed: skipped"; return 0; }
	printf 'to be replaced: ocelot\n' >c/swap.txt &&
	swap_at c/swap.txt "rm c/swap.txt && mkfifo c/swap.txt" fifodb &&
	has gdb.out "exited normally" &&
	has gdb.out "1 added, 0 updated, 0 deleted, 0 unchanged, 1 skipped (0 binary, 0 too large, 1 not regular files)" &&
	run 1 srch -d fifodb ocelot && run 0 srch -d fifodb lighthouses
	st=$?
	rm -f c/swap.txt
	return $st
}
t "a FIFO swapped in for a regular file during a run is skipped, not waited on" fifo_swapped

device_swapped() {
	command -v gdb >/dev/null 2>&1 || { say "gdb not installed: skipped"; return 0; }
	printf 'to be replaced: jaguar\n' >c/dev.txt &&
	swap_at c/dev.txt "rm c/dev.txt && ln -s /dev/zero c/dev.txt" devdb &&
	has gdb.out "exited normally" &&
	has gdb.out "1 added, 0 updated, 0 deleted, 0 unchanged, 1 skipped (0 binary, 0 too large, 1 not regular files)" &&
	hasnt gdb.out "cannot read"
	st=$?
	rm -f c/dev.txt
	return $st
}
t "a symbolic link to a device swapped in during a run is skipped, not read" device_swapped

bad_option() {
	run 2 idx -d x --file-timeout soon c && has "$ERR" "invalid --file-timeout 'soon'" &&
	run 2 idx -d x --file-timeout -1 c && [ ! -e x ]
}
t "a bad --file-timeout is a usage error" bad_option

done_testing
