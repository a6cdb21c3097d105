"""The ``target_proxy`` check."""

import numpy as np
import pandas as pd
from _audit_data import N, build_context, honest_data, kinds

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


# ---------------------------------------------------------------------------------
# Marginal skill: a post-outcome column that is not near-perfect alone.


def test_noisy_post_outcome_column_carrying_most_skill_is_medium():
    X, y = honest_data(n=2000)
    rng = np.random.default_rng(4)
    # Measured after the outcome with error: ROC AUC about 0.87 alone.
    X["followup_marker"] = y + rng.normal(scale=0.6, size=2000)
    (finding,) = kinds(audit(X, y), "target_proxy")
    assert (finding.severity, finding.columns) == ("medium", ["followup_marker"])
    evidence = finding.evidence
    assert evidence["auc_alone"] < 0.90  # not near-perfect: the old rules missed it
    assert evidence["share_of_remaining_error_removed"] >= 0.5
    assert evidence["skill_added_to_other_features"] > 2 * evidence["skill_added_se"]
    assert evidence["other_features_explain_beyond_outcome"] < 0.05
    assert "X_new" in finding.message  # what would tell it from an honest feature


def test_post_outcome_measurement_on_real_data_is_medium():
    from sklearn.datasets import load_diabetes

    data = load_diabetes(as_frame=True)
    X, y = data.data.copy(), data.target
    rng = np.random.default_rng(5)
    # A one-year follow-up score: R^2 about 0.65 alone; the ten honest columns
    # reach about 0.45 together.
    X["followup_score"] = y + rng.normal(
        scale=y.std() * np.sqrt(1 / 0.65 - 1), size=len(y)
    )
    (finding,) = kinds(audit(X, y), "target_proxy")
    assert (finding.severity, finding.columns) == ("medium", ["followup_score"])
    assert finding.evidence["r2_alone"] < 0.8
    assert finding.evidence["r2_other_features"] < finding.evidence["r2_all_features"]


def _shared_cause_data(n=2000, seed=6):
    """A strong honest feature whose cause other features measure too."""
    rng = np.random.default_rng(seed)
    cause = rng.normal(size=n)
    X = pd.DataFrame(
        {
            "lab_value": cause + rng.normal(scale=0.3, size=n),
            "symptom_score": cause + rng.normal(scale=1.0, size=n),
            "history": cause + rng.normal(scale=1.5, size=n),
        }
    )
    for name in ("age", "weight", "visits"):
        X[name] = rng.normal(size=n)
    y = pd.Series((cause + rng.normal(scale=0.5, size=n) > 0).astype(int))
    return X, y


def test_strong_feature_the_others_reproduce_is_not_medium():
    X, y = _shared_cause_data()
    report = audit(X, y)
    assert [f for f in kinds(report, "target_proxy", "medium")] == []
    for finding in kinds(report, "target_proxy"):
        assert "Likely a strong honest feature" in finding.message


def test_outcome_dependence_tells_a_measurement_of_the_outcome_from_a_cause():
    from safesplit.audit.checks._proxy_skill import outcome_dependence

    X, y = _shared_cause_data()
    X["after_outcome"] = y + np.random.default_rng(7).normal(scale=0.5, size=len(y))
    context = build_context(X, y)
    others = [c for c in X.columns if c != "lab_value"]
    honest = outcome_dependence(context, "lab_value", others)
    assert honest.reproduced and honest.explained > 0.1
    others = [c for c in X.columns if c != "after_outcome"]
    measurement = outcome_dependence(context, "after_outcome", others)
    assert not measurement.reproduced and abs(measurement.explained) < 0.05


def test_strong_honest_feature_among_few_columns_is_at_most_low_on_real_data():
    from sklearn.datasets import load_breast_cancer, load_wine

    wine = load_wine(as_frame=True)
    # Flavanoids next to three weak columns that cannot match it.
    X = wine.data[["flavanoids", "ash", "magnesium", "alcalinity_of_ash"]]
    assert audit(X, wine.target).at_least("medium") == []
    cancer = load_breast_cancer(as_frame=True)
    columns = ["worst concave points", "mean fractal dimension", "texture error"]
    X = cancer.data[[*columns, "symmetry error"]]
    report = audit(X, cancer.target)
    assert report.at_least("medium") == []
    (finding,) = kinds(report, "target_proxy")
    assert (finding.severity, finding.columns) == ("low", ["worst concave points"])
    assert "Likely a strong honest feature" in finding.message
