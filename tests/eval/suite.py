#!/usr/bin/env python3
"""suite.py - make eval: every ranking yardstick, one table (docs/eval.md).

usage: suite.py   (settings come from the environment, set by make)
  BIN            directory holding indexer and searcher
  SCORE          the judged collections' scorer (tests/eval/score.c)
  WORK           where indexes, runs, logs, results.tsv and table.md go
  EVAL_DIR       the judged collections, scored by eval.sh
  KNOWNITEM      the known-item script (knownitem.py)
  EVAL_CACHE     where fetch.sh keeps the corpora (make bench's cache)
  EVAL_OPTS      searcher options of the first column, "defaults"
  EVAL_VARIANTS  more columns: "NAME:OPTIONS;NAME:OPTIONS..."
  EVAL_SEEDS     known-item seeds (default "1 2 3")
  EVAL_QUERIES   known-item queries per seed (default 200)
  EVAL_CORPORA   known-item corpora, fetch.sh names (default "moby linuxdoc spam")
  EVAL_PARTS     any of "judged knownitem questions" (default all three)
  EVAL_JOBS      how many runs at a time (default 2)
  EVAL_QUESTIONS the question sets' directory (default tests/eval/questions)

Each column is run on every yardstick:
  judged     eval.sh on each collection of EVAL_DIR (its own index per
             column, rebuilt each time: under a second);
  knownitem  KNOWNITEM on each corpus, once per seed, with --work on the
             corpus's index, built once with indexer --full --jobs 1 at
             the start of the run: knownitem.py's own indexer run then finds every
             file unchanged; its FTS5 figures, the same for every column,
             are kept from the first column's run;
  questions  questions.py with each CORPUS.tsv of EVAL_QUESTIONS on
             CORPUS's index (the same one).
The figures go to WORK/results.tsv, the table (table.py) to stdout and
WORK/table.md; runs' outputs to WORK/log.
"""
import os
import re
import shlex
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def die(msg):
    sys.stderr.write("eval: %s\n" % msg)
    sys.exit(2)


def env(name, default=None):
    v = os.environ.get(name, "")
    if v.strip():
        return v
    if default is None:
        die("%s must be set" % name)
    return default


def absdir(path):
    return os.path.abspath(path)


def columns_of(opts, variants):
    """[(name, options list, legend)]: defaults first, then the variants."""
    cols = [("defaults", shlex.split(opts),
             "shipped defaults" + (" with `%s`" % opts.strip() if opts.strip() else ""))]
    for item in variants.split(";"):
        if not item.strip():
            continue
        name, sep, o = item.partition(":")
        name = name.strip()
        if not sep or not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.+-]*", name):
            die("EVAL_VARIANTS: '%s' is not NAME:OPTIONS (NAME of letters, "
                "digits, _ . + -)" % item.strip())
        if name in ("defaults", "fts5") or name in [c[0] for c in cols]:
            die("EVAL_VARIANTS: the name '%s' is taken" % name)
        cols.append((name, shlex.split(o), "`%s`" % o.strip() if o.strip()
                     else "no option"))
    return cols


class Suite:
    def __init__(self):
        self.bin = absdir(env("BIN"))
        self.indexer = os.path.join(self.bin, "indexer")
        self.searcher = os.path.join(self.bin, "searcher")
        self.score = os.path.abspath(env("SCORE"))
        self.work = absdir(env("WORK"))
        self.parts = env("EVAL_PARTS", "judged knownitem questions").split()
        for p in self.parts:
            if p not in ("judged", "knownitem", "questions"):
                die("EVAL_PARTS: unknown part '%s' (known: judged knownitem "
                    "questions)" % p)
        self.columns = columns_of(os.environ.get("EVAL_OPTS", ""),
                                  os.environ.get("EVAL_VARIANTS", ""))
        self.seeds = env("EVAL_SEEDS", "1 2 3").split()
        self.queries = env("EVAL_QUERIES", "200")
        self.corpora = env("EVAL_CORPORA", "moby linuxdoc spam").split()
        try:
            self.jobs = max(1, int(env("EVAL_JOBS", "2")))
            int(self.queries)
            [int(s) for s in self.seeds]
        except ValueError:
            die("EVAL_JOBS, EVAL_QUERIES and EVAL_SEEDS must be numbers")
        if "judged" in self.parts:
            self.collections = absdir(env("EVAL_DIR"))
        if "knownitem" in self.parts:
            self.knownitem = os.path.abspath(env("KNOWNITEM"))
            if not os.path.isfile(self.knownitem):
                die("no known-item script at '%s' (KNOWNITEM)" % env("KNOWNITEM"))
        self.questions = []
        if "questions" in self.parts:
            qdir = os.path.abspath(env("EVAL_QUESTIONS",
                                       os.path.join(HERE, "questions")))
            if not os.path.isdir(qdir):
                die("no question sets at '%s' (EVAL_QUESTIONS)" % qdir)
            self.questions = sorted(os.path.join(qdir, f) for f in os.listdir(qdir)
                                    if f.endswith(".tsv"))
        if "knownitem" in self.parts or "questions" in self.parts:
            self.cache = env("EVAL_CACHE")
        self.lock = threading.Lock()
        self.records = []
        self.corpus_dirs = {}
        self.index_locks = {}
        self.indexed = set()
        self.stop = threading.Event()
        os.makedirs(os.path.join(self.work, "log"), exist_ok=True)

    # --- helpers -----------------------------------------------------------
    def say(self, msg):
        with self.lock:
            sys.stderr.write("eval: %s\n" % msg)
            sys.stderr.flush()

    def record(self, yard, metric, col, seed, value):
        with self.lock:
            self.records.append("val\t%s\t%s\t%s\t%s\t%s\n"
                                % (yard, metric, col, seed, value))

    def run(self, log, argv, **kw):
        """Runs argv, its stdout and stderr kept in WORK/log/LOG; returns
        stdout.  A failure stops the suite: later runs are not started."""
        if self.stop.is_set():
            raise RuntimeError("not run: an earlier part failed")
        t = time.time()
        p = subprocess.run(argv, capture_output=True, text=True, **kw)
        with open(os.path.join(self.work, "log", log), "w") as f:
            f.write("$ %s\n%s%s" % (" ".join(shlex.quote(a) for a in argv),
                                     p.stdout, p.stderr))
        if p.returncode != 0:
            self.stop.set()
            raise RuntimeError("'%s' exited %d; see %s:\n%s" % (
                " ".join(argv[:3]), p.returncode,
                os.path.join(self.work, "log", log), p.stderr[-2000:]))
        return p.stdout, time.time() - t

    def fetch(self, corpus):
        """The corpus's directory, prepared by fetch.sh; one at a time."""
        if corpus not in self.corpus_dirs:
            out, _ = self.run("fetch-%s" % corpus,
                              ["sh", os.path.join(ROOT, "tests/bench/fetch.sh"),
                               self.cache, corpus])
            self.corpus_dirs[corpus] = out.strip().splitlines()[-1]
        return self.corpus_dirs[corpus]

    def index(self, corpus):
        """WORK/corpus/CORPUS, holding index/ built from the corpus once
        per run (so an index of an older indexer is never measured), with
        one writer: passages with equal scores come in document id order,
        and parallel writers number the documents differently from build
        to build, which moved MRR@10 on spam by up to 0.016."""
        with self.lock:
            lk = self.index_locks.setdefault(corpus, threading.Lock())
        with lk:
            work = os.path.join(self.work, "corpus", corpus)
            if corpus not in self.indexed:
                subprocess.run(["rm", "-rf", work], check=True)
                os.makedirs(work)
                _, took = self.run("index-%s" % corpus,
                                   [self.indexer, "-q", "--full", "--jobs", "1",
                                    "-d", os.path.join(work, "index"),
                                    self.corpus_dirs[corpus]])
                self.say("%s indexed in %.0f s" % (corpus, took))
                self.indexed.add(corpus)
            return work

    # --- the yardsticks ----------------------------------------------------
    def judged(self, col, opts):
        out, took = self.run("judged-%s" % col,
                             ["sh", os.path.join(HERE, "eval.sh"), self.collections,
                              os.path.join(self.work, "judged", col)] + opts,
                             env=dict(os.environ, BIN=self.bin, SCORE=self.score))
        rows = 0
        for line in out.splitlines():
            m = re.match(r"(\S+)\s+ours\s+\d+\s+(\S+)\s+(\S+)\s+(\S+)", line)
            if m:
                rows += 1
                for metric, v in zip(("MAP", "P@10", "nDCG@10"), m.groups()[1:]):
                    self.record(m.group(1), metric, col, "-", v)
        if not rows:
            raise RuntimeError("eval.sh printed no figure:\n" + out)
        self.say("judged, %s: %d collections (%.0f s)" % (col, rows, took))

    def knownitem_corpus(self, corpus):
        work = self.index(corpus)
        for seed in self.seeds:
            for i, (col, opts, _) in enumerate(self.columns):
                out, took = self.run(
                    "knownitem-%s-%s-%s" % (corpus, seed, col),
                    [sys.executable, self.knownitem, self.corpus_dirs[corpus],
                     self.indexer, self.searcher, "--queries", self.queries,
                     "--seed", seed, "--work", work, "--"] + opts)
                got = {w: (m, s1) for w, m, s1 in re.findall(
                    r"^(searcher|fts5) mrr=(\S+) s1=(\S+)$", out, re.M)}
                if "searcher" not in got or "fts5" not in got:
                    raise RuntimeError("knownitem.py printed no figures:\n" + out)
                self.record(corpus, "MRR@10", col, seed, got["searcher"][0])
                self.record(corpus, "success@1", col, seed, got["searcher"][1])
                if i == 0:
                    self.record(corpus, "MRR@10", "fts5", seed, got["fts5"][0])
                    self.record(corpus, "success@1", "fts5", seed, got["fts5"][1])
                    m = re.search(r"known-item: (\d+) paragraphs, (\d+) queries", out)
                    if m:
                        with self.lock:
                            self.sizes.setdefault(corpus, [m.group(1), []])[1].append(
                                m.group(2))
                self.say("%s seed %s, %s: mrr %s, fts5 %s (%.0f s)"
                         % (corpus, seed, col, got["searcher"][0],
                            got["fts5"][0], took))

    def question_set(self, qfile):
        corpus = os.path.basename(qfile)[:-len(".tsv")]
        work = self.index(corpus)
        yard = "%s-questions" % corpus
        for col, opts, _ in self.columns:
            out, took = self.run(
                "questions-%s-%s" % (corpus, col),
                [sys.executable, os.path.join(HERE, "questions.py"), qfile,
                 self.searcher, os.path.join(work, "index"),
                 self.corpus_dirs[corpus], "--details",
                 os.path.join(self.work, "questions-%s-%s.txt" % (corpus, col)),
                 "--"] + opts)
            m = re.search(r"questions n=(\d+) empty=(\d+) top3=(\d+) mrr=(\S+) "
                          r"errors=(\d+)", out)
            if not m:
                raise RuntimeError("questions.py printed no figures:\n" + out)
            n, empty, top3, mrr, errors = m.groups()
            self.record(yard, "empty", col, "-", "%s/%s" % (empty, n))
            self.record(yard, "top-3", col, "-", "%s/%s" % (top3, n))
            self.record(yard, "MRR@10", col, "-", mrr)
            if errors != "0":
                self.record(yard, "errors", col, "-", "%s/%s" % (errors, n))
            self.say("%s questions, %s: %s empty, %s in the top 3 of %s, mrr %s "
                     "(%.0f s)" % (corpus, col, empty, top3, n, mrr, took))

    # --- the run -----------------------------------------------------------
    def main(self):
        start = time.time()
        self.sizes = {}
        tasks = []
        need = []
        if "knownitem" in self.parts:
            need += self.corpora
        need += [os.path.basename(q)[:-len(".tsv")] for q in self.questions]
        for corpus in dict.fromkeys(need):
            self.fetch(corpus)
        # Longest first, so that two workers end close together.
        if "knownitem" in self.parts:
            tasks += [(self.knownitem_corpus, c) for c in self.corpora]
        if "judged" in self.parts:
            tasks += [(self.judged, col, opts) for col, opts, _ in self.columns]
        tasks += [(self.question_set, q) for q in self.questions]
        if not tasks:
            die("nothing to run (EVAL_PARTS, EVAL_CORPORA)")
        self.say("%d columns: %s; %d jobs at a time"
                 % (len(self.columns), ", ".join(c[0] for c in self.columns),
                    self.jobs))
        failed = []
        with ThreadPoolExecutor(max_workers=self.jobs) as pool:
            futures = [pool.submit(t[0], *t[1:]) for t in tasks]
            for f in futures:
                try:
                    f.result()
                except Exception as e:  # noqa: BLE001 - reported, then exit 2
                    self.stop.set()
                    failed.append(e)
                    if "not run:" not in str(e):
                        self.say("failed: %s" % e)
        if failed:
            die("%d part(s) failed" % len(failed))

        results = os.path.join(self.work, "results.tsv")
        with open(results, "w") as f:
            for col, _, legend in self.columns:
                f.write("col\t%s\t%s\n" % (col, legend))
            f.writelines(sorted(self.records, key=self.order))
            if "judged" in self.parts:
                f.write("note\tjudged collections: eval.sh, the first 1000 "
                        "passages of searcher --any, each document counted "
                        "at its best passage\n")
            if "knownitem" in self.parts:
                f.write("note\tknown-item: MRR@10 and success@1 of %s, seeds %s "
                        "(mean, lowest-highest); fts5: SQLite FTS5 on the same "
                        "paragraphs and queries\n"
                        % (os.path.basename(self.knownitem), " ".join(self.seeds)))
                for corpus in self.corpora:
                    paras, queries = self.sizes[corpus]
                    f.write("note\t%s: %s paragraphs; queries per seed: %s\n"
                            % (corpus, paras, " ".join(queries)))
            if self.questions:
                f.write("note\tquestions: empty and top-3 count questions, "
                        "MRR@10 is their mean reciprocal rank of the first answer\n")
        goals = os.path.join(HERE, "goals.txt")
        table = subprocess.run([sys.executable, os.path.join(HERE, "table.py"),
                                results, goals], capture_output=True, text=True)
        if table.returncode != 0:
            die(table.stderr.strip())
        with open(os.path.join(self.work, "table.md"), "w") as f:
            f.write(table.stdout)
        took = time.time() - start
        sys.stdout.write(table.stdout)
        print("- the run took %d min %02d s (EVAL_JOBS=%d)"
              % (took // 60, took % 60, self.jobs))

    def order(self, rec):
        """Judged collections first (Cranfield, CISI, then the others),
        then known-item corpora and question sets in the order given;
        the metrics in a fixed order."""
        _, yard, metric, col, seed, _ = rec.rstrip("\n").split("\t")
        if yard.endswith("-questions"):
            group, within = 2, yard
            metrics = ["empty", "top-3", "MRR@10", "errors"]
        elif yard in self.corpora:
            group, within = 1, self.corpora.index(yard)
            metrics = ["MRR@10", "success@1"]
        else:
            judged = ["cranfield", "cisi"]
            group = 0
            within = (judged.index(yard), "") if yard in judged else (9, yard)
            metrics = ["MAP", "P@10", "nDCG@10"]
        m = metrics.index(metric) if metric in metrics else len(metrics)
        return (group, within, m, metric, rec)

if __name__ == "__main__":
    Suite().main()
