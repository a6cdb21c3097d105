"""The validation to audit: the user's splitter, or the one a careful user would
choose, and the splits it yields on every row and on the row samples."""

import numbers
import re
import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.model_selection import (
    BaseCrossValidator,
    GroupKFold,
    KFold,
    StratifiedGroupKFold,
    StratifiedKFold,
)

from safesplit._validation import check_cv, materialize_splits
from safesplit.model_selection._base import BaseTimeSplitter
from safesplit.model_selection._describe import roles_of_splits
from safesplit.model_selection._engine import TEST, roles_in_input_order
from safesplit.model_selection._purged import PurgedKFold
from safesplit.model_selection._time_params import period_bounds_for_sizes

N_SPLITS = 5
# With times and groups, entities are removed from training (as PurgedKFold does with
# groups) only when that keeps at least this share of every split's training rows;
# below it the entities recur through time, as in a balanced panel.
ENTITY_REMOVAL_MIN_KEPT = 0.5
# scikit-learn warns when a splitter that ignores groups receives them; the audit
# passes groups to every splitter.
_IGNORED_GROUPS = "The groups parameter is ignored"


# --------------------------------------------------------------------------------------
# Which splitter.


@dataclass(frozen=True)
class AuditedCV:
    """The splitter whose validation is audited.

    Attributes
    ----------
    splitter : cross-validation splitter
    kind : str
        ``"user"`` (given), or the default chosen: ``"time"``, ``"group"`` or
        ``"shuffled"``.
    text : str
        How the summary describes it.
    passes_groups : bool
        Whether the splitter receives the entity groups. False for the default
        time-ordered folds on a panel whose entities recur in every part of time:
        removing tested entities from training would leave almost nothing, so
        entities stay on both sides (as when forecasting known entities).
    """

    splitter: object
    kind: str
    text: str
    passes_groups: bool = True


def resolve_cv(cv, target, n_rows, *, has_times, group_codes, seed, timeline=None):
    """The user's splitter (index pairs as :class:`IndexSplits`), or the default
    one (of ``cv`` splits when an int).

    ``timeline`` (the rows' time model, when times are known) decides, with
    groups, whether the default time-ordered folds keep entities apart.

    Raises
    ------
    TypeError, ValueError
        When ``cv`` is neither None, an int >= 2, a splitter nor an iterable of
        (train, test) index pairs within the data.
    """
    if cv is not None:
        checked = check_cv(cv)  # an int stays the number of default splits
        if not isinstance(cv, numbers.Integral):
            if not hasattr(cv, "split"):
                checked = IndexSplits(
                    materialize_splits(checked, None, None, n_rows, "audit"),
                    n_rows,
                )
            return AuditedCV(checked, "user", describe_cv(checked))
    splitter, kind = default_cv(
        target.task,
        target.y,
        n_rows,
        has_times=has_times,
        group_codes=group_codes,
        random_state=seed,
        n_splits=None if cv is None else int(cv),
    )
    text = describe_cv(splitter)
    passes_groups = True
    if kind == "time" and group_codes is not None:
        kept = entity_removal_kept_share(timeline, group_codes, splitter.n_splits)
        passes_groups = kept >= ENTITY_REMOVAL_MIN_KEPT
        if passes_groups:
            text += " with groups removed from training"
        else:
            text += (
                " keeping groups on both sides (they recur through time; removing "
                f"them would keep {kept:.0%} of a split's training rows)"
            )
    return AuditedCV(splitter, kind, text, passes_groups)


def entity_removal_kept_share(timeline, group_codes, n_splits):
    """Share of training rows that removing tested entities keeps, in the worst of
    ``n_splits`` contiguous time folds (1.0 without a timeline).

    A fold's training rows are the rows outside it; removing the entities that
    occur in it keeps the rows of the other entities. Entities confined to a
    stretch of time (patients, short-lived accounts) lose little; entities present
    in every part of time (firms, stores, countries of a balanced panel) lose
    everything.
    """
    if timeline is None:
        return 1.0
    n_periods = timeline.n_periods
    k = max(1, min(n_splits, n_periods))
    bounds = period_bounds_for_sizes(n_periods, k)
    period = np.repeat(np.arange(n_periods), np.diff(timeline.period_starts))
    fold = np.searchsorted(bounds, period, side="right") - 1
    codes = group_codes if timeline.order is None else group_codes[timeline.order]
    n_groups = int(codes.max()) + 1
    counts = np.bincount(codes * k + fold, minlength=n_groups * k).reshape(n_groups, k)
    rows_per_entity = counts.sum(axis=1)
    outside = codes.shape[0] - counts.sum(axis=0)
    kept = np.array([rows_per_entity[counts[:, f] == 0].sum() for f in range(k)])
    shares = np.where(outside > 0, kept / np.maximum(outside, 1), 1.0)
    return float(shares.min())


def default_cv(task, y, n_rows, *, has_times, group_codes, random_state, n_splits=None):
    """The splitter a careful user would choose, and its kind.

    Time-ordered purged folds when times are known, grouped folds when entity
    groups are, otherwise shuffled folds (stratified for classes).
    """
    wanted = N_SPLITS if n_splits is None else n_splits
    if has_times:
        return PurgedKFold(wanted, embargo=0.01), "time"
    stratified = task != "regression"
    if group_codes is not None:
        n_groups = int(group_codes.max()) + 1
        if n_groups < 2:
            raise ValueError(
                "groups holds a single entity, so grouped folds cannot test one "
                "entity and train on others: pass groups of two entities or more, "
                "or none."
            )
        k = max(2, min(wanted, n_groups))
        if stratified and int(np.bincount(y).min()) >= k:
            return (
                StratifiedGroupKFold(k, shuffle=True, random_state=random_state),
                "group",
            )
        return GroupKFold(k, shuffle=True, random_state=random_state), "group"
    k = _n_splits_for(y, task, n_rows, wanted)
    if stratified and int(np.bincount(y).min()) >= 2:
        return StratifiedKFold(k, shuffle=True, random_state=random_state), "shuffled"
    return KFold(k, shuffle=True, random_state=random_state), "shuffled"


def _n_splits_for(y, task, n_rows, wanted):
    """At most ``wanted`` splits, fewer for tiny data or rare classes, at least 2."""
    n_splits = min(wanted, max(n_rows // 2, 2))
    if task != "regression":
        smallest = int(np.bincount(y).min())
        n_splits = min(n_splits, max(smallest, 2))
    return max(n_splits, 2)


def describe_cv(cv):
    """A splitter's repr on one line."""
    return re.sub(r"\s+", " ", repr(cv))


class IndexSplits(BaseCrossValidator):
    """Splits given as ``(train, test)`` positions of every row: the audit's form
    of an iterable of index pairs, which it also splits row samples by.

    Parameters
    ----------
    splits : list of (ndarray, ndarray)
        Checked positions (see :func:`~safesplit._validation.materialize_splits`).
    n_rows : int
        Number of rows the positions refer to.
    """

    def __init__(self, splits, n_rows):
        self.splits = splits
        self.n_rows = n_rows

    def __repr__(self):
        return f"IndexSplits({len(self.splits)} (train, test) pairs given)"

    def get_n_splits(self, X=None, y=None, groups=None):
        """The number of index pairs."""
        return len(self.splits)

    def split(self, X, y=None, groups=None):
        """Yield the index pairs as given (``X`` must be every row)."""
        yield from self.splits

    def split_rows(self, rows):
        """Yield each split restricted to the sorted row positions ``rows``, as
        positions among ``rows``."""
        position = np.full(self.n_rows, -1, dtype=np.intp)
        position[rows] = np.arange(rows.shape[0])
        for train, test in self.splits:
            train, test = position[train], position[test]
            yield train[train >= 0], test[test >= 0]


# --------------------------------------------------------------------------------------
# What the splitters receive, and what they yield.


@dataclass(frozen=True)
class SplitInputs:
    """The arguments of ``cv.split`` (``X``, ``y``, ``groups``, ``times``,
    ``end_times``) for some rows."""

    X: pd.DataFrame
    y: np.ndarray
    groups: np.ndarray | None
    times: object
    end_times: object
    # Positions of these rows among every row; None when they are every row.
    rows: np.ndarray | None = None

    def of_rows(self, rows):
        """The same arguments restricted to the row positions ``rows``."""
        return SplitInputs(
            self.X.iloc[rows],
            self.y[rows],
            None if self.groups is None else self.groups[rows],
            _take(self.times, rows),
            _take(self.end_times, rows),
            rows if self.rows is None else self.rows[rows],
        )


def _take(values, rows):
    if values is None:
        return None
    if isinstance(values, pd.Series):
        return values.iloc[rows]
    if isinstance(values, pd.Index):
        return values[rows]
    return np.asarray(values)[rows]


def split(cv, inputs):
    """List of ``(train, test)`` of any splitter, passing times to safesplit's."""
    if isinstance(cv, IndexSplits) and inputs.rows is not None:
        return list(cv.split_rows(inputs.rows))
    if isinstance(cv, BaseTimeSplitter):
        kwargs = {}
        if inputs.times is not None:
            kwargs["times"] = inputs.times
        if inputs.end_times is not None:
            kwargs["end_times"] = inputs.end_times
        return list(cv.split(inputs.X, inputs.y, inputs.groups, **kwargs))
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=_IGNORED_GROUPS)
        return list(cv.split(inputs.X, inputs.y, inputs.groups))


@dataclass(frozen=True)
class SplitRoles:
    """The role of every row in every split of the audited validation.

    Attributes
    ----------
    timeline : Timeline
        The time model the roles are ordered by.
    in_time_order : list of ndarray
        Per split, the roles (``TRAIN``, ``TEST``...) of the rows in time order.
    in_input_order : list of ndarray
        The same, in the rows' input order.
    interleaved : bool
        Whether test sets are scattered over time (shuffled) rather than blocks.
    n_shared : ndarray
        Per split, the test rows it also trains on (marked ``TEST`` in the roles).
    """

    timeline: object
    in_time_order: list
    in_input_order: list
    interleaved: bool
    n_shared: np.ndarray

    @property
    def n_splits(self):
        return len(self.in_time_order)


def split_roles(cv, inputs, cv_text):
    """Roles of every row of ``inputs`` in every split of ``cv``.

    Raises
    ------
    ValueError
        When ``cv`` yields no split.
    """
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=_IGNORED_GROUPS)
        per_split = list(
            roles_of_splits(
                cv,
                inputs.X,
                inputs.y,
                groups=inputs.groups,
                times=inputs.times,
                end_times=inputs.end_times,
                owner="audit",
            )
        )
    if not per_split:
        raise ValueError(f"{cv_text} produced no split.")
    # Every split is placed on the same time model.
    timeline = per_split[0][0]
    in_time_order = [roles for _, roles, _ in per_split]
    return SplitRoles(
        timeline,
        in_time_order,
        [roles_in_input_order(timeline, roles) for roles in in_time_order],
        _interleaved(in_time_order),
        np.array([n_shared for _, _, n_shared in per_split], dtype=np.int64),
    )


def _interleaved(roles_per_split):
    """Whether test sets come in more than two blocks of time on average."""
    blocks = [
        int(np.count_nonzero(np.diff((roles == TEST).astype(np.int8), prepend=0) == 1))
        for roles in roles_per_split
    ]
    return float(np.mean(blocks)) > 2.0
