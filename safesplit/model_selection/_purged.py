"""Purged and embargoed K-fold cross-validation."""

from safesplit.model_selection._base import (
    TIME_PARAMETER_CHECKS,
    BaseTimeSplitter,
    check_enough_periods,
    check_n_splits,
)
from safesplit.model_selection._engine import SplitPlan
from safesplit.model_selection._time_params import period_bounds_for_sizes


class PurgedKFold(BaseTimeSplitter):
    """K-fold cross-validation on time-ordered data, purged and embargoed.

    The periods (distinct times) are cut into ``n_splits`` contiguous folds in time
    order, balanced like :class:`~sklearn.model_selection.KFold`; each fold is the
    test set once. Training samples whose label interval ``[time, end_time]`` meets
    the test fold's span are purged, samples in the ``embargo`` after it are
    removed, and, given ``groups``, so are samples of any entity that is tested.
    The test folds partition the data, so ``cross_val_predict`` works.

    With one row per time, ``horizon=0`` and ``embargo=0`` this is exactly
    ``KFold(n_splits)``.

    Parameters
    ----------
    n_splits : int, default=5
        Number of folds, at least 2 and at most the number of periods.
    horizon : int or str or pd.Timedelta, default=0
        Label horizon, used when ``end_times`` are not passed to ``split``: an int
        h makes a label end at the h-th period after its own; a duration (``"5D"``)
        is added to each time (datetime or timedelta times only).
    embargo : int, float or str or pd.Timedelta, default=0
        Training samples removed after each test fold's last label end time: an int
        number of periods, a float in (0, 1) for that fraction of all periods
        (rounded down), or a duration.
    time_column : str, default=None
        Column of a DataFrame ``X`` that holds the times, when they are not passed
        as ``times`` and ``X`` has no time index.

    See Also
    --------
    WalkForward : Train on the past only, test on the next window.
    describe_splits : What each split kept, purged and embargoed.

    Notes
    -----
    Intervals are closed: a training label that ends exactly when the test fold
    begins is purged (the conservative reading of López de Prado's definition).
    Times need not be sorted; rows that share a time always stay together.

    Examples
    --------
    >>> import numpy as np
    >>> import pandas as pd
    >>> from safesplit import PurgedKFold
    >>> times = pd.date_range("2024-01-01", periods=10, freq="D")
    >>> X = np.arange(20).reshape(10, 2)
    >>> cv = PurgedKFold(n_splits=3, horizon="1D", embargo=1)
    >>> cv
    PurgedKFold(embargo=1, horizon='1D', n_splits=3, time_column=None)
    >>> for train, test in cv.split(X, times=times):
    ...     print(train, test)
    [6 7 8 9] [0 1 2 3]
    [0 1 2 9] [4 5 6]
    [0 1 2 3 4 5] [7 8 9]
    """

    _parameter_checks = {"n_splits": check_n_splits, **TIME_PARAMETER_CHECKS}

    def __init__(self, n_splits=5, *, horizon=0, embargo=0, time_column=None):
        self.n_splits = n_splits
        self.horizon = horizon
        self.embargo = embargo
        self.time_column = time_column
        self._resolved_params()

    def _plans(self, timeline, params):
        n_splits = params["n_splits"]
        check_enough_periods(timeline, n_splits, f"n_splits={n_splits}")
        bounds = period_bounds_for_sizes(timeline.n_periods, n_splits)
        all_periods = (0, timeline.n_periods)
        for start, stop in zip(bounds[:-1], bounds[1:]):
            yield SplitPlan(((int(start), int(stop)),), all_periods, embargo=True)
