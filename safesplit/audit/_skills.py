"""Skill, the score every check decides on, and the models behind it: histogram and
linear screens of single columns, and a multi-column model fitted fold by fold.

Skill is a score rescaled so that chance is 0 and perfect is 1: 2 * AUC - 1 for
classification (macro one-vs-rest for several classes), R^2 for regression, so that a
threshold means the same on every data set.
"""

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd
from joblib import Parallel, delayed
from sklearn.base import clone
from sklearn.ensemble import (
    HistGradientBoostingClassifier,
    HistGradientBoostingRegressor,
)
from threadpoolctl import threadpool_limits

from safesplit._validation import jobs_for
from safesplit.audit._columns import numeric_values

NOISE_SES = 3.0  # weak signals must exceed this many null standard errors
# Key of the row position among the single-column screens.
ROW_ORDER = "__row_order__"
# Columns with more levels are coded as numbers for the default model.
_MAX_MODEL_LEVELS = 250
# Columns screened together (their codes are held at once).
_SCREEN_CHUNK = 64


# --------------------------------------------------------------------------------------
# Scores rescaled to skill: 0 is chance, 1 is perfect.


def _auc(positive, scores):
    """ROC AUC of ``scores`` for the rows where ``positive``: the Mann-Whitney count
    over tied groups of scores (ties as one half), NaN with a single class or a
    NaN score."""
    n_pos = int(positive.sum())
    n_neg = positive.shape[0] - n_pos
    if n_pos == 0 or n_neg == 0:
        return np.nan
    order = np.argsort(scores)
    ordered = scores[order]
    if np.isnan(ordered[-1]):  # NaN sorts last
        return np.nan
    starts = np.empty(ordered.shape[0], dtype=bool)
    starts[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=starts[1:])
    tie = np.cumsum(starts) - 1
    is_positive = positive[order]
    n_ties = int(tie[-1]) + 1
    pos = np.bincount(tie[is_positive], minlength=n_ties)
    neg = np.bincount(tie[~is_positive], minlength=n_ties)
    return _auc_from_counts(pos, neg, n_pos, n_neg)


def _auc_from_counts(pos, neg, n_pos, n_neg):
    """ROC AUC from the positive and negative counts of tied groups of scores, in
    increasing order of score."""
    below = np.cumsum(neg) - neg
    pos = pos.astype(np.float64)
    return float(pos @ below + 0.5 * (pos @ neg)) / (n_pos * n_neg)


def skill(y_true, predictions, task):
    """Skill of predictions: 2 * AUC - 1 (macro one-vs-rest), or R^2.

    Parameters
    ----------
    y_true : ndarray of shape (n,)
        Class codes, or values for regression.
    predictions : ndarray of shape (n,) or (n, n_classes)
        Scores: values, one score, or one column per class.
    task : str
        ``"classification"`` or ``"regression"``.

    Returns
    -------
    skill : float
        NaN when it is undefined (a single class, a constant target).
    """
    if task == "regression":
        total = np.sum((y_true - y_true.mean()) ** 2)
        if total == 0:
            return np.nan
        return 1.0 - np.sum((y_true - predictions) ** 2) / total
    if predictions.ndim == 1 or predictions.shape[1] == 1:
        return 2.0 * _auc(y_true == 1, predictions.reshape(-1)) - 1.0
    if predictions.shape[1] == 2:
        return 2.0 * _auc(y_true == 1, predictions[:, 1]) - 1.0
    aucs = [
        _auc(y_true == k, predictions[:, k])
        for k in range(predictions.shape[1])
        if 0 < np.count_nonzero(y_true == k) < y_true.shape[0]
    ]
    aucs = [a for a in aucs if not np.isnan(a)]
    return 2.0 * float(np.mean(aucs)) - 1.0 if aucs else np.nan


def metric_from_skill(skill, task):
    """The familiar score behind a skill: ROC AUC or R^2."""
    if skill is None or np.isnan(skill):
        return np.nan
    return skill if task == "regression" else (skill + 1.0) / 2.0


def metric_name(task):
    """``"R2"`` or ``"ROC AUC"``, as reports show it."""
    return "R2" if task == "regression" else "ROC AUC"


def metric_key(task):
    """``"r2"`` or ``"auc"``, as evidence keys spell it."""
    return "r2" if task == "regression" else "auc"


def null_se(y, task):
    """Standard error of skill under no signal, for out-of-fold predictions of
    ``y``: 2 * SE(AUC) of Hanley & McNeil at AUC 0.5 (the rarest class against
    the rest), or about 1 / sqrt(n) for R^2."""
    n = y.shape[0]
    if task == "regression":
        return 1.0 / np.sqrt(n)
    counts = np.bincount(y)
    n_pos = max(int(counts[counts > 0].min()), 1)
    n_neg = max(n - n_pos, 1)
    return 2.0 * np.sqrt((n + 1) / (12.0 * n_pos * n_neg))


def mean_se(values):
    """Mean and standard error of the finite values (NaN when undefined)."""
    values = np.asarray([v for v in values if v is not None and not np.isnan(v)])
    if values.size == 0:
        return np.nan, np.nan
    se = values.std(ddof=1) / np.sqrt(values.size) if values.size > 1 else np.nan
    return float(values.mean()), float(se)


# --------------------------------------------------------------------------------------
# Single-column power: a cross-fitted histogram model per column, vectorised.


def bin_codes(values, n_bins, categorical):
    """Integer bin of each value and the number of bins; missing values get the
    last bin."""
    missing = np.isnan(values)
    if categorical:
        codes = np.where(missing, -1, values).astype(np.int64)
        n_levels = int(codes.max()) + 1 if codes.size else 0
        codes[missing] = n_levels
        return codes, n_levels + 1
    finite = values[~missing]
    if finite.size == 0:
        return np.zeros(values.shape[0], dtype=np.int64), 1
    edges = np.unique(np.quantile(finite, np.linspace(0, 1, n_bins + 1)[1:-1]))
    codes = np.searchsorted(edges, np.where(missing, 0.0, values), side="right")
    codes[missing] = edges.shape[0] + 1
    return codes.astype(np.int64), edges.shape[0] + 2


def quantile_binnings(values, bin_counts):
    """``[bin_codes(values, n, categorical=False) for n in bin_counts]``: the same
    codes, from one sort of the values instead of a selection and a binary search
    per row for each binning (several times faster on 100,000 rows, where the
    screen bins every column twice)."""
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
    return _auc_from_counts(pos, neg, n_pos, n_neg)


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
            values = [values for _, values in monotone]
            skills.append(linear_skills(values, y, task, splits))
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


# --------------------------------------------------------------------------------------
# The multi-column model, fitted fold by fold on a sample.


def model_bins(matrix, categorical_mask):
    """Bins of the default model for ``matrix``: 63, or as many as the widest
    category column has levels (up to 255), which the model needs to see them all.

    63 instead of scikit-learn's 255 makes a fit about 2.5x faster at 8,000 x 50;
    the audit compares columns by what the model gains from them, not by fine
    thresholds. One value for all fits of an audit, so that the model with and
    without a column are compared like with like.
    """
    bins = 63
    if categorical_mask.any():
        codes = matrix[:, categorical_mask]
        widest = np.nanmax(codes, initial=-1.0) if codes.size else -1.0
        bins = max(bins, int(widest) + 1)
    return min(bins, 255)


def default_estimator(task, random_state, categorical_mask, n_classes=0, bins=255):
    """A histogram gradient boosting model of 60 trees (or 15 to 60 per class) of
    15 leaves, with ``bins`` bins per column (see :func:`model_bins`).

    15 leaves instead of scikit-learn's 31 make a fit about 1.5x faster on 10,000
    rows, where the grower's Python work, which threads cannot share, dominates;
    on the catalogue of planted leaks (``benchmarks/bench_audit_catalogue.py``)
    the same leaks are caught and the model's skill is on average 0.004 higher.
    """
    # One tree per iteration, or one per class and iteration.
    trees_per_iteration = n_classes if n_classes > 2 else 1
    max_iter = max(15, 60 // trees_per_iteration) if trees_per_iteration > 1 else 60
    params = {
        "max_iter": max_iter,
        "learning_rate": 0.1 if max_iter >= 60 else 0.2,
        "early_stopping": False,
        "max_leaf_nodes": 15,
        "max_bins": bins,
        "random_state": random_state,
        "categorical_features": categorical_mask if categorical_mask.any() else None,
    }
    if task == "regression":
        return HistGradientBoostingRegressor(**params)
    return HistGradientBoostingClassifier(**params)


def coded_matrix(frame, profiles, rows):
    """Feature matrix of the default model: every column as numbers (categories as
    sorted level codes), and which columns it treats as categories."""
    sample = frame.iloc[rows]
    matrix = np.empty((rows.shape[0], len(profiles)), dtype=np.float64)
    categorical = np.zeros(len(profiles), dtype=bool)
    for j, (name, profile) in enumerate(profiles.items()):
        values = numeric_values(sample[name], profile.kind)
        # A column without any value carries nothing (and trips the binning).
        matrix[:, j] = values if np.isfinite(values).any() else 0.0
        categorical[j] = (
            profile.kind == "categorical"
            and 0 < profile.n_unique < _MAX_MODEL_LEVELS
            and not profile.id_like
        )
    return matrix, categorical


def _predict(model, X, task, n_classes, model_classes):
    """Predictions as scores: values for regression, one column per class."""
    if task == "regression":
        return np.asarray(model.predict(X), dtype=np.float64)
    if hasattr(model, "predict_proba"):
        proba = np.asarray(model.predict_proba(X))
    elif hasattr(model, "decision_function"):
        proba = np.asarray(model.decision_function(X), dtype=np.float64)
        if proba.ndim == 1:
            proba = np.column_stack([-proba, proba])
    else:
        predicted = np.searchsorted(model_classes, np.asarray(model.predict(X)))
        proba = np.eye(len(model_classes))[predicted]
    full = np.zeros((proba.shape[0], n_classes))
    full[:, model_classes] = proba
    return full


@dataclass(frozen=True)
class CrossFit:
    """A model and the rows it is fitted on, to be scored fold by fold.

    Attributes
    ----------
    estimator : estimator
        Cloned for every fold.
    X : ndarray or pandas.DataFrame
        The model's features of the sampled rows.
    y : ndarray
        Class codes or values of those rows.
    task : str
    n_classes : int
    labels : ndarray or None
        The user's class labels, ``labels[code]``, to fit a user's estimator on;
        None fits on the codes.
    n_jobs : int or None
        Folds fitted in parallel processes; None fits them in threads, one per
        core (each fit single-threaded either way, so the skills are the same
        whatever the machine).
    """

    estimator: object
    X: object
    y: np.ndarray
    task: str
    n_classes: int
    labels: np.ndarray | None
    n_jobs: int | None

    def skills(self, splits, scorer=None):
        """Skill and user score (NaN without ``scorer``) on each split's test rows."""
        return self.evaluate(self.fit_folds(splits), scorer)

    # ----------------------------------------------------------------------------------
    # Fold models, kept: a column's reliance then costs predictions, not fits.

    def fit_folds(self, splits):
        """Fit a clone on each split's training rows.

        Returns
        -------
        folds : list of FoldModel or None
            None for a split whose training rows hold a single class.
        """
        # Threads by default: the folds' fits release the GIL in their compiled
        # parts, and threads copy no data to workers.
        parallel = (
            Parallel(n_jobs=-1, prefer="threads")
            if self.n_jobs is None
            else Parallel(n_jobs=jobs_for(self.n_jobs, len(splits)))
        )
        # One OpenMP thread per fit, set here for all threads at once (the
        # limit is process-wide) and again inside each fit for worker processes,
        # so the skills are the same whatever the machine.
        with threadpool_limits(limits=1, user_api="openmp"):
            return parallel(
                delayed(self._fit_fold)(train, test) for train, test in splits
            )

    def evaluate(self, folds, scorer=None, column=None, replace=None):
        """Skill and user score (NaN without ``scorer``) of fitted folds.

        Parameters
        ----------
        folds : list of FoldModel or None
            From :meth:`fit_folds`.
        scorer : callable, default=None
        column : int or str, default=None
            A column of ``X`` (position for an array, label for a DataFrame) whose
            test values ``replace`` changes before predicting.
        replace : callable, default=None
            ``replace(values, fold_index) -> values`` for ``column``.

        Returns
        -------
        skills, scores : ndarray
            One value per fold; NaN where a fold was not fitted.
        """
        skills = np.full(len(folds), np.nan)
        scores = np.full(len(folds), np.nan)
        for index, fold in enumerate(folds):
            if fold is None:
                continue
            X_test = self._rows(fold.test)
            if column is not None:
                X_test = _with_column(X_test, column, replace, index)
            skills[index], scores[index] = self._score_fold(fold, X_test, scorer)
        return skills, scores

    def _rows(self, rows):
        return self.X.iloc[rows] if hasattr(self.X, "iloc") else self.X[rows]

    def _fit_fold(self, train, test):
        """Fit on ``train``; None when it holds a single class."""
        task, y = self.task, self.y
        if task != "regression" and np.unique(y[train]).shape[0] < 2:
            return None
        fit_y = y if self.labels is None else self.labels[y]
        model = clone(self.estimator)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with threadpool_limits(limits=1, user_api="openmp"):
                model.fit(self._rows(train), fit_y[train])
        model_classes = None
        if task != "regression":
            classes = np.asarray(model.classes_)
            model_classes = (
                classes.astype(np.int64)
                if self.labels is None
                else np.searchsorted(self.labels, classes)
            )
        return FoldModel(model, model_classes, test)

    def _score_fold(self, fold, X_test, scorer):
        """(skill, user score) of a fitted fold on ``X_test``."""
        y_test = self.y[fold.test]
        score = np.nan
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with threadpool_limits(limits=1, user_api="openmp"):
                predictions = _predict(
                    fold.model, X_test, self.task, self.n_classes, fold.model_classes
                )
                fold_skill = skill(y_test, predictions, self.task)
                if scorer is not None:
                    labels = y_test if self.labels is None else self.labels[y_test]
                    try:
                        score = float(scorer(fold.model, X_test, labels))
                    except (ValueError, TypeError):
                        score = np.nan
        return fold_skill, score


@dataclass(frozen=True)
class FoldModel:
    """A model fitted on one split's training rows.

    Attributes
    ----------
    model : estimator
    model_classes : ndarray or None
        Class codes of ``model.classes_``; None for regression.
    test : ndarray
        The split's test rows (positions in the model sample).
    """

    model: object
    model_classes: np.ndarray | None
    test: np.ndarray


def _with_column(X_test, column, replace, fold_index):
    """``X_test`` (a fresh copy) with ``column``'s values replaced."""
    if hasattr(X_test, "iloc"):
        original = X_test[column]
        values = pd.Series(
            replace(original.to_numpy(), fold_index), index=original.index
        )
        try:  # the estimator sees the column's own dtype (a category stays one)
            values = values.astype(original.dtype)
        except (TypeError, ValueError):
            pass
        X_test = X_test.copy(deep=False)
        X_test[column] = values
        return X_test
    X_test[:, column] = replace(X_test[:, column], fold_index)
    return X_test
