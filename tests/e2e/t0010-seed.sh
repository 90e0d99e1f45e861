# The bundled corpus: the queries the project promises to answer.
. "$(dirname "$0")/lib.sh"

cp -r "$ROOT/corpus" "$TMP/corpus"
(cd "$TMP" && idx -q -d db corpus) || { echo "not ok - indexing the seed corpus"; exit 1; }

seed_passages() {
	run 0 idx -d db corpus &&
	has "$ERR" "0 added, 0 updated, 0 deleted, 1 unchanged" &&
	has "$ERR" "3 in index"
}
t "the seed corpus gives three passages" seed_passages

missile_crisis() {
	run 0 srch -d db --json missile crisis &&
	[ "$(jget 1 line)" = 3 ] && [ "$(jget 1 passage)" = 3 ] &&
	[ "$(jget 1 path)" = corpus/castro-cuba.txt ]
}
t "'missile crisis' ranks the third paragraph first" missile_crisis

movement() {
	run 0 srch -d db --json 26th of July Movement &&
	[ "$(jget 1 line)" = 1 ] && lines "$OUT" 1
}
t "'26th of July Movement' finds line 1" movement

stemming() {
	run 0 srch -d db --json guerrillas tactic &&
	[ "$(jget 1 line)" = 1 ] && lines "$OUT" 1 &&
	jget 1 text | grep -q "guerrilla warfare tactics"
}
t "'guerrillas tactic' finds line 1 through stemming" stemming

phrase() {
	run 0 srch -d db --json '"Bay of Pigs"' &&
	[ "$(jget 1 line)" = 3 ] && lines "$OUT" 1
}
t "the phrase \"Bay of Pigs\" finds line 3" phrase

phrase_order() {
	run 1 srch -d db '"Pigs of Bay"' && lines "$OUT" 0
}
t "a phrase with the words reordered finds nothing" phrase_order

raul() {
	run 0 srch -d db --json Raúl &&
	[ "$(jget 1 line)" = 1 ] &&
	jget 1 snippet | grep -q "Raúl"
}
t "'Raúl' is found, accent intact" raul

nowhere() {
	run 1 srch -d db zyzzyvaquux && lines "$OUT" 0 && lines "$ERR" 0
}
t "a word that occurs nowhere exits 1 with empty output" nowhere

text_output() {
	run 0 srch -d db missile crisis &&
	head -n 1 "$OUT" | grep -q '^corpus/castro-cuba.txt:3: passage 3, score [0-9.]*$' &&
	sed -n 2p "$OUT" | grep -qi "^    .*missile crisis"
}
t "text output: path:line, passage, score, then the snippet" text_output

color_always() {
	run 0 srch -d db --color=always missile &&
	has "$OUT" "$(printf '\033[1;31m')" &&
	run 0 srch -d db missile && hasnt "$OUT" "$(printf '\033')"
}
t "--color=always highlights; a pipe gets plain text" color_always

any_vs_all() {
	run 1 srch -d db --all missile zyzzyvaquux &&
	run 0 srch -d db --any --json missile zyzzyvaquux &&
	[ "$(jget 1 line)" -ge 2 ]
}
t "--all wants every word; --any accepts any word" any_vs_all

never_silent() {
	# Every word first; then passages with most of the words, saying
	# which they lack.
	run 0 srch -d db --json missile crisis zyzzyvaquux &&
	[ "$(jget 1 line)" = 3 ] &&
	[ "$(jget 1 'missing|join(",")')" = zyzzyvaquux ] &&
	[ "$(jget 2 'missing|join(",")')" = "crisis,zyzzyvaquux" ] &&
	run 0 srch -d db missile crisis zyzzyvaquux &&
	has "$OUT" "corpus/castro-cuba.txt:3: passage 3, score" &&
	has "$OUT" "; missing: crisis, zyzzyvaquux" &&
	run 0 srch -d db --json missile crisis && lines "$OUT" 2 &&
	[ "$(jget 1 missing)" = null ] &&
	[ "$(jget 2 'missing|join(",")')" = crisis ] &&
	run 1 srch -d db zyzzyvaquux quuxzyzzy && lines "$OUT" 0
}
t "never silent: passages with most of the words follow, with what they lack" never_silent

boolean() {
	run 0 srch -d db --json Castro NOT Soviet &&
	lines "$OUT" 1 && [ "$(jget 1 line)" = 1 ] &&
	run 0 srch -d db --json Fidel OR Batista && lines "$OUT" 3
}
t "NOT and OR" boolean

file_filter() {
	run 0 srch -d db --json file:castro-cuba.txt missile && lines "$OUT" 2 &&
	run 0 srch -d db --json file:corpus/castro-cuba.txt missile && lines "$OUT" 2 &&
	run 1 srch -d db file:other.txt missile
}
t "file: filters by file name or path" file_filter

limit_offset() {
	run 0 srch -d db --json -n 1 Cuba && lines "$OUT" 1 &&
	first=$(jget 1 line) &&
	run 0 srch -d db --json --offset 1 -n 1 Cuba && lines "$OUT" 1 &&
	[ "$(jget 1 rank)" = 2 ] && [ "$(jget 1 line)" != "$first" ]
}
t "-n and --offset page through results" limit_offset

done_testing
