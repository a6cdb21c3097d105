"""A brute-force reference for the splitters, written from the definitions.

Plain Python loops over plain Python values, quadratic time, no numpy tricks: it
exists to be obviously correct, so the vectorised splitters can be compared with it
on random inputs. It follows ``shared/leakage.md`` ("Time model of the splitters")
and the splitter descriptions of issue 2:

- a *period* is a distinct value of ``times``; integer sizes count periods;
- without ``end_times``, a label ends at ``time + horizon`` for a duration, or at
  the h-th period after its own (the last period where fewer remain) for an int;
- purging removes a training sample whose closed interval ``[time, end_time]``
  meets the closed span ``[min test time, max test end_time]`` of the test block;
- the embargo removes training samples in the first k periods whose time is after
  ``E = max test end_time`` (int k; a float f means ``floor(f * n_periods)``), or
  with ``E < time <= E + d`` for a duration d;
- entity groups: a training sample whose group occurs in the test set is removed;
- walk-forward: ``TimeSeriesSplit`` on periods, or, with durations, test windows of
  equal duration counted back from the last time, each holding the periods with
  ``lower < time <= upper``; a gap duration removes training times
  ``t >= first_test_time - gap``; a train_size duration keeps training times
  ``t >= first_test_time - gap - train_size``.

Every function returns a list of ``(train, test)`` pairs of sorted Python lists of
positions into the inputs as given (unsorted inputs need no special care here), or
raises ``ValueError`` when a split would have an empty training (or test) set or
the parameters cannot give the requested splits.
"""

import math

import pandas as pd


def is_int(value):
    return isinstance(value, int) and not isinstance(value, bool)


def periods_of(times):
    """The sorted distinct times."""
    return sorted(set(times))


def default_end_times(times, horizon):
    """End times from a horizon: an int number of periods, or a duration."""
    if is_int(horizon):
        periods = periods_of(times)
        last = len(periods) - 1
        position = {p: k for k, p in enumerate(periods)}
        ends = []
        for t in times:
            own = position[t]
            ends.append(periods[min(own + horizon, last)])
        return ends
    duration = pd.Timedelta(horizon)
    return [t + duration for t in times]


def resolved_end_times(panel, horizon):
    """A panel's end times, or its times plus ``horizon`` when it has none."""
    if panel["end_times"] is not None:
        return panel["end_times"]
    return default_end_times(panel["times"], horizon)


def reference_splits(reference, panel, params):
    """The splits ``reference`` (one of the functions here) gives for a panel with
    constructor parameters ``params``, or the ValueError it raises."""
    try:
        return reference(
            panel["times"], panel["end_times"], groups=panel["groups"], **params
        )
    except ValueError as exc:
        return exc


def _resolve(times, end_times, horizon):
    times = list(times)
    if end_times is None:
        end_times = default_end_times(times, horizon)
    end_times = list(end_times)
    assert len(end_times) == len(times)
    for t, e in zip(times, end_times):
        assert e >= t, "the reference expects end_times >= times"
    return times, end_times


def embargoed_times(periods, span_end, embargo):
    """The set of period times embargoed after a test block ending at span_end."""
    after = [p for p in periods if p > span_end]
    if isinstance(embargo, float):
        k = math.floor(embargo * len(periods))
        return set(after[:k])
    if is_int(embargo):
        return set(after[:embargo])
    duration = pd.Timedelta(embargo)
    return {p for p in after if p <= span_end + duration}


def _finish(train_candidates, test, times, end_times, groups, embargoed_times):
    """Remove purged, embargoed and group-sharing samples from the candidates."""
    span_start = min(times[i] for i in test)
    span_end = max(end_times[i] for i in test)
    test_groups = set() if groups is None else {groups[i] for i in test}
    train = []
    for i in train_candidates:
        overlaps = times[i] <= span_end and end_times[i] >= span_start
        embargoed = times[i] in embargoed_times
        shares_group = groups is not None and groups[i] in test_groups
        if not (overlaps or embargoed or shares_group):
            train.append(i)
    if not train:
        raise ValueError("empty training set")
    return sorted(train), sorted(test)


def purged_kfold(times, end_times=None, *, n_splits, horizon=0, embargo=0, groups=None):
    """Expected (train, test) pairs of ``PurgedKFold``."""
    times, end_times = _resolve(times, end_times, horizon)
    n = len(times)
    periods = periods_of(times)
    m = len(periods)
    if n_splits < 2 or n_splits > m:
        raise ValueError("n_splits")
    # KFold on the periods: the first m % n_splits folds get one period more.
    fold_sizes = [
        m // n_splits + (1 if k < m % n_splits else 0) for k in range(n_splits)
    ]
    splits = []
    start = 0
    for size in fold_sizes:
        fold_periods = set(periods[start : start + size])
        start += size
        test = [i for i in range(n) if times[i] in fold_periods]
        candidates = [i for i in range(n) if times[i] not in fold_periods]
        span_end = max(end_times[i] for i in test)
        embargoed = embargoed_times(periods, span_end, embargo)
        splits.append(_finish(candidates, test, times, end_times, groups, embargoed))
    return splits


def _test_windows(periods, n_splits, test_size):
    """The list of test windows (lists of period times) of a walk-forward."""
    m = len(periods)
    if test_size is None or is_int(test_size):
        if n_splits + 1 > m:
            raise ValueError("n_splits")
        size = m // (n_splits + 1) if test_size is None else test_size
        if size < 1:
            raise ValueError("test_size")
        first_start = m - n_splits * size
        if first_start <= 0:
            raise ValueError("too many splits")
        return [periods[s : s + size] for s in range(first_start, m, size)]
    duration = pd.Timedelta(test_size)
    last = periods[-1]
    windows = []
    for k in range(n_splits):
        upper = last - (n_splits - 1 - k) * duration
        lower = upper - duration
        window = [p for p in periods if lower < p <= upper]
        if not window:
            raise ValueError("empty test window")
        windows.append(window)
    return windows


def training_periods(periods, first, gap, train_size):
    """The set of periods a walk-forward split whose test window starts at
    ``first`` may train on: the past, minus the gap, within train_size."""
    before = [p for p in periods if p < first]
    if is_int(gap):
        before = before[: max(len(before) - gap, 0)]
    else:
        before = [p for p in before if p < first - pd.Timedelta(gap)]
    if train_size is not None:
        if is_int(train_size):
            before = before[-train_size:]
        else:
            # The definitions combine a duration train_size with a gap given as a
            # duration (or no gap); an int gap of periods has no duration to
            # subtract.
            assert gap == 0 or not is_int(gap)
            gap_duration = pd.Timedelta(0) if gap == 0 else pd.Timedelta(gap)
            lowest = first - gap_duration - pd.Timedelta(train_size)
            before = [p for p in before if p >= lowest]
    return set(before)


def walk_forward(
    times,
    end_times=None,
    *,
    n_splits,
    test_size=None,
    train_size=None,
    gap=0,
    horizon=0,
    groups=None,
):
    """Expected (train, test) pairs of ``WalkForward``."""
    times, end_times = _resolve(times, end_times, horizon)
    n = len(times)
    periods = periods_of(times)
    splits = []
    for window in _test_windows(periods, n_splits, test_size):
        window = set(window)
        before = training_periods(periods, min(window), gap, train_size)
        test = [i for i in range(n) if times[i] in window]
        candidates = [i for i in range(n) if times[i] in before]
        splits.append(_finish(candidates, test, times, end_times, groups, set()))
    return splits
