"""Look-ahead columns, part of the ``temporal`` check: a feature that labels not
known at its row's time explain (centred and forward windows, two-sided filters)."""

import numpy as np
import pandas as pd
import pytest
from _audit_data import kinds
from sklearn.model_selection import TimeSeriesSplit

from safesplit import audit


def ar_series(n=600, seed=0):
    """A persistent, cyclical series (AR(2)), like yearly sunspot activity."""
    rng = np.random.default_rng(seed)
    values = np.zeros(n + 50)
    for t in range(2, n + 50):
        values[t] = 1.3 * values[t - 1] - 0.6 * values[t - 2] + rng.normal()
    return pd.Series(values[50:])


def lags(series):
    return pd.DataFrame({f"lag{k}": series.shift(k) for k in (1, 2, 3)})


def lookahead_findings(report):
    return [f for f in kinds(report, "temporal", "info") if f.columns and not f.folds]


def audited(X, y, **kwargs):
    keep = (X.notna().all(axis=1) & y.notna()).to_numpy()
    days = pd.Series(pd.date_range("2000-01-01", periods=len(y), freq="MS"))
    times = days[keep].reset_index(drop=True)
    if kwargs.pop("label_ends_next_period", False):
        kwargs["end_times"] = times + pd.DateOffset(months=1)
    X, y = X[keep].reset_index(drop=True), y[keep].reset_index(drop=True)
    return audit(X, y, times=times, **kwargs)


@pytest.mark.parametrize(
    "window",
    [
        lambda s: s.rolling(5, center=True).mean(),  # centred moving average
        lambda s: s.rolling(6).mean().shift(-5),  # misaligned forward window
        lambda s: s.shift(-1),  # next period's value
        lambda s: s[::-1].ewm(alpha=0.3).mean()[::-1],  # smoothing run backwards
    ],
)
def test_window_over_later_outcomes_is_flagged(window):
    y = ar_series()
    X = lags(y)
    X["smoothed"] = window(y)
    (finding,) = lookahead_findings(audited(X, y))
    assert finding.columns == ["smoothed"] and finding.code == "L3.1"
    assert finding.severity in ("medium", "high")
    assert finding.evidence["smoothed"]["lookahead_share"] >= 0.75
    assert "trailing windows" in finding.message


def test_two_sided_filter_of_a_level_whose_changes_are_the_labels():
    # Next period's change of a level, with that level's deviation from a
    # centred moving average (the two-sided trend filters behave alike).
    level = ar_series(seed=1).cumsum() / 5 + ar_series(seed=2)
    y = (level.shift(-1) - level).rename("change_next")
    X = pd.DataFrame({"change": level.diff(), "change_prev": level.diff().shift(1)})
    X["gap_to_trend"] = level - level.rolling(9, center=True).mean()
    (finding,) = lookahead_findings(audited(X, y, label_ends_next_period=True))
    assert finding.columns == ["gap_to_trend"]
    # The gap to a trailing trend is known at the row's time.
    X["gap_to_trend"] = level - level.rolling(9).mean()
    assert lookahead_findings(audited(X, y, label_ends_next_period=True)) == []


def test_column_that_holds_its_own_future_label():
    # The label is known a period after the row; a column equal to the level at
    # that time holds the label (level + label) without being a proxy alone.
    level = ar_series(seed=3).cumsum()
    y = (level.shift(-1) - level).rename("change_next")
    X = pd.DataFrame({"level": level, "change": level.diff()})
    X["level_next"] = level.shift(-1)
    (finding,) = lookahead_findings(audited(X, y, label_ends_next_period=True))
    assert finding.columns == ["level_next"]
    assert finding.evidence["level_next"]["own_label_share"] >= 0.99


def test_honest_time_series_features_are_not_flagged():
    # Lags, trailing windows, a trailing EWM, calendar terms, a trend and a noisy
    # leading indicator: all known at the row's time.
    rng = np.random.default_rng(4)
    y = ar_series(seed=4)
    X = lags(y)
    X["trailing_mean_6"] = y.rolling(6).mean().shift(1)
    X["trailing_ewm"] = y.ewm(alpha=0.3).mean().shift(1)
    X["trailing_max_6"] = y.rolling(6).max().shift(1)
    month = np.arange(len(y)) % 12
    X["season_sin"] = np.sin(2 * np.pi * month / 12)
    X["season_cos"] = np.cos(2 * np.pi * month / 12)
    X["trend"] = np.arange(len(y)) / 12.0
    X["leading_indicator"] = y.shift(-1) + rng.normal(0, 1.5 * y.std(), len(y))
    X["contemporaneous"] = y + rng.normal(0, y.std(), len(y))
    for cv in (None, TimeSeriesSplit(5)):
        assert lookahead_findings(audited(X, y, cv=cv)) == []


def test_forward_window_within_the_entities_of_a_panel():
    rng = np.random.default_rng(5)
    frames = []
    for entity in range(12):
        y = ar_series(n=60, seed=10 + entity) + rng.normal(0, 3)
        frame = lags(y).assign(entity=entity, period=np.arange(60), y=y)
        frame["next_quarter_mean"] = y.rolling(3).mean().shift(-2)
        frames.append(frame)
    panel = pd.concat(frames).dropna().sort_values(["period", "entity"])
    X = panel[["lag1", "lag2", "lag3", "next_quarter_mean"]].reset_index(drop=True)
    times = pd.Series(
        pd.Timestamp("2000-01-01") + pd.to_timedelta(panel["period"] * 7, "D")
    )
    report = audit(
        X,
        panel["y"].reset_index(drop=True),
        groups=panel["entity"].to_numpy(),
        times=times.reset_index(drop=True),
    )
    (finding,) = lookahead_findings(report)
    assert finding.columns == ["next_quarter_mean"]
    # The same panel with honest lags only.
    report = audit(
        X.drop(columns="next_quarter_mean"),
        panel["y"].reset_index(drop=True),
        groups=panel["entity"].to_numpy(),
        times=times.reset_index(drop=True),
    )
    assert lookahead_findings(report) == []


def test_rows_sharing_periods_without_groups_are_not_screened():
    # Without entities, "the previous row" of a panel is undefined: the check
    # stays silent rather than guess (a documented limit).
    y = pd.concat([ar_series(n=200, seed=6), ar_series(n=200, seed=7)])
    X = lags(y.reset_index(drop=True))
    X["smoothed"] = y.reset_index(drop=True).rolling(5, center=True).mean()
    y = y.reset_index(drop=True)
    keep = X.notna().all(axis=1).to_numpy()
    periods = np.r_[np.arange(200), np.arange(200)]
    times = pd.Series(pd.Timestamp("2000-01-01") + pd.to_timedelta(periods, "D"))
    report = audit(
        X[keep].reset_index(drop=True),
        y[keep].reset_index(drop=True),
        times=times[keep].reset_index(drop=True),
    )
    assert lookahead_findings(report) == []


def test_shuffling_inflation_under_a_time_ordered_validation_is_low():
    # A trending series validated in time order: nothing leaks, the gap only
    # warns never to shuffle these rows.
    y = ar_series(seed=8) + np.arange(600) / 20
    X = pd.DataFrame({"trend": np.arange(600) / 12.0, "lag1": y.shift(1)})
    report = audited(X, y)
    assert report.at_least("medium") == []
    (finding,) = kinds(report, "temporal", "info")
    assert finding.severity == "low" and finding.evidence["skill_gap"] > 0.1
