# Crash safety: the indexer is killed (SIGKILL) at many moments of large
# runs, chosen deterministically with gdb breakpoints and ignore counts
# (no sleeps).  After every kill the index opens, passes Xapian's check
# and searches; a re-run converges to what a clean build gives.  Also
# SIGTERM: a clean stop that keeps the files done.
. "$(dirname "$0")/lib.sh"

# gdb without LeakSanitizer, which cannot work under ptrace (ASan builds).
dbg() { ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 gdb "$@"; }

if ! command -v gdb >/dev/null 2>&1; then
	echo "ok - crash tests skipped: gdb is not installed"
	done_testing
	exit
fi

# 1200 files of two passages, each holding "zebra" so one query lists all;
# the filler makes each paragraph long enough to be a passage of its own.
make_corpus() {
	awk -v from="$1" -v to="$2" -v tag="$3" 'BEGIN {
		fill = "filler"
		for (k = 0; k < 30; k++)
			fill = fill " filler"
		for (i = from; i <= to; i++) {
			d = sprintf("c/d%02d", i % 12)
			f = sprintf("%s/f%04d.txt", d, i)
			printf "zebra %s first passage of file %d alpha%d %s\n\nzebra second passage %d beta%d %s %s\n", tag, i, i, fill, i, i % 7, tag, fill > f
			close(f)
		}
	}'
}
mkdir -p "$TMP"/c/d00 "$TMP"/c/d01 "$TMP"/c/d02 "$TMP"/c/d03 "$TMP"/c/d04 \
	"$TMP"/c/d05 "$TMP"/c/d06 "$TMP"/c/d07 "$TMP"/c/d08 "$TMP"/c/d09 \
	"$TMP"/c/d10 "$TMP"/c/d11
(cd "$TMP" && make_corpus 1 1200 v1)

# Every (path, passage, text) of an index, sorted.
dump() {
	"$BIN/searcher" -d "$1" --json -n 1000000 zebra |
		jq -c '[.path, .passage, .text]' | LC_ALL=C sort
}

# kill_at FUNC N ARGS...: runs the indexer on ARGS under gdb, stops it at
# call N+1 of FUNC and kills it (SIGKILL).  Fails unless it was stopped
# there, so every kill is a real one.
kill_at() {
	func=$1 n=$2
	shift 2
	dbg -batch -nx -ex "set breakpoint pending on" -ex "break $func" \
		-ex "ignore 1 $n" -ex run -ex kill \
		--args "$BIN/indexer" -q "$@" >gdb.out 2>&1
	if ! grep -Eq "^(Thread .* hit )?Breakpoint 1[,.]" gdb.out; then
		say "kill at $func #$n never happened: $(tail -c 400 gdb.out)"
		return 1
	fi
	echo "$func $n" >>kills.log
}

# The index is whole: Xapian's check passes, and a search works.
intact() {
	run 0 idx -d "$1" --check || return 1
	"$BIN/searcher" -d "$1" -n 1 zebra >/dev/null 2>"$ERR"
	st=$?
	[ "$st" -le 1 ] && return 0
	say "search after a kill exited $st: $(cat "$ERR")"
	return 1
}

clean_build() {
	run 0 idx -d clean c && dump clean >clean.dump &&
	lines clean.dump 2400
}
t "a clean build indexes 2400 passages" clean_build

# A first build, killed again and again, each run resuming from the last
# committed batch.  Batches of 100 passages: 24 commits for the corpus.
kill_first_build() {
	kill_at xap_writer_commit 0 -d db --batch-size 100 c &&
	for k in xap_writer_put_passage:50 xap_writer_commit_batch:2 \
		 fdatasync:5 rename:2 xap_writer_put_passage:333 \
		 xap_writer_commit_batch:1 fdatasync:17 rename:4 \
		 xap_writer_put_passage:150 xap_writer_commit_batch:3; do
		kill_at "${k%:*}" "${k#*:}" -d db --batch-size 100 c &&
		intact db || return 1
	done &&
	n=$(dump db | wc -l) && say "$n passages committed before the last run" &&
	[ "$n" -gt 0 ] && [ "$n" -lt 2400 ] &&
	run 0 idx -d db --batch-size 100 c &&
	dump db >db.dump && cmp clean.dump db.dump &&
	run 0 idx -d db c && has "$ERR" "0 added, 0 updated, 0 deleted, 1200 unchanged"
}
t "a first build killed 11 times converges to a clean build" kill_first_build

# A rebuild killed at any moment leaves the old index as it was: while
# its writers fill their shards, while they are merged, before the swap.
kill_rebuild() {
	for k in xap_writer_put_passage:100 xap_writer_commit_batch:5 \
		 fdatasync:9 rename:3 xap_compact:0 indexdir_publish:0; do
		kill_at "${k%:*}" "${k#*:}" -d db --batch-size 100 --full &&
		intact db && dump db >db.dump && cmp clean.dump db.dump || return 1
	done &&
	# Killed after the swap, before the old database is removed.
	kill_at indexdir_remove_stale 1 -d db --batch-size 100 --full &&
	intact db && dump db >db.dump && cmp clean.dump db.dump &&
	# The next run removes what the killed ones left.
	run 0 idx -d db && [ "$(ls db | grep -c '^db-')" -eq 1 ] &&
	dump db >db.dump && cmp clean.dump db.dump
}
t "a --full rebuild killed 6 times leaves the old index intact" kill_rebuild

# Edits, additions and deletions, killed mid-update, then converging.
kill_update() {
	make_corpus 1 100 v2 && make_corpus 1201 1240 v2 &&
	rm c/d05/f03* &&
	for k in xap_writer_put_passage:20 xap_writer_commit_batch:1 \
		 fdatasync:3 rename:1 xap_writer_delete_file:30; do
		kill_at "${k%:*}" "${k#*:}" -d db --batch-size 100 &&
		intact db || return 1
	done &&
	run 0 idx -d db --batch-size 100 &&
	run 0 idx -d clean2 c && dump clean2 >clean2.dump &&
	dump db >db.dump && cmp clean2.dump db.dump &&
	has clean2.dump "v2" && hasnt clean2.dump "f0305"
}
t "an update killed 5 times converges to a clean build" kill_update

counted() { n=$(wc -l <kills.log) && say "$n kills" && [ "$n" -ge 22 ]; }
t "at least 22 kills happened" counted

# SIGTERM mid-run: the files done are committed, the process dies of the
# signal, and a re-run finishes the work.
sigterm() {
	dbg -batch -nx -ex "handle SIGTERM nostop noprint pass" \
		-ex "break xap_writer_put_passage" -ex "ignore 1 1000" -ex run \
		-ex delete -ex "signal SIGTERM" \
		--args "$BIN/indexer" -d term --batch-size 100 c >gdb.out 2>&1
	has gdb.out "interrupted by SIGTERM after" &&
	has gdb.out "terminated with signal SIGTERM" &&
	intact term &&
	n=$(dump term | wc -l) && say "$n passages kept" &&
	[ "$n" -ge 1000 ] && [ "$n" -lt 2480 ] &&
	run 0 idx -d term && dump term >term.dump && cmp clean2.dump term.dump
}
t "SIGTERM stops after committing the files done" sigterm

sigterm_full() {
	dbg -batch -nx -ex "handle SIGTERM nostop noprint pass" \
		-ex "break xap_writer_put_passage" -ex "ignore 1 1000" -ex run \
		-ex delete -ex "signal SIGTERM" \
		--args "$BIN/indexer" -d term --full c >gdb.out 2>&1
	has gdb.out "the rebuild is abandoned" &&
	[ "$(ls term | grep -c '^db-')" -eq 1 ] &&
	dump term >term.dump && cmp clean2.dump term.dump
}
t "SIGTERM during --full keeps the old index" sigterm_full

done_testing
