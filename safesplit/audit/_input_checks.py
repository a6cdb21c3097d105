"""What the audit refuses before it runs, and why: inputs it would misread (a
sparse matrix, no or duplicate columns, cells holding lists, a target of several
columns) and data it cannot judge (too few rows for a score, a target with more
classes than it can validate or score).

Each refusal names the parameter and says what to pass instead.
"""

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.base import is_classifier

from safesplit._validation import check_estimator, num_samples
from safesplit.model_selection._time_values import check_same_index

# The audit scores one column per class: a fold of the 20,000 model rows holds
# 4,000 test rows, a fold of the 100,000 screen rows 20,000, each with a score per
# class (160 MB at 1,000 classes), and the default model grows one tree per class
# and iteration (about 40 s a fold at 1,000 classes). More classes than this take
# gigabytes and hours.
MAX_CLASSES = 1000
# Rows per class below which most classes cannot be in both the training and the
# test rows of a split.
MIN_ROWS_PER_CLASS = 2
# Two folds, each testing two rows (a score compares rows).
MIN_ROWS = 4


def check_features_given(X):
    """Refuse an ``X`` that is not a table of rows, before it is read as one."""
    if sp.issparse(X):
        raise TypeError(
            "X is a scipy sparse matrix; the audit reads each column's values: "
            "pass X.toarray() or a DataFrame (of a sample of rows when the dense "
            "data would not fit in memory)."
        )
    num_samples(X, "X")


def check_feature_columns(frame, columns):
    """Refuse feature columns the audit cannot name or read.

    Parameters
    ----------
    frame : pandas.DataFrame
        ``X`` as a DataFrame.
    columns : list
        The feature columns (``frame``'s, less a splitter's time column).
    """
    if not columns:
        raise ValueError(
            "X has no feature columns; the audit needs at least one column besides "
            "the time column."
        )
    duplicated = frame.columns[frame.columns.duplicated()].unique().tolist()
    if duplicated:
        raise ValueError(
            f"X has duplicate column names {duplicated[:5]}; give every column a "
            "distinct name (the report names the columns it finds)."
        )
    for name in columns:
        column = frame[name]
        if column.dtype.kind == "c":
            raise TypeError(
                f"X's column {name!r} holds complex numbers, which the audit would "
                "read without their imaginary part; pass the real and imaginary "
                "parts as two columns."
            )
        if column.dtype != object:
            continue
        try:
            # Hashing reads every cell in C; a cell holding a list, dict or set
            # cannot be hashed, compared or coded.
            pd.util.hash_pandas_object(column, index=False)
        except TypeError:
            kind = pd.api.types.infer_dtype(column, skipna=True)
            raise TypeError(
                f"X's column {name!r} holds values that are not single values "
                f"(lists, dicts or sets; pandas infers {kind!r}); give each cell "
                "one number, string, date or category, e.g. by expanding the "
                "column or dropping it."
            ) from None


def check_target_given(y, X=None):
    """Refuse a ``y`` that is not one column of finite values of one kind (or a
    Series not aligned with ``X``); return it with numbers held as objects read
    as numbers.

    Returns
    -------
    y : array-like
        ``y`` itself, or its values as a numeric array when they are numbers
        stored as Python objects.
    """
    num_samples(y, "y", what="targets, one per row")
    check_same_index(y, "y", X)
    shape = np.shape(y)
    if len(shape) > 1 and int(np.prod(shape[1:])) > 1:
        raise ValueError(
            f"y must be one column (one target per row), got shape {shape}; the "
            "audit judges one target at a time: audit each column separately."
        )
    values = y.to_numpy() if isinstance(y, pd.Series | pd.Index) else np.asarray(y)
    values = values.reshape(-1)
    if values.dtype.kind == "c":
        raise TypeError(
            "y holds complex numbers, which are neither classes nor values to "
            "regress; pass real numbers or class labels."
        )
    if values.dtype == object:
        values = _object_target(values)
        y = values if values.dtype != object else y
    if values.dtype.kind == "f" and np.isinf(values).any():
        raise ValueError(
            f"y holds {int(np.isinf(values).sum())} infinite value(s); drop or "
            "cap those rows first (no score is defined on them)."
        )
    return y


def _object_target(values):
    """Numbers held as objects as a numeric array; labels of one kind as they
    are; a refusal for mixed kinds and for values that are neither."""
    inferred = pd.api.types.infer_dtype(values, skipna=True)
    if inferred in ("integer", "floating", "mixed-integer-float", "decimal"):
        return pd.to_numeric(pd.Series(values)).to_numpy()
    if inferred in ("mixed", "mixed-integer"):
        kinds = sorted({type(v).__name__ for v in values[:1000] if not pd.isna(v)})
        raise TypeError(
            f"y mixes kinds of values ({', '.join(kinds)}); pass labels of one "
            "kind, e.g. y.astype(str)."
        )
    if inferred in ("period", "interval", "complex", "timedelta"):
        raise TypeError(
            f"y holds {inferred} values, which are neither classes nor numbers; "
            "pass class labels (y.astype(str)) or numbers."
        )
    return values


def check_auditable(target, n_rows):
    """Refuse data on which the validation's score is undefined, and targets with
    more classes than the audit can validate or score.

    The smallest validation is two folds; a score (ROC AUC or R^2) compares the
    rows of a fold, so each fold must test two rows at least, and for classes
    the folds must train on and test two classes.
    """
    if n_rows < MIN_ROWS:
        raise ValueError(
            f"X has {n_rows} row(s); the audit needs at least {MIN_ROWS}: its "
            "smallest validation is two folds, each testing two rows at least (a "
            "score compares rows) and training on the others."
        )
    if target.task != "classification":
        return
    counts = np.bincount(target.y)
    if n_rows < MIN_ROWS_PER_CLASS * target.n_classes:
        raise ValueError(
            f"y has {target.n_classes:,} classes over {n_rows:,} rows, fewer than "
            f"{MIN_ROWS_PER_CLASS} rows per class: a class must be in both the "
            "training and the test rows of a split to be validated. Is y an "
            "identifier, or numbers stored as text? Pass the outcome to predict."
        )
    if np.count_nonzero(counts >= MIN_ROWS_PER_CLASS) < 2:
        shown = ", ".join(
            f"{label!r}: {count}"
            for label, count in zip(target.labels.tolist(), counts.tolist())
        )
        raise ValueError(
            f"y's classes have {shown} row(s); the audit needs two classes with at "
            f"least {MIN_ROWS_PER_CLASS} rows each, so that both folds of its "
            "smallest validation train on and test two classes (a ROC AUC needs "
            "both). Add rows of the rare classes, or merge them."
        )
    if target.n_classes > MAX_CLASSES:
        raise ValueError(
            f"y has {target.n_classes:,} classes; the audit scores one column per "
            f"class and handles at most {MAX_CLASSES:,} (more take gigabytes and "
            "hours). Merge rare classes into 'other', or audit a coarser target."
        )


def check_estimator_for_task(estimator, target):
    """Refuse a user's estimator that does not fit the target's task."""
    if estimator is None:
        return
    check_estimator(estimator)
    name = type(estimator).__name__
    if target.task == "classification" and not is_classifier(estimator):
        raise ValueError(
            f"estimator {name} is not a classifier but y holds "
            f"{target.n_classes} classes; pass a classifier (such as "
            "LogisticRegression()), or numbers as y for regression."
        )
    if target.task == "regression" and is_classifier(estimator):
        raise ValueError(
            f"estimator {name} is a classifier but y holds continuous values; pass "
            "a regressor (such as Ridge()), or class labels as y."
        )
