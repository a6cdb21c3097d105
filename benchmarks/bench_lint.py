"""How exact and how fast ``safesplit lint`` is on the labelled corpus.

Prints, for every rule (taxonomy code), the labels, the findings that match a label
(true), those that match none (false), the labels missed, precision and recall, then
the totals; then the speed: the corpus repeated ``--copies`` times in a temporary
folder, linted by ``lint_paths`` (reading, parsing, analysis, rules), against the
baseline of only reading and parsing the same files with ``ast.parse``, in
interleaved repeats (the minimum of each is kept, which is what the machine can do
when nothing else runs). Targets (issue 13): precision at least 0.95 and recall at
least 0.90 per rule and overall; at least 100 files a second.

Run ``python benchmarks/bench_lint.py`` from the repository root
(``--copies N``, ``--repeats N``; ``--misses`` lists every false or missed finding).
"""

import argparse
import ast
import os
import shutil
import sys
import tempfile
import time

# The checkout this script belongs to, not whichever safesplit is installed.
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "tests", "lint"))

from _corpus import corpus_files, rates, score  # noqa: E402

from safesplit.lint import RULES, lint_paths  # noqa: E402
from safesplit.lint._source import find_files  # noqa: E402


def _table(counts):
    names = {rule.code: rule.name for rule in RULES}
    print(
        f"{'rule':<11} {'name':<27} {'labels':>6} {'true':>5} {'false':>5} "
        f"{'missed':>6} {'precision':>9} {'recall':>6}"
    )
    for code, (precision, recall, value) in rates(counts).items():
        print(
            f"{code:<11} {names.get(code, ''):<27} {value['labels']:>6} "
            f"{value['tp']:>5} {value['fp']:>5} {value['fn']:>6} "
            f"{precision:>9.3f} {recall:>6.3f}"
        )


def _misses(details):
    for path, _, _, false, missed, _ in details:
        for finding in false:
            print(
                f"  false  {path.name}: {finding.code} line {finding.evidence['line']}"
            )
        for code, cell, line in missed:
            print(f"  missed {path.name}: {code} cell {cell} line {line}")


def _copy_corpus(folder, copies):
    files = corpus_files()
    for copy in range(copies):
        target = os.path.join(folder, f"copy{copy}")
        os.makedirs(target)
        for path in files:
            shutil.copy(path, os.path.join(target, f"{path.parent.name}_{path.name}"))
    return len(files) * copies


def _parse_only(folder):
    files, _ = find_files([folder])
    for path in files:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
        if path.endswith(".py"):
            ast.parse(text)
    return len(files)


def _speed(copies, repeats):
    with tempfile.TemporaryDirectory() as folder:
        n_files = _copy_corpus(folder, copies)
        lint_times, parse_times = [], []
        for _ in range(repeats):
            started = time.perf_counter()
            report = lint_paths([folder])
            lint_times.append(time.perf_counter() - started)
            started = time.perf_counter()
            _parse_only(folder)
            parse_times.append(time.perf_counter() - started)
        assert report.summary["files"] == n_files
    best_lint, best_parse = min(lint_times), min(parse_times)
    print(
        f"\nspeed on {n_files} files ({copies} copies of the corpus), best of "
        f"{repeats} interleaved runs, one process:"
    )
    for label, seconds in (("lint_paths", best_lint), ("read + ast.parse", best_parse)):
        print(f"  {label:<18} {seconds:7.3f} s  {n_files / seconds:8.0f} files/s")
    print(f"  lint / parse time  {best_lint / best_parse:7.1f} x")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--copies", type=int, default=10)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--misses", action="store_true")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    counts, details = score(lambda path: lint_paths([path]))
    n_files = len(details)
    print(
        f"corpus: {n_files} programs "
        f"({sum(p.parent.name == 'leaky' for p, *_ in details)} leaky, "
        f"{sum(p.parent.name == 'clean' for p, *_ in details)} clean), "
        f"{time.perf_counter() - started:.2f} s\n"
    )
    _table(counts)
    if args.misses:
        _misses(details)
    _speed(args.copies, args.repeats)


if __name__ == "__main__":
    main()
