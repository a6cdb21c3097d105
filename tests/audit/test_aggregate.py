"""Aggregates of the target over all rows (``preprocessing``, L1.2): target
encodings, shares, ranks, rounded percentages and z-scores of a group's target
statistic, and the honest group attributes that must not be reported."""

import numpy as np
import pandas as pd
import pytest
from _audit_data import kinds
from sklearn.datasets import load_diabetes

from safesplit import audit
from safesplit.audit.checks._aggregate import affine_test, order_test


def aggregates(report, at_least="low"):
    """Findings of the aggregate check (preprocessing findings on a statistic)."""
    return [f for f in kinds(report, "preprocessing", at_least) if "test" in f.evidence]


def reported(X, y, column, **kwargs):
    """The one aggregate finding of an audit, which names ``column``."""
    (finding,) = aggregates(audit(X, y, **kwargs))
    assert finding.columns == [column] and finding.code == "L1.2"
    return finding


def panel(n_groups=150, per_group=5, seed=0, task="regression", effect_sd=1.0):
    """Rows of entities: a group effect, two honest features, and the key."""
    rng = np.random.default_rng(seed)
    group = np.repeat(np.arange(n_groups), per_group)
    effect = rng.normal(0.0, effect_sd, n_groups)
    n = group.size
    X = pd.DataFrame({"a": rng.normal(size=n), "b": rng.normal(size=n)})
    signal = effect[group] + 0.7 * X["a"] + rng.normal(size=n)
    if task == "regression":
        y = pd.Series(signal, name="y")
    else:
        y = pd.Series((signal > 0).astype(int), name="y")
    return X, y, group, effect


def group_mean(y, group):
    return y.groupby(group).transform("mean")


TRANSFORMS = {
    "share_per_mille": lambda m, y: 1000 * m / y.sum(),
    "z_score": lambda m, y: (m - m.mean()) / m.std(),
    "index_rounded": lambda m, y: (100 * m / y.mean()).round(1),
    "rank": lambda m, y: m.rank(method="dense"),
    "log_of_shifted_mean": lambda m, y: np.log(m - m.min() + 1.0),
}


@pytest.mark.parametrize("transform", sorted(TRANSFORMS))
def test_transformed_group_mean_is_reported(transform):
    X, y, group, _ = panel()
    X["group_score"] = TRANSFORMS[transform](group_mean(y, group), y)
    finding = reported(X, y, "group_score")
    assert finding.severity == "high"  # five rows per group
    assert finding.evidence["noise_kept"] <= 0.25
    assert finding.evidence["p_value"] <= finding.evidence["p_value_threshold"]
    assert "TargetEncoder" in finding.message


def test_rounded_percentage_of_a_binary_target_is_reported():
    X, y, group, _ = panel(n_groups=200, per_group=4, task="classification")
    X["group_pct"] = (100 * group_mean(y, group)).round(0)
    finding = reported(X, y, "group_pct")
    assert finding.evidence["statistic"] == "mean target"


def test_group_total_with_unequal_groups_is_reported():
    rng = np.random.default_rng(3)
    X, y, group, _ = panel(n_groups=300, per_group=4)
    keep = rng.random(len(y)) < 0.8  # groups of 1 to 4 rows
    X, y, group = (
        X[keep].reset_index(drop=True),
        y[keep].reset_index(drop=True),
        group[keep],
    )
    X["group_total"] = (y.groupby(group).transform("sum") + 100).round(2).to_numpy()
    finding = reported(X, y, "group_total")
    assert finding.evidence["statistic"] == "total target"


def test_one_class_rate_of_several_classes_is_reported():
    rng = np.random.default_rng(4)
    X, _, group, effect = panel(n_groups=120, per_group=5)
    y = pd.Series(np.digitize(effect[group] + rng.normal(size=len(group)), [-0.7, 0.7]))
    X["group_rate_of_2"] = (y == 2).groupby(group).transform("mean").round(3)
    finding = reported(X, y, "group_rate_of_2")
    assert finding.evidence["target_class"] == 2


def test_large_groups_are_medium():
    X, y, group, _ = panel(n_groups=25, per_group=60)
    X["group_z"] = TRANSFORMS["z_score"](group_mean(y, group), y)
    finding = reported(X, y, "group_z")
    assert finding.severity == "medium"
    assert finding.evidence["fraction_rows_in_values_under_30_rows"] == 0.0


def test_exact_encoding_message_says_it_equals_the_mean():
    X, y, group, _ = panel()
    X["group_mean"] = group_mean(y, group)
    finding = reported(X, y, "group_mean")
    assert "equals the mean target" in finding.message


def test_diabetes_cell_rank_is_reported_and_the_data_are_not():
    X, y = load_diabetes(return_X_y=True, as_frame=True)
    assert aggregates(audit(X, y), at_least="info") == []
    cell = pd.qcut(X["bmi"], 8, labels=False) * 10 + pd.qcut(X["bp"], 6, labels=False)
    X["bmi_bp_risk_rank"] = group_mean(y, cell).rank(method="dense")
    reported(X, y, "bmi_bp_risk_rank")


# --------------------------------------------------------------------------------------
# Honest group attributes: near-misses that must not be reported.


def test_the_true_group_effect_is_not_reported():
    # The best honest attribute there is: it knows each group's effect exactly.
    for seed in range(3):
        X, y, group, effect = panel(seed=seed)
        X["group_effect"] = effect[group].round(6)
        assert aggregates(audit(X, y), at_least="info") == []


def test_a_rate_published_from_other_rows_is_not_reported():
    X, y, group, _ = panel(n_groups=100, per_group=10, task="classification")
    other = np.random.default_rng(8).random(len(y)) < 0.5
    prior = y[other].groupby(group[other]).mean()
    X["published_rate"] = pd.Series(group).map(prior).to_numpy()
    X, y = X[~other].reset_index(drop=True), y[~other].reset_index(drop=True)
    assert aggregates(audit(X, y), at_least="info") == []


def balanced_panel(seed=9, n_firms=12, n_years=25):
    """Firms of very different sizes, every firm every year, a common trend."""
    rng = np.random.default_rng(seed)
    firm = np.tile(np.arange(n_firms), n_years)
    year = np.repeat(np.arange(1990, 1990 + n_years), n_firms)
    size = rng.lognormal(3.0, 1.0, n_firms)[firm] * (1 + 0.04 * (year - 1990))
    y = pd.Series(0.3 * size * rng.lognormal(0, 0.1, firm.size), name="investment")
    return firm, year, size, y, rng


def test_time_in_a_balanced_panel_is_not_reported():
    # Every year holds the same firms, so yearly means move far less than the
    # spread across firms says; the firm-dominated feature shows the same.
    firm, year, size, y, rng = balanced_panel()
    X = pd.DataFrame({"year": year, "assets": size * rng.lognormal(0, 0.05, firm.size)})
    assert aggregates(audit(X, y), at_least="info") == []


def test_time_in_a_panel_with_declared_firms_is_not_reported():
    # No feature shares the firms' sizes here: the declared groups do.
    firm, year, _, y, rng = balanced_panel()
    X = pd.DataFrame({"year": year, "weather": rng.normal(size=firm.size)})
    report = audit(X, y, groups=firm)
    assert aggregates(report, at_least="info") == []
    X["year_mean_investment"] = y.groupby(year).transform("mean").to_numpy()
    reported(X, y, "year_mean_investment", groups=firm)


def test_an_average_of_a_decisive_feature_is_not_reported():
    # A region's mean income, when spending follows income closely.
    rng = np.random.default_rng(10)
    region = rng.integers(0, 150, 900)
    income = rng.normal(0, 1, 150)[region] + rng.normal(size=900)
    X = pd.DataFrame({"income": income, "age": rng.normal(size=900)})
    y = pd.Series(2.0 * income + 0.1 * rng.normal(size=900), name="spending")
    X["region_mean_income"] = X["income"].groupby(region).transform("mean")
    assert aggregates(audit(X, y), at_least="info") == []


def test_matched_pairs_are_not_reported():
    # One case and one control per pair: every pair's mean is exactly 1/2.
    rng = np.random.default_rng(11)
    pair = np.repeat(np.arange(300), 2)
    X = pd.DataFrame({"pair_age": np.repeat(rng.integers(30, 80, 300), 2)})
    X["exposure"] = rng.normal(size=600)
    y = pd.Series(np.tile([1, 0], 300))
    X["pair_number"] = pair
    assert aggregates(audit(X, y), at_least="info") == []


def test_group_size_and_ordinal_features_are_not_reported():
    X, y, group, _ = panel(n_groups=200, per_group=1)
    rng = np.random.default_rng(12)
    sizes = rng.integers(1, 9, 200)
    X = X.loc[np.repeat(np.arange(200), sizes)].reset_index(drop=True)
    y = y.loc[np.repeat(np.arange(200), sizes)].reset_index(drop=True)
    y = y + rng.normal(size=len(y))
    X["n_visits"] = np.repeat(sizes, sizes)
    X["rating"] = np.clip(np.round(y + rng.normal(size=len(y))), -3, 3)
    assert aggregates(audit(X, y), at_least="info") == []


# --------------------------------------------------------------------------------------
# The tests' calibration: the best honest column gives p-values no smaller than
# chance says.


def honest_levels(rng, n_levels=40, per_level=5):
    truth = np.sort(rng.normal(0, 0.5, n_levels))
    rows = truth[:, None] + rng.normal(size=(n_levels, per_level))
    se = rows.std(axis=1, ddof=1) / np.sqrt(per_level)
    return truth, rows.mean(axis=1), np.maximum(se, 1e-3)


def test_affine_test_is_calibrated_for_the_true_effects():
    rng = np.random.default_rng(13)
    p_values = [affine_test(*honest_levels(rng))[1] for _ in range(300)]
    assert np.mean(np.array(p_values) < 0.01) < 0.03


def test_order_test_is_conservative_for_the_true_order():
    rng = np.random.default_rng(14)
    p_values = [order_test(*honest_levels(rng)[1:], rng)[1] for _ in range(300)]
    assert np.mean(np.array(p_values) < 0.01) < 0.01


def test_both_tests_see_an_aggregate():
    rng = np.random.default_rng(15)
    _, means, se = honest_levels(rng)
    kept, p_value = affine_test(3 * means + 1, means, se)
    assert kept < 1e-12 and p_value < 1e-30
    kept, p_value = order_test(means[np.argsort(means)], se[np.argsort(means)], rng)
    assert kept == 0 and p_value < 1e-4
