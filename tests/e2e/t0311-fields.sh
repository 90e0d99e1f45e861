# Words beyond the text: a file's name and folders, its title, and the
# parts of identifiers (docs/searcher.1, RANKING; docs/design.md).
. "$(dirname "$0")/lib.sh"

mkdir -p "$TMP/c/licenses" "$TMP/c/src" "$TMP/c/notes"
# GPL-3's warranty section never says "GPL"; another file says both.
cat >"$TMP/c/licenses/GPL-3" <<'TXT'
Terms and conditions for copying, distribution and modification of the program follow below, in seventeen numbered sections, each of which applies to every copy of the program that you convey to others.

15. Disclaimer of Warranty. There is no warranty for the program, to the extent permitted by applicable law.
TXT
cat >"$TMP/c/notes/misc.txt" <<'TXT'
A note about licences: the GPL is one of them, and so is the MIT licence, they say, and there are many more of them that people choose for the programs they write and share with others.

Our shop gives a warranty of one year on every kettle it sells, parts and labour.
TXT
cat >"$TMP/c/src/sync.c" <<'TXT'
static void flush(void)
{
	memory_barrier();
	getUserName(NULL);
}
TXT
cat >"$TMP/c/notes/ordering.txt" <<'TXT'
Ordering of writes.

A memory barrier orders the writes before it against those after it, on every processor of the machine.
TXT
(cd "$TMP" && idx -q -d db c) || { echo "not ok - indexing"; exit 1; }

names() {
	run 0 srch -d db --json -n 1 gpl warranty &&
	[ "$(jget 1 path)" = c/licenses/GPL-3 ] && [ "$(jget 1 line)" = 3 ] &&
	# Found in the name, "gpl" is not missing.
	[ "$(jget 1 missing)" = null ] &&
	run 0 srch -d db --explain -n 1 gpl warranty && has "$OUT" "name:gpl"
}
t "a file's name holds words: 'gpl warranty' finds GPL-3's disclaimer" names

identifiers() {
	# The parts find the whole ...
	run 0 srch -d db --json --all memory barrier &&
	jq -r .path "$OUT" | grep -qx c/src/sync.c &&
	jq -r .path "$OUT" | grep -qx c/notes/ordering.txt &&
	# ... and are highlighted in it; the whole finds only the whole.
	run 0 srch -d db --json --all file:sync.c memory barrier &&
	[ "$(jget 1 'highlights|length')" -ge 1 ] &&
	run 0 srch -d db --json --all memory_barrier && lines "$OUT" 1 &&
	[ "$(jget 1 path)" = c/src/sync.c ] &&
	# camelCase: getUserName by "user name".
	run 0 srch -d db --json --all user name && [ "$(jget 1 path)" = c/src/sync.c ]
}
t "identifiers are found by their parts and as a whole" identifiers

titles() {
	# "Ordering of writes." ends a sentence: no title there.  A title
	# is a short first line standing alone, or one underlined.
	printf 'Kettle care\n===========\n\nDescale it monthly with vinegar.\n' >"$TMP/c/notes/care.txt" &&
	run 0 idx -q -d db &&
	run 0 srch -d db --json --all kettle descale && lines "$OUT" 1 &&
	[ "$(jget 1 path)" = c/notes/care.txt ] &&
	run 0 srch -d db --explain --all kettle descale && has "$OUT" "title:kettl" &&
	run 1 srch -d db --all ordering processor zyzzy
}
t "a file's title holds words for all its passages" titles

done_testing
