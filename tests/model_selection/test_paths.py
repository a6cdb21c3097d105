"""predict_paths and score_paths: paths, return types, routing, joblib and dask."""

import math
import re

import joblib
import numpy as np
import pandas as pd
import pytest
import sklearn
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.base import BaseEstimator, RegressorMixin
from sklearn.dummy import DummyClassifier
from sklearn.ensemble import RandomForestClassifier
from sklearn.exceptions import UnsetMetadataPassedError
from sklearn.linear_model import LinearRegression, LogisticRegression, Ridge
from sklearn.metrics import accuracy_score, log_loss, mean_squared_error, r2_score
from sklearn.model_selection import KFold, TimeSeriesSplit, cross_val_predict
from sklearn.multiclass import OneVsRestClassifier
from sklearn.svm import SVC

from safesplit import (
    CombinatorialPurgedCV,
    GroupTimeSeriesSplit,
    PurgedKFold,
    WalkForward,
    predict_paths,
    score_paths,
)
from safesplit.model_selection._paths import _assign_paths


class TrainSum(RegressorMixin, BaseEstimator):
    """Predicts the sum of its training targets: tells which split predicted."""

    def fit(self, X, y, sample_weight=None):
        weights = np.ones(len(y)) if sample_weight is None else sample_weight
        self.total_ = float(np.sum(np.asarray(y) * weights))
        return self

    def predict(self, X):
        return np.full(len(X), self.total_)


def _data(n=60, seed=0):
    rng = np.random.default_rng(seed)
    index = pd.date_range("2024-01-01", periods=n, freq="D")
    X = pd.DataFrame(rng.normal(size=(n, 3)), index=index, columns=list("abc"))
    y = X.to_numpy() @ [1.0, -1.0, 0.5] + rng.normal(scale=0.5, size=n)
    return X, y


# --------------------------------------------------------------------------------------
# Paths


@settings(max_examples=40, deadline=None)
@given(
    st.integers(2, 7).flatmap(
        lambda n: st.tuples(st.just(n), st.integers(1, n - 1), st.integers(n, 30))
    )
)
def test_paths_follow_path_ids_and_cover_every_sample_once(params):
    n_groups, k, n = params
    cv = CombinatorialPurgedCV(n_groups, k)
    splits = list(cv.split(np.zeros((n, 1))))
    paths, n_paths, complete = _assign_paths(splits, n)
    assert complete and n_paths == cv.n_paths == math.comb(n_groups - 1, k - 1)
    covered = np.zeros((n, n_paths), dtype=int)
    fold_of = np.empty(n, dtype=int)
    for g, (_, test) in enumerate(KFold(n_groups).split(np.zeros(n))):
        fold_of[test] = g
    for s, ((_, test), path) in enumerate(zip(splits, paths)):
        covered[test, path] += 1
        for j, g in enumerate(cv.test_groups()[s]):
            assert (path[fold_of[test] == g] == cv.path_ids()[s, j]).all()
    assert (covered == 1).all()


def test_cpcv_columns_are_complete_paths_from_the_right_splits():
    X, y = _data(n=30)
    cv = CombinatorialPurgedCV(5, 2, horizon=1)
    out = predict_paths(TrainSum(), X, y, cv=cv)
    assert isinstance(out, np.ndarray) and out.shape == (30, cv.n_paths)
    assert out.dtype == np.float64 and not np.isnan(out).any()
    splits = list(cv.split(X))
    totals = [float(y[train].sum()) for train, _ in splits]
    fold_of = np.repeat(np.arange(5), 6)
    for s, groups in enumerate(cv.test_groups()):
        for j, g in enumerate(groups):
            np.testing.assert_array_equal(
                out[fold_of == g, cv.path_ids()[s, j]], totals[s]
            )


def test_purged_kfold_is_cross_val_predict():
    X, y = _data()
    cv = PurgedKFold(4, horizon="2D", embargo="1D")
    out = predict_paths(Ridge(), X, y, cv=cv)
    assert out.shape == (60, 1)
    np.testing.assert_allclose(out[:, 0], cross_val_predict(Ridge(), X, y, cv=cv))
    labels = np.where(y > 0, "up", "down")
    got = predict_paths(LogisticRegression(), X, labels, cv=cv)
    assert got.dtype == labels.dtype  # complete: the predictions' own dtype
    np.testing.assert_array_equal(
        got[:, 0], cross_val_predict(LogisticRegression(), X, labels, cv=cv)
    )
    proba = predict_paths(
        LogisticRegression(), X, labels, cv=cv, method="predict_proba"
    )
    assert proba.shape == (60, 1, 2)
    np.testing.assert_allclose(
        proba[:, 0],
        cross_val_predict(
            LogisticRegression(), X, labels, cv=cv, method="predict_proba"
        ),
    )


def test_class_missing_from_a_training_set_gets_a_zero_column():
    X, _ = _data(n=40)
    labels = np.array([0] * 10 + [1] * 20 + [2] * 10)  # class 0 only in fold 0
    cv = PurgedKFold(4)
    with pytest.warns(RuntimeWarning, match="Number of classes"):
        got = predict_paths(DummyClassifier(), X, labels, cv=cv, method="predict_proba")
    with pytest.warns(RuntimeWarning):
        want = cross_val_predict(
            DummyClassifier(), X, labels, cv=cv, method="predict_proba"
        )
    np.testing.assert_allclose(got[:, 0], want)
    assert (got[:10, 0, 0] == 0).all()


def test_walk_forward_single_path_with_missing_values():
    X, y = _data()
    cv = WalkForward(4, test_size=10, horizon="1D")
    out = predict_paths(Ridge(), X, y, cv=cv)
    assert out.shape == (60, 1)
    assert np.isnan(out[:20, 0]).all() and not np.isnan(out[20:, 0]).any()
    for train, test in cv.split(X):
        want = Ridge().fit(X.iloc[train], y[train]).predict(X.iloc[test])
        np.testing.assert_allclose(out[test, 0], want)
    frame = pd.DataFrame(out, index=X.index).add_prefix("path_")
    assert frame["path_0"].isna().sum() == 20
    # Labels: an object array with NaN where never tested.
    labels = np.where(y > 0, "up", "down")
    got = predict_paths(LogisticRegression(), X, labels, cv=cv)
    assert got.dtype == object
    assert pd.isna(got[:20, 0]).all() and set(got[20:, 0]) <= {"up", "down"}
    # Integer labels become floats with NaN; class probabilities keep their axis.
    ints = (y > 0).astype(int)
    assert predict_paths(LogisticRegression(), X, ints, cv=cv).dtype == np.float64
    proba = predict_paths(LogisticRegression(), X, ints, cv=cv, method="predict_proba")
    assert proba.shape == (60, 1, 2) and np.isnan(proba[:20]).all()
    np.testing.assert_allclose(proba[20:, 0].sum(axis=1), 1.0)


def test_multi_output_and_other_splitters():
    X, y = _data()
    Y = np.column_stack([y, 2 * y])
    cv = CombinatorialPurgedCV(4, 2)
    out = predict_paths(LinearRegression(), X, Y, cv=cv)
    assert out.shape == (60, 3, 2)
    # Multi-label probabilities: an indicator matrix, or a list per output.
    labels = np.column_stack([y > 0, 2 * y > 1]).astype(int)
    kfold = PurgedKFold(3)
    ovr = OneVsRestClassifier(LogisticRegression())
    got = predict_paths(ovr, X, labels, cv=kfold, method="predict_proba")
    want = cross_val_predict(ovr, X, labels, cv=kfold, method="predict_proba")
    assert got.shape == (60, 1, 2)
    np.testing.assert_allclose(got[:, 0], want)
    forest = RandomForestClassifier(5, random_state=0)
    got = predict_paths(forest, X, labels, cv=kfold, method="predict_proba")
    want = cross_val_predict(forest, X, labels, cv=kfold, method="predict_proba")
    assert isinstance(got, list) and len(got) == 2
    for a, b in zip(got, want):
        np.testing.assert_allclose(a[:, 0], b)
    # Plain scikit-learn splitters and an int work too.
    assert predict_paths(Ridge(), X, y, cv=TimeSeriesSplit(3)).shape == (60, 1)
    assert predict_paths(Ridge(), X, y, cv=3).shape == (60, 1)
    week = np.arange(60) // 7
    out = predict_paths(Ridge(), X, y, cv=GroupTimeSeriesSplit(3), groups=week)
    assert np.isnan(out[week < 6]).all() and not np.isnan(out[week >= 6]).any()


def test_method_the_estimator_lacks():
    X, y = _data()
    with pytest.raises(ValueError, match="method='predict_proba' is not available"):
        predict_paths(Ridge(), X, y, cv=PurgedKFold(3), method="predict_proba")
    with pytest.raises(ValueError, match="method='predict_proba'.*SVC"):
        predict_paths(SVC(), X, y > 0, cv=PurgedKFold(3), method="predict_proba")
    with pytest.raises(TypeError, match="^method must be the name of a method"):
        predict_paths(Ridge(), X, y, cv=PurgedKFold(3), method=None)


def test_splitter_yielding_lists_of_test_arrays_is_refused():
    class ListSplitter:
        def split(self, X, y=None, groups=None):
            yield np.arange(5), [np.arange(5, 8), np.arange(8, 10)]

        def get_n_splits(self, *args, **kwargs):
            return 1

    with pytest.raises(TypeError, match="list of test arrays"):
        predict_paths(Ridge(), np.zeros((10, 1)), np.zeros(10), cv=ListSplitter())


# --------------------------------------------------------------------------------------
# Routing


def test_routing_off_params_go_to_fit_and_groups_to_split():
    X, y = _data()
    weights = np.linspace(0.5, 2.0, 60)
    cv = PurgedKFold(3)
    out = predict_paths(TrainSum(), X, y, cv=cv, params={"sample_weight": weights})
    for train, test in cv.split(X):
        np.testing.assert_allclose(out[test, 0], np.sum(y[train] * weights[train]))
    entity = np.arange(60) // 5
    grouped = predict_paths(TrainSum(), X, y, cv=cv, groups=entity)
    for train, test in cv.split(X, groups=entity):
        np.testing.assert_allclose(grouped[test, 0], y[train].sum())
    with pytest.raises(ValueError, match="without metadata routing params go"):
        predict_paths(Ridge(), X, y, cv=cv, params={"times": X.index})


def test_routing_on_times_end_times_groups_and_fit_params():
    X, y = _data()
    plain = X.reset_index(drop=True)
    entity = np.arange(60) // 5
    weights = np.linspace(0.5, 2.0, 60)
    cv = CombinatorialPurgedCV(4, 2, horizon="2D")
    want = predict_paths(TrainSum(), X, y, cv=cv, groups=entity)
    with sklearn.config_context(enable_metadata_routing=True):
        got = predict_paths(
            TrainSum(),
            plain,
            y,
            cv=CombinatorialPurgedCV(4, 2),
            params={
                "times": X.index,
                "end_times": X.index + pd.Timedelta("2D"),
                "groups": entity,
            },
        )
        np.testing.assert_allclose(got, want)
        weighted = predict_paths(
            TrainSum().set_fit_request(sample_weight=True),
            X,
            y,
            cv=cv,
            params={"sample_weight": weights},
        )
        for (train, _), total in zip(cv.split(X), _split_totals(weighted, cv, 60)):
            assert np.isclose(total, np.sum(y[train] * weights[train]))
        with pytest.raises(
            UnsetMetadataPassedError,
            match=re.escape("[sample_weight] are passed but are not explicitly set")
            + ".*TrainSum.set_fit_request",
        ):
            predict_paths(TrainSum(), X, y, cv=cv, params={"sample_weight": weights})
        with pytest.raises(ValueError, match="groups can only be passed"):
            predict_paths(TrainSum(), X, y, cv=cv, groups=entity)


def test_routed_paths_and_scores_are_the_same_for_every_input_kind(input_kind, as_kind):
    X, y = _data()
    entity = pd.Series(np.arange(60) // 5)
    cv = CombinatorialPurgedCV(4, 2, horizon="2D")
    want = predict_paths(Ridge(), X, y, cv=cv, groups=entity.to_numpy())
    want_scores = score_paths(Ridge(), X, y, cv=cv, groups=entity.to_numpy())
    params = {
        "times": as_kind(pd.Series(X.index), input_kind),
        "end_times": as_kind(pd.Series(X.index + pd.Timedelta("2D")), input_kind),
        "groups": as_kind(entity, input_kind),
    }
    X, y = as_kind(X.reset_index(drop=True), input_kind), as_kind(y, input_kind)
    with sklearn.config_context(enable_metadata_routing=True):
        cv = CombinatorialPurgedCV(4, 2)
        got = predict_paths(Ridge(), X, y, cv=cv, params=params)
        scores = score_paths(Ridge(), X, y, cv=cv, params=params)
    np.testing.assert_allclose(got, want)
    np.testing.assert_allclose(scores, want_scores)


def _split_totals(out, cv, n):
    """The value each split predicted, read back from the path columns."""
    fold_of = np.repeat(np.arange(cv.n_groups), n // cv.n_groups)
    totals = []
    for s, groups in enumerate(cv.test_groups()):
        g, j = groups[0], 0
        totals.append(out[fold_of == g, cv.path_ids()[s, j]][0])
    return totals


# --------------------------------------------------------------------------------------
# score_paths


def test_score_paths_is_the_metric_of_each_path():
    X, y = _data()
    cv = CombinatorialPurgedCV(5, 2, horizon="1D")
    preds = predict_paths(Ridge(), X, y, cv=cv)
    scores = score_paths(Ridge(), X, y, cv=cv, scoring="neg_mean_squared_error")
    assert scores.shape == (cv.n_paths,) and scores.dtype == np.float64
    for j in range(cv.n_paths):
        assert np.isclose(scores[j], -mean_squared_error(y, preds[:, j]))
    default = score_paths(Ridge(), X, y, cv=cv)  # a regressor: R²
    np.testing.assert_allclose(default, [r2_score(y, preds[:, j]) for j in range(4)])


def test_score_paths_walk_forward_and_kfold():
    X, y = _data()
    cv = WalkForward(3, test_size=10)
    preds = predict_paths(Ridge(), X, y, cv=cv)[:, 0]
    tested = ~np.isnan(preds)
    score = score_paths(Ridge(), X, y, cv=cv, scoring="r2")
    np.testing.assert_allclose(score, [r2_score(y[tested], preds[tested])])
    labels = (y > 0).astype(int)
    kfold = PurgedKFold(4)
    oof = cross_val_predict(LogisticRegression(), X, labels, cv=kfold)
    got = score_paths(LogisticRegression(), X, labels, cv=kfold)  # accuracy
    np.testing.assert_allclose(got, [accuracy_score(labels, oof)])


def test_score_paths_probabilities_with_a_class_missing_from_a_fold():
    X, _ = _data(n=40)
    labels = np.array(["a"] * 10 + ["b"] * 20 + ["c"] * 10)
    cv = PurgedKFold(4)
    got = score_paths(DummyClassifier(), X, labels, cv=cv, scoring="neg_log_loss")
    with pytest.warns(RuntimeWarning):
        proba = cross_val_predict(
            DummyClassifier(), X, labels, cv=cv, method="predict_proba"
        )
    # Columns of the classes a training set lacked are 0, as cross_val_predict's.
    want = -log_loss(labels, proba, labels=["a", "b", "c"])
    assert np.isfinite(got[0]) and np.isclose(got[0], want, rtol=1e-9)


@pytest.mark.parametrize("scoring", ["neg_log_loss", "roc_auc_ovr"])
def test_score_paths_path_whose_models_all_lack_a_class(scoring):
    # Class "c" is only in the first of 6 groups: every split testing that group
    # trains without it, so path 0's model for those rows knows two classes.
    X, _ = _data(n=60)
    labels = np.where(np.arange(60) < 10, "c", np.where(np.arange(60) % 2, "a", "b"))
    cv = CombinatorialPurgedCV(6, 2)
    got = score_paths(LogisticRegression(), X, labels, cv=cv, scoring=scoring)
    proba = predict_paths(
        LogisticRegression(), X, labels, cv=cv, method="predict_proba"
    )
    metric = sklearn.metrics.get_scorer(scoring)._score_func
    kwargs = {"labels": ["a", "b", "c"]}
    if scoring == "roc_auc_ovr":
        kwargs["multi_class"] = "ovr"
    want = [
        (-1 if scoring == "neg_log_loss" else 1) * metric(labels, proba[:, j], **kwargs)
        for j in range(cv.n_paths)
    ]
    np.testing.assert_allclose(got, want, rtol=1e-9)


def test_decision_function_with_a_class_missing_names_the_split():
    X, _ = _data(n=60)
    labels = np.where(np.arange(60) < 10, 2, np.arange(60) % 2)
    cv = CombinatorialPurgedCV(6, 2)
    with pytest.raises(
        ValueError, match=r"^predict_paths: the training set of split 0 "
    ):
        predict_paths(
            LogisticRegression(), X, labels, cv=cv, method="decision_function"
        )


def test_score_paths_routes_score_params_and_refuses_multi_metrics():
    X, y = _data()
    weights = np.linspace(0.5, 2.0, 60)
    cv = CombinatorialPurgedCV(4, 2)
    preds = predict_paths(Ridge(), X, y, cv=cv)
    with sklearn.config_context(enable_metadata_routing=True):
        scorer = sklearn.metrics.make_scorer(mean_squared_error)
        scorer = scorer.set_score_request(sample_weight=True)
        ridge = Ridge().set_fit_request(sample_weight=False)
        got = score_paths(
            ridge, X, y, cv=cv, scoring=scorer, params={"sample_weight": weights}
        )
    want = [mean_squared_error(y, preds[:, j], sample_weight=weights) for j in range(3)]
    np.testing.assert_allclose(got, want)
    with pytest.raises(ValueError, match="scoring=.*one metric"):
        score_paths(Ridge(), X, y, cv=cv, scoring=["r2", "neg_mean_squared_error"])
    with pytest.raises(ValueError, match="scoring=None"):
        from sklearn.cluster import KMeans

        score_paths(KMeans(2, n_init=1), X, cv=cv)


# --------------------------------------------------------------------------------------
# Parallel: joblib processes and a dask cluster give the local results


def test_n_jobs_gives_the_same_result():
    X, y = _data()
    cv = CombinatorialPurgedCV(4, 2, horizon="1D")
    local = predict_paths(Ridge(), X, y, cv=cv)
    np.testing.assert_array_equal(local, predict_paths(Ridge(), X, y, cv=cv, n_jobs=2))
    np.testing.assert_array_equal(
        score_paths(Ridge(), X, y, cv=cv), score_paths(Ridge(), X, y, cv=cv, n_jobs=2)
    )


@pytest.mark.slow
def test_dask_backend_gives_the_local_results():
    distributed = pytest.importorskip("distributed")
    from sklearn.model_selection import cross_val_score

    X, y = _data(n=80)
    week = np.arange(80) // 7
    splitters = [
        CombinatorialPurgedCV(4, 2, horizon="2D", embargo="1D"),
        GroupTimeSeriesSplit(3),
        PurgedKFold(3, horizon="1D"),
        WalkForward(3, test_size=10),
    ]
    local = [
        cross_val_score(Ridge(), X, y, cv=cv, groups=week, n_jobs=1) for cv in splitters
    ]
    local_paths = predict_paths(Ridge(), X, y, cv=splitters[0])
    local_scores = score_paths(Ridge(), X, y, cv=splitters[0])
    with (
        distributed.LocalCluster(
            n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster),
    ):
        with joblib.parallel_backend("dask"):
            remote = [
                cross_val_score(Ridge(), X, y, cv=cv, groups=week, n_jobs=-1)
                for cv in splitters
            ]
            remote_paths = predict_paths(Ridge(), X, y, cv=splitters[0], n_jobs=-1)
            remote_scores = score_paths(Ridge(), X, y, cv=splitters[0], n_jobs=-1)
    for a, b in zip(local, remote):
        np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(local_paths, remote_paths)
    np.testing.assert_array_equal(local_scores, remote_scores)


# --------------------------------------------------------------------------------------
# Bad arguments: our message, naming the parameter and what to pass


class _Overlapping:
    """Tests the last training row too: a split that trains on a test row."""

    def split(self, X, y=None, groups=None):
        yield np.arange(30), np.arange(29, 40)

    def get_n_splits(self, *args, **kwargs):
        return 1


BAD_ARGUMENTS = [
    ({"estimator": None}, TypeError, r"^estimator must be a scikit-learn estimator"),
    ({"estimator": "abc"}, TypeError, r"^estimator must be a scikit-learn estimator"),
    ({"estimator": Ridge}, TypeError, r"^estimator is the class Ridge, not an"),
    (
        {"estimator": LogisticRegression()},
        ValueError,
        r"^estimator LogisticRegression is a classifier but y holds continuous",
    ),
    ({"cv": -1}, ValueError, r"^cv=-1 asks for -1 split\(s\); .* at least 2"),
    ({"cv": 1}, ValueError, r"^cv=1 asks for 1 split\(s\)"),
    ({"cv": True}, TypeError, r"^cv must be an int >= 2, a cross-validation"),
    ({"cv": 1.5}, TypeError, r"^cv must be an int >= 2, .* got float 1.5"),
    ({"cv": "x"}, TypeError, r"^cv must be an int >= 2, .* got str 'x'"),
    ({"cv": PurgedKFold}, TypeError, r"^cv is the class PurgedKFold, not a splitter"),
    (
        {"cv": TimeSeriesSplit(3, gap=-1)},
        ValueError,
        r"split 0 of cv \(TimeSeriesSplit\) tests 1",
    ),
    (
        {"cv": _Overlapping()},
        ValueError,
        r"split 0 of cv \(_Overlapping\) tests 1 of its 11",
    ),
    (
        {"cv": [(np.arange(30), np.arange(30, 70))]},
        ValueError,
        r"test indices of split 0 of cv \(index pairs\) holds positions outside 0..59",
    ),
    ({"n_jobs": 0}, ValueError, r"^n_jobs=0 runs nothing"),
    ({"n_jobs": 1.5}, TypeError, r"^n_jobs must be None or an int"),
    ({"n_jobs": "x"}, TypeError, r"^n_jobs must be None or an int"),
    (
        {"y": np.zeros(5)},
        ValueError,
        r"^y has 5 entries but X has 60 samples; pass one",
    ),
    ({"y": 5}, TypeError, r"^y must be an array-like of targets, one per sample"),
    ({"X": None}, TypeError, r"^X must be an array-like of samples"),
    ({"X": "abc"}, TypeError, r"^X must be an array-like of samples"),
    ({"X": np.zeros((0, 3)), "y": np.zeros(0)}, ValueError, r"^X has no samples"),
]


@pytest.mark.parametrize("function", [predict_paths, score_paths])
@pytest.mark.parametrize("bad, error, message", BAD_ARGUMENTS)
def test_bad_arguments_get_our_message(function, bad, error, message):
    X, y = _data()
    arguments = {"estimator": Ridge(), "X": X, "y": y, "cv": PurgedKFold(3), **bad}
    with pytest.raises(error, match=message):
        function(arguments.pop("estimator"), arguments.pop("X"), **arguments)


def test_regressor_for_text_labels_and_methods_that_do_not_predict():
    X, y = _data()
    with pytest.raises(ValueError, match=r"^estimator Ridge is a regressor but y"):
        predict_paths(Ridge(), X, np.where(y > 0, "up", "down"), cv=PurgedKFold(3))
    # numeric class labels are a linear probability model: a right answer
    paths = predict_paths(Ridge(), X, (y > 0).astype(int), cv=PurgedKFold(3))
    assert paths.shape == (60, 1) and paths.dtype == np.float64
    with pytest.raises(ValueError, match=r"^method='fit' gives no prediction per"):
        predict_paths(Ridge(), X, y, cv=PurgedKFold(3), method="fit")
    with pytest.raises(ValueError, match=r"^scoring='nope' is not a scorer name"):
        score_paths(Ridge(), X, y, cv=PurgedKFold(3), scoring="nope")
    with pytest.raises(TypeError, match=r"^scoring must be a scorer name"):
        score_paths(Ridge(), X, y, cv=PurgedKFold(3), scoring=5)


@pytest.mark.parametrize("function", [predict_paths, score_paths])
def test_training_set_of_a_single_class_names_the_split(function):
    X, _ = _data(n=60)
    labels = np.r_[np.zeros(57, dtype=int), [1, 1, 2]]  # 1 and 2 in the last group
    cv = CombinatorialPurgedCV(6, 2)
    name = function.__name__
    with pytest.raises(
        ValueError, match=rf"^{name}: the training set of split 4 holds"
    ):
        function(LogisticRegression(), X, labels, cv=cv)


def test_arguments_only_the_data_can_refuse():
    X, y = _data()
    with pytest.raises(ValueError, match=r"^cv=61 asks for more folds than the 60"):
        predict_paths(Ridge(), X, y, cv=61)
    with pytest.raises(TypeError, match=r"^y is None, but Ridge needs a target"):
        predict_paths(Ridge(), X, cv=PurgedKFold(3))
    with pytest.raises(ValueError, match=r"could not split the data: Cannot have"):
        score_paths(Ridge(), X, y, cv=KFold(61))
    # an estimator's own refusal of y passes through, not a crash of ours
    values = pd.Series([0, None] * 30, index=X.index, dtype=object)
    with pytest.raises(ValueError, match=r"^Input (y )?contains NaN"):
        predict_paths(Ridge(), X, values, cv=PurgedKFold(3))


def test_a_large_n_jobs_starts_no_more_workers_than_splits(monkeypatch):
    import safesplit.model_selection._path_scores as path_scores
    import safesplit.model_selection._paths as paths

    asked = []

    class Recording(joblib.Parallel):
        def __init__(self, n_jobs=None, **kwargs):
            asked.append(n_jobs)
            super().__init__(n_jobs=1, **kwargs)

    monkeypatch.setattr(paths, "Parallel", Recording)
    monkeypatch.setattr(path_scores, "Parallel", Recording)
    X, y = _data()
    predict_paths(Ridge(), X, y, cv=PurgedKFold(3), n_jobs=100_000)
    score_paths(Ridge(), X, y, cv=CombinatorialPurgedCV(4, 2), n_jobs=100_000)
    assert asked == [3, 6, 3]  # splits, splits, paths


@pytest.mark.parametrize("function", [predict_paths, score_paths])
def test_a_target_series_not_aligned_with_X_is_refused(function):
    X, y = _data()  # X has a DatetimeIndex
    with pytest.raises(ValueError, match=r"^y is a Series whose index does not match"):
        function(Ridge(), X, pd.Series(y), cv=PurgedKFold(3))
