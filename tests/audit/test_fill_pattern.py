"""The one-sided fill pattern of ``target_proxy``: filled in only for one outcome."""

import numpy as np
import pandas as pd
from _audit_data import N, honest_data, kinds

from safesplit import audit


def _cancellation_data(n, seed=11):
    X, y = honest_data(n=n)
    rng = np.random.default_rng(seed)
    filled = (y == 1) & (rng.random(n) < 0.7)
    X["days_since_cancellation"] = np.where(filled, rng.gamma(2.0, 10.0, n), np.nan)
    return X, y


def test_value_missing_unless_the_outcome_happened_is_high():
    X, y = _cancellation_data(6000)
    (finding,) = kinds(audit(X, y), "target_proxy")
    assert (finding.severity, finding.code) == ("high", "L2")
    assert finding.columns == ["days_since_cancellation"]
    evidence = finding.evidence
    assert evidence["filled_means"] == "not missing"
    assert evidence["filled_outcome"] == "target = 1"
    assert abs(evidence["share_of_outcome_filled"] - 0.7) < 0.1
    assert evidence["share_of_other_rows_filled"] == 0
    assert evidence["fill_likelihood_ratio_lower_bound"] >= 150
    assert "recorded only after the outcome" in finding.message


def test_fewer_rows_bound_the_likelihood_ratio_lower():
    # The same pattern on 800 rows: never filled among ~400 others proves a
    # ratio of about 60 at 2 standard errors, not 150.
    X, y = _cancellation_data(N)
    (finding,) = kinds(audit(X, y), "target_proxy")
    assert finding.columns == ["days_since_cancellation"]
    assert finding.severity in ("medium", "high")
    assert 20 <= finding.evidence["fill_likelihood_ratio_lower_bound"] < 150


def test_flag_set_only_for_one_outcome_counts_zero_as_empty():
    X, y = honest_data()
    rng = np.random.default_rng(12)
    X["escalated"] = ((y == 1) & (rng.random(N) < 0.45)).astype(int)
    (finding,) = kinds(audit(X, y), "target_proxy")
    assert finding.columns == ["escalated"]
    assert finding.severity in ("medium", "high")
    assert finding.evidence["filled_means"] == "not missing or 0"


def test_filled_only_below_a_level_of_a_numeric_target_on_real_data():
    from sklearn.datasets import load_diabetes

    data = load_diabetes(as_frame=True)
    X, y = data.data.copy(), data.target
    rng = np.random.default_rng(13)
    # A treatment started for 80% of the patients who progressed most, and no other.
    worst = (y > y.quantile(0.75)).to_numpy()
    X["treatment_started"] = np.where(worst & (rng.random(len(y)) < 0.8), 1.0, np.nan)
    finding = next(
        f
        for f in kinds(audit(X, y), "target_proxy")
        if f.columns == ["treatment_started"]
    )
    assert finding.severity in ("medium", "high")
    assert finding.evidence["filled_outcome"].startswith("target > ")


def test_honest_informative_missingness_is_not_a_proxy():
    # 'No previous loan': missing more often for defaulters, but far from only.
    X, y = honest_data(n=3000)
    rng = np.random.default_rng(14)
    missing = rng.random(3000) < np.where(y == 1, 0.45, 0.2)
    X["previous_loan_amount"] = np.where(missing, np.nan, rng.gamma(2.0, 500.0, 3000))
    assert kinds(audit(X, y), "target_proxy") == []


def test_rare_pure_flag_covering_few_rows_is_not_a_proxy():
    # A bankruptcy flag: only defaulters have it, but few of them (8%).
    X, y = honest_data(n=3000)
    rng = np.random.default_rng(15)
    X["bankruptcy_on_file"] = ((y == 1) & (rng.random(3000) < 0.08)).astype(int)
    assert kinds(audit(X, y), "target_proxy", "medium") == []


def test_ordinal_scale_with_a_pure_extreme_is_not_a_fill_pattern():
    # The extreme of a scale (a strong party identification) is empty-looking
    # (the most common value, 0) and pure, but it is not a filled state.
    X, y = honest_data(n=3000)
    rng = np.random.default_rng(16)
    scale = np.clip(np.round(3 + 2 * (y - 0.5) * 2 + rng.normal(0, 1.5, 3000)), 0, 6)
    scale[(y == 0) & (rng.random(3000) < 0.4)] = 0
    X["party_scale"] = scale
    for finding in kinds(audit(X, y), "target_proxy"):
        assert "filled_means" not in finding.evidence


def test_fill_patterns_are_bounded_by_their_counts():
    from safesplit.audit.checks._fill_pattern import _wilson

    lower, upper = _wilson(0.5, 40, -3.0), _wilson(0.5, 40, 3.0)
    assert 0.2 < lower < 0.5 < upper < 0.8
    assert _wilson(0.0, 1000, 3.0) > 0  # never seen is not impossible
    assert pd.isna(np.nan) and _wilson(1.0, 10, -3.0) < 1.0
