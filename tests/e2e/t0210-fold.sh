# Accent- and case-insensitive matching, and Chinese, Japanese and Korean
# text.
. "$(dirname "$0")/lib.sh"

cp -r "$ROOT/corpus" "$TMP/corpus"
printf 'Crème Brûlée is a dessert.\n\nRaúl Castro spoke in Santiago.\n\nThe ÉCOLE NORMALE was closed.\n' >"$TMP/corpus/food.txt"
printf '古巴革命是一场武装起义。\n\nキューバ危機は1962年に起きた。\n\nハバナ\n\n쿠바 미사일 위기\n' >"$TMP/corpus/cjk.txt"
(cd "$TMP" && idx -q -d db --min-passage 0 corpus) || { echo "not ok - indexing"; exit 1; }

# The K-th highlighted word (0-based) of result N, cut by byte offsets.
hl() {
	s=$(jget "$1" "highlights[$2][0]") && e=$(jget "$1" "highlights[$2][1]") &&
	jget "$1" snippet | head -c "$e" | tail -c $((e - s))
}

raul() {
	run 0 srch -d db --json Raul &&
	[ "$(wc -l <"$OUT")" -eq 2 ] &&
	jq -e 'select(.path=="corpus/castro-cuba.txt") | .text | contains("Raúl")' "$OUT" >/dev/null &&
	# The original word is shown and highlighted.
	[ "$(hl 1 0)" = Raúl ] && [ "$(hl 2 0)" = Raúl ]
}
t "'Raul' finds 'Raúl' in both files" raul

highlight_bytes() {
	run 0 srch -d db --json file:food.txt raul &&
	[ "$(hl 1 0)" = Raúl ]
}
t "the highlight covers the accented word as written" highlight_bytes

creme_brulee() {
	run 0 srch -d db --json creme brulee && lines "$OUT" 1 &&
	[ "$(jget 1 path)" = corpus/food.txt ] &&
	[ "$(jget 1 'highlights|length')" -eq 2 ] &&
	run 0 srch -d db --json 'CRÈME BRÛLÉE' && lines "$OUT" 1
}
t "'creme brulee' finds 'Crème Brûlée', and the other way round" creme_brulee

accented_query() {
	run 0 srch -d db --json 'école' && lines "$OUT" 1 &&
	[ "$(jget 1 path)" = corpus/food.txt ] &&
	run 0 srch -d db --json Raúl && lines "$OUT" 2
}
t "accented query words find plain and capital text" accented_query

folded_phrase() {
	run 0 srch -d db --json '"raul castro"' && lines "$OUT" 1 &&
	[ "$(jget 1 path)" = corpus/food.txt ] &&
	run 1 srch -d db '"castro raul"'
}
t "phrases match folded words in order" folded_phrase

folded_stem() {
	# "brulees" stems like "Brûlée" folded; "desserts" like "dessert".
	run 0 srch -d db --json brulees desserts && lines "$OUT" 1 &&
	[ "$(jget 1 path)" = corpus/food.txt ]
}
t "stemming still works for accented words" folded_stem

chinese() {
	run 0 srch -d db --json 古巴 && lines "$OUT" 1 &&
	[ "$(jget 1 path)" = corpus/cjk.txt ] && [ "$(jget 1 line)" -eq 1 ] &&
	# Both characters are highlighted, as one span.
	[ "$(hl 1 0)" = 古巴 ] && [ "$(jget 1 'highlights|length')" -eq 1 ] &&
	run 0 srch -d db --json 革命 && [ "$(jget 1 line)" -eq 1 ]
}
t "Chinese words are found inside a sentence and highlighted" chinese

cjk_phrases() {
	# Quoted, the characters must follow each other, in this order.
	run 0 srch -d db --json '"古巴革命"' && lines "$OUT" 1 &&
	[ "$(jget 1 line)" -eq 1 ] &&
	run 0 srch -d db --json '"キューバ危機"' && lines "$OUT" 1 &&
	run 1 srch -d db '"革命古巴"' &&
	run 1 srch -d db '"古巴武装"' &&
	run 0 srch -d db --count 古巴 武装 && [ "$(cat "$OUT")" = 1 ]
}
t "a quoted CJK phrase matches its characters in order" cjk_phrases

japanese() {
	run 0 srch -d db --json キューバ && lines "$OUT" 1 &&
	[ "$(jget 1 line)" -eq 3 ] &&
	[ "$(hl 1 0)" = キューバ ] &&
	# Voicing marks are not stripped: ハバナ is not found by ハハナ.
	run 0 srch -d db --json ハバナ && lines "$OUT" 1 &&
	run 1 srch -d db ハハナ
}
t "Japanese words are found and highlighted" japanese

korean() {
	run 0 srch -d db --json 미사일 && lines "$OUT" 1 && [ "$(jget 1 line)" -eq 7 ]
}
t "Korean words are found" korean

done_testing
