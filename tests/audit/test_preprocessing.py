"""The ``preprocessing`` check."""

import numpy as np
import pandas as pd
from _audit_data import N, honest_data, kinds

from safesplit import audit


def test_scaled_on_all_rows():
    X, y = honest_data()
    numeric = ["a", "b", "c", "d", "e"]
    X[numeric] = (X[numeric] - X[numeric].mean()) / X[numeric].std(ddof=0)
    report = audit(X, y)
    (finding,) = kinds(report, "preprocessing")
    # The exact output of StandardScaler, and every split's training rows have
    # other statistics: the pipeline is wrong, though the score barely moves.
    assert finding.severity == "medium" and finding.code == "L1.2"
    assert finding.columns == numeric
    assert abs(finding.evidence["a"]["mean_train_split_0"]) > 1e-6
    assert finding.evidence["a"]["training_rows_differ"]
    assert "usually small" in finding.message and "Pipeline" in finding.message


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
    X["city_rate"] = TargetEncoder(cv=5, shuffle=True, random_state=0).fit_transform(
        city, y
    )[:, 0]
    assert kinds(audit(X, y), "preprocessing", at_least="info") == []


def test_raw_proportions_are_not_min_max_scaled():
    X, y = honest_data()
    rng = np.random.default_rng(7)
    X["share"] = np.clip(rng.normal(0.5, 0.4, N), 0, 1)  # many 0s and 1s
    assert kinds(audit(X, y), "preprocessing", at_least="info") == []


def test_scaled_within_groups_the_splits_keep_together_is_low():
    # Standardised within each entity: every column has mean 0 and std 1 over all
    # rows, but grouped folds keep each entity whole, so the training rows of
    # every split have those statistics too and no test row informs training.
    X, y = honest_data()
    entity = np.repeat(np.arange(N // 10), 10)
    numeric = ["a", "b", "c"]
    by_entity = X[numeric].groupby(entity)
    X[numeric] = (X[numeric] - by_entity.transform("mean")) / by_entity.transform(
        lambda column: column.std(ddof=0)
    )
    (finding,) = kinds(audit(X, y, groups=entity), "preprocessing")
    assert finding.severity == "low" and finding.columns == numeric
    assert not finding.evidence["a"]["training_rows_differ"]
    assert "no test row informs training" in finding.message


def test_min_max_scaled_columns():
    X, y = honest_data()
    for column in ("a", "b"):
        X[column] = (X[column] - X[column].min()) / (X[column].max() - X[column].min())
    (finding,) = kinds(audit(X, y), "preprocessing")
    assert finding.severity == "medium" and finding.columns == ["a", "b"]
    assert finding.evidence["a"]["training_rows_differ"]
    # One such column could be a natural proportion with a single 0 and 1.
    X, y = honest_data()
    X["a"] = (X["a"] - X["a"].min()) / (X["a"].max() - X["a"].min())
    (finding,) = kinds(audit(X, y), "preprocessing")
    assert finding.severity == "low" and finding.columns == ["a"]


def test_centred_only_columns_are_low():
    # The way scikit-learn's diabetes data ship: centred, scaled to unit norm.
    X, y = honest_data()
    numeric = ["a", "b", "c", "d", "e"]
    centred = X[numeric] - X[numeric].mean()
    X[numeric] = centred / np.sqrt((centred**2).sum())
    (finding,) = kinds(audit(X, y), "preprocessing")
    assert finding.severity == "low" and finding.columns == numeric
    assert "centred" in finding.message


def tied_column(pile, seed=8):
    """200 values whose median is 13.0537, held by ``pile`` rows: as many values
    below as above it (skewed, so the mean differs), among them a value tied five
    times on each side."""
    rng = np.random.default_rng(seed)
    side = 100 - pile // 2
    centre = 13.0537
    below = np.r_[np.full(5, 12.5123), centre - rng.uniform(0.01, 1.5, side - 5)]
    above = np.r_[np.full(5, 13.6731), centre + rng.uniform(0.01, 3.0, side - 5)]
    return rng.permutation(np.r_[below, np.full(pile, centre), above])


def test_median_of_tied_values_is_not_a_certain_fill():
    # Rounded measurements: the median of tied data is often a tied value, so a
    # pile at the median that the other ties nearly match is no proof of a fill.
    X, y = honest_data(n=200)
    X["a"] = tied_column(pile=6)
    (finding,) = kinds(audit(X, y), "preprocessing")
    assert finding.columns == ["a"] and finding.evidence["statistic"] == "median"
    assert finding.severity == "low" and not finding.evidence["certain"]
    # A pile far above every tie is a fill.
    X["a"] = tied_column(pile=30)
    (finding,) = kinds(audit(X, y), "preprocessing")
    assert finding.severity == "medium" and finding.evidence["certain"]
