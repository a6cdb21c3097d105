"""A purged train/test holdout: the last periods are the test set."""

import math
import numbers
from itertools import chain

import numpy as np
from sklearn.utils import indexable

from safesplit._sklearn_compat import _safe_indexing
from safesplit._validation import num_samples
from safesplit.model_selection._base import TIME_PARAMETER_CHECKS, BaseTimeSplitter
from safesplit.model_selection._engine import SplitPlan
from safesplit.model_selection._time_params import (
    _is_duration_like,
    _is_int,
    check_duration_or_periods,
    require_duration_times,
)
from safesplit.model_selection._time_values import check_same_index, shifted


def check_test_size(value, name="test_size"):
    """Validate a holdout's test size: ``("fraction", f)``, ``("periods", k)`` or
    ``("duration", ns)``."""
    if isinstance(value, numbers.Real) and not isinstance(
        value, bool | numbers.Integral
    ):
        if not 0.0 < float(value) < 1.0:
            raise ValueError(
                f"{name} given as a float is a fraction of the periods and must "
                f"lie in (0, 1), got {value!r}; pass an int for a number of "
                "periods or a duration such as '30D'."
            )
        return ("fraction", float(value))
    if _is_int(value) or _is_duration_like(value):
        return check_duration_or_periods(value, name, minimum=1)
    raise TypeError(
        f"{name} must be a float in (0, 1), an int number of periods or a "
        f"duration such as '30D', got {type(value).__name__} {value!r}."
    )


def n_test_periods(timeline, test_size, shown):
    """Number of trailing periods in the test set; ``shown`` is the test size as
    the user gave it, for messages."""
    n_periods = timeline.n_periods
    if n_periods < 2:
        raise ValueError(
            f"purged_train_test_split needs at least 2 distinct times (periods), but "
            f"the data have {n_periods}; rows that share a time are never split "
            "apart."
        )
    unit, amount = test_size
    if unit == "fraction":
        # Rounded up, as in scikit-learn's train_test_split.
        n_test = math.ceil(amount * n_periods)
    elif unit == "periods":
        n_test = amount
    else:
        require_duration_times(timeline, "test_size", shown)
        # The periods with last - duration < time <= last.
        lower = shifted(timeline.period_times[-1], -amount)
        n_test = n_periods - int(np.searchsorted(timeline.period_times, lower, "right"))
    if n_test >= n_periods:
        raise ValueError(
            f"test_size={shown!r} puts all {n_periods} periods of the data in the "
            "test set, leaving nothing to train on; pass a smaller test_size."
        )
    return n_test


class PurgedHoldout(BaseTimeSplitter):
    """One split: the last ``test_size`` of the periods tested, the rest purged
    and trained on; :func:`purged_train_test_split` is its only split.

    Parameters are those of :func:`purged_train_test_split`.
    """

    _parameter_checks = {"test_size": check_test_size, **TIME_PARAMETER_CHECKS}

    def __init__(self, *, test_size=0.25, horizon=0, embargo=0, time_column=None):
        self.test_size = test_size
        self.horizon = horizon
        self.embargo = embargo
        self.time_column = time_column
        self._resolved_params()

    def _count_splits(self, params):
        return 1

    def _plans(self, timeline, params):
        n_test = n_test_periods(timeline, params["test_size"], self.test_size)
        n_periods = timeline.n_periods
        yield SplitPlan(((n_periods - n_test, n_periods),), (0, n_periods))

    def _empty_training_message(self, index, removed):
        return (
            "purged_train_test_split: the training set is empty once labels that "
            f"reach the test period(s) are purged ({removed}); use a smaller "
            "test_size, a shorter horizon, entities (groups) that span fewer rows, "
            "or more data (more distinct times)."
        )


def _check_same_lengths(arrays):
    """Refuse arrays that are not per-sample data, or of different lengths, by
    their position (the first is read as X)."""
    names = ["X"] + [f"arrays[{i}]" for i in range(1, len(arrays))]
    lengths = [num_samples(a, name) for a, name in zip(arrays, names)]
    for name, array, length in zip(names[1:], arrays[1:], lengths[1:]):
        if length != lengths[0]:
            raise ValueError(
                f"{name} has {length} entries but X (the first array) has "
                f"{lengths[0]}; pass arrays with one entry per sample each."
            )
        check_same_index(array, name, arrays[0])


def purged_train_test_split(
    *arrays,
    test_size=0.25,
    horizon=0,
    embargo=0,
    times=None,
    end_times=None,
    groups=None,
    time_column=None,
):
    """Split arrays into a training part and a later, purged test part.

    The last ``test_size`` of the periods (distinct times) is the test set; the
    rest trains, less the training samples whose label interval
    ``[time, end_time]`` meets the test span (purged) and, given ``groups``, less
    every sample of an entity that is tested. Rows that share a time are never
    split apart. With one row per time, ``horizon=0`` and no ``groups``, this is
    ``train_test_split(*arrays, test_size=test_size, shuffle=False)``.

    Parameters
    ----------
    *arrays : sequence of indexables with same length / shape[0]
        Lists, numpy arrays, scipy-sparse matrices or pandas DataFrames and
        Series. The times are read from the first one (its time index or its
        ``time_column``) when ``times`` is None, else the row order is the time.
    test_size : float, int or str or pd.Timedelta, default=0.25
        A float in (0, 1) is the fraction of the periods to test (rounded up, as
        in ``train_test_split``), an int a number of periods, and a duration
        (``"30D"``) the periods whose time is after the last time minus it.
    horizon : int or str or pd.Timedelta, default=0
        Label horizon when ``end_times`` is None: an int h makes a label end at
        the h-th period after its own, a duration is added to each time.
    embargo : int, float or str or pd.Timedelta, default=0
        Validated like the splitters' embargo and applied after the test span,
        where, the test set being the last periods, nothing trains: it never
        removes a sample. It is accepted so that one configuration can be shared
        with :class:`PurgedKFold` and :class:`CombinatorialPurgedCV`. To leave a
        margin before the test set, use ``horizon`` or ``end_times``.
    times : array-like of shape (n_samples,), default=None
        When each sample's features are known. Need not be sorted.
    end_times : array-like of shape (n_samples,), default=None
        When each sample's label is fully known (``>= times``).
    groups : array-like of shape (n_samples,), default=None
        Entity labels; a training sample whose entity is tested is removed.
    time_column : str, default=None
        Column of the first array (a DataFrame) that holds the times.

    Returns
    -------
    splitting : list, length=2 * len(arrays)
        The train and test part of each input, in the order ``X_train, X_test,
        y_train, y_test, ...``, of the input's type (pandas objects keep their
        index). Rows keep their input order.

    See Also
    --------
    PurgedKFold : The same purging in K-fold cross-validation.

    Examples
    --------
    >>> import numpy as np
    >>> import pandas as pd
    >>> from safesplit import purged_train_test_split
    >>> index = pd.date_range("2024-01-01", periods=8, freq="D")
    >>> X = pd.DataFrame({"x": np.arange(8)}, index=index)
    >>> y = pd.Series(np.arange(8) * 10, index=index)
    >>> X_train, X_test, y_train, y_test = purged_train_test_split(
    ...     X, y, test_size=0.25, horizon="1D"
    ... )
    >>> X_train.index.strftime("%d").tolist(), X_test.index.strftime("%d").tolist()
    (['01', '02', '03', '04', '05'], ['07', '08'])
    >>> y_test
    2024-01-07    60
    2024-01-08    70
    Freq: D, dtype: int64

    The label of Jan 6 ends on Jan 7, in the test span, so it was purged.
    """
    if not arrays:
        raise ValueError("purged_train_test_split needs at least one array as input.")
    _check_same_lengths(arrays)
    arrays = indexable(*arrays)
    cv = PurgedHoldout(
        test_size=test_size, horizon=horizon, embargo=embargo, time_column=time_column
    )
    train, test = next(
        cv.split(arrays[0], groups=groups, times=times, end_times=end_times)
    )
    return list(
        chain.from_iterable(
            (_safe_indexing(a, train), _safe_indexing(a, test)) for a in arrays
        )
    )
