"""Feature selection on all rows, part of the ``preprocessing`` check: the crowd of
univariate scores just above a selection's cut-off."""

import numpy as np
import pandas as pd
import pytest
from _audit_data import honest_data, kinds
from sklearn.datasets import load_breast_cancer, load_diabetes, load_wine
from sklearn.feature_selection import SelectKBest, f_classif, f_regression

from safesplit import audit


def selection_findings(report):
    return [f for f in kinds(report, "preprocessing", "info") if f.code == "L1.3"]


def selected_on_all_rows(X, y, n_probes, k, score, seed=0):
    """``X`` with ``n_probes`` unrelated columns, reduced to the ``k`` best by
    ``score`` on every row."""
    rng = np.random.default_rng(seed)
    probes = pd.DataFrame(
        rng.normal(size=(len(y), n_probes)),
        columns=[f"probe_{i}" for i in range(n_probes)],
    )
    wide = pd.concat([X.reset_index(drop=True), probes], axis=1)
    return wide.loc[:, SelectKBest(score, k=k).fit(wide, y).get_support()]


@pytest.mark.parametrize(
    ("loader", "score", "n_probes", "k"),
    [
        (load_diabetes, f_regression, 2000, 30),
        (load_diabetes, f_regression, 500, 40),
        (load_wine, f_classif, 1000, 40),  # three classes
    ],
)
def test_univariate_selection_on_all_rows(loader, score, n_probes, k):
    data = loader(as_frame=True)
    X = selected_on_all_rows(data.data, data.target, n_probes, k, score)
    (finding,) = selection_findings(audit(X, data.target))
    assert finding.severity == "medium" and finding.kind == "preprocessing"
    assert len(finding.columns) >= 8
    assert all(name.startswith("probe_") for name in finding.columns)
    evidence = finding.evidence
    assert evidence["unrelated_columns_discarded_estimate"] > 100
    assert evidence["median_abs_correlation_between_them"] < 0.2
    assert "Pipeline" in finding.message


def test_honest_columns_and_unselected_noise_are_not_flagged():
    data = load_breast_cancer(as_frame=True)
    assert selection_findings(audit(data.data, data.target)) == []
    X, y = honest_data(n=1000)
    rng = np.random.default_rng(1)
    for i in range(30):
        X[f"noise_{i}"] = rng.normal(size=1000)
    assert selection_findings(audit(X, y)) == []


def test_equally_strong_columns_that_share_one_signal_are_not_flagged():
    # Twelve precise repeated measurements of one quantity: their scores crowd
    # together with none weaker, as a selection's would, but they are nearly
    # copies of each other, not independent draws.
    rng = np.random.default_rng(2)
    n = 500
    signal = rng.normal(size=n)
    X = pd.DataFrame(
        {f"reading_{i}": signal + rng.normal(0, 0.05, n) for i in range(12)}
    )
    y = pd.Series(0.3 * signal + rng.normal(size=n))
    assert selection_findings(audit(X, y)) == []


def test_independent_features_of_spread_strengths_are_not_flagged():
    # Twenty independent genuine features whose strengths differ.
    rng = np.random.default_rng(3)
    n = 800
    X = pd.DataFrame(rng.normal(size=(n, 20)), columns=[f"x{i}" for i in range(20)])
    y = pd.Series(X.to_numpy() @ np.linspace(0.05, 0.6, 20) + rng.normal(size=n))
    assert selection_findings(audit(X, y)) == []


def test_independent_features_of_equal_strength_are_not_flagged():
    # Twenty independent features, equally and clearly informative: none is weak
    # and they are unrelated to each other, but sampling spreads their scores by
    # about 1, far wider than a selection's crowd (about 1 / z above its cut).
    rng = np.random.default_rng(4)
    n = 2000
    X = pd.DataFrame(rng.normal(size=(n, 20)), columns=[f"x{i}" for i in range(20)])
    y = pd.Series(X.sum(axis=1) * 0.25 + rng.normal(size=n))
    assert selection_findings(audit(X, y)) == []
