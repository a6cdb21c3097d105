"""The ``preprocessing`` check."""

import numpy as np
import pandas as pd
from _audit_data import N, honest_data, kinds
from sklearn.model_selection import KFold

from safesplit import audit


def test_scaled_on_all_rows():
    X, y = honest_data()
    numeric = ["a", "b", "c", "d", "e"]
    X[numeric] = (X[numeric] - X[numeric].mean()) / X[numeric].std(ddof=0)
    report = audit(X, y)
    (finding,) = kinds(report, "preprocessing")
    assert finding.severity == "low" and finding.code == "L1.2"
    assert finding.columns == numeric
    assert abs(finding.evidence["a"]["mean_train_split_0"]) > 1e-6


def test_imputed_with_the_whole_data_mean():
    X, y = honest_data()
    rng = np.random.default_rng(5)
    missing = rng.random(N) < 0.1
    values = X["a"].to_numpy().copy()
    values[missing] = values[~missing].mean()
    X["a"] = values
    (finding,) = kinds(audit(X, y), "preprocessing")
    assert finding.columns == ["a"] and finding.code == "L1.2"
    assert finding.evidence["n_rows_with_value"] == int(missing.sum())
    assert "mean" in finding.message


def test_target_encoding_on_all_rows():
    X, y = honest_data()
    rng = np.random.default_rng(6)
    city = pd.Series(rng.integers(0, 120, N))
    X["city_rate"] = y.groupby(city).transform("mean")
    (finding,) = kinds(audit(X, y), "preprocessing")
    assert finding.severity == "high" and finding.columns == ["city_rate"]
    assert "TargetEncoder" in finding.message


def test_cross_fitted_target_encoding_is_clean():
    from sklearn.preprocessing import TargetEncoder

    X, y = honest_data()
    rng = np.random.default_rng(6)
    city = rng.integers(0, 120, N).reshape(-1, 1)
    X["city_rate"] = TargetEncoder(cv=KFold(5)).fit_transform(city, y)[:, 0]
    assert kinds(audit(X, y), "preprocessing", at_least="info") == []


def test_raw_proportions_are_not_min_max_scaled():
    X, y = honest_data()
    rng = np.random.default_rng(7)
    X["share"] = np.clip(rng.normal(0.5, 0.4, N), 0, 1)  # many 0s and 1s
    assert kinds(audit(X, y), "preprocessing", at_least="info") == []
