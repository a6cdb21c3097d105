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

import datetime
import functools
import math
import numbers
from fractions import Fraction

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
from safesplit.model_selection._time_values import (
    _DATETIME,
    _INT64_MIN,
    _TIMEDELTA,
    _check_aligned,
    _n_samples_of_X,
    _numeric_times,
    _times_from_X,
    nat_error,
    shifted,
)

__all__ = [
    "Timeline",
    "shifted",
    "check_duration_or_periods",
    "check_embargo",
    "require_duration_times",
    "resolve_timeline",
]

_ROW_ORDER = "row order"
_DURATION_KINDS = (_DATETIME, _TIMEDELTA)


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
    ):
        given = [end_times, horizon, input_end_times]
        if sum(ends is not None for ends in given) != 1:
            raise ValueError("pass exactly one of end_times, horizon, input_end_times")
        fields = {
            "times": times,
            "order": order,
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
            ends = InputOrderEnds(
                input_end_times,
                order,
                period_starts,
                functools.partial(
                    _input_period_codes, period_codes, order, period_starts, self._cache
                ),
            )
        object.__setattr__(self, "_ends", ends)

    def __setattr__(self, name, value):
        raise AttributeError(f"Timeline is immutable; cannot set {name!r}.")

    def __repr__(self):
        return (
            f"Timeline(n_samples={self.n_samples}, n_periods={self.n_periods}, "
            f"kind={self.kind!r}, sorted_input={self.order is None})"
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
        """Sorted position of the first sample whose end time is at or after ``time``.

        Before it no label reaches ``time``, so the purge only looks from there on.
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
        return self.times.shape[0]

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
        return self.times[self.period_starts[period]]

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
        through ``order``) and cached. Only meaningful when ``order`` is not None.
        """
        return _input_period_codes(
            self.period_codes, self.order, self.period_starts, self._cache
        )

    def period_of_offset(self, offset):
        """Index of the period that starts at or contains sorted position ``offset``."""
        return int(np.searchsorted(self.period_starts, offset, side="right")) - 1

    def first_offset_after(self, time):
        """Sorted position of the first sample whose time is strictly after ``time``."""
        return int(np.searchsorted(self.times, time, side="right"))

    def period_index_at_or_after(self, time):
        """Index of the first period whose time is at or after ``time``."""
        # The first sample at or after ``time`` starts a period (or is past the end).
        offset = np.searchsorted(self.times, time, side="left")
        return int(np.searchsorted(self.period_starts, offset, side="left"))

    def display(self, value):
        """Turn an internal numeric time back into what the user passed."""
        if self.kind == _DATETIME:
            return pd.Timestamp(int(value), unit="ns", tz="UTC").tz_convert(self.tz)
        if self.kind == _TIMEDELTA:
            return pd.Timedelta(int(value), unit="ns")
        return value.item() if isinstance(value, np.generic) else value


# --------------------------------------------------------------------------------------
# Parameters that carry time: horizon, embargo, sizes and gaps.


def _is_int(value):
    # np.timedelta64 registers as an Integral: it is a duration, not a count.
    return isinstance(value, numbers.Integral) and not isinstance(
        value, bool | np.timedelta64
    )


def _is_duration_like(value):
    return isinstance(value, str | pd.Timedelta | datetime.timedelta | np.timedelta64)


# Parsing a duration string costs pandas tens of microseconds when its code is out
# of cache, each split and each parameter check; the same few strings recur.
_parse_duration_string = functools.lru_cache(maxsize=256)(pd.Timedelta)


def _duration_ns(value, name):
    try:
        if isinstance(value, str):
            duration = _parse_duration_string(value)
        else:
            duration = pd.Timedelta(value)
    except (ValueError, TypeError) as exc:
        raise ValueError(
            f"{name}={value!r} is not a duration pandas understands; pass e.g. '5D', "
            "'12h' or pd.Timedelta(days=5)."
        ) from exc
    if pd.isna(duration):
        raise ValueError(f"{name} must be a duration, got NaT; pass one such as '5D'.")
    if duration < pd.Timedelta(0):
        raise ValueError(
            f"{name} must not be negative, got {value!r}; pass 0 or a positive "
            "duration."
        )
    try:
        return int(duration.as_unit("ns").value)
    except (OverflowError, ValueError):
        raise ValueError(
            f"{name}={value!r} is longer than the about 292 years nanosecond times "
            "hold; pass a shorter duration."
        ) from None


def check_duration_or_periods(value, name, *, allow_none=False, minimum=0):
    """Validate a size given as an int number of periods or as a duration.

    Returns ``("periods", int)``, ``("duration", int nanoseconds)`` or ``None``.
    """
    if value is None and allow_none:
        return None
    if _is_int(value):
        if value < minimum:
            raise ValueError(
                f"{name} must be an int >= {minimum} (a number of periods) or a "
                f"duration such as '30D', got {value!r}."
            )
        return ("periods", int(value))
    if _is_duration_like(value):
        ns = _duration_ns(value, name)
        if minimum > 0 and ns == 0:
            raise ValueError(f"{name} must be a positive duration, got {value!r}.")
        return ("duration", ns)
    raise TypeError(
        f"{name} must be an int number of periods or a duration such as '30D' "
        f"or pd.Timedelta(days=30), got {type(value).__name__} {value!r}."
    )


def check_embargo(embargo, name="embargo"):
    """Validate ``embargo``: int periods, a fraction in (0, 1) or a duration."""
    if (
        isinstance(embargo, numbers.Real)
        and not _is_int(embargo)
        and not isinstance(embargo, np.timedelta64)
    ):
        if isinstance(embargo, bool) or not 0.0 < float(embargo) < 1.0:
            raise ValueError(
                f"{name} given as a float is a fraction of all periods and must lie "
                f"in (0, 1), got {embargo!r}; pass an int for a number of periods."
            )
        return ("fraction", float(embargo))
    return check_duration_or_periods(embargo, name)


def require_duration_times(timeline, name, value):
    """Refuse a duration parameter when the times are not datetimes or timedeltas;
    ``value`` is the user's duration or its validated count of nanoseconds."""
    if timeline.kind not in _DURATION_KINDS:
        shown = pd.Timedelta(value) if _is_int(value) else value
        raise TypeError(
            f"{name}={shown!r} is a duration, but the times are {timeline.kind}; "
            "pass datetime or timedelta times, or give an int number of periods."
        )


def embargo_stop(timeline, embargo, span_end):
    """Sorted position one past the last sample embargoed after a test block.

    ``span_end`` is the block's last label end time E. The embargo covers the first
    k periods whose time is after E (int k, or a fraction of all periods rounded
    down), or the times t with E < t <= E + d (a duration d).
    """
    start = timeline.first_offset_after(span_end)
    if embargo is None:
        return start
    unit, amount = embargo
    if unit == "duration":
        return timeline.first_offset_after(shifted(span_end, amount))
    n_periods = (
        amount if unit == "periods" else fraction_of_periods(amount, timeline.n_periods)
    )
    if n_periods == 0 or start >= timeline.n_samples:
        return start
    first_period = timeline.period_of_offset(start)
    last = min(first_period + n_periods, timeline.n_periods)
    return int(timeline.period_starts[last])


def fraction_of_periods(fraction, n_periods):
    """``floor(fraction * n_periods)`` for the fraction as written: 0.29 of 100
    periods is 29, where the float product 28.999... would give 28."""
    return math.floor(Fraction(repr(float(fraction))) * n_periods)


def resolve_embargo(timeline, embargo):
    """Check a validated embargo against the data; None when it removes nothing."""
    if embargo is None:
        return None
    unit, amount = embargo
    if unit == "duration":
        require_duration_times(timeline, "embargo", pd.Timedelta(amount))
        span = int(timeline.times[-1]) - int(timeline.times[0])
        if amount >= span > 0:
            raise ValueError(
                f"embargo={pd.Timedelta(amount)} is at least the whole time span of "
                f"the data ({pd.Timedelta(span)}); it would remove every sample after "
                "each test block. Pass a shorter embargo."
            )
    elif unit == "periods" and amount >= timeline.n_periods:
        raise ValueError(
            f"embargo={amount} periods is not smaller than the number of periods "
            f"(distinct times: {timeline.n_periods}); it would remove every sample "
            "after each test block. Pass a smaller embargo."
        )
    return None if amount == 0 else embargo


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


def _input_period_codes(period_codes, order, period_starts, cache):
    """:meth:`Timeline.input_period_codes` from the parts of the timeline it
    reads (``cache`` is the timeline's own)."""
    if period_codes is not None:
        return period_codes
    if "period_codes" not in cache:
        n_periods = period_starts.shape[0] - 1
        dtype = np.uint32 if n_periods <= np.iinfo(np.uint32).max else np.uint64
        sorted_codes = np.repeat(
            np.arange(n_periods, dtype=dtype), np.diff(period_starts)
        )
        if order is None:
            codes = sorted_codes
        else:
            codes = np.empty_like(sorted_codes)
            codes[order] = sorted_codes
        bounds = np.arange(n_periods + 1, dtype=np.intp)
        cache["period_codes"] = PeriodCodes(codes, bounds)
    return cache["period_codes"]


def resolve_horizon(horizon):
    """Validate the ``horizon`` constructor parameter."""
    return check_duration_or_periods(horizon, "horizon")


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
    if kind in _DURATION_KINDS and sorted_times[0] == _INT64_MIN:
        raise nat_error(numeric, source)  # NaT, the smallest int64, sorts first
    period_starts = time_order.period_starts
    if end_numeric is not None:
        # Unsorted rows: end times read through the order, never gathered whole.
        ends = {"end_times" if order is None else "input_end_times": end_numeric}
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
    )


def period_bounds_for_sizes(n_periods, n_parts):
    """Period offsets of ``n_parts`` contiguous parts balanced like ``KFold``.

    The first ``n_periods % n_parts`` parts get one period more.
    """
    sizes = np.full(n_parts, n_periods // n_parts, dtype=np.intp)
    sizes[: n_periods % n_parts] += 1
    bounds = np.zeros(n_parts + 1, dtype=np.intp)
    np.cumsum(sizes, out=bounds[1:])
    return bounds
