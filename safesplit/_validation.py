"""Checks of the arguments every public entry point shares: per-sample data, the
estimator, the cross-validation, ``n_jobs`` and ``random_state``.

Each check raises a ``TypeError`` (wrong kind of value) or a ``ValueError`` (right
kind, wrong value) whose message names the parameter and says what to pass, so that
no bad argument reaches scikit-learn's, numpy's or joblib's internals and fails
there with a message that names nothing of the caller's.
"""

import numbers

import numpy as np
from sklearn.base import is_classifier, is_regressor
from sklearn.metrics import get_scorer_names
from sklearn.model_selection import check_cv as _sklearn_check_cv
from sklearn.utils.multiclass import type_of_target

from safesplit._frames import check_not_lazy
from safesplit._sklearn_compat import _num_samples

# Containers that have a length but are not one value per sample.
_NOT_SAMPLES = (str, bytes, dict, set, frozenset)
# joblib pre-dispatches 2 * n_jobs tasks and refuses counts above a million.
_MAX_JOBS = 500_000
# The largest seed numpy's RandomState takes.
_MAX_SEED = 2**32 - 1


def _kind(value):
    """``int 5``, ``str 'abc'``, ``NoneType``: how messages show a bad value."""
    if value is None:
        return "None"
    shown = repr(value)
    if len(shown) > 40:
        return type(value).__name__
    return f"{type(value).__name__} {shown}"


# --------------------------------------------------------------------------------------
# Per-sample data.


def num_samples(values, name, *, what="samples"):
    """The number of entries of per-sample data, or a TypeError naming ``name``.

    A string, a dict or a set has a length but holds no samples; a scalar, None or
    a generator has none.

    Examples
    --------
    >>> from safesplit._validation import num_samples
    >>> num_samples([[1], [2]], "X")
    2
    >>> num_samples("abc", "X")
    Traceback (most recent call last):
    ...
    TypeError: X must be an array-like of samples (an array, a list, a pandas \
object), got str 'abc'.
    """
    check_not_lazy(values, name)  # a query has no rows until it runs
    if values is None or isinstance(values, _NOT_SAMPLES):
        n_values = None
    else:
        try:
            n_values = _num_samples(values)
        except TypeError:
            n_values = None
    if n_values is None:
        raise TypeError(
            f"{name} must be an array-like of {what} (an array, a list, a pandas "
            f"object), got {_kind(values)}."
        )
    return n_values


def check_length(values, name, n_samples, *, what="value"):
    """Refuse per-sample data ``values`` that has not ``n_samples`` entries."""
    n_values = num_samples(values, name, what=f"{what}s, one per sample")
    if n_values != n_samples:
        raise ValueError(
            f"{name} has {n_values} entries but X has {n_samples} samples; pass one "
            f"{what} per sample, in the rows' order."
        )
    return n_values


# --------------------------------------------------------------------------------------
# The estimator.


def check_estimator(estimator, name="estimator"):
    """Refuse what is not a scikit-learn estimator instance (fit and get_params).

    Examples
    --------
    >>> from sklearn.linear_model import Ridge
    >>> from safesplit._validation import check_estimator
    >>> check_estimator(Ridge())
    Ridge()
    >>> check_estimator(Ridge)
    Traceback (most recent call last):
    ...
    TypeError: estimator is the class Ridge, not an estimator; pass an instance \
such as Ridge().
    """
    if isinstance(estimator, type):
        raise TypeError(
            f"{name} is the class {estimator.__name__}, not an estimator; pass an "
            f"instance such as {estimator.__name__}()."
        )
    if not (hasattr(estimator, "fit") and hasattr(estimator, "get_params")):
        raise TypeError(
            f"{name} must be a scikit-learn estimator (an object with fit and "
            f"get_params, such as LogisticRegression() or Ridge()), got "
            f"{_kind(estimator)}."
        )
    return estimator


def _target_kind(y):
    """``"continuous"``, ``"classes"``, ``"text"`` or None (unknown or mixed)."""
    try:
        kind = type_of_target(y)
    except (ValueError, TypeError):
        return None
    if kind.startswith("continuous"):
        return "continuous"
    if kind in ("binary", "multiclass", "multiclass-multioutput"):
        values = np.asarray(y)
        numeric = values.dtype.kind in "biuf"
        return "classes" if numeric else "text"
    return None


def check_estimator_fits_target(estimator, y, name="estimator"):
    """Refuse a classifier for a continuous ``y`` and a regressor for text labels.

    A regressor on numeric class labels (0/1) is a legitimate use (a linear
    probability model) and passes.
    """
    if y is None:
        return
    kind = _target_kind(y)
    what = type(estimator).__name__
    if kind == "continuous" and is_classifier(estimator):
        raise ValueError(
            f"{name} {what} is a classifier but y holds continuous values; pass a "
            "regressor, or class labels as y."
        )
    if kind == "text" and is_regressor(estimator):
        raise ValueError(
            f"{name} {what} is a regressor but y holds class labels (text); pass a "
            "classifier, or numbers as y."
        )


# --------------------------------------------------------------------------------------
# The cross-validation.


def check_cv(cv, y=None, *, classifier=False, name="cv", allow_int=True):
    """``cv`` as a splitter: scikit-learn's ``check_cv`` after refusing what it
    would misread (``True`` as one split, a class, a string, a float).

    Parameters
    ----------
    cv : int, splitter or iterable of (train, test)
    y : array-like, default=None
        For an int: stratified folds when ``classifier`` and ``y`` holds classes.
    classifier : bool, default=False
    name : str, default="cv"
    allow_int : bool, default=True
        Whether an int (a number of K-fold splits) is accepted.

    Returns
    -------
    cv : cross-validation splitter
    """
    accepted = (
        ("an int >= 2, " if allow_int else "")
        + "a cross-validation splitter (an object with split, such as "
        "PurgedKFold(5)) or an iterable of (train, test) index pairs"
    )
    if getattr(cv, "ndim", None) == 0:  # a 0-d array: neither an int nor pairs
        raise TypeError(f"{name} must be {accepted}, got a 0-d array {cv!r}.")
    if isinstance(cv, type):
        raise TypeError(
            f"{name} is the class {cv.__name__}, not a splitter; pass an instance "
            f"such as {cv.__name__}(5)."
        )
    if isinstance(cv, numbers.Integral) and not isinstance(cv, bool):
        if not allow_int:
            raise TypeError(
                f"{name} must be a cross-validation splitter (an object with split, "
                f"such as PurgedKFold({cv}) or KFold({cv})) or an iterable of "
                f"(train, test) index pairs, got {_kind(cv)}."
            )
        if cv < 2:
            raise ValueError(
                f"{name}={cv} asks for {cv} split(s); cross-validation needs at "
                f"least 2: pass {name}=2 or more, or a splitter."
            )
        return _sklearn_check_cv(int(cv), y, classifier=classifier)
    # A string has a split method too.
    if hasattr(cv, "split") and not isinstance(cv, str | bytes):
        return cv
    if (
        cv is None
        or isinstance(cv, (bool, numbers.Number, *_NOT_SAMPLES))
        or not hasattr(cv, "__iter__")
    ):
        raise TypeError(f"{name} must be {accepted}, got {_kind(cv)}.")
    pairs = list(cv)
    for index, pair in enumerate(pairs):
        if (
            isinstance(pair, _NOT_SAMPLES)
            or not hasattr(pair, "__len__")
            or len(pair) != 2
        ):
            raise TypeError(
                f"{name}'s entry {index} is not a (train, test) pair of index "
                f"arrays, got {_kind(pair)}; pass an iterable of (train, test) "
                "pairs, as a splitter's split yields them."
            )
    return _sklearn_check_cv(pairs)


def _split_indices(values, n_samples, where):
    """One side of a split as a 1-d array of positions (a boolean mask becomes
    its positions), or an error saying which split and side is wrong."""
    try:
        values = np.asarray(values)
    except ValueError:  # a ragged list of arrays
        values = None
    if values is not None and values.dtype == bool and values.ndim == 1:
        if values.shape[0] != n_samples:
            raise ValueError(
                f"{where} is a boolean mask of {values.shape[0]} entries for "
                f"{n_samples} samples; pass one flag per sample, or positions."
            )
        return np.flatnonzero(values)
    if values is not None and values.shape == (0,):
        return values.astype(np.intp)
    if (
        values is None
        or values.ndim != 1
        or not np.issubdtype(values.dtype, np.integer)
    ):
        raise TypeError(
            f"{where} is not a 1-d array of sample positions (a list of test "
            "arrays per split is not a scikit-learn splitter); use a splitter "
            "that yields (train, test) pairs of positions."
        )
    if values.size and (values.min() < 0 or values.max() >= n_samples):
        raise ValueError(
            f"{where} holds positions outside 0..{n_samples - 1} (from "
            f"{values.min()} to {values.max()}); the data have {n_samples} "
            "samples: pass positions of these samples, not labels of an index."
        )
    return values


def cv_name(cv):
    """How messages name a splitter: ``cv (TimeSeriesSplit)``, ``cv (index
    pairs)``."""
    name = type(cv).__name__
    return f"cv ({'index pairs' if name == '_CVIterableWrapper' else name})"


def _pairs(cv, X, y, split_params, owner):
    """Iterate ``cv.split``; a refusal by a splitter that is not safesplit's (whose
    own messages say what to change) is worded as ours."""
    try:
        yield from cv.split(X, y, **(split_params or {}))
    except (ValueError, TypeError) as exc:
        if type(cv).__module__.partition(".")[0] == "safesplit":
            raise
        kind = TypeError if isinstance(exc, TypeError) else ValueError
        raise kind(
            f"{owner}: {cv_name(cv)} could not split the data: {exc} Pass a "
            "splitter whose parameters fit the data (fewer splits, for example)."
        ) from exc


def materialize_splits(cv, X, y, n_samples, owner, split_params=None):
    """The list of ``(train, test)`` positions ``cv`` yields, each checked: two
    1-d arrays of positions within the data, no sample tested twice in a split,
    and at least one split.

    Rows in both training and test of a split are not refused here: see
    :func:`shared_rows`.
    """
    splits = []
    name = cv_name(cv)
    for index, pair in enumerate(_pairs(cv, X, y, split_params, owner)):
        try:
            train, test = pair
        except (TypeError, ValueError):
            raise TypeError(
                f"{owner}: split {index} of {name} is not a (train, test) pair; "
                "use a splitter that yields (train, test) pairs of positions."
            ) from None
        where = f"{owner}: the %s indices of split {index} of {name}"
        train = _split_indices(train, n_samples, where % "training")
        test = _split_indices(test, n_samples, where % "test")
        if np.unique(test).shape[0] != test.shape[0]:
            raise ValueError(
                f"{owner}: split {index} of {name} tests a sample twice; pass each "
                "test position once."
            )
        for side, rows in (("training", train), ("test", test)):
            if rows.shape[0] == 0:
                raise ValueError(
                    f"{owner}: split {index} of {name} has no {side} rows; every "
                    "split needs rows to train on and rows to test."
                )
        splits.append((train, test))
    if not splits:
        raise ValueError(
            f"{owner}: {name} yielded no split; pass a splitter, or index pairs, "
            "with at least one (train, test) pair."
        )
    return splits


def shared_rows(train, test, n_samples):
    """Number of ``test`` positions that are also in ``train`` (one mask, O(n))."""
    in_train = np.zeros(n_samples, dtype=bool)
    in_train[np.asarray(train, dtype=np.intp)] = True
    return int(np.count_nonzero(in_train[np.asarray(test, dtype=np.intp)]))


def refuse_shared_rows(splits, n_samples, owner, cv):
    """Refuse the first split that tests rows it also trains on (L1.1)."""
    for index, (train, test) in enumerate(splits):
        n_shared = shared_rows(train, test, n_samples)
        if n_shared:
            raise ValueError(overlap_message(owner, cv, index, n_shared, len(test)))


def overlap_message(owner, cv, index, n_shared, n_test):
    """What a refusal of a split that tests rows it trains on says."""
    return (
        f"{owner}: split {index} of {cv_name(cv)} tests {n_shared} of its "
        f"{n_test} test rows on which it also trains, so its score measures "
        "memory, not prediction (no separate test set). Keep training and test "
        "rows apart: a TimeSeriesSplit gap must be >= 0; remove the test rows "
        "from each training set of index pairs."
    )


def check_scoring(scoring, name="scoring"):
    """None, a scorer name scikit-learn knows, or a callable."""
    if scoring is None or callable(scoring):
        return scoring
    if isinstance(scoring, str):
        if scoring not in get_scorer_names():
            raise ValueError(
                f"{name}={scoring!r} is not a scorer name; pass one of "
                "sklearn.metrics.get_scorer_names() (such as 'roc_auc', 'r2') or a "
                "callable scorer(estimator, X, y)."
            )
        return scoring
    raise TypeError(
        f"{name} must be a scorer name such as 'roc_auc' or a callable "
        f"scorer(estimator, X, y), got {_kind(scoring)}."
    )


# --------------------------------------------------------------------------------------
# Parallelism and seeds.


def check_n_jobs(n_jobs, name="n_jobs"):
    """None, or a non-zero int (negative counts from the number of processors)."""
    if n_jobs is None:
        return None
    if isinstance(n_jobs, bool) or not isinstance(n_jobs, numbers.Integral):
        raise TypeError(
            f"{name} must be None or an int (the number of parallel jobs, -1 for "
            f"all processors), got {_kind(n_jobs)}."
        )
    if abs(n_jobs) > _MAX_JOBS:
        raise ValueError(
            f"{name}={n_jobs} is more jobs than joblib dispatches (at most "
            f"{_MAX_JOBS:,}); pass -1 for all processors or a count of processes."
        )
    if n_jobs == 0:
        raise ValueError(
            f"{name}=0 runs nothing; pass None or 1 for one job, a positive int "
            "for that many, or -1 for all processors."
        )
    return int(n_jobs)


def jobs_for(n_jobs, n_tasks):
    """``n_jobs`` for ``n_tasks`` tasks: never more workers than tasks, so that a
    large count starts no idle processes (the results do not depend on it)."""
    if n_jobs is None or n_jobs < 0:
        return n_jobs
    return min(n_jobs, max(n_tasks, 1))


def check_random_state(random_state, name="random_state"):
    """None, an int seed in [0, 2**32 - 1], or a numpy RandomState."""
    if random_state is None or isinstance(random_state, np.random.RandomState):
        return random_state
    if isinstance(random_state, bool) or not isinstance(random_state, numbers.Integral):
        raise TypeError(
            f"{name} must be None, an int seed or a numpy RandomState, got "
            f"{_kind(random_state)}."
        )
    if not 0 <= random_state <= _MAX_SEED:
        raise ValueError(
            f"{name} must be an int seed between 0 and 2**32 - 1, got {random_state}."
        )
    return int(random_state)


__all__ = [
    "check_cv",
    "check_estimator",
    "check_estimator_fits_target",
    "check_length",
    "check_n_jobs",
    "check_random_state",
    "check_scoring",
    "jobs_for",
    "materialize_splits",
    "num_samples",
    "overlap_message",
    "refuse_shared_rows",
    "shared_rows",
]
