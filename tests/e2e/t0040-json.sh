# The JSON Lines contract (docs/json.md).
. "$(dirname "$0")/lib.sh"

cp -r "$ROOT/corpus" "$TMP/corpus"
(cd "$TMP" && idx -q -d db corpus) || { echo "not ok - indexing"; exit 1; }

keys() {
	run 0 srch -d db --json Castro &&
	jq -e 'has("schema_version") and has("rank") and has("score") and
		has("percent") and has("path") and has("passage") and
		has("line") and has("end_line") and has("snippet") and
		has("text") and has("highlights")' "$OUT" >/dev/null
}
t "every result has the documented keys" keys

types() {
	run 0 srch -d db --json Castro &&
	jq -e '(.rank|type)=="number" and (.score|type)=="number" and
		(.percent>=0 and .percent<=100) and (.path|type)=="string" and
		(.passage>=1) and (.line>=1) and (.end_line>=.line) and
		(.snippet|type)=="string" and (.text|type)=="string" and
		.schema_version==1' "$OUT" >/dev/null
}
t "values have the documented types and ranges" types

only_json() {
	run 0 srch -d db --json Cuba &&
	n=$(wc -l <"$OUT") && [ "$n" -ge 2 ] &&
	[ "$(jq -c . "$OUT" | wc -l)" -eq "$n" ] &&
	[ "$(jq -r .rank "$OUT" | tr '\n' ' ')" = "$(seq 1 "$n" | tr '\n' ' ')" ]
}
t "stdout holds only JSON Lines, ranks 1..n" only_json

whole_text() {
	run 0 srch -d db --json '"Bay of Pigs"' &&
	[ "$(jget 1 text)" = "$(sed -n 3p corpus/castro-cuba.txt)" ]
}
t "text is the whole passage" whole_text

highlights() {
	run 0 srch -d db --json missiles &&
	jq -e '.highlights|length>0' "$OUT" >/dev/null &&
	# Each span covers the matched word in the snippet (bytes).
	s=$(jget 1 'highlights[0][0]') && e=$(jget 1 'highlights[0][1]') &&
	word=$(jget 1 snippet | head -c "$e" | tail -c $((e - s))) &&
	[ "$word" = missiles ]
}
t "highlights are byte spans of the matched words" highlights

done_testing
