"""The audit's entry point: clean data sets give no finding, the summary, the
report, determinism and the user's estimator and scoring."""

import numpy as np
import pytest
from _audit_data import honest_data, kinds
from sklearn import datasets
from sklearn.linear_model import LogisticRegression

from safesplit import LeakageReport, audit
from safesplit._datasets import make_lead_data

# ---------------------------------------------------------------------------------
# Clean data sets that ship with scikit-learn: no "high" finding.


@pytest.mark.parametrize(
    "loader",
    [
        datasets.load_breast_cancer,
        datasets.load_diabetes,
        datasets.load_wine,
        datasets.load_iris,
        datasets.load_digits,
    ],
)
def test_sklearn_data_sets_have_no_high_finding(loader):
    data = loader(as_frame=True)
    report = audit(data.data, data.target)
    assert report.at_least("high") == []
    # And no medium one either: these are clean.
    assert report.at_least("medium") == []


def test_strong_honest_features_are_not_proxies():
    # breast cancer: 'worst perimeter' alone has an AUC near 0.97, but the other
    # features together match it, so it is not a proxy.
    data = datasets.load_breast_cancer(as_frame=True)
    report = audit(data.data, data.target)
    assert kinds(report, "target_proxy") == []
    assert report.summary["strongest_single_columns"]["worst perimeter"] > 0.95


def test_honest_data_give_no_finding():
    X, y = honest_data()
    report = audit(X, y)
    assert report.at_least("low") == []


def test_regression_target():
    data = datasets.load_diabetes(as_frame=True)
    report = audit(data.data, data.target)
    assert report.summary["target_type"] == "regression"
    assert report.summary["metric"] == "R2"
    assert 0.2 < report.summary["model_score"] < 0.7


# ---------------------------------------------------------------------------------
# The entry point: defaults, estimator, scoring, determinism.


def test_lead_data_findings():
    X, y, created_at, _ = make_lead_data(n_leads=3000)
    report = audit(X, y, times=created_at)
    found = {(f.kind, f.severity, tuple(f.columns)) for f in report.findings}
    assert ("identifier", "high", ("lead_id",)) in found
    assert ("target_proxy", "high", ("number_of_demo_calls",)) in found
    assert ("group", "medium", ("customer_id",)) in found
    assert any(kind == "preprocessing" for kind, _, _ in found)


def test_user_estimator_and_scoring():
    X, y = honest_data()
    X = X.drop(columns="segment")
    report = audit(X, y, estimator=LogisticRegression(), scoring="accuracy")
    assert report.summary["model"] == "LogisticRegression"
    assert 0.6 < report.summary["score"] <= 1.0
    assert report.at_least("low") == []


def test_deterministic_by_default():
    X, y = honest_data()
    X["leak"] = y * 2.0
    first, second = audit(X, y).to_dict(), audit(X, y).to_dict()
    # Everything but the time taken; replacing the seconds in the JSON text could
    # also replace digits of other numbers.
    for report in (first, second):
        del report["summary"]["seconds"]
    assert first == second


def test_int_cv_sets_the_number_of_splits():
    X, y = honest_data()
    report = audit(X, y, cv=3)
    assert "n_splits=3" in report.summary["cv"]


def test_report_type():
    X, y = honest_data()
    report = audit(X, y)
    assert isinstance(report, LeakageReport)
    assert report.summary["n_features"] == X.shape[1]


# ---------------------------------------------------------------------------------
# Choosing checks


def test_checks_runs_only_the_named_ones():
    X, y = honest_data()
    report = audit(X, y, checks=["duplicate", "identifier"])
    # "duplicate" is a check and a kind: the kind names the overlap check too.
    assert report.summary["checks"] == ["overlap", "duplicate", "identifier"]
    assert report.summary["model"] is None
    report = audit(X, y, checks=["overlap", "identifier"])
    assert report.summary["checks"] == ["overlap", "identifier"]


@pytest.mark.parametrize(
    "checks, error, message",
    [
        ("duplicate", TypeError, r"^checks must be a list of check names"),
        ([1], TypeError, r"^checks must be a list of check names"),
        (
            [],
            ValueError,
            r"^checks=\[\] names no check; choose among .*duplicate, group",
        ),
        (["dupes"], ValueError, r"^checks=\['dupes'\] names no check \('dupes' unkn"),
        (True, TypeError, r"^checks must be a list of check names"),
        (np.array("duplicate"), TypeError, r"^checks must be a list of check names"),
        (np.array([], dtype=int), ValueError, r"^checks=\[\] names no check"),
    ],
)
def test_bad_checks_are_refused(checks, error, message):
    X, y = honest_data()
    with pytest.raises(error, match=message):
        audit(X, y, checks=checks)
