# Hostile input files: each is indexed, repaired, or skipped and counted;
# none stops the run or harms the index.
. "$(dirname "$0")/lib.sh"

# gdb without LeakSanitizer, which cannot work under ptrace (ASan builds).
dbg() { ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 gdb "$@"; }

mkdir -p "$TMP/c"
cd "$TMP" || exit 1
printf 'A plain file about lighthouses.\n' >c/plain.txt

binary() {
	printf 'ELF\0\0\0\1\2\3binary\0\0' >c/prog.bin &&
	head -c 4096 /dev/urandom >c/random.dat &&
	run 0 idx -d db c &&
	has "$ERR" "2 skipped (2 binary, 0 too large, 0 not regular files)" &&
	run 0 srch -d db lighthouses
}
t "binary files are skipped and counted" binary

bad_utf8() {
	printf 'caf\303\251 cr\303\250me br\303\273l\303\251e na\303\257ve \377 a broken byte, then the rest: walrus\n' >c/bad.txt &&
	run 0 idx -d db c && has "$ERR" "'c/bad.txt': 1 invalid UTF-8 sequences replaced" &&
	run 0 srch -d db --json walrus && has "$OUT" "crème brûlée naïve � a broken byte" &&
	run 0 srch -d db café && has "$OUT" "c/bad.txt"
}
t "invalid UTF-8 is repaired and the rest kept" bad_utf8

encodings() {
	printf 'Latin-1: un caf\351 cr\350me, mot1\n' >c/latin1.txt &&
	printf 'UTF-16: un caf\303\251 noir, mot2\n' | iconv -f UTF-8 -t UTF-16 >c/utf16.txt &&
	printf 'UTF-16BE: un caf\303\251 serr\303\251, mot3\n' | iconv -f UTF-8 -t UTF-16BE |
		{ printf '\376\377'; cat; } >c/utf16be.txt &&
	run 0 idx -d db c &&
	run 0 srch -d db café mot1 && has "$OUT" "c/latin1.txt" && has "$OUT" "crème" &&
	run 0 srch -d db café mot2 && has "$OUT" "c/utf16.txt" &&
	run 0 srch -d db café mot3 && has "$OUT" "c/utf16be.txt"
}
t "Latin-1 and UTF-16 files are decoded, so café is found" encodings

nul_and_empty() {
	printf 'text with a NUL\000byte about narwhals\n' >c/nul.txt &&
	: >c/empty.txt &&
	run 0 idx -d db c &&
	run 0 srch -d db narwhals && has "$OUT" "c/nul.txt" &&
	run 0 idx -d db c && has "$ERR" "0 added, 0 updated, 0 deleted"
}
t "NUL bytes and empty files are indexed without trouble" nul_and_empty

huge() {
	# 3 GB that take no disk: skipped before a byte is read.
	truncate -s 3G c/huge.txt &&
	run 0 idx -d db c &&
	has "$ERR" "skipping 'c/huge.txt': larger than --max-file-size" &&
	has "$ERR" "1 too large" && run 0 srch -d db lighthouses
}
t "a multi-gigabyte (sparse) file is skipped by --max-file-size" huge

long_line() {
	mkdir -p l &&
	awk 'BEGIN { for (i = 0; i < 1000000; i++) printf "word%d ", i % 1000; printf "\n" }' >l/line.txt &&
	[ "$(wc -c <l/line.txt)" -gt 6000000 ] &&
	run 0 idx -d ldb --max-file-size 1M l && has "$ERR" "1 too large" &&
	run 0 idx -d ldb --full --max-file-size 16M l && has "$ERR" "1 added" &&
	run 0 srch -d ldb word999 && has "$OUT" "l/line.txt:1: passage"
}
t "a file with one huge line is cut into passages, or skipped by size" long_line

unreadable() {
	printf 'secret\n' >c/secret.txt && chmod 000 c/secret.txt &&
	if [ "$(id -u)" = 0 ]; then
		say "running as root, which reads any file: the vanishing-file test below covers this"
		run 0 idx -d db c
	else
		run 1 idx -d db c && has "$ERR" "cannot read 'c/secret.txt': Permission denied" &&
		run 0 srch -d db lighthouses
	fi
	st=$?
	chmod 644 c/secret.txt
	return $st
}
t "an unreadable file is named on stderr, exit 1, the rest indexed" unreadable

symlinks() {
	ln -s nowhere c/dangling.txt && ln -s . c/loop && ln -s ../c c/up &&
	run 0 idx -d db c && has "$ERR" "not regular files" &&
	hasnt "$ERR" "loop" && run 0 srch -d db lighthouses && lines "$OUT" 2
}
t "dangling symlinks and symlink loops are harmless" symlinks

odd_names() {
	printf 'spaces in the name: okapi\n' >"c/with spaces.txt" &&
	printf 'a newline in the name: okapi\n' >"c/new
line.txt" &&
	printf 'a byte that is not UTF-8 in the name: okapi\n' >"$(printf 'c/bad\377name.txt')" &&
	run 0 idx -d db c && run 0 srch -d db okapi && has "$OUT" "c/with spaces.txt" &&
	has "$OUT" "c/new?line.txt" &&
	run 0 srch -d db --json okapi && lines "$OUT" 3 &&
	jq -e -s 'map(.path) | index("c/new\nline.txt") != null' "$OUT" >/dev/null
}
t "names with spaces, newlines or non-UTF-8 bytes are indexed and printed safely" odd_names

# gdb stops the indexer as it starts on one file; the file is then changed
# or removed.  No sleeps, no races.
while_reading() {
	command -v gdb >/dev/null 2>&1 || { say "gdb not installed: skipped"; return 0; }
	printf 'before the change: ocelot\n' >c/change.txt &&
	printf 'about to vanish: ibex\n' >c/vanish.txt &&
	dbg -batch -nx \
		-ex 'break apply_file if $_streq(path, "c/change.txt")' \
		-ex 'break apply_file if $_streq(path, "c/vanish.txt")' \
		-ex run -ex "shell printf 'after the change: jaguar\n' >>c/change.txt" \
		-ex continue -ex "shell rm c/vanish.txt" -ex delete -ex continue \
		--args "$BIN/indexer" -d db c >gdb.out 2>&1
	has gdb.out "cannot read 'c/vanish.txt': No such file or directory" &&
	has gdb.out "exited with code 01" &&
	run 0 srch -d db jaguar && has "$OUT" "c/change.txt" &&
	run 1 srch -d db ibex &&
	run 0 idx -d db c && has "$ERR" "0 added, 0 updated, 0 deleted" &&
	run 0 srch -d db lighthouses
}
t "a file changed or removed while being indexed: exit 1 for the gone one, the rest indexed" while_reading

missing_root() {
	run 1 idx -d db c no-such-dir && has "$ERR" "cannot read 'no-such-dir': No such file or directory" &&
	run 0 srch -d db lighthouses
}
t "a root that does not exist: named, exit 1, the rest indexed" missing_root

index_is_file() {
	printf 'not an index\n' >notdir &&
	run 2 idx -d notdir c && has "$ERR" "index 'notdir' is not a directory" &&
	run 2 srch -d notdir lighthouses && lines "$ERR" 1 &&
	[ "$(cat notdir)" = "not an index" ]
}
t "an index path that is a regular file: exit 2, the file untouched" index_is_file

done_testing
