# The query language on the seed corpus: operators, grouping, NEAR,
# wildcards, filters, and what capitals do.
. "$(dirname "$0")/lib.sh"

cp -r "$ROOT/corpus" "$TMP/corpus"
mkdir "$TMP/corpus/notes"
printf 'Kennedy spoke about Turkey and missiles.\n' >"$TMP/corpus/notes/kennedy.md"
(cd "$TMP" && idx -q -d db corpus) || { echo "not ok - indexing"; exit 1; }

# The "path:line" of each result, one per line, into $OUT.lines.
where() {
	jq -r '"\(.path):\(.line)"' "$OUT" >"$OUT.lines"
}

love_hate() {
	run 0 srch -d db --json --any '+Khrushchev Castro Kennedy' && where &&
	lines "$OUT.lines" 1 && has "$OUT.lines" castro-cuba.txt:3 &&
	run 0 srch -d db --json -- Castro -Soviet && where &&
	lines "$OUT.lines" 1 && has "$OUT.lines" castro-cuba.txt:1
}
t "+word is required and -word excluded" love_hate

brackets() {
	run 0 srch -d db --json '(Kennedy OR Khrushchev) AND Turkey' && where &&
	lines "$OUT.lines" 2 && has "$OUT.lines" castro-cuba.txt:3 &&
	has "$OUT.lines" notes/kennedy.md:1 &&
	run 0 srch -d db --json 'Khrushchev AND (Turkey OR Kennedy)' && where &&
	lines "$OUT.lines" 1 && has "$OUT.lines" castro-cuba.txt:3
}
t "brackets group AND and OR" brackets

and_operator() {
	run 0 srch -d db --json 'Castro AND Kennedy' && where &&
	lines "$OUT.lines" 1 && has "$OUT.lines" castro-cuba.txt:3
}
t "AND needs both words" and_operator

lower_case_operators() {
	# "not" in lower case is a word: the passage with Castro, not and
	# Soviet matches; with NOT it is excluded.
	run 0 srch -d db --json 'castro not soviet' && where &&
	has "$OUT.lines" castro-cuba.txt:3 &&
	run 0 srch -d db --json 'Castro NOT Soviet' && where &&
	hasnt "$OUT.lines" castro-cuba.txt:3
}
t "operators count only in upper case" lower_case_operators

near() {
	# "Castro wrote Soviet leader Nikita Khrushchev": five words apart.
	run 0 srch -d db --json 'Castro NEAR Khrushchev' && where &&
	has "$OUT.lines" castro-cuba.txt:3 &&
	run 0 srch -d db --json 'Castro NEAR/5 Khrushchev' && where &&
	has "$OUT.lines" castro-cuba.txt:3 &&
	run 1 srch -d db 'Castro NEAR/2 Khrushchev'
}
t "NEAR and NEAR/n limit the distance" near

wildcard() {
	run 0 srch -d db --json 'Khrush*' && where &&
	lines "$OUT.lines" 1 && has "$OUT.lines" castro-cuba.txt:3 &&
	[ "$(jget 1 'highlights|length')" -ge 1 ] &&
	jget 1 snippet | grep -q Khrushchev &&
	run 0 srch -d db --json 'khrush*' && where && lines "$OUT.lines" 1
}
t "a trailing * matches word beginnings, in any case" wildcard

ext_filter() {
	run 0 srch -d db --json ext:md Kennedy && where &&
	lines "$OUT.lines" 1 && has "$OUT.lines" notes/kennedy.md:1 &&
	run 0 srch -d db --json ext:.TXT Kennedy && where &&
	lines "$OUT.lines" 1 && has "$OUT.lines" castro-cuba.txt:3 &&
	run 1 srch -d db ext:pdf Kennedy
}
t "ext: filters by extension" ext_filter

file_and_not() {
	run 0 srch -d db --json file:castro-cuba.txt Castro NOT Soviet && where &&
	lines "$OUT.lines" 1 && has "$OUT.lines" castro-cuba.txt:1 &&
	run 0 srch -d db --json file:kennedy.md missiles && where &&
	lines "$OUT.lines" 1 && has "$OUT.lines" notes/kennedy.md:1
}
t "file: combines with NOT and words" file_and_not

capitals_stem() {
	run 0 srch -d db --json Movements && where &&
	has "$OUT.lines" castro-cuba.txt:1 &&
	run 0 srch -d db --json MISSILES && where && lines "$OUT.lines" 3
}
t "words typed with capitals still stem" capitals_stem

bad_syntax() {
	run 2 srch -d db 'Castro AND' && has "$ERR" "searcher: bad query" &&
	lines "$OUT" 0
}
t "a query that does not parse exits 2" bad_syntax

done_testing
