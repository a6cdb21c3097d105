"""Unusual input to the time model: a right answer or an error that names the
parameter, never a silent wrong result. Each case failed before its fix."""

import math
from fractions import Fraction

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from safesplit import (
    PurgedKFold,
    WalkForward,
    audit,
    describe_splits,
    purged_train_test_split,
)
from safesplit.model_selection._time_params import fraction_of_periods

N = 40
X = np.zeros((N, 1))


def splits(cv, *args, **kwargs):
    return [
        (train.tolist(), test.tolist()) for train, test in cv.split(*args, **kwargs)
    ]


def test_unsigned_times_beyond_int64_are_refused_not_wrapped():
    times = np.arange(N, dtype=np.uint64) + np.uint64(2**63)
    with pytest.raises(
        ValueError, match=r"^times holds unsigned integers above 2\*\*63"
    ):
        next(PurgedKFold(2).split(X, times=times))


def test_unsigned_times_within_int64_split_like_signed_ones():
    times = np.arange(N)[::-1]
    assert splits(PurgedKFold(4), X, times=times.astype(np.uint64)) == splits(
        PurgedKFold(4), X, times=times
    )


def test_complex_times_are_refused():
    with pytest.raises(TypeError, match=r"^times holds complex numbers, which have no"):
        next(PurgedKFold(2).split(X, times=np.arange(N) + 1j))


def test_groups_series_with_another_index_is_refused():
    frame = pd.DataFrame(X)
    groups = pd.Series(np.arange(N) % 5, index=np.arange(N)[::-1])
    message = r"^groups is a Series whose index does not match X's index; align it"
    with pytest.raises(ValueError, match=message):
        next(PurgedKFold(2).split(frame, groups=groups))
    y = pd.Series(np.arange(N) % 2)
    with pytest.raises(ValueError, match=message):
        audit(pd.DataFrame({"a": np.arange(N)}), y, groups=groups)


@pytest.mark.parametrize(
    "groups, error, message",
    [
        ([[i] for i in range(N)], ValueError, r"^groups must be one-dimensional"),
        (
            [[1, 2]] + [[i] for i in range(N - 1)],
            TypeError,
            r"^groups must hold one hashable label per sample",
        ),
        (
            pd.Series([[i] for i in range(N)]),
            TypeError,
            r"^groups must hold one hashable label per sample",
        ),
    ],
)
def test_groups_holding_lists_are_refused(groups, error, message):
    with pytest.raises(error, match=message):
        next(PurgedKFold(2).split(X, groups=groups))


def test_fraction_embargo_counts_the_fraction_as_written():
    # 0.29 * 100 is 28.999... in floating point; the embargo is 29 periods.
    times = np.arange(100)
    table = describe_splits(
        PurgedKFold(5, embargo=0.29), np.zeros((100, 1)), times=times
    )
    # (the fourth fold has only 20 periods after it, the last none)
    assert table["n_embargoed"].tolist() == [29, 29, 29, 20, 0]


@given(st.integers(1, 99), st.integers(1, 10_000))
def test_fraction_of_periods_is_exact_for_decimal_fractions(hundredths, n_periods):
    fraction = hundredths / 100
    assert fraction_of_periods(fraction, n_periods) == hundredths * n_periods // 100
    assert fraction_of_periods(fraction, n_periods) == math.floor(
        Fraction(hundredths, 100) * n_periods
    )


DAYS = pd.date_range("2024-03-01", periods=N, freq="D")


@pytest.mark.parametrize(
    "arrow_type",
    ["timestamp[ns, tz=UTC][pyarrow]", "timestamp[us][pyarrow]", "date32[pyarrow]"],
)
def test_pyarrow_backed_times_split_like_numpy_ones(arrow_type):
    pytest.importorskip("pyarrow")
    times = pd.Series(DAYS.tz_localize("UTC") if "UTC" in arrow_type else DAYS)
    expected = splits(PurgedKFold(4, horizon="2D"), X, times=times)
    assert splits(PurgedKFold(4, horizon="2D"), X, times=times.astype(arrow_type)) == (
        expected
    )


def test_time_column_read_with_the_pyarrow_backend(tmp_path):
    pytest.importorskip("pyarrow")
    path = tmp_path / "rows.csv"
    pd.DataFrame({"day": DAYS.strftime("%Y-%m-%d"), "x": np.arange(N)}).to_csv(
        path, index=False
    )
    frame = pd.read_csv(path, dtype_backend="pyarrow", parse_dates=["day"])
    cv = WalkForward(3, horizon="1D", time_column="day")
    assert splits(cv, frame) == splits(WalkForward(3, horizon="1D"), X, times=DAYS)


def test_object_array_of_ints_splits_like_ints():
    times = np.arange(N)[::-1]
    assert splits(PurgedKFold(4), X, times=times.astype(object)) == splits(
        PurgedKFold(4), X, times=times
    )


@pytest.mark.parametrize(
    "make",
    [
        lambda d: PurgedKFold(4, horizon=d, embargo=d),
        lambda d: WalkForward(3, test_size=5 * d, train_size=10 * d, gap=d),
    ],
)
def test_numpy_timedelta64_durations_equal_pandas_ones(make):
    expected = splits(make(pd.Timedelta("1D")), X, times=DAYS)
    assert splits(make(np.timedelta64(1, "D")), X, times=DAYS) == expected


@pytest.mark.parametrize(
    "call, error, message",
    [
        (
            lambda: next(PurgedKFold(2).split(X, times=5)),
            TypeError,
            r"^times must hold one value per sample \(an array-like\), got int 5",
        ),
        (
            lambda: next(PurgedKFold(2).split(None)),
            TypeError,
            r"^X must be an array-like of samples",
        ),
        (
            lambda: next(PurgedKFold(2).split(X, np.zeros(5))),
            ValueError,
            r"^y has 5 entries but X has 40 samples; pass one target per sample",
        ),
    ],
    ids=["times=5", "X=None", "y length"],
)
def test_bad_arguments_get_our_message(call, error, message):
    with pytest.raises(error, match=message):
        call()


@pytest.mark.parametrize(
    "call, error, message",
    [
        (
            lambda: next(PurgedKFold(2).split("abcd")),
            TypeError,
            r"^X must be an array-like of samples .* got str 'abcd'",
        ),
        (
            lambda: next(PurgedKFold(2).split({"a": [1, 2, 3]})),
            TypeError,
            r"^X must be an array-like of samples .* got dict",
        ),
        (
            lambda: next(PurgedKFold(2).split(X, 5)),
            TypeError,
            r"^y must be an array-like of targets, one per sample .* got int 5",
        ),
        (
            lambda: next(PurgedKFold(2).split(X, groups=5)),
            TypeError,
            r"^groups must be an array-like of entity groups .* got int 5",
        ),
        (
            lambda: next(PurgedKFold(2).split(X, times="abcd")),
            TypeError,
            r"^times must hold one value per sample \(an array-like\), got str",
        ),
        (
            lambda: purged_train_test_split(5),
            TypeError,
            r"^X must be an array-like of samples .* got int 5",
        ),
        (
            lambda: purged_train_test_split(X, np.zeros(5)),
            ValueError,
            r"^arrays\[1\] has 5 entries but X \(the first array\) has 40; pass",
        ),
    ],
    ids=["X str", "X dict", "y int", "groups int", "times str", "holdout X", "lengths"],
)
def test_what_holds_no_samples_is_refused_by_name(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_a_zero_dimensional_array_of_times_is_refused_by_name():
    with pytest.raises(TypeError, match=r"^times must hold one value per sample"):
        next(PurgedKFold(2).split(X, times=np.array(0)))


@pytest.mark.parametrize(
    "duration, message",
    [
        # np.timedelta64: pandas 2.0 cannot build a Timedelta this long at all.
        (np.timedelta64(106_752, "D"), r"^horizon=.* is longer than the about 292"),
        ("NaT", r"^horizon must be a duration, got NaT; pass one such as '5D'"),
        ("-2D", r"^horizon must not be negative, got '-2D'; pass 0 or a positive"),
    ],
)
def test_durations_out_of_range_name_the_parameter(duration, message):
    with pytest.raises(ValueError, match=message):
        PurgedKFold(2, horizon=duration)


def test_an_empty_training_set_names_what_emptied_it():
    # every row shares one entity: removing the tested entity empties training
    with pytest.raises(ValueError, match=r"entities \(groups\) that span fewer rows"):
        next(PurgedKFold(2).split(X, groups=np.zeros(N)))
    with pytest.raises(ValueError, match=r"^purged_train_test_split: .*\(groups\)"):
        purged_train_test_split(X, groups=np.zeros(N))
