/*
 * score - score a ranked run against relevance judgments: MAP, P@10 and
 * nDCG@10, as docs/eval.md describes.
 *
 * usage: score QRELS RUN
 *
 * QRELS: "qid<TAB>docid<TAB>grade" lines; grade > 0 means relevant,
 *        higher means more relevant (the gain in nDCG).
 * RUN:   "qid<TAB>docid" lines, each query's lines best first.  A docid
 *        seen again for the same query is dropped (a document ranks by
 *        its best passage); at most 1000 documents per query count.
 *
 * Scores the queries that have at least one relevant judgment; one
 * without results scores 0.  Prints one line:
 *   QUERIES<TAB>MAP<TAB>P@10<TAB>nDCG@10
 * Exit status: 0 scored, 2 bad usage or input.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "msg.h"

#define DEPTH 1000
#define CUTOFF 10

struct row {
	char *qid;
	char *docid;
	long grade;	/* qrels: the grade; run: the line number (order) */
};

struct table {
	struct row *rows;
	size_t n, cap;
};

static void *xrealloc(void *p, size_t size)
{
	p = realloc(p, size);
	if (!p)
		msg_fatal(2, "out of memory");
	return p;
}

static char *xstrdup(const char *s)
{
	char *d = strdup(s);

	if (!d)
		msg_fatal(2, "out of memory");
	return d;
}

/*
 * Reads FILE into t: two or three tab-separated fields per line (want
 * says how many); blank lines are skipped.
 */
static void load(const char *file, int want, struct table *t)
{
	FILE *f = fopen(file, "r");
	char *line = NULL, *save, *fields[4];
	size_t cap = 0;
	long lineno = 0;
	ssize_t len;

	if (!f)
		msg_fatal(2, "cannot open '%s': %s", msg_path(file),
			  strerror(errno));
	while ((len = getline(&line, &cap, f)) != -1) {
		int nf = 0;
		char *tok;

		lineno++;
		while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		if (len == 0)
			continue;
		for (tok = strtok_r(line, "\t", &save); tok && nf < 4;
		     tok = strtok_r(NULL, "\t", &save))
			fields[nf++] = tok;
		if (nf != want)
			msg_fatal(2, "'%s' line %ld: expected %d tab-separated fields",
				  msg_path(file), lineno, want);
		if (t->n == t->cap) {
			t->cap = t->cap ? 2 * t->cap : 1024;
			t->rows = xrealloc(t->rows, t->cap * sizeof(*t->rows));
		}
		t->rows[t->n].qid = xstrdup(fields[0]);
		t->rows[t->n].docid = xstrdup(fields[1]);
		if (want == 3) {
			char *end;

			errno = 0;
			t->rows[t->n].grade = strtol(fields[2], &end, 10);
			if (errno || *end || end == fields[2])
				msg_fatal(2, "'%s' line %ld: invalid grade '%s'",
					  msg_path(file), lineno, fields[2]);
		} else {
			t->rows[t->n].grade = lineno;
		}
		t->n++;
	}
	if (ferror(f))
		msg_fatal(2, "cannot read '%s': %s", msg_path(file),
			  strerror(errno));
	free(line);
	fclose(f);
}

static void drop(struct table *t)
{
	for (size_t i = 0; i < t->n; i++) {
		free(t->rows[i].qid);
		free(t->rows[i].docid);
	}
	free(t->rows);
}

/* By query, then document: judgments looked up with bsearch(). */
static int by_qid_docid(const void *a, const void *b)
{
	const struct row *x = a, *y = b;
	int c = strcmp(x->qid, y->qid);

	return c ? c : strcmp(x->docid, y->docid);
}

/* By query, then line number: each query's ranking in order. */
static int by_qid_order(const void *a, const void *b)
{
	const struct row *x = a, *y = b;
	int c = strcmp(x->qid, y->qid);

	return c ? c : (x->grade > y->grade) - (x->grade < y->grade);
}

static int by_grade_desc(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;

	return (x < y) - (x > y);
}

/* The grade of (qid, docid), 0 when not judged relevant. */
static long grade_of(const struct table *qrels, const char *qid,
		     const char *docid)
{
	struct row key = { (char *)qid, (char *)docid, 0 };
	const struct row *r = bsearch(&key, qrels->rows, qrels->n,
				      sizeof(*qrels->rows), by_qid_docid);

	return r ? r->grade : 0;
}

/*
 * Scores one query.  judged: its qrels rows (n of them); ranked: its run
 * rows in order (m of them), duplicates included.
 */
static void score_query(const struct table *qrels, const struct row *judged,
			size_t n, const struct row *ranked, size_t m,
			double *ap, double *p10, double *ndcg)
{
	long *ideal = xrealloc(NULL, (n ? n : 1) * sizeof(long));
	const char **seen = xrealloc(NULL, (m ? m : 1) * sizeof(char *));
	size_t nrel = 0, hits = 0, rank = 0, nseen = 0;
	double sum_prec = 0, dcg = 0, idcg = 0;

	for (size_t i = 0; i < n; i++)
		if (judged[i].grade > 0)
			ideal[nrel++] = judged[i].grade;
	for (size_t i = 0; i < m && rank < DEPTH; i++) {
		const char *doc = ranked[i].docid;
		size_t j;
		long g;

		/* Runs are at most a few thousand lines a query: scan. */
		for (j = 0; j < nseen && strcmp(seen[j], doc); j++)
			;
		if (j < nseen)
			continue;
		seen[nseen++] = doc;
		rank++;
		g = grade_of(qrels, ranked[i].qid, doc);
		if (g <= 0)
			continue;
		hits++;
		sum_prec += (double)hits / (double)rank;
		if (rank <= CUTOFF) {
			*p10 += 1;
			dcg += (double)g / log2((double)rank + 1);
		}
	}
	qsort(ideal, nrel, sizeof(long), by_grade_desc);
	for (size_t i = 0; i < nrel && i < CUTOFF; i++)
		idcg += (double)ideal[i] / log2((double)i + 2);
	*ap = nrel ? sum_prec / (double)nrel : 0;
	*p10 /= CUTOFF;
	*ndcg = idcg > 0 ? dcg / idcg : 0;
	free(ideal);
	free(seen);
}

int main(int argc, char **argv)
{
	struct table qrels = { 0 }, run = { 0 };
	double map = 0, p10 = 0, ndcg = 0;
	size_t queries = 0, i = 0, j = 0;

	msg_init("score");
	if (argc != 3) {
		fprintf(stderr, "usage: score QRELS RUN\n");
		return 2;
	}
	load(argv[1], 3, &qrels);
	load(argv[2], 2, &run);
	qsort(qrels.rows, qrels.n, sizeof(*qrels.rows), by_qid_docid);
	qsort(run.rows, run.n, sizeof(*run.rows), by_qid_order);

	while (i < qrels.n) {
		const char *qid = qrels.rows[i].qid;
		size_t n = 0, m = 0, nrel = 0;
		double ap = 0, p = 0, nd = 0;

		while (i + n < qrels.n && !strcmp(qrels.rows[i + n].qid, qid)) {
			nrel += qrels.rows[i + n].grade > 0;
			n++;
		}
		/* Skip run rows of queries without judgments. */
		while (j < run.n && strcmp(run.rows[j].qid, qid) < 0)
			j++;
		while (j + m < run.n && !strcmp(run.rows[j + m].qid, qid))
			m++;
		if (nrel) {
			score_query(&qrels, qrels.rows + i, n, run.rows + j, m,
				    &ap, &p, &nd);
			map += ap;
			p10 += p;
			ndcg += nd;
			queries++;
		}
		i += n;
		j += m;
	}
	if (queries) {
		map /= (double)queries;
		p10 /= (double)queries;
		ndcg /= (double)queries;
	}
	printf("%zu\t%.4f\t%.4f\t%.4f\n", queries, map, p10, ndcg);
	drop(&qrels);
	drop(&run);
	return fflush(stdout) == 0 ? 0 : 2;
}
