# Hostile queries: no crash; a result, no result, or a one-line error.
. "$(dirname "$0")/lib.sh"

mkdir -p "$TMP/c"
printf 'The zebra grazes on the savanna.\n\nA lion watches the zebra herd.\n' >"$TMP/c/a.txt"
(cd "$TMP" && idx -q -d db --min-passage 0 c) || { echo "not ok - first index"; exit 1; }

# srch_ok QUERY...: exit 0 or 1 (never 2 or a signal), nothing on stderr.
srch_ok() {
	srch -d db "$@" >"$OUT" 2>"$ERR"
	st=$?
	[ "$st" -le 1 ] && [ ! -s "$ERR" ] && return 0
	say "query '$*' exited $st: $(head -c 300 "$ERR")"
	return 1
}

unbalanced() {
	srch_ok '"zebra herd' && srch_ok 'zebra "' && srch_ok '((zebra' &&
	srch_ok 'zebra)' && srch_ok '"' && srch_ok '(' &&
	srch_ok '"lion watches' && has "$OUT" "passage 2"
}
t "unbalanced quotes and brackets give a result or none" unbalanced

lone_operators() {
	for q in AND OR NOT 'zebra AND' 'OR zebra' 'zebra NOT' 'AND OR NOT'; do
		srch -d db "$q" >"$OUT" 2>"$ERR"
		st=$?
		case $st in
		0|1) [ ! -s "$ERR" ] || { say "'$q': $st with $(cat "$ERR")"; return 1; } ;;
		2) lines "$ERR" 1 && has "$ERR" "searcher: bad query" || return 1 ;;
		*) say "'$q' exited $st"; return 1 ;;
		esac
	done &&
	srch_ok + && srch_ok - && srch_ok NEAR && srch_ok '*' && srch_ok 'file:' &&
	srch_ok 'ext:' && srch_ok 'zebra NEAR' && srch_ok '+-+-zebra'
}
t "lone operators give a result, none, or a one-line 'bad query'" lone_operators

huge_query() {
	awk 'BEGIN { for (i = 0; i < 10000; i++) printf "word%d ", i }' >q.txt &&
	srch_ok "$(cat q.txt)" &&
	srch_ok --any "$(cat q.txt) zebra" && has "$OUT" "c/a.txt" &&
	srch_ok "$(cat q.txt | tr ' ' '\n' | sed 's/$/*/' | tr '\n' ' ')"
}
t "a 10,000-word query runs" huge_query

control_chars() {
	q=$(printf 'zebra\001\002\033[31m\t\r\177') &&
	srch_ok "$q" &&
	srch_ok --json "$q" && { [ ! -s "$OUT" ] || jq -e . "$OUT" >/dev/null; } &&
	srch_ok "$(printf 'zeb\377ra \300\200 lion')" &&
	srch_ok --json --any "$(printf '\377 lion')" && jq -e .path "$OUT" >/dev/null &&
	! grep -q "$(printf '\033')" "$OUT"
}
t "control characters and invalid UTF-8 in a query do no harm" control_chars

done_testing
