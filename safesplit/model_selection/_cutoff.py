"""Calendar-aligned walk-forward: train before each cutoff, test the window after it.

The window arithmetic is a handful of pure functions over the periods (sorted
distinct times) of a timeline, vectorised over the cutoffs; :class:`CutoffSplit` is
a thin class around them (its parameter checks are in ``_cutoff_params``), and the
shared engine purges overlapping labels, removes tested entities and yields the rows.
"""

import warnings
from dataclasses import dataclass
from functools import partial

import numpy as np
import pandas as pd

from safesplit.model_selection._base import TIME_PARAMETER_CHECKS, BaseTimeSplitter
from safesplit.model_selection._cutoff_params import (
    check_bool,
    check_bound,
    check_bounds,
    check_cutoffs,
    check_window_size,
    frequency_cutoffs,
    in_zone,
    next_cutoff,
)
from safesplit.model_selection._engine import SplitPlan
from safesplit.model_selection._time_values import _DATETIME, _TIMEDELTA

__all__ = ["CutoffSplit", "cutoff_windows"]

_SKIP_HINT = (
    "or pass skip_empty=True to skip such cutoffs (they are then named in a "
    "warning and in get_cutoffs)"
)

# --------------------------------------------------------------------------------------
# Cutoffs as numbers of a timeline.


@dataclass(frozen=True)
class Cutoffs:
    """Cutoffs of one call in the timeline's numbers.

    ``next_times[j]`` is the cutoff after ``times[j]`` (the frequency applied
    once more after the last one); ``open_last`` says the last explicit cutoff has
    none, so its test window runs to the end of the data. ``trim_start`` and
    ``trim_end`` ask to drop the cutoffs of a frequency with no period before them
    or none at or after their test start (``start`` or ``end`` not given).
    """

    times: np.ndarray
    next_times: np.ndarray
    open_last: bool = False
    trim_start: bool = False
    trim_end: bool = False


def _to_numbers(index, tz, what):
    """Datetimes as the timeline's numbers; naive ones read as wall-clock times in
    the zone ``tz`` of aware times."""
    if index.tz is not None:
        if tz is None:
            raise TypeError(
                f"{what} are time-zone aware ({index.tz}) but the times are naive; "
                "make both aware or both naive."
            )
    elif tz is not None:
        local, why = in_zone(index, tz)
        if why is not None:
            raise ValueError(
                f"{what} are read as local times in {tz}, but: {index[local]} {why}. "
                "Give them time-zone aware, or choose cutoffs away from the clock "
                "change."
            )
        index = local
    return index.as_unit("ns").asi8


def resolve_cutoffs(timeline, params):
    """The :class:`Cutoffs` of the resolved ``params`` on ``timeline``."""
    cutoffs = params["cutoffs"]
    if cutoffs[0] == "times":
        _, numbers_, kind, tz = cutoffs
        if kind != timeline.kind and not (
            kind == "numeric" and timeline.kind == "row order"
        ):
            raise TypeError(
                f"cutoffs are {kind} values but the times are {timeline.kind}; give "
                "cutoffs of the same kind as the times."
            )
        if kind == _DATETIME:
            index = pd.DatetimeIndex(numbers_.view("M8[ns]"))
            if tz is not None:
                index = index.tz_localize("UTC").tz_convert(tz)
            numbers_ = _to_numbers(index, timeline.tz, "cutoffs")
        next_times = np.concatenate([numbers_[1:], numbers_[-1:]])
        return Cutoffs(numbers_, next_times, open_last=True)
    _, offset, given = cutoffs
    if timeline.kind != _DATETIME:
        raise TypeError(
            f"cutoffs={given!r} is a calendar frequency, which needs "
            f"datetime times, but the times are {timeline.kind}; pass the cutoffs "
            "as a list of values of the times' kind instead."
        )
    start, end = params["start"], params["end"]
    zone = next((bound.tz for bound in (start, end) if bound is not None), None)
    if zone is not None and timeline.tz is None:
        raise TypeError(
            f"start and end are time-zone aware ({zone}) but the times are naive; "
            "make both aware or both naive."
        )
    local = params["frequency_cutoffs"]
    if local is None:
        local = frequency_cutoffs(offset, *_default_bounds(timeline, start, end, zone))
    if local.shape[0] == 0:
        raise ValueError(
            f"cutoffs={given!r} gives no cutoff between the first and the "
            "last time of the data; use a finer frequency or more data."
        )
    following = local[1:].append(next_cutoff(local, offset))
    what = f"the cutoffs of {given!r}"
    return Cutoffs(
        _to_numbers(local, timeline.tz, what),
        _to_numbers(following, timeline.tz, what),
        trim_start=params["start"] is None,
        trim_end=params["end"] is None,
    )


def _default_bounds(timeline, start, end, zone):
    """``start`` and ``end`` of a frequency, the missing ones from the data: the
    first time's midnight and the last time, in the ``zone`` of a given bound (the
    local wall clock of the times when None)."""

    def as_bound(value):
        stamp = timeline.display(value)
        return stamp.tz_convert(zone) if zone is not None else stamp.tz_localize(None)

    if start is None:
        start = as_bound(timeline.times[0]).normalize()
    if end is None:
        end = as_bound(timeline.times[-1])
    return start, end


# --------------------------------------------------------------------------------------
# The windows: pure arithmetic over period indices, vectorised over the cutoffs.


@dataclass(frozen=True)
class Windows:
    """Period ranges ``[train_start, train_stop)`` and ``[test_start, test_stop)``
    of each cutoff."""

    train_start: np.ndarray
    train_stop: np.ndarray
    test_start: np.ndarray
    test_stop: np.ndarray


def size_for(timeline, size, name, given):
    """A validated size checked against the kind of times: an offset becomes a
    duration on timedelta times; durations and offsets need datetime times.
    ``given`` is the size as the user wrote it, for the message."""
    if size is None or size[0] == "periods":
        return size
    if timeline.kind == _TIMEDELTA and size[0] == "offset":
        try:
            return ("duration", int(pd.Timedelta(size[1]).as_unit("ns").value))
        except (ValueError, TypeError):
            pass
    if timeline.kind == _DATETIME or (
        timeline.kind == _TIMEDELTA and size[0] != "offset"
    ):
        return size
    extra = "" if timeline.kind != _TIMEDELTA else " or a pd.Timedelta"
    raise TypeError(
        f"{name}={given!r} is a length of time, but the times are {timeline.kind}; "
        f"give an int number of periods{extra}."
    )


def shift(timeline, values, size, sign, name):
    """Times ``values`` moved by a duration, or by a calendar offset on the local
    wall clock of the times' zone (then read back in it), ``sign`` +1 forward, -1
    back.

    The wall clock is moved explicitly, not the aware time: pandas 2 adds a
    ``Day`` as 24 elapsed hours to an aware time, and versions differ on a time
    the move lands on that the clocks skip or show twice (refused here).
    """
    unit, amount = size
    if unit == "duration":
        return values + sign * amount
    walls = []
    for value in values:  # one per cutoff: pandas' calendar arithmetic on scalars
        wall = timeline.display(value).tz_localize(None)
        walls.append(wall + amount if sign > 0 else wall - amount)
    walls = pd.DatetimeIndex(walls)
    moved, why = in_zone(walls, timeline.tz)
    if why is not None:
        raise ValueError(
            f"{name}={amount!r} moves {timeline.display(values[moved])} to "
            f"{walls[moved]}, which {why} in {timeline.tz}; give cutoffs away from "
            "the clock change, or a pd.Timedelta."
        )
    return moved.as_unit("ns").asi8


def _advance(timeline, values, gap, at_or_after, name="gap"):
    """``(first period index, time)`` of windows starting ``gap`` after ``values``.

    An int gap k skips the first k periods at or after each value (the window then
    starts at the time of the next period); a length of time is added.
    """
    n_periods = timeline.n_periods
    if gap[0] == "periods":
        start = np.minimum(at_or_after + gap[1], n_periods)
        if gap[1] == 0:
            return start, values
        period_times = timeline.period_times
        times = np.where(
            start < n_periods, period_times[np.minimum(start, n_periods - 1)], values
        )
        return start, times
    moved = shift(timeline, values, gap, +1, name)
    return np.searchsorted(timeline.period_times, moved, side="left"), moved


def cutoff_windows(timeline, cutoffs, test_size, train_size, gap):
    """The :class:`Windows` of each cutoff, as period indices.

    Training periods are those before the cutoff (the last ``train_size`` of
    them, or those at or after ``cutoff - train_size``); tested periods those in
    ``[cutoff + gap, cutoff + gap + test_size)``, or up to the next cutoff plus
    the same gap when ``test_size`` is None (the end of the data after the last
    explicit cutoff). Sizes are validated: periods, durations or offsets.
    """
    period_times = timeline.period_times
    n_periods = timeline.n_periods
    times = cutoffs.times
    train_stop = np.searchsorted(period_times, times, side="left")
    if train_size is None:
        train_start = np.zeros_like(train_stop)
    elif train_size[0] == "periods":
        train_start = np.maximum(train_stop - train_size[1], 0)
    else:
        oldest = shift(timeline, times, train_size, -1, "train_size")
        train_start = np.searchsorted(period_times, oldest, side="left")
    test_start, test_from = _advance(timeline, times, gap, train_stop)
    if test_size is None:
        next_at = np.searchsorted(period_times, cutoffs.next_times, side="left")
        test_stop, _ = _advance(timeline, cutoffs.next_times, gap, next_at)
        if cutoffs.open_last:
            test_stop[-1] = n_periods
    elif test_size[0] == "periods":
        test_stop = np.minimum(test_start + test_size[1], n_periods)
    else:
        until = shift(timeline, test_from, test_size, +1, "test_size")
        test_stop = np.searchsorted(period_times, until, side="left")
    return Windows(train_start, train_stop, test_start, test_stop)


def trim_mask(cutoffs, windows, n_periods):
    """Which cutoffs of a frequency stay when ``start`` or ``end`` is not given:
    those with a period before them and one at or after their test start."""
    keep = np.ones(windows.train_stop.shape[0], dtype=bool)
    if cutoffs.trim_start:
        keep &= windows.train_stop > 0
    if cutoffs.trim_end:
        keep &= windows.test_start < n_periods
    return keep


def empty_reasons(windows):
    """For each cutoff, why its windows are empty (``""`` when neither is)."""
    no_train = windows.train_stop <= windows.train_start
    no_test = windows.test_stop <= windows.test_start
    reasons = np.full(no_train.shape[0], "", dtype=object)
    reasons[no_test] = "empty test window"
    reasons[no_train] = "empty training window"
    reasons[no_train & no_test] = "empty training and test windows"
    return reasons


# --------------------------------------------------------------------------------------
# The splitter.


@dataclass(frozen=True)
class Schedule:
    """Every cutoff of one call, its windows, and which give a split."""

    times: np.ndarray
    windows: Windows
    reasons: np.ndarray
    used: np.ndarray


def _window_size(**kwargs):
    return partial(check_window_size, **kwargs)


def cutoff_schedule(timeline, params):
    """The :class:`Schedule` of the resolved ``params`` on ``timeline``."""
    cutoffs = resolve_cutoffs(timeline, params)
    sizes = {
        name: size_for(timeline, params[name], name, params["given"][name])
        for name in ("test_size", "train_size", "gap")
    }
    windows = cutoff_windows(timeline, cutoffs, **sizes)
    keep = trim_mask(cutoffs, windows, timeline.n_periods)
    if not keep.any():
        raise ValueError(
            f"cutoffs={params['cutoffs'][2]!r} gives no cutoff with data "
            "before it and after its gap; give start and end, a finer frequency or "
            "more data."
        )
    windows = Windows(*(getattr(windows, f)[keep] for f in Windows.__annotations__))
    reasons = empty_reasons(windows)
    return Schedule(cutoffs.times[keep], windows, reasons, reasons == "")


class CutoffSplit(BaseTimeSplitter):
    """Walk-forward validation at calendar cutoffs: train before, test after.

    For each cutoff, the training rows are those whose time is before it (all of
    them, or only the last ``train_size``) and the tested rows those in
    ``[cutoff + gap, cutoff + gap + test_size)``; by default a test window runs
    up to the next cutoff (plus the same gap), so the windows tile the time axis.
    Training labels that reach into the test window are purged, and, given
    ``groups``, rows of any tested entity are removed from training. Rows that
    share a time (a panel) always stay together; rows need not be sorted.

    Parameters
    ----------
    cutoffs : str, pandas offset or array-like
        A pandas frequency (``"MS"`` month starts, ``"QS"``, ``"YS"``,
        ``"W-MON"``...) for cutoffs at that calendar rhythm between ``start`` and
        ``end``, in the local time of aware times (a monthly cutoff in
        Europe/Paris is local midnight of the first day); or the cutoff times
        themselves, strictly increasing: dates (strings too), timedeltas or
        numbers, of the kind of the times. Naive dates with aware times are local
        times in the times' zone.
    start, end : str or datetime, default=None
        First and last possible cutoff of a frequency (both included, as
        ``pd.date_range``). ``start=None`` starts at the first cutoff after the
        first time of the data; ``end=None`` ends at the last cutoff whose test
        window starts within the data. Only with a frequency.
    test_size : int, str, pd.Timedelta or pandas offset, default=None
        Length of each test window: an int number of periods (distinct times);
        a str read as a pandas frequency (``"12MS"`` twelve months from a month
        start, ``"7D"`` seven calendar days, ``"12h"``); a pandas offset such as
        ``pd.DateOffset(months=12)``; or a ``pd.Timedelta`` (elapsed time). None
        tests up to the next cutoff, and after the last explicit cutoff up to
        the end of the data.
    train_size : int, str, pd.Timedelta or pandas offset, default=None
        Only the last ``train_size`` before each cutoff trains (sliding window):
        a number of periods, or the times at or after ``cutoff - train_size``.
        None trains on everything before the cutoff (expanding window).
    gap : int, str, pd.Timedelta or pandas offset, default=0
        Left out between the cutoff and the test window: an int k skips the first
        k periods at or after the cutoff; a length of time moves the window's
        start.
    horizon : int or str or pd.Timedelta, default=0
        Label horizon, used when ``end_times`` are not passed to ``split``: an int
        number of periods or a duration.
    skip_empty : bool, default=False
        A cutoff whose training or test window holds no sample is refused with a
        message naming it; with True it is skipped instead, named in a
        ``UserWarning``, and listed by :meth:`get_cutoffs`.
    time_column : str, default=None
        Column of a DataFrame ``X`` that holds the times.

    See Also
    --------
    WalkForward : Windows counted back from the end of the data.
    describe_splits : What each split kept, purged and left unused.

    Notes
    -----
    There is no ``embargo``: nothing after a test window trains, so there is
    nothing to embargo; ``gap`` is the space before it. Frequencies and sizes
    given as offsets need datetime times; with numbers or timedeltas pass
    explicit cutoffs and int sizes (or ``pd.Timedelta`` for timedeltas).

    Examples
    --------
    >>> import numpy as np
    >>> import pandas as pd
    >>> from safesplit import CutoffSplit
    >>> times = pd.date_range("2024-01-01", "2024-04-30", freq="D")
    >>> X = np.zeros((len(times), 1))
    >>> cv = CutoffSplit("MS", start="2024-02-01", horizon="2D")
    >>> for train, test in cv.split(X, times=times):
    ...     last_train, first_test, last_test = times[[train[-1], test[0], test[-1]]]
    ...     print(last_train.date(), first_test.date(), last_test.date())
    2024-01-29 2024-02-01 2024-02-29
    2024-02-27 2024-03-01 2024-03-31
    2024-03-29 2024-04-01 2024-04-30
    """

    _parameter_checks = {
        "cutoffs": check_cutoffs,
        "start": check_bound,
        "end": check_bound,
        "test_size": _window_size(allow_none=True, minimum=1),
        "train_size": _window_size(allow_none=True, minimum=1),
        "gap": _window_size(minimum=0),
        "horizon": TIME_PARAMETER_CHECKS["horizon"],
        "skip_empty": check_bool,
        "time_column": TIME_PARAMETER_CHECKS["time_column"],
    }

    def __init__(
        self,
        cutoffs,
        *,
        start=None,
        end=None,
        test_size=None,
        train_size=None,
        gap=0,
        horizon=0,
        skip_empty=False,
        time_column=None,
    ):
        self.cutoffs = cutoffs
        self.start = start
        self.end = end
        self.test_size = test_size
        self.train_size = train_size
        self.gap = gap
        self.horizon = horizon
        self.skip_empty = skip_empty
        self.time_column = time_column
        self._resolved_params()

    def _check_parameter_combination(self, params):
        local = check_bounds(params["cutoffs"], params["start"], params["end"])
        # The sizes as given, for messages that depend on the times.
        given = {
            name: getattr(self, name) for name in ("test_size", "train_size", "gap")
        }
        return {"frequency_cutoffs": local, "given": given}

    def get_n_splits(self, X=None, y=None, groups=None, *, times=None, end_times=None):
        """Return the number of splitting iterations.

        It follows from the parameters when the cutoffs do (explicit cutoffs, or
        a frequency with ``start`` and ``end``, and ``skip_empty=False``); else it
        depends on the times of ``X``, which must then be given.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features), default=None
            The data, as passed to ``split``; needed only when the cutoffs depend
            on it.
        y : object
            Ignored.
        groups : object
            Ignored.
        times, end_times : array-like of shape (n_samples,), default=None
            As passed to ``split``.

        Returns
        -------
        n_splits : int
            The number of splits ``split`` yields on this data.
        """
        params = self._resolved_params()
        if not params["skip_empty"]:
            if params["cutoffs"][0] == "times":
                return int(params["cutoffs"][1].shape[0])
            if params["frequency_cutoffs"] is not None:
                return int(params["frequency_cutoffs"].shape[0])
        if X is None:
            raise ValueError(
                f"{self!r} takes its cutoffs from the data (start or end is None, or "
                "skip_empty=True), so the number of splits depends on it: pass X "
                "(and times) to get_n_splits, or give start, end and "
                "skip_empty=False."
            )
        timeline = self._timeline(X, params, times=times, end_times=end_times)
        return len(self._used_windows(timeline, params, warn=False))

    def get_cutoffs(self, X, y=None, groups=None, *, times=None, end_times=None):
        """Every cutoff on this data, the split it gives, or why it is skipped.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            The data, as passed to ``split``.
        y : object
            Ignored.
        groups : array-like of shape (n_samples,), default=None
            As passed to ``split``.
        times, end_times : array-like of shape (n_samples,), default=None
            As passed to ``split``.

        Returns
        -------
        cutoffs : pandas.DataFrame
            One row per cutoff: ``cutoff`` (a time of the kind of the times),
            ``split`` (its split number, missing when skipped),
            ``n_train_periods`` and ``n_test_periods`` (distinct times in its
            windows, before purging) and ``skipped`` (why, or ``""``). Empty
            windows are listed here whatever ``skip_empty`` says.

        Examples
        --------
        >>> import numpy as np
        >>> import pandas as pd
        >>> from safesplit import CutoffSplit
        >>> times = pd.to_datetime(["2024-01-05", "2024-01-20", "2024-03-10"])
        >>> cv = CutoffSplit("MS", skip_empty=True)
        >>> cv.get_cutoffs(np.zeros((3, 1)), times=times)
              cutoff  split  n_train_periods  n_test_periods            skipped
        0 2024-02-01   <NA>                2               0  empty test window
        1 2024-03-01      0                2               1
        """
        params = self._resolved_params()
        timeline = self._timeline(X, params, times=times, end_times=end_times)
        schedule = cutoff_schedule(timeline, params)
        windows = schedule.windows
        split = np.cumsum(schedule.used) - 1
        return pd.DataFrame(
            {
                "cutoff": [timeline.display(t) for t in schedule.times],
                "split": pd.Series(split, dtype="Int64").where(schedule.used),
                "n_train_periods": windows.train_stop - windows.train_start,
                "n_test_periods": np.maximum(windows.test_stop - windows.test_start, 0),
                "skipped": schedule.reasons,
            }
        )

    def _used_windows(self, timeline, params, warn=True):
        """``[(train range, test range)]`` of the cutoffs that give a split;
        refuses an empty window, or skips it (with a warning) when asked."""
        schedule = cutoff_schedule(timeline, params)
        empty = np.flatnonzero(~schedule.used)
        if empty.size and not params["skip_empty"]:
            first = int(empty[0])
            raise ValueError(self._empty_message(timeline, schedule, first, empty.size))
        if empty.size == schedule.used.shape[0]:
            raise ValueError(
                f"CutoffSplit: every one of the {empty.size} cutoffs has an empty "
                "window, so there is nothing to split; check that the cutoffs fall "
                "within the data's times "
                f"({timeline.display(timeline.times[0])} to "
                f"{timeline.display(timeline.times[-1])})."
            )
        if empty.size and warn:
            skipped = ", ".join(
                f"{timeline.display(schedule.times[j])} ({schedule.reasons[j]})"
                for j in empty
            )
            warnings.warn(
                f"CutoffSplit skipped {empty.size} of {schedule.used.shape[0]} "
                f"cutoffs whose windows hold no sample: {skipped}. "
                "get_cutoffs(X, ...) lists every cutoff.",
                UserWarning,
                stacklevel=5,  # split's caller
            )
        windows = schedule.windows
        return [
            (
                (int(windows.train_start[j]), int(windows.train_stop[j])),
                (int(windows.test_start[j]), int(windows.test_stop[j])),
            )
            for j in np.flatnonzero(schedule.used)
        ]

    def _empty_message(self, timeline, schedule, index, n_empty):
        reason = schedule.reasons[index]
        if "training" in reason:
            where, fix = "before it", "move it later"
            if self.train_size is not None:
                where = f"in its training window (train_size={self.train_size!r})"
                fix += " or lengthen train_size"
        else:
            span = f"test_size={self.test_size!r}"
            if self.test_size is None:
                span = "up to the next cutoff"
            where = f"in its test window (gap={self.gap!r}, {span})"
            fix = "move it earlier, shorten gap or lengthen test_size"
        return (
            f"CutoffSplit: cutoff {timeline.display(schedule.times[index])} has an "
            f"{reason}: no sample {where}, and the data's times run from "
            f"{timeline.display(timeline.times[0])} to "
            f"{timeline.display(timeline.times[-1])} ({n_empty} of "
            f"{schedule.used.shape[0]} cutoffs have an empty window). Remove this "
            f"cutoff, {fix}, {_SKIP_HINT}."
        )

    def _plans(self, timeline, params):
        for train, test in self._used_windows(timeline, params):
            yield SplitPlan((test,), train, embargo=False)
