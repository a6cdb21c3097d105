"""Out-of-sample predictions and scores arranged by backtest path.

``cross_val_predict`` needs test sets that partition the data. Walk-forward tests
only the later samples, and combinatorial CV tests every sample several times.
Here, a sample's j-th appearance in a test set (counting splits in order) goes to
path j: combinatorial purged CV gives ``n_paths`` complete paths, walk-forward
one path with gaps, a K-fold one complete path (``cross_val_predict``'s result).
"""

import numpy as np
import scipy.sparse as sp
from sklearn.base import clone, is_classifier, is_regressor
from sklearn.exceptions import UnsetMetadataPassedError
from sklearn.metrics import check_scoring, get_scorer
from sklearn.model_selection import check_cv
from sklearn.preprocessing import LabelEncoder
from sklearn.utils import indexable
from sklearn.utils.metadata_routing import (
    MetadataRouter,
    MethodMapping,
    process_routing,
)
from sklearn.utils.metaestimators import available_if
from sklearn.utils.parallel import Parallel, delayed
from sklearn.utils.validation import (
    has_fit_parameter,
)

from safesplit._sklearn_compat import (
    _check_method_params,
    _enforce_prediction_order,
    _num_samples,
    _routing_enabled,
    _safe_indexing,
    _safe_split,
)
from safesplit.model_selection._base import BaseTimeSplitter

_CLASS_METHODS = ("decision_function", "predict_proba", "predict_log_proba")


# --------------------------------------------------------------------------------------
# Shared steps: routing, splitting, assigning test samples to paths, fitting.


def _route(owner, estimator, cv, groups, params, scorer=None):
    """Route ``params`` to the splitter, the estimator and the scorer.

    With metadata routing enabled this is ``cross_validate``'s routing; without
    it, ``groups`` go to ``split`` and ``params`` to ``fit``.
    """
    params = {} if params is None else dict(params)
    if _routing_enabled():
        if groups is not None:
            raise ValueError(
                "groups can only be passed if metadata routing is not enabled; with "
                f"routing enabled pass them in params: {owner}(..., params="
                "{'groups': groups})."
            )
        router = (
            MetadataRouter(owner=owner)
            .add(
                splitter=cv,
                method_mapping=MethodMapping().add(caller="fit", callee="split"),
            )
            .add(
                estimator=estimator,
                method_mapping=MethodMapping().add(caller="fit", callee="fit"),
            )
        )
        if scorer is not None:
            router.add(
                scorer=scorer,
                method_mapping=MethodMapping().add(caller="fit", callee="score"),
            )
        try:
            routed = process_routing(router, "fit", **params)
        except UnsetMetadataPassedError as exc:
            raise UnsetMetadataPassedError(
                message=str(exc).replace(f"{owner}.fit", owner),
                unrequested_params=exc.unrequested_params,
                routed_params=exc.routed_params,
            ) from None
        return (
            dict(routed.splitter.split),
            dict(routed.estimator.fit),
            dict(routed.scorer.score) if scorer is not None else {},
        )
    if isinstance(cv, BaseTimeSplitter):
        for name in ("times", "end_times"):
            if name in params and not has_fit_parameter(estimator, name):
                raise ValueError(
                    f"params holds {name!r}, but without metadata routing params go "
                    f"to the estimator's fit, not to the splitter. Enable routing "
                    "(sklearn.set_config(enable_metadata_routing=True)) to pass "
                    f"{name} to the splitter, or give X a DatetimeIndex or the "
                    "splitter a time_column."
                )
    return {"groups": groups}, params, {}


def _check_cv_splits(cv, X, y, split_params, owner):
    """Materialise the splits; check that each yields a (train, test) pair."""
    splits = []
    for index, pair in enumerate(cv.split(X, y, **split_params)):
        train, test = pair
        try:
            test = np.asarray(test)
            ragged = False
        except ValueError:  # a ragged list of arrays
            ragged = True
        if not ragged and test.dtype == bool:
            test = np.flatnonzero(test)
        elif not ragged and test.shape == (0,):
            test = test.astype(np.intp)
        if ragged or test.ndim != 1 or not np.issubdtype(test.dtype, np.integer):
            raise TypeError(
                f"{owner}: split {index} of {type(cv).__name__} did not yield a 1-d "
                "array of test indices (a list of test arrays per split is not a "
                "scikit-learn splitter); use a splitter that yields (train, test)."
            )
        if np.unique(test).shape[0] != test.shape[0]:
            raise ValueError(
                f"{owner}: split {index} of {type(cv).__name__} tests a sample twice."
            )
        splits.append((train, test))
    if not splits:
        raise ValueError(f"{owner}: {type(cv).__name__} yielded no split.")
    return splits


def _assign_paths(splits, n_samples):
    """The path of each test sample of each split, the number of paths, and
    whether every path holds every sample."""
    seen = np.zeros(n_samples, dtype=np.intp)
    paths = []
    for _, test in splits:
        paths.append(seen[test])
        seen[test] += 1
    n_paths = int(seen.max())
    if n_paths == 0:
        raise ValueError("the splitter tested no sample; there is no path to build.")
    return paths, n_paths, bool((seen == n_paths).all())


def _fit(estimator, X, y, train, fit_params):
    fit_params = _check_method_params(X, params=fit_params, indices=train)
    X_train, y_train = _safe_split(estimator, X, y, train)
    if y_train is None:
        estimator.fit(X_train, **fit_params)
    else:
        estimator.fit(X_train, y_train, **fit_params)
    return estimator


def _fit_and_predict(estimator, X, y, train, test, fit_params, method, n_classes):
    """Fit on ``train`` and call ``method`` on ``test``, as ``cross_val_predict``.

    With ``n_classes`` (y label-encoded: the number of classes of each column of
    y, and the number of columns of a per-class output), per-class outputs get a
    column for every class of the whole data, in order, even when a class is
    missing from the fold.
    """
    estimator = _fit(estimator, X, y, train, fit_params)
    X_test, _ = _safe_split(estimator, X, y, test, train)
    predictions = getattr(estimator, method)(X_test)
    if n_classes is not None:
        per_output, n_columns = n_classes
        if isinstance(predictions, list):  # one array per output
            predictions = [
                _enforce_prediction_order(
                    estimator.classes_[i], p, n_classes=per_output[i], method=method
                )
                for i, p in enumerate(predictions)
            ]
        else:
            predictions = _enforce_prediction_order(
                estimator.classes_, predictions, n_columns, method
            )
    return predictions


def _check_method(estimator, method):
    if not isinstance(method, str):
        raise TypeError(f"method must be the name of a method, got {method!r}.")
    if not hasattr(estimator, method):
        known = [
            name
            for name in ("predict",) + _CLASS_METHODS + ("transform",)
            if hasattr(estimator, name)
        ]
        has = ", ".join(known) if known else "none of the usual methods"
        raise ValueError(
            f"method={method!r} is not available on {type(estimator).__name__} (it "
            f"has {has}); pass one it has. Some classifiers need an option for "
            "probabilities, e.g. SVC(probability=True)."
        )


def _assemble(predictions, splits, paths, n_samples, n_paths, complete):
    """Place each split's predictions at (test sample, its path)."""
    arrays = [p.toarray() if sp.issparse(p) else np.asarray(p) for p in predictions]
    trailing = arrays[0].shape[1:]
    dtype = np.result_type(*arrays)
    if complete:
        out = np.empty((n_samples, n_paths) + trailing, dtype=dtype)
    else:
        if dtype.kind in "biu":
            dtype = np.dtype(np.float64)
        elif dtype.kind not in "fc":
            dtype = np.dtype(object)
        out = np.full((n_samples, n_paths) + trailing, np.nan, dtype=dtype)
    for values, (_, test), path in zip(arrays, splits, paths):
        out[test, path] = values
    return out


# --------------------------------------------------------------------------------------
# predict_paths


def predict_paths(
    estimator,
    X,
    y=None,
    *,
    cv,
    method="predict",
    groups=None,
    params=None,
    n_jobs=None,
):
    """Out-of-sample predictions of every split, arranged by backtest path.

    The estimator is cloned, fitted on each training set and asked for
    ``method`` on the test set, as in
    :func:`~sklearn.model_selection.cross_val_predict`, but the test sets need
    not partition the data: a sample's j-th appearance in a test set (counting
    splits in order) is placed in path j. So :class:`CombinatorialPurgedCV` gives
    ``n_paths`` complete paths (the ones its ``path_ids`` describes),
    :class:`WalkForward` one path with missing values where a sample was never
    tested, and :class:`PurgedKFold` (any partition) one complete path equal to
    ``cross_val_predict``.

    Parameters
    ----------
    estimator : estimator object
        The model to fit; it is cloned for every split.
    X : array-like of shape (n_samples, n_features)
        The data.
    y : array-like of shape (n_samples,) or (n_samples, n_outputs), default=None
        The target.
    cv : cross-validation generator or int
        A splitter that yields ``(train, test)`` pairs (any scikit-learn one), or
        an int for (Stratified)KFold.
    method : str, default="predict"
        The method to call on the test set: ``"predict"``, ``"predict_proba"``,
        ``"predict_log_proba"``, ``"decision_function"``, or any other. For the
        three per-class methods, classes missing from a training set get a column
        of 0 (probabilities) or the lowest float (log probabilities, decision
        function), as in ``cross_val_predict``.
    groups : array-like of shape (n_samples,), default=None
        Passed to ``cv.split`` when metadata routing is disabled, as in
        ``cross_validate``; with routing enabled, pass it in ``params``.
    params : dict, default=None
        Metadata. Without routing, passed to the estimator's ``fit`` (indexed to
        the training samples). With routing enabled
        (``sklearn.set_config(enable_metadata_routing=True)``), routed to
        ``fit`` and to ``cv.split`` as requested: this is how ``times``,
        ``end_times`` and ``groups`` reach a safesplit splitter.
    n_jobs : int, default=None
        Number of jobs fitting in parallel through joblib (``None`` means 1
        unless in a ``joblib.parallel_backend`` context, ``-1`` all processors).
        A ``joblib.parallel_backend("dask")`` context runs the fits on a dask
        cluster.

    Returns
    -------
    predictions : ndarray of shape (n_samples, n_paths) or (n_samples, n_paths, \
n_outputs)
        ``predictions[i, j]`` is the prediction for sample ``i`` (in the order of
        ``X``) in path ``j``. The method's output per sample (a class-probability
        row, several outputs) forms the trailing axes. When every path holds every
        sample the dtype is that of the predictions (as ``cross_val_predict``);
        otherwise missing entries are NaN, in a float array for numeric
        predictions and an object array otherwise (both read as missing by
        pandas). ``pd.DataFrame(predictions, index=X.index)`` gives one column per
        path. For a method returning a list (multi-output ``predict_proba``), a
        list of such arrays, one per output.

    See Also
    --------
    score_paths : One score per backtest path.
    CombinatorialPurgedCV.path_ids : Which path each test group of each split
        feeds.

    Examples
    --------
    >>> import numpy as np
    >>> import pandas as pd
    >>> from sklearn.linear_model import LinearRegression
    >>> from safesplit import CombinatorialPurgedCV, WalkForward, predict_paths
    >>> X = np.arange(12.0).reshape(-1, 1)
    >>> y = 2 * X.ravel()
    >>> cv = CombinatorialPurgedCV(n_groups=4, n_test_groups=2)
    >>> paths = predict_paths(LinearRegression(), X, y, cv=cv)
    >>> paths.shape  # 12 samples, 3 complete paths
    (12, 3)
    >>> np.allclose(paths, y[:, None])
    True
    >>> walk = predict_paths(LinearRegression(), X, y, cv=WalkForward(n_splits=3))
    >>> pd.DataFrame(walk).add_prefix("path_").round(1).T
              0    1    2    3    4     5     6     7     8     9     10    11
    path_0  NaN  NaN  NaN  6.0  8.0  10.0  12.0  14.0  16.0  18.0  20.0  22.0
    """
    X, y = indexable(X, y)
    cv = check_cv(cv, y, classifier=is_classifier(estimator))
    _check_method(estimator, method)
    split_params, fit_params, _ = _route("predict_paths", estimator, cv, groups, params)
    splits = _check_cv_splits(cv, X, y, split_params, "predict_paths")
    n_samples = _num_samples(X)
    paths, n_paths, complete = _assign_paths(splits, n_samples)

    n_classes = None
    if method in _CLASS_METHODS and y is not None:
        # Encode y so that every fold's per-class columns can be put in one order.
        y = np.asarray(y)
        if y.ndim == 1:
            y = LabelEncoder().fit_transform(y)
            n_classes = ([int(y.max()) + 1], int(y.max()) + 1)
        else:
            encoded = np.zeros(y.shape, dtype=int)
            for i in range(y.shape[1]):
                encoded[:, i] = LabelEncoder().fit_transform(y[:, i])
            y = encoded
            # A list output has one array per column; an indicator matrix one
            # column per label.
            n_classes = ([int(c) + 1 for c in y.max(axis=0)], y.shape[1])

    predictions = Parallel(n_jobs=n_jobs)(
        delayed(_fit_and_predict)(
            clone(estimator), X, y, train, test, fit_params, method, n_classes
        )
        for train, test in splits
    )
    if isinstance(predictions[0], list):
        return [
            _assemble(
                [p[i] for p in predictions], splits, paths, n_samples, n_paths, complete
            )
            for i in range(len(predictions[0]))
        ]
    return _assemble(predictions, splits, paths, n_samples, n_paths, complete)


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

    def __init__(self, estimators, segment):
        self.estimators_ = estimators
        self.segment_ = segment
        classes = [getattr(est, "classes_", None) for est in estimators]
        if all(isinstance(c, np.ndarray) and c.ndim == 1 for c in classes):
            self.classes_ = np.unique(np.concatenate(classes))
        elif classes[0] is not None:
            self.classes_ = classes[0]

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
    return check_scoring(estimator, scoring=scoring)


def _score_path(estimators, segment, rows, X, y, scorer, score_params):
    model = _PathModel(estimators, segment)
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
    X, y = indexable(X, y)
    cv = check_cv(cv, y, classifier=is_classifier(estimator))
    scorer = _path_scorer(estimator, scoring)
    split_params, fit_params, score_params = _route(
        "score_paths", estimator, cv, groups, params, scorer=scorer
    )
    splits = _check_cv_splits(cv, X, y, split_params, "score_paths")
    paths, n_paths, _ = _assign_paths(splits, _num_samples(X))

    fitted = Parallel(n_jobs=n_jobs)(
        delayed(_fit)(clone(estimator), X, y, train, fit_params) for train, _ in splits
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
    scores = Parallel(n_jobs=n_jobs)(
        delayed(_score_path)(estimators, segment, rows, X, y, scorer, score_params)
        for estimators, segment, rows in jobs
    )
    return np.asarray(scores, dtype=float)
