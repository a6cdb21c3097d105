"""The time model: how times, end times, periods, horizon and embargo are resolved.

This is the one place that knows what the per-sample time data mean. Every splitter
turns its input into a :class:`Timeline` here and then works on integer positions
only, so that validation and conventions cannot drift between splitters.

Conventions (``docs/time_model.md`` has the full story):

* ``times[i]`` is when sample ``i``'s features are known; ``end_times[i] >= times[i]``
  is when its label is fully known.
* A *period* is a distinct value of ``times``. Periods are atomic: integer sizes
  count periods, and no period is ever split between train and test.
* Internally times are numbers: int64 nanoseconds (UTC for time-zone aware input)
  for datetimes and durations, int64 or float64 for plain numbers, and the row
  number when no times are known.
"""

import functools

import numpy as np
import pandas as pd

from safesplit.model_selection._label_ends import (
    HorizonEnds,
    InputOrderEnds,
    SortedEnds,
)
from safesplit.model_selection._order import (
    PeriodCodes,
    comparison_order,
    is_sorted,
    period_starts_of,
    row_positions_order,
    stable_time_order,
)
from safesplit.model_selection._time_params import _DURATION_KINDS
from safesplit.model_selection._time_values import (
    _DATETIME,
    _INT64_MIN,
    _TIMEDELTA,
    _check_aligned,
    _n_samples_of_X,
    _numeric_times,
    _times_from_X,
    nat_error,
)

__all__ = ["Timeline", "resolve_timeline"]

_ROW_ORDER = "row order"


# Passes over the period codes that cost about one counting sort of them (with the
# sorted times): at 10 million rows in 100,000 periods a pass that finds the rows
# of a few periods took about 10 ms, the sort about 190 ms.
_PASSES_PER_SORT = 16


class Timeline:
    """Validated times of one data set, in time order (a private helper, immutable).

    Attributes
    ----------
    times : ndarray of shape (n_samples,)
        Numeric times, sorted ascending (stable: ties keep input order).
    end_times : ndarray of shape (n_samples,)
        Numeric label end times aligned with ``times``: given in time order, or
        built on first use from ``horizon`` or ``input_end_times``.
    order : ndarray of shape (n_samples,) or None
        ``order[k]`` is the input position of the k-th sample in time order;
        None when the input was already sorted (the identity, never stored).
    period_starts : ndarray of shape (n_periods + 1,)
        Offsets into the sorted arrays where each period begins, then ``n_samples``.
    kind : str
        ``"datetime"``, ``"timedelta"``, ``"numeric"`` or ``"row order"``.
    tz : tzinfo or None
        Time zone of aware datetime input, used only to display times.
    observed_times : ndarray of shape (n_samples,) or None
        Each sample's own time when the periods are coarser buckets that stand at
        their first time (GroupTimeSeriesSplit); None when it is ``times``.
    period_codes : PeriodCodes or None
        The period of each row in input order, when the sort found it on the way
        (see :meth:`input_period_codes`).
    horizon : tuple or None
        ``("duration", amount)`` or ``("periods", h)`` when the end times follow
        from a horizon (each computed from its period's time where it is read);
        None otherwise.
    input_end_times : ndarray of shape (n_samples,) or None
        Per-sample end times in input order, for unsorted input (read through
        ``order``); None otherwise.
    period_times : ndarray of shape (n_periods,) or None
        The time of each period, when the sort found it on the way; otherwise
        :attr:`period_times` gathers it from ``times`` on first use.

    Exactly one of ``end_times`` (in time order), ``horizon`` and
    ``input_end_times`` is given; the engine reads them through
    :meth:`end_times_between`, :meth:`max_end_time` and
    :meth:`first_offset_reaching`, which need no array of ``n_samples`` end
    times in time order, and ``end_times`` builds it only for a caller that
    asks.
    """

    def __init__(
        self,
        *,
        times,
        order,
        period_starts,
        kind,
        end_times=None,
        tz=None,
        observed_times=None,
        period_codes=None,
        horizon=None,
        input_end_times=None,
        period_times=None,
        sort=None,
    ):
        given = [end_times, horizon, input_end_times]
        if sum(ends is not None for ends in given) != 1:
            raise ValueError("pass exactly one of end_times, horizon, input_end_times")
        fields = {
            "_times": times,
            "_order": order,
            "_sort": sort,
            "period_starts": period_starts,
            "kind": kind,
            "tz": tz,
            "observed_times": observed_times,
            "period_codes": period_codes,
            "horizon": horizon,
            "_cache": {} if period_times is None else {"period_times": period_times},
        }
        for name, value in fields.items():
            object.__setattr__(self, name, value)
        if end_times is not None:
            # The times themselves (labels known at their own time) ascend.
            ends = SortedEnds(end_times, ascending=end_times is times)
        elif horizon is not None:
            ends = HorizonEnds(self.period_times, period_starts, horizon)
        else:
            # Not the bound method: the ends would hold the timeline that holds
            # them, a cycle that keeps every array alive until the cyclic
            # garbage collector runs (rarely, as few Python objects are made).
            order_of = functools.partial(_order_of, order, sort, self._cache)
            ends = InputOrderEnds(
                input_end_times,
                order_of,
                period_starts,
                functools.partial(
                    _input_period_codes,
                    period_codes,
                    order_of,
                    period_starts,
                    self._cache,
                ),
            )
        object.__setattr__(self, "_ends", ends)

    def __setattr__(self, name, value):
        raise AttributeError(f"Timeline is immutable; cannot set {name!r}.")

    @property
    def sorted_input(self):
        """Whether the input rows were already in time order (``order`` is the
        identity and None)."""
        return self._order is None and self._sort is None

    @property
    def order(self):
        """``order[k]``: the input position of the k-th sample in time order;
        None for sorted input. Built on first use when the sort waited."""
        return _order_of(self._order, self._sort, self._cache)

    @property
    def times(self):
        """The numeric times, sorted ascending (built on first use when the sort
        waited)."""
        if self._times is not None:
            return self._times
        return _sorted_by(self._sort, self._cache)[1]

    @property
    def input_end_times(self):
        """The caller's end times in input order (unsorted input with per-sample
        end times), else None."""
        return getattr(self._ends, "input_end_times", None)

    def whole_periods(self, start, stop):
        """Whether sorted positions ``[start, stop)`` hold whole periods."""
        first, last = self.period_of_offset(start), self.period_of_offset(stop)
        return self.period_starts[first] == start and self.period_starts[last] == stop

    @property
    def order_built(self):
        """Whether the order of unsorted rows is built (not waiting)."""
        return self._order is not None or "sorted" in self._cache

    def afford_code_passes(self, count):
        """Whether ``count`` more passes over the period codes, each finding the
        rows of a few periods, are still cheaper in all than the sort they stand
        in for; they are counted against it (rent, then buy: once they would add
        up to more, the order is built and read instead, at most twice the cost
        of the cheaper choice known in advance)."""
        if self.period_codes is None or self.order_built:
            return False
        spent = self._cache.get("code_passes", 0) + count
        if spent > _PASSES_PER_SORT:
            return False
        self._cache["code_passes"] = spent
        return True

    def rows_in(self, start, stop, *, from_codes=False):
        """Input positions of the samples at sorted positions ``[start, stop)``,
        as a set: with ``from_codes`` (and whole periods), the rows whose period
        code lies in those periods, one pass over the codes in input order;
        otherwise a slice of the order (built if it waited)."""
        if from_codes and self.whole_periods(start, stop):
            first = self.period_of_offset(start)
            last = self.period_of_offset(stop)
            return np.flatnonzero(self.input_period_codes().in_periods(first, last))
        return self.order[start:stop]

    def time_at(self, offset):
        """``times[offset]``, from the period times while the sort waits."""
        if self._times is not None:
            return self._times[offset]
        return self.period_times[self.period_of_offset(offset)]

    def __repr__(self):
        return (
            f"Timeline(n_samples={self.n_samples}, n_periods={self.n_periods}, "
            f"kind={self.kind!r}, sorted_input={self.sorted_input})"
        )

    @property
    def end_times(self):
        """Label end times aligned with ``times`` (built on first use when they
        come per period or in input order)."""
        return self._ends.array()

    def end_times_between(self, start, stop):
        """``end_times[start:stop]``, without building the whole array."""
        return self._ends.between(start, stop)

    def max_end_time(self, start, stop):
        """Latest label end time among sorted positions ``[start, stop)``."""
        return self._ends.max_between(start, stop)

    def first_offset_reaching(self, time):
        """Sorted position before which no sample's end time reaches ``time``.

        The first sample that reaches it, or (unsorted input with per-sample end
        times) the start of its period; the purge only looks from there on.
        """
        return self._ends.first_reaching(time)

    @property
    def ends_ascend(self):
        """Whether the end times ascend in time order (a horizon, or labels known
        at their own time): then every sample from :meth:`first_offset_reaching`
        on reaches the time, without reading the end times."""
        return self._ends.ascending

    @property
    def sample_times(self):
        """Each sample's own time, sorted like ``times``: what is shown to users."""
        return self.times if self.observed_times is None else self.observed_times

    @property
    def n_samples(self):
        return int(self.period_starts[-1])

    @property
    def n_periods(self):
        return self.period_starts.shape[0] - 1

    @property
    def period_times(self):
        """Time of each period (computed once, then cached; ``times`` itself when
        every sample is a period)."""
        if "period_times" not in self._cache:
            if self.n_periods == self.n_samples:
                self._cache["period_times"] = self.times
            else:
                self._cache["period_times"] = self.times[self.period_starts[:-1]]
        return self._cache["period_times"]

    def period_time(self, period):
        """Time of one period, without building :attr:`period_times`."""
        if self._times is None:
            return self.period_times[period]
        return self._times[self.period_starts[period]]

    @property
    def positions(self):
        """``arange(n_samples)``, built once and read-only: contiguous runs of rows
        are yielded as views of it.

        Its memory is exported read-only, so neither a view nor its base can be
        switched back to writeable: no caller can change another split's indices.
        """
        if "positions" not in self._cache:
            n = self.n_samples
            if self.n_periods == n and self.period_starts.dtype == np.intp:
                # One row per period: the period starts are ``arange(n + 1)``
                # already (n + 1 increasing integers from 0 to n); at 10 million
                # rows a second arange costs what TimeSeriesSplit costs in all.
                owner = self.period_starts
            else:
                owner = np.arange(n, dtype=np.intp)
            readonly = memoryview(np.ascontiguousarray(owner)).toreadonly()
            shared = np.frombuffer(readonly, dtype=np.intp)[:n]
            self._cache["positions"] = shared
        return self._cache["positions"]

    def input_period_codes(self):
        """The period of every row in input order, as :class:`PeriodCodes`.

        Kept from the sort when it counted codes; otherwise built once (one scatter
        through ``order``) and cached. Only meaningful for unsorted input.
        """
        order_of = functools.partial(_order_of, self._order, self._sort, self._cache)
        return _input_period_codes(
            self.period_codes, order_of, self.period_starts, self._cache
        )

    def period_of_offset(self, offset):
        """Index of the period that starts at or contains sorted position ``offset``."""
        return int(np.searchsorted(self.period_starts, offset, side="right")) - 1

    def first_offset_after(self, time):
        """Sorted position of the first sample whose time is strictly after ``time``."""
        if self._times is None:  # a period's samples share its time
            period = np.searchsorted(self.period_times, time, side="right")
            return int(self.period_starts[period])
        return int(np.searchsorted(self._times, time, side="right"))

    def period_index_at_or_after(self, time):
        """Index of the first period whose time is at or after ``time``."""
        if self._times is None:
            return int(np.searchsorted(self.period_times, time, side="left"))
        # The first sample at or after ``time`` starts a period (or is past the end).
        offset = np.searchsorted(self._times, time, side="left")
        return int(np.searchsorted(self.period_starts, offset, side="left"))

    def display(self, value):
        """Turn an internal numeric time back into what the user passed."""
        if self.kind == _DATETIME:
            return pd.Timestamp(int(value), unit="ns", tz="UTC").tz_convert(self.tz)
        if self.kind == _TIMEDELTA:
            return pd.Timedelta(int(value), unit="ns")
        return value.item() if isinstance(value, np.generic) else value


# The order and its helpers live in _order.py; these names stay for the modules
# that import them from here.
_is_sorted = is_sorted
_period_starts = period_starts_of
_stable_argsort = comparison_order


def _check_end_times(times, end_times, times_kind, end_kind, times_tz, end_tz):
    if times_kind != end_kind:
        raise TypeError(
            f"end_times are {end_kind} but times are {times_kind}; give both as the "
            "same kind (both datetimes, both timedeltas or both numbers)."
        )
    if times_kind == _DATETIME and (times_tz is None) != (end_tz is None):
        raise TypeError(
            "times and end_times mix time-zone aware and naive datetimes; make both "
            "aware or both naive."
        )
    if times.dtype != end_times.dtype:
        times = times.astype(np.float64)
        end_times = end_times.astype(np.float64)
    before = end_times < times
    if before.any():
        if end_kind in _DURATION_KINDS and (end_times == _INT64_MIN).any():
            raise nat_error(end_times, "end_times")
        first = int(np.flatnonzero(before)[0])
        raise ValueError(
            f"end_times is before times for {int(before.sum())} sample(s) (first at "
            f"position {first}); a label cannot be known before its features. Check "
            "that end_times and times are not swapped, and pass each label's end at or "
            "after its sample's time."
        )
    return times, end_times


def _sorted_by(sort, cache):
    """``(order, sorted_times)`` from a waiting sort, built once into ``cache``."""
    if "sorted" not in cache:
        cache["sorted"] = sort()
    return cache["sorted"]


def _order_of(order, sort, cache):
    """The order of a timeline's rows from the parts it keeps (None: sorted)."""
    if order is not None or sort is None:
        return order
    return _sorted_by(sort, cache)[0]


def _input_period_codes(period_codes, order_of, period_starts, cache):
    """:meth:`Timeline.input_period_codes` from the parts of the timeline it
    reads (``cache`` is the timeline's own; ``order_of()`` builds the order only
    when the codes were not kept)."""
    if period_codes is not None:
        return period_codes
    if "period_codes" not in cache:
        n_periods = period_starts.shape[0] - 1
        dtype = np.uint32 if n_periods <= np.iinfo(np.uint32).max else np.uint64
        sorted_codes = np.repeat(
            np.arange(n_periods, dtype=dtype), np.diff(period_starts)
        )
        order = order_of()
        if order is None:
            codes = sorted_codes
        else:
            codes = np.empty_like(sorted_codes)
            codes[order] = sorted_codes
        bounds = np.arange(n_periods + 1, dtype=np.intp)
        cache["period_codes"] = PeriodCodes(codes, bounds)
    return cache["period_codes"]


def resolve_timeline(
    X, *, times=None, end_times=None, horizon=("periods", 0), time_column=None
):
    """Resolve and validate the times of ``X`` into a :class:`Timeline`.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
        The data; its time index or ``time_column`` supply times when ``times`` is
        None, else the row order does.
    times, end_times : array-like of shape (n_samples,), default=None
        Per-sample times and label end times.
    horizon : tuple
        A validated horizon from :func:`resolve_horizon`, used when ``end_times``
        is None.
    time_column : str, default=None
        Column of a DataFrame ``X`` holding the times.
    """
    n_samples = _n_samples_of_X(X)
    if n_samples == 0:
        raise ValueError("X has no samples; there is nothing to split.")
    source = "times"
    if times is None:
        times, source = _times_from_X(X, time_column)
    elif time_column is not None:
        raise ValueError(
            f"Both times=... and time_column={time_column!r} were given; pass one "
            "source of times."
        )
    row_order = None
    if times is None:
        # Times are the row positions: sorted, one row a period, known without
        # a look; one arange serves as the times, the period starts and (see
        # Timeline.positions) the positions.
        row_order = row_positions_order(n_samples)
        numeric = row_order.sorted_times
        kind, tz = _ROW_ORDER, None
    else:
        if source == "times":
            _check_aligned(times, "times", X, n_samples)
        numeric, kind, tz = _numeric_times(times, source, check_nat=False)

    horizon_unit, horizon_amount = horizon
    if end_times is not None:
        if horizon_amount != 0:
            raise ValueError(
                "end_times were given and horizon is not 0; the end times already say "
                "when each label is known. Pass one of them (set horizon=0)."
            )
        if times is None:
            raise ValueError(
                "end_times were given but no times: pass times=... (or a time index "
                "or time_column) so that the label intervals have a start."
            )
        _check_aligned(end_times, "end_times", X, n_samples)
        # NaT (the smallest int64) is before any time: the order check finds it.
        end_numeric, end_kind, end_tz = _numeric_times(
            end_times, "end_times", check_nat=False
        )
        numeric, end_numeric = _check_end_times(
            numeric, end_numeric, kind, end_kind, tz, end_tz
        )
    else:
        end_numeric = None

    time_order = stable_time_order(numeric) if row_order is None else row_order
    order, sorted_times = time_order.order, time_order.sorted_times
    sorted_input = order is None and time_order.sort is None
    first_time = time_order.period_times[0] if sorted_times is None else sorted_times[0]
    if kind in _DURATION_KINDS and first_time == _INT64_MIN:
        raise nat_error(numeric, source)  # NaT, the smallest int64, sorts first
    period_starts = time_order.period_starts
    if end_numeric is not None:
        # Unsorted rows: end times read through the order, never gathered whole.
        ends = {"end_times" if sorted_input else "input_end_times": end_numeric}
    elif horizon_amount == 0 and sorted_times is None:
        # Labels known at their own time: a horizon of no periods, read from the
        # period times while the sort waits.
        ends = {"horizon": ("periods", 0)}
    elif horizon_amount == 0:
        ends = {"end_times": sorted_times}  # labels known at their own time
    else:
        if horizon_unit == "duration" and kind not in _DURATION_KINDS:
            raise TypeError(
                f"horizon={pd.Timedelta(horizon_amount)} is a duration, but the "
                f"times are {kind}; pass datetime or timedelta times, or an int "
                "number of periods."
            )
        # Every sample of a period shares its end time: computed where it is read.
        ends = {"horizon": (horizon_unit, horizon_amount)}
    return Timeline(
        times=sorted_times,
        **ends,
        order=order,
        period_starts=period_starts,
        kind=kind,
        tz=tz,
        period_codes=time_order.period_codes,
        period_times=time_order.period_times,
        sort=time_order.sort,
    )
