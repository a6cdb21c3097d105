"""The audit's entry point: clean data sets give no finding, the summary, the
report, determinism and the user's estimator and scoring; the same report whether
the data are numpy arrays, pandas (numpy- or pyarrow-backed) or polars frames."""

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
def test_sklearn_data_sets_have_no_high_finding(loader, input_kind, as_kind):
    data = loader(as_frame=True)
    report = audit(as_kind(data.data, input_kind), as_kind(data.target, input_kind))
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


def test_honest_data_give_no_finding(frame_kind, as_kind):
    X, y = honest_data()
    report = audit(as_kind(X, frame_kind), as_kind(y, frame_kind))
    assert report.at_least("low") == []


def test_regression_target():
    data = datasets.load_diabetes(as_frame=True)
    report = audit(data.data, data.target)
    assert report.summary["target_type"] == "regression"
    assert report.summary["metric"] == "R2"
    assert 0.2 < report.summary["model_score"] < 0.7


# ---------------------------------------------------------------------------------
# The entry point: defaults, estimator, scoring, determinism.


def test_lead_data_findings(frame_kind, as_kind):
    X, y, created_at, _ = make_lead_data(n_leads=3000)
    X, y, created_at = (as_kind(part, frame_kind) for part in (X, y, created_at))
    report = audit(X, y, times=created_at)
    found = {(f.kind, f.severity, tuple(f.columns)) for f in report.findings}
    assert ("identifier", "high", ("lead_id",)) in found
    assert ("target_proxy", "high", ("number_of_demo_calls",)) in found
    assert ("group", "medium", ("customer_id",)) in found
    assert any(kind == "preprocessing" for kind, _, _ in found)


def _without_seconds(report):
    summary = dict(report.summary, seconds=None)
    return {**report.to_dict(), "summary": summary}


@pytest.mark.parametrize("frame_kind", ["pyarrow", "polars"])
def test_same_report_from_pandas_pyarrow_and_polars(frame_kind, as_kind):
    X, y, created_at, X_at_creation = make_lead_data(n_leads=2000)
    later = (created_at >= created_at.iloc[1500]).to_numpy()
    X_new = X_at_creation[later].reset_index(drop=True)
    inputs = {"X": X, "y": y, "times": created_at, "groups": X["customer_id"]}
    inputs["X_new"] = X_new.assign(pages_viewed=X_new["pages_viewed"] + 2)
    expected = audit(**inputs)
    assert {"identifier", "target_proxy", "group", "skew"} <= {
        f.kind for f in expected.findings
    }
    got = audit(**{name: as_kind(value, frame_kind) for name, value in inputs.items()})
    assert _without_seconds(got) == _without_seconds(expected)


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
