"""Skill, the score every check decides on, and the multi-column model fitted fold
by fold (the single-column screens are in :mod:`._screen`).

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
# Columns with more levels are coded as numbers for the default model.
_MAX_MODEL_LEVELS = 250


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
    return auc_from_counts(pos, neg, n_pos, n_neg)


def auc_from_counts(pos, neg, n_pos, n_neg):
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
