"""Combinatorial purged cross-validation and its backtest paths."""

import itertools
import math
from functools import partial

import numpy as np

from safesplit.model_selection._base import (
    TIME_PARAMETER_CHECKS,
    BaseTimeSplitter,
    check_enough_periods,
    check_n_splits,
)
from safesplit.model_selection._engine import SplitPlan, merge_blocks
from safesplit.model_selection._time_params import period_bounds_for_sizes

MAX_COMBINATIONS = 100_000


def _capped_comb(n, k, cap):
    """``math.comb(n, k)``, or ``cap + 1`` as soon as it is known to exceed ``cap``.

    Computed incrementally so that absurd parameters are refused at once instead
    of first building a huge integer.
    """
    k = min(k, n - k)
    value = 1
    for i in range(1, k + 1):
        value = value * (n - k + i) // i
        if value > cap:
            return cap + 1
    return value


class CombinatorialPurgedCV(BaseTimeSplitter):
    """Combinatorial purged cross-validation (CPCV) with backtest paths.

    The periods (distinct times) are cut into ``n_groups`` contiguous groups in
    time order, balanced like :class:`~sklearn.model_selection.KFold`. Every
    combination of ``n_test_groups`` groups is one split, in
    :func:`itertools.combinations` order: C(n_groups, n_test_groups) splits. The
    test set is the union of the chosen groups; adjacent test groups form one test
    block. Around each block, training samples whose label interval
    ``[time, end_time]`` meets the block's span are purged and the ``embargo``
    after it is removed; given ``groups``, samples of any tested entity are
    removed too.

    Each group is tested C(n_groups - 1, n_test_groups - 1) times, so the
    out-of-sample predictions assemble into ``n_paths`` complete backtest paths:
    path j takes, for each group, its j-th test appearance (see
    :meth:`path_ids`, :func:`predict_paths` and :func:`score_paths`).

    ``split`` yields plain ``(train, test)`` pairs, so the splitter works in
    ``cross_val_score``, ``cross_validate``, ``GridSearchCV`` and nested CV.

    Parameters
    ----------
    n_groups : int, default=6
        Number N of contiguous groups of periods, at least 2 and at most the
        number of periods.
    n_test_groups : int, default=2
        Number k of groups tested in each split, in ``[1, n_groups - 1]``. With
        ``n_test_groups=1`` this is :class:`PurgedKFold` with ``n_groups`` folds.
        C(N, k) may not exceed 100,000.
    horizon : int or str or pd.Timedelta, default=0
        Label horizon, used when ``end_times`` are not passed to ``split``: an int
        h makes a label end at the h-th period after its own; a duration
        (``"5D"``) is added to each time (datetime or timedelta times only).
    embargo : int, float or str or pd.Timedelta, default=0
        Training samples removed after each test block's last label end time: an
        int number of periods, a float in (0, 1) for that fraction of all periods
        (rounded down), or a duration.
    time_column : str, default=None
        Column of a DataFrame ``X`` that holds the times, when they are not
        passed as ``times`` and ``X`` has no time index.

    Attributes
    ----------
    n_paths : int
        Number of backtest paths, C(n_groups - 1, n_test_groups - 1).

    See Also
    --------
    PurgedKFold : One test fold per split (``n_test_groups=1``).
    predict_paths : Out-of-sample predictions arranged by backtest path.
    score_paths : One score per backtest path.

    Notes
    -----
    With one row per time, an int ``horizon`` h and an int ``embargo`` e, the
    purge removes h periods before and h after each test block and the embargo e
    more after it. Where the fold layouts coincide (the number of periods
    divisible by ``n_groups``) the splits are those of skfolio's
    ``CombinatorialPurgedCV(n_folds=N, n_test_folds=k, purged_size=h,
    embargo_size=e)``; skfolio puts the remainder in the last fold, this class
    spreads it over the first folds like ``KFold``. Nothing of size
    ``n_samples x n_splits`` is ever built: each split costs a few passes over one
    ``int8`` array of roles.

    References
    ----------
    M. López de Prado, *Advances in Financial Machine Learning*, Wiley 2018,
    ch. 7 and 12.

    Examples
    --------
    >>> import numpy as np
    >>> from safesplit import CombinatorialPurgedCV
    >>> X = np.zeros((12, 1))
    >>> cv = CombinatorialPurgedCV(n_groups=4, n_test_groups=2, horizon=1)
    >>> cv.get_n_splits(), cv.n_paths
    (6, 3)
    >>> for train, test in cv.split(X):
    ...     print(train, test)
    [ 7  8  9 10 11] [0 1 2 3 4 5]
    [ 4 10 11] [0 1 2 6 7 8]
    [4 5 6 7] [ 0  1  2  9 10 11]
    [ 0  1 10 11] [3 4 5 6 7 8]
    [0 1 7] [ 3  4  5  9 10 11]
    [0 1 2 3 4] [ 6  7  8  9 10 11]

    Split 1 tests groups 0 and 2: two test blocks, each purged on both sides.
    With ``horizon=1`` row 3 is purged after the first block (row 2's label ends
    at row 3's time), row 5 before the second (its label ends at row 6's time)
    and row 9 after it. For each split, the path each test group feeds:

    >>> cv.test_groups()
    array([[0, 1],
           [0, 2],
           [0, 3],
           [1, 2],
           [1, 3],
           [2, 3]])
    >>> cv.path_ids()
    array([[0, 0],
           [1, 0],
           [2, 0],
           [1, 1],
           [2, 1],
           [2, 2]])
    """

    _parameter_checks = {
        "n_groups": check_n_splits,
        "n_test_groups": partial(check_n_splits, minimum=None),
        **TIME_PARAMETER_CHECKS,
    }

    def __init__(
        self, n_groups=6, n_test_groups=2, *, horizon=0, embargo=0, time_column=None
    ):
        self.n_groups = n_groups
        self.n_test_groups = n_test_groups
        self.horizon = horizon
        self.embargo = embargo
        self.time_column = time_column
        self._resolved_params()

    def _check_parameter_combination(self, params):
        """Refuse ``n_test_groups`` outside ``[1, n_groups - 1]`` and more than
        ``MAX_COMBINATIONS`` splits; derive ``n_splits``."""
        n_groups, k = params["n_groups"], params["n_test_groups"]
        if not 1 <= k <= n_groups - 1:
            raise ValueError(
                f"n_test_groups must be in [1, n_groups - 1] = [1, {n_groups - 1}], "
                f"got {k}: each split tests n_test_groups of the n_groups={n_groups} "
                "groups and trains on the others."
            )
        n_splits = _capped_comb(n_groups, k, MAX_COMBINATIONS)
        if n_splits > MAX_COMBINATIONS:
            raise ValueError(
                f"n_groups={n_groups} and n_test_groups={k} give C({n_groups}, {k}) "
                f"splits, more than {MAX_COMBINATIONS:,}; each split fits a model. "
                "Use fewer groups, or n_test_groups further from n_groups / 2."
            )
        return {"n_splits": n_splits}

    @property
    def n_paths(self):
        """Number of backtest paths, C(n_groups - 1, n_test_groups - 1)."""
        params = self._resolved_params()
        return math.comb(params["n_groups"] - 1, params["n_test_groups"] - 1)

    def test_groups(self):
        """Groups tested by each split, in split order.

        Returns
        -------
        test_groups : ndarray of shape (n_splits, n_test_groups)
            Row s holds the indices (ascending, 0 for the earliest group) of the
            groups tested in split s: the s-th of
            ``itertools.combinations(range(n_groups), n_test_groups)``.

        Examples
        --------
        >>> from safesplit import CombinatorialPurgedCV
        >>> CombinatorialPurgedCV(n_groups=3, n_test_groups=2).test_groups()
        array([[0, 1],
               [0, 2],
               [1, 2]])
        """
        params = self._resolved_params()
        n_groups, k = params["n_groups"], params["n_test_groups"]
        n_splits = params["n_splits"]
        flat = itertools.chain.from_iterable(itertools.combinations(range(n_groups), k))
        return np.fromiter(flat, dtype=np.intp, count=n_splits * k).reshape(n_splits, k)

    def path_ids(self):
        """Backtest path fed by each test group of each split.

        The j-th test appearance of a group (counting splits in order) feeds path
        j, so path j holds one prediction for every sample; the paths are those
        :func:`predict_paths` assembles.

        Returns
        -------
        path_ids : ndarray of shape (n_splits, n_test_groups)
            ``path_ids()[s, j]`` is the path, in ``[0, n_paths)``, that split s
            feeds with its j-th test group, the group ``test_groups()[s, j]``.

        Examples
        --------
        >>> from safesplit import CombinatorialPurgedCV
        >>> cv = CombinatorialPurgedCV(n_groups=3, n_test_groups=2)
        >>> cv.path_ids()
        array([[0, 0],
               [1, 0],
               [1, 1]])

        Group 0 is tested in splits 0 and 1 (paths 0 and 1), group 1 in splits 0
        and 2, group 2 in splits 1 and 2.
        """
        test_groups = self.test_groups()
        flat = test_groups.ravel()
        # Rank of each entry among the entries of the same group, in split order.
        order = np.argsort(flat, kind="stable")
        sorted_groups = flat[order]
        first = np.searchsorted(sorted_groups, sorted_groups, side="left")
        ranks = np.empty_like(flat)
        ranks[order] = np.arange(flat.shape[0]) - first
        return ranks.reshape(test_groups.shape)

    def _plans(self, timeline, params):
        n_groups, k = params["n_groups"], params["n_test_groups"]
        check_enough_periods(timeline, n_groups, f"n_groups={n_groups}")
        bounds = period_bounds_for_sizes(timeline.n_periods, n_groups).tolist()
        all_periods = (0, timeline.n_periods)
        for combo in itertools.combinations(range(n_groups), k):
            blocks = merge_blocks((bounds[g], bounds[g + 1]) for g in combo)
            yield SplitPlan(blocks, all_periods, embargo=True)
