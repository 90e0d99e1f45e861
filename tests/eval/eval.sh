# eval.sh - measure ranking on judged collections (docs/eval.md).
#
# usage: BIN=build SCORE=build/tests/score sh tests/eval/eval.sh DIR WORK [SEARCHER-OPTION...]
#
# Each subdirectory of DIR holding docs/, queries.tsv and qrels.tsv is a
# collection.  For each, indexes docs/ afresh into WORK/NAME/index, runs
# every query with
#   searcher --any --json -n 1000 [SEARCHER-OPTION...] -- QUERY
# keeps "qid<TAB>docid" per passage in WORK/NAME/run (the docid is the
# file name without .txt), scores it, and prints a table row beside the
# reference row that DIR/README.md lists for the collection, if any.
set -eu

: "${BIN:?BIN must name the directory holding indexer and searcher}"
: "${SCORE:?SCORE must name the scoring program}"
[ $# -ge 2 ] || { echo "usage: eval.sh DIR WORK [SEARCHER-OPTION...]" >&2; exit 2; }
dir=$1
work=$2
shift 2
[ -d "$dir" ] || { echo "eval.sh: no collections at '$dir'" >&2; exit 2; }
bin=$(cd "$BIN" && pwd)
score=$(cd "$(dirname "$SCORE")" && pwd)/$(basename "$SCORE")
mkdir -p "$work"
work=$(cd "$work" && pwd)
tab=$(printf '\t')

# Runs collection $1's queries; prints QUERIES<TAB>MAP<TAB>P@10<TAB>nDCG@10.
measure() {
	c=$dir/$1
	w=$work/$1
	shift
	mkdir -p "$w"
	rm -rf "$w/index"
	(cd "$c" && "$bin/indexer" -q -d "$w/index" docs)
	: >"$w/run"
	while IFS="$tab" read -r qid text; do
		[ -n "$qid" ] || continue
		status=0
		"$bin/searcher" -d "$w/index" --any --json -n 1000 "$@" -- "$text" \
			>"$w/hits" 2>"$w/err" || status=$?
		if [ "$status" -gt 1 ]; then
			echo "eval.sh: query '$qid' of '$c' failed with status $status: $(cat "$w/err")" >&2
			exit 2
		fi
		jq -r --arg q "$qid" \
			'$q + "\t" + (.path | sub("^.*/"; "") | sub("\\.txt$"; ""))' \
			"$w/hits" >>"$w/run"
	done <"$c/queries.tsv"
	"$score" "$c/qrels.tsv" "$w/run"
}

# The reference row "| NAME | MAP | P@10 | nDCG@10 |" of the README.
reference() {
	[ -f "$dir/README.md" ] &&
	awk -F'|' -v name="$1" '
		function trim(s) { gsub(/^[ \t]+|[ \t]+$/, "", s); return s }
		trim($2) == name && trim($3) ~ /^[0-9.]+$/ {
			print trim($3) "\t" trim($4) "\t" trim($5); found = 1; exit
		}
		END { exit !found }' "$dir/README.md"
}

echo "searcher options: ${*:-(defaults)}"
printf '%-10s %-9s %7s %7s %7s %8s %s\n' collection run queries MAP P@10 nDCG@10 "MAP vs ref"
found=0
for c in "$dir"/*/; do
	name=$(basename "$c")
	[ -d "$c/docs" ] && [ -f "$c/queries.tsv" ] && [ -f "$c/qrels.tsv" ] ||
		continue
	found=1
	ref=$(reference "$name") || ref=
	if [ -n "$ref" ]; then
		echo "$ref" | awk -F'\t' -v n="$name" \
			'{ printf "%-10s %-9s %7s %7s %7s %8s\n", n, "reference", "", $1, $2, $3 }'
	fi
	row=$(measure "$name" "$@")
	echo "$row" | awk -F'\t' -v n="$name" -v ref="${ref%%"$tab"*}" '{
		d = ref != "" ? sprintf("%+.1f%%", 100 * ($2 - ref) / ref) : ""
		printf "%-10s %-9s %7s %7s %7s %8s %s\n", n, "ours", $1, $2, $3, $4, d
	}'
done
[ "$found" = 1 ] || { echo "eval.sh: no collection under '$dir'" >&2; exit 2; }
