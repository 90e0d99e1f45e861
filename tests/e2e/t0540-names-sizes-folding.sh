# Smaller hazards: names that would take over a terminal or collide in
# JSON, size and count options at their limits, a file skipped for its
# size, and words that differ only by width, invisible characters or the
# Turkish dotless i.
. "$(dirname "$0")/lib.sh"

mkdir -p "$TMP/c"
cd "$TMP" || exit 1

# C1 controls (CSI, U+009B) and bidirectional overrides (RLO, U+202E;
# LRI, U+2066) in names and text print as '?', as C0 controls do.
terminal_controls() {
	mkdir t &&
	printf 'okapi here \302\2332J and \342\200\256reversed \342\201\246isolated\n' \
		>"$(printf 't/csi\302\233name.txt')" &&
	printf 'okapi again\n' >"$(printf 't/invoice\342\200\256fdp.exe')" &&
	run 0 idx -d tdb t &&
	run 0 srch -d tdb okapi &&
	has "$OUT" "t/csi?name.txt:1:" && has "$OUT" "t/invoice?fdp.exe:1:" &&
	has "$OUT" "okapi here ?2J and ?reversed ?isolated" &&
	! grep -q "$(printf '\302\233')" "$OUT" && ! grep -q "$(printf '\342\200\256')" "$OUT" &&
	run 0 srch -d tdb --files okapi && has "$OUT" "t/invoice?fdp.exe" &&
	run 1 idx -d tdb t "$(printf 'gone\342\200\256txt')" &&
	has "$ERR" "cannot read 'gone?txt'" &&
	# JSON keeps them: it is for programs, which escape as they need.
	run 0 srch -d tdb --json okapi &&
	jq -e -s 'map(.path) | index("t/invoice\u202efdp.exe") != null' "$OUT" >/dev/null
}
t "C1 controls and bidi overrides in names and text print as '?'" terminal_controls

# Three names that differ in bytes: a Latin-1 byte, a real U+FFFD, and
# what the Latin-1 byte means.  "path" cannot tell the first two apart;
# "path_bytes" can, and is there only for the name that is not UTF-8.
json_names() {
	mkdir j &&
	printf 'walrus one\n' >"$(printf 'j/caf\351.txt')" &&
	printf 'walrus two\n' >"$(printf 'j/caf\357\277\275.txt')" &&
	printf 'walrus three\n' >"$(printf 'j/caf\303\251.txt')" &&
	run 0 idx -d jdb j &&
	run 0 srch -d jdb --json walrus && lines "$OUT" 3 &&
	jq -r '.path' "$OUT" | LC_ALL=C sort >paths &&
	printf 'j/caf\303\251.txt\nj/caf\357\277\275.txt\nj/caf\357\277\275.txt\n' >want &&
	cmp paths want &&
	[ "$(jq -r 'select(.path_bytes) | .path_bytes' "$OUT")" = 6a2f636166e92e747874 ] &&
	[ "$(jq -r 'select(.path_bytes) | .text' "$OUT")" = "walrus one" ] &&
	[ "$(jq -s 'map(select(has("path_bytes"))) | length' "$OUT")" = 1 ] &&
	# The bytes name the file on disk (hex to printf's octal escapes).
	name=$(jq -r 'select(.path_bytes) | .path_bytes' "$OUT" | awk '{
		h = "0123456789abcdef"
		for (i = 1; i < length($0); i += 2)
			printf "\\%03o", (index(h, substr($0, i, 1)) - 1) * 16 + index(h, substr($0, i + 1, 1)) - 1
	}') &&
	[ -f "$(printf "$name")" ] && [ "$(cat "$(printf "$name")")" = "walrus one" ]
}
t "--json: invalid UTF-8 in a name is U+FFFD in path, the bytes in path_bytes" json_names

sizes() {
	printf 'x\n' >c/a.txt &&
	run 2 idx -d sdb --max-file-size 18014398509481985K c &&
	has "$ERR" "invalid --max-file-size '18014398509481985K'" &&
	run 2 idx -d sdb --max-file-size 99999999999999999999 c &&
	run 0 idx -d sdb --max-file-size 16777216G c &&
	run 2 idx -d sdb --full --jobs 0 c &&
	has "$ERR" "invalid --jobs '0': expected 1 to 64 writers" && hasnt "$ERR" passages &&
	run 2 idx -d sdb --full --jobs -1 c && has "$ERR" "expected 1 to 64 writers"
}
t "--max-file-size that overflows and --jobs 0 are usage errors" sizes

# Skipped for its size, a file is read again by a run with a larger
# limit; indexed and then grown past the limit, it loses its passages and
# comes back the same way.
too_large() {
	mkdir big &&
	awk 'BEGIN { for (i = 0; i < 300; i++) print "capybara line " i }' >big/big.txt &&
	printf 'small file about a tapir\n' >big/small.txt &&
	run 0 idx -d bdb --max-file-size 1K big &&
	has "$ERR" "skipping 'big/big.txt': larger than --max-file-size" &&
	has "$ERR" "1 added" && has "$ERR" "1 too large" &&
	run 0 idx -d bdb --max-file-size 1K big &&
	has "$ERR" "0 added, 0 updated, 0 deleted, 1 unchanged, 1 skipped (0 binary, 1 too large" &&
	run 0 idx -d bdb --max-file-size 1M big &&
	has "$ERR" "1 added, 0 updated, 0 deleted, 1 unchanged" &&
	run 0 srch -d bdb capybara &&
	printf 'one more capybara line\n' >>big/big.txt &&
	run 0 idx -d bdb --max-file-size 1K big && has "$ERR" "1 too large" &&
	run 1 srch -d bdb capybara &&
	run 0 idx -d bdb big && has "$ERR" "1 added" &&
	run 0 srch -d bdb capybara
}
t "a file skipped for its size is read again with a larger --max-file-size" too_large

# Width, invisible characters and the dotless i, in the text and in the
# query: each pair finds the other.
folding() {
	mkdir f &&
	printf 'Ｈｅｌｌｏ from Ｔｏｋｙｏ ２０２６.\n\nzero\342\200\213width space\n\nsoft\302\255hyphen here\n\nIşık ve ısık\n' >f/a.txt &&
	run 0 idx -d fdb --min-passage 0 f &&
	run 0 srch -d fdb --count hello && [ "$(cat "$OUT")" = 1 ] &&
	run 0 srch -d fdb --count 'tokyo 2026' && [ "$(cat "$OUT")" = 1 ] &&
	run 0 srch -d fdb --count 'ＨＥＬＬＯ' && [ "$(cat "$OUT")" = 1 ] &&
	run 0 srch -d fdb --json hello && [ "$(jget 1 line)" = 1 ] &&
	run 0 srch -d fdb --count zero && run 0 srch -d fdb --count width &&
	run 0 srch -d fdb --count "$(printf 'zero\342\200\213width')" &&
	run 1 srch -d fdb zerowidth &&
	run 0 srch -d fdb --count softhyphen &&
	run 0 srch -d fdb --count "$(printf 'soft\302\255hyphen')" &&
	run 1 srch -d fdb soft &&
	run 0 srch -d fdb --json isik && [ "$(jget 1 line)" = 7 ] &&
	[ "$(jget 1 'highlights|length')" = 2 ] &&
	run 0 srch -d fdb --count 'ISIK'
}
t "full-width letters, zero-width space, soft hyphen and ı fold as documented" folding

# An index of the previous layout is rebuilt by a plain run.
old_layout() {
	command -v xapian-metadata >/dev/null || { say "xapian-metadata missing"; return 1; }
	run 0 idx -d ldb f &&
	xapian-metadata set "ldb/$(sed 's/^glass //' ldb/XAPIANDB)" schema 3 &&
	run 2 srch -d ldb hello && has "$ERR" "has layout 3, this searcher reads layout 4" &&
	run 0 idx -d ldb &&
	has "$ERR" "index 'ldb' has layout 3 and this indexer writes layout 4; rebuilding it" &&
	run 0 srch -d ldb hello
}
t "an index of layout 3 is rebuilt by the next run" old_layout

done_testing
