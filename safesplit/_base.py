"""The split engine shared by every temporal splitter.

A splitter only decides *which periods* are tested and which may train (a
:class:`SplitPlan`); this module turns a plan into sample roles with the rules of
the time model: purging of overlapping labels, the embargo after each test block,
and removal of entities whose group is tested. All of it is vectorised numpy over
positions in time order; no Python loop over samples.
"""

from abc import abstractmethod
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.model_selection import BaseCrossValidator
from sklearn.utils.validation import check_consistent_length

from safesplit._time import (
    check_embargo,
    embargo_stop,
    resolve_embargo,
    resolve_horizon,
    resolve_timeline,
)

# Roles of a sample in one split. UNUSED is 0 so that a fresh array means "unused".
UNUSED, TRAIN, TEST, PURGED, EMBARGOED, GROUP_REMOVED = 0, 1, 2, 3, 4, 5
ROLE_NAMES = {
    UNUSED: "unused",
    TRAIN: "train",
    TEST: "test",
    PURGED: "purged",
    EMBARGOED: "embargoed",
    GROUP_REMOVED: "group_removed",
}


@dataclass(frozen=True)
class SplitPlan:
    """Which periods one split tests and which may train.

    Attributes
    ----------
    test_blocks : tuple of (int, int)
        Half-open period ranges ``[start, stop)`` of the test set, in time order;
        adjacent ranges are merged into one block by :func:`merge_blocks`.
    train_periods : tuple of (int, int)
        Half-open period range whose samples are training candidates (those not
        tested); what lies outside is unused.
    embargo : bool
        Whether the embargo applies after each test block (not in walk-forward,
        where nothing after the test block trains).
    """

    test_blocks: tuple
    train_periods: tuple
    embargo: bool = True


def merge_blocks(period_ranges):
    """Merge sorted, adjacent or overlapping period ranges into maximal blocks."""
    blocks = []
    for start, stop in sorted(period_ranges):
        if blocks and start <= blocks[-1][1]:
            blocks[-1] = (blocks[-1][0], max(blocks[-1][1], stop))
        else:
            blocks.append((start, stop))
    return tuple(blocks)


def sample_roles(timeline, plan, embargo=None, group_codes=None):
    """Role of every sample (in time order) in the split described by ``plan``.

    A training candidate is purged when its label interval ``[time, end_time]``
    meets the span ``[first test time, last test end time]`` of any test block
    (closed intervals), embargoed when it falls in the embargo after a block's span
    end, and removed when its entity group also occurs in the test set.
    """
    times, end_times = timeline.times, timeline.end_times
    starts = timeline.period_starts
    roles = np.zeros(timeline.n_samples, dtype=np.int8)
    first, stop = starts[plan.train_periods[0]], starts[plan.train_periods[1]]
    roles[first:stop] = TRAIN
    running_max = timeline.end_times_running_max
    for block_start, block_stop in plan.test_blocks:
        lo, hi = starts[block_start], starts[block_stop]
        roles[lo:hi] = TEST
    for block_start, block_stop in plan.test_blocks:
        lo, hi = starts[block_start], starts[block_stop]
        span_start = times[lo]
        span_end = end_times[lo:hi].max()
        # Before the block: only labels ending at or after the block's start meet
        # it, and none does before the running maximum of end times reaches it.
        reach = max(int(np.searchsorted(running_max, span_start, side="left")), first)
        if reach < lo:
            window = roles[reach:lo]
            window[(end_times[reach:lo] >= span_start) & (window == TRAIN)] = PURGED
        # After the block, times are past its start, so every sample up to the span
        # end is purged, then the embargo follows.
        purge_stop = min(timeline.first_offset_after(span_end), stop)
        if hi < purge_stop:
            window = roles[hi:purge_stop]
            window[window == TRAIN] = PURGED
        if plan.embargo and embargo is not None:
            embargo_end = min(embargo_stop(timeline, embargo, span_end), stop)
            if purge_stop < embargo_end:
                window = roles[purge_stop:embargo_end]
                window[window == TRAIN] = EMBARGOED
    if group_codes is not None:
        tested = np.zeros(int(group_codes.max()) + 1, dtype=bool)
        tested[group_codes[roles == TEST]] = True
        shared = tested[group_codes] & (roles == TRAIN)
        roles[shared] = GROUP_REMOVED
    return roles


def roles_in_input_order(timeline, roles):
    """Reorder roles from time order back to the input's row order."""
    if timeline.order is None:
        return roles
    out = np.empty_like(roles)
    out[timeline.order] = roles
    return out


def group_codes_in_time_order(groups, timeline, n_samples):
    """Integer codes of entity groups, aligned with the timeline's order."""
    if groups is None:
        return None
    check_consistent_length(np.empty(n_samples), groups)
    codes, _ = pd.factorize(groups if hasattr(groups, "array") else np.asarray(groups))
    if (codes < 0).any():
        raise ValueError(
            f"groups contain {int((codes < 0).sum())} missing value(s); every sample "
            "needs an entity group. Fill them (e.g. with a unique id per row)."
        )
    codes = codes.astype(np.intp, copy=False)
    return codes if timeline.order is None else codes[timeline.order]


class BaseTimeSplitter(BaseCrossValidator):
    """Base class of the temporal splitters (time model and split engine included).

    Subclasses implement :meth:`_plans`, yielding one :class:`SplitPlan` per split,
    and ``get_n_splits``. Per-sample ``times``, ``end_times`` and ``groups`` are
    requested by default under scikit-learn's metadata routing.
    """

    __metadata_request__split = {"groups": True, "times": True, "end_times": True}

    def _embargo_param(self):
        return getattr(self, "embargo", 0)

    def _timeline(self, X, times=None, end_times=None):
        horizon = resolve_horizon(getattr(self, "horizon", 0))
        return resolve_timeline(
            X,
            times=times,
            end_times=end_times,
            horizon=horizon,
            time_column=getattr(self, "time_column", None),
        )

    @abstractmethod
    def _plans(self, timeline):
        """Yield one :class:`SplitPlan` per split for a resolved timeline."""

    def _iter_roles(self, X, y=None, groups=None, *, times=None, end_times=None):
        """Yield ``(timeline, roles)`` per split, roles in time order."""
        self._validate_params()
        if y is not None:
            check_consistent_length(X, y)
        timeline = self._timeline(X, times=times, end_times=end_times)
        embargo = resolve_embargo(timeline, check_embargo(self._embargo_param()))
        codes = group_codes_in_time_order(groups, timeline, timeline.n_samples)
        for index, plan in enumerate(self._plans(timeline)):
            roles = sample_roles(timeline, plan, embargo, codes)
            self._check_roles(roles, index)
            yield timeline, roles

    def _check_roles(self, roles, index):
        counts = np.bincount(roles, minlength=len(ROLE_NAMES))
        if counts[TRAIN] == 0:
            removed = ", ".join(
                f"{counts[role]} {ROLE_NAMES[role].replace('_', ' ')}"
                for role in (PURGED, EMBARGOED, GROUP_REMOVED)
                if counts[role]
            )
            raise ValueError(
                f"{type(self).__name__}: split {index} would have an empty training "
                f"set ({removed or 'no training periods'}). Use fewer splits, a "
                "shorter horizon, gap or embargo, or more data."
            )

    def split(self, X, y=None, groups=None, *, times=None, end_times=None):
        """Generate indices to split data into training and test set.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Training data. Its ``DatetimeIndex``, ``PeriodIndex`` or
            ``TimedeltaIndex``, or its ``time_column``, supply the times when
            ``times`` is None; otherwise the row order does.
        y : array-like of shape (n_samples,), default=None
            The target; only its length is checked.
        groups : array-like of shape (n_samples,), default=None
            Entity labels (a customer, a patient). A training sample whose group
            occurs in the split's test set is removed from training.
        times : array-like of shape (n_samples,), default=None
            When each sample's features are known: datetimes (naive or aware, not
            mixed), periods, timedeltas or numbers. Need not be sorted.
        end_times : array-like of shape (n_samples,), default=None
            When each sample's label is fully known (``>= times``). Default:
            ``times + horizon``.

        Yields
        ------
        train : ndarray
            The training set indices for that split, sorted ascending.
        test : ndarray
            The testing set indices for that split, sorted ascending.
        """
        for timeline, roles in self._iter_roles(
            X, y, groups, times=times, end_times=end_times
        ):
            yield (
                positions_with_role(timeline, roles, TRAIN),
                positions_with_role(timeline, roles, TEST),
            )

    def _validate_params(self):
        """Validate constructor parameters; subclasses extend it."""
        resolve_horizon(getattr(self, "horizon", 0))
        check_embargo(self._embargo_param())
        time_column = getattr(self, "time_column", None)
        if time_column is not None and not isinstance(time_column, str | int):
            raise TypeError(
                f"time_column must be a column name (str or int), got {time_column!r}."
            )


def positions_with_role(timeline, roles, role):
    """Input positions (sorted ascending) of the samples having ``role``."""
    if timeline.order is None:
        return np.flatnonzero(roles == role)
    mask = np.zeros(roles.shape[0], dtype=bool)
    mask[timeline.order[roles == role]] = True
    return np.flatnonzero(mask)


def check_n_splits(value, name="n_splits", minimum=2):
    """Validate an integer count of splits or groups."""
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        raise TypeError(f"{name} must be an int, got {type(value).__name__} {value!r}.")
    if value < minimum:
        raise ValueError(f"{name} must be at least {minimum}, got {value}.")
    return int(value)


def check_enough_periods(timeline, needed, what):
    """Refuse when there are fewer periods than a splitter needs."""
    if timeline.n_periods < needed:
        raise ValueError(
            f"{what} needs at least {needed} distinct times (periods), but the data "
            f"have {timeline.n_periods}. Use fewer splits or more data; rows that "
            "share a time form one period and are never split apart."
        )
