"""``safesplit.lint``: what it accepts, what it refuses, and what it returns."""

import pickle
from pathlib import Path

import pytest

from safesplit import LeakageReport, lint
from safesplit.lint import CODES, RULES, select_rules

LEAK = """
import pandas as pd
from sklearn.preprocessing import StandardScaler
from sklearn.model_selection import train_test_split
df = pd.read_csv("d.csv")
X = StandardScaler().fit_transform(df.drop(columns="y"))
X_train, X_test, y_train, y_test = train_test_split(X, df["y"])
"""


def test_source_path_and_list_give_the_same_findings(tmp_path):
    path = tmp_path / "leak.py"
    path.write_text(LEAK)
    from_source = [(f.code, f.evidence["line"]) for f in lint(LEAK)]
    from_path = [(f.code, f.evidence["line"]) for f in lint(path)]
    from_str = [(f.code, f.evidence["line"]) for f in lint(str(path))]
    from_list = [(f.code, f.evidence["line"]) for f in lint([path, str(path)])]
    assert from_source == from_path == from_str == [("L1.2", 6)]
    assert from_list == [("L1.2", 6)]  # one file named twice is linted once


def test_the_report_is_a_leakage_report_with_places():
    report = lint(LEAK)
    assert isinstance(report, LeakageReport)
    (finding,) = report.findings
    assert finding.kind == "preprocessing" and finding.severity == "medium"
    assert finding.evidence["path"] == "<source>"
    assert finding.evidence["rule"] == "preprocessing-before-split"
    assert (finding.evidence["line"], finding.evidence["col"]) == (6, 5)
    assert str(report).splitlines()[0].startswith("<source>:6:5 L1.2 StandardScaler")
    assert report.to_frame()["code"].tolist() == ["L1.2"]
    assert pickle.loads(pickle.dumps(report)).findings[0].message == finding.message


def test_every_message_shows_a_fix():
    for rule in RULES:
        assert rule.check.__module__.startswith("safesplit.lint.rules.")
    report = lint(LEAK)
    assert "fit it on the training part only" in report.findings[0].message


def test_select_and_ignore():
    assert [f.code for f in lint(LEAK, select=["L1.2"])] == ["L1.2"]
    assert [f.code for f in lint(LEAK, select="preprocessing-before-split")] == ["L1.2"]
    assert list(lint(LEAK, ignore=["L1.2"])) == []
    assert [rule.code for rule in select_rules()] == list(CODES)


def test_an_unknown_rule_is_refused_by_name():
    with pytest.raises(ValueError, match=r"^select got an unknown rule 'L9'; known"):
        lint(LEAK, select=["L9"])
    with pytest.raises(ValueError, match=r"^ignore got an unknown rule 'x'"):
        lint(LEAK, ignore="x")


def test_bad_input_is_refused_clearly(tmp_path):
    with pytest.raises(TypeError, match="^source_or_path must be Python source"):
        lint(b"x = 1")
    with pytest.raises(TypeError, match="^source_or_path as a list must hold"):
        lint([3])
    with pytest.raises(ValueError, match="names no file or directory"):
        lint(str(tmp_path / "missing.py"))
    with pytest.raises(ValueError, match=r"does not parse as Python: line 2"):
        lint("x = 1\ny = (\n")


def test_a_missing_path_in_a_list_is_a_problem_not_a_crash(tmp_path):
    report = lint([tmp_path / "missing.py"])
    assert report.problems == [
        f"{tmp_path / 'missing.py'}:1:1: error: no such file or directory"
    ]


def test_the_input_is_not_changed(tmp_path):
    path = tmp_path / "leak.py"
    path.write_text(LEAK)
    before = path.stat().st_mtime_ns, path.read_bytes()
    paths = [path]
    lint(paths)
    assert paths == [path] and (path.stat().st_mtime_ns, path.read_bytes()) == before


def test_no_finding_on_safe_code():
    clean = LEAK.replace(
        'X = StandardScaler().fit_transform(df.drop(columns="y"))\n'
        'X_train, X_test, y_train, y_test = train_test_split(X, df["y"])\n',
        "X_train, X_test, y_train, y_test = train_test_split(\n"
        '    df.drop(columns="y"), df["y"])\n'
        "scaler = StandardScaler().fit(X_train)\n"
        "X_train, X_test = scaler.transform(X_train), scaler.transform(X_test)\n",
    )
    assert clean != LEAK
    report = lint(clean)
    assert list(report) == []
    assert str(report) == "No leakage found in 1 file(s)."


def test_the_docs_page_documents_every_rule():
    page = (Path(__file__).parents[2] / "docs" / "lint.md").read_text()
    for rule in RULES:
        section = page.split(f"## {rule.code}:", 1)
        assert len(section) == 2, f"docs/lint.md has no section for {rule.code}"
        body = section[1].split("\n## ", 1)[0]
        assert rule.name in body
        assert "Leaky" in body and "Fixed" in body and "Limits" in body, rule.code
