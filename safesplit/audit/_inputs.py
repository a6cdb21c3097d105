"""The audit's inputs, validated once: the feature frame, the target (task and
classes), where times come from, entity groups, and the row samples of the
model-based checks."""

from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.utils.multiclass import type_of_target

from safesplit._frames import (
    check_not_lazy,
    frame_column_names,
    is_polars_frame,
    numpy_backed_frame,
    one_dimensional,
    polars_frame,
)
from safesplit.model_selection._base import splitter_timeline
from safesplit.model_selection._engine import factorize_groups

# Rows used by the checks that fit models, and to profile columns.
MODEL_ROWS = 20_000
SCREEN_ROWS = 100_000
PROFILE_ROWS = 100_000


def as_frame(X):
    """``X`` as a DataFrame (itself when it is one; columns ``x0, x1...`` otherwise).

    A polars DataFrame is read as the pandas DataFrame of the same columns, and
    pyarrow-backed columns as numpy-backed ones (``X`` is not modified).
    """
    X = numpy_backed_frame(X, "X")
    if isinstance(X, pd.DataFrame):
        frame = X
    elif isinstance(X, pd.Series):
        frame = X.to_frame()
    else:
        array = np.asarray(X)
        if array.ndim == 1:
            array = array.reshape(-1, 1)
        if array.ndim != 2:
            raise ValueError(f"X must be two-dimensional, got shape {array.shape}.")
        frame = pd.DataFrame(array, columns=[f"x{i}" for i in range(array.shape[1])])
    if frame.shape[0] == 0:
        raise ValueError("X has no rows; there is nothing to audit.")
    return frame


def seed_from(random_state):
    """An int seed: 0 for None, so that the same data always give the same report."""
    if random_state is None:
        return 0
    if isinstance(random_state, np.random.RandomState):
        return int(random_state.randint(2**31 - 1))
    return int(random_state)


# --------------------------------------------------------------------------------------
# The target.


@dataclass(frozen=True)
class Target:
    """The target as the checks use it.

    Attributes
    ----------
    task : str
        ``"classification"`` or ``"regression"``.
    y : ndarray
        Class codes ``0..n_classes - 1`` (int64), or values (float64).
    labels : ndarray or None
        The class labels, ``labels[code]``; None for regression.
    n_classes : int
        Number of classes; 0 for regression.
    values : ndarray
        The target as given, one value per row.
    """

    task: str
    y: np.ndarray
    labels: np.ndarray | None
    n_classes: int
    values: np.ndarray

    @property
    def description(self):
        """The summary's ``target_type``."""
        if self.task == "regression":
            return "regression"
        kind = "binary" if self.n_classes == 2 else "multiclass"
        return f"{kind} classification ({self.n_classes} classes)"

    @property
    def for_splitters(self):
        """What ``cv.split`` receives as ``y``: the labels as given for classes (so
        that stratification sees them), the float values for regression."""
        return self.values if self.task == "classification" else self.y


def prepare_target(y, n_rows):
    """Validate ``y`` and code its classes.

    Raises
    ------
    ValueError
        When ``y`` has not one value per row, has missing values, a single class
        or constant values, or is not one column of classes or numbers.
    """
    values = _target_values(y, n_rows)
    target_type = type_of_target(values)
    if target_type == "multiclass" and _looks_continuous(values):
        target_type = "continuous"
    if target_type in ("binary", "multiclass"):
        labels, codes = np.unique(values, return_inverse=True)
        if labels.shape[0] < 2:
            raise ValueError(
                f"y has a single class ({labels.tolist()[0]!r}); there is nothing "
                "to predict: pass a target with two classes or more."
            )
        return Target(
            "classification", codes.astype(np.int64), labels, labels.shape[0], values
        )
    if target_type == "continuous":
        target = Target("regression", values.astype(np.float64), None, 0, values)
        if np.unique(target.y).shape[0] < 2:
            raise ValueError(
                "y is constant; there is nothing to predict: pass a target that varies."
            )
        return target
    if np.unique(values).shape[0] < 2:
        raise ValueError(
            f"y has a single class ({values[0]!r}); there is nothing to predict: "
            "pass a target with two classes or more."
        )
    raise ValueError(
        f"y is {target_type}; audit needs one column of classes or of numbers: "
        "pass one target per row."
    )


def _target_values(y, n_rows):
    """``y`` as a 1-d array of ``n_rows`` values, none missing."""
    y = one_dimensional(y, "y")
    values = y.to_numpy() if isinstance(y, pd.Series | pd.Index) else np.asarray(y)
    if values.ndim != 1:
        values = values.reshape(-1) if values.size == n_rows else values
    if values.shape[0] != n_rows:
        raise ValueError(
            f"y has {values.shape[0]} entries but X has {n_rows} rows; pass one "
            "target per row."
        )
    missing = pd.isna(values)
    if missing.any():
        raise ValueError(
            f"y has {int(missing.sum())} missing value(s); drop those rows first "
            "(a row without a label cannot be validated)."
        )
    return values


def _looks_continuous(values):
    """Integers (or integral floats) with many distinct values are quantities."""
    if not pd.api.types.is_numeric_dtype(np.asarray(values).dtype):
        return False
    n_unique = np.unique(values).shape[0]
    return n_unique > 50 or (n_unique > 20 and n_unique > 0.05 * values.shape[0])


# --------------------------------------------------------------------------------------
# Times and entity groups.


@dataclass(frozen=True)
class Times:
    """Where the rows' times come from, and the time model they give.

    Attributes
    ----------
    values : array-like or None
        Times to pass to the splitters: ``times=`` or ``X``'s time index; None when
        the splitter reads its ``time_column``, or no times are known.
    end_values : array-like or None
        The ``end_times`` given.
    column : str or None
        The splitter's ``time_column`` when it supplies the times (not a feature).
    source : str or None
        The summary's ``times``: ``"times"``, ``"column 'name'"``, ``"X.index"``.
    timeline : Timeline or None
        The time model as the audited splitter reads it (its ``horizon`` included);
        None when no times are known.
    """

    values: object
    end_values: object
    column: str | None
    source: str | None
    timeline: object

    @property
    def known(self):
        """Whether the rows carry times."""
        return self.timeline is not None

    @property
    def overlapping_labels(self):
        """Whether some label is known only after its row's time."""
        return bool(
            self.known and np.any(self.timeline.end_times > self.timeline.times)
        )


def resolve_times(X, cv, times, end_times):
    """Times given, the splitter's ``time_column``, or ``X``'s time index.

    Raises
    ------
    ValueError
        When ``end_times`` are given without any times, or the times are invalid.
    """
    time_column = getattr(cv, "time_column", None)
    times = one_dimensional(times, "times")
    end_times = one_dimensional(end_times, "end_times")
    column, values, source = None, times, None
    if times is not None:
        source = "times"
    elif time_column is not None and frame_column_names(X) is not None:
        column, source = time_column, f"column {time_column!r}"
    elif isinstance(
        getattr(X, "index", None), pd.DatetimeIndex | pd.PeriodIndex | pd.TimedeltaIndex
    ):
        values, source = X.index, "X.index"
    if end_times is not None and source is None:
        raise ValueError(
            "end_times were given but no times: pass times=... (or a time index) "
            "so that the label intervals have a start."
        )
    timeline = None
    if source is not None:
        timeline = splitter_timeline(cv, X, times=times, end_times=end_times)
    return Times(values, end_times, column, source, timeline)


def entity_group_codes(groups, n_rows, X=None):
    """Integer codes of the entity groups and their number; ``(None, 0)`` without.
    A ``groups`` Series must share ``X``'s index, as in the splitters."""
    if groups is None:
        return None, 0
    codes, uniques = factorize_groups(groups, n_rows, X=X)
    return codes, len(uniques)


# --------------------------------------------------------------------------------------
# Row samples.


@dataclass(frozen=True)
class RowSamples:
    """Sorted row positions sampled for the checks that do not use every row.

    Attributes
    ----------
    screen : ndarray
        Single-column screens (at most ``SCREEN_ROWS``).
    model : ndarray
        The multi-column model (at most ``MODEL_ROWS``, a subset of ``screen``).
    profile : ndarray
        Column profiles (at most ``PROFILE_ROWS``, a subset of ``screen``).
    """

    screen: np.ndarray
    model: np.ndarray
    profile: np.ndarray


def draw_row_samples(n_rows, seed):
    """Draw the row samples of an audit from ``seed``."""
    rng = np.random.default_rng(seed)
    screen = _sample(rng, np.arange(n_rows), SCREEN_ROWS)
    model = _sample(rng, screen, MODEL_ROWS)
    profile = _sample(rng, screen, PROFILE_ROWS)
    return RowSamples(screen, model, profile)


def _sample(rng, rows, size):
    """``rows`` when there are at most ``size``, else ``size`` of them, sorted."""
    if rows.shape[0] <= size:
        return rows
    return np.sort(rng.choice(rows, size, replace=False))


# --------------------------------------------------------------------------------------
# Rows at prediction time (``X_new``).


def as_new_frame(X_new, frame):
    """``X_new`` as a DataFrame with ``frame``'s columns, or None without it.

    ``X_new`` holds rows as a model sees them when it scores (production rows, or
    recent rows without a label yet). It is never modified: a DataFrame is
    returned as given (its columns in ``frame``'s order when they differ).

    Raises
    ------
    ValueError
        When ``X_new`` has no rows, lacks some of ``X``'s columns, or (an array)
        has another width than ``X``.
    """
    if X_new is None:
        return None
    check_not_lazy(X_new, "X_new")
    if is_polars_frame(X_new):
        # Only X's columns are read (a missing one is reported below).
        X_new = polars_frame(X_new, [c for c in frame.columns if c in X_new.columns])
    if isinstance(X_new, pd.Series):
        X_new = X_new.to_frame()
    if isinstance(X_new, pd.DataFrame):
        missing = [c for c in frame.columns if c not in X_new.columns]
        if missing:
            shown = ", ".join(map(repr, missing[:5])) + (
                ", ..." if len(missing) > 5 else ""
            )
            raise ValueError(
                f"X_new lacks {len(missing)} of X's column(s): {shown}; pass the "
                "rows at prediction time with the same columns as X."
            )
        new = (
            X_new
            if list(X_new.columns) == list(frame.columns)
            else X_new[frame.columns]
        )
    else:
        array = np.asarray(X_new)
        if array.ndim == 1:
            array = array.reshape(-1, 1)
        if array.ndim != 2 or array.shape[1] != frame.shape[1]:
            raise ValueError(
                f"X_new has shape {array.shape} but X has {frame.shape[1]} "
                "column(s); pass the rows at prediction time with X's columns."
            )
        new = pd.DataFrame(array, columns=frame.columns)
    if new.shape[0] == 0:
        raise ValueError("X_new has no rows; pass at least one row at prediction time.")
    return numpy_backed_frame(new, "X_new")
