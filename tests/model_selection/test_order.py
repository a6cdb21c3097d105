"""The stable time order: every route equals ``np.argsort(kind="stable")``.

The order of the rows is found by the cheapest route the data allow (already
sorted, a grid of times, hashing few distinct times, a comparison sort); each route
is checked here against numpy's stable sort and against the periods as defined
(the distinct times), on random arrays shaped like real layouts: sorted, in
entity-major runs, shuffled, with few or many distinct times, near the int64 limits,
and floats with -0.0 and 0.0.
"""

import numpy as np
import pandas as pd
import pytest
from _strategies import panels, split_kwargs
from hypothesis import given, settings
from hypothesis import strategies as st

from safesplit import CombinatorialPurgedCV, PurgedKFold, WalkForward
from safesplit._pandas_compat import counting_sort_order
from safesplit.model_selection import _order
from safesplit.model_selection._order import (
    comparison_order,
    factorized_codes,
    grid_codes,
    is_sorted,
    stable_time_order,
)
from safesplit.model_selection._time import resolve_timeline

SETTINGS = settings(max_examples=200, deadline=None)
INT64 = np.iinfo(np.int64)


@st.composite
def int_times(draw):
    """int64 times in a layout a user might pass."""
    n = draw(st.integers(1, 300))
    n_distinct = draw(st.integers(1, n))
    step = draw(st.sampled_from([1, 2, 7, 3600, 86_400 * 10**9, 2**40]))
    # Room above for the grid and the jitter: the times stay within int64.
    first = draw(st.integers(INT64.min, INT64.max - step * 4 * n_distinct - 10**6))
    slots = draw(st.integers(n_distinct, 4 * n_distinct))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    grid = np.sort(rng.choice(slots, n_distinct, replace=False))
    values = first + grid[rng.integers(0, n_distinct, n)].astype(np.int64) * step
    if draw(st.booleans()):  # off the grid, sometimes near the limits
        jitter = draw(st.sampled_from([1, 5, 10**6]))
        values[rng.random(n) < 0.2] += jitter
    return arrange(draw, values, rng)


@st.composite
def float_times(draw):
    n = draw(st.integers(1, 300))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    pool = np.concatenate([[-0.0, 0.0], rng.normal(size=draw(st.integers(1, 50)))])
    values = pool[rng.integers(0, pool.shape[0], n)]
    return arrange(draw, values, rng)


def arrange(draw, values, rng):
    """Sorted, entity-major (several sorted runs), reversed or shuffled."""
    layout = draw(st.sampled_from(["sorted", "runs", "reversed", "shuffled"]))
    if layout == "sorted":
        return np.sort(values, kind="stable")
    if layout == "reversed":
        return np.sort(values, kind="stable")[::-1].copy()
    if layout == "runs":
        n_runs = draw(st.integers(1, 8))
        runs = np.array_split(rng.permutation(values), n_runs)
        return np.concatenate([np.sort(run, kind="stable") for run in runs])
    return rng.permutation(values)


def any_times():
    return st.one_of(int_times(), float_times())


def reference_periods(values):
    """Period starts (in time order) and each row's period, from the definition:
    a period is a distinct time."""
    distinct = np.unique(values)  # -0.0 and 0.0 are one time
    sorted_values = np.sort(values, kind="stable")
    starts = np.searchsorted(sorted_values, distinct, side="left")
    return np.append(starts, values.shape[0]), np.searchsorted(distinct, values)


def built(result):
    """``(order, sorted_times)`` of a :class:`TimeOrder`, the sort that waited
    built (it waits only on a route that keeps the codes and period times)."""
    if result.sort is None:
        return result.order, result.sorted_times
    assert result.order is None and result.sorted_times is None
    assert result.period_codes is not None and result.period_times is not None
    return result.sort()


def assert_is_the_stable_order(result, values):
    want = np.argsort(values, kind="stable")
    order, sorted_times = built(result)
    order = np.arange(values.shape[0]) if order is None else order
    np.testing.assert_array_equal(order, want)
    # The same values, bit for bit: -0.0 stays -0.0.
    np.testing.assert_array_equal(sorted_times, values[want])
    np.testing.assert_array_equal(np.signbit(sorted_times), np.signbit(values[want]))
    assert sorted_times.dtype == values.dtype
    starts, period_of_row = reference_periods(values)
    np.testing.assert_array_equal(result.period_starts, starts)
    if result.period_codes is not None:
        assert_codes_give_the_periods(result.period_codes, period_of_row)
    if result.period_times is not None:  # a route that found them on its way
        np.testing.assert_array_equal(result.period_times, values[want][starts[:-1]])
        assert result.period_times.dtype == values.dtype


def assert_codes_give_the_periods(period_codes, period_of_row):
    n_periods = period_codes.period_bounds.shape[0] - 1
    periods = np.searchsorted(period_codes.period_bounds, period_codes.codes, "right")
    np.testing.assert_array_equal(periods - 1, period_of_row)
    for start in range(min(n_periods, 6)):
        for stop in range(start, n_periods + 1):
            want = (period_of_row >= start) & (period_of_row < stop)
            got = period_codes.in_periods(start, stop)
            np.testing.assert_array_equal(got, want)


@SETTINGS
@given(any_times())
def test_the_order_is_numpys_stable_argsort(values):
    assert_is_the_stable_order(stable_time_order(values), values)


@SETTINGS
@given(any_times())
def test_every_route_gives_the_same_order(values):
    """Force each route where it applies."""
    want = np.argsort(values, kind="stable")
    order, sorted_values = comparison_order(values)
    np.testing.assert_array_equal(order, want)
    np.testing.assert_array_equal(sorted_values, values[want])
    starts, period_of_row = reference_periods(values)
    routes = [factorized_codes(values)]
    if values.dtype.kind == "i":
        routes.append(grid_codes(values))
    for coded in routes:
        if coded is None:  # no grid of few enough points: the route declines
            continue
        result = _order._order_from_codes(values, *coded)
        assert_is_the_stable_order(result, values)


@SETTINGS
@given(any_times())
def test_is_sorted(values):
    assert is_sorted(values) == bool(np.all(np.diff(values) >= 0))


def test_is_sorted_looks_past_the_probe():
    values = np.arange(20_000, dtype=np.int64)
    values[15_000] = -1
    assert not is_sorted(values)
    assert is_sorted(np.arange(20_000))


@settings(max_examples=100, deadline=None)
@given(st.data())
def test_counting_sort_with_and_without_pandas(data):
    n_codes = data.draw(st.sampled_from([1, 7, 256, 257, 65_536, 65_537, 2**20]))
    n = data.draw(st.integers(0, 400))
    codes = np.asarray(
        data.draw(st.lists(st.integers(0, n_codes - 1), min_size=n, max_size=n)),
        dtype=np.int64,
    )
    want = np.argsort(codes, kind="stable")
    counts = np.bincount(codes, minlength=n_codes)
    for use_pandas in (True, False):
        order, got_counts = counting_sort_order(codes, n_codes, use_pandas=use_pandas)
        np.testing.assert_array_equal(order, want)
        np.testing.assert_array_equal(got_counts, counts)


def test_grid_declines_a_sparse_grid_and_rows_off_the_grid():
    # Two clusters far apart on a fine grid: more grid points than rows allow.
    far = np.array([0, 10**12, 1, 10**12 + 1] * 10, dtype=np.int64)
    assert grid_codes(far) is None
    # Every row but one on an hourly grid.
    hours = np.arange(50_000, dtype=np.int64)[::-1] * 3_600
    hours[-1] += 1
    assert grid_codes(hours) is None
    assert_is_the_stable_order(stable_time_order(hours), hours)


def test_grid_of_extreme_times():
    values = np.array([INT64.max, INT64.min, 0, INT64.max], dtype=np.int64)
    assert_is_the_stable_order(stable_time_order(values), values)


def test_many_distinct_floats_take_the_comparison_route(monkeypatch):
    values = np.random.default_rng(0).normal(size=100_000)
    assert not _order._few_distinct(values)
    assert_is_the_stable_order(stable_time_order(values), values)
    few = np.random.default_rng(0).integers(0, 1000, 100_000) / 7
    assert _order._few_distinct(few)


# --- the splits are the same whichever route ordered the rows ----------------------


ROUTES = {
    "grid or hashing": {},
    "hashing": {"grid_codes": lambda values: None},
    "comparison sort": {
        "grid_codes": lambda values: None,
        "_few_distinct": lambda values: False,
    },
}


def splits_by_route(monkeypatch, cv, n, kwargs):
    """Each route's splits, or the message of its refusal."""
    result = {}
    for route, patches in ROUTES.items():
        with monkeypatch.context() as patched:
            for name, replacement in patches.items():
                patched.setattr(_order, name, replacement)
            try:
                result[route] = list(cv.split(np.zeros((n, 1)), **kwargs))
            except ValueError as exc:
                result[route] = str(exc)
    return result


@pytest.mark.parametrize(
    "make",
    [
        lambda: PurgedKFold(3, horizon=1, embargo=1),
        lambda: WalkForward(3, test_size=2, gap=1),
        lambda: CombinatorialPurgedCV(4, 2, horizon=1),
    ],
    ids=["PurgedKFold", "WalkForward", "CombinatorialPurgedCV"],
)
def test_splits_do_not_depend_on_the_route(monkeypatch, make):
    @settings(max_examples=60, deadline=None)
    @given(panels(min_periods=8))
    def check(panel):
        kwargs = split_kwargs(panel)
        by_route = splits_by_route(monkeypatch, make(), panel["n"], kwargs)
        first = by_route.pop("grid or hashing")
        for splits in by_route.values():
            if isinstance(first, str):
                assert splits == first
                continue
            assert len(splits) == len(first)
            for (train, test), (train0, test0) in zip(splits, first):
                np.testing.assert_array_equal(train, train0)
                np.testing.assert_array_equal(test, test0)

    check()


def test_timeline_builds_the_codes_the_sort_did_not_keep(monkeypatch):
    rng = np.random.default_rng(0)
    days = pd.Timestamp("2024-01-01") + pd.to_timedelta(
        rng.integers(0, 30, 500), unit="D"
    )
    X = np.zeros((500, 1))
    kept = resolve_timeline(X, times=days)
    monkeypatch.setattr(_order, "grid_codes", lambda values: None)
    monkeypatch.setattr(_order, "_few_distinct", lambda values: False)
    built = resolve_timeline(X, times=days)
    assert kept.period_codes is not None and built.period_codes is None
    np.testing.assert_array_equal(kept.order, built.order)
    period_of_row = reference_periods(days.asi8)[1]
    assert_codes_give_the_periods(kept.input_period_codes(), period_of_row)
    assert_codes_give_the_periods(built.input_period_codes(), period_of_row)


@SETTINGS
@given(any_times(), st.sampled_from([1, 2, 3, 7, 1 << 16]))
def test_period_starts_of_sorted_times_in_blocks(values, block):
    """Whatever the block size, the periods of sorted input and None otherwise."""
    original = _order._SORTED_BLOCK
    try:
        _order._SORTED_BLOCK = block
        got = _order.period_starts_if_sorted(values)
    finally:
        _order._SORTED_BLOCK = original
    if not is_sorted(values):
        assert got is None
        return
    starts = reference_periods(values)[0]
    np.testing.assert_array_equal(got, starts)
    assert got.dtype == np.intp
    original = _order._SORTED_BLOCK
    try:
        _order._SORTED_BLOCK = block
        _, period_times = _order.sorted_periods(values)
    finally:
        _order._SORTED_BLOCK = original
    if period_times is not None:  # None: every row is a period
        np.testing.assert_array_equal(period_times, values[starts[:-1]])
    else:
        assert starts.shape[0] == values.shape[0] + 1


@SETTINGS
@given(st.integers(1, 300))
def test_row_positions_order_is_the_order_of_the_positions(n):
    """Times taken from the row order are known sorted without a look: the
    same order as looking, with sorted times that are the positions."""
    got = _order.row_positions_order(n)
    looked = stable_time_order(np.arange(n, dtype=np.int64))
    assert got.order is None and looked.order is None
    np.testing.assert_array_equal(got.sorted_times, np.arange(n))
    np.testing.assert_array_equal(got.period_starts, looked.period_starts)
    assert got.period_starts.dtype == np.intp
    assert got.sorted_times.dtype == np.int64
