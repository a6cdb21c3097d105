"""PurgedKFold: properties on random panels, the reference, the equivalences."""

from functools import partial

import numpy as np
import pandas as pd
import pytest
from _reference import (
    embargoed_times,
    periods_of,
    purged_kfold,
    reference_splits,
    resolved_end_times,
)
from _strategies import (
    as_lists,
    assert_matches,
    assert_permutation_equivariant,
    empty_training_set,
    large_panels,
    purged_cases,
    run,
    split_kwargs,
)
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.model_selection import KFold

from safesplit import PurgedKFold, describe_splits

SETTINGS = settings(max_examples=150, deadline=None)


reference_for = partial(reference_splits, purged_kfold)


@SETTINGS
@given(purged_cases())
def test_matches_the_reference(case):
    panel, params = case
    assert_matches(reference_for(panel, params), PurgedKFold(**params), panel)


@settings(max_examples=12, deadline=None)
@given(large_panels(), st.data())
def test_matches_the_reference_beyond_one_chunk(panel, data):
    # Thousands of rows: vectorised work done in chunks meets chunk boundaries.
    kind, with_end_times = panel["kind"], panel["end_times"] is not None
    params = {
        "n_splits": data.draw(st.integers(2, 7)),
        "horizon": 0 if with_end_times else data.draw(st.integers(0, 30)),
        "embargo": data.draw(
            st.one_of(
                st.integers(0, 40),
                st.sampled_from([0.01, 0.05]),
                st.sampled_from(["3h", "2D"]) if kind == "datetime" else st.just(0),
            )
        ),
    }
    assert_matches(reference_for(panel, params), PurgedKFold(**params), panel)


@SETTINGS
@given(purged_cases())
def test_properties(case):
    panel, params = case
    cv = PurgedKFold(**params)
    X = np.zeros((panel["n"], 1))
    try:
        splits = list(cv.split(X, **split_kwargs(panel)))
    except ValueError:
        # Only refused when some split really would have no training sample (or
        # there are fewer periods than folds): the reference agrees.
        assert isinstance(reference_for(panel, params), ValueError)
        return
    times = panel["times"]
    ends = resolved_end_times(panel, params["horizon"])
    groups = panel["groups"]
    periods = periods_of(times)
    n = panel["n"]
    assert len(splits) == params["n_splits"]
    previous_last = None
    fold_periods = []
    for train, test in splits:
        train, test = set(train.tolist()), set(test.tolist())
        test_times = {times[i] for i in test}
        # Periods are atomic: a tested period is wholly tested, never trained on.
        assert {i for i in range(n) if times[i] in test_times} == test
        assert not test_times & {times[i] for i in train}
        # One contiguous block of periods, after the previous fold's.
        block = sorted(test_times)
        lo, hi = periods.index(block[0]), periods.index(block[-1])
        assert periods[lo : hi + 1] == block
        if previous_last is not None:
            assert block[0] > previous_last
        previous_last = block[-1]
        fold_periods.append(len(block))
        span_start = block[0]
        span_end = max(ends[i] for i in test)
        embargoed = embargoed_times(periods, span_end, params["embargo"])
        test_groups = set() if groups is None else {groups[i] for i in test}
        for i in train:
            # No training label interval meets the test span (closed intervals).
            assert ends[i] < span_start or times[i] > span_end
            assert times[i] not in embargoed
            assert groups is None or groups[i] not in test_groups
        for i in set(range(n)) - train - test:
            # Nothing removed without a reason.
            overlaps = times[i] <= span_end and ends[i] >= span_start
            shares = groups is not None and groups[i] in test_groups
            assert overlaps or times[i] in embargoed or shares
    # The test folds partition the data; folds balanced in periods like KFold.
    tests = np.concatenate([test for _, test in splits])
    assert sorted(tests.tolist()) == list(range(n))
    assert sum(fold_periods) == len(periods)
    assert fold_periods == sorted(fold_periods, reverse=True)
    assert fold_periods[0] - fold_periods[-1] <= 1


@SETTINGS
@given(purged_cases(), st.randoms(use_true_random=False))
def test_shuffling_rows_permutes_the_output(case, random):
    panel, params = case
    cv = PurgedKFold(**params)
    assert_permutation_equivariant(cv, panel, random)


@settings(max_examples=100, deadline=None)
@given(purged_cases())
def test_describe_splits_counts_purged_and_embargoed(case):
    # The counts add up and match split: see test_splitter_contracts.py.
    panel, params = case
    cv = PurgedKFold(**params)
    X = np.zeros((panel["n"], 1))
    kwargs = split_kwargs(panel)
    splits = run(cv, X, **kwargs)
    if isinstance(splits, ValueError):
        return
    table = describe_splits(cv, X, **kwargs)
    assert (table["n_unused"] == 0).all()  # K-fold: every sample is a candidate
    times = panel["times"]
    ends = resolved_end_times(panel, params["horizon"])
    periods = periods_of(times)
    for (train, test), (_, row) in zip(splits, table.iterrows()):
        assert row["n_test_blocks"] == 1
        span = (min(times[i] for i in test), max(ends[i] for i in test))
        embargoed = embargoed_times(periods, span[1], params["embargo"])
        others = [i for i in range(panel["n"]) if i not in set(test)]
        purged = [i for i in others if times[i] <= span[1] and ends[i] >= span[0]]
        embargo_only = [
            i for i in others if times[i] in embargoed and i not in set(purged)
        ]
        # A sample both purged and embargoed counts as purged.
        assert row["n_purged"] == len(purged)
        assert row["n_embargoed"] == len(embargo_only)
        assert row["n_group_removed"] == (
            len(others) - len(purged) - len(embargo_only) - len(train)
        )


# --- equivalences ----------------------------------------------------------------


@settings(max_examples=100, deadline=None)
@given(st.integers(2, 60), st.data())
def test_equals_kfold_one_row_per_time(n, data):
    n_splits = data.draw(st.integers(2, min(n, 12)))
    X = np.zeros((n, 2))
    want = as_lists(KFold(n_splits).split(X))
    assert as_lists(PurgedKFold(n_splits).split(X)) == want
    # Any strictly increasing times, any kind, give the same.
    steps = data.draw(st.lists(st.integers(1, 5), min_size=n, max_size=n))
    offsets = np.cumsum(steps)
    for times in (
        offsets,
        offsets / 3.0,
        pd.Timestamp("2024-01-01") + pd.to_timedelta(offsets, unit="h"),
        pd.date_range("2024-03-30", periods=n, freq="h", tz="Europe/Paris"),
    ):
        assert as_lists(PurgedKFold(n_splits).split(X, times=times)) == want
        assert (
            as_lists(PurgedKFold(n_splits).split(X, times=times, end_times=times))
            == want
        )


@pytest.mark.parametrize("n", [7, 10, 23])
@pytest.mark.parametrize("n_splits", [2, 3, 5])
@pytest.mark.parametrize("horizon", [0, 1, 2])
@pytest.mark.parametrize("embargo", [0, 1, 3])
def test_integer_horizon_and_embargo_one_row_per_time(n, n_splits, horizon, embargo):
    # The purge removes h periods before and h after each test block, and the
    # embargo e more after it.
    X = np.zeros((n, 1))
    cv = PurgedKFold(n_splits, horizon=horizon, embargo=embargo)
    times = np.cumsum(np.arange(1, n + 1))  # uneven spacing: periods, not units
    want = []
    for _, kf_test in KFold(n_splits).split(X):
        a, b = kf_test[0], kf_test[-1]
        removed = set(range(a - horizon, b + horizon + embargo + 1))
        want.append(([i for i in range(n) if i not in removed], kf_test.tolist()))
    if any(not train for train, _ in want):
        with pytest.raises(ValueError, match=empty_training_set("PurgedKFold")):
            list(cv.split(X, times=times))
        return
    assert as_lists(cv.split(X, times=times)) == want
    assert as_lists(cv.split(X)) == want


def test_shared_timestamp_zero_length_labels_never_straddle():
    # Peers' bug: rows sharing a timestamp in train and test; zero-length labels
    # not purging rows of the same timestamp.
    times = np.repeat([10, 20, 30, 40, 50], 3)
    X = np.zeros((15, 1))
    for train, test in PurgedKFold(5).split(X, times=times, end_times=times):
        assert not set(times[train]) & set(times[test])
        assert len(test) == 3


def test_leading_edge_overlap_is_purged():
    # Peers' bug: purging from the end time of the first test label instead of
    # its start. A training label ending inside the test fold must go.
    times = np.arange(10)
    ends = times.copy()
    ends[3] = 6  # ends well inside fold 1 ([5, 9]) but before its first end time
    ends[5] = 9  # first test label of fold 1 ends late
    cv = PurgedKFold(2)
    train, test = list(cv.split(np.zeros((10, 1)), times=times, end_times=ends))[1]
    assert test.tolist() == [5, 6, 7, 8, 9]
    assert train.tolist() == [0, 1, 2, 4]


def test_embargo_kinds_on_daily_data():
    days = pd.date_range("2024-01-01", periods=20, freq="D")
    X = np.zeros((20, 1))
    # Fold 0 tests days 0-4, label end E = day 4; an embargo of 3 removes days 5-7.
    for embargo in (3, 0.15, "3D", pd.Timedelta(days=3)):
        train = next(PurgedKFold(4, embargo=embargo).split(X, times=days))[0]
        assert train.tolist() == list(range(8, 20)), embargo
    # A fraction is rounded down: 0.19 * 20 periods = 3.8 -> 3 periods.
    train = next(PurgedKFold(4, embargo=0.19).split(X, times=days))[0]
    assert train.tolist() == list(range(8, 20))


def test_groups_remove_tested_entities():
    times = np.repeat(np.arange(6), 2)
    groups = np.array(list("abacbddeefaf"))
    X = np.zeros((12, 1))
    splits = as_lists(PurgedKFold(3).split(X, groups=groups, times=times))
    assert splits == [
        ([5, 6, 7, 8, 9, 11], [0, 1, 2, 3]),  # a, b, c tested
        ([0, 2, 3, 9, 10, 11], [4, 5, 6, 7]),  # b, d, e tested
        ([1, 3, 4, 5, 6], [8, 9, 10, 11]),  # e, f, a tested
    ]
