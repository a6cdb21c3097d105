"""Single-column power: a cross-fitted histogram model per column, and a monotone
use of each numeric column, vectorised over the rows; the screens every check that
compares columns starts from."""

import numpy as np
import pandas as pd

from safesplit.audit._columns import numeric_values
from safesplit.audit._skills import auc_from_counts, mean_se, skill

# Key of the row position among the single-column screens.
ROW_ORDER = "__row_order__"
# Columns screened together (their codes are held at once).
_SCREEN_CHUNK = 64


def bin_codes(values, n_bins, categorical):
    """Integer bin of each value and the number of bins; missing values get the
    last bin. Levels for a category; else ``n_bins`` quantile bins, see
    :func:`quantile_binnings`."""
    if not categorical:
        return quantile_binnings(values, [n_bins])[0]
    missing = np.isnan(values)
    codes = np.where(missing, -1, values).astype(np.int64)
    n_levels = int(codes.max()) + 1 if codes.size else 0
    codes[missing] = n_levels
    return codes, n_levels + 1


def quantile_binnings(values, bin_counts):
    """Quantile bins of ``values`` for each number of bins in ``bin_counts``:
    ``(codes, n_bins)`` where a value's code is the number of distinct quantile
    edges at or below it, and missing values take the last bin.

    One sort of the values serves every binning, instead of a selection and a
    binary search per row for each (several times faster on 100,000 rows, where
    the screen bins every column twice)."""
    missing = np.isnan(values)
    positions = np.flatnonzero(~missing) if missing.any() else None
    finite = values if positions is None else values[positions]
    if finite.size == 0:
        return [(np.zeros(values.shape[0], dtype=np.int64), 1) for _ in bin_counts]
    order = np.argsort(finite)
    ordered = finite[order]
    rows = order if positions is None else positions[order]
    binnings = []
    for n_bins in bin_counts:
        quantiles = np.quantile(ordered, np.linspace(0, 1, n_bins + 1)[1:-1])
        edges = np.unique(quantiles)
        # A value's code is the number of edges at or below it: each edge counts
        # from the first sorted value it does not exceed.
        first_reached = np.searchsorted(ordered, edges, side="left")
        counts = np.bincount(first_reached, minlength=ordered.shape[0] + 1)
        codes = np.full(values.shape[0], edges.shape[0] + 1, dtype=np.int64)
        codes[rows] = np.cumsum(counts)[: ordered.shape[0]]
        binnings.append((codes, edges.shape[0] + 2))
    return binnings


def binned_auc(bin_scores, positives, negatives):
    """ROC AUC of scores that take one value per bin, from the counts of positive
    and negative rows in each bin: the Mann-Whitney count (ties as one half), which
    equals the rank formula with average ranks, without a sort of the rows."""
    n_pos, n_neg = positives.sum(), negatives.sum()
    if n_pos == 0 or n_neg == 0:
        return np.nan
    # Bins with the same score are one tie.
    _, tie = np.unique(bin_scores, return_inverse=True)
    pos = np.bincount(tie, weights=positives)
    neg = np.bincount(tie, weights=negatives)
    return auc_from_counts(pos, neg, n_pos, n_neg)


def _binned_skill(table, test_codes, y_test, n_classes):
    """:func:`skill` of the per-bin class shares ``table`` on the test rows, from
    counts per bin and class (as :func:`skill`: the positive class of two, else
    the macro one-vs-rest mean over the classes present)."""
    n_bins = table.shape[0]
    counts = np.bincount(
        test_codes * n_classes + y_test, minlength=n_bins * n_classes
    ).reshape(n_bins, n_classes)
    in_bin = counts.sum(axis=1)
    classes = [1] if n_classes == 2 else range(n_classes)
    aucs = [
        binned_auc(table[:, k], counts[:, k], in_bin - counts[:, k]) for k in classes
    ]
    aucs = [a for a in aucs if not np.isnan(a)]
    if not aucs:
        return np.nan
    return 2.0 * float(np.mean(aucs)) - 1.0


def histogram_skills(binnings, y, task, n_classes, splits, smoothing=1.0):
    """Out-of-fold skill of each binning's per-bin target mean, per split.

    ``binnings`` is a list of ``(codes, n_bins)``; returns an array of shape
    ``(len(binnings), len(splits))``. For classes, the skill is computed from
    counts per bin (:func:`binned_auc`), which is what the rows' ranks give.
    """
    out = np.full((len(binnings), len(splits)), np.nan)
    for s, (train, test) in enumerate(splits):
        y_train, y_test = y[train], y[test]
        if task == "regression":
            prior = y_train.mean()
        else:
            prior = np.bincount(y_train, minlength=n_classes) / y_train.shape[0]
        for b, (codes, n_bins) in enumerate(binnings):
            c_train = codes[train]
            counts = np.bincount(c_train, minlength=n_bins).astype(np.float64)
            if task == "regression":
                sums = np.bincount(c_train, weights=y_train, minlength=n_bins)
                table = (sums + smoothing * prior) / (counts + smoothing)
                out[b, s] = skill(y_test, table[codes[test]], task)
                continue
            sums = np.bincount(
                c_train * n_classes + y_train, minlength=n_bins * n_classes
            ).reshape(n_bins, n_classes)
            table = (sums + smoothing * prior) / (counts + smoothing)[:, None]
            out[b, s] = _binned_skill(table, codes[test], y_test, n_classes)
    return out


def value_outcome_skill(values, y, task, n_classes, splits):
    """Out-of-fold skill of predicting a row's outcome from the other rows sharing
    its value (an entity's other rows): mean over ``splits`` and its standard
    error."""
    codes, _ = pd.factorize(values)
    binning = (codes.astype(np.int64), int(codes.max()) + 1)
    return mean_se(histogram_skills([binning], y, task, n_classes, splits)[0])


def linear_skills(columns, y, task, splits):
    """Out-of-fold skill of each column used monotonically, per split.

    Regression: a least-squares line fitted on the training rows. Two classes:
    the column's values as scores, in the direction its training rows show.
    Missing values get the training mean.
    """
    out = np.full((len(columns), len(splits)), np.nan)
    for s, (train, test) in enumerate(splits):
        y_train = y[train].astype(np.float64)
        for c, values in enumerate(columns):
            x_train, x_test = values[train], values[test]
            finite = np.isfinite(x_train)
            if finite.sum() < 2:
                continue
            mean_x = x_train[finite].mean()
            x_train = np.where(finite, x_train, mean_x)
            x_test = np.where(np.isfinite(x_test), x_test, mean_x)
            dx = x_train - mean_x
            variance = float(dx @ dx)
            if variance == 0:
                continue
            slope = float(dx @ (y_train - y_train.mean())) / variance
            if task == "regression":
                prediction = y_train.mean() + slope * (x_test - mean_x)
                out[c, s] = skill(y[test], prediction, task)
            else:
                out[c, s] = skill(y[test], np.sign(slope) * x_test, task)
    return out


def screen_columns(frame, profiles, rows, y, task, n_classes, splits, *, row_order):
    """The out-of-fold skill of each column alone, on the rows ``rows``.

    Each column is binned (8 and up to 64 quantile bins, or its levels) and, for
    regression and two classes, also used monotonically; the best of these counts.

    Parameters
    ----------
    frame : pandas.DataFrame
        The features, every row.
    profiles : dict
        :class:`~safesplit.audit._columns.ColumnProfile` of each feature column.
    rows : ndarray
        Sorted row positions of the screen sample; ``y`` and ``splits`` are of them.
    y, task, n_classes
        The target (codes or values) of those rows and its task.
    splits : list of (train, test)
        Splits of the sample.
    row_order : bool
        Whether to screen the rows' position too (as ``ROW_ORDER``).

    Returns
    -------
    single : dict
        ``{column: (mean skill, its standard error, skill per split)}``.
    """
    fine = int(np.clip(rows.shape[0] // 50, 8, 64))
    bin_counts = sorted({8, fine})
    linear = task == "regression" or n_classes == 2
    every_row = rows.shape[0] == frame.shape[0]
    owners, skills = [], []
    names = list(profiles)
    # A chunk of columns at a time: the codes of every column at once would hold
    # 16 bytes per row and column (2.4 GB at 100,000 x 1,000).
    for start in range(0, len(names), _SCREEN_CHUNK):
        binnings, binning_owners, monotone = [], [], []
        for name in names[start : start + _SCREEN_CHUNK]:
            profile = profiles[name]
            column = frame[name] if every_row else frame[name].iloc[rows]
            values = numeric_values(column, profile.kind)
            if profile.low_card_categorical:
                binnings.append(bin_codes(values, 0, categorical=True))
                binning_owners.append(name)
                continue
            for binning in quantile_binnings(values, bin_counts):
                binnings.append(binning)
                binning_owners.append(name)
            if profile.kind != "categorical":
                monotone.append((name, values))
        owners += binning_owners
        skills.append(histogram_skills(binnings, y, task, n_classes, splits))
        # A monotone (linear) use of each numeric column too: it does not lose
        # the precision of an exact proxy to the bins.
        if monotone and linear:
            owners += [name for name, _ in monotone]
            columns = [column_values for _, column_values in monotone]
            skills.append(linear_skills(columns, y, task, splits))
    if row_order:
        position = rows.astype(np.float64)
        binnings = quantile_binnings(position, bin_counts)
        owners += [ROW_ORDER] * len(binnings)
        skills.append(histogram_skills(binnings, y, task, n_classes, splits))
    skills = np.vstack(skills) if skills else np.empty((0, len(splits)))
    single = {}
    for owner, per_split in zip(owners, skills):
        mean, se = mean_se(per_split)
        best = single.get(owner)
        if best is None or (not np.isnan(mean) and mean > best[0]):
            single[owner] = (mean, se, per_split)
    return single
