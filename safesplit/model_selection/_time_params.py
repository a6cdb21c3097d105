"""Constructor parameters that carry time: horizon, embargo, sizes and gaps.

Each is an int number of periods or a duration (a string pandas parses, a
``Timedelta``, a ``timedelta`` or a ``numpy.timedelta64``), validated once into
``("periods", n)`` or ``("duration", nanoseconds)``; the embargo may also be a
fraction of the periods. The checks against the data (durations need times of
a duration kind; an embargo shorter than the data) read a :class:`Timeline`.
"""

import datetime
import functools
import math
import numbers
from fractions import Fraction

import numpy as np
import pandas as pd

from safesplit.model_selection._time_values import _DATETIME, _TIMEDELTA, shifted

__all__ = [
    "check_duration_or_periods",
    "check_embargo",
    "embargo_stop",
    "period_bounds_for_sizes",
    "require_duration_times",
    "resolve_embargo",
    "resolve_horizon",
]

_DURATION_KINDS = (_DATETIME, _TIMEDELTA)


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
        span = int(timeline.period_times[-1]) - int(timeline.period_times[0])
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


def resolve_horizon(horizon):
    """Validate the ``horizon`` constructor parameter."""
    return check_duration_or_periods(horizon, "horizon")


def period_bounds_for_sizes(n_periods, n_parts):
    """Period offsets of ``n_parts`` contiguous parts balanced like ``KFold``.

    The first ``n_periods % n_parts`` parts get one period more.
    """
    sizes = np.full(n_parts, n_periods // n_parts, dtype=np.intp)
    sizes[: n_periods % n_parts] += 1
    bounds = np.zeros(n_parts + 1, dtype=np.intp)
    np.cumsum(sizes, out=bounds[1:])
    return bounds
