"""GroupTimeSeriesSplit (time buckets) and entity groups in every splitter."""

import re

import numpy as np
import pandas as pd
import pytest
import sklearn
from _reference_combinatorial import group_time_series
from _strategies import as_lists, bucket_cases, run
from _strategies import bucket_split_kwargs as split_kwargs
from hypothesis import given, settings
from sklearn.linear_model import Ridge
from sklearn.model_selection import (
    GridSearchCV,
    TimeSeriesSplit,
    cross_val_score,
    cross_validate,
)

from safesplit import (
    CombinatorialPurgedCV,
    GroupTimeSeriesSplit,
    PurgedKFold,
    WalkForward,
    describe_splits,
)

SETTINGS = settings(max_examples=150, deadline=None)


@SETTINGS
@given(bucket_cases())
def test_matches_the_reference_and_buckets_never_straddle(case_params):
    case, params = case_params
    try:
        want = group_time_series(
            case["groups"], case["times"], case["end_times"], **params
        )
    except ValueError as exc:
        want = exc
    cv = GroupTimeSeriesSplit(**params)
    got = run(cv, np.zeros((case["n"], 1)), **split_kwargs(case))
    if isinstance(want, ValueError):
        assert isinstance(got, ValueError)
        return
    assert got == want
    assert len(got) == params["n_splits"]
    groups = np.asarray(case["groups"], dtype=object)
    for train, test in got:
        tested = set(groups[test])
        assert not tested & set(groups[train])
        # A test bucket is never cut.
        assert set(test) == {i for i in range(case["n"]) if groups[i] in tested}
        assert len(tested) == params["test_size"]


@pytest.mark.parametrize(
    "n_splits, test_size, train_size, gap",
    [(3, 1, None, 0), (2, 2, 3, 1), (4, 1, 2, 2), (5, 1, None, 0)],
)
def test_one_row_per_bucket_is_time_series_split(n_splits, test_size, train_size, gap):
    n = 12
    want = TimeSeriesSplit(
        n_splits, test_size=test_size, max_train_size=train_size, gap=gap
    ).split(np.zeros(n))
    got = GroupTimeSeriesSplit(
        n_splits, test_size=test_size, train_size=train_size, gap=gap
    ).split(np.zeros((n, 1)), groups=np.arange(n))
    assert as_lists(got) == as_lists(want)


def test_several_rows_per_bucket_map_time_series_split_back():
    rng = np.random.default_rng(1)
    buckets = np.repeat(pd.date_range("2024-01-01", periods=9, freq="W").to_numpy(), 4)
    shuffled = buckets[rng.permutation(buckets.shape[0])]
    weeks = np.sort(np.unique(shuffled))
    cv = GroupTimeSeriesSplit(3, test_size=2, gap=1)
    want = TimeSeriesSplit(3, test_size=2, gap=1).split(weeks)
    for (train, test), (train_w, test_w) in zip(
        cv.split(np.zeros((36, 1)), groups=shuffled), want
    ):
        assert set(shuffled[train]) == set(weeks[train_w])
        assert set(shuffled[test]) == set(weeks[test_w])
        assert len(test) == 4 * len(test_w)


def test_times_order_the_buckets_not_the_labels():
    # Labels sort the other way round from time.
    groups = np.array(["c", "c", "b", "b", "a", "a"])
    times = pd.to_datetime(
        [
            "2024-01-01",
            "2024-01-02",
            "2024-01-08",
            "2024-01-09",
            "2024-01-15",
            "2024-01-16",
        ]
    )
    cv = GroupTimeSeriesSplit(2)
    by_time = as_lists(cv.split(np.zeros((6, 1)), groups=groups, times=times))
    assert by_time == [([0, 1], [2, 3]), ([0, 1, 2, 3], [4, 5])]
    by_label = as_lists(cv.split(np.zeros((6, 1)), groups=groups))
    assert by_label == [([4, 5], [2, 3]), ([2, 3, 4, 5], [0, 1])]
    # A DatetimeIndex on X supplies the times too.
    X = pd.DataFrame({"x": range(6)}, index=times)
    assert as_lists(cv.split(X, groups=groups)) == by_time
    table = describe_splits(cv, X, groups=groups)
    assert table["test_start"].tolist() == [times[2], times[4]]
    assert (table["n_group_removed"] == 0).all()


def test_end_times_purge_labels_reaching_the_test_bucket():
    groups = np.repeat([1, 2, 3, 4], 2)
    times = pd.to_datetime(
        ["2024-01-01", "2024-01-02", "2024-01-08", "2024-01-09"]
        + ["2024-01-15", "2024-01-16", "2024-01-22", "2024-01-23"]
    )
    end_times = times + pd.to_timedelta([0, 0, 0, 7, 0, 0, 0, 0], unit="D")
    cv = GroupTimeSeriesSplit(2)
    got = as_lists(
        cv.split(np.zeros((8, 1)), groups=groups, times=times, end_times=end_times)
    )
    # Row 3's label ends on Jan 16, in bucket 3: purged when bucket 3 is tested.
    assert got == [([0, 1, 2], [4, 5]), ([0, 1, 2, 3, 4, 5], [6, 7])]
    table = describe_splits(
        cv, np.zeros((8, 1)), groups=groups, times=times, end_times=end_times
    )
    assert table["n_purged"].tolist() == [1, 0]


# --------------------------------------------------------------------------------------
# Bad input


def test_no_groups():
    with pytest.raises(ValueError, match="GroupTimeSeriesSplit needs groups"):
        next(GroupTimeSeriesSplit(2).split(np.zeros((10, 1))))


def test_fewer_groups_than_needed():
    with pytest.raises(
        ValueError, match=r"needs at least 8 groups .*the data have 7 groups"
    ):
        next(
            GroupTimeSeriesSplit(3, test_size=2, gap=1).split(
                np.zeros((14, 1)), groups=np.arange(14) // 2
            )
        )


@pytest.mark.parametrize(
    "params, error, message",
    [
        ({"n_splits": 1}, ValueError, "n_splits must be at least 2"),
        ({"n_splits": 2.0}, TypeError, "n_splits must be an int"),
        (
            {"test_size": 0},
            ValueError,
            "test_size counts time buckets (groups) and must be at least 1",
        ),
        (
            {"test_size": "7D"},
            TypeError,
            "test_size counts time buckets (groups) and must be an int",
        ),
        (
            {"train_size": 0},
            ValueError,
            "train_size counts time buckets (groups) and must be at least 1",
        ),
        (
            {"train_size": 1.5},
            TypeError,
            "train_size counts time buckets (groups) and must be an int",
        ),
        (
            {"gap": -1},
            ValueError,
            "gap counts time buckets (groups) and must be at least 0",
        ),
        (
            {"gap": True},
            TypeError,
            "gap counts time buckets (groups) and must be an int",
        ),
    ],
)
def test_bad_params_are_named(params, error, message):
    with pytest.raises(error, match="^" + re.escape(message)):
        GroupTimeSeriesSplit(**params)  # at construction, like KFold
    cv = GroupTimeSeriesSplit()
    for key, value in params.items():
        setattr(cv, key, value)
    # ... and at every call after a change.
    with pytest.raises(error, match="^" + re.escape(message)):
        next(cv.split(np.zeros((20, 1)), groups=np.arange(20)))


def test_interleaving_groups_are_not_time_buckets():
    times = pd.date_range("2024-01-01", periods=8, freq="D")
    entities = np.array([0, 1, 0, 1, 0, 1, 0, 1])
    with pytest.raises(ValueError, match="groups are not time buckets"):
        next(
            GroupTimeSeriesSplit(2).split(
                np.zeros((8, 1)), groups=entities, times=times
            )
        )
    # Two buckets sharing a time are refused too: that time would be cut.
    shared = np.array([0, 0, 1, 1, 2, 2, 3, 3])
    same_time = times[[0, 1, 1, 2, 3, 4, 5, 6]]
    with pytest.raises(ValueError, match=r"^groups are not time buckets: .* overlap"):
        next(
            GroupTimeSeriesSplit(2).split(
                np.zeros((8, 1)), groups=shared, times=same_time
            )
        )


def test_unsortable_and_missing_labels():
    mixed = np.array([1, "a", 2, "b", 3, "c"], dtype=object)
    with pytest.raises(TypeError, match="groups cannot be sorted"):
        next(GroupTimeSeriesSplit(2).split(np.zeros((6, 1)), groups=mixed))
    missing = np.array([1.0, np.nan, 2.0, 3.0, 4.0, 5.0])
    with pytest.raises(ValueError, match="groups contain 1 missing"):
        next(GroupTimeSeriesSplit(2).split(np.zeros((6, 1)), groups=missing))
    with pytest.raises(
        ValueError,
        match="groups has 5 entries but X has 6 samples; pass one time bucket per",
    ):
        next(GroupTimeSeriesSplit(2).split(np.zeros((6, 1)), groups=np.arange(5)))


# --------------------------------------------------------------------------------------
# Entity groups in the other splitters: never straddle, counted by describe_splits


def _panel(seed=0):
    rng = np.random.default_rng(seed)
    days = np.repeat(pd.date_range("2024-01-01", periods=40, freq="D"), 3)
    order = rng.permutation(days.shape[0])
    times = days[order]
    # 30 customers, each active on a stretch of days
    start = rng.integers(0, 36, size=30)
    entity = np.empty(days.shape[0], dtype=int)
    for row, day in enumerate((times - days[0]).days):
        candidates = np.flatnonzero((start <= day) & (day < start + 5))
        entity[row] = candidates[row % candidates.size] if candidates.size else 99
    return times, entity


@pytest.mark.parametrize(
    "cv",
    [
        PurgedKFold(4, horizon="2D", embargo=1),
        WalkForward(3, test_size=5, horizon="1D"),
        CombinatorialPurgedCV(5, 2, horizon="2D", embargo="1D"),
    ],
    ids=["PurgedKFold", "WalkForward", "CombinatorialPurgedCV"],
)
def test_entity_groups_never_straddle_and_are_counted(cv):
    times, entity = _panel()
    X = np.zeros((times.shape[0], 1))
    plain = list(cv.split(X, times=times))
    grouped = list(cv.split(X, times=times, groups=entity))
    table = describe_splits(cv, X, times=times, groups=entity)
    assert table["n_group_removed"].sum() > 0
    for (train0, test0), (train, test), removed in zip(
        plain, grouped, table["n_group_removed"]
    ):
        np.testing.assert_array_equal(test0, test)
        assert not set(entity[train]) & set(entity[test])
        # Exactly the training samples of a tested entity were removed.
        want = [i for i in train0 if entity[i] not in set(entity[test])]
        np.testing.assert_array_equal(train, want)
        assert removed == len(train0) - len(train)


# --------------------------------------------------------------------------------------
# scikit-learn integration


def _weekly(n_weeks=14, rows=5, seed=0):
    rng = np.random.default_rng(seed)
    week = np.repeat(np.arange(n_weeks), rows)
    times = pd.Timestamp("2024-01-01") + pd.to_timedelta(
        7 * week + rng.integers(0, 5, size=week.shape[0]), unit="D"
    )
    X = rng.normal(size=(week.shape[0], 3))
    y = X @ [1.0, 0.5, -1.0] + rng.normal(scale=0.2, size=week.shape[0])
    return X, y, week, times


def test_routed_times_and_sorted_labels_give_the_same_scores():
    # Scores match split's with and without routing: see test_splitter_contracts.py.
    X, y, week, times = _weekly()
    cv = GroupTimeSeriesSplit(4, test_size=2, gap=1)
    off = cross_validate(Ridge(), X, y, cv=cv, groups=week)["test_score"]
    with sklearn.config_context(enable_metadata_routing=True):
        on = cross_validate(
            Ridge(), X, y, cv=cv, params={"groups": week, "times": times}
        )["test_score"]
    assert off.shape == (4,)
    np.testing.assert_allclose(on, off)


def test_nested_cv():
    X, y, week, times = _weekly(n_weeks=20)
    inner = GroupTimeSeriesSplit(3, gap=1)
    outer = GroupTimeSeriesSplit(3, test_size=3)
    search = GridSearchCV(Ridge(), {"alpha": [0.1, 10.0]}, cv=inner)
    off = cross_val_score(search, X, y, cv=outer, groups=week, params={"groups": week})
    with sklearn.config_context(enable_metadata_routing=True):
        search = GridSearchCV(Ridge(), {"alpha": [0.1, 10.0]}, cv=inner)
        on = cross_val_score(
            search, X, y, cv=outer, params={"groups": week, "times": times}
        )
    assert off.shape == (3,)
    np.testing.assert_allclose(on, off)
