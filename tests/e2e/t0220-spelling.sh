# "did you mean": spelling suggestions from the index's own words.
. "$(dirname "$0")/lib.sh"

cp -r "$ROOT/corpus" "$TMP/corpus"
(cd "$TMP" && idx -q -d db corpus) || { echo "not ok - indexing"; exit 1; }

khruschev() {
	run 1 srch -d db Khruschev && lines "$OUT" 0 &&
	has "$ERR" "did you mean: khrushchev" && lines "$ERR" 1
}
t "'Khruschev' gets 'did you mean: khrushchev' on stderr, exit 1" khruschev

json_stays_pure() {
	run 1 srch -d db --json Khruschev && lines "$OUT" 0 &&
	has "$ERR" "did you mean: khrushchev"
}
t "with --json the suggestion goes to stderr only" json_stays_pure

in_context() {
	# The rest of the query is kept; the suggestion finds something.
	run 1 srch -d db --all 'Nikita Khruschev' &&
	has "$ERR" "did you mean: nikita khrushchev" &&
	run 0 srch -d db 'Nikita Khruschev' &&
	has "$OUT" "missing: Khruschev" &&
	has "$ERR" "did you mean: nikita khrushchev" &&
	run 0 srch -d db nikita khrushchev
}
t "the suggestion keeps the other words and finds results" in_context

no_suggestion() {
	run 0 srch -d db Khrushchev && lines "$ERR" 0 &&
	run 1 srch -d db zyzzyvaquux && lines "$ERR" 0
}
t "no suggestion for a known word or one with no near spelling" no_suggestion

plenty_no_suggestion() {
	run 0 srch -d db -n 1 --any Batista Khruschev && lines "$ERR" 0 &&
	run 0 srch -d db -n 2 --any Batista Khruschev && has "$ERR" "did you mean: batista khrushchev"
}
t "no suggestion when the query already fills the page" plenty_no_suggestion

count_mode() {
	run 1 srch -d db --count Khruschev && has "$OUT" 0 &&
	has "$ERR" "did you mean: khrushchev"
}
t "--count also suggests" count_mode

done_testing
