"""A brute-force reference for ``CutoffSplit``, written from its definitions.

Plain Python over plain values, no numpy, no search: it follows ``docs/cutoffs.md``
and the time model of ``shared/leakage.md``:

- a *period* is a distinct time; an int size counts periods;
- for each cutoff c, the training candidates are the rows whose time is before c
  (with ``train_size``: among the last ``train_size`` periods before c, or at or
  after ``c - train_size``);
- the tested rows are those with ``c + gap <= time < c + gap + test_size``, where a
  time t plus k periods is t itself for k = 0, else the time of the k-th period
  after the first period at or after t (infinitely late when fewer remain); with
  ``test_size=None`` the window ends at the next cutoff plus the same gap (never,
  after the last explicit cutoff);
- lengths of time: a ``pd.Timedelta`` is elapsed time; ``("days", n)`` moves the
  local calendar date by n days at the same wall-clock time, ``("months", n)`` the
  month (day clamped to the month's end), both read back in the times' zone;
- a frequency's cutoffs are the local midnights of the calendar days it names
  (``"MS"`` the first of a month, ``"QS"`` of January, April, July, October,
  ``"YS"`` of January, ``"W-MON"`` Mondays, ``"D"`` every day) from ``start`` to
  ``end``; without ``start`` from the first time's day, keeping those with a
  period before them; without ``end`` up to the last time, keeping those with a
  period at or after their test window's start;
- a cutoff with no training candidate or no tested row is refused
  (``ValueError``), or skipped with ``skip_empty``;
- purging and entity groups as ``_reference._finish``; no embargo.
"""

import calendar
import datetime

import pandas as pd
from _reference import _finish, _resolve, is_int, periods_of

INFINITY = None  # a time later than every time


def _local(t):
    return t.tz_localize(None) if getattr(t, "tz", None) is not None else t


def _zone_of(t):
    return getattr(t, "tz", None)


def _relocalize(wall, tz):
    """A wall-clock time read in zone ``tz`` (refused when it does not exist
    or occurs twice)."""
    if tz is None:
        return wall
    try:
        return pd.Timestamp(wall).tz_localize(
            tz, ambiguous="raise", nonexistent="raise"
        )
    except ValueError as exc:
        raise ValueError(f"not a local time: {exc}") from None


def add(t, size, sign=1):
    """``t`` moved by a length of time (see the module's docstring)."""
    if isinstance(size, pd.Timedelta):
        return t + sign * size
    unit, n = size
    wall = _local(t)
    if unit == "days":
        moved = wall + datetime.timedelta(days=sign * n)
    else:
        month = wall.month - 1 + sign * n
        year, month = wall.year + month // 12, month % 12 + 1
        day = min(wall.day, calendar.monthrange(year, month)[1])
        moved = wall.replace(year=year, month=month, day=day)
    return _relocalize(moved, _zone_of(t))


def advance(periods, t, size):
    """``t`` plus a gap or a test size: periods, or a length of time."""
    if t is INFINITY:
        return INFINITY
    if is_int(size):
        if size == 0:
            return t
        later = [p for p in periods if p >= t]
        return later[size] if len(later) > size else INFINITY
    return add(t, size)


def _before(t, limit):
    return limit is INFINITY or t < limit


def _names(day, frequency):
    """Whether a calendar day is a cutoff of ``frequency``."""
    return {
        "MS": day.day == 1,
        "QS": day.day == 1 and day.month in (1, 4, 7, 10),
        "YS": day.day == 1 and day.month == 1,
        "W-MON": day.weekday() == 0,
        "D": True,
    }[frequency]


def _midnights(frequency, first_day, last_day, tz):
    """Local midnights of the days ``frequency`` names, first to last day."""
    out, day = [], first_day
    while day <= last_day:
        if _names(day, frequency):
            out.append(_relocalize(pd.Timestamp(day), tz))
        day += datetime.timedelta(days=1)
    return out


def frequency_cutoffs(times, frequency, start, end):
    """``(cutoffs, next cutoff after the last)`` of a frequency on the data."""
    tz = _zone_of(times[0])
    first_day = (start if start is not None else _local(min(times))).date()
    last = end if end is not None else _local(max(times))
    cutoffs = [c for c in _midnights(frequency, first_day, last.date(), tz)]
    cutoffs = [c for c in cutoffs if _local(c) <= last]
    if not cutoffs:
        raise ValueError("no cutoff")
    following = _midnights(
        frequency,
        _local(cutoffs[-1]).date() + datetime.timedelta(days=1),
        _local(cutoffs[-1]).date() + datetime.timedelta(days=400),
        tz,
    )[0]
    return cutoffs, following


def cutoff_split(
    times,
    end_times=None,
    *,
    cutoffs,
    start=None,
    end=None,
    test_size=None,
    train_size=None,
    gap=0,
    horizon=0,
    skip_empty=False,
    groups=None,
):
    """Expected ``(train, test)`` pairs of ``CutoffSplit`` (sizes as in the
    module's docstring), and the cutoffs skipped, as ``(splits, skipped)``."""
    times, end_times = _resolve(times, end_times, horizon)
    n = len(times)
    periods = periods_of(times)
    if isinstance(cutoffs, str):
        cutoffs, after_last = frequency_cutoffs(times, cutoffs, start, end)
        trim_start, trim_end = start is None, end is None
    else:
        cutoffs, after_last = list(cutoffs), INFINITY
        trim_start = trim_end = False
    following = cutoffs[1:] + [after_last]
    windows = []
    for cutoff, next_cutoff in zip(cutoffs, following):
        test_from = advance(periods, cutoff, gap)
        if test_size is None:
            until = advance(periods, next_cutoff, gap)
        else:
            until = advance(periods, test_from, test_size)
        candidates = [i for i in range(n) if times[i] < cutoff]
        if train_size is not None:
            before = [p for p in periods if p < cutoff]
            if is_int(train_size):
                kept = set(before[-train_size:])
            else:
                oldest = add(cutoff, train_size, sign=-1)
                kept = {p for p in before if p >= oldest}
            candidates = [i for i in candidates if times[i] in kept]
        test = []
        if test_from is not INFINITY:
            test = [
                i
                for i in range(n)
                if test_from <= times[i] and _before(times[i], until)
            ]
        if trim_start and not any(p < cutoff for p in periods):
            continue
        if trim_end and (
            test_from is INFINITY or not any(p >= test_from for p in periods)
        ):
            continue
        windows.append((cutoff, candidates, test))
    if not windows:
        raise ValueError("no cutoff inside the data")
    splits, skipped = [], []
    for cutoff, candidates, test in windows:
        if not candidates or not test:
            if not skip_empty:
                raise ValueError(f"cutoff {cutoff} has an empty window")
            skipped.append(cutoff)
            continue
        splits.append(_finish(candidates, test, times, end_times, groups, set()))
    if not splits:
        raise ValueError("every window is empty")
    return splits, skipped
