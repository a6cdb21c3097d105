"""The labelled corpus of tests/lint/corpus: read its labels, lint it, score it.

Every program is written like a real script or notebook. A line that should be
reported ends with a comment ``# expect: CODE`` (several codes separated by commas);
every other line should not be. ``leaky/`` holds programs with at least one leak,
``clean/`` near-misses with none. In a notebook the label sits in the cell's source
and a finding must name that cell.

A finding matches a label when their codes agree and the labelled line is one of
the finding's lines (its statement, or the calls that led to it). Precision is the
share of findings that match a label; recall the share of labels matched.
"""

import json
import re
from collections import defaultdict
from pathlib import Path

CORPUS = Path(__file__).resolve().parent / "corpus"
_EXPECT = re.compile(r"#\s*expect:\s*([\w.\-, ]+)")


def corpus_files():
    return sorted(
        path for path in CORPUS.rglob("*") if path.suffix in (".py", ".ipynb")
    )


def _labels_in(text, cell):
    found = []
    for number, line in enumerate(text.split("\n"), start=1):
        match = _EXPECT.search(line)
        if match:
            for code in match.group(1).split(","):
                if code.strip():
                    found.append((code.strip(), cell, number))
    return found


def labels(path):
    """``(code, cell, line)`` of each label of a program (cell None in a script)."""
    path = Path(path)
    if path.suffix != ".ipynb":
        return _labels_in(path.read_text(encoding="utf-8"), None)
    found = []
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    for number, cell in enumerate(cells, start=1):
        if cell.get("cell_type") == "code":
            source = cell["source"]
            text = "".join(source) if isinstance(source, list) else source
            found.extend(_labels_in(text, number))
    return found


def _finding_lines(finding):
    return {(cell, line) for cell, line in finding.evidence["lines"]}


def match(findings, expected):
    """``(matched findings, unmatched findings, unmatched labels)``."""
    hit_labels = set()
    true, false = [], []
    for finding in findings:
        lines = _finding_lines(finding)
        hits = [
            label
            for label in expected
            if label[0] == finding.code and (label[1], label[2]) in lines
        ]
        (true if hits else false).append(finding)
        hit_labels.update(hits)
    missed = [label for label in expected if label not in hit_labels]
    return true, false, missed


def score(report_for, files=None):
    """Lint every program with ``report_for(path)`` and count, per code, the
    findings that match (tp), the ones that do not (fp), the labels missed (fn),
    with the details."""
    counts = defaultdict(lambda: {"tp": 0, "fp": 0, "fn": 0, "labels": 0})
    details = []
    for path in files or corpus_files():
        expected = labels(path)
        report = report_for(path)
        true, false, missed = match(report.findings, expected)
        for finding in true:
            counts[finding.code]["tp"] += 1
        for finding in false:
            counts[finding.code]["fp"] += 1
        for code, _, _ in missed:
            counts[code]["fn"] += 1
        for code, _, _ in expected:
            counts[code]["labels"] += 1
        details.append((path, expected, true, false, missed, report))
    return dict(counts), details


def rates(counts):
    """Precision and recall of each code, and overall (key ``"all"``)."""
    total = {"tp": 0, "fp": 0, "fn": 0, "labels": 0}
    for value in counts.values():
        for key in total:
            total[key] += value[key]
    result = {}
    for code, value in [*sorted(counts.items()), ("all", total)]:
        found = value["tp"] + value["fp"]
        labelled = value["labels"]
        precision = value["tp"] / found if found else 1.0
        recall = (labelled - value["fn"]) / labelled if labelled else 1.0
        result[code] = (precision, recall, value)
    return result
