# Ranking options: --bm25, stop words, --expand (docs/searcher.1).
. "$(dirname "$0")/lib.sh"

mkdir -p "$TMP/c"
printf 'apple banana cherry.\n\napple banana\n\nbanana cherry durian\n\nthe the the the cat\n\nthe dog sleeps\n\ndog dog dog dog dog dog and a cat\n' >"$TMP/c/f.txt"
printf 'banana cherry split.\n' >"$TMP/c/g.txt"
(cd "$TMP" && idx -q -d db --min-passage 0 c) || { echo "not ok - indexing"; exit 1; }

# The passages of f.txt printed, by first line, in rank order.
order() {
	jq -r 'select(.path == "c/f.txt") | .line' "$OUT" | tr '\n' ' '
}

stop_words() {
	# "the" is dropped: only the passages with "dog" match.
	run 0 srch -d db --any --json --expand 0 the dog &&
	[ "$(order)" = "11 9 " ] || { say "order: $(order)"; return 1; }
	# Kept, "the" matches too: the passage with both words first.
	run 0 srch -d db --any --json --expand 0 --keep-stopwords the dog &&
	case "$(order)" in "9 7 11 "|"9 11 7 ") ;; *) say "order: $(order)"; return 1;; esac
}
t "stop words are dropped from the query unless --keep-stopwords" stop_words

only_stop_words() {
	# A query of nothing but stop words still searches for them.
	run 0 srch -d db --json --expand 0 the &&
	[ "$(order)" = "7 9 " ] || { say "order: $(order)"; return 1; }
}
t "a query of stop words only keeps them" only_stop_words

phrase_keeps_stop_words() {
	run 0 srch -d db --json --expand 0 '"the dog"' && lines "$OUT" 1 &&
	[ "$(jget 1 line)" = 9 ]
}
t "a phrase keeps its stop words" phrase_keeps_stop_words

bm25() {
	# k1 = 0 ignores how often a word occurs: the passage with six
	# "dog" no longer beats the shorter one with one.
	run 0 srch -d db --json --expand 0 --bm25 2,0.5 dog &&
	[ "$(order)" = "11 9 " ] || { say "order: $(order)"; return 1; }
	run 0 srch -d db --json --expand 0 --bm25 0,0.5 dog &&
	[ "$(order)" = "9 11 " ] || { say "order: $(order)"; return 1; }
}
t "--bm25 K1,B sets BM25's parameters" bm25

bm25_default() {
	run 0 srch -d db --json dog && cp "$OUT" default.json &&
	run 0 srch -d db --json --bm25 1.2,0.75 dog &&
	cmp -s "$OUT" default.json
}
t "--bm25 1.2,0.75 is the default" bm25_default

# Expansion: "apple" matches three passages of h.txt; the best one
# ("apple banana") is the feedback, so banana is the expansion term.
mkdir -p "$TMP/h"
printf 'apple banana.\n\napple cherry kiwi lime\n\napple mango pear banana\n\nkiwi lime melon\n\ncherry lime grape\n\nbanana split\n' >"$TMP/h/h.txt"
(cd "$TMP" && idx -q -d hdb --min-passage 0 h) || { echo "not ok - indexing"; exit 1; }

hlines() {
	jq -r .line "$OUT" | tr '\n' ' '
}

expand_reranks() {
	# Lines 3 and 5 tie on "apple" alone; banana lifts line 5.
	run 0 srch -d hdb --json --expand 0 apple &&
	[ "$(hlines)" = "1 3 5 " ] || { say "order: $(hlines)"; return 1; }
	run 0 srch -d hdb --json --expand 1,15,0.5,1 apple &&
	[ "$(hlines)" = "1 5 3 " ] || { say "order: $(hlines)"; return 1; }
	# The same in --any mode: "banana split" is not added.
	run 0 srch -d hdb --any --json --expand 1,5,0.5,1 apple &&
	[ "$(hlines)" = "1 5 3 " ] || { say "order: $(hlines)"; return 1; }
}
t "--expand reranks by the best passages' words, adds no passage" expand_reranks

expand_highlights() {
	# Only the user's word is highlighted, never the expansion term.
	run 0 srch -d hdb --json --expand 1,15,0.5,1 apple &&
	[ "$(jq -c .highlights "$OUT" | sort -u)" = "[[0,5]]" ]
}
t "expansion terms are not highlighted" expand_highlights

expand_small() {
	# Three matches and three feedback passages: nothing to learn.
	run 0 srch -d hdb --json --expand 0 apple && cp "$OUT" plain.json &&
	run 0 srch -d hdb --json --expand 3,15,0.5,1 apple && cmp -s "$OUT" plain.json
}
t "no expansion when the feedback would be every match" expand_small

expand_explained() {
	# --explain names what the expansion added: with the words' own
	# weights it makes up the score of passage 5.
	run 0 srch -d hdb --json --explain --expand 1,15,0.5,1 apple &&
	jq -se 'map(select(.line == 5))[0] | (.score - .expansion -
		(.explain | map(.weight) | add)) as $d |
		.expansion > 0 and $d < 0.001 and $d > -0.001' \
		"$OUT" >/dev/null &&
	run 0 srch -d hdb --explain --expand 1,15,0.5,1 apple && has "$OUT" "; query expansion 0." &&
	run 0 srch -d hdb --json --explain --expand 0 apple &&
	[ "$(jq -r .expansion "$OUT" | sort -u)" = 0 ]
}
t "--explain shows what query expansion added" expand_explained

expand_filters() {
	# Expansion terms do not get past -cherry, nor out of a file: filter.
	run 0 srch -d hdb --any --json --expand 1,15,0.5,1 -- apple -cherry &&
	[ "$(hlines)" = "1 5 " ] || { say "order: $(hlines)"; return 1; }
	run 1 srch -d hdb --any --json --expand 1,15,0.5,1 apple file:f.txt
}
t "expansion keeps exclusions and filters" expand_filters

# Over 50 matches: the expansion reorders the first ranking's best 50
# (or a page's worth, if more), and a page of 10 is the start of a page
# of 200, which reorders all 150 matches.
mkdir -p "$TMP/m"
(cd "$TMP" && awk 'BEGIN {
	for (i = 1; i <= 150; i++) {
		line = (i <= 20) ? "apple banana cherry" : "apple"
		for (k = 0; k < i % 37; k++)
			line = line " filler" k
		print line ".\n"
	}
}' >m/m.txt && idx -q -d mdb --min-passage 0 m) || { echo "not ok - indexing"; exit 1; }

rerank_top() {
	# One word is a short query: expansion is asked for (N = 1).
	x=--expand=10,15,0.5,1
	run 0 srch -d mdb --json -n 200 $x apple && lines "$OUT" 150 &&
	jq -c '[.passage, .score]' "$OUT" | head -n 10 >all.txt &&
	run 0 srch -d mdb --json -n 10 $x apple && lines "$OUT" 10 &&
	jq -c '[.passage, .score]' "$OUT" >page.txt &&
	cmp all.txt page.txt &&
	# banana, learnt from the best passages, lifts its passages first
	[ "$(jq -r .passage "$OUT" | awk '$1 <= 20' | wc -l)" -ge 5 ] &&
	run 0 srch -d mdb --count $x apple && [ "$(cat "$OUT")" = 150 ] &&
	run 0 srch -d mdb --json -n 10 --offset 95 $x apple && lines "$OUT" 10
}
t "expansion over many matches: a page is the start of a longer one" rerank_top

# Short queries of any words: passages holding more of the words first.
# "zeta" is rare and repeated, so BM25 alone puts line 1 first; alpha,
# beta and gamma are common, and only line 3 holds all three.
mkdir -p "$TMP/k"
{
	printf 'zeta zeta zeta zeta zeta.\n\nalpha beta gamma and more\n'
	for i in 1 2 3 4 5 6; do printf '\nalpha one %s\n\nbeta two %s\n\ngamma three %s\n' $i $i $i; done
} >"$TMP/k/k.txt"
(cd "$TMP" && idx -q -d kdb --min-passage 0 k) || { echo "not ok - indexing"; exit 1; }

coordinated() {
	run 0 srch -d kdb --any --json -n 2 alpha beta gamma zeta &&
	[ "$(hlines)" = "3 1 " ] || { say "order: $(hlines)"; return 1; }
	[ "$(jget 1 'missing|join(",")')" = zeta ] &&
	[ "$(jget 2 'missing|join(",")')" = "alpha,beta,gamma" ] &&
	# Scores stay BM25's: the words held rank, they are not added.
	jq -e '.score < 100' "$OUT" >/dev/null &&
	# Counted as long (N = 1), the same query is ranked by BM25 alone.
	run 0 srch -d kdb --any --json -n 2 --expand 10,15,0.5,1 alpha beta gamma zeta &&
	[ "$(hlines)" = "1 3 " ] || { say "order: $(hlines)"; return 1; }
}
t "short --any queries rank passages with more of the words first" coordinated

bad_options() {
	for a in 1 1,2 a,b 1,0.5,3 -1,0.5 1,-0 '' 1e9,0.5 nan,0.5; do
		run 2 srch -d db --bm25 "$a" dog &&
		has "$ERR" "searcher: invalid --bm25 '$a': expected K1,B" || return 1
	done
	for a in x 1.5 1,2,0 1,,2 -1 1,2,3,4,5 1,2,3,0 1,2,3,1.5 20000 1,2,-1; do
		run 2 srch -d db --expand "$a" dog &&
		has "$ERR" "searcher: invalid --expand '$a': expected DOCS" || return 1
	done
	lines "$ERR" 1
}
t "bad --bm25 and --expand values are a one-line error, status 2" bad_options

done_testing
