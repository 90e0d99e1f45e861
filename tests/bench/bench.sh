#!/bin/sh
# bench.sh - the benchmark behind `make bench` (see docs/bench.md).
#
# Usage: bench.sh   (settings come from the environment, set by make)
#   BIN      directory holding indexer and searcher
#   TOOLS    directory holding fts5_load and timeit
#   CACHE    where corpora are downloaded and prepared, reused across runs
#   OUT      where indexes, raw timings, results.md and the charts go
#   CORPORA  corpora to run, in order (sotu linuxdoc linux)
#   REPS     passes over the query set per tool (default 3; one more pass
#            first warms the caches and is not counted)
#   BUILDS   builds of each index, interleaved (default 3); the build
#            figures are the medians
#
# For each corpus it builds three indexes of the same files side by side:
# ours (indexer --full, and a first build without it), omindex (one
# document per file, every file taken as text) and SQLite FTS5 fed our
# passages (fts5_load); then re-runs the two
# incremental indexers with no change, after editing one file and after
# deleting one; then times every query of queries.txt as a whole process:
# searcher --json (snippets on), quest on the omindex index, sqlite3 on
# the FTS5 table (with snippet()), and rg -l on the files.  The corpus is
# left as it was found: the edited file is restored with its old time
# stamps and the deleted one moved back, even if the run is interrupted.
set -eu

: "${BIN:?}" "${TOOLS:?}" "${CACHE:?}" "${OUT:?}"
CORPORA=${CORPORA:-sotu linuxdoc}
REPS=${REPS:-3}
BUILDS=${BUILDS:-3}
HERE=$(cd "$(dirname "$0")" && pwd)
QUERIES=$HERE/queries.txt
mkdir -p "$OUT" "$CACHE"
CACHE_SHOWN=$CACHE
BIN=$(cd "$BIN" && pwd)
TOOLS=$(cd "$TOOLS" && pwd)
OUT=$(cd "$OUT" && pwd)
CACHE=$(cd "$CACHE" && pwd)
RESULTS=$OUT/results.md
NO_COLOR=1
export NO_COLOR
unset SEARCH_INDEX

note() { printf 'bench: %s\n' "$*" >&2; }

for tool in omindex quest xapian-compact xapian-delve sqlite3 rg jq gnuplot; do
	command -v "$tool" >/dev/null ||
		{ note "'$tool' is missing (make bench installs it)"; exit 2; }
done

# --- corpus restoration -----------------------------------------------------
EDITED=
EDITED_ORIG=
DELETED=
DELETED_ORIG=
restore() {
	if [ -n "$EDITED" ] && [ -f "$EDITED_ORIG" ]; then
		cp -p "$EDITED_ORIG" "$EDITED" && rm -f "$EDITED_ORIG"
	fi
	if [ -n "$DELETED" ] && [ -f "$DELETED_ORIG" ]; then
		mv "$DELETED_ORIG" "$DELETED"
	fi
	EDITED=
	DELETED=
}
trap restore EXIT
trap 'restore; exit 130' INT TERM

# --- measuring --------------------------------------------------------------
# measure TOOL STEP CMD...: runs CMD under timeit, appends
# "TOOL STEP WALL USER SYS MAXRSS_KB STATUS" to $W/times; output to $W/log.
measure() {
	m_tool=$1
	m_step=$2
	shift 2
	rm -f "$W/.t"
	printf '== %s %s: %s\n' "$m_tool" "$m_step" "$*" >>"$W/log"
	m_rc=0
	"$TOOLS/timeit" "$W/.t" "$@" >>"$W/log" 2>&1 || m_rc=$?
	# 1 is "finished, some inputs unreadable" for the indexers: still a run.
	if [ "$m_rc" -gt 1 ]; then
		note "$m_tool $m_step failed (status $m_rc); see $W/log"
		tail -n 5 "$W/log" >&2
		exit 2
	fi
	printf '%s %s %s\n' "$m_tool" "$m_step" "$(cat "$W/.t")" >>"$W/times"
}

# put KEY TOOL VALUE: one figure of the summary.
put() { printf '%s %s %s\n' "$1" "$2" "$3" >>"$W/summary"; }

# get KEY TOOL [SUMMARY]: the figure, or "n/a".
get() {
	awk -v k="$1" -v t="$2" '$1 == k && $2 == t { v = $3 }
		END { print (v == "" ? "n/a" : v) }' "${3:-$W/summary}"
}

# Figures of a timed step (the median if it ran more than once): wall,
# cpu (user + sys), peak RSS in MB.
median() { sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
step_wall() { awk -v t="$1" -v s="$2" '$1 == t && $2 == s { printf "%.3f\n", $3 }' "$W/times" | median; }
step_cpu() { awk -v t="$1" -v s="$2" '$1 == t && $2 == s { printf "%.3f\n", $4 + $5 }' "$W/times" | median; }
step_rss() { awk -v t="$1" -v s="$2" '$1 == t && $2 == s { printf "%.1f\n", $6 / 1024 }' "$W/times" | median; }

# Size in MB (10^6 bytes) of a file or directory.
size_mb() { du -sb "$1" | awk '{ printf "%.1f\n", $1 / 1e6 }'; }

# pct FILE P: the P-th percentile (nearest rank) of the numbers in FILE, in ms.
pct() {
	sort -g "$1" | awk -v p="$2" '{ v[NR] = $1 }
		END { r = int(NR * p / 100); if (r < NR * p / 100) r++; if (r < 1) r = 1;
		      printf "%.2f\n", v[r] * 1000 }'
}

# The query words as an FTS5 query: each word quoted, so all must match.
fts5_query() { printf '%s\n' "$1" | awk '{ for (i = 1; i <= NF; i++) printf "%s\"%s\"", (i > 1 ? " " : ""), $i }'; }

# --- one corpus ---------------------------------------------------------------
run_corpus() {
	C=$1
	DIR=$(sh "$HERE/fetch.sh" "$CACHE" "$C")
	W=$OUT/$C
	rm -rf "$W"
	mkdir -p "$W"
	: >"$W/times"
	: >"$W/summary"
	: >"$W/log"

	# The files every tool sees: regular, not hidden (our walk also
	# follows symbolic links, omindex does not; the linux tree has a few).
	(cd "$DIR" && find . -name '.*' ! -name . -prune -o -type f -print) |
		sed 's,^\./,,' | LC_ALL=C sort >"$W/files"
	nfiles=$(wc -l <"$W/files")
	bytes=$(cd "$DIR" && tr '\n' '\0' <"$W/files" | xargs -0 stat -c %s |
		awk '{ s += $1 } END { print s + 0 }')
	mb=$(awk -v b="$bytes" 'BEGIN { printf "%.1f\n", b / 1e6 }')
	put files corpus "$nfiles"
	put mb corpus "$mb"
	note "$C: $nfiles files, $mb MB in $DIR"

	# Warm the page cache so the first tool does not pay for the disk.
	(cd "$DIR" && tr '\n' '\0' <"$W/files" | xargs -0 cat >/dev/null)

	note "$C: building (ours, omindex, FTS5), $BUILDS times"
	b=0
	while [ "$b" -lt "$BUILDS" ]; do
		rm -rf "$W/ours" "$W/ours.first" "$W/omindex" "$W/fts5.db"
		measure ours build "$BIN/indexer" -d "$W/ours" --full "$DIR"
		measure ours first "$BIN/indexer" -d "$W/ours.first" "$DIR"
		measure omindex build omindex --db "$W/omindex" -G '*:text/plain' "$DIR"
		measure fts5 build "$TOOLS/fts5_load" "$W/fts5.db" "$DIR"
		b=$((b + 1))
	done

	rm -rf "$W/ours.first"
	for t in ours omindex fts5; do
		put build_wall $t "$(step_wall $t build)"
		put build_cpu $t "$(step_cpu $t build)"
		put build_rss $t "$(step_rss $t build)"
		# Ours without --full (one writer, resumable) against the same.
		if [ $t = ours ]; then s=first; else s=build; fi
		put first_wall $t "$(step_wall $t $s)"
		put first_cpu $t "$(step_cpu $t $s)"
		put first_rss $t "$(step_rss $t $s)"
		put build_mbps $t "$(awk -v m="$mb" -v w="$(step_wall $t build)" \
			'BEGIN { printf "%.2f\n", m / w }')"
	done
	put docs ours "$(sed -n 's/.* \([0-9][0-9]*\) in index.*/\1/p' "$W/log" | tail -n 1)"
	put docs omindex "$(xapian-delve "$W/omindex" | sed -n 's/^number of documents = //p')"
	put docs fts5 "$(sqlite3 "$W/fts5.db" 'SELECT count(*) FROM passages')"

	put size ours "$(size_mb "$W/ours")"
	put size omindex "$(size_mb "$W/omindex")"
	put size fts5 "$(size_mb "$W/fts5.db")"
	xapian-compact "$W/ours" "$W/ours.compact" >>"$W/log"
	xapian-compact "$W/omindex" "$W/omindex.compact" >>"$W/log"
	cp "$W/fts5.db" "$W/fts5.compact.db"
	sqlite3 "$W/fts5.compact.db" \
		"INSERT INTO passages(passages) VALUES('optimize'); VACUUM;"
	put compact ours "$(size_mb "$W/ours.compact")"
	put compact omindex "$(size_mb "$W/omindex.compact")"
	put compact fts5 "$(size_mb "$W/fts5.compact.db")"
	rm -rf "$W/ours.compact" "$W/omindex.compact" "$W/fts5.compact.db"

	# Re-runs: FTS5 has no change detection (a re-run is a full reload).
	note "$C: re-running (no change, one file edited, one deleted)"
	measure ours noop "$BIN/indexer" -d "$W/ours" "$DIR"
	measure omindex noop omindex --db "$W/omindex" -G '*:text/plain' "$DIR"
	EDITED=$DIR/$(sed -n "$(( (nfiles + 1) / 2 ))p" "$W/files")
	EDITED_ORIG=$W/edited.orig
	cp -p "$EDITED" "$EDITED_ORIG"
	printf '\nA paragraph added by the benchmark.\n' >>"$EDITED"
	measure ours edit "$BIN/indexer" -d "$W/ours" "$DIR"
	measure omindex edit omindex --db "$W/omindex" -G '*:text/plain' "$DIR"
	DELETED=$DIR/$(sed -n "$(( (nfiles + 2) / 3 ))p" "$W/files")
	DELETED_ORIG=$W/deleted.orig
	mv "$DELETED" "$DELETED_ORIG"
	measure ours delete "$BIN/indexer" -d "$W/ours" "$DIR"
	measure omindex delete omindex --db "$W/omindex" -G '*:text/plain' "$DIR"
	printf 'edited %s\ndeleted %s\n' "$EDITED" "$DELETED" >>"$W/log"
	for s in noop edit delete; do
		put ${s}_wall ours "$(step_wall ours $s)"
		put ${s}_wall omindex "$(step_wall omindex $s)"
	done
	put edit_docs ours "$(sed -n 's/.* \([0-9][0-9]*\) in index.*/\1/p' "$W/log" | tail -n 1)"

	# Queries: the indexes are as the re-runs left them (one file fewer).
	note "$C: $(grep -vc '^#' "$QUERIES") queries x $REPS passes x 4 tools"
	for t in ours quest sqlite3 rg; do : >"$W/q.$t"; : >"$W/hits.$t"; done
	pass=0
	while [ "$pass" -le "$REPS" ]; do
		grep -v '^#' "$QUERIES" | while read -r q; do
			[ -n "$q" ] || continue
			# shellcheck disable=SC2086 # the words are meant to split
			set -- $q
			fq=$(fts5_query "$q")
			rgargs=
			for w in "$@"; do rgargs="$rgargs -e $w"; done
			"$TOOLS/timeit" "$W/q.ours" "$BIN/searcher" -d "$W/ours" \
				--json -n 10 "$@" >"$W/o.ours" 2>>"$W/log" || true
			"$TOOLS/timeit" "$W/q.quest" quest -d "$W/omindex" -o and \
				-m 10 "$q" >"$W/o.quest" 2>>"$W/log" || true
			"$TOOLS/timeit" "$W/q.sqlite3" sqlite3 -json "$W/fts5.db" \
				"SELECT path, line, snippet(passages, 4, '', '', '...', 16) AS snippet FROM passages WHERE passages MATCH '$fq' ORDER BY rank LIMIT 10" \
				>"$W/o.sqlite3" 2>>"$W/log" || true
			# shellcheck disable=SC2086
			"$TOOLS/timeit" "$W/q.rg" rg -l -i -F --no-ignore $rgargs "$DIR" \
				>"$W/o.rg" 2>>"$W/log" || true
			if [ "$pass" -eq 1 ]; then
				# Results per query: passages, documents, rows, files.
				wc -l <"$W/o.ours" >>"$W/hits.ours"
				grep -c '^[0-9]*: \[' "$W/o.quest" >>"$W/hits.quest" || true
				grep -o '"path":' "$W/o.sqlite3" | wc -l >>"$W/hits.sqlite3"
				wc -l <"$W/o.rg" >>"$W/hits.rg"
			fi
		done
		if [ "$pass" -eq 0 ]; then
			# The warm-up pass is not counted.
			for t in ours quest sqlite3 rg; do : >"$W/q.$t"; done
		fi
		pass=$((pass + 1))
	done
	for t in ours quest sqlite3 rg; do
		# Status 2 or more is an error (1 is "nothing found").
		bad=$(awk '$5 > 1' "$W/q.$t" | wc -l)
		[ "$bad" -eq 0 ] || { note "$t failed $bad queries; see $W/log"; exit 2; }
		awk '{ print $1 }' "$W/q.$t" >"$W/q.$t.wall"
		put q_p50 $t "$(pct "$W/q.$t.wall" 50)"
		put q_p99 $t "$(pct "$W/q.$t.wall" 99)"
		put q_n $t "$(wc -l <"$W/q.$t.wall")"
		put q_found $t "$(awk '$1 > 0' "$W/hits.$t" | wc -l)"
	done
	restore
}

# --- report -------------------------------------------------------------------
# ratio A B: A / B with two decimals, or n/a.
ratio() {
	awk -v a="$1" -v b="$2" 'BEGIN {
		if (a == "n/a" || b == "n/a" || b + 0 == 0) print "n/a";
		else printf "%.2f\n", a / b }'
}

# row LABEL KEY TOOL...: a table row: each tool's figure, then ours / each peer.
row() {
	r_label=$1
	r_key=$2
	shift 2
	r_ours=$(get "$r_key" ours)
	r_line="| $r_label | $r_ours"
	for t in "$@"; do r_line="$r_line | $(get "$r_key" "$t")"; done
	for t in "$@"; do r_line="$r_line | $(ratio "$r_ours" "$(get "$r_key" "$t")")"; done
	printf '%s |\n' "$r_line"
	# The chart's data: label, then the ratio against each of the five peers.
	printf '"%s"' "$r_label" >>"$W/chart.dat"
	for p in omindex fts5 quest sqlite3 rg; do
		case " $* " in
		*" $p "*) printf ' %s' "$(ratio "$r_ours" "$(get "$r_key" "$p")" | sed 's,n/a,-,')" >>"$W/chart.dat" ;;
		*) printf ' -' >>"$W/chart.dat" ;;
		esac
	done
	printf '\n' >>"$W/chart.dat"
}

corpus_report() {
	C=$1
	W=$OUT/$C
	: >"$W/chart.dat"
	printf '### %s: %s files, %s MB; passages: ours %s, FTS5 %s; omindex documents %s\n\n' \
		"$C" "$(get files corpus)" "$(get mb corpus)" "$(get docs ours)" \
		"$(get docs fts5)" "$(get docs omindex)"
	echo '| indexing | ours | omindex | FTS5 | ours/omindex | ours/FTS5 |'
	echo '|---|---:|---:|---:|---:|---:|'
	row 'build wall (s)' build_wall omindex fts5
	row 'build CPU (s)' build_cpu omindex fts5
	row 'build MB/s' build_mbps omindex fts5
	row 'build peak RSS (MB)' build_rss omindex fts5
	row 'first build, no --full: wall (s)' first_wall omindex fts5
	row 'first build, no --full: CPU (s)' first_cpu omindex fts5
	row 'first build, no --full: peak RSS (MB)' first_rss omindex fts5
	row 'index size (MB)' size omindex fts5
	row 'compacted (MB)' compact omindex fts5
	row 're-run, no change (s)' noop_wall omindex fts5
	row 're-run, 1 file edited (s)' edit_wall omindex fts5
	row 're-run, 1 file deleted (s)' delete_wall omindex fts5
	echo
	printf '| query, whole process (%s runs each) | ours | quest | sqlite3 | rg | ours/quest | ours/sqlite3 | ours/rg |\n' \
		"$(get q_n ours)"
	echo '|---|---:|---:|---:|---:|---:|---:|---:|'
	row 'p50 (ms)' q_p50 quest sqlite3 rg
	row 'p99 (ms)' q_p99 quest sqlite3 rg
	row "queries with a hit (of $(grep -vc '^#' "$QUERIES"))" q_found quest sqlite3 rg
	echo
	if [ -s "$W/chart.dat" ]; then
		gnuplot <<-EOF 2>>"$W/log" && printf '![ratios, %s](%s/ratios.png)\n\n' "$C" "$C"
		set terminal pngcairo size 1100,520 noenhanced font ",10"
		set output "$W/ratios.png"
		set title "$C: ours / peer (below 1: ours is faster or smaller; MB/s and hits: above 1 is better)"
		set style data histograms
		set style histogram clustered gap 1
		set style fill solid 0.8 border -1
		set datafile missing "-"
		set logscale y 10
		set yrange [0.01:*]
		set grid ytics
		set xtics rotate by -30 scale 0
		set key outside right top
		set arrow from graph 0, first 1 to graph 1, first 1 nohead lw 2 lc rgb "black"
		plot "$W/chart.dat" using 2:xtic(1) title "vs omindex", \
		     "" using 3 title "vs FTS5", "" using 4 title "vs quest", \
		     "" using 5 title "vs sqlite3", "" using 6 title "vs rg"
		EOF
	fi
}

version() { "$@" 2>&1 | head -n 1; }

machine() {
	echo '## Machine and tools'
	echo
	echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC')"
	echo "- CPU: $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1), nproc $(nproc)"
	echo "- memory: $(awk '/^MemTotal/ { printf "%.1f GB", $2 / 1048576 }' /proc/meminfo)"
	echo "- kernel: $(uname -sr); $(. /etc/os-release && echo "$PRETTY_NAME")"
	echo "- load average before: $LOAD0; after: $(cut -d' ' -f1-3 /proc/loadavg)"
	echo "- indexer: $(version "$BIN/indexer" -V); libxapian $(dpkg-query -W -f '${Version}' 'libxapian30' 2>/dev/null)"
	echo "- omindex: $(version omindex -V); quest: $(version quest -v)"
	echo "- sqlite3: $(version sqlite3 --version | cut -d' ' -f1)"
	echo "- rg: $(version rg --version)"
	echo "- corpora cache: $CACHE_SHOWN; builds: $BUILDS each (medians); queries: $(grep -vc '^#' "$QUERIES") in tests/bench/queries.txt, $REPS counted passes"
	echo
}

LOAD0=$(cut -d' ' -f1-3 /proc/loadavg)
for c in $CORPORA; do
	run_corpus "$c"
done
{
	echo "# Benchmark results"
	echo
	echo "\`make bench BENCH_CORPORA=\"$CORPORA\"\`. Ratios are ours / peer, measured"
	echo "side by side in one run: below 1 means ours is faster or smaller"
	echo "(for MB/s and hits, above 1 is better). Re-runs: FTS5 has no change"
	echo "detection, a re-run is a full reload (n/a). Queries: ours is"
	echo "\`searcher --json -n 10\`, quest \`-o and -m 10\` on the omindex index,"
	echo "sqlite3 \`-json\` with snippet() and ORDER BY rank LIMIT 10, rg \`-l -i -F --no-ignore\`"
	echo "with each word as a pattern (any word; it scans every file)."
	echo
	for c in $CORPORA; do
		corpus_report "$c"
	done
	machine
} >"$RESULTS"
cat "$RESULTS"
note "results in $RESULTS"
