"""Out-of-sample predictions and scores arranged by backtest path.

``cross_val_predict`` needs test sets that partition the data. Walk-forward tests
only the later samples, and combinatorial CV tests every sample several times.
Here, a sample's j-th appearance in a test set (counting splits in order) goes to
path j: combinatorial purged CV gives ``n_paths`` complete paths, walk-forward
one path with gaps, a K-fold one complete path (``cross_val_predict``'s result).
"""

import numbers

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.base import clone, is_classifier
from sklearn.exceptions import UnsetMetadataPassedError
from sklearn.preprocessing import LabelEncoder
from sklearn.utils import indexable
from sklearn.utils.metadata_routing import (
    MetadataRouter,
    MethodMapping,
    process_routing,
)
from sklearn.utils.parallel import Parallel, delayed
from sklearn.utils.validation import (
    has_fit_parameter,
)

from safesplit._sklearn_compat import (
    _check_method_params,
    _enforce_prediction_order,
    _routing_enabled,
    _safe_split,
    requires_y,
)
from safesplit._validation import (
    check_cv,
    check_estimator,
    check_estimator_fits_target,
    check_length,
    check_n_jobs,
    jobs_for,
    materialize_splits,
    num_samples,
    refuse_shared_rows,
)
from safesplit.model_selection._base import BaseTimeSplitter
from safesplit.model_selection._time_values import check_same_index

_CLASS_METHODS = ("decision_function", "predict_proba", "predict_log_proba")
# Methods that fit, score or configure: they answer nothing per test row.
_NOT_PER_ROW = frozenset(
    {"fit", "fit_transform", "fit_predict", "partial_fit", "score", "get_params"}
    | {"set_params", "get_metadata_routing", "set_output"}
)


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


def _validated(owner, estimator, X, y, cv, n_jobs):
    """``(X, y, cv, n_samples)`` once every shared argument is checked, with our
    message rather than one from scikit-learn's or joblib's internals."""
    n_samples = num_samples(X, "X")
    if n_samples == 0:
        raise ValueError(f"X has no samples; {owner} needs rows to split.")
    if y is not None:
        check_length(y, "y", n_samples, what="target")
        check_same_index(y, "y", X)
    check_estimator(estimator)
    if y is None and requires_y(estimator):
        raise TypeError(
            f"y is None, but {type(estimator).__name__} needs a target to fit; pass "
            "y, one target per sample."
        )
    check_estimator_fits_target(estimator, y)
    check_n_jobs(n_jobs)
    if isinstance(cv, numbers.Integral) and not isinstance(cv, bool):
        if cv > n_samples:
            raise ValueError(
                f"cv={cv} asks for more folds than the {n_samples} samples; pass "
                f"cv={n_samples} or fewer, or a splitter."
            )
    X, y = indexable(X, y)
    cv = check_cv(cv, y, classifier=is_classifier(estimator))
    return X, y, cv, n_samples


def _splits(cv, X, y, split_params, owner, n_samples):
    """The checked splits; a split that tests rows it trains on is refused."""
    splits = materialize_splits(cv, X, y, n_samples, owner, split_params)
    refuse_shared_rows(splits, n_samples, owner, cv)
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


def _fit(estimator, X, y, train, fit_params, where=None):
    """Fit on ``train``; ``where`` (owner, split index) names the split when a
    classifier refuses a training set of a single class."""
    fit_params = _check_method_params(X, params=fit_params, indices=train)
    X_train, y_train = _safe_split(estimator, X, y, train)
    if y_train is None:
        estimator.fit(X_train, **fit_params)
        return estimator
    try:
        estimator.fit(X_train, y_train, **fit_params)
    except ValueError as exc:
        if where is None or not is_classifier(estimator) or np.ndim(y_train) != 1:
            raise
        classes = pd.unique(pd.Series(np.asarray(y_train, dtype=object)))
        if len(classes) != 1:
            raise
        raise ValueError(
            f"{where[0]}: the training set of split {where[1]} holds a single "
            f"class ({classes[0]!r}), which {type(estimator).__name__} cannot fit "
            "on; use a splitter whose training sets hold two classes or more "
            "(fewer test groups, or folds stratified by class)."
        ) from exc
    return estimator


def _fit_and_predict(
    estimator, X, y, train, test, fit_params, method, n_classes, index=None
):
    """Fit on ``train`` and call ``method`` on ``test``, as ``cross_val_predict``.

    With ``n_classes`` (y label-encoded: the number of classes of each column of
    y, and the number of columns of a per-class output), per-class outputs get a
    column for every class of the whole data, in order, even when a class is
    missing from the fold.
    """
    estimator = _fit(estimator, X, y, train, fit_params, ("predict_paths", index))
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
    if method in _NOT_PER_ROW:
        raise ValueError(
            f"method={method!r} gives no prediction per test row; pass predict, "
            "predict_proba, predict_log_proba, decision_function or transform."
        )
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


def _check_training_classes(splits, codes, estimator):
    """Refuse, before fitting, a split whose training set has two classes or fewer
    of more: its decision function has one column and cannot be widened."""
    n_classes = int(codes.max()) + 1
    for index, (train, _) in enumerate(splits):
        present = int(np.count_nonzero(np.bincount(codes[train], minlength=n_classes)))
        if present < n_classes and present <= 2:
            raise ValueError(
                f"predict_paths: the training set of split {index} holds {present} "
                f"of the {n_classes} classes, and {type(estimator).__name__}'s "
                "decision_function for two classes has a single column that "
                "cannot be widened to all classes; pass method='predict_proba', or "
                "use a splitter whose training sets hold every class."
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
    X, y, cv, n_samples = _validated("predict_paths", estimator, X, y, cv, n_jobs)
    _check_method(estimator, method)
    split_params, fit_params, _ = _route("predict_paths", estimator, cv, groups, params)
    splits = _splits(cv, X, y, split_params, "predict_paths", n_samples)
    paths, n_paths, complete = _assign_paths(splits, n_samples)

    n_classes = None
    if method in _CLASS_METHODS and y is not None:
        # Encode y so that every fold's per-class columns can be put in one order.
        y = np.asarray(y)
        if y.ndim == 1:
            y = LabelEncoder().fit_transform(y)
            n_classes = ([int(y.max()) + 1], int(y.max()) + 1)
            if method == "decision_function":
                _check_training_classes(splits, y, estimator)
        else:
            encoded = np.zeros(y.shape, dtype=int)
            for i in range(y.shape[1]):
                encoded[:, i] = LabelEncoder().fit_transform(y[:, i])
            y = encoded
            # A list output has one array per column; an indicator matrix one
            # column per label.
            n_classes = ([int(c) + 1 for c in y.max(axis=0)], y.shape[1])

    predictions = Parallel(n_jobs=jobs_for(n_jobs, len(splits)))(
        delayed(_fit_and_predict)(
            clone(estimator), X, y, train, test, fit_params, method, n_classes, index
        )
        for index, (train, test) in enumerate(splits)
    )
    if isinstance(predictions[0], list):
        return [
            _assemble(
                [p[i] for p in predictions], splits, paths, n_samples, n_paths, complete
            )
            for i in range(len(predictions[0]))
        ]
    return _assemble(predictions, splits, paths, n_samples, n_paths, complete)
