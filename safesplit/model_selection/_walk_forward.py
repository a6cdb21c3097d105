"""Walk-forward (expanding or sliding window) validation with purging."""

from functools import partial

import numpy as np
import pandas as pd

from safesplit.model_selection._base import (
    TIME_PARAMETER_CHECKS,
    BaseTimeSplitter,
    check_enough_periods,
    check_n_splits,
)
from safesplit.model_selection._engine import SplitPlan
from safesplit.model_selection._time_params import (
    check_duration_or_periods,
    require_duration_times,
)
from safesplit.model_selection._time_values import shifted


def walk_forward_plans(timeline, n_splits, test_size, train_size, gap):
    """Plans of the last ``n_splits`` test windows, each trained on what precedes it.

    ``test_size``, ``train_size`` and ``gap`` are validated sizes:
    ``("periods", k)``, ``("duration", ns)`` or None (test: ``n_periods //
    (n_splits + 1)`` periods; train: everything before).
    """
    sizes = {"test_size": test_size, "train_size": train_size, "gap": gap}
    for name, size in sizes.items():
        if size is not None and size[0] == "duration":
            require_duration_times(timeline, name, size[1])
    for start, stop in _test_windows(timeline, n_splits, test_size):
        # The training window ends (exclusive) at a period index and a time.
        if gap[0] == "periods":
            train_stop = max(start - gap[1], 0)
            train_end_time = timeline.period_time(train_stop)
        else:
            train_end_time = shifted(timeline.period_time(start), -gap[1])
            train_stop = timeline.period_index_at_or_after(train_end_time)
        if train_size is None:
            train_start = 0
        elif train_size[0] == "periods":
            train_start = max(train_stop - train_size[1], 0)
        else:
            train_start = timeline.period_index_at_or_after(
                shifted(train_end_time, -train_size[1])
            )
        if train_stop <= train_start:
            raise ValueError(
                f"the training window before test period {start} is empty: the data "
                f"have {timeline.n_periods} periods; reduce n_splits, test_size or "
                "gap, or lengthen train_size."
            )
        yield SplitPlan(((start, stop),), (train_start, train_stop), embargo=False)


def _test_windows(timeline, n_splits, test_size):
    """Period ranges of the ``n_splits`` test windows, the last ending the data."""
    n_periods = timeline.n_periods
    if test_size is None or test_size[0] == "periods":
        size = n_periods // (n_splits + 1) if test_size is None else test_size[1]
        if size == 0:
            raise ValueError(
                f"n_splits={n_splits} leaves no test period: the data have "
                f"{n_periods} periods and the default test_size is "
                "n_periods // (n_splits + 1). Use fewer splits or more data."
            )
        first = n_periods - n_splits * size
        if first <= 0:
            raise ValueError(
                f"n_splits={n_splits} test windows of {size} periods leave no "
                f"training period among the {n_periods} periods of the data; use "
                "fewer splits or a smaller test_size."
            )
        return [(first + j * size, first + (j + 1) * size) for j in range(n_splits)]
    # Windows of equal duration counted back from the last time; each takes the
    # periods with lower < time <= upper, so no period falls in two windows.
    period_times = timeline.period_times
    duration = test_size[1]
    windows = []
    for j in range(n_splits):
        upper = shifted(period_times[-1], -(n_splits - 1 - j) * duration)
        lower = shifted(upper, -duration)
        start = int(np.searchsorted(period_times, lower, side="right"))
        stop = int(np.searchsorted(period_times, upper, side="right"))
        if upper < period_times[0]:
            raise ValueError(
                f"n_splits={n_splits} test windows of {pd.Timedelta(duration)} span "
                f"more than the data, so test window {j} ends before its first time; "
                "use a shorter test_size or fewer splits."
            )
        if start == stop:
            raise ValueError(
                f"test window {j} ({timeline.display(lower)}, "
                f"{timeline.display(upper)}] holds no sample; use a longer "
                "test_size or fewer splits."
            )
        windows.append((start, stop))
    if windows[0][0] == 0:
        raise ValueError(
            f"n_splits={n_splits} test windows of {pd.Timedelta(duration)} cover the "
            "whole data, leaving nothing to train on; use fewer splits or a shorter "
            "test_size."
        )
    return windows


_WINDOW_SIZE = partial(check_duration_or_periods, allow_none=True, minimum=1)


class WalkForward(BaseTimeSplitter):
    """Walk-forward validation: train on the past, test on the next window.

    The last ``n_splits`` windows of ``test_size`` periods (or of a duration) are
    tested in time order, each trained on what precedes it: everything before
    (expanding) when ``train_size`` is None, else the last ``train_size`` before
    the ``gap``. Training labels that reach into the test window are purged, and,
    given ``groups``, samples of any tested entity are removed. No embargo applies:
    nothing after the test window trains.

    With one row per time and ``horizon=0`` this is exactly
    ``TimeSeriesSplit(n_splits, max_train_size=train_size, test_size=test_size,
    gap=gap)``.

    Parameters
    ----------
    n_splits : int, default=5
        Number of test windows, at least 2.
    test_size : int or str or pd.Timedelta, default=None
        Length of each test window: a number of periods or a duration. Default:
        ``n_periods // (n_splits + 1)`` periods.
    train_size : int or str or pd.Timedelta, default=None
        Maximum length of each training window (sliding window); None trains on
        everything before (expanding window).
    gap : int or str or pd.Timedelta, default=0
        Periods (or a duration) left out between training and test window.
    horizon : int or str or pd.Timedelta, default=0
        Label horizon, used when ``end_times`` are not passed to ``split``: an int
        number of periods or a duration.
    time_column : str, default=None
        Column of a DataFrame ``X`` that holds the times.

    See Also
    --------
    PurgedKFold : K-fold with purging and embargo.

    Notes
    -----
    The index arrays are read-only. On time-sorted input without ``groups``, a
    training or test set that is one contiguous run of rows (nothing purged
    inside it, as with a ``horizon``) is a view of one array shared by the
    splits, as ``TimeSeriesSplit`` yields, not a copy; other sets are new
    arrays. Copy one (``train.copy()``) before writing to it.

    Examples
    --------
    >>> import numpy as np
    >>> from safesplit import WalkForward
    >>> X = np.zeros((12, 1))
    >>> cv = WalkForward(n_splits=3, test_size=2, horizon=1)
    >>> for train, test in cv.split(X):
    ...     print(train, test)
    [0 1 2 3 4] [6 7]
    [0 1 2 3 4 5 6] [8 9]
    [0 1 2 3 4 5 6 7 8] [10 11]
    """

    _parameter_checks = {
        "n_splits": check_n_splits,
        "test_size": _WINDOW_SIZE,
        "train_size": _WINDOW_SIZE,
        "gap": check_duration_or_periods,
        "horizon": TIME_PARAMETER_CHECKS["horizon"],
        "time_column": TIME_PARAMETER_CHECKS["time_column"],
    }

    def __init__(
        self,
        n_splits=5,
        *,
        test_size=None,
        train_size=None,
        gap=0,
        horizon=0,
        time_column=None,
    ):
        self.n_splits = n_splits
        self.test_size = test_size
        self.train_size = train_size
        self.gap = gap
        self.horizon = horizon
        self.time_column = time_column
        self._resolved_params()

    def _plans(self, timeline, params):
        n_splits = params["n_splits"]
        check_enough_periods(timeline, n_splits + 1, f"n_splits={n_splits}")
        return walk_forward_plans(
            timeline,
            n_splits,
            params["test_size"],
            params["train_size"],
            params["gap"],
        )
