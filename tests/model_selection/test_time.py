"""The time model: where times come from, what they may be, and bad input."""

import pickle
import re

import numpy as np
import pandas as pd
import pytest
from _reference import purged_kfold, walk_forward
from _strategies import EMBARGO_FRACTION, as_lists, empty_training_set
from hypothesis import given, settings
from hypothesis import strategies as st

from safesplit import PurgedKFold, WalkForward
from safesplit.model_selection._time import resolve_timeline
from safesplit.model_selection._time_values import _numeric_times

# Ten periods, two rows in some: unsorted on purpose.
DAYS = pd.to_datetime(
    [
        "2024-01-05",
        "2024-01-01",
        "2024-01-03",
        "2024-01-02",
        "2024-01-05",
        "2024-01-08",
        "2024-01-04",
        "2024-01-09",
        "2024-01-07",
        "2024-01-06",
        "2024-01-10",
        "2024-01-02",
        "2024-01-12",
    ]
)
N = len(DAYS)


def expected(times, end_times=None, **params):
    return purged_kfold(
        list(times), None if end_times is None else list(end_times), **params
    )


def splits(cv, X, **kwargs):
    return as_lists(cv.split(X, **kwargs))


# --- where the times come from -------------------------------------------------


@pytest.mark.parametrize(
    "container",
    [list, np.asarray, pd.Series, pd.DatetimeIndex],
    ids=["list", "ndarray", "Series", "DatetimeIndex"],
)
def test_times_argument_in_any_container(container):
    cv = PurgedKFold(3, horizon="1D", embargo=1)
    times = container(list(DAYS))
    got = splits(cv, np.zeros((N, 2)), times=times)
    assert got == expected(DAYS, n_splits=3, horizon="1D", embargo=1)


def test_times_from_datetime_index():
    X = pd.DataFrame({"a": np.arange(N)}, index=DAYS)
    cv = PurgedKFold(3, horizon=1, embargo=1)
    assert splits(cv, X) == expected(DAYS, n_splits=3, horizon=1, embargo=1)


def test_times_from_period_index():
    periods = DAYS.to_period("D")
    X = pd.DataFrame({"a": np.arange(N)}, index=periods)
    cv = PurgedKFold(4, horizon=2, embargo=1)
    ordinals = [p.ordinal for p in periods]
    want = expected(ordinals, n_splits=4, horizon=2, embargo=1)
    assert splits(cv, X) == want
    assert splits(cv, np.zeros((N, 1)), times=periods) == want
    # pandas Period objects in a plain list, and Period end times.
    assert splits(cv, np.zeros((N, 1)), times=list(periods)) == want
    ends = periods + 1
    want_ends = expected(ordinals, [o + 1 for o in ordinals], n_splits=4, embargo=1)
    cv0 = PurgedKFold(4, embargo=1)
    assert splits(cv0, np.zeros((N, 1)), times=periods, end_times=ends) == want_ends


def test_times_from_timedelta_index():
    deltas = DAYS - DAYS.min()
    X = pd.DataFrame({"a": np.arange(N)}, index=pd.TimedeltaIndex(deltas))
    cv = PurgedKFold(3, horizon="36h", embargo="1D")
    want = expected(list(deltas), n_splits=3, horizon="36h", embargo="1D")
    assert splits(cv, X) == want
    wf = WalkForward(3, test_size="2D", horizon="12h")
    assert splits(wf, X) == walk_forward(
        list(deltas), n_splits=3, test_size="2D", horizon="12h"
    )


def test_times_from_time_column():
    X = pd.DataFrame({"a": np.arange(N), "when": DAYS})
    cv = PurgedKFold(3, horizon="2D", embargo="1D", time_column="when")
    want = expected(DAYS, n_splits=3, horizon="2D", embargo="1D")
    assert splits(cv, X) == want
    wf = WalkForward(2, test_size=3, gap=1, time_column="when")
    assert splits(wf, X) == walk_forward(list(DAYS), n_splits=2, test_size=3, gap=1)


def test_time_column_before_the_index():
    # docs/time_model.md: times=, then time_column, then a time index, then rows.
    X = pd.DataFrame({"a": np.arange(N), "when": DAYS}, index=DAYS[::-1])
    cv = PurgedKFold(3, horizon=1, time_column="when")
    assert splits(cv, X) == expected(DAYS, n_splits=3, horizon=1)


def test_times_from_row_order():
    cv = PurgedKFold(3, horizon=1, embargo=1)
    want = expected(range(N), n_splits=3, horizon=1, embargo=1)
    assert splits(cv, np.zeros((N, 1))) == want
    # An index that is not a time index (here shuffled integers) is not a time.
    X = pd.DataFrame({"a": np.arange(N)}, index=np.random.default_rng(0).permutation(N))
    assert splits(cv, X) == want


def test_times_argument_overrides_the_index():
    X = pd.DataFrame({"a": np.arange(N)}, index=DAYS)
    reversed_times = DAYS[::-1]
    cv = PurgedKFold(3, horizon=1)
    assert splits(cv, X, times=reversed_times) == expected(
        reversed_times, n_splits=3, horizon=1
    )


def test_series_times_with_the_index_of_X():
    index = pd.Index(np.arange(100, 100 + N))
    X = pd.DataFrame({"a": np.arange(N)}, index=index)
    times = pd.Series(DAYS, index=index)
    cv = PurgedKFold(3, horizon=1)
    assert splits(cv, X, times=times) == expected(DAYS, n_splits=3, horizon=1)


def test_tz_aware_equals_naive_in_utc():
    aware = DAYS.tz_localize("UTC")
    cv = PurgedKFold(3, horizon="1D", embargo="2D")
    naive = splits(cv, np.zeros((N, 1)), times=DAYS)
    assert splits(cv, np.zeros((N, 1)), times=aware) == naive
    X = pd.DataFrame({"a": np.arange(N)}, index=aware)
    assert splits(cv, X) == naive


def test_tz_aware_across_daylight_saving():
    times = pd.date_range("2024-10-25 12:00", periods=8, freq="12h", tz="Europe/Paris")
    ends = times + pd.Timedelta("1D")
    cv = PurgedKFold(4, embargo="13h")
    got = splits(cv, np.zeros((8, 1)), times=times, end_times=ends)
    assert got == expected(times, ends, n_splits=4, embargo="13h")


def test_timestamps_objects():
    stamps = [pd.Timestamp(t) for t in DAYS]
    cv = PurgedKFold(3, horizon=1)
    want = expected(DAYS, n_splits=3, horizon=1)
    assert splits(cv, np.zeros((N, 1)), times=stamps) == want
    assert splits(cv, np.zeros((N, 1)), times=np.array(stamps, dtype=object)) == want


@pytest.mark.parametrize("dtype", [np.int64, np.int32, np.float64, np.float32])
def test_numeric_times(dtype):
    values = np.array([7, 3, 3, 9, 1, 4, 12, 7, 2, 20, 15], dtype=dtype)
    ends = values + np.array([0, 1, 3, 0, 2, 0, 1, 1, 5, 0, 2], dtype=dtype)
    cv = PurgedKFold(3, horizon=2, embargo=1)
    X = np.zeros((len(values), 1))
    assert splits(cv, X, times=values) == expected(
        values.tolist(), n_splits=3, horizon=2, embargo=1
    )
    cv0 = PurgedKFold(3, embargo=1)
    assert splits(cv0, X, times=values, end_times=ends) == expected(
        values.tolist(), ends.tolist(), n_splits=3, embargo=1
    )


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.integers(-(2**63), 2**63 - 1), max_size=30),
    st.sampled_from(["datetime64[ns]", "timedelta64[ns]"]),
    st.booleans(),
    st.booleans(),
)
def test_nanosecond_arrays_read_as_their_index_reads(ints, dtype, check_nat, strided):
    """A plain nanosecond array skips the Index: same int64 times, kind, zone and
    NaT error (the smallest int64 is NaT) as the Index of the same times."""
    array = np.array(ints, dtype=np.int64).view(dtype)
    if strided:
        array = np.repeat(array, 2)[::2]

    def read(values):
        try:
            return _numeric_times(values, "times", check_nat=check_nat)
        except ValueError as exc:
            return str(exc)

    direct, through_index = read(array), read(pd.Index(array))
    if isinstance(through_index, str):
        assert direct == through_index
        return
    np.testing.assert_array_equal(direct[0], through_index[0])
    assert direct[0].dtype == np.int64
    assert direct[1:] == through_index[1:]


def test_float_times_not_integers():
    values = np.array([0.5, 0.25, 1.75, 0.5, 3.0, 2.5, 1.0])
    cv = PurgedKFold(2, horizon=1, embargo=1)
    assert splits(cv, np.zeros((7, 1)), times=values) == expected(
        values.tolist(), n_splits=2, horizon=1, embargo=1
    )


@pytest.mark.parametrize("horizon", [0, 1, 3, "0D", "1D", "36h", pd.Timedelta("4D")])
def test_horizon_int_and_duration(horizon):
    cv = PurgedKFold(2, horizon=horizon)
    assert splits(cv, np.zeros((N, 1)), times=DAYS) == expected(
        DAYS, n_splits=2, horizon=horizon
    )
    wf = WalkForward(2, test_size=3, horizon=horizon)
    assert splits(wf, np.zeros((N, 1)), times=DAYS) == walk_forward(
        list(DAYS), n_splits=2, test_size=3, horizon=horizon
    )


def test_integer_horizon_ends_at_the_hth_next_period():
    # Periods 1, 5, 6, 30: with horizon 2, a label of period 1 ends at 6, of 5 at 30,
    # and those of 6 and 30 at the last period, 30.
    times = np.array([1, 5, 6, 30, 31, 40, 50])
    cv = WalkForward(2, test_size=1, horizon=2)
    # Split 1 tests period 50; candidates 1..31 purged if their end >= 50:
    # period 31 ends at 50 (purged), 30 ends at 40 (kept).
    got = splits(cv, np.zeros((7, 1)), times=times)
    assert got[1] == ([0, 1, 2, 3], [6])
    assert got == walk_forward(times.tolist(), n_splits=2, test_size=1, horizon=2)


def test_end_times_replace_the_default_of_horizon_zero():
    X = np.zeros((N, 1))
    ends = DAYS + pd.Timedelta("36h")
    got = splits(PurgedKFold(3), X, times=DAYS, end_times=ends)
    assert got == expected(DAYS, ends, n_splits=3)
    assert got != splits(PurgedKFold(3), X, times=DAYS)
    assert got == splits(PurgedKFold(3, horizon="36h"), X, times=DAYS)


@pytest.mark.parametrize("horizon", [1, "1D"])
def test_end_times_and_a_horizon_are_refused_not_guessed(horizon):
    # docs/time_model.md: passing both end_times and a non-zero horizon is refused
    # as ambiguous; neither is silently preferred.
    ends = DAYS + pd.Timedelta("12h")
    with pytest.raises(
        ValueError, match=r"^end_times were given and horizon is not 0.*set horizon=0"
    ):
        list(
            PurgedKFold(3, horizon=horizon).split(
                np.zeros((N, 1)), times=DAYS, end_times=ends
            )
        )


def test_zero_length_labels_purge_their_own_period():
    # Two rows share each time; end == time. Nothing leaks between rows of a period.
    times = np.repeat(np.arange(6), 2)
    got = splits(PurgedKFold(3), np.zeros((12, 1)), times=times, end_times=times)
    for train, test in got:
        assert not set(times[train]) & set(times[test])
    assert got == expected(times.tolist(), times.tolist(), n_splits=3)


def test_unsorted_input_is_sorted_stably():
    rng = np.random.default_rng(3)
    order = rng.permutation(N)
    cv = PurgedKFold(3, horizon=1, embargo=1)
    X = np.zeros((N, 1))
    sorted_days = DAYS.sort_values()
    base = splits(cv, X, times=sorted_days)
    got = splits(cv, X, times=sorted_days[order])
    inverse = np.argsort(order)
    for (tr, te), (tr0, te0) in zip(got, base):
        assert tr == sorted(inverse[tr0].tolist())
        assert te == sorted(inverse[te0].tolist())
    descending = splits(cv, X, times=sorted_days[::-1])
    assert descending == [
        (sorted(N - 1 - np.array(tr)), sorted(N - 1 - np.array(te))) for tr, te in base
    ]


def test_get_n_splits_takes_the_split_arguments():
    cv = PurgedKFold(4, embargo=1)
    X = np.zeros((N, 1))
    assert cv.get_n_splits() == 4
    assert cv.get_n_splits(X, None, None, times=DAYS, end_times=DAYS) == 4
    wf = WalkForward(3, test_size="2D")
    assert wf.get_n_splits(X, times=DAYS) == 3
    assert len(list(wf.split(X, times=DAYS))) == 3


# --- bad input: each raises, names the parameter -------------------------------

X13 = np.zeros((N, 1))


# What the refusals say: the parameter or argument, what is wrong, what to do.
MISSING = (
    r"^{name} contains 1 {what} value\(s\); every sample needs a time\. Drop or fill"
)
STRINGS = r"^times holds strings, which cannot be ordered as times; convert them with"
NOT_NEGATIVE = (
    r"^{name} must (be an int >= 0 \(a number of periods\) or a duration|not be"
    r" negative)"
)
POSITIVE_SIZE = (
    r"^{name} must (be an int >= 1 \(a number of periods\) or a duration|be a"
    r" positive duration|not be negative)"
)


def _split(cv, X=X13, **kwargs):
    return list(cv.split(X, **kwargs))


def test_nan_in_times():
    times = np.arange(N, dtype=float)
    times[4] = np.nan
    with pytest.raises(ValueError, match=MISSING.format(name="times", what="NaN")):
        _split(PurgedKFold(3), times=times)


def test_nat_in_times():
    times = DAYS.to_numpy().copy()
    times[2] = np.datetime64("NaT")
    with pytest.raises(ValueError, match=MISSING.format(name="times", what="NaT")):
        _split(PurgedKFold(3), times=times)


def test_nan_in_end_times():
    ends = np.arange(N, dtype=float) + 1
    ends[-1] = np.nan
    with pytest.raises(ValueError, match=MISSING.format(name="end_times", what="NaN")):
        _split(PurgedKFold(3), times=np.arange(N), end_times=ends)


def test_nat_in_end_times():
    ends = pd.Series(DAYS + pd.Timedelta("1D"))
    ends[0] = pd.NaT
    with pytest.raises(ValueError, match=MISSING.format(name="end_times", what="NaT")):
        _split(WalkForward(3, test_size=2), times=DAYS, end_times=ends)


def test_end_times_before_times():
    ends = (DAYS + pd.Timedelta("1D")).to_numpy().copy()
    ends[5] = DAYS[5] - pd.Timedelta("1s")
    with pytest.raises(
        ValueError,
        match=(
            r"^end_times is before times for 1 sample\(s\) \(first at position "
            r"5\).*Check that end_times and times are not swapped"
        ),
    ):
        _split(PurgedKFold(3), times=DAYS, end_times=ends)


def test_times_length_does_not_match_X():
    with pytest.raises(
        ValueError,
        match=r"^times has 12 entries but X has 13 samples; pass one time per sample",
    ):
        _split(PurgedKFold(3), times=DAYS[:-1])


def test_end_times_length_does_not_match_X():
    with pytest.raises(
        ValueError,
        match=(
            r"^end_times has 12 entries but X has 13 samples; pass one end_time per "
            r"sample"
        ),
    ):
        _split(PurgedKFold(3), times=DAYS, end_times=DAYS[1:])


def test_groups_length_does_not_match_X():
    with pytest.raises(
        ValueError,
        match=(
            r"^groups has 11 entries but X has 13 samples; pass one entity group per "
            r"sample"
        ),
    ):
        _split(PurgedKFold(3), times=DAYS, groups=np.zeros(N - 2))


def test_series_times_whose_index_does_not_match_X():
    X = pd.DataFrame({"a": np.arange(N)}, index=np.arange(N))
    times = pd.Series(DAYS, index=np.arange(N)[::-1])
    with pytest.raises(
        ValueError,
        match=re.escape(
            "times is a Series whose index does not match X's index; align it with "
            "times.reindex(X.index)"
        ),
    ):
        _split(PurgedKFold(3), X, times=times)


def test_series_end_times_whose_index_does_not_match_X():
    X = pd.DataFrame({"a": np.arange(N)}, index=np.arange(N))
    ends = pd.Series(DAYS, index=np.arange(1, N + 1))
    with pytest.raises(
        ValueError,
        match=re.escape(
            "end_times is a Series whose index does not match X's index; align it with "
            "end_times.reindex(X.index)"
        ),
    ):
        _split(PurgedKFold(3), X, times=DAYS, end_times=ends)


def test_string_times_cannot_be_ordered():
    times = np.array(list("kdbacefghijlm"))
    with pytest.raises(TypeError, match=STRINGS):
        _split(PurgedKFold(3), times=times)


def test_object_times_cannot_be_ordered():
    times = np.array([1, "a", 2.0, None, 3, 4, 5, 6, 7, 8, 9, 10, 11], dtype=object)
    with pytest.raises(TypeError, match=STRINGS):
        _split(PurgedKFold(3), times=times)


def test_aware_and_naive_mixed_in_times():
    stamps = list(DAYS)
    stamps[3] = stamps[3].tz_localize("UTC")
    with pytest.raises(
        TypeError,
        match=r"^times mixes time-zone aware and naive datetimes; make them all aware",
    ):
        _split(PurgedKFold(3), times=np.array(stamps, dtype=object))


def test_aware_times_and_naive_end_times():
    with pytest.raises(
        TypeError,
        match=(
            r"^times and end_times mix time-zone aware and naive datetimes; make both"
        ),
    ):
        _split(PurgedKFold(3), times=DAYS.tz_localize("UTC"), end_times=DAYS)


def test_timedelta_end_times_with_datetime_times():
    with pytest.raises(
        TypeError,
        match=(
            r"^end_times are timedelta but times are datetime; give both as the same "
            r"kind"
        ),
    ):
        _split(PurgedKFold(3), times=DAYS, end_times=DAYS - DAYS.min())


def test_end_times_in_another_time_zone_are_the_same_instants():
    aware = DAYS.tz_localize("UTC")
    ends = (aware + pd.Timedelta("30h")).tz_convert("Asia/Tokyo")
    got = splits(PurgedKFold(3, embargo=1), X13, times=aware, end_times=ends)
    assert got == expected(DAYS, DAYS + pd.Timedelta("30h"), n_splits=3, embargo=1)


def test_mixed_time_zones_in_times():
    stamps = [t.tz_localize("UTC") for t in DAYS]
    stamps[3] = DAYS[3].tz_localize("Asia/Tokyo")
    with pytest.raises(
        TypeError,
        match=re.escape(
            "times mixes time zones (Asia/Tokyo, UTC); convert them to one"
        ),
    ):
        _split(PurgedKFold(3), times=np.array(stamps, dtype=object))


@pytest.mark.parametrize(
    "cv, name",
    [
        (PurgedKFold(3, horizon="1D"), "horizon"),
        (PurgedKFold(3, embargo="1D"), "embargo"),
        (WalkForward(3, test_size="1D"), "test_size"),
        (WalkForward(3, test_size=2, train_size="3D"), "train_size"),
        (WalkForward(3, test_size=2, gap="1D"), "gap"),
    ],
    ids=["horizon", "embargo", "test_size", "train_size", "gap"],
)
def test_duration_where_times_are_numbers(cv, name):
    with pytest.raises(
        TypeError,
        match=(
            rf"^{name}=.+ is a duration, but the times are numeric; pass datetime or "
            r"timedelta times"
        ),
    ):
        _split(cv, times=np.arange(N))


@pytest.mark.parametrize(
    "cv, name",
    [
        (WalkForward(3, test_size="1D"), "test_size"),
        (WalkForward(3, test_size=2, train_size="1D"), "train_size"),
        (WalkForward(3, test_size=2, gap="1D"), "gap"),
    ],
    ids=["test_size", "train_size", "gap"],
)
def test_duration_where_times_are_numbers_is_shown_as_a_duration(cv, name):
    with pytest.raises(TypeError, match=rf"^{name}=.+ is a duration") as caught:
        _split(cv, times=np.arange(N))
    assert str(pd.Timedelta("1D").value) not in str(caught.value)


@pytest.mark.parametrize("make", [PurgedKFold, WalkForward])
@pytest.mark.parametrize("n_splits", [1, 0, -2])
def test_n_splits_below_two(make, n_splits):
    with pytest.raises(
        ValueError, match=f"^n_splits must be at least 2, got {n_splits}"
    ):
        _split(make(n_splits), times=DAYS)


def test_n_splits_more_than_periods_purged():
    times = np.repeat([1, 2, 3], 4)  # 12 rows, 3 periods
    with pytest.raises(
        ValueError,
        match=re.escape(
            "n_splits=4 needs at least 4 distinct times (periods), but the data have "
            "3. Use fewer splits or more data"
        ),
    ):
        _split(PurgedKFold(4), np.zeros((12, 1)), times=times)


def test_n_splits_more_than_periods_walk_forward():
    times = np.repeat([1, 2, 3], 4)  # 12 rows, 3 periods
    with pytest.raises(
        ValueError,
        match=re.escape(
            "n_splits=3 needs at least 4 distinct times (periods), but the data have "
            "3. Use fewer splits or more data"
        ),
    ):
        _split(WalkForward(3), np.zeros((12, 1)), times=times)


@pytest.mark.parametrize("horizon", [-1, "-1D", pd.Timedelta("-2h")])
def test_negative_horizon(horizon):
    with pytest.raises(ValueError, match=NOT_NEGATIVE.format(name="horizon")):
        _split(PurgedKFold(3, horizon=horizon), times=DAYS)


@pytest.mark.parametrize("gap", [-1, "-1D"])
def test_negative_gap(gap):
    with pytest.raises(ValueError, match=NOT_NEGATIVE.format(name="gap")):
        _split(WalkForward(3, test_size=2, gap=gap), times=DAYS)


@pytest.mark.parametrize("embargo", [-1, "-1D", pd.Timedelta("-1h")])
def test_negative_embargo(embargo):
    with pytest.raises(ValueError, match=NOT_NEGATIVE.format(name="embargo")):
        _split(PurgedKFold(3, embargo=embargo), times=DAYS)


@pytest.mark.parametrize("embargo", [0.0, 1.0, 1.5, -0.25])
def test_embargo_fraction_outside_open_unit_interval(embargo):
    with pytest.raises(ValueError, match=EMBARGO_FRACTION):
        _split(PurgedKFold(3, embargo=embargo), times=DAYS)


@pytest.mark.parametrize("embargo", [11, 50, "11D", pd.Timedelta("1000D")])
def test_oversized_embargo(embargo):
    # 11 periods over 11 days: an embargo of all periods (or of the whole time span)
    # would remove everything after each test block; it cannot be meant.
    with pytest.raises(
        ValueError,
        match=(
            r"^embargo=.+; it would remove every sample after each test block\. Pass a "
            r"(smaller|shorter) embargo"
        ),
    ):
        _split(PurgedKFold(3, embargo=embargo), times=DAYS)


@pytest.mark.parametrize("size", [0, -1, "0D", "-1D"])
def test_non_positive_test_size(size):
    with pytest.raises(ValueError, match=POSITIVE_SIZE.format(name="test_size")):
        _split(WalkForward(3, test_size=size), times=DAYS)


@pytest.mark.parametrize("size", [0, -1, "0D"])
def test_non_positive_train_size(size):
    with pytest.raises(ValueError, match=POSITIVE_SIZE.format(name="train_size")):
        _split(WalkForward(3, test_size=2, train_size=size), times=DAYS)


def test_time_column_missing():
    X = pd.DataFrame({"a": np.arange(N), "when": DAYS})
    with pytest.raises(
        ValueError,
        match=re.escape(
            "time_column='date' is not a column of X; X has columns ['a', 'when']"
        ),
    ):
        _split(PurgedKFold(3, time_column="date"), X)


def test_time_column_but_X_not_a_dataframe():
    with pytest.raises(
        TypeError,
        match=re.escape(
            "time_column='when' needs X to be a pandas or polars DataFrame, got "
            "ndarray; pass "
            "times=... instead"
        ),
    ):
        _split(PurgedKFold(3, time_column="when"), X13)


def test_empty_training_set_purged_kfold():
    # Every label spans the whole data: all training candidates are purged.
    times = np.arange(6)
    ends = np.full(6, 5)
    with pytest.raises(ValueError, match=empty_training_set("PurgedKFold")):
        _split(PurgedKFold(2), np.zeros((6, 1)), times=times, end_times=ends)


def test_empty_training_set_from_groups():
    # One entity everywhere: every training sample shares the tested group.
    with pytest.raises(ValueError, match=empty_training_set("PurgedKFold")):
        _split(PurgedKFold(3), times=DAYS, groups=np.zeros(N))


def test_empty_training_set_walk_forward():
    # Gap of 4 periods with 2 test windows of 3 on 9 periods: first training empty.
    with pytest.raises(
        ValueError,
        match=(
            r"^the training window before test period 3 is empty: .*; reduce n_splits, "
            r"test_size or gap"
        ),
    ):
        _split(WalkForward(2, test_size=3, gap=4), np.zeros((9, 1)), times=np.arange(9))


# --- end times from a horizon: one per period, read without a per-sample array -----


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.integers(0, 30), min_size=1, max_size=60),
    st.one_of(
        st.tuples(st.just("periods"), st.integers(1, 5)),
        st.tuples(st.just("duration"), st.integers(1, 5 * 3600)),
    ),
    st.data(),
)
def test_end_times_of_a_horizon_read_per_period(hours, horizon, data):
    """The engine's reads of horizon end times (a slice, a maximum, the first
    sample reaching a time) equal those of the per-sample end times, as defined:
    the time of the h-th next period (the last where fewer remain), or time + h."""
    times = pd.Timestamp("2024-01-01") + pd.to_timedelta(hours, unit="h")
    X = np.zeros((len(hours), 1))
    unit, amount = horizon
    if unit == "duration":
        amount *= 10**9  # seconds, in the nanoseconds the time model counts
    timeline = resolve_timeline(X, times=times, horizon=(unit, amount))
    assert timeline.horizon == (unit, amount)
    sorted_times = np.sort(times.as_unit("ns").asi8)
    distinct = np.unique(sorted_times)
    if unit == "duration":
        want = sorted_times + amount
    else:
        own = np.searchsorted(distinct, sorted_times)
        want = distinct[np.minimum(own + amount, distinct.shape[0] - 1)]
    np.testing.assert_array_equal(timeline.end_times, want)
    n = len(hours)
    start = data.draw(st.integers(0, n))
    stop = data.draw(st.integers(start, n))
    np.testing.assert_array_equal(
        timeline.end_times_between(start, stop), want[start:stop]
    )
    if start < stop:
        assert timeline.max_end_time(start, stop) == want[start:stop].max()
    probe = data.draw(st.integers(int(want.min()) - 1, int(want.max()) + 1))
    assert timeline.first_offset_reaching(probe) == int(
        np.argmax(np.append(want, probe) >= probe)
    )


@pytest.mark.parametrize(
    "ends",
    [{}, {"horizon": ("periods", 1)}, {"end_times": [4, 2, 5]}],
    ids=["own time", "per period", "input order"],
)
def test_a_timeline_cannot_change_and_pickles(ends):
    timeline = resolve_timeline(np.zeros((3, 1)), times=[3, 1, 2], **ends)
    with pytest.raises(AttributeError, match="immutable"):
        timeline.times = np.zeros(3)
    copy = pickle.loads(pickle.dumps(timeline))
    np.testing.assert_array_equal(copy.order, timeline.order)
    np.testing.assert_array_equal(copy.end_times, timeline.end_times)
    assert copy.first_offset_reaching(3) == timeline.first_offset_reaching(3)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 30), st.integers(0, 50)), min_size=1, max_size=80
    ),
    st.booleans(),
    st.data(),
)
def test_given_end_times_read_through_the_order(rows, floats, data):
    """Per-sample end times of unsorted rows, read through the order (a slice, a
    maximum over any run, where samples start reaching a time), equal those of
    the end times sorted with the rows."""
    times = np.array([t for t, _ in rows], dtype=np.float64 if floats else np.int64)
    end_times = times + np.array([lag for _, lag in rows], dtype=times.dtype)
    timeline = resolve_timeline(
        np.zeros((len(rows), 1)), times=times, end_times=end_times
    )
    order = np.argsort(times, kind="stable")
    want = end_times[order]
    n = len(rows)
    start = data.draw(st.integers(0, n))
    stop = data.draw(st.integers(start, n))
    np.testing.assert_array_equal(
        timeline.end_times_between(start, stop), want[start:stop]
    )
    if start < stop:
        assert timeline.max_end_time(start, stop) == want[start:stop].max()
    probe = data.draw(st.integers(-1, 82))
    reaching = np.flatnonzero(want >= probe)
    first = reaching[0] if reaching.size else n
    if not timeline.sorted_input and first < n:
        # Unsorted: the start of the first reaching sample's period, whose other
        # samples the purge reads one by one.
        sorted_times = times[order]
        first = np.searchsorted(sorted_times, sorted_times[first], side="left")
    assert timeline.first_offset_reaching(probe) == first
    np.testing.assert_array_equal(timeline.end_times, want)


def test_a_horizon_past_the_representable_times_is_held_at_their_end():
    # 2024 + 100,000 days is past 2262, the last nanosecond time: the label end is
    # held there, not wrapped around to before 1677 (which purged nothing).
    from safesplit.model_selection._time import resolve_timeline
    from safesplit.model_selection._time_params import resolve_horizon

    days = pd.date_range("2024-01-01", periods=40, freq="D")
    timeline = resolve_timeline(
        np.zeros((40, 1)), times=days, horizon=resolve_horizon("100000D")
    )
    assert (timeline.end_times >= timeline.times).all()
    assert (timeline.end_times == np.iinfo(np.int64).max).all()
    with pytest.raises(ValueError, match=r"would have an empty training set \(30"):
        next(PurgedKFold(4, horizon="100000D").split(np.zeros((40, 1)), times=days))


@settings(max_examples=150, deadline=None)
@given(
    offsets=st.lists(st.integers(0, 10**6), min_size=1, max_size=300),
    data=st.data(),
    unit=st.sampled_from(["datetime", "timedelta"]),
)
def test_nat_anywhere_is_refused_and_counted(offsets, data, unit):
    """NaT is found from the sorted times (it sorts first), in any order and
    through every ordering route, and every NaT is counted."""
    values = np.array(offsets, dtype=np.int64) * 3_600_000_000_000
    nat = data.draw(
        st.lists(st.integers(0, len(offsets) - 1), min_size=1, unique=True),
        label="NaT positions",
    )
    raw = values.view("m8[ns]")
    times = (np.datetime64("2020-01-01", "ns") + raw) if unit == "datetime" else raw
    times = times.copy()
    times[nat] = np.datetime64("NaT") if unit == "datetime" else np.timedelta64("NaT")
    with pytest.raises(ValueError, match=f"^times contains {len(nat)} NaT value"):
        resolve_timeline(np.zeros((len(offsets), 1)), times=times)
