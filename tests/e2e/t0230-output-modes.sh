# --files, --count, --exact, --per-file, --context and --explain, as text
# and as JSON (docs/json.md).
. "$(dirname "$0")/lib.sh"

cp -r "$ROOT/corpus" "$TMP/corpus"
mkdir "$TMP/corpus/notes"
printf 'Castro met Kennedy.\n\nCastro again, Castro always.\n\nNothing here.\n\nCastro at the end.\n' >"$TMP/corpus/notes/a.txt"
printf 'One Castro line.\n' >"$TMP/corpus/notes/b.txt"
(cd "$TMP" && idx -q -d db --min-passage 0 corpus) || { echo "not ok - indexing"; exit 1; }

files() {
	run 0 srch -d db --files castro && lines "$OUT" 3 &&
	[ "$(sort "$OUT" | uniq | wc -l)" -eq 3 ] &&
	has "$OUT" corpus/notes/a.txt && has "$OUT" corpus/castro-cuba.txt &&
	has "$OUT" corpus/notes/b.txt && hasnt "$OUT" passage &&
	# Best first: castro-cuba.txt, whose name holds the word too; then
	# a.txt, with the passage "Castro again, Castro always."
	[ "$(head -n 1 "$OUT")" = corpus/castro-cuba.txt ] &&
	[ "$(sed -n 2p "$OUT")" = corpus/notes/a.txt ] &&
	run 1 srch -d db --files zyzzyvaquux && lines "$OUT" 0
}
t "--files prints each matching file once, best first" files

files_json() {
	run 0 srch -d db --json --files castro && lines "$OUT" 3 &&
	jq -e '.schema_version==1 and has("path") and has("line") and
		(.more|type)=="number"' "$OUT" >/dev/null &&
	[ "$(jget 2 path)" = corpus/notes/a.txt ] && [ "$(jget 2 more)" -eq 2 ] &&
	[ "$(jq -r .path "$OUT" | sort -u | wc -l)" -eq 3 ]
}
t "--files --json: one object per file with 'more'" files_json

count() {
	# Five passages hold the word; castro-cuba.txt's name holds it for
	# its two others.
	run 0 srch -d db --count --exact castro && [ "$(cat "$OUT")" = 7 ] &&
	# Small counts are exact without --exact too.
	run 0 srch -d db --count castro kennedy && [ "$(cat "$OUT")" = 2 ] &&
	run 1 srch -d db --count zyzzyvaquux && [ "$(cat "$OUT")" = 0 ] &&
	run 0 srch -d db --count --files castro && [ "$(cat "$OUT")" = 3 ]
}
t "--count prints a number, exact with --exact, files with --files" count

count_json() {
	run 0 srch -d db --json --count --exact castro && lines "$OUT" 1 &&
	jq -e '.schema_version==1 and .count==7 and .exact==true' "$OUT" >/dev/null &&
	run 0 srch -d db --json --count --any castro kennedy &&
	jq -e '.count==7 and .exact==true' "$OUT" >/dev/null
}
t "--count --json: one object with count and exact" count_json

per_file() {
	run 0 srch -d db --per-file 1 castro &&
	[ "$(grep -c 'passage' "$OUT")" -eq 3 ] &&
	has "$OUT" 'corpus/notes/a.txt:3: passage 2, score' &&
	has "$OUT" ', 2 more in this file' &&
	run 0 srch -d db --json --per-file 2 castro && lines "$OUT" 5 &&
	[ "$(jq -r 'select(.path=="corpus/notes/a.txt") | .passage' "$OUT" | wc -l)" -eq 2 ]
}
t "--per-file K keeps K passages per file and says how many more" per_file

context() {
	run 0 srch -d db --context 1 file:a.txt nothing && lines "$OUT" 4 &&
	has "$OUT" '(line 3) Castro again, Castro always.' &&
	has "$OUT" '(line 7) Castro at the end.' &&
	# Before the snippet, then after it.
	[ "$(sed -n 2p "$OUT")" = '    (line 3) Castro again, Castro always.' ] &&
	[ "$(sed -n 4p "$OUT")" = '    (line 7) Castro at the end.' ]
}
t "--context N shows the neighbouring passages in order" context

context_json() {
	run 0 srch -d db --json --context 2 file:a.txt nothing &&
	[ "$(jq -c '[.context[].passage]' "$OUT")" = '[1,2,4]' ] &&
	[ "$(jget 1 'context[2].line')" -eq 7 ] &&
	[ "$(jget 1 'context[2].text')" = 'Castro at the end.' ] &&
	run 0 srch -d db --json --context 1000000 file:b.txt castro &&
	[ "$(jget 1 'context')" = '[]' ] &&
	run 0 srch -d db --json castro && jq -e 'has("context")|not' "$OUT" >/dev/null
}
t "--context --json: the 'context' array, only when asked" context_json

explain() {
	run 0 srch -d db --explain -n 1 castro kennedy &&
	has "$OUT" '    terms: kennedi (stem) ' && has "$OUT" ', castro (stem) '
}
t "--explain lists each matching term and its weight" explain

explain_json() {
	run 0 srch -d db --json --explain --all missile crisis && lines "$OUT" 1 &&
	jq -e '(.explain|length)==2 and (.explain[0].weight >= .explain[1].weight) and
		([.explain[].term]|sort)==["crisi","missil"] and .explain[0].stemmed==true' "$OUT" >/dev/null &&
	# For words alone the weights add up to the score.
	jq -e '(([.explain[].weight]|add) - .score | fabs) < 0.001' "$OUT" >/dev/null &&
	run 0 srch -d db --json --explain 'Khrush*' &&
	[ "$(jget 1 'explain[0].term')" = khrushchev ]
}
t "--explain --json: terms, weights adding up to the score" explain_json

bad_values() {
	run 2 srch -d db --per-file x castro && has "$ERR" "invalid --per-file 'x'" &&
	run 2 srch -d db --context -1 castro && has "$ERR" "invalid --context '-1'"
}
t "bad --per-file and --context values exit 2" bad_values

done_testing
