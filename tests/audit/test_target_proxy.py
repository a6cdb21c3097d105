"""The ``target_proxy`` check."""

import numpy as np
import pandas as pd
from _audit_data import N, honest_data, kinds

from safesplit import audit


def test_post_outcome_feature_is_a_high_proxy():
    X, y = honest_data()
    rng = np.random.default_rng(1)
    X["refund_issued"] = y * (rng.random(N) < 0.995)
    report = audit(X, y)
    (finding,) = kinds(report, "target_proxy")
    assert (finding.severity, finding.code, finding.columns) == (
        "high",
        "L2",
        ["refund_issued"],
    )
    assert finding.evidence["auc_alone"] > 0.95
    assert finding.evidence["auc_other_features"] < finding.evidence["auc_alone"]
    assert "after the outcome" in finding.message


def test_imperfect_proxy_is_reported():
    X, y = honest_data()
    rng = np.random.default_rng(1)
    X["refund_issued"] = y * (rng.random(N) < 0.97)  # wrong for 3% of rows
    (finding,) = kinds(audit(X, y), "target_proxy")
    assert finding.columns == ["refund_issued"]
    # High when the other columns add little to it, medium when they improve it.
    removed = finding.evidence["share_of_error_removed_by_other_features"]
    assert finding.severity == ("high" if removed < 0.5 else "medium")


def test_dominant_honest_feature_is_not_high():
    # One feature explains most of the variance; the others explain the rest.
    rng = np.random.default_rng(2)
    X = pd.DataFrame(rng.normal(size=(2000, 5)), columns=list("abcde"))
    y = 10 * X["a"] + 2 * X["b"] + 2 * X["c"] + rng.normal(size=2000)
    report = audit(X, y)
    assert report.at_least("high") == []
    assert [f.columns for f in kinds(report, "target_proxy")] in ([], [["a"]])


def test_regression_proxy():
    rng = np.random.default_rng(0)
    X = pd.DataFrame(rng.normal(size=(N, 4)), columns=list("abcd"))
    y = X["a"] + rng.normal(size=N)
    X["invoice_total"] = y * 10 + rng.normal(scale=0.05, size=N)
    report = audit(X, y)
    (finding,) = kinds(report, "target_proxy")
    assert finding.columns == ["invoice_total"] and finding.severity == "high"
