"""Brute-force references for CombinatorialPurgedCV, its backtest paths,
GroupTimeSeriesSplit and purged_train_test_split, written from the definitions.

Plain Python over plain Python values (ints, floats, Timestamps), quadratic time,
no numpy: obviously correct, for comparison with the vectorised code on random
inputs. It follows ``shared/leakage.md`` ("Time model of the splitters",
"Combinatorial purged CV") and issue 3:

- a *period* is a distinct value of ``times``; integer sizes count periods;
- without ``end_times``, a label ends at ``time + horizon`` for a duration, or at
  the time of the h-th period after its own (the last where fewer remain);
- combinatorial CV: the periods are cut into N contiguous groups, the first
  ``m % N`` one period longer (as KFold); each combination of k groups, in
  ``itertools.combinations`` order, is the test set of one split;
- a *test block* is a maximal run of consecutive test periods; its span is
  ``[min time, max end_time]`` over its samples;
- purging removes a training sample whose closed ``[time, end_time]`` meets the
  span of any test block; the embargo after a block with span end E removes the
  first k periods whose time is after E (int k; a float f means
  ``floor(f * n_periods)``), or the times with ``E < t <= E + d`` (duration d);
- entity groups: a training sample whose group occurs in the test set is removed;
- path j of combinatorial CV takes, for each group, its j-th test appearance;
- time buckets: buckets are ordered by time (first time) or by sorted label, and
  a walk-forward runs over them like ``TimeSeriesSplit``; a label ends in the
  last bucket starting at or before its end time and is purged when that bucket
  is tested or later;
- the holdout tests the last ``test_size`` periods (a fraction rounded up, an
  int, or the times after ``last - d``) and purges as above.

Functions return lists of ``(train, test)`` pairs of sorted lists of positions
into the inputs as given, or raise ``ValueError`` when a training set is empty.
"""

import itertools
import math

import pandas as pd
from _reference import default_end_times, embargoed_times, is_int, periods_of


def label_ends(times, end_times, horizon):
    """End times: as given, or from an int horizon (periods) or a duration."""
    if end_times is not None:
        return list(end_times)
    return default_end_times(list(times), horizon)


def blocks_of(test_periods, periods):
    """Maximal runs of consecutive test periods, each a list of period times."""
    blocks = []
    previous = None
    for index, period in enumerate(periods):
        if period not in test_periods:
            continue
        if previous is not None and previous == index - 1:
            blocks[-1].append(period)
        else:
            blocks.append([period])
        previous = index
    return blocks


def purge(candidates, test, times, ends, periods, embargo, groups):
    """Training samples among ``candidates`` once purged, embargoed and
    entity-disjoint; raises ValueError when none is left."""
    test_set = set(test)
    blocks = blocks_of({times[i] for i in test}, periods)
    spans, embargoed = [], set()
    for block in blocks:
        members = [i for i in test if times[i] in block]
        start = min(times[i] for i in members)
        end = max(ends[i] for i in members)
        spans.append((start, end))
        embargoed |= embargoed_times(periods, end, embargo)
    tested_groups = set() if groups is None else {groups[i] for i in test}
    train = []
    for i in candidates:
        assert i not in test_set
        overlaps = any(times[i] <= end and ends[i] >= start for start, end in spans)
        if overlaps or times[i] in embargoed:
            continue
        if groups is not None and groups[i] in tested_groups:
            continue
        train.append(i)
    if not train:
        raise ValueError("empty training set")
    return sorted(train), sorted(test)


def kfold_groups(n_periods, n_groups):
    """Period index ranges of the N contiguous groups, balanced like KFold."""
    sizes = [
        n_periods // n_groups + (1 if g < n_periods % n_groups else 0)
        for g in range(n_groups)
    ]
    ranges, start = [], 0
    for size in sizes:
        ranges.append((start, start + size))
        start += size
    return ranges


def group_of_samples(times, n_groups):
    """The combinatorial group (0..N-1) of each sample."""
    periods = periods_of(times)
    ranges = kfold_groups(len(periods), n_groups)
    group_of_period = {}
    for g, (lo, hi) in enumerate(ranges):
        for p in periods[lo:hi]:
            group_of_period[p] = g
    return [group_of_period[t] for t in times]


def combinatorial(
    times,
    end_times=None,
    *,
    n_groups,
    n_test_groups,
    horizon=0,
    embargo=0,
    groups=None,
):
    """Expected (train, test) pairs of ``CombinatorialPurgedCV``."""
    times = list(times)
    ends = label_ends(times, end_times, horizon)
    periods = periods_of(times)
    if not 1 <= n_test_groups < n_groups <= len(periods):
        raise ValueError("n_groups / n_test_groups")
    group = group_of_samples(times, n_groups)
    n = len(times)
    splits = []
    for combo in itertools.combinations(range(n_groups), n_test_groups):
        test = [i for i in range(n) if group[i] in combo]
        candidates = [i for i in range(n) if group[i] not in combo]
        splits.append(purge(candidates, test, times, ends, periods, embargo, groups))
    return splits


def path_table(n_groups, n_test_groups):
    """``{(split, group): path}``: the j-th split testing a group feeds path j."""
    appearances = {g: 0 for g in range(n_groups)}
    table = {}
    combos = itertools.combinations(range(n_groups), n_test_groups)
    for split, combo in enumerate(combos):
        for g in combo:
            table[(split, g)] = appearances[g]
            appearances[g] += 1
    return table


def bucket_order(groups, times=None):
    """Bucket labels in time order: by first time, else by sorted label."""
    labels = set(groups)
    if times is None:
        return sorted(labels)
    first = {g: min(t for t, h in zip(times, groups) if h == g) for g in labels}
    return sorted(labels, key=lambda g: first[g])


def group_time_series(
    groups,
    times=None,
    end_times=None,
    *,
    n_splits,
    test_size=1,
    train_size=None,
    gap=0,
):
    """Expected (train, test) pairs of ``GroupTimeSeriesSplit``."""
    order = bucket_order(groups, times)
    m = len(order)
    if m < n_splits * test_size + gap + 1:
        raise ValueError("not enough groups")
    rank = {g: r for r, g in enumerate(order)}
    n = len(groups)
    if times is not None and end_times is not None:
        starts = {g: min(t for t, h in zip(times, groups) if h == g) for g in order}
        end_rank = [
            max(r for r, g in enumerate(order) if starts[g] <= end) for end in end_times
        ]
    else:
        end_rank = [rank[g] for g in groups]
    splits = []
    first_test = m - n_splits * test_size
    for k in range(n_splits):
        lo = first_test + k * test_size
        hi = lo + test_size
        train_hi = max(lo - gap, 0)
        train_lo = 0 if train_size is None else max(train_hi - train_size, 0)
        test = [i for i in range(n) if lo <= rank[groups[i]] < hi]
        train = [
            i
            for i in range(n)
            if train_lo <= rank[groups[i]] < train_hi and end_rank[i] < lo
        ]
        if not train:
            raise ValueError("empty training set")
        splits.append((sorted(train), sorted(test)))
    return splits


def holdout(times, end_times=None, *, test_size, horizon=0, groups=None):
    """Expected (train, test) of ``purged_train_test_split``."""
    times = list(times)
    ends = label_ends(times, end_times, horizon)
    periods = periods_of(times)
    m = len(periods)
    if isinstance(test_size, float):
        n_test = math.ceil(test_size * m)
    elif is_int(test_size):
        n_test = test_size
    else:
        lower = periods[-1] - pd.Timedelta(test_size)
        n_test = len([p for p in periods if p > lower])
    if not 1 <= n_test < m:
        raise ValueError("test_size")
    test_periods = set(periods[m - n_test :])
    n = len(times)
    test = [i for i in range(n) if times[i] in test_periods]
    candidates = [i for i in range(n) if times[i] not in test_periods]
    return purge(candidates, test, times, ends, periods, 0, groups)
