"""The parameters of :class:`~safesplit.model_selection.CutoffSplit`: cutoffs as a
pandas frequency or as times, the bounds of a frequency, and window sizes as periods,
durations or calendar offsets. Each check takes ``(value, name)`` and returns the
resolved value, as ``BaseTimeSplitter`` expects."""

import numbers

import numpy as np
import pandas as pd
from pandas.tseries.frequencies import to_offset

from safesplit.model_selection._time_params import check_duration_or_periods
from safesplit.model_selection._time_values import _numeric_times

FREQUENCIES = "'MS' (month starts), 'QS', 'YS' or 'W-MON'"
# A Monday that starts a year: the common anchored offsets sit on it, so adding
# one tells whether it moves time forward.
_ON_OFFSET = pd.Timestamp("2001-01-01")


def _as_offset(value):
    """``(offset, None)``, or ``(None, pandas' reason)`` when ``value`` is not a
    frequency."""
    try:
        return to_offset(value), None
    except (ValueError, TypeError) as exc:
        return None, str(exc)


def is_fixed(offset):
    """Whether a pandas offset is a fixed length of time (hours, minutes...).

    A day is a calendar day, 23 or 25 hours long across a daylight-saving change:
    pandas 3 says so, but pandas 2 counts ``Day`` among its fixed-length ``Tick``
    offsets, so it is excluded by name to mean the same on every version.
    """
    return isinstance(offset, pd.offsets.Tick) and not isinstance(
        offset, pd.offsets.Day
    )


def _moves_forward(offset, strictly):
    moved = _ON_OFFSET + offset
    return moved > _ON_OFFSET if strictly else moved >= _ON_OFFSET


def check_cutoffs(value, name="cutoffs"):
    """``("frequency", offset)`` for a pandas frequency, or ``("times", numbers,
    kind, tz)`` for explicit cutoff times, strictly increasing."""
    if isinstance(value, str | pd.offsets.BaseOffset):
        offset, reason = _as_offset(value)
        if offset is None:
            raise ValueError(
                f"{name}={value!r} is not a pandas frequency such as {FREQUENCIES} "
                f"(pandas: {reason}); pass a frequency, or the cutoff times as a "
                "list such as ['2024-01-01', '2024-07-01']."
            )
        if not _moves_forward(offset, strictly=True):
            raise ValueError(
                f"{name}={value!r} does not move time forward; pass a positive "
                f"frequency such as {FREQUENCIES}."
            )
        return ("frequency", offset, value)
    if np.ndim(value) != 1:
        raise TypeError(
            f"{name} must be a pandas frequency (a str such as 'MS') or a "
            f"one-dimensional list of cutoff times, got {type(value).__name__} "
            f"{value!r}."
        )
    if len(value) == 0:
        raise ValueError(f"{name} is empty; pass at least one cutoff time.")
    values = np.asarray(value)
    items = list(value)  # positions, whatever the index of a Series
    if values.dtype.kind in "US" or all(isinstance(v, str) for v in items):
        try:
            values = pd.DatetimeIndex(pd.to_datetime(list(values)))
        except (ValueError, TypeError) as exc:
            raise ValueError(
                f"{name} holds strings that are not dates ({exc}); pass dates such "
                "as '2024-01-01', or a frequency such as 'MS' as a single str."
            ) from None
    numeric, kind, tz = _numeric_times(values, name)
    before = np.flatnonzero(numeric[1:] <= numeric[:-1])
    if before.size:
        i = int(before[0])
        raise ValueError(
            f"{name} must be strictly increasing (one split per cutoff, in time "
            f"order), but position {i + 1} ({items[i + 1]!r}) is not after position "
            f"{i} ({items[i]!r}); sort them and drop duplicates."
        )
    return ("times", numeric, kind, tz)


def check_bound(value, name):
    """A date bounding the cutoffs of a frequency (``start``, ``end``), or None."""
    if value is None:
        return None
    if isinstance(value, bool | numbers.Number):
        raise TypeError(
            f"{name} bounds the cutoffs of a frequency and must be a date (a str "
            "such as '2020-01-01', a datetime or a pd.Timestamp), got "
            f"{type(value).__name__} {value!r}."
        )
    try:
        stamp = pd.Timestamp(value)
    except (ValueError, TypeError):
        raise ValueError(
            f"{name}={value!r} is not a date pandas understands; pass e.g. "
            "'2020-01-01' or pd.Timestamp('2020-01-01')."
        ) from None
    if pd.isna(stamp):
        raise ValueError(f"{name} must be a date, got NaT.")
    return stamp


def check_window_size(value, name, *, allow_none=False, minimum=0):
    """A window size or gap: ``("periods", int)``, ``("duration", ns)`` or
    ``("offset", pandas offset)``; None where allowed.

    A str is read as a pandas frequency (``"12MS"`` is twelve month starts,
    ``"7D"`` seven calendar days) where pandas' ``Timedelta`` would read ``"MS"``
    as milliseconds; an offset of fixed length (hours, minutes) is a duration.
    """
    if value is None and allow_none:
        return None
    given = value
    if isinstance(value, str):
        value, reason = _as_offset(value)
        if value is None:
            try:
                value = pd.Timedelta(given)
            except (ValueError, TypeError):
                raise ValueError(
                    f"{name}={given!r} is neither a pandas frequency (such as '12MS' "
                    f"for twelve month starts, '7D' or '12h'; pandas: {reason}) nor "
                    "a duration; pass one of those, an int number of periods, a "
                    "pandas offset or a pd.Timedelta."
                ) from None
    if is_fixed(value):  # a fixed length: a duration
        value = pd.Timedelta(value)
    if isinstance(value, pd.offsets.BaseOffset):
        if not _moves_forward(value, strictly=minimum > 0):
            need = "forward" if minimum > 0 else "forward (or stay)"
            raise ValueError(
                f"{name}={given!r} must move time {need}; pass a positive offset "
                "such as '12MS' or pd.DateOffset(months=12)."
            )
        return ("offset", value)
    if isinstance(given, str) and isinstance(value, pd.Timedelta):
        if value < pd.Timedelta(0) or (minimum > 0 and value == pd.Timedelta(0)):
            raise ValueError(
                f"{name}={given!r} must be a positive length of time"
                f"{'' if minimum > 0 else ' (or zero)'}."
            )
        return ("duration", int(value.as_unit("ns").value))
    return check_duration_or_periods(value, name, minimum=minimum)


def check_bool(value, name):
    if not isinstance(value, bool | np.bool_):
        raise TypeError(
            f"{name} must be True or False, got {type(value).__name__} {value!r}."
        )
    return bool(value)


def in_zone(wall, tz):
    """``(times, None)``: the naive wall-clock times ``wall`` (a DatetimeIndex)
    read in zone ``tz`` (unchanged when None); or ``(position, why)`` when
    ``wall[position]`` is the first that the clocks skip or show twice at a
    change, ``why`` saying which.

    pandas refuses such a time with its own error, which differs between versions
    (pandas 2 raises pytz's errors, which are not ValueErrors, pandas 3 a
    ValueError): asking for NaT instead lets every version refuse it in one way.
    """
    if tz is None:
        return wall, None
    times = wall.tz_localize(tz, ambiguous="NaT", nonexistent="NaT")
    bad = np.flatnonzero(times.isna() & ~wall.isna())
    if not bad.size:
        return times, None
    position = int(bad[0])
    earlier = wall[position : position + 1].tz_localize(
        tz, ambiguous=np.array([True]), nonexistent="NaT"
    )
    if earlier.isna()[0]:
        return position, "is a nonexistent time (the clocks skip it)"
    return position, "is ambiguous (the clocks show it twice)"


def frequency_cutoffs(offset, start, end):
    """The cutoffs of a frequency from ``start`` to ``end`` (both included, as
    ``pd.date_range``): naive bounds give wall-clock times, aware ones (both in one
    zone) local times of their zone, where a calendar frequency steps on the wall
    clock and a local time the clocks skip or show twice is refused."""
    if start.tz is None or is_fixed(offset):  # a fixed step never meets a change
        return pd.date_range(start, end, freq=offset)
    wall = pd.date_range(start.tz_localize(None), end.tz_localize(None), freq=offset)
    cutoffs, why = in_zone(wall, start.tz)
    if why is not None:
        raise ValueError(
            f"The cutoffs of {offset.freqstr!r} from start={start} to end={end} "
            f"meet a clock change: {wall[cutoffs]} {why} in {start.tz}; give start "
            "and end in a zone without this change (such as UTC), or the cutoffs as "
            "a list."
        )
    return cutoffs


def next_cutoff(local, offset):
    """The cutoff of the frequency ``offset`` after the last of ``local``, stepped
    as ``frequency_cutoffs`` steps: a calendar step on the wall clock of the
    cutoffs' zone, a fixed one in elapsed time."""
    last = local[-1]
    if local.tz is None or is_fixed(offset):
        return pd.DatetimeIndex([last + offset])
    wall = pd.DatetimeIndex([last.tz_localize(None) + offset])
    following, why = in_zone(wall, local.tz)
    if why is not None:
        raise ValueError(
            f"The cutoff of {offset.freqstr!r} after {last} meets a clock change: "
            f"{wall[following]} {why} in {local.tz}; give end in a zone without this "
            "change (such as UTC), or the cutoffs as a list."
        )
    return following


def check_bounds(cutoffs, start, end):
    """Refuse bounds that cannot go with the cutoffs; the cutoffs of a frequency
    between two given bounds, else None."""
    if cutoffs[0] == "times":
        if start is not None or end is not None:
            raise ValueError(
                "start and end bound the cutoffs of a frequency; with explicit "
                "cutoffs (a list) leave them None and pass only the cutoffs you want."
            )
        return None
    if start is None or end is None:
        return None
    if (start.tz is None) != (end.tz is None) or (
        start.tz is not None and str(start.tz) != str(end.tz)
    ):
        raise TypeError(
            f"start ({start}) and end ({end}) must be in one time zone, or both "
            "naive (then read as local times in the zone of the times)."
        )
    if start > end:
        raise ValueError(f"start={start} is after end={end}; swap them.")
    local = frequency_cutoffs(cutoffs[1], start, end)
    if local.shape[0] == 0:
        raise ValueError(
            f"cutoffs={cutoffs[2]!r} gives no cutoff between start={start} "
            f"and end={end}; widen them or use a finer frequency."
        )
    return local
