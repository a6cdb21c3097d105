"""The base class of the temporal splitters: the time model and engine wired up."""

import inspect
import itertools
from abc import abstractmethod
from types import MappingProxyType

import numpy as np
from sklearn.model_selection import BaseCrossValidator

from safesplit._frames import check_not_lazy
from safesplit._validation import check_length
from safesplit.model_selection._engine import (
    EMBARGOED,
    GROUP_REMOVED,
    PURGED,
    ROLE_NAMES,
    TRAIN,
    group_codes_in_time_order,
    split_layout,
    split_positions,
)
from safesplit.model_selection._time import resolve_timeline
from safesplit.model_selection._time_params import (
    _is_int,
    check_duration_or_periods,
    check_embargo,
    resolve_embargo,
)


def check_time_column(value, name="time_column"):
    """Validate a column name (or None) that holds the times."""
    if value is not None and not isinstance(value, str | int):
        raise TypeError(f"{name} must be a column name (str or int), got {value!r}.")
    return value


def check_target_length(y, n_samples):
    """Refuse a ``y`` whose length is not the number of samples of ``X``."""
    check_not_lazy(y, "y")
    check_length(y, "y", n_samples, what="target")


def check_n_splits(value, name="n_splits", minimum=2):
    """Validate an integer count of splits or groups (no bound when ``minimum``
    is None, for counts whose range depends on another parameter)."""
    if not _is_int(value):
        raise TypeError(f"{name} must be an int, got {type(value).__name__} {value!r}.")
    if minimum is not None and value < minimum:
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


# Checks of the parameters every splitter over times shares: each takes
# ``(value, name)`` and returns the resolved value.
TIME_PARAMETER_CHECKS = {
    "horizon": check_duration_or_periods,
    "embargo": check_embargo,
    "time_column": check_time_column,
}


def _timeline_for(X, params, times, end_times):
    """Resolve the time model with a splitter's resolved ``params``."""
    return resolve_timeline(
        X,
        times=times,
        end_times=end_times,
        horizon=params.get("horizon", ("periods", 0)),
        time_column=params.get("time_column"),
    )


def splitter_timeline(cv, X, *, times=None, end_times=None):
    """The time model of ``X`` as splitter ``cv`` reads it.

    A safesplit splitter's ``horizon`` and ``time_column`` are honoured; any
    other splitter reads times as given (or from ``X``'s time index) with no
    horizon. The audit uses this so that it judges the same label intervals the
    splitter purges by.
    """
    params = cv._resolved_params() if isinstance(cv, BaseTimeSplitter) else {}
    return _timeline_for(X, params, times, end_times)


class BaseTimeSplitter(BaseCrossValidator):
    """Base class of the temporal splitters (time model and split engine included).

    Subclasses declare ``_parameter_checks``, a mapping from each constructor
    parameter to a check ``(value, name) -> resolved value``; every parameter is
    validated at construction (as scikit-learn's splitters do) and resolved once
    at the start of each call, so a later change of an attribute is validated
    too. ``_check_parameter_combination`` refuses combinations and may add
    derived values. Subclasses implement :meth:`_plans`, yielding one
    :class:`SplitPlan` per split from the resolved parameters, and
    ``_count_splits`` when the number of splits is not ``n_splits``. Per-sample
    ``times``, ``end_times`` and ``groups`` are requested by default under
    scikit-learn's metadata routing.
    """

    __metadata_request__split = {"groups": True, "times": True, "end_times": True}
    _parameter_checks = {}

    def _resolved_params(self):
        """Every constructor parameter validated and resolved, read-only."""
        params = {
            name: check(getattr(self, name), name)
            for name, check in self._parameter_checks.items()
        }
        params.update(self._check_parameter_combination(params))
        return MappingProxyType(params)

    @classmethod
    def _get_param_names(cls):
        return sorted(inspect.signature(cls.__init__).parameters.keys() - {"self"})

    def get_params(self, deep=True):
        """Get the parameters of this splitter, as given to the constructor.

        With them, :func:`sklearn.base.clone` copies a splitter like an estimator.

        Parameters
        ----------
        deep : bool, default=True
            Ignored: a splitter holds no estimator.

        Returns
        -------
        params : dict
            Parameter names mapped to their values.

        Examples
        --------
        >>> from sklearn.base import clone
        >>> from safesplit import PurgedKFold
        >>> cv = PurgedKFold(4, embargo="2D")
        >>> cv.get_params()
        {'embargo': '2D', 'horizon': 0, 'n_splits': 4, 'time_column': None}
        >>> clone(cv)
        PurgedKFold(embargo='2D', horizon=0, n_splits=4, time_column=None)
        """
        return {name: getattr(self, name) for name in self._get_param_names()}

    def set_params(self, **params):
        """Set parameters of this splitter; they are validated at once.

        Parameters
        ----------
        **params : dict
            Constructor parameters and their new values.

        Returns
        -------
        self : splitter
            This splitter, with the new parameters.

        Examples
        --------
        >>> from safesplit import WalkForward
        >>> WalkForward(3).set_params(gap=2, test_size="7D")
        WalkForward(gap=2, horizon=0, n_splits=3, test_size='7D', time_column=None,
                    train_size=None)
        >>> WalkForward(3).set_params(gap=-1)
        Traceback (most recent call last):
        ...
        ValueError: gap must be an int >= 0 (a number of periods) or a duration ...
        """
        names = self._get_param_names()
        for name, value in params.items():
            if name not in names:
                raise ValueError(
                    f"Invalid parameter {name!r} for splitter {type(self).__name__}. "
                    f"Valid parameters are: {names}."
                )
            setattr(self, name, value)
        self._resolved_params()
        return self

    def _check_parameter_combination(self, params):
        """Refuse parameters that are invalid together; return derived values."""
        return {}

    def _timeline(self, X, params, *, times=None, end_times=None, groups=None):
        """Resolve the time model; ``groups`` are passed for splitters whose
        groups define the periods (time buckets), and ignored here."""
        return _timeline_for(X, params, times, end_times)

    def _entity_groups(self, groups):
        """The entity labels among ``groups`` (all of them by default); a splitter
        whose groups are time buckets returns None."""
        return groups

    def get_n_splits(self, X=None, y=None, groups=None, *, times=None, end_times=None):
        """Return the number of splitting iterations.

        It follows from the parameters alone, so it is right before ``split``
        runs and never depends on an earlier call; the arguments are accepted
        because scikit-learn passes routed split metadata here.

        Parameters
        ----------
        X, y, groups, times, end_times : object
            Ignored; present for API compatibility.

        Returns
        -------
        n_splits : int
            The number of splits ``split`` yields.
        """
        return self._count_splits(self._resolved_params())

    def _count_splits(self, params):
        return params["n_splits"]

    @abstractmethod
    def _plans(self, timeline, params):
        """Yield one :class:`SplitPlan` per split for a resolved timeline."""

    def _iter_roles(self, X, y=None, groups=None, *, times=None, end_times=None):
        """Yield ``(timeline, roles)`` per split, roles in time order."""
        layouts = self._iter_layouts(X, y, groups, times=times, end_times=end_times)
        for index, (timeline, roles, _) in enumerate(layouts):
            self._check_roles(roles, index)
            yield timeline, roles

    def _iter_layouts(
        self, X, y=None, groups=None, *, times=None, end_times=None, reuse=False
    ):
        """Yield ``(timeline, roles, layout)`` per split (see :func:`split_layout`).

        The caller refuses an empty training set with :meth:`_check_roles`. With
        ``reuse``, every split's roles are written into one buffer, and only
        where :func:`split_positions` reads them (the windows that purging and
        the embargo touched, unless entity groups need them all): the caller
        must be done with a split's roles before it asks for the next, and must
        not read them elsewhere.
        """
        params = self._resolved_params()
        timeline = self._timeline(
            X, params, times=times, end_times=end_times, groups=groups
        )
        if y is not None:
            check_target_length(y, timeline.n_samples)
        embargo = resolve_embargo(timeline, params.get("embargo"))
        codes = group_codes_in_time_order(
            self._entity_groups(groups), timeline, timeline.n_samples, X=X
        )
        buffer = np.empty(timeline.n_samples, dtype=np.int8) if reuse else None
        for plan in self._plans(timeline, params):
            roles, layout = split_layout(
                timeline, plan, embargo, codes, out=buffer, windows_only=reuse
            )
            yield timeline, roles, layout

    def _check_roles(self, roles, index):
        if (roles == TRAIN).any():  # cheap; count roles only to explain the error
            return
        counts = np.bincount(roles, minlength=len(ROLE_NAMES))
        removed = ", ".join(
            f"{counts[role]} {ROLE_NAMES[role].replace('_', ' ')}"
            for role in (PURGED, EMBARGOED, GROUP_REMOVED)
            if counts[role]
        )
        raise ValueError(self._empty_training_message(index, removed))

    def _empty_training_message(self, index, removed):
        return (
            f"{type(self).__name__}: split {index} would have an empty training "
            f"set ({removed or 'no training periods'}). Use fewer splits, a "
            "shorter horizon, gap or embargo, entities (groups) that span fewer "
            "rows, or more data (more distinct times)."
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
            The training set indices for that split, sorted ascending, read-only.
        test : ndarray
            The testing set indices for that split, sorted ascending, read-only.

        Notes
        -----
        On time-sorted input without ``groups``, a set that is one contiguous run
        of rows is a read-only view of one array shared by the splits, not a copy;
        copy one before writing to it.
        """
        # Each split's roles are read before the next: one buffer serves them all.
        layouts = self._iter_layouts(
            X, y, groups, times=times, end_times=end_times, reuse=True
        )
        for index, (timeline, roles, layout) in enumerate(layouts):
            train, test = split_positions(timeline, roles, layout)
            if train.shape[0] == 0:
                # Raises, counting what was removed from all of this split's roles.
                every = self._iter_layouts(
                    X, y, groups, times=times, end_times=end_times
                )
                for _, all_roles, _ in itertools.islice(every, index, index + 1):
                    self._check_roles(all_roles, index)
            yield train, test
