"""A split the user already has (``audit(X, y, test=(X_test, y_test))``): the two
parts are audited as one data set with one fixed split, so that every check that
reads a validation (duplicates across it, shared entities, time order) applies."""

import numpy as np
import pandas as pd
from sklearn.model_selection import BaseCrossValidator

from safesplit._frames import check_not_lazy, numpy_backed_frame, one_dimensional
from safesplit._sklearn_compat import _num_samples
from safesplit.model_selection._time_values import check_same_index

_METADATA = ("times", "end_times", "groups")


class GivenSplit(BaseCrossValidator):
    """The one split of a training part followed by a test part.

    The audit stacks the training rows, then the test rows, under a fresh
    ``RangeIndex``; a row is tested when its label is ``n_train`` or more. Reading
    the side from the row labels, not from positions, keeps the split right on
    the audit's row samples.

    Parameters
    ----------
    n_train : int
        Number of training rows (they come first).
    n_test : int
        Number of test rows.
    """

    def __init__(self, n_train, n_test):
        self.n_train = n_train
        self.n_test = n_test

    def get_n_splits(self, X=None, y=None, groups=None):
        """One split."""
        return 1

    def split(self, X, y=None, groups=None):
        """Yield the training and the test positions of the rows of ``X``."""
        tested = np.asarray(X.index) >= self.n_train
        yield np.flatnonzero(~tested), np.flatnonzero(tested)


def _parts(test, given):
    """``(X_test, y_test, metadata)`` from the ``test`` argument."""
    if not isinstance(test, tuple | list) or len(test) not in (2, 3):
        raise TypeError(
            "test must be a tuple (X_test, y_test), or (X_test, y_test, metadata) "
            "with metadata a dict of the test rows' times, end_times or groups; "
            f"got {type(test).__name__}."
        )
    X_test, y_test, metadata = (*test, {})[:3]
    if not isinstance(metadata, dict) or set(metadata) - set(_METADATA):
        raise ValueError(
            "the metadata of test must be a dict with keys among "
            f"{', '.join(_METADATA)}; got {metadata!r}."
        )
    for name, value in given.items():
        if (value is None) != (metadata.get(name) is None):
            side = "the training rows" if value is not None else "the test rows"
            raise ValueError(
                f"{name} were given for {side} only; pass them for both parts: "
                f"{name}=... for X and test=(X_test, y_test, {{'{name}': ...}})."
            )
    return X_test, y_test, metadata


def _stack_features(X, X_test):
    """Training then test rows in one frame under a fresh RangeIndex, and the
    time index they carried (None when the index holds no times)."""
    X, X_test = numpy_backed_frame(X, "X"), numpy_backed_frame(X_test, "X_test")
    if isinstance(X, pd.DataFrame) != isinstance(X_test, pd.DataFrame):
        raise TypeError(
            "test's X_test must be of X's kind: both DataFrames or both "
            f"arrays; got {type(X).__name__} and {type(X_test).__name__}."
        )
    if isinstance(X, pd.DataFrame):
        if list(X.columns) != list(X_test.columns):
            raise ValueError(
                "test's X_test must have X's columns in X's order; X has "
                f"{list(X.columns)[:8]}, X_test {list(X_test.columns)[:8]}."
            )
        stacked = pd.concat([X, X_test])
    else:
        first, second = np.asarray(X), np.asarray(X_test)
        if first.ndim != 2 or second.ndim != 2 or first.shape[1] != second.shape[1]:
            raise ValueError(
                "test's X_test must have as many columns as X; got shapes "
                f"{first.shape} and {second.shape}."
            )
        stacked = pd.DataFrame(np.concatenate([first, second]))
        stacked.columns = [f"x{i}" for i in range(stacked.shape[1])]
    index = stacked.index
    time_index = (
        index
        if isinstance(index, pd.DatetimeIndex | pd.PeriodIndex | pd.TimedeltaIndex)
        else None
    )
    return stacked.reset_index(drop=True), time_index


def _stack_values(first, second, name):
    """One value per stacked row; pandas keeps dtypes such as aware datetimes."""
    parts = [
        pd.Series(part) if isinstance(part, pd.Index) else part
        for part in (one_dimensional(first, name), one_dimensional(second, name))
    ]
    if any(isinstance(part, pd.Series) for part in parts):
        return pd.concat([pd.Series(part) for part in parts], ignore_index=True)
    return np.concatenate([np.asarray(parts[0]), np.asarray(parts[1])])


def combine_given_split(X, y, test, *, cv, times, end_times, groups):
    """The training and the test part as one data set with a :class:`GivenSplit`.

    Returns
    -------
    X, y, times, end_times, groups, cv
        What :func:`~safesplit.audit` audits in their place.

    Raises
    ------
    ValueError, TypeError
        When ``cv`` is given too, or the parts do not match: the message names
        ``test`` and says what to pass.
    """
    if cv is not None:
        raise ValueError(
            "pass either cv (a validation to audit) or test (a split you already "
            "have), not both."
        )
    given = {"times": times, "end_times": end_times, "groups": groups}
    X_test, y_test, metadata = _parts(test, given)
    for value, name in ((X, "X"), (y, "y"), (X_test, "X_test"), (y_test, "y_test")):
        check_not_lazy(value, name)
    n_train, n_test = _num_samples(X), _num_samples(X_test)
    if n_test == 0:
        raise ValueError("test's X_test has no rows; there is no split to audit.")
    if _num_samples(y_test) != n_test:
        raise ValueError(
            f"test's y_test has {_num_samples(y_test)} values but X_test has "
            f"{n_test} rows; pass one target per test row."
        )
    # Stacking reads every part by position: a Series must be its part's rows.
    for name, value, rows in [
        ("y", y, X),
        ("test's y_test", y_test, X_test),
        *[(name, value, X) for name, value in given.items()],
        *[(f"test's {name}", value, X_test) for name, value in metadata.items()],
    ]:
        check_same_index(value, name, rows)
    stacked, time_index = _stack_features(X, X_test)
    combined = {
        name: None if value is None else _stack_values(value, metadata[name], name)
        for name, value in given.items()
    }
    if combined["times"] is None and time_index is not None:
        combined["times"] = time_index
    return (
        stacked,
        _stack_values(y, y_test, "y"),
        combined["times"],
        combined["end_times"],
        combined["groups"],
        GivenSplit(n_train, n_test),
    )
