# Locking: a second indexer exits 3 naming the holder, or waits for it
# with --lock-timeout.  FIFOs order the steps; nothing sleeps.
. "$(dirname "$0")/lib.sh"

mkdir -p "$TMP/c"
printf 'Lighthouses guide ships.\n' >"$TMP/c/a.txt"
(cd "$TMP" && idx -q -d db c) || { echo "not ok - first index"; exit 1; }

# Starts hold_lock on INDEX; returns once it holds the lock.  Closing fd 3
# releases it.
hold() {
	rm -f in out && mkfifo in out &&
	{ "$BIN/tests/hold_lock" "$1" <in >out & } &&
	exec 3>in &&
	read -r line <out && [ "$line" = locked ]
}

names_holder() {
	hold db &&
	run 3 idx -d db c && lines "$ERR" 1 &&
	has "$ERR" "index 'db' is locked: it is being updated by another indexer (pid " &&
	has "$ERR" "UTC)" &&
	run 0 srch -d db lighthouses &&
	exec 3>&- && wait &&
	run 0 idx -d db c
}
t "a second indexer exits 3 and names the process holding the index" names_holder

times_out() {
	hold db &&
	run 3 idx -d db --lock-timeout 0.2 c &&
	has "$ERR" "waiting" && has "$ERR" "is locked" &&
	exec 3>&- && wait
}
t "--lock-timeout gives up with status 3 when the lock stays held" times_out

# The indexer says it waits (on stderr, into a FIFO); only then is the
# lock released, so it must have waited and then run.
waits() {
	hold db && mkfifo msgs || return 1
	# Not holding fd 3, which would keep hold_lock waiting for ever.
	{ idx -d db --lock-timeout 600 c 2>msgs >/dev/null; echo $? >status; } 3>&- &
	exec 4<msgs &&
	read -r first <&4 &&
	say "$first" &&
	case $first in *"being updated by another indexer (pid "*"; waiting") ;;
	*) return 1 ;; esac &&
	exec 3>&- &&
	cat <&4 >rest && exec 4<&- && wait &&
	[ "$(cat status)" = 0 ] && has rest "0 added, 0 updated, 0 deleted, 1 unchanged"
}
t "--lock-timeout waits for the other indexer, then runs" waits

bad_timeout() {
	run 2 idx -d db --lock-timeout soon c && has "$ERR" "invalid --lock-timeout 'soon'" &&
	run 2 idx -d db --lock-timeout -1 c &&
	run 2 idx -d db --batch-size 0 c && has "$ERR" "invalid --batch-size '0'"
}
t "bad --lock-timeout and --batch-size values are usage errors" bad_timeout

# The lock dies with its holder: a killed indexer leaves no stale lock,
# though its lock file stays.
killed_holder() {
	hold db && holder=$! &&
	kill -9 "$holder" && wait "$holder"
	exec 3>&- &&
	[ -s db/indexer.lock ] &&
	run 0 idx -d db c
}
t "a killed holder leaves no stale lock" killed_holder

done_testing
