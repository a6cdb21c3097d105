"""Rows at prediction time (``X_new``): post-outcome columns and ``skew``."""

import numpy as np
import pandas as pd
import pytest
from _audit_data import N, honest_data, kinds

from safesplit import audit
from safesplit.audit._shift import column_shift, transport


def _with_post_outcome_count(n=N, seed=21):
    """Honest data plus a count made after the outcome, and new rows where it is
    still 0 (the seed example: demo calls of a lead not yet converted)."""
    X, y = honest_data(n=n)
    rng = np.random.default_rng(seed)
    X["follow_up_calls"] = np.where(y == 1, rng.poisson(1.2, n), rng.poisson(0.3, n))
    X_new, _ = honest_data(n=300, seed=seed + 1)
    X_new["follow_up_calls"] = 0
    return X, y, X_new


def test_column_empty_at_prediction_time_is_a_post_outcome_finding():
    X, y, X_new = _with_post_outcome_count()
    before = X_new.copy()
    report = audit(X, y, X_new=X_new)
    pd.testing.assert_frame_equal(X_new, before)  # never modified
    (finding,) = kinds(report, "target_proxy")
    assert (finding.columns, finding.code) == (["follow_up_calls"], "L2")
    assert finding.severity in ("medium", "high")
    evidence = finding.evidence
    assert evidence["most_common_new_value"] == 0
    assert evidence["share_at_that_value_new"] == 1.0
    assert evidence["share_at_that_value_training"] < 0.7
    assert evidence["skill_lost_at_prediction_time"] > 2 * evidence["skill_lost_se"]
    assert evidence["share_of_skill_lost"] >= 0.2
    assert "not what the model learned from" in finding.message
    assert "drop it" in finding.message
    assert report.summary["n_new_rows"] == 300
    assert kinds(report, "skew") == []  # reported once, as the proxy


def test_the_same_column_without_new_rows_is_not_reported():
    X, y, _ = _with_post_outcome_count()
    assert kinds(audit(X, y), "target_proxy", "medium") == []


def test_rows_like_the_training_rows_give_no_finding():
    X, y, _ = _with_post_outcome_count()
    X_new = X.sample(300, random_state=0).reset_index(drop=True)
    report = audit(X, y, X_new=X_new)
    assert kinds(report, "skew") == [] and kinds(report, "target_proxy") == []


def test_shift_of_a_column_the_model_ignores_is_low_skew():
    X, y = honest_data()
    X_new, _ = honest_data(n=400, seed=3)
    X_new["e"] = X_new["e"] + 1.5  # a noise column, shifted (a changed unit)
    report = audit(X, y, X_new=X_new)
    assert kinds(report, "target_proxy") == []
    (finding,) = kinds(report, "skew")
    assert (finding.severity, finding.code, finding.columns) == ("low", "L3.3", ["e"])
    assert finding.evidence["shift_distance"]["e"] > 0.3
    assert finding.evidence["share_of_skill_lost"]["e"] < 0.2
    assert "leans little on them" in finding.message


def test_dates_move_forward_and_are_skew_only():
    X, y = honest_data()
    X["signed_on"] = pd.Timestamp("2022-01-01") + pd.to_timedelta(
        np.arange(N), unit="D"
    )
    X_new, _ = honest_data(n=200, seed=4)
    X_new["signed_on"] = pd.Timestamp("2024-06-01") + pd.to_timedelta(
        np.arange(200), unit="D"
    )
    report = audit(X, y, X_new=X_new)
    assert kinds(report, "target_proxy") == []
    (finding,) = kinds(report, "skew")
    assert finding.columns == ["signed_on"]
    assert finding.evidence["time_like"] == ["signed_on"]


def test_user_estimator_and_arrays():
    from sklearn.ensemble import HistGradientBoostingClassifier

    X, y, X_new = _with_post_outcome_count()
    report = audit(
        X.drop(columns="segment").to_numpy(),
        y.to_numpy(),
        X_new=X_new.drop(columns="segment").to_numpy(),
        estimator=HistGradientBoostingClassifier(max_iter=30, random_state=0),
    )
    (finding,) = kinds(report, "target_proxy")
    assert finding.columns == ["x5"]  # arrays get the names x0, x1, ...
    assert "share_of_skill_lost" in finding.evidence


def test_post_outcome_column_on_real_data():
    from sklearn.datasets import load_breast_cancer

    data = load_breast_cancer(as_frame=True)
    X, y = data.data, 1 - data.target  # 1 = malignant
    rng = np.random.default_rng(22)
    X = X.assign(
        # Graded on the excised tumour: a grade for malignant ones, 0 otherwise,
        # and not known yet when the scan is read.
        surgical_grade=np.where(y == 1, rng.integers(1, 4, len(y)), 0)
        * (rng.random(len(y)) < 0.9)
    )
    new = rng.random(len(y)) < 0.25
    X_new = X[new].assign(surgical_grade=0)
    report = audit(X[~new], y[~new], X_new=X_new)
    (finding,) = kinds(report, "target_proxy")
    assert finding.columns == ["surgical_grade"]
    assert "At prediction time" in finding.message


@pytest.mark.parametrize(
    ("X_new", "message"),
    [
        (lambda X: X.drop(columns=["a", "b"]), "X_new lacks 2 of X's column"),
        (lambda X: X.to_numpy()[:, :3], r"X_new has shape \(10, 3\) but X has 6"),
        (lambda X: X.iloc[:0], "X_new has no rows"),
    ],
)
def test_new_rows_must_have_the_columns_of_X(X_new, message):
    X, y = honest_data()
    with pytest.raises(ValueError, match=message):
        audit(X, y, X_new=X_new(X.iloc[:10]))


def test_new_rows_in_another_column_order_are_read_by_name():
    X, y, X_new = _with_post_outcome_count()
    reordered = X_new[list(reversed(X_new.columns))]
    findings = kinds(audit(X, y, X_new=reordered), "target_proxy")
    assert [f.columns for f in findings] == [["follow_up_calls"]]


def test_shift_measures_and_chance():
    rng = np.random.default_rng(23)
    train = pd.Series(rng.normal(size=2000))
    same = column_shift("x", train, pd.Series(rng.normal(size=500)), "float")
    assert same.distance < 0.1 and same.p_value > 0.01
    empty = column_shift("x", train, pd.Series([np.nan] * 500), "float")
    assert empty.distance == 1.0 and empty.missing_new == 1.0
    assert empty.top_value is None and "missing in 100%" in empty.describe()
    levels = pd.Series(rng.choice(["a", "b", "c"], 2000))
    moved = column_shift("c", levels, pd.Series(["c"] * 300), "categorical")
    assert moved.statistic == "TV" and moved.distance > 0.6 and moved.p_value < 1e-6


def test_transport_keeps_ranks_and_puts_missing_values_last():
    values = np.array([2.0, np.nan, 1.0, 3.0])
    moved = transport(values, np.array([10.0, 20.0, 30.0, np.nan]))
    assert moved[2] == 10.0 and moved[0] == 20.0 and moved[3] == 30.0
    assert np.isnan(moved[1])
