"""The ``temporal`` check."""

import numpy as np
import pandas as pd
from _audit_data import honest_data, kinds
from sklearn.model_selection import KFold, StratifiedKFold, TimeSeriesSplit

from safesplit import PurgedKFold, WalkForward, audit
from safesplit._datasets import make_market_data


def overlapping_labels(n=600, horizon=10, seed=0):
    """A random walk, labels over the next ``horizon`` days: overlapping labels."""
    rng = np.random.default_rng(seed)
    days = pd.date_range("2020-01-01", periods=n + horizon, freq="D")
    walk = np.cumsum(rng.normal(size=n + horizon))
    X = pd.DataFrame({"level": walk[:n], "noise": rng.normal(size=n)})
    y = pd.Series((walk[horizon:] > walk[:n]).astype(int))
    times = pd.Series(days[:n])
    end_times = times + pd.Timedelta(days=horizon)
    return X, y, times, end_times


def test_user_cv_training_on_overlapping_labels():
    X, y, times, end_times = overlapping_labels()
    report = audit(
        X,
        y,
        cv=KFold(5, shuffle=True, random_state=0),
        times=times,
        end_times=end_times,
    )
    overlap = [f for f in kinds(report, "temporal") if f.folds]
    assert len(overlap) == 1
    assert overlap[0].severity == "high" and overlap[0].code == "L3.1"
    assert overlap[0].folds == [0, 1, 2, 3, 4]
    assert min(overlap[0].evidence["fraction_of_train_rows_overlapping_test"]) > 0.5


def test_overlap_is_counted_exactly():
    # Ten days, labels two days ahead, two contiguous folds: the two training days
    # next to the test block have labels reaching into it.
    rng = np.random.default_rng(0)
    X = pd.DataFrame({"a": rng.normal(size=10), "b": rng.normal(size=10)})
    y = np.array([0, 1] * 5)
    times = pd.Series(pd.date_range("2024-01-01", periods=10, freq="D"))
    end_times = times + pd.Timedelta("2D")
    report = audit(X, y, cv=KFold(2), times=times, end_times=end_times)
    (finding,) = [f for f in kinds(report, "temporal") if f.folds]
    assert finding.evidence["fraction_of_train_rows_overlapping_test"] == [0.4, 0.4]
    assert finding.evidence["fraction_of_train_rows_after_test_start"] == [1.0, 0.0]
    assert finding.severity == "high" and finding.folds == [0, 1]


def test_purged_cv_has_no_overlap_finding():
    X, y, times, end_times = overlapping_labels()
    for cv in (PurgedKFold(5, embargo=5), WalkForward(4)):
        report = audit(X, y, cv=cv, times=times, end_times=end_times)
        # No label overlap; at most the remark that shuffling would inflate.
        assert [f for f in kinds(report, "temporal", "info") if f.folds] == []
        assert report.at_least("high") == []


def test_shuffled_folds_scoring_far_above_time_ordered_folds():
    X, y, end_times = make_market_data(n_days=1200)
    report = audit(X, y, cv=KFold(5, shuffle=True, random_state=0))
    (finding,) = kinds(report, "temporal")
    assert finding.severity == "high" and finding.code == "L3.1"
    evidence = finding.evidence
    assert evidence["auc_shuffled"] - evidence["auc_time_ordered"] > 0.1
    assert min(evidence["fraction_of_train_rows_after_test_start"]) > 0.5
    assert "PurgedKFold" in finding.message


def test_date_column_of_independent_rows_is_not_flagged():
    # skore's false alarm: a shuffled split of independent rows with a date column.
    X, y = honest_data(n=1500)
    rng = np.random.default_rng(3)
    X["signup_date"] = pd.Timestamp("2023-01-01") + pd.to_timedelta(
        np.sort(rng.integers(0, 365, 1500)), unit="D"
    )
    report = audit(X, y, cv=StratifiedKFold(5, shuffle=True, random_state=0))
    assert kinds(report, "temporal", at_least="info") == []


def test_splitter_time_column_supplies_the_times():
    X, y, times, end_times = overlapping_labels()
    X["day"] = times
    report = audit(X, y, cv=PurgedKFold(4, time_column="day"), end_times=end_times)
    assert report.summary["times"] == "column 'day'"
    assert report.summary["n_features"] == 2  # the time column is not a feature
    assert [f for f in report.findings if f.folds] == []


def test_time_known_default_cv_is_time_ordered():
    X, y, end_times = make_market_data(n_days=800)
    report = audit(X, y, end_times=end_times)
    assert report.summary["cv"].startswith("PurgedKFold")
    assert report.summary["times"] == "X.index"
    assert report.at_least("high") == []


def test_label_that_only_touches_the_test_span_is_low():
    # One row a day, each label known the next day: under TimeSeriesSplit the last
    # training label ends exactly where the test block begins.
    rng = np.random.default_rng(1)
    n = 400
    walk = np.cumsum(rng.normal(size=n + 1))
    X = pd.DataFrame(
        {"change": np.r_[0.0, np.diff(walk[:n])], "noise": rng.normal(size=n)}
    )
    y = pd.Series(walk[1:] - walk[:n])
    times = pd.Series(pd.date_range("2021-01-01", periods=n, freq="D"))
    report = audit(
        X, y, cv=TimeSeriesSplit(5), times=times, end_times=times + pd.Timedelta("1D")
    )
    (finding,) = [f for f in kinds(report, "temporal", "info") if f.folds]
    assert finding.severity == "low" and finding.code == "L3.1"
    evidence = finding.evidence
    assert (
        evidence["fraction_of_train_rows_only_touching_test"]
        == evidence["fraction_of_train_rows_overlapping_test"]
    )
    assert all(f > 0 for f in evidence["fraction_of_train_rows_only_touching_test"])
    assert "known at the moment the test rows are predicted" in finding.message
    # A label one day longer does overlap the test block: no longer low.
    report = audit(
        X, y, cv=TimeSeriesSplit(5), times=times, end_times=times + pd.Timedelta("2D")
    )
    (finding,) = [f for f in kinds(report, "temporal") if f.folds]
    assert finding.severity in ("medium", "high")


def balanced_panel(n_entities=12, n_periods=25, seed=0):
    """Every entity in every year, a strong entity effect."""
    rng = np.random.default_rng(seed)
    entity = np.tile(np.arange(n_entities), n_periods)
    year = np.repeat(np.arange(2000, 2000 + n_periods), n_entities)
    effect = rng.normal(0, 2, n_entities)[entity]
    X = pd.DataFrame({"size": effect + rng.normal(size=entity.size)})
    X["noise"] = rng.normal(size=entity.size)
    y = pd.Series(effect + 0.5 * X["noise"] + rng.normal(size=entity.size))
    return X, y, entity, pd.Series(year)


def test_default_cv_keeps_entities_that_recur_through_time():
    X, y, entity, year = balanced_panel()
    report = audit(X, y, groups=entity, times=year)
    assert report.summary["cv"].startswith("PurgedKFold")
    assert "keeping groups on both sides" in report.summary["cv"]
    (group,) = kinds(report, "group", "info")
    assert group.severity == "low" and "GroupKFold" in group.message
    assert report.at_least("medium") == []


def test_default_cv_removes_entities_confined_in_time():
    # Near miss: each entity lives for three consecutive years, so removing the
    # tested entities from training costs little and the default does it.
    rng = np.random.default_rng(2)
    n_entities = 120
    first = rng.integers(2000, 2022, n_entities)
    entity = np.repeat(np.arange(n_entities), 3)
    year = first[entity] + np.tile(np.arange(3), n_entities)
    effect = rng.normal(0, 2, n_entities)[entity]
    X = pd.DataFrame({"size": effect + rng.normal(size=entity.size)})
    y = pd.Series(effect + rng.normal(size=entity.size))
    report = audit(X, y, groups=entity, times=pd.Series(year))
    assert report.summary["cv"].endswith("with groups removed from training")
    assert kinds(report, "group", "info") == []
