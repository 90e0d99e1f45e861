# The scoring program of make eval (tests/eval/score.c) on a hand-made
# run whose figures are worked out below.
. "$(dirname "$0")/lib.sh"

SCORE="$BIN/tests/score"
export SCORE
tab=$(printf '\t')

# q1: relevant d1 (grade 2), d2, d3.  Ranked d2, d4, d2 again (dropped:
#     a document counts once, at its best passage), d1: d2 at 1, d1 at 3.
#     AP = (1/1 + 2/3) / 3 = 0.5556; P@10 = 2/10;
#     DCG = 1/log2(2) + 2/log2(4) = 2;
#     IDCG = 2/log2(2) + 1/log2(3) + 1/log2(4) = 3.1309; nDCG = 0.6388.
# q2: relevant d5, ranked second: AP = 0.5; P@10 = 0.1;
#     nDCG = (1/log2(3)) / 1 = 0.6309.
# q3: relevant d9, no results: all 0.
# q4: only a grade-0 judgment: not scored.  qx: not judged: ignored.
# Over 3 queries: MAP = 1.0556/3 = 0.3519, P@10 = 0.3/3 = 0.1000,
# nDCG@10 = 1.2697/3 = 0.4232.
hand_made() {
	printf 'q1\td1\t2\nq1\td2\t1\nq1\td3\t1\nq2\td5\t1\nq3\td9\t1\nq4\td7\t0\n' >qrels &&
	printf 'q2\td6\nq1\td2\nq1\td4\nqx\td1\nq2\td5\nq1\td2\nq4\td7\nq1\td1\n' >run &&
	run 0 "$SCORE" qrels run &&
	[ "$(cat "$OUT")" = "3${tab}0.3519${tab}0.1000${tab}0.4232" ] ||
		{ say "got: $(cat "$OUT")"; return 1; }
}
t "MAP, P@10 and nDCG@10 match the figures worked out by hand" hand_made

# One relevant document among 1001: it counts at rank 1000 (AP 1/1000),
# not at 1001.
depth() {
	printf 'q\t1000\t1\n' >qrels &&
	seq 1 1001 | sed "s/^/q$tab/" >run &&
	run 0 "$SCORE" qrels run && has "$OUT" "1${tab}0.0010${tab}0.0000${tab}0.0000" &&
	printf 'q\t1001\t1\n' >qrels &&
	run 0 "$SCORE" qrels run && has "$OUT" "1${tab}0.0000${tab}0.0000${tab}0.0000"
}
t "only the first 1000 documents count" depth

perfect() {
	printf 'q\ta\t3\nq\tb\t1\n' >qrels &&
	printf 'q\ta\nq\tb\n' >run &&
	run 0 "$SCORE" qrels run && has "$OUT" "1${tab}1.0000${tab}0.2000${tab}1.0000" &&
	# Swapped: both still relevant, so AP stays 1;
	# nDCG = (1 + 3/log2(3)) / (3 + 1/log2(3)) = 0.7967.
	printf 'q\tb\nq\ta\n' >run &&
	run 0 "$SCORE" qrels run && has "$OUT" "1${tab}1.0000${tab}0.2000${tab}0.7967"
}
t "a perfect ranking scores 1, a swapped one less" perfect

bad_input() {
	printf 'q\ta\n' >qrels &&
	printf 'q\ta\n' >run &&
	run 2 "$SCORE" qrels run && has "$ERR" "score: 'qrels' line 1: expected 3 tab-separated fields" &&
	printf 'q\ta\tx\n' >qrels &&
	run 2 "$SCORE" qrels run && has "$ERR" "invalid grade 'x'" &&
	printf 'q\ta\t1\n' >qrels &&
	run 2 "$SCORE" qrels missing && has "$ERR" "cannot open 'missing'" &&
	run 2 "$SCORE" qrels
}
t "bad input is a one-line error and status 2" bad_input

# tests/eval/eval.sh, the driver of make eval, end to end on a tiny
# collection.  q1 "orchard": only document 3 matches, and it is the
# relevant one: AP 1, P@10 0.1, nDCG 1.  q2 "banana": document 2 at rank
# 1, document 1 relevant too but not found: AP 0.5, P@10 0.1,
# nDCG 1/(1 + 1/log2(3)) = 0.6131.  q3 "cherry": nothing.  Means over 3:
# MAP 0.5000, P@10 0.0667, nDCG@10 0.5377; 25% above the reference 0.4.
driver() {
	mkdir -p coll/tiny/docs &&
	printf 'apple pie\n' >coll/tiny/docs/1.txt &&
	printf 'banana bread\n' >coll/tiny/docs/2.txt &&
	printf 'apple\n\napple orchard\n' >coll/tiny/docs/3.txt &&
	printf '1\torchard\n2\tbanana\n3\tcherry\n' >coll/tiny/queries.tsv &&
	printf '1\t3\t1\n2\t2\t1\n2\t1\t1\n3\t1\t1\n' >coll/tiny/qrels.tsv &&
	printf '| collection | MAP | P@10 | nDCG@10 |\n|---|---|---|---|\n| tiny | 0.4 | 0.1 | 0.5 |\n' >coll/README.md &&
	run 0 sh "$ROOT/tests/eval/eval.sh" coll work &&
	has "$OUT" "searcher options: (defaults)" &&
	grep -q '^tiny  *reference  *0.4  *0.1  *0.5$' "$OUT" &&
	grep -q '^tiny  *ours  *3  *0.5000  *0.0667  *0.5377  *+25.0%$' "$OUT" &&
	lines work/tiny/run 2 ||
		{ say "got: $(cat "$OUT")"; return 1; }
	run 2 sh "$ROOT/tests/eval/eval.sh" coll/tiny/docs work &&
	has "$ERR" "no collection under"
}
t "make eval's driver indexes, searches and scores a collection" driver

done_testing
