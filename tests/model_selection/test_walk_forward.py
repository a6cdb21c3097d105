"""WalkForward: properties on random panels, the reference, the equivalences."""

import itertools
from functools import partial

import numpy as np
import pandas as pd
import pytest
from _reference import (
    is_int,
    periods_of,
    reference_splits,
    resolved_end_times,
    training_periods,
    walk_forward,
)
from _strategies import (
    as_lists,
    assert_matches,
    assert_permutation_equivariant,
    empty_training_set,
    large_panels,
    run,
    split_kwargs,
    walk_forward_cases,
)
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.model_selection import TimeSeriesSplit

from safesplit import WalkForward, describe_splits

SETTINGS = settings(max_examples=150, deadline=None)


reference_for = partial(reference_splits, walk_forward)


@SETTINGS
@given(walk_forward_cases())
def test_matches_the_reference(case):
    panel, params = case
    assert_matches(reference_for(panel, params), WalkForward(**params), panel)


@settings(max_examples=12, deadline=None)
@given(large_panels(), st.data())
def test_matches_the_reference_beyond_one_chunk(panel, data):
    # Thousands of rows: vectorised work done in chunks meets chunk boundaries.
    kind, with_end_times = panel["kind"], panel["end_times"] is not None
    dated = kind == "datetime"
    params = {
        "n_splits": data.draw(st.integers(2, 6)),
        "test_size": data.draw(
            st.one_of(
                st.none(),
                st.integers(1, 200),
                st.sampled_from(["2D", "5D"]) if dated else st.none(),
            )
        ),
        "train_size": data.draw(st.one_of(st.none(), st.integers(1, 500))),
        "gap": data.draw(
            st.one_of(st.integers(0, 20), st.just("1D") if dated else st.just(0))
        ),
        "horizon": 0 if with_end_times else data.draw(st.integers(0, 30)),
    }
    assert_matches(reference_for(panel, params), WalkForward(**params), panel)


@SETTINGS
@given(walk_forward_cases())
def test_properties(case):
    panel, params = case
    cv = WalkForward(**params)
    try:
        splits = list(cv.split(np.zeros((panel["n"], 1)), **split_kwargs(panel)))
    except ValueError:
        assert isinstance(reference_for(panel, params), ValueError)
        return
    times = panel["times"]
    ends = resolved_end_times(panel, params["horizon"])
    groups = panel["groups"]
    periods = periods_of(times)
    n = panel["n"]
    n_splits = params["n_splits"]
    test_size, train_size, gap = (
        params["test_size"],
        params["train_size"],
        params["gap"],
    )
    assert len(splits) == n_splits
    previous_last = None
    for k, (train, test) in enumerate(splits):
        train, test = set(train.tolist()), set(test.tolist())
        test_times = sorted({times[i] for i in test})
        # Whole periods, one contiguous window, after the previous window.
        assert {i for i in range(n) if times[i] in test_times} == test
        lo = periods.index(test_times[0])
        assert periods[lo : lo + len(test_times)] == test_times
        if previous_last is not None:
            assert test_times[0] > previous_last
        previous_last = test_times[-1]
        first = test_times[0]
        if test_size is None or is_int(test_size):
            size = len(periods) // (n_splits + 1) if test_size is None else test_size
            assert len(test_times) == size
        else:
            upper = periods[-1] - (n_splits - 1 - k) * pd.Timedelta(test_size)
            lower = upper - pd.Timedelta(test_size)
            assert test_times == [p for p in periods if lower < p <= upper]
        # The training window: the past, minus the gap, limited by train_size.
        window = training_periods(periods, first, gap, train_size)
        if is_int(gap) and train:
            assert (
                len([p for p in periods if max(times[i] for i in train) < p < first])
                >= gap
            )
        test_groups = set() if groups is None else {groups[i] for i in test}
        for i in train:
            assert times[i] in window
            assert ends[i] < first  # no training label reaches the test window
            assert groups is None or groups[i] not in test_groups
        for i in set(range(n)) - train - test:
            # Nothing removed without a reason.
            outside = times[i] not in window
            shares = groups is not None and groups[i] in test_groups
            assert outside or ends[i] >= first or shares
    assert previous_last == periods[-1]  # the last window ends the data


@SETTINGS
@given(walk_forward_cases(), st.randoms(use_true_random=False))
def test_shuffling_rows_permutes_the_output(case, random):
    panel, params = case
    cv = WalkForward(**params)
    assert_permutation_equivariant(cv, panel, random)


@settings(max_examples=100, deadline=None)
@given(walk_forward_cases())
def test_describe_splits_counts_purged_and_unused(case):
    # The counts add up and match split: see test_splitter_contracts.py.
    panel, params = case
    cv = WalkForward(**params)
    X = np.zeros((panel["n"], 1))
    kwargs = split_kwargs(panel)
    splits = run(cv, X, **kwargs)
    if isinstance(splits, ValueError):
        return
    table = describe_splits(cv, X, **kwargs)
    assert (table["n_embargoed"] == 0).all()  # no embargo in walk-forward
    times = panel["times"]
    ends = resolved_end_times(panel, params["horizon"])
    for (train, test), (_, row) in zip(splits, table.iterrows()):
        assert row["n_test_blocks"] == 1
        first = min(times[i] for i in test)
        window = training_periods(
            periods_of(times), first, params["gap"], params["train_size"]
        )
        candidates = [i for i in range(panel["n"]) if times[i] in window]
        purged = [i for i in candidates if ends[i] >= first]
        assert row["n_unused"] == panel["n"] - len(test) - len(candidates)
        assert row["n_purged"] + row["n_group_removed"] == (
            len(candidates) - len(train)
        )
        if panel["groups"] is None:
            assert row["n_purged"] == len(purged)
            assert row["n_group_removed"] == 0


# --- equivalences ----------------------------------------------------------------


# Too few periods for the splits, said in one of three ways, naming what to reduce.
TOO_FEW_PERIODS = (
    r"^n_splits=\d+ test windows of \d+ periods leave no training period.*; use fewer"
    r" splits or a smaller test_size"
    r"|^n_splits=\d+ needs at least \d+ distinct times .*Use fewer splits or more data"
    r"|^the training window before test period \d+ is empty: .*; reduce n_splits,"
    r" test_size or gap"
)


@pytest.mark.parametrize("n", [5, 9, 16, 31])
def test_equals_time_series_split_over_a_grid(n):
    X = np.zeros((n, 1))
    offsets = np.cumsum(np.arange(1, n + 1))  # uneven spacing
    time_sets = (
        None,
        offsets,
        pd.Timestamp("2024-01-01") + pd.to_timedelta(offsets, unit="D"),
    )
    checked = 0
    for n_splits, test_size, max_train, gap in itertools.product(
        [2, 3, 4, 6], [None, 1, 2, 5], [None, 1, 3, 8], [0, 1, 3]
    ):
        tss = TimeSeriesSplit(
            n_splits, max_train_size=max_train, test_size=test_size, gap=gap
        )
        cv = WalkForward(n_splits, test_size=test_size, train_size=max_train, gap=gap)
        try:
            want = as_lists(tss.split(X))
        except ValueError:
            want = None
        for times in time_sets:
            if want is None:
                with pytest.raises(ValueError, match=TOO_FEW_PERIODS):
                    list(cv.split(X, times=times))
            else:
                assert as_lists(cv.split(X, times=times)) == want, (
                    n_splits,
                    test_size,
                    max_train,
                    gap,
                )
                checked += 1
    assert checked > 50


@pytest.mark.parametrize("horizon", [0, 1, 2, 4])
@pytest.mark.parametrize("gap", [0, 1, 3])
@pytest.mark.parametrize("train_size", [None, 4])
def test_integer_horizon_one_row_per_time(horizon, gap, train_size):
    # The purge removes the h periods before each test window (none are after it).
    n = 20
    X = np.zeros((n, 1))
    cv = WalkForward(3, test_size=3, train_size=train_size, gap=gap, horizon=horizon)
    want = []
    for _, test in TimeSeriesSplit(3, test_size=3, gap=gap).split(X):
        a = int(test[0])
        lo = 0 if train_size is None else max(a - gap - train_size, 0)
        train = list(range(lo, min(a - gap, a - horizon)))
        want.append((train, test.tolist()))
    if any(not train for train, _ in want):
        with pytest.raises(ValueError, match=empty_training_set("WalkForward")):
            list(cv.split(X))
        return
    assert as_lists(cv.split(X)) == want
    assert as_lists(cv.split(X, times=np.arange(n) * 7.5)) == want


def test_durations_on_daily_panel():
    # Three rows a day for 20 days; 3-day test windows counted back from the last day.
    days = pd.date_range("2024-01-01", periods=20, freq="D")
    times = np.repeat(days, 3)
    X = np.zeros((60, 1))
    cv = WalkForward(2, test_size="3D", gap="2D", train_size="5D")
    splits = list(cv.split(X, times=times))
    # Days numbered 0-19; the windows are (day 13, day 16] and (day 16, day 19].
    (train0, test0), (train1, test1) = splits
    assert test0.tolist() == list(range(14 * 3, 17 * 3))
    assert test1.tolist() == list(range(17 * 3, 20 * 3))
    # Gap 2 days before day 14: days 12 and 13 out; 5 days before: days 7-11.
    assert train0.tolist() == list(range(7 * 3, 12 * 3))
    assert train1.tolist() == list(range(10 * 3, 15 * 3))
    assert as_lists(splits) == walk_forward(
        list(times), n_splits=2, test_size="3D", gap="2D", train_size="5D"
    )


def test_gap_keeps_whole_test_days():
    # Peers' bug: the first rows of a test day dropped when a gap is applied.
    times = np.repeat(np.arange(10), 4)
    X = np.zeros((40, 1))
    for train, test in WalkForward(3, test_size=2, gap=1).split(X, times=times):
        assert len(test) == 8
        assert times[test[0]] - times[train[-1]] == 2


def test_default_first_training_set_is_not_empty():
    # Peers' bug: a walk-forward whose default first training set is empty.
    X = np.zeros((12, 1))
    splits = as_lists(WalkForward().split(X))
    assert splits == as_lists(TimeSeriesSplit().split(X))
    assert splits[0][0] == [0, 1]


def test_horizon_duration_purges_labels_reaching_the_test_window():
    times = pd.date_range("2024-01-01", periods=12, freq="D")
    X = np.zeros((12, 1))
    splits = as_lists(WalkForward(2, test_size=3, horizon="2D").split(X, times=times))
    # Test days 6-8 and 9-11; labels of days 4 and 5 (resp. 7, 8) reach them.
    assert splits == [([0, 1, 2, 3], [6, 7, 8]), ([0, 1, 2, 3, 4, 5, 6], [9, 10, 11])]


def test_empty_duration_window_is_refused():
    times = pd.to_datetime(["2024-01-01", "2024-01-02", "2024-01-03", "2024-01-10"])
    with pytest.raises(
        ValueError, match=r"holds no sample; use a longer test_size or fewer splits"
    ):
        list(WalkForward(2, test_size="2D").split(np.zeros((4, 1)), times=times))


def test_durations_reaching_past_the_representable_times_do_not_wrap():
    X = np.zeros((40, 1))
    old = pd.date_range("1700-01-01", periods=40, freq="D")
    # 1700 - 100,000 days is before 1677: held at the first time, so the gap
    # leaves no training period (it wrapped around to after the data before).
    with pytest.raises(ValueError, match=r"training window before test period 10 is"):
        list(WalkForward(3, gap="100000D").split(X, times=old))
    days = pd.date_range("2024-01-01", periods=40, freq="D")
    with pytest.raises(ValueError, match=r"span more than the data, so test window 0"):
        list(WalkForward(3, test_size="50000D").split(X, times=days))
    # a training window longer than the past: everything before
    got = [
        len(train)
        for train, _ in WalkForward(3, train_size="100000D").split(X, times=old)
    ]
    assert got == [10, 20, 30]
