"""purged_train_test_split: the reference, train_test_split, pandas, bad input."""

import re

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
from _reference_combinatorial import holdout
from _strategies import (
    EMBARGO_FRACTION,
    horizons,
    is_datetime,
    panels,
    split_kwargs,
)
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.model_selection import train_test_split

from safesplit import purged_train_test_split


@st.composite
def holdout_cases(draw):
    panel = draw(panels(min_periods=2, max_periods=12))
    kind = panel["kind"]
    sizes = st.one_of(
        st.sampled_from([0.1, 0.25, 0.3, 0.5, 0.75]), st.integers(1, panel["n_periods"])
    )
    if is_datetime(kind):
        sizes = st.one_of(sizes, st.sampled_from(["12h", "1D", "2D", "5D"]))
    params = {
        "test_size": draw(sizes),
        "horizon": 0 if panel["end_times"] is not None else draw(horizons(kind)),
    }
    return panel, params


@settings(max_examples=150, deadline=None)
@given(holdout_cases())
def test_matches_the_reference(case):
    panel, params = case
    try:
        want = holdout(
            panel["times"], panel["end_times"], groups=panel["groups"], **params
        )
    except ValueError as exc:
        want = exc
    positions = np.arange(panel["n"])
    try:
        train, test = purged_train_test_split(
            positions, **params, **split_kwargs(panel)
        )
    except ValueError as exc:
        assert isinstance(want, ValueError), exc
        return
    assert not isinstance(want, ValueError), want
    assert (train.tolist(), test.tolist()) == want
    times = panel["times"]
    # Periods never straddle; the test set is the last periods.
    assert max(times[i] for i in train) < min(times[i] for i in test)
    assert {
        i for i in range(panel["n"]) if times[i] >= min(times[i] for i in test)
    } == set(test)
    if panel["groups"] is not None:
        groups = np.asarray(panel["groups"])
        assert not set(groups[train]) & set(groups[test])


@pytest.mark.parametrize("test_size", [0.25, 0.1, 0.5, 3, 7])
@pytest.mark.parametrize("n", [10, 13])
def test_one_row_per_time_is_train_test_split_without_shuffle(n, test_size):
    X = np.arange(2 * n).reshape(n, 2)
    y = np.arange(n)
    got = purged_train_test_split(X, y, test_size=test_size)
    want = train_test_split(X, y, test_size=test_size, shuffle=False)
    for a, b in zip(got, want):
        np.testing.assert_array_equal(a, b)


def test_keeps_pandas_types_lists_and_sparse():
    index = pd.date_range("2024-01-01", periods=10, freq="D")
    X = pd.DataFrame({"a": range(10), "b": list("abcdefghij")}, index=index)
    y = pd.Series(range(10), index=index, name="y")
    w = list(range(10))
    S = sp.csr_matrix(np.eye(10))
    X_tr, X_te, y_tr, y_te, w_tr, w_te, S_tr, S_te = purged_train_test_split(
        X, y, w, S, test_size=3, horizon="1D"
    )
    assert isinstance(X_tr, pd.DataFrame) and isinstance(y_te, pd.Series)
    assert y_te.name == "y"
    assert X_te.index.equals(index[7:])
    assert X_tr.index.equals(index[:6])  # Jan 7 is the purged day's end
    assert w_tr == list(range(6)) and w_te == [7, 8, 9]
    assert sp.issparse(S_tr) and S_tr.shape == (6, 10)


def test_unsorted_times_panel_and_time_column():
    rng = np.random.default_rng(0)
    days = np.repeat(pd.date_range("2024-01-01", periods=8, freq="D"), 3)
    order = rng.permutation(24)
    frame = pd.DataFrame({"day": days[order], "x": np.arange(24)})
    train, test = purged_train_test_split(frame, test_size=2, time_column="day")
    assert set(test["day"]) == set(days[-6:])
    assert len(test) == 6 and len(train) == 18
    # Rows keep their input order.
    assert train.index.is_monotonic_increasing and test.index.is_monotonic_increasing
    same = purged_train_test_split(frame, test_size=2, times=frame["day"])
    assert same[1].equals(test)


def test_duration_test_size_and_end_times():
    times = pd.date_range("2024-01-01", periods=10, freq="D")
    end_times = times + pd.Timedelta("2D")
    train, test = purged_train_test_split(
        np.arange(10), test_size="3D", times=times, end_times=end_times
    )
    assert test.tolist() == [7, 8, 9]  # after Jan 10 - 3 days
    assert train.tolist() == [0, 1, 2, 3, 4]  # labels of Jan 6 and 7 reach Jan 8


def test_groups_are_entity_disjoint():
    groups = np.array([0, 1, 2, 0, 1, 2, 3, 4, 0, 5])
    train, test = purged_train_test_split(np.arange(10), test_size=2, groups=groups)
    assert test.tolist() == [8, 9]
    assert train.tolist() == [1, 2, 4, 5, 6, 7]  # entity 0 is tested


def test_embargo_is_validated_but_has_nothing_to_remove():
    X = np.arange(20)
    base = purged_train_test_split(X, test_size=4, horizon=1)
    for embargo in (3, 0.2):
        got = purged_train_test_split(X, test_size=4, horizon=1, embargo=embargo)
        for a, b in zip(got, base):
            np.testing.assert_array_equal(a, b)
    with pytest.raises(ValueError, match=EMBARGO_FRACTION):
        purged_train_test_split(X, embargo=1.5)
    with pytest.raises(ValueError, match="embargo=20 periods"):
        purged_train_test_split(X, embargo=20)
    with pytest.raises(
        TypeError, match=r"^embargo=.* is a duration, but the times are row"
    ):
        purged_train_test_split(X, embargo="2D")  # row-order times


FRACTION = "test_size given as a float is a fraction of the periods and must lie"
ALL_TESTED = (
    "periods of the data in the test set, leaving nothing to train on; pass a smaller "
    "test_size"
)


@pytest.mark.parametrize(
    "test_size, error, message",
    [
        (0.0, ValueError, FRACTION),
        (1.0, ValueError, FRACTION),
        (1.5, ValueError, FRACTION),
        (-0.2, ValueError, FRACTION),
        (0, ValueError, "test_size must be an int >= 1"),
        (-1, ValueError, "test_size must be an int >= 1"),
        (10, ValueError, ALL_TESTED),
        (0.99, ValueError, ALL_TESTED),
        (None, TypeError, "test_size must be a float in (0, 1), an int number of"),
        (True, TypeError, "test_size must be a float in (0, 1), an int number of"),
        ("abc", ValueError, "test_size='abc' is not a duration pandas understands"),
        ("0D", ValueError, "test_size must be a positive duration"),
        ("30D", ValueError, ALL_TESTED),
    ],
)
def test_bad_test_size_is_named(test_size, error, message):
    times = pd.date_range("2024-01-01", periods=10, freq="D")
    with pytest.raises(error, match=re.escape(message)):
        purged_train_test_split(np.arange(10), test_size=test_size, times=times)


def test_duration_test_size_needs_datetimes():
    with pytest.raises(
        TypeError, match=r"^test_size='2D' is a duration, but the times are row order"
    ):
        purged_train_test_split(np.arange(10), test_size="2D")


def test_other_bad_input():
    with pytest.raises(ValueError, match="at least one array"):
        purged_train_test_split()
    with pytest.raises(ValueError, match=r"^arrays\[1\] has 9 entries but X \(the"):
        purged_train_test_split(np.arange(10), np.arange(9))
    with pytest.raises(ValueError, match="times has 9 entries"):
        purged_train_test_split(np.arange(10), times=np.arange(9))
    with pytest.raises(ValueError, match=re.escape("horizon must be an int >= 0")):
        purged_train_test_split(np.arange(10), horizon=-2)
    with pytest.raises(ValueError, match="at least 2 distinct times"):
        purged_train_test_split(np.arange(4), times=np.zeros(4))
    with pytest.raises(
        ValueError, match="training set is empty .*; use a smaller test_size, a shorter"
    ):
        purged_train_test_split(np.arange(10), test_size=5, horizon=5)


def test_arrays_not_aligned_with_X_are_refused():
    X = pd.DataFrame({"x": np.arange(10)}, index=np.arange(10, 20))
    y = pd.Series(np.arange(10))  # pandas would pair them by label, we by position
    with pytest.raises(ValueError, match=r"^arrays\[1\] is a Series whose index"):
        purged_train_test_split(X, y)
    X_train, X_test, y_train, y_test = purged_train_test_split(X, y.set_axis(X.index))
    assert X_test.index.equals(y_test.index)
