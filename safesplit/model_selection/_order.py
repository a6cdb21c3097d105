"""The stable time order of the rows, found the cheapest exact way the data allow.

Every result here equals ``np.argsort(times, kind="stable")`` (ties keep their input
order); what differs is the cost. A comparison sort of 64-bit times costs
O(n log n) with a large constant, but times usually have more structure:

* already sorted: one O(n) check, and no order at all;
* on a regular grid (datetimes every hour, day or minute; integer day numbers):
  each time is a small integer code ``(time - first) // step``, found and checked in
  a few vectorised passes, and a counting sort orders the codes in O(n + codes);
* few distinct times (many rows per time, off any grid): hashing factorises them
  into codes, sorted by the same counting sort;
* otherwise a comparison sort, which exploits a few long sorted runs (rows grouped
  by entity, each in time order) when there are some.

The codes are kept (input order) as :class:`PeriodCodes`: a split then finds its
rows in input order by comparing codes, with no pass through the order.
"""

import functools
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from safesplit._pandas_compat import counting_sort_order

__all__ = [
    "PeriodCodes",
    "TimeOrder",
    "is_sorted",
    "row_positions_order",
    "stable_time_order",
]

# Rows checked before the full pass of ``is_sorted``: unsorted input usually shows
# it at once.
_PROBE = 4096
# Rows coded at a time on a grid: small enough to stay in cache.
_BLOCK = 1 << 18
# Rows of sorted times compared at a time: the block, its change mask and the
# gather at its boundaries stay in a core's L2 cache.
_SORTED_BLOCK = 1 << 16
# Sample that estimates the number of distinct times before hashing them all.
_SAMPLE = 1 << 14


@dataclass(frozen=True)
class PeriodCodes:
    """The period of every row, in input order, as integer codes.

    Attributes
    ----------
    codes : ndarray of shape (n_samples,)
        Unsigned integer code of each row's time (input order).
    period_bounds : ndarray of shape (n_periods + 1,)
        Period ``p`` holds the rows whose code lies in
        ``[period_bounds[p], period_bounds[p + 1])``; codes need not be dense.
    """

    codes: np.ndarray
    period_bounds: np.ndarray

    def in_periods(self, start, stop):
        """Boolean mask (input order) of the rows in periods ``[start, stop)``."""
        low = int(self.period_bounds[start])
        high = int(self.period_bounds[stop])
        if low == 0:
            return self.codes < high
        mask = self.codes >= low
        if high < int(self.period_bounds[-1]):
            # Boolean temporaries only: a wide one would be new memory every call.
            mask &= self.codes < high
        return mask


@dataclass(frozen=True)
class TimeOrder:
    """The stable time order of some times.

    ``order`` is None when the times are already sorted (the identity), or when
    ``sort`` builds it on demand; ``period_codes`` is None when the order came
    from a comparison sort.
    """

    order: np.ndarray | None
    sorted_times: np.ndarray | None
    period_starts: np.ndarray
    period_codes: PeriodCodes | None
    # The time of each period, when the route found it on its way (else None:
    # the time model gathers it from the sorted times if it needs it).
    period_times: np.ndarray | None = None
    # ``() -> (order, sorted_times)`` when the codes and the period times already
    # answer what a split asks, and the sort waits until something needs it.
    sort: object = None


def is_sorted(values):
    """True when ``values`` is ascending, in one pass (less when it is not)."""
    n = values.shape[0]
    if n > 2 * _PROBE and not bool(np.all(values[1:_PROBE] >= values[: _PROBE - 1])):
        return False
    return n < 2 or bool(np.all(values[1:] >= values[:-1]))


def period_starts_of(sorted_times):
    """Offsets where each period (distinct time) of sorted times begins, then n."""
    n = sorted_times.shape[0]
    changes = sorted_times[1:] != sorted_times[:-1]
    if np.count_nonzero(changes) == n - 1:  # one row per time: every row a period
        return np.arange(n + 1, dtype=np.intp)
    boundaries = np.flatnonzero(changes)
    starts = np.empty(boundaries.shape[0] + 2, dtype=np.intp)
    starts[0] = 0
    starts[1:-1] = boundaries + 1
    starts[-1] = n
    return starts


def period_starts_if_sorted(values):
    """:func:`period_starts_of` ``values`` if they are ascending, else None."""
    periods = sorted_periods(values)
    return None if periods is None else periods[0]


def sorted_periods(values):
    """``(period starts, period times)`` of ``values`` if they are ascending,
    else None; the period times are None when every row is a period (they are
    the values themselves).

    One pass in blocks that stay in cache. While every row begins a period, a
    block is compared once, for being strictly rising; otherwise once for the
    period boundaries. Between boundaries neighbours are equal, so the values are
    ascending exactly when the time entered at each boundary exceeds the one
    entered before it: the order is checked on the period times alone, which are
    kept (no gather over the whole array later). Unsorted input stops at its first
    unsorted block.
    """
    n = values.shape[0]
    pieces = []
    times = [values[:1]]
    every_row_a_period = True
    for lo in range(0, n - 1, _SORTED_BLOCK):
        hi = min(lo + _SORTED_BLOCK, n - 1)
        before, after = values[lo:hi], values[lo + 1 : hi + 1]
        # Strictly rising: sorted, every row a period, in one comparison (not
        # tried when the first pair already repeats a time, as panels do).
        if every_row_a_period and after[0] > before[0] and np.all(after > before):
            continue
        boundaries = np.flatnonzero(after != before)
        entered = after[boundaries]
        if entered.shape[0] and not (
            # values[lo] is the time of the period the block starts in.
            entered[0] > values[lo] and np.all(entered[1:] > entered[:-1])
        ):
            return None
        if every_row_a_period:  # the blocks so far: every row began a period
            pieces.append(np.arange(1, lo + 1, dtype=np.intp))
            times.append(values[1 : lo + 1])
            every_row_a_period = False
        boundaries += lo + 1
        pieces.append(boundaries)
        times.append(entered)
    if every_row_a_period:
        return np.arange(n + 1, dtype=np.intp), None
    starts = np.concatenate([[0], *pieces, [n]]).astype(np.intp, copy=False)
    return starts, np.concatenate(times)


def row_positions_order(n):
    """The :class:`TimeOrder` of the times ``0, 1, ..., n - 1`` (row positions),
    without looking at them: the sorted times are a view of the period starts
    ``arange(n + 1)``."""
    starts = np.arange(n + 1, dtype=np.int64)
    return TimeOrder(None, starts[:n], starts.astype(np.intp, copy=False), None)


def stable_time_order(values):
    """The stable order of 1-d numeric ``values`` (int64 or float64) as a
    :class:`TimeOrder`, by the cheapest exact route (see the module's docstring)."""
    periods = sorted_periods(values)
    if periods is not None:
        return TimeOrder(None, values, periods[0], None, periods[1])
    coded = None
    if values.dtype.kind in "iu":
        coded = grid_codes(values)
    if coded is None and _few_distinct(values):
        coded = factorized_codes(values)
    if coded is None:
        order, sorted_times = comparison_order(values)
        return TimeOrder(order, sorted_times, period_starts_of(sorted_times), None)
    return _order_from_codes(values, *coded)


def _order_from_codes(values, codes, n_codes, time_of_code, narrow_codes=None):
    """The periods read off the code counts, and the counting sort of the codes
    (built on demand for integer times); ``narrow_codes`` are the same codes in
    :func:`_narrow_dtype` when a route already wrote them."""
    if narrow_codes is None:
        narrow_codes = codes.astype(_narrow_dtype(n_codes))
    if values.dtype.kind == "f":
        # Equal floats may differ (-0.0, 0.0): keep each row's own value.
        order, counts = counting_sort_order(codes, n_codes)
        present = np.flatnonzero(counts)
        sorted_times, period_times, sort = values[order], None, None
    else:
        # A split finds its rows from the codes; the order is needed only for
        # rows read in time order (entity groups, windows of many splits).
        order, sorted_times = None, None
        counts = np.bincount(codes, minlength=n_codes)
        present = np.flatnonzero(counts)
        period_times = time_of_code(present)
        sort = functools.partial(
            _sort_by_codes, narrow_codes, n_codes, period_times, counts[present]
        )
    period_starts = np.zeros(present.shape[0] + 1, dtype=np.intp)
    np.cumsum(counts[present], out=period_starts[1:])
    bounds = np.append(present, n_codes)
    return TimeOrder(
        order,
        sorted_times,
        period_starts,
        PeriodCodes(narrow_codes, bounds),
        period_times,
        sort,
    )


def _sort_by_codes(codes, n_codes, period_times, period_counts):
    """``(order, sorted_times)`` of integer times from their codes: a counting
    sort, and each period's time repeated over its rows."""
    order, _ = counting_sort_order(codes, n_codes)
    return order, np.repeat(period_times, period_counts)


def _narrow_dtype(n_codes):
    """The narrowest unsigned dtype for codes below ``n_codes``: the masks of the
    splits read the codes once per split."""
    for dtype in (np.uint8, np.uint16, np.uint32):
        if n_codes <= np.iinfo(dtype).max:
            return dtype
    return np.uint64


def grid_codes(values):
    """``(codes, n_codes, time_of_code, narrow_codes)`` when integer ``values``
    lie on a grid ``first + k * step`` of at most ``max(2 n, 65536)`` points, else
    None.

    The step is the greatest common divisor of a sample of offsets, then checked
    on every row; a counting sort over more grid points than about twice the
    number of rows would cost more than it saves. The codes are computed and
    checked in blocks that stay in cache, and written once as int64 (for the
    counting sort) and once narrow (for the splits).
    """
    n = values.shape[0]
    first, last = int(values.min()), int(values.max())
    if last - first > np.iinfo(np.int64).max:  # offsets would overflow
        return None
    rng = np.random.default_rng(0)  # a fixed sample: the same route every call
    sample = values[rng.integers(0, n, min(n, _SAMPLE))].astype(np.int64) - first
    # gcd(0, 0) = 0 when every time is the same: one code, any step.
    step = math.gcd(int(np.gcd.reduce(sample)), last - first) or 1
    n_codes = (last - first) // step + 1
    if n_codes > max(2 * n, 1 << 16):
        return None
    codes = np.empty(n, dtype=np.int64)
    narrow_codes = np.empty(n, dtype=_narrow_dtype(n_codes))
    offsets = np.empty(min(n, _BLOCK), dtype=np.int64)
    on_grid = np.empty(min(n, _BLOCK), dtype=np.int64)
    for lo in range(0, n, _BLOCK):
        hi = min(lo + _BLOCK, n)
        block_offsets = np.subtract(values[lo:hi], first, out=offsets[: hi - lo])
        block_codes = codes[lo:hi]
        np.floor_divide(block_offsets, step, out=block_codes)
        if step > 1:
            # One row off the grid (the sample missed it) rules the grid out.
            back = np.multiply(block_codes, step, out=on_grid[: hi - lo])
            if not np.array_equal(back, block_offsets):
                return None
        narrow_codes[lo:hi] = block_codes

    def time_of_code(code):
        return (first + code * step).astype(values.dtype)

    return codes, n_codes, time_of_code, narrow_codes


def _few_distinct(values):
    """Whether ``values`` look like holding at most ``n / 16`` distinct values,
    judged from the distinct values of a fixed random sample.

    Hashing is cheap while its table is small next to the data, and slower than
    a comparison sort once most values are distinct; this only picks the route,
    every route gives the same order.
    """
    n = values.shape[0]
    if n < 2 * _SAMPLE:
        return True
    rng = np.random.default_rng(0)
    seen = np.unique(values[rng.integers(0, n, _SAMPLE)]).shape[0]
    # Distinct values expected in the sample if there were n / 16 of them,
    # equally frequent: seen at least once.
    limit = n / 16
    expected = limit * -math.expm1(-_SAMPLE / limit)
    return seen <= expected


def factorized_codes(values):
    """``(codes, n_codes, time_of_code)`` from hashing: codes rank the distinct
    values."""
    codes, uniques = pd.factorize(values, sort=True)
    uniques = np.asarray(uniques)
    return codes, uniques.shape[0], lambda code: uniques[code]


def comparison_order(values):
    """``(order, values[order])`` with ``order = np.argsort(values, kind="stable")``.

    A few long sorted runs (rows grouped by entity, each in time order) are merged
    by numpy's stable sort (timsort) in O(n log runs). Otherwise numpy's default
    sort, several times faster than its stable one on shuffled data, then each run
    of equal values is put back in input order: sorting the unique keys
    ``run * n + position`` keeps the runs and orders each one.
    """
    n = values.shape[0]
    n_runs = 1 + np.count_nonzero(values[1:] < values[:-1])
    if n > 3_000_000_000 or n_runs * n_runs <= n:  # run * n + position: int64
        order = np.argsort(values, kind="stable")
        return order, values[order]
    order = np.argsort(values)
    sorted_values = values[order]
    ties = sorted_values[1:] == sorted_values[:-1]
    if ties.any():
        run = np.empty(n, dtype=np.int64)
        run[0] = 0
        np.cumsum(~ties, out=run[1:])
        run *= n
        key = run + order
        key.sort()
        order = key - run
        if sorted_values.dtype.kind == "f":  # equal floats may differ: -0.0, 0.0
            sorted_values = values[order]
    return order, sorted_values
