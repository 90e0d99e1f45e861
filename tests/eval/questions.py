#!/usr/bin/env python3
"""questions.py - scores the searcher on a set of natural-language
questions (docs/eval.md, "Question sets").

usage: questions.py QUESTIONS SEARCHER INDEX ROOT [--details FILE]
                    [-- SEARCHER-OPTION...]

QUESTIONS holds "id<TAB>question<TAB>answers" lines (# starts a comment),
answers being PATH:FIRST-LAST (or PATH:LINE) separated by spaces, PATH
relative to ROOT, the folder INDEX was built from.  Each question goes
to the searcher as typed, as one argument, in its default mode:

    searcher -d INDEX --json -n 10 [SEARCHER-OPTION...] -- QUESTION

A hit answers when its file is an answer's PATH and its lines overlap
FIRST-LAST.  A hit's path is taken relative to ROOT: an absolute one as
it is, a relative one from the current directory (where the index was
built from).  Prints one line:

    questions n=N empty=E top3=T mrr=M errors=X

N questions; E printed nothing; T have an answer among the first 3
hits; M is the mean over the N of 1/rank of the first answer among the
first 10 (0 when none); X made the searcher fail (status 2), counted
empty too.  --details writes one line per question: id, rank of the
first answer (0: none), hit count, the question, the first hit.
"""
import json
import os
import subprocess
import sys


def usage(msg):
    sys.stderr.write("questions.py: %s\n" % msg)
    sys.stderr.write("usage: questions.py QUESTIONS SEARCHER INDEX ROOT "
                     "[--details FILE] [-- SEARCHER-OPTION...]\n")
    sys.exit(2)


def parse_answer(text, where):
    path, sep, lines = text.rpartition(":")
    if not sep or not path:
        usage("%s: answer '%s' is not PATH:FIRST-LAST" % (where, text))
    first, dash, last = lines.partition("-")
    try:
        lo = int(first)
        hi = int(last) if dash else lo
    except ValueError:
        usage("%s: answer '%s' is not PATH:FIRST-LAST" % (where, text))
    if lo < 1 or hi < lo:
        usage("%s: answer '%s' has an empty line range" % (where, text))
    return os.path.normpath(path), lo, hi


def read_questions(name):
    questions = []
    seen = set()
    try:
        f = open(name, encoding="utf-8")
    except OSError as e:
        usage("cannot open '%s': %s" % (name, e.strerror))
    with f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            where = "'%s' line %d" % (name, n)
            fields = line.split("\t")
            if len(fields) != 3 or not fields[0] or not fields[1].strip():
                usage("%s: expected id<TAB>question<TAB>answers" % where)
            qid, text, answers = fields
            if qid in seen:
                usage("%s: id '%s' used twice" % (where, qid))
            seen.add(qid)
            answers = [parse_answer(a, where) for a in answers.split()]
            if not answers:
                usage("%s: no answer" % where)
            questions.append((qid, text, answers))
    if not questions:
        usage("no question in '%s'" % name)
    return questions


def answers(hit, root, wanted):
    path = os.path.relpath(os.path.abspath(hit["path"]), root)
    lo = hit["line"]
    hi = hit.get("end_line", lo)
    return any(path == p and lo <= last and hi >= first
               for p, first, last in wanted)


def main(argv):
    extra = []
    if "--" in argv:
        extra = argv[argv.index("--") + 1:]
        argv = argv[:argv.index("--")]
    details = None
    if len(argv) >= 2 and argv[-2] == "--details":
        details = argv[-1]
        argv = argv[:-2]
    if len(argv) != 4:
        usage("expected QUESTIONS SEARCHER INDEX ROOT")
    qfile, searcher, index, root = argv
    questions = read_questions(qfile)
    root = os.path.abspath(root)

    n = empty = top3 = errors = 0
    rr = 0.0
    lines = []
    for qid, text, wanted in questions:
        p = subprocess.run([searcher, "-d", index, "--json", "-n", "10"] +
                           extra + ["--", text],
                           capture_output=True, text=True)
        if p.returncode > 1:
            errors += 1
            sys.stderr.write("questions.py: '%s' failed with status %d: %s\n"
                             % (qid, p.returncode, p.stderr.strip()))
        hits = [json.loads(l) for l in p.stdout.splitlines() if l.strip()]
        rank = next((i for i, h in enumerate(hits[:10], 1)
                     if answers(h, root, wanted)), 0)
        n += 1
        empty += not hits
        top3 += 1 <= rank <= 3
        rr += 1.0 / rank if rank else 0.0
        first = ""
        if hits:
            h = hits[0]
            first = "%s:%d" % (os.path.relpath(os.path.abspath(h["path"]), root),
                               h["line"])
        lines.append("%s\t%d\t%d\t%s\t%s\n" % (qid, rank, len(hits), text, first))
    if details:
        with open(details, "w", encoding="utf-8") as f:
            f.write("# id\trank\thits\tquestion\tfirst hit\n")
            f.writelines(lines)
    print("questions n=%d empty=%d top3=%d mrr=%.3f errors=%d"
          % (n, empty, top3, rr / n, errors))


if __name__ == "__main__":
    main(sys.argv[1:])
