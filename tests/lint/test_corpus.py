"""The labelled corpus: its shape, and the precision and recall of the rules on it.

The corpus (``tests/lint/corpus``) is read by ``_corpus.py``, which the benchmark
``benchmarks/bench_lint.py`` uses too. Targets of issue 13: precision at least 0.95
and recall at least 0.90, overall and for every rule.
"""

import json
from collections import Counter

import pytest
from _corpus import CORPUS, corpus_files, labels, rates, score

from safesplit import lint
from safesplit.lint import CODES


@pytest.fixture(scope="module")
def scored():
    return score(lambda path: lint(path))


def test_the_corpus_is_large_and_varied():
    leaky = [p for p in corpus_files() if p.parent.name == "leaky"]
    clean = [p for p in corpus_files() if p.parent.name == "clean"]
    assert len(leaky) + len(clean) >= 80
    assert len(leaky) >= 40 and len(clean) >= 40
    assert sum(p.suffix == ".ipynb" for p in leaky) >= 5
    assert sum(p.suffix == ".ipynb" for p in clean) >= 5
    files_per_code = Counter(
        code for path in leaky for code in {label[0] for label in labels(path)}
    )
    assert set(files_per_code) == set(CODES)
    assert min(files_per_code.values()) >= 5, files_per_code


def test_every_leaky_program_is_labelled_and_no_clean_one_is():
    for path in corpus_files():
        found = labels(path)
        if path.parent.name == "leaky":
            assert found, f"{path.name} has no '# expect:' label"
        else:
            assert not found, f"{path.name} is clean but labelled {found}"
        assert {code for code, _, _ in found} <= set(CODES), path.name


def test_programs_read_like_real_ones():
    """Not one-liners: every program has imports, data and a dozen lines."""
    for path in corpus_files():
        if path.suffix == ".ipynb":
            cells = json.loads(path.read_text())["cells"]
            text = "".join("".join(cell["source"]) + "\n" for cell in cells)
        else:
            text = path.read_text()
        code = [line for line in text.splitlines() if line.strip()]
        assert len(code) >= 8, path.name
        assert "import" in text, path.name


def test_a_notebook_is_read_in_execution_order():
    path = CORPUS / "leaky" / "mt_knn_elbow_out_of_order.ipynb"
    cells = json.loads(path.read_text())["cells"]
    counts = [cell["execution_count"] for cell in cells]
    assert counts != sorted(counts)  # the file order is not the run order
    codes = {finding.code for finding in lint(path)}
    assert "L1.2" in codes  # the scaling ran before the split that uses it


def test_precision_and_recall_reach_the_targets(scored):
    counts, details = scored
    table = rates(counts)
    lines = [
        f"{code}: precision {p:.2f} recall {r:.2f} {v}"
        for code, (p, r, v) in table.items()
    ]
    misses = [
        f"{path.name}: false {[(f.code, f.evidence['line']) for f in false]} "
        f"missed {missed}"
        for path, _, _, false, missed, _ in details
        if false or missed
    ]
    for code in [*CODES, "all"]:
        precision, recall, _ = table[code]
        assert precision >= 0.95, "\n".join(lines + misses)
        assert recall >= 0.90, "\n".join(lines + misses)


def test_the_corpus_lints_without_an_error(scored):
    _, details = scored
    for path, _, _, _, _, report in details:
        assert not [p for p in report.problems if ": error: " in p], path.name
