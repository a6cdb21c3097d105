"""Feature selection on all rows (part of the ``preprocessing`` check, L1.3): the
columns left by a univariate selection (``SelectKBest`` and the like) fitted on every
row, found from the shape of their univariate scores.

Principle. Each numeric column's association with the target is turned into a normal
score ``z`` (the two-sided p-value of its univariate F test, as ``f_regression`` and
``f_classif`` compute it). Columns a selection kept from many unrelated ones are the
top of a normal tail: their scores crowd just above the cut-off ``t`` (above a normal
tail's cut-off, the excess is about exponential with mean ``1 / t``), none lie below
it, and, being noise, they are nearly independent of each other. Honest features have
scores spread by their natural strengths, the weakest usually near 0, and features of
one strength tend to share their signal. Once the discarded columns are gone, the
selected ones look predictive in any split of the same rows: nothing but this shape
is left to see, and a selection that is not univariate (mutual information, a model's
importances) leaves no such shape.
"""

import numpy as np
from scipy.stats import f as f_distribution
from scipy.stats import norm

from safesplit.audit._columns import numeric_values
from safesplit.report import Finding

MIN_COLUMNS = 10
# Every column's association at least this strong (two-sided p < 0.1): an honest
# set of columns almost always holds a weaker one.
FLOOR_Z = 1.645
# At least this many columns within one tail scale (1 / t) of the weakest, and
# at most this share of them in the next band: a crowd falling off like a normal
# tail (about 1 / e expected), not a smooth spread.
CROWD_MIN = 8
CROWD_FALL = 0.5
# Selected noise columns are nearly independent of each other; columns of equal
# strength that share a signal (repeated measures of one quantity) are not.
CROWD_MAX_CORRELATION = 0.2
# Correlations of the crowd are measured on at most this many of its columns;
# scores are computed this many columns at a time.
_CORRELATION_COLUMNS = 50
_CHUNK_COLUMNS = 128


def selection(context):
    """A finding when the columns' univariate scores show a selection's cut-off."""
    names, z = _column_scores(context)
    if len(names) < MIN_COLUMNS:
        return []
    floor = float(np.min(z))
    if not floor >= FLOOR_Z:
        return []
    width = 1.0 / floor
    first = (z >= floor) & (z < floor + width)
    second = (z >= floor + width) & (z < floor + 2 * width)
    n_first, n_second = int(first.sum()), int(second.sum())
    if n_first < CROWD_MIN or n_second > CROWD_FALL * n_first:
        return []
    crowd = [names[j] for j in np.flatnonzero(first | second)]
    mutual = _median_abs_correlation(
        np.column_stack(_numeric_columns(context, crowd[:_CORRELATION_COLUMNS])[1])
    )
    if mutual > CROWD_MAX_CORRELATION:
        return []
    band = 2.0 * (norm.sf(floor) - norm.sf(floor + width))
    discarded = n_first * (1.0 - 2.0 * norm.sf(floor)) / band
    evidence = {
        "weakest_z": floor,
        "p_value_of_weakest": float(2.0 * norm.sf(floor)),
        "tail_scale": width,
        "n_within_one_scale": n_first,
        "n_within_two_scales": n_first + n_second,
        "median_abs_correlation_between_them": mutual,
        "unrelated_columns_discarded_estimate": float(discarded),
        "n_numeric_columns": len(names),
    }
    return [_finding(crowd, evidence)]


def _column_scores(context):
    """Names and univariate normal scores of the numeric columns that vary, on
    the model rows, a chunk of columns at a time (memory stays bounded)."""
    candidates = [
        name
        for name in context.columns
        if context.profiles[name].kind in ("float", "integer", "bool")
        and not context.profiles[name].id_like
    ]
    y = context.target.y[context.rows.model]
    names, scores = [], []
    for start in range(0, len(candidates), _CHUNK_COLUMNS):
        kept, columns = _numeric_columns(
            context, candidates[start : start + _CHUNK_COLUMNS]
        )
        if columns:
            names += kept
            matrix = np.column_stack(columns)
            scores.append(
                _univariate_z(matrix, y, context.task, context.target.n_classes)
            )
    return names, (np.concatenate(scores) if scores else np.empty(0))


def _numeric_columns(context, names):
    """The columns among ``names`` that vary, on the model rows, missing values
    as the column mean: ``(kept names, list of value arrays)``."""
    sample = context.frame[list(names)].iloc[context.rows.model]
    kept, columns = [], []
    for name in names:
        values = numeric_values(sample[name], context.profiles[name].kind)
        finite = np.isfinite(values)
        if finite.sum() < 3:
            continue
        values = np.where(finite, values, values[finite].mean())
        if values.std() == 0:
            continue
        kept.append(name)
        columns.append(values)
    return kept, columns


def _univariate_z(matrix, y, task, n_classes):
    """Normal score of each column's univariate F test against ``y`` (two-sided:
    the p-value of the F test, as a |z|)."""
    n = matrix.shape[0]
    if task == "regression" or n_classes == 2:
        centred = matrix - matrix.mean(axis=0)
        target = y - y.mean()
        r = centred.T @ target / np.sqrt((centred**2).sum(axis=0) * (target @ target))
        r = np.clip(r, -1.0 + 1e-15, 1.0 - 1e-15)
        f_values, df = r**2 / (1.0 - r**2) * (n - 2), (1, n - 2)
    else:
        # One-way analysis of variance of each column across the classes.
        counts = np.bincount(y, minlength=n_classes).astype(np.float64)
        present = counts > 0
        sums = np.eye(n_classes)[y].T @ matrix
        grand = matrix.mean(axis=0)
        means = sums[present] / counts[present, None]
        between = (counts[present, None] * (means - grand) ** 2).sum(axis=0)
        within = ((matrix - grand) ** 2).sum(axis=0) - between
        k = int(present.sum())
        f_values = (between / (k - 1)) / np.maximum(within / (n - k), 1e-300)
        df = (k - 1, n - k)
    p = np.clip(f_distribution.sf(f_values, *df), 1e-300, 1.0)
    return norm.isf(p / 2.0)


def _median_abs_correlation(matrix):
    """Median absolute correlation between distinct columns."""
    if matrix.shape[1] < 2:
        return 0.0
    correlation = np.corrcoef(matrix, rowvar=False)
    upper = np.triu_indices_from(correlation, k=1)
    return float(np.median(np.abs(correlation[upper])))


def _finding(names, evidence):
    floor, width = evidence["weakest_z"], evidence["tail_scale"]
    return Finding(
        "preprocessing",
        "medium",
        "L1.3",
        names,
        [],
        evidence,
        f"{len(names)} columns have univariate associations with the target that "
        f"crowd just above a cut-off (normal scores from {floor:.2f} to "
        f"{floor + 2 * width:.2f}, none weaker, fewer and fewer above) and are "
        "nearly independent of each other: the shape of the best few of many "
        "unrelated columns, as a univariate feature selection (SelectKBest, "
        "SelectPercentile) fitted on all rows leaves. If so, about "
        f"{evidence['unrelated_columns_discarded_estimate']:,.0f} columns were "
        "discarded, and the kept ones look predictive in any split of these rows: "
        "the cross-validated score is inflated, sometimes from chance to good. "
        "Select features inside the Pipeline (or GuardedPipeline), so each split "
        "selects on its training rows, or score on rows the selection never saw. "
        "Genuine, unrelated features of nearly equal strength look alike only when "
        "none is weaker: check how these columns were chosen.",
    )
