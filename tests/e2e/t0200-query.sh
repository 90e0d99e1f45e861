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

# Phrases and NEAR on passages where the words meet and where they do
# not: the index holds no positions, so each is checked against the
# passage's text (see phrase_check in lib/xap.cc).
mkdir -p "$TMP/p"
(cd "$TMP" && awk 'BEGIN {
	for (i = 1; i <= 60; i++) {
		if (i % 3 == 0)
			print "She baked a red apple pie, number " i "."
		else if (i % 3 == 1)
			print "The apple was green, the barn was red, number " i "."
		else
			print "A banana and a red cherry, number " i "."
		print ""
	}
}' >p/fruit.txt && printf 'One red apple.\n\nApples, red ones.\n' >p/b.txt &&
idx -q -d pdb --min-passage 0 p) || { echo "not ok - indexing phrases"; exit 1; }

# The passage numbers of $OUT's results, in order, on one line.
passages() {
	jq -r '"\(.path | sub(".*/"; "")):\(.passage)"' "$OUT" | sort | tr '\n' ' '
}

phrase_checked() {
	has_positions=$(xapian-delve "$(ls -d pdb/db-*)" | grep 'positional')
	[ "$has_positions" = "has positional information = false" ] ||
		{ say "index: $has_positions"; return 1; }
	run 0 srch -d pdb --count --exact 'red apple' && [ "$(cat "$OUT")" = 42 ] &&
	run 0 srch -d pdb --count --exact '"red apple"' && [ "$(cat "$OUT")" = 21 ] &&
	run 0 srch -d pdb --count --exact '"apple red"' && [ "$(cat "$OUT")" = 1 ] &&
	run 0 srch -d pdb --json -n 100 '"red apple"' && lines "$OUT" 21 &&
	[ "$(jq -r .text "$OUT" | grep -ci 'red apple')" = 21 ] &&
	run 0 srch -d pdb --json -n 100 '"red apple" OR cherry' && lines "$OUT" 41 &&
	[ "$(jq -r .text "$OUT" | grep -ci 'green')" = 0 ] &&
	run 0 srch -d pdb --json -n 100 -- 'apple -"red apple"' && lines "$OUT" 21 &&
	[ "$(jq -r .text "$OUT" | grep -c 'green')" = 20 ] &&
	run 0 srch -d pdb --json -n 100 '"red apple" file:b.txt' &&
	[ "$(passages)" = "b.txt:1 " ] &&
	run 0 srch -d pdb --json -n 2 --per-file 1 '"red apple"' && lines "$OUT" 2 &&
	[ "$(jq -r '"\(.path | sub(".*/"; "")) \(.more)"' "$OUT" | sort | tr '\n' ' ')" = "b.txt 0 fruit.txt 19 " ] &&
	run 0 srch -d pdb --count --exact 'green NEAR/4 red' && [ "$(cat "$OUT")" = 20 ] &&
	run 1 srch -d pdb --count --exact 'green NEAR/3 red' && [ "$(cat "$OUT")" = 0 ] &&
	run 1 srch -d pdb '"green apple"'
}
t "phrases and NEAR match only where the words meet" phrase_checked

phrase_page() {
	# A page of 5 is the start of the list of all 21, expansion and all.
	run 0 srch -d pdb --json -n 100 '"red apple"' &&
	jq -c '[.path, .passage]' "$OUT" | head -n 5 >all.txt &&
	run 0 srch -d pdb --json -n 5 '"red apple"' && lines "$OUT" 5 &&
	jq -c '[.path, .passage]' "$OUT" >page.txt && cmp all.txt page.txt &&
	run 0 srch -d pdb --json -n 5 --offset 18 '"red apple"' && lines "$OUT" 3
}
t "a page of phrase matches is the start of the full list" phrase_page

phrase_suggestion() {
	run 1 srch -d pdb '"red appel"' && has "$ERR" 'did you mean: "red apple"'
}
t "a misspelt phrase gets a suggestion that matches" phrase_suggestion

done_testing
