# lib.sh - the end-to-end harness, sourced by each tests/e2e/tNNNN-*.sh.
#
# Each test file defines shell functions and runs them with
#   t "what it checks" function_name
# A function passes when it returns 0; chain checks with &&.  Helpers:
#   run N CMD ARGS...   run CMD, want exit status N (a signal always fails);
#                       stdout goes to $OUT, stderr to $ERR
#   idx ARGS / srch ARGS  the binaries under test ($BIN, wrapped by $WRAP)
#   has FILE TEXT       FILE contains the fixed string TEXT
#   hasnt FILE TEXT     it does not
#   lines FILE N        FILE has exactly N lines
#   say ...             print a diagnostic (shown only when the test fails)
set -u

: "${BIN:?BIN must name the directory holding indexer and searcher}"
WRAP=${WRAP:-}
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
TMP=$(mktemp -d "${TMPDIR:-/tmp}/e2e.XXXXXX")
trap 'chmod -R u+rwx "$TMP" 2>/dev/null; rm -rf "$TMP"' EXIT
OUT=$TMP/.out
ERR=$TMP/.err
LOG=$TMP/.log
NO_COLOR=1
export NO_COLOR
unset SEARCH_INDEX
passed=0
failed=0

idx() { $WRAP "$BIN/indexer" "$@"; }
srch() { $WRAP "$BIN/searcher" "$@"; }

say() { printf '    %s\n' "$*" >>"$LOG"; }

run() {
	want=$1
	shift
	"$@" >"$OUT" 2>"$ERR"
	got=$?
	if [ "$got" -ne "$want" ]; then
		say "'$*' exited $got, expected $want"
		say "stdout: $(head -c 600 "$OUT")"
		say "stderr: $(head -c 600 "$ERR")"
		return 1
	fi
	return 0
}

has() {
	grep -qF -- "$2" "$1" && return 0
	say "$(basename "$1") lacks '$2'; it holds: $(head -c 600 "$1")"
	return 1
}

hasnt() {
	grep -qF -- "$2" "$1" || return 0
	say "$(basename "$1") should not hold '$2'; it holds: $(head -c 600 "$1")"
	return 1
}

lines() {
	n=$(wc -l <"$1")
	[ "$n" -eq "$2" ] && return 0
	say "$(basename "$1") has $n lines, expected $2: $(head -c 600 "$1")"
	return 1
}

# The value of KEY in the Nth JSON line of $OUT (1-based), as jq -r prints it.
jget() {
	sed -n "${1}p" "$OUT" | jq -r ".$2"
}

t() {
	: >"$LOG"
	if ( cd "$TMP" && "$2" ) >>"$LOG" 2>&1; then
		passed=$((passed + 1))
		echo "ok - $1"
	else
		failed=$((failed + 1))
		echo "not ok - $1"
		cat "$LOG"
	fi
}

done_testing() {
	echo "# $(basename "$0"): $passed passed, $failed failed"
	[ "$failed" -eq 0 ]
}
