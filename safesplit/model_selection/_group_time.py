"""Walk-forward validation over ordered time buckets given as ``groups``."""

from functools import partial

import numpy as np

from safesplit.model_selection._base import BaseTimeSplitter, check_n_splits
from safesplit.model_selection._engine import factorize_groups
from safesplit.model_selection._time import (
    _ROW_ORDER,
    Timeline,
    _period_starts,
    resolve_timeline,
)
from safesplit.model_selection._time_params import _is_int
from safesplit.model_selection._walk_forward import walk_forward_plans


def _check_count(value, name, minimum, allow_none=False):
    """An int count of time buckets (groups); None stays None where allowed."""
    if value is None and allow_none:
        return None
    if not _is_int(value):
        raise TypeError(
            f"{name} counts time buckets (groups) and must be an int, got "
            f"{type(value).__name__} {value!r}."
        )
    if value < minimum:
        raise ValueError(
            f"{name} counts time buckets (groups) and must be at least {minimum}, "
            f"got {value}."
        )
    return int(value)


class GroupTimeSeriesSplit(BaseTimeSplitter):
    """Walk-forward validation over ordered time buckets (dates, weeks, eras).

    ``groups`` name the **time bucket** of each sample, not an entity: all rows of
    a bucket belong to one moment. The buckets are ordered by time and a
    walk-forward runs over them: the last ``n_splits`` windows of ``test_size``
    buckets are tested in turn, each trained on the buckets before it (all of
    them, or the last ``train_size``), leaving ``gap`` buckets out in between. A
    bucket is never cut: it is wholly train, test or unused.

    The buckets are ordered by their time when times are known (``times`` passed
    to ``split``, or ``X``'s ``DatetimeIndex``, ``PeriodIndex`` or
    ``TimedeltaIndex``): each bucket's time range must then not overlap another's,
    and they are ordered by their first time. Without times, the buckets are
    ordered by their sorted labels (dates, numbers, or strings such as
    ``"2024-W05"`` that sort in time order).

    This is the semantics of mlxtend's ``GroupTimeSeriesSplit`` and of the
    "purged group time series split" of forecasting competitions, without their
    traps: ``get_n_splits`` is right before ``split`` runs, the object never
    changes its parameters, and a test bucket is never cut.

    Parameters
    ----------
    n_splits : int, default=5
        Number of test windows, at least 2.
    test_size : int, default=1
        Number of buckets in each test window.
    train_size : int, default=None
        Maximum number of buckets in each training window (a sliding window once
        enough buckets precede the test window); None trains on every bucket
        before the gap (expanding window).
    gap : int, default=0
        Number of buckets left out between the training and the test window.

    See Also
    --------
    WalkForward : The same over periods (distinct times), with durations.
    PurgedKFold : Entity ``groups`` are removed from training instead.

    Notes
    -----
    Entity groups (a customer, a patient) are a different thing: pass them to
    :class:`WalkForward`, :class:`PurgedKFold` or :class:`CombinatorialPurgedCV`,
    which remove every training sample of an entity that is tested. Here the
    groups *are* the time axis, so no entity removal takes place.

    When ``end_times`` are passed with ``times``, each label is mapped to the
    bucket in which it ends (the last bucket starting at or before its end time),
    and a training sample whose label reaches a test bucket is purged.

    With one row per bucket this is ``TimeSeriesSplit(n_splits,
    test_size=test_size, max_train_size=train_size, gap=gap)`` on the buckets.
    ``describe_splits`` shows each bucket by its first time (or by its rank among
    the sorted labels when there are no times).

    Examples
    --------
    >>> import numpy as np
    >>> from safesplit import GroupTimeSeriesSplit
    >>> weeks = np.array(["w1", "w1", "w2", "w3", "w3", "w3", "w4", "w5", "w5"])
    >>> X = np.zeros((len(weeks), 1))
    >>> cv = GroupTimeSeriesSplit(n_splits=2, test_size=1, gap=1)
    >>> cv.get_n_splits()
    2
    >>> for train, test in cv.split(X, groups=weeks):
    ...     print(np.unique(weeks[train]), np.unique(weeks[test]))
    ['w1' 'w2'] ['w4']
    ['w1' 'w2' 'w3'] ['w5']
    """

    _parameter_checks = {
        "n_splits": check_n_splits,
        "test_size": partial(_check_count, minimum=1),
        # None is allowed: an expanding window.
        "train_size": partial(_check_count, minimum=1, allow_none=True),
        "gap": partial(_check_count, minimum=0),
    }

    def __init__(self, n_splits=5, *, test_size=1, train_size=None, gap=0):
        self.n_splits = n_splits
        self.test_size = test_size
        self.train_size = train_size
        self.gap = gap
        self._resolved_params()

    def _entity_groups(self, groups):
        # The groups are time buckets: they define the periods, not entities.
        return None

    def _timeline(self, X, params, *, times=None, end_times=None, groups=None):
        """A timeline whose periods are the buckets, in time order."""
        if groups is None:
            raise ValueError(
                "GroupTimeSeriesSplit needs groups: the time bucket (a date, week or "
                "era) of each sample, e.g. cv.split(X, y, groups=df['week']). For "
                "splits over times without buckets use WalkForward."
            )
        base = resolve_timeline(X, times=times, end_times=end_times)
        codes, labels = factorize_groups(groups, base.n_samples, "time bucket", X=X)
        if base.kind == _ROW_ORDER:
            return self._timeline_from_labels(X, codes, labels)
        return self._timeline_from_times(base, codes, labels)

    @staticmethod
    def _timeline_from_labels(X, codes, labels):
        try:
            label_order = labels.argsort()
        except TypeError as exc:
            raise TypeError(
                "groups cannot be sorted to order the time buckets (they mix "
                "types); pass times=... to order them by time, or use labels that "
                "sort in time order (dates, numbers, zero-padded strings)."
            ) from exc
        rank_of_code = np.empty(len(labels), dtype=np.int64)
        rank_of_code[label_order] = np.arange(len(labels))
        # A bucket's rank is its time: the shared time model sorts and makes the
        # buckets its periods.
        return resolve_timeline(X, times=rank_of_code[codes])

    @staticmethod
    def _timeline_from_times(base, codes, labels):
        sorted_codes = codes if base.order is None else codes[base.order]
        # Times are sorted, so a bucket's first and last occurrences give its range.
        positions = np.arange(base.n_samples)
        first = np.full(len(labels), base.n_samples)
        np.minimum.at(first, sorted_codes, positions)
        last = np.full(len(labels), -1)
        np.maximum.at(last, sorted_codes, positions)
        starts, stops = base.times[first], base.times[last]
        by_start = np.argsort(starts, kind="stable")
        overlap = np.flatnonzero(stops[by_start[:-1]] >= starts[by_start[1:]])
        if overlap.size:
            a, b = by_start[overlap[0]], by_start[overlap[0] + 1]
            raise ValueError(
                f"groups are not time buckets: the times of group {labels[a]!r} "
                f"({base.display(starts[a])} to {base.display(stops[a])}) and of "
                f"group {labels[b]!r} ({base.display(starts[b])} to "
                f"{base.display(stops[b])}) overlap ({overlap.size} such pair(s)). "
                "GroupTimeSeriesSplit needs each group to be one stretch of time "
                "(a date, week, era). For entities (customers, patients) pass them "
                "as groups to WalkForward or PurgedKFold instead."
            )
        bucket_starts = starts[by_start]
        # Periods are the buckets, each at its first time; a label ends in the last
        # bucket starting at or before its end time.
        sorted_times = starts[sorted_codes]
        end_bucket = np.searchsorted(bucket_starts, base.end_times, side="right") - 1
        sorted_end = bucket_starts[end_bucket]
        return Timeline(
            times=sorted_times,
            end_times=sorted_end,
            order=base.order,
            period_starts=_period_starts(sorted_times),
            kind=base.kind,
            tz=base.tz,
            observed_times=base.times,
        )

    def _plans(self, timeline, params):
        n_splits, test_size = params["n_splits"], params["test_size"]
        train_size, gap = params["train_size"], params["gap"]
        needed = n_splits * test_size + gap + 1
        if timeline.n_periods < needed:
            raise ValueError(
                f"GroupTimeSeriesSplit(n_splits={n_splits}, test_size={test_size}, "
                f"gap={gap}) needs at least {needed} groups (time buckets): "
                f"n_splits * test_size = {n_splits * test_size} to test, the gap, and "
                f"one to train on; the data have {timeline.n_periods} groups. Use "
                "fewer splits, a smaller test_size or gap, or more buckets."
            )
        return walk_forward_plans(
            timeline,
            n_splits,
            ("periods", test_size),
            None if train_size is None else ("periods", train_size),
            ("periods", gap),
        )
