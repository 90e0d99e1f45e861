# A damaged index, an index in the old layout, and a disk that fills up:
# clear errors (exit 2, how to rebuild), --check, and the last committed
# index never harmed.
. "$(dirname "$0")/lib.sh"

mkdir -p "$TMP/c"
cd "$TMP" || exit 1
awk 'BEGIN {
	for (i = 1; i <= 200; i++) {
		f = sprintf("c/f%03d.txt", i)
		printf "zebra number %d grazes\n\nmore text %d about the savanna\n", i, i > f
		close(f)
	}
}'
idx -q -d good c || { echo "not ok - first index"; exit 1; }

live() { sed 's/^glass //' "$1/XAPIANDB"; }

check_ok() {
	run 0 idx -d good --check && has "$ERR" "index 'good' is consistent" &&
	run 0 srch -d good zebra
}
t "--check passes on a sound index" check_ok

# damage HOW: a copy of the good index with its postlist table damaged.
damage() {
	rm -rf bad && cp -r good bad &&
	t=bad/$(live bad)/postlist.glass &&
	case $1 in
	truncate) truncate -s 8192 "$t" ;;
	overwrite) head -c "$(wc -c <"$t")" /dev/urandom >"$t.new" && mv "$t.new" "$t" ;;
	esac
}

# The damage is reported, nothing is written, and --full PATH rebuilds.
reported() {
	run 2 srch -d bad zebra && lines "$ERR" 1 &&
	has "$ERR" "searcher: index 'bad' is damaged" && has "$ERR" "indexer --full" &&
	cp -r bad bad.before &&
	run 2 idx -d bad c && lines "$ERR" 1 && has "$ERR" "is damaged" &&
	run 2 idx -d bad --check && has "$ERR" "rebuild it with 'indexer --full'" &&
	diff -r -x indexer.lock bad bad.before >/dev/null &&
	run 2 idx -d bad --full && has "$ERR" "give the paths to index: indexer -d bad --full PATH..." &&
	run 0 idx -d bad --full c && has "$ERR" "rebuilding from the PATHs given" &&
	run 0 idx -d bad --check && run 0 srch -d bad zebra &&
	[ "$(ls bad | grep -c '^db-')" -eq 1 ] && rm -rf bad.before
}

truncated() { damage truncate && reported; }
t "a truncated index: exit 2 saying how to rebuild; --full rebuilds it" truncated

overwritten() { damage overwrite && reported; }
t "an overwritten index: exit 2 saying how to rebuild; --full rebuilds it" overwritten

bad_stub() {
	rm -rf bad && cp -r good bad && printf 'garbage\n' >bad/XAPIANDB &&
	run 2 srch -d bad zebra && lines "$ERR" 1 &&
	run 2 idx -d bad c && has "$ERR" "unknown XAPIANDB file" &&
	run 0 idx -d bad --full c && run 0 srch -d bad zebra
}
t "a stub file that is not ours: exit 2; --full rebuilds" bad_stub

# An index made before the versioned layout: a glass database in the
# index directory itself.
old_layout() {
	copydatabase "good/$(live good)" old >/dev/null &&
	[ -e old/iamglass ] &&
	run 0 srch -d old zebra &&
	printf 'a new file about okapis\n' >c/new.txt &&
	run 0 idx -d old c && has "$ERR" "1 added" && [ ! -e old/XAPIANDB ] &&
	run 0 srch -d old okapis &&
	run 0 idx -d old --full && [ -e old/XAPIANDB ] && [ ! -e old/iamglass ] &&
	[ ! -e old/postlist.glass ] && run 0 srch -d old okapis &&
	run 0 idx -d old --check && rm c/new.txt
}
t "an index in the old layout is updated, and --full moves it to the new one" old_layout

# Disk full: a 2 MB tmpfs (root only; skipped otherwise).
disk_full() {
	if [ "$(id -u)" != 0 ] || ! mkdir -p mnt || ! mount -t tmpfs -o size=2m tmpfs mnt 2>/dev/null; then
		echo "# disk full: cannot mount a tmpfs (not root, or not allowed here): skipped"
		return 0
	fi
	disk_full_on mnt
	st=$?
	umount mnt
	return $st
}

disk_full_on() {
	idx -q -d "$1/db" c || return 1
	"$BIN/searcher" -d "$1/db" --json -n 1000 zebra >before.json
	mkdir -p big &&
	awk 'BEGIN {
		srand(1)
		for (i = 1; i <= 60; i++) {
			f = sprintf("big/g%02d.txt", i)
			for (p = 0; p < 40; p++) {
				for (w = 0; w < 60; w++)
					printf "w%d ", int(rand() * 1000000) > f
				printf "\n\n" > f
			}
			close(f)
		}
	}' &&
	# An update: the batches that fit are committed; the rest fails.
	run 2 idx -d "$1/db" --batch-size 500 c big && lines "$ERR" 1 &&
	has "$ERR" "No space left on device" && has "$ERR" "keeps what was committed" &&
	run 0 idx -d "$1/db" --check && run 0 srch -d "$1/db" zebra &&
	# A rebuild: the old index stays as it was, the new one is removed.
	run 2 idx -d "$1/db" --full c big && has "$ERR" "No space left on device" &&
	has "$ERR" "the index is unchanged" &&
	[ "$(ls "$1/db" | grep -c '^db-')" -eq 1 ] &&
	run 0 idx -d "$1/db" --check && run 0 srch -d "$1/db" zebra
}
t "disk full during a commit: a clear error, the committed index intact" disk_full

done_testing
