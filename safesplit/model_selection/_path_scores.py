"""One score per backtest path: each path scored as one backtest, each of its
samples predicted by the model of the split that tested it in that path (the
paths of :func:`~safesplit.predict_paths`)."""

import numpy as np
from sklearn.base import clone, is_classifier, is_regressor
from sklearn.metrics import check_scoring, get_scorer
from sklearn.utils.metaestimators import available_if
from sklearn.utils.parallel import Parallel, delayed

from safesplit._sklearn_compat import (
    _check_method_params,
    _num_samples,
    _safe_indexing,
)
from safesplit._validation import check_scoring as _check_scoring
from safesplit._validation import jobs_for
from safesplit.model_selection._paths import (
    _CLASS_METHODS,
    _assign_paths,
    _fit,
    _route,
    _splits,
    _validated,
)

# --------------------------------------------------------------------------------------
# score_paths


def _has(name):
    return lambda self: all(hasattr(est, name) for est in self.estimators_)


class _PathModel:
    """The model of one backtest path: each sample is answered by the fitted
    estimator of the split that tested it in that path.

    It is only ever called on the rows of its path, in the order of ``segment``;
    a scorer sees an ordinary fitted classifier or regressor.
    """

    def __init__(self, estimators, segment, classes=None):
        self.estimators_ = estimators
        self.segment_ = segment
        own = [getattr(est, "classes_", None) for est in estimators]
        if classes is not None and all(isinstance(c, np.ndarray) for c in own):
            # Every class of the data, so that a path whose models all missed a
            # class still scores with a column for it.
            self.classes_ = classes
        elif all(isinstance(c, np.ndarray) and c.ndim == 1 for c in own):
            self.classes_ = np.unique(np.concatenate(own))
        elif own[0] is not None:
            self.classes_ = own[0]

    def __sklearn_tags__(self):
        return self.estimators_[0].__sklearn_tags__()

    @property
    def _estimator_type(self):  # scikit-learn < 1.6
        return getattr(self.estimators_[0], "_estimator_type", None)

    def _align(self, estimator, method, values):
        """Per-class columns in the order of the path's ``classes_``."""
        if method not in _CLASS_METHODS or not hasattr(self, "classes_"):
            return values
        own = getattr(estimator, "classes_", None)
        if not isinstance(own, np.ndarray) or np.array_equal(own, self.classes_):
            return values
        values = np.asarray(values)
        if values.ndim != 2 or values.shape[1] != own.shape[0]:
            raise ValueError(
                f"score_paths: a split's training set has only the classes "
                f"{own.tolist()} of {self.classes_.tolist()}, and its {method} "
                "output cannot be widened to all classes; use a splitter whose "
                "training sets hold every class, or another scoring."
            )
        fill = 0.0 if method == "predict_proba" else np.finfo(values.dtype).min
        full = np.full((values.shape[0], self.classes_.shape[0]), fill, values.dtype)
        full[:, np.searchsorted(self.classes_, own)] = values
        return full

    def _answer(self, method, X):
        n_rows = _num_samples(X)
        if n_rows != self.segment_.shape[0]:
            raise ValueError(
                "a path's model only answers for the rows of its path; "
                f"got {n_rows} rows for a path of {self.segment_.shape[0]}."
            )
        parts, rows = [], []
        for index, estimator in enumerate(self.estimators_):
            where = np.flatnonzero(self.segment_ == index)
            values = getattr(estimator, method)(_safe_indexing(X, where))
            values = np.asarray(values)
            parts.append(self._align(estimator, method, values))
            rows.append(where)
        out = np.empty((n_rows,) + parts[0].shape[1:], dtype=np.result_type(*parts))
        for where, values in zip(rows, parts):
            out[where] = values
        return out

    @available_if(_has("predict"))
    def predict(self, X):
        return self._answer("predict", X)

    @available_if(_has("predict_proba"))
    def predict_proba(self, X):
        return self._answer("predict_proba", X)

    @available_if(_has("predict_log_proba"))
    def predict_log_proba(self, X):
        return self._answer("predict_log_proba", X)

    @available_if(_has("decision_function"))
    def decision_function(self, X):
        return self._answer("decision_function", X)


def _all_classes(estimator, y):
    """The classes of a 1-d ``y`` for a classifier; None otherwise."""
    if y is None or not is_classifier(estimator) or np.ndim(y) != 1:
        return None
    return np.unique(np.asarray(y))


def _path_scorer(estimator, scoring):
    if isinstance(scoring, list | tuple | set | dict):
        raise ValueError(
            f"scoring={scoring!r}: score_paths computes one metric per call; pass a "
            "single metric name or scorer and call it once per metric."
        )
    if scoring is None:
        if is_classifier(estimator):
            return get_scorer("accuracy")
        if is_regressor(estimator):
            return get_scorer("r2")
        raise ValueError(
            f"scoring=None needs a classifier (accuracy) or a regressor (r2), but "
            f"{type(estimator).__name__} is neither; pass scoring=... ."
        )
    return check_scoring(estimator, scoring=_check_scoring(scoring))


def _score_path(estimators, segment, rows, X, y, scorer, score_params, classes):
    model = _PathModel(estimators, segment, classes)
    X_path = _safe_indexing(X, rows)
    score_params = _check_method_params(X, params=score_params, indices=rows)
    if y is None:
        return scorer(model, X_path, None, **score_params)
    return scorer(model, X_path, _safe_indexing(y, rows), **score_params)


def score_paths(
    estimator,
    X,
    y=None,
    *,
    cv,
    scoring=None,
    groups=None,
    params=None,
    n_jobs=None,
):
    """One score per backtest path, to see the spread of backtest performance.

    The estimator is cloned and fitted on every training set. Then each path (see
    :func:`predict_paths`) is scored as one backtest: ``scoring`` is evaluated
    once on all of the path's samples, each predicted by the model of the split
    that tested it in that path. :class:`CombinatorialPurgedCV` gives
    ``n_paths`` scores, each over every sample; :class:`WalkForward` one score
    over the tested samples; a K-fold one score over all out-of-fold predictions
    (which differs from the mean of ``cross_val_score`` for metrics that are not
    averages of per-sample terms, e.g. R²).

    Parameters
    ----------
    estimator : estimator object
        The model to fit; it is cloned for every split.
    X : array-like of shape (n_samples, n_features)
        The data.
    y : array-like of shape (n_samples,) or (n_samples, n_outputs), default=None
        The target.
    cv : cross-validation generator or int
        A splitter that yields ``(train, test)`` pairs, or an int.
    scoring : str or callable, default=None
        One metric: a scorer name (``"neg_mean_squared_error"``), or a callable
        ``scorer(estimator, X, y)``. None means accuracy for a classifier and R²
        for a regressor, what their default ``score`` method computes.
    groups : array-like of shape (n_samples,), default=None
        Passed to ``cv.split`` when metadata routing is disabled, as in
        ``cross_validate``; with routing enabled, pass it in ``params``.
    params : dict, default=None
        Metadata, routed as in ``cross_validate``: without routing to the
        estimator's ``fit``; with routing enabled to ``fit``, ``cv.split`` and the
        scorer as requested (sample-aligned values are indexed to each path).
    n_jobs : int, default=None
        Number of jobs fitting (then scoring paths) in parallel through joblib.

    Returns
    -------
    scores : ndarray of shape (n_paths,)
        The score of each path, path j being the one of column j of
        :func:`predict_paths`.

    Raises
    ------
    ValueError
        If a path's score is not a finite number (the metric overflowed, the
        predictions diverged, or the metric is undefined on the path's rows):
        such a score cannot be compared with the others.

    See Also
    --------
    predict_paths : The predictions these scores are computed from.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn.linear_model import Ridge
    >>> from safesplit import CombinatorialPurgedCV, score_paths
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(60, 3))
    >>> y = X @ [1.0, -2.0, 0.5] + rng.normal(scale=0.5, size=60)
    >>> cv = CombinatorialPurgedCV(n_groups=6, n_test_groups=2, horizon=1)
    >>> scores = score_paths(Ridge(), X, y, cv=cv, scoring="r2")
    >>> scores.shape
    (5,)
    >>> bool(scores.min() > 0.8)
    True
    """
    X, y, cv, n_samples = _validated("score_paths", estimator, X, y, cv, n_jobs)
    scorer = _path_scorer(estimator, scoring)
    split_params, fit_params, score_params = _route(
        "score_paths", estimator, cv, groups, params, scorer=scorer
    )
    splits = _splits(cv, X, y, split_params, "score_paths", n_samples)
    paths, n_paths, _ = _assign_paths(splits, n_samples)
    classes = _all_classes(estimator, y)

    fitted = Parallel(n_jobs=jobs_for(n_jobs, len(splits)))(
        delayed(_fit)(clone(estimator), X, y, train, fit_params, ("score_paths", index))
        for index, (train, _) in enumerate(splits)
    )
    jobs = []
    for j in range(n_paths):
        rows, split_of_row = [], []
        for s, ((_, test), path) in enumerate(zip(splits, paths)):
            mine = test[path == j]
            if mine.size:
                rows.append(mine)
                split_of_row.append(np.full(mine.shape[0], s, dtype=np.intp))
        rows = np.concatenate(rows)
        split_of_row = np.concatenate(split_of_row)
        order = np.argsort(rows, kind="stable")
        rows, split_of_row = rows[order], split_of_row[order]
        used, segment = np.unique(split_of_row, return_inverse=True)
        jobs.append(([fitted[s] for s in used], segment, rows))
    scores = Parallel(n_jobs=jobs_for(n_jobs, len(jobs)))(
        delayed(_score_path)(
            estimators, segment, rows, X, y, scorer, score_params, classes
        )
        for estimators, segment, rows in jobs
    )
    return _finite(np.asarray(scores, dtype=float), scoring)


def _finite(scores, scoring):
    """The scores, refused when one is not a finite number.

    Such a score compares nothing: it comes from an overflow (squared errors of
    targets near 1e154 exceed float64), from predictions that diverged, or from
    a metric that the path's rows do not define. The last needs a path without
    some class of y, which a backtest path, covering every sample once, never
    is but on a handful of samples.
    """
    bad = np.flatnonzero(~np.isfinite(scores))
    if bad.size:
        raise ValueError(
            f"score_paths: the score of path(s) {bad.tolist()[:10]} is "
            f"{scores[bad[0]]} (scoring={scoring!r}), which compares nothing: "
            "the metric overflowed, the predictions diverged, or the metric is "
            "undefined on the path's rows. Divide y by its scale to make its "
            "values smaller if they are large (squared errors of values beyond "
            "about 1e154 exceed float64), or see the predictions of "
            "predict_paths."
        )
    return scores
