"""The ``identifier`` check."""

import numpy as np
from _audit_data import N, honest_data, kinds

from safesplit import audit


def test_id_that_encodes_the_outcome():
    X, y = honest_data()
    # Records numbered after sorting by outcome: the ID encodes the label.
    order = np.argsort(y.to_numpy(), kind="stable")
    ids = np.empty(N, dtype=np.int64)
    ids[order] = 10_000 + np.arange(N)
    X["record_id"] = ids
    report = audit(X, y)
    (finding,) = kinds(report, "identifier")
    assert (finding.severity, finding.code, finding.columns) == (
        "high",
        "L2",
        ["record_id"],
    )
    assert kinds(report, "target_proxy") == []  # reported once, as an identifier


def test_hash_like_strings_without_signal_are_only_info():
    X, y = honest_data()
    rng = np.random.default_rng(2)
    X["uuid"] = [f"{value:032x}" for value in rng.integers(0, 2**62, N)]
    report = audit(X, y)
    (finding,) = kinds(report, "identifier", at_least="info")
    assert finding.severity == "info" and finding.columns == ["uuid"]
    assert "hash-like" in finding.evidence["reason"]
    assert report.at_least("low") == []


def test_counter_column_is_recognised():
    X, y = honest_data()
    X["row"] = np.arange(N)
    X = X.sample(frac=1.0, random_state=0).reset_index(drop=True)
    y = y.sample(frac=1.0, random_state=0).reset_index(drop=True)
    report = audit(X, y)
    findings = kinds(report, "identifier", at_least="info")
    assert [f.columns for f in findings] == [["row"]]
    assert findings[0].evidence["reason"] == "a near-consecutive counter"


def test_rows_sorted_by_target_are_reported_low():
    X, y = honest_data()
    order = np.argsort(y.to_numpy(), kind="stable")
    X, y = X.iloc[order].reset_index(drop=True), y.iloc[order].reset_index(drop=True)
    report = audit(X, y)
    (finding,) = kinds(report, "identifier")
    assert finding.severity == "low" and finding.columns == []
    assert "row order" in finding.message
