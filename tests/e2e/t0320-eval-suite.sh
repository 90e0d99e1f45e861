# make eval's own scripts (docs/eval.md): the question scorer, the table
# builder and the suite that runs them, on tiny hand-made inputs.  Not
# ranking quality: the figures below follow from BM25 on a few lines.
. "$(dirname "$0")/lib.sh"

EVAL="$ROOT/tests/eval"
tab=$(printf '\t')
# A table row with its padding squeezed: "| a | b |".
row() {
	grep -F "| $1 " "$OUT" | sed 's/  */ /g'
}

# --- questions.py -----------------------------------------------------------
# Passages (one per paragraph): a.txt 1 "dog dog dog", 3 a long one with
# one "dog", 5 "cat and bird"; b.txt 1 "bird"; f.txt 1-9 "fox" followed
# by 0 to 4 more words, so that shorter ranks higher.
mkdir -p "$TMP/c"
printf 'dog dog dog.\n\nthe dog sat on the mat beside many other words here\n\ncat and bird\n' >"$TMP/c/a.txt"
printf 'bird.\n' >"$TMP/c/b.txt"
printf 'fox.\n\nfox one\n\nfox one two\n\nfox one two three\n\nfox one two three four\n' >"$TMP/c/f.txt"
(cd "$TMP" && idx -q -d db --min-passage 0 c) || { echo "not ok - indexing"; exit 1; }

# q1 answer at rank 2 (1/2); q2 rank 1 (1); q3 nothing matches: empty (0);
# q4 b.txt's shorter "bird" first, the answer second (1/2); q5 stop words
# and "?" as typed, "cat" left, the answer's range only overlapping the
# passage: rank 1 (1); q6 an answer in no file (0, not empty); q7 the
# fourth "fox" (1/4, not in the top 3).  7 questions, 1 empty, 4 in the
# top 3, MRR (0.5 + 1 + 0 + 0.5 + 1 + 0 + 0.25) / 7 = 0.464.
{
	printf '# a comment, then a blank line\n\n'
	printf 'q1\tdog\ta.txt:3-3\nq2\tdog\tzzz.txt:1 a.txt:1\nq3\tunicorn\ta.txt:1\n'
	printf 'q4\tbird\ta.txt:5\nq5\twhat about the cat?\ta.txt:4-6\n'
	printf 'q6\tdog\tzzz.txt:1-9\nq7\tfox\tf.txt:7-7\n'
} >"$TMP/q.tsv"

questions_arithmetic() {
	run 0 python3 "$EVAL/questions.py" q.tsv "$BIN/searcher" db c --details d.txt -- --expand 0 &&
	has "$OUT" "questions n=7 empty=1 top3=4 mrr=0.464 errors=0" &&
	grep -q "^q1${tab}2${tab}2${tab}dog${tab}a.txt:1$" d.txt &&
	grep -q "^q3${tab}0${tab}0${tab}unicorn${tab}$" d.txt &&
	grep -q "^q7${tab}4${tab}5${tab}fox${tab}f.txt:1$" d.txt ||
		{ say "details: $(cat d.txt)"; return 1; }
}
t "questions.py: empty, top-3 and MRR@10 of a hand-made set" questions_arithmetic

questions_absolute() {
	# An index of an absolute path: hits are taken relative to ROOT the same.
	idx -q -d absdb --min-passage 0 "$TMP/c" &&
	run 0 python3 "$EVAL/questions.py" q.tsv "$BIN/searcher" absdb "$TMP/c" -- --expand 0 &&
	has "$OUT" "questions n=7 empty=1 top3=4 mrr=0.464 errors=0"
}
t "questions.py: an index of absolute paths scores the same" questions_absolute

questions_default_mode() {
	# Each question is one argument, as typed, in the searcher's default
	# mode (no --any unless asked): the hits are the searcher's own.
	printf 'q\tdog bird\ta.txt:1\n' >q2.tsv &&
	run 0 python3 "$EVAL/questions.py" q2.tsv "$BIN/searcher" db c --details d2.txt &&
	n=$(srch -d db --json -n 10 -- 'dog bird' | wc -l) &&
	grep -q "^q${tab}[0-9]*${tab}$n${tab}dog bird${tab}" d2.txt &&
	run 0 python3 "$EVAL/questions.py" q2.tsv "$BIN/searcher" db c --details d2.txt -- --any &&
	n=$(srch -d db --json -n 10 --any -- 'dog bird' | wc -l) &&
	[ "$n" -gt 0 ] &&
	grep -q "^q${tab}[0-9]*${tab}$n${tab}dog bird${tab}" d2.txt ||
		{ say "details: $(cat d2.txt)"; return 1; }
}
t "questions.py: questions run as typed, in the default mode" questions_default_mode

questions_bad_input() {
	printf 'q1\tdog\n' >bad.tsv &&
	run 2 python3 "$EVAL/questions.py" bad.tsv "$BIN/searcher" db c &&
	has "$ERR" "'bad.tsv' line 1: expected id<TAB>question<TAB>answers" &&
	printf 'q1\tdog\ta.txt\n' >bad.tsv &&
	run 2 python3 "$EVAL/questions.py" bad.tsv "$BIN/searcher" db c &&
	has "$ERR" "answer 'a.txt' is not PATH:FIRST-LAST" &&
	printf 'q1\tdog\ta.txt:5-3\n' >bad.tsv &&
	run 2 python3 "$EVAL/questions.py" bad.tsv "$BIN/searcher" db c &&
	has "$ERR" "has an empty line range" &&
	printf 'q1\tdog\ta.txt:1\nq1\tcat\ta.txt:5\n' >bad.tsv &&
	run 2 python3 "$EVAL/questions.py" bad.tsv "$BIN/searcher" db c &&
	has "$ERR" "'bad.tsv' line 2: id 'q1' used twice" &&
	run 2 python3 "$EVAL/questions.py" missing.tsv "$BIN/searcher" db c &&
	has "$ERR" "cannot open 'missing.tsv'"
}
t "questions.py: a bad question file is a one-line error and status 2" questions_bad_input

# --- table.py ---------------------------------------------------------------
# moby, three seeds: defaults 0.800 0.900 0.850 (mean 0.850), fts5 0.800
# 0.800 0.900 (mean 0.833); ratio 0.850 / 0.8333 = 1.020, per seed 1.000,
# 1.125 and 0.944.
table_input() {
	{
		printf 'col\tdefaults\tshipped defaults\ncol\tbm25\t`--expand 0`\n'
		printf 'val\tcranfield\tMAP\tdefaults\t-\t0.3220\n'
		printf 'val\tmoby\tMRR@10\tdefaults\t1\t0.800\n'
		printf 'val\tmoby\tMRR@10\tfts5\t1\t0.800\n'
		printf 'val\tmoby\tMRR@10\tbm25\t1\t0.810\n'
		printf 'val\tmoby\tMRR@10\tdefaults\t2\t0.900\n'
		printf 'val\tmoby\tMRR@10\tfts5\t2\t0.800\n'
		printf 'val\tmoby\tMRR@10\tdefaults\t3\t0.850\n'
		printf 'val\tmoby\tMRR@10\tfts5\t3\t0.900\n'
		printf 'val\tcranfield\tMAP\tbm25\t-\t0.2912\n'
		printf 'val\tq-questions\tempty\tdefaults\t-\t3/10\n'
		printf 'val\tq-questions\ttop-3\tdefaults\t-\t7/10\n'
		printf 'val\tq-questions\ttop-3\tbm25\t-\t5/10\n'
		printf 'note\tone note\n'
	} >results.tsv
	printf '# goals\ncranfield MAP defaults >= 0.33\nmoby MRR@10 ratio >= 1.05\n' >goals.txt
	printf 'q-questions top-3 defaults >= 2/3\nq-questions empty defaults <= 0\n' >>goals.txt
}

table_figures() {
	table_input &&
	run 0 python3 "$EVAL/table.py" results.tsv goals.txt &&
	[ "$(sed -n 1p "$OUT" | sed 's/  */ /g')" = "| yardstick | defaults | bm25 | fts5 | defaults/fts5 | goal | met |" ] &&
	[ "$(row 'cranfield MAP')" = "| cranfield MAP | 0.3220 | 0.2912 | | | >= 0.33 | no |" ] &&
	[ "$(row 'moby MRR@10')" = "| moby MRR@10 | 0.850 (0.800-0.900) | 0.810 | 0.833 (0.800-0.900) | 1.020 (0.944-1.125) | ratio >= 1.05 | no |" ] &&
	[ "$(row 'q-questions empty')" = "| q-questions empty | 3/10 | | | | <= 0 | no |" ] &&
	[ "$(row 'q-questions top-3')" = "| q-questions top-3 | 7/10 | 5/10 | | | >= 2/3 | yes |" ] &&
	has "$OUT" "- bm25: \`--expand 0\`" &&
	has "$OUT" "- one note" &&
	# Rows in the order they first appear.
	[ "$(awk -F' *[|] *' 'NR > 2 && NF > 1 { printf "%s,", $2 }' "$OUT")" = "cranfield MAP,moby MRR@10,q-questions empty,q-questions top-3," ] ||
		{ say "got: $(cat "$OUT")"; return 1; }
}
t "table.py: means, lowest-highest, the FTS5 ratio, counts and goals" table_figures

table_bad_input() {
	printf 'val\tmoby\tMRR@10\tdefaults\t1\tabc\n' >bad.tsv &&
	run 2 python3 "$EVAL/table.py" bad.tsv &&
	has "$ERR" "'bad.tsv' line 1: 'abc' is not a figure" &&
	printf 'val\tmoby\tMRR@10\tdefaults\t1\t0.5\n' >bad.tsv &&
	run 2 python3 "$EVAL/table.py" bad.tsv &&
	has "$ERR" "no column in 'bad.tsv'" &&
	table_input && printf 'moby MRR@10 ratio ~ 1\n' >goals.txt &&
	run 2 python3 "$EVAL/table.py" results.tsv goals.txt &&
	has "$ERR" "'goals.txt' line 1: expected yardstick metric column op value"
}
t "table.py: bad input is a one-line error and status 2" table_bad_input

# --- suite.py ---------------------------------------------------------------
# The whole of make eval with stand-ins: a cache already holding a tiny
# "moby" corpus (fetch.sh then fetches nothing), a known-item script that
# logs its calls and prints figures made from its seed and options, a
# one-collection judged set (the one of t0300) and a question set.
suite_setup() {
	rm -rf work &&
	mkdir -p cache/moby coll/tiny/docs qs &&
	printf 'whale ship sea\n\nsea captain\n' >cache/moby/chapter_1.txt &&
	printf 'harpoon whale\n' >cache/moby/chapter_2.txt &&
	printf 'apple pie\n' >coll/tiny/docs/1.txt &&
	printf 'banana bread\n' >coll/tiny/docs/2.txt &&
	printf 'apple\n\napple orchard\n' >coll/tiny/docs/3.txt &&
	printf '1\torchard\n2\tbanana\n3\tcherry\n' >coll/tiny/queries.tsv &&
	printf '1\t3\t1\n2\t2\t1\n2\t1\t1\n3\t1\t1\n' >coll/tiny/qrels.tsv &&
	printf 'q1\tcaptain\tchapter_1.txt:3\nq2\tharpoon\tchapter_2.txt:1\nq3\tunicorn\tchapter_1.txt:1\n' >qs/moby.tsv &&
	cat >ki.py <<-'EOF'
	import os, sys
	a = sys.argv[1:]
	work, seed = a[a.index("--work") + 1], a[a.index("--seed") + 1]
	extra = a[a.index("--") + 1:]
	if not os.path.isdir(os.path.join(work, "index")):
	    sys.exit("no index in " + work)
	with open(os.path.join(work, "..", "..", "calls"), "a") as f:
	    f.write(" ".join([seed, a[a.index("--queries") + 1]] + extra) + "\n")
	mrr = (0.5 if extra else 0.6) + int(seed) / 100
	print("searcher mrr=%.3f s1=%.3f" % (mrr, mrr - 0.1))
	print("fts5 mrr=0.500 s1=0.400")
	print("known-item: 10 paragraphs, 5 queries, seed %s; ratio" % seed)
	EOF
}

suite() {
	env BIN="$BIN" SCORE="$BIN/tests/score" WORK=work EVAL_DIR=coll \
		KNOWNITEM=ki.py EVAL_CACHE=cache EVAL_QUESTIONS=qs EVAL_SEEDS="1 2" \
		EVAL_QUERIES=7 EVAL_CORPORA=moby EVAL_JOBS=2 "$@" \
		python3 "$EVAL/suite.py"
}

suite_table() {
	suite_setup &&
	run 0 suite EVAL_OPTS= EVAL_VARIANTS='plain:--expand 0; any+:--any --expand 0' &&
	# Two seeds, three columns; the index built once for all six calls.
	[ "$(sort work/calls | tr '\n' ,)" = "1 7,1 7 --any --expand 0,1 7 --expand 0,2 7,2 7 --any --expand 0,2 7 --expand 0," ] &&
	[ "$(grep -c 'moby indexed' "$ERR")" = 1 ] &&
	[ "$(row 'moby MRR@10')" = "| moby MRR@10 | 0.615 (0.610-0.620) | 0.515 (0.510-0.520) | 0.515 (0.510-0.520) | 0.500 (0.500-0.500) | 1.230 (1.220-1.240) | ratio >= 1.05 | yes |" ] &&
	[ "$(row 'moby success@1')" = "| moby success@1 | 0.515 (0.510-0.520) | 0.415 (0.410-0.420) | 0.415 (0.410-0.420) | 0.400 (0.400-0.400) | 1.287 (1.275-1.300) | | |" ] &&
	# The judged collection, as t0300 works it out, in every column.
	[ "$(row 'tiny MAP')" = "| tiny MAP | 0.5000 | 0.5000 | 0.5000 | | | | |" ] &&
	# q1 and q2 answered at rank 1, q3 matches nothing.
	[ "$(row 'moby-questions empty')" = "| moby-questions empty | 1/3 | 1/3 | 1/3 | | | | |" ] &&
	[ "$(row 'moby-questions top-3')" = "| moby-questions top-3 | 2/3 | 2/3 | 2/3 | | | | |" ] &&
	[ "$(row 'moby-questions MRR@10')" = "| moby-questions MRR@10 | 0.667 | 0.667 | 0.667 | | | | |" ] &&
	has "$OUT" "- any+: \`--any --expand 0\`" &&
	has "$OUT" "- moby: 10 paragraphs; queries per seed: 5 5" &&
	has "$OUT" "- the run took" &&
	head -n -1 "$OUT" | cmp -s - work/table.md ||
		{ say "stdout: $(cat "$OUT")"; say "stderr: $(cat "$ERR")"; return 1; }
}
t "suite.py: every column on every yardstick, one table, indexes built once" suite_table

suite_parts() {
	suite_setup &&
	run 0 suite EVAL_VARIANTS= EVAL_PARTS=judged &&
	has "$OUT" "| tiny MAP" && hasnt "$OUT" "moby" &&
	[ ! -e work/calls ] &&
	run 2 suite EVAL_VARIANTS='bad name:--any' &&
	has "$ERR" "EVAL_VARIANTS: 'bad name:--any' is not NAME:OPTIONS" &&
	run 2 suite EVAL_VARIANTS='fts5:--any' &&
	has "$ERR" "the name 'fts5' is taken" &&
	run 2 suite EVAL_PARTS=bogus &&
	has "$ERR" "unknown part 'bogus'" &&
	printf 'import sys\nsys.exit("broken script")\n' >bad.py &&
	run 2 suite EVAL_VARIANTS= EVAL_PARTS=knownitem KNOWNITEM=bad.py &&
	has "$ERR" "exited 1; see" && has "$ERR" "broken script" &&
	has "$ERR" "eval: 1 part(s) failed"
}
t "suite.py: EVAL_PARTS picks yardsticks; bad variants and failures stop it" suite_parts

done_testing
