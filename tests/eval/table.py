#!/usr/bin/env python3
"""table.py - the one table of make eval, from the figures suite.py
collected (docs/eval.md, "The table").

usage: table.py RESULTS [GOALS]

RESULTS holds tab-separated records, in any order but for the columns:
    col   NAME  TEXT                      a column, in order, and its legend
    val   YARDSTICK METRIC COLUMN SEED VALUE
                                          one figure; SEED is - when there
                                          is none; VALUE is a number
                                          ("0.830") or a count ("12/49")
    note  TEXT                            a line printed under the table
GOALS, if given, holds "yardstick metric column op value" lines (# starts
a comment), column being a column's name or "ratio", op one of >= <= > <.

Prints a Markdown table: a row per yardstick and metric, in the order they
first appear; a column per declared column, then fts5 if any figure has
it, then the first column over fts5 ("defaults/fts5"), then the goal of the
row and whether its column meets it.  A cell is the mean over the seeds,
with the lowest and highest in brackets when there are several, printed
with as many decimals as the figures have; a count is printed as it is.
The ratio is the mean of the first column over the mean of fts5, with
the lowest and highest per-seed ratios in brackets.
"""
import sys

OPS = {
    ">=": lambda a, b: a >= b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    "<": lambda a, b: a < b,
}


def die(msg):
    sys.stderr.write("table.py: %s\n" % msg)
    sys.exit(2)


def number(text):
    """A figure's value: a float, or a count "a/b" as a/b."""
    if "/" in text:
        a, b = text.split("/", 1)
        return float(a) / float(b) if float(b) else 0.0
    return float(text)


def decimals(text):
    return len(text.split(".", 1)[1]) if "." in text else 0


def cell(figures):
    """figures: [(seed, text)]; the cell's text and its mean."""
    if not figures:
        return "", None
    if len(figures) == 1:
        return figures[0][1], number(figures[0][1])
    values = [number(t) for _, t in figures]
    d = max(decimals(t) for _, t in figures)
    mean = sum(values) / len(values)
    return ("%.*f (%.*f-%.*f)" % (d, mean, d, min(values), d, max(values)),
            mean)


def read_results(name):
    columns, legend, rows, notes = [], [], {}, []
    order = []
    try:
        f = open(name, encoding="utf-8")
    except OSError as e:
        die("cannot open '%s': %s" % (name, e.strerror))
    with f:
        for n, line in enumerate(f, 1):
            fields = line.rstrip("\n").split("\t")
            kind = fields[0]
            if kind == "col" and len(fields) == 3:
                columns.append(fields[1])
                legend.append((fields[1], fields[2]))
            elif kind == "val" and len(fields) == 6:
                _, yard, metric, col, seed, value = fields
                try:
                    number(value)
                except (ValueError, ZeroDivisionError):
                    die("'%s' line %d: '%s' is not a figure" % (name, n, value))
                key = (yard, metric)
                if key not in rows:
                    rows[key] = {}
                    order.append(key)
                rows[key].setdefault(col, []).append((seed, value))
            elif kind == "note" and len(fields) == 2:
                notes.append(fields[1])
            elif line.strip():
                die("'%s' line %d: not a col, val or note record" % (name, n))
    if not columns:
        die("no column in '%s'" % name)
    return columns, legend, [(k, rows[k]) for k in order], notes


def read_goals(name):
    goals = {}
    try:
        f = open(name, encoding="utf-8")
    except OSError as e:
        die("cannot open '%s': %s" % (name, e.strerror))
    with f:
        for n, line in enumerate(f, 1):
            if not line.strip() or line.startswith("#"):
                continue
            fields = line.split()
            if len(fields) != 5 or fields[3] not in OPS:
                die("'%s' line %d: expected yardstick metric column op value"
                    % (name, n))
            yard, metric, col, op, value = fields
            goals[(yard, metric)] = (col, op, value)
    return goals


def ratio(first, fts):
    """The ratio cell of a row, and its value."""
    if not first or not fts:
        return "", None
    mf = sum(number(t) for _, t in first) / len(first)
    mb = sum(number(t) for _, t in fts) / len(fts)
    if mb == 0:
        return "", None
    r = mf / mb
    fts_by_seed = dict(fts)
    per_seed = [number(t) / number(fts_by_seed[s]) for s, t in first
                if s in fts_by_seed and number(fts_by_seed[s])]
    if len(per_seed) > 1:
        return "%.3f (%.3f-%.3f)" % (r, min(per_seed), max(per_seed)), r
    return "%.3f" % r, r


def main(argv):
    if len(argv) not in (1, 2):
        die("usage: table.py RESULTS [GOALS]")
    columns, legend, rows, notes = read_results(argv[0])
    goals = read_goals(argv[1]) if len(argv) == 2 else {}
    first = columns[0]
    has_fts = any("fts5" in r for _, r in rows)
    head = ["yardstick"] + columns
    if has_fts:
        head += ["fts5", "%s/fts5" % first]
    if goals:
        head += ["goal", "met"]

    table = []
    for (yard, metric), r in rows:
        line = ["%s %s" % (yard, metric)]
        means = {}
        for c in columns + (["fts5"] if has_fts else []):
            text, means[c] = cell(r.get(c, []))
            line.append(text)
        if has_fts:
            text, means["ratio"] = ratio(r.get(first, []), r.get("fts5", []))
            line.append(text)
        if goals:
            goal = goals.get((yard, metric))
            if goal:
                col, op, value = goal
                got = means.get(col)
                line.append(("ratio %s %s" if col == "ratio" else "%s %s")
                            % (op, value))
                line.append("" if got is None else
                            "yes" if OPS[op](got, number(value)) else "no")
            else:
                line += ["", ""]
        table.append(line)

    widths = [max(len(row[i]) for row in [head] + table) for i in range(len(head))]

    def show(row):
        return "| " + " | ".join(t.ljust(w) for t, w in zip(row, widths)) + " |"

    print(show(head))
    print("|" + "|".join("-" * (w + 2) if i == 0 else "-" * (w + 1) + ":"
                         for i, w in enumerate(widths)) + "|")
    for row in table:
        print(show(row))
    print()
    for name, text in legend:
        print("- %s: %s" % (name, text))
    for text in notes:
        print("- %s" % text)


if __name__ == "__main__":
    main(sys.argv[1:])
