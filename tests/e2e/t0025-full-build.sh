# --full: several writers fill shards that are merged into one compact
# database; the result is the one an update-style build gives, whatever
# the number of writers.  Also the index layout: an index of an older
# layout is rebuilt by a plain run, and refused by the searcher until then.
. "$(dirname "$0")/lib.sh"

# 60 files: paragraphs long enough to stay passages, a short heading that
# joins the paragraph after it, files named alike in two folders.
(cd "$TMP" && mkdir -p c/a c/b && awk 'BEGIN {
	fill = "filler"
	for (k = 0; k < 30; k++)
		fill = fill " filler"
	for (i = 1; i <= 60; i++) {
		f = sprintf("c/%s/f%02d.txt", i <= 30 ? "a" : "b", (i - 1) % 30 + 1)
		printf "Heading %d\n\nzebra one of file %d, word%d %s\n\nzebra two of file %d %s\n", i, i, i, fill, i, fill > f
		close(f)
	}
}') || exit 1

# Every (path, passage, lines, text) of an index, sorted.
dump() {
	srch -d "$1" --json -n 1000000 zebra |
		jq -c '[.path, .passage, .line, .end_line, .text]' | LC_ALL=C sort
}

same_as_update() {
	run 0 idx -d upd c && dump upd >upd.dump && lines upd.dump 120 &&
	for j in 1 2 3; do
		rm -rf full &&
		run 0 idx -d full --full --jobs $j c &&
		has "$ERR" "60 added, 0 updated, 0 deleted, 0 unchanged" &&
		has "$ERR" "120 passages written, 120 in index" &&
		dump full >full.dump && cmp upd.dump full.dump &&
		# the writers' spelling words, merged from their own table
		run 1 srch -d full zebar && has "$ERR" "did you mean: zebra" &&
		run 1 srch -d full fillre && has "$ERR" "did you mean: filler" ||
			return 1
	done
}
t "--full with 1, 2 or 3 writers gives what an update build gives" same_as_update

joined() {
	run 0 srch -d full --json word7 && lines "$OUT" 1 &&
	[ "$(jget 1 line)" = 1 ] && [ "$(jget 1 end_line)" = 3 ] &&
	jget 1 text | grep -q '^Heading 7$'
}
t "a short heading is one passage with the paragraph after it" joined

after_full() {
	# Updates, file: filters and the shards' cleanup after a --full.
	printf 'zebra newcomer %s\n' "$(printf 'x%.0s ' $(seq 1 120))" >c/a/new.txt &&
	rm c/a/f02.txt &&
	run 0 idx -d full c && has "$ERR" "1 added, 0 updated, 1 deleted, 59 unchanged" &&
	run 0 srch -d full newcomer && has "$OUT" "c/a/new.txt:1" &&
	run 1 srch -d full word2 &&
	run 0 srch -d full --json zebra file:f01.txt && lines "$OUT" 4 &&
	run 0 srch -d full --json zebra file:c/a/f01.txt && lines "$OUT" 2 &&
	run 1 srch -d full zebra file:f0 &&
	[ "$(ls full | grep -c '^db-')" -eq 1 ]
}
t "a --full index updates and filters like any other" after_full

bad_jobs() {
	run 2 idx -d x --full --jobs 0 c && has "$ERR" "invalid --jobs '0'" &&
	run 2 idx -d x --jobs many c && has "$ERR" "invalid --jobs 'many'" &&
	run 2 idx -d x --full --jobs 100000 c &&
	has "$ERR" "invalid --jobs '100000': expected 1 to 64 writers" &&
	[ ! -e x ]
}
t "bad --jobs values are usage errors" bad_jobs

old_layout() {
	command -v xapian-metadata >/dev/null || { say "xapian-metadata missing"; return 1; }
	run 0 idx -d old c &&
	db=$(ls -d old/db-*) && xapian-metadata set "$db" schema 2 &&
	run 2 srch -d old zebra &&
	has "$ERR" "index 'old' has layout 2, this searcher reads layout 4; rebuild it with 'indexer -d old --full'" &&
	run 0 idx -d old &&
	has "$ERR" "index 'old' has layout 2 and this indexer writes layout 4; rebuilding it" &&
	dump old >old.dump && dump full >full.dump && lines old.dump 119 &&
	cmp old.dump full.dump
}
t "an index of an older layout is refused, then rebuilt by a plain run" old_layout

done_testing
