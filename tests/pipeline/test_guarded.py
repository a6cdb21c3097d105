"""Tests of GuardedPipeline: each guarantee leaks on purpose, each Pipeline feature
keeps working, and bad input gets clear errors."""

import pickle
import re
import warnings

import joblib
import numpy as np
import pandas as pd
import pytest
import sklearn
from sklearn.base import BaseEstimator, ClassifierMixin, TransformerMixin, clone
from sklearn.compose import ColumnTransformer
from sklearn.datasets import make_classification
from sklearn.decomposition import PCA
from sklearn.feature_extraction import DictVectorizer
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.frozen import FrozenEstimator
from sklearn.linear_model import LogisticRegression, SGDClassifier
from sklearn.metrics import accuracy_score, make_scorer
from sklearn.model_selection import (
    GridSearchCV,
    KFold,
    RandomizedSearchCV,
    StratifiedKFold,
    TimeSeriesSplit,
    cross_val_predict,
    cross_val_score,
    cross_validate,
    learning_curve,
    permutation_test_score,
)
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import (
    FunctionTransformer,
    MinMaxScaler,
    StandardScaler,
    TargetEncoder,
)
from sklearn.svm import SVC, LinearSVC
from sklearn.utils import estimator_html_repr

from safesplit import (
    GuardedPipeline,
    LeakageError,
    LeakageWarning,
    PurgedKFold,
    WalkForward,
    make_guarded_pipeline,
)


@pytest.fixture(scope="module")
def data():
    X, y = make_classification(n_samples=200, n_features=5, random_state=0)
    return X, y


@pytest.fixture
def kind_data(data, input_kind, as_kind):
    """``data`` as numpy arrays, or as a pandas or polars frame (columns ``x0``
    to ``x4``) and Series: the guarantees hold whatever holds the rows."""
    X, y = data
    return as_kind(X, input_kind), as_kind(y, input_kind)


def _scaled_logistic(**kwargs):
    return GuardedPipeline(
        [("scaler", StandardScaler()), ("clf", LogisticRegression())], **kwargs
    )


def _plain_scaled_logistic():
    return Pipeline([("scaler", StandardScaler()), ("clf", LogisticRegression())])


class RunningCount(TransformerMixin, BaseEstimator):
    """A transformer that keeps state across fits: its clone returns itself."""

    def fit(self, X, y=None):
        self.n_rows_seen_ = getattr(self, "n_rows_seen_", 0) + len(X)
        return self

    def transform(self, X):
        return X

    def __sklearn_clone__(self):
        return self


class CopyingRunningCount(RunningCount):
    """Its clone is a new object that copies the learned state."""

    def __sklearn_clone__(self):
        copy = CopyingRunningCount()
        copy.__dict__.update(self.__dict__)
        return copy


FIT_CALLS = []


class CountingScaler(StandardScaler):
    """StandardScaler that records each real fit (to observe memory caching)."""

    def fit(self, X, y=None, sample_weight=None):
        FIT_CALLS.append(len(X))
        return super().fit(X, y, sample_weight=sample_weight)


class ValidationConsumer(ClassifierMixin, BaseEstimator):
    """A classifier that takes a validation set as fit metadata."""

    def fit(self, X, y, X_val=None):
        self.X_val_ = X_val
        self.classes_ = np.unique(y)
        return self

    def predict(self, X):
        return np.full(len(X), self.classes_[0])


# ---------------------------------------------------------------------------
# Guarantee 1: every fit starts clean.


def test_guarantee1_state_does_not_survive_between_fits(kind_data, take):
    X, y = kind_data
    folds = list(KFold(3).split(X))
    given = SGDClassifier(warm_start=True, random_state=0)
    guarded = GuardedPipeline([("scaler", StandardScaler()), ("clf", given)])
    plain = Pipeline([("scaler", StandardScaler()), ("clf", clone(given))])
    for train, _ in folds:  # one pipeline object re-used across folds
        guarded.fit(take(X, train), take(y, train))
        plain.fit(take(X, train), take(y, train))
    last_train = folds[-1][0]
    fresh = clone(guarded).fit(take(X, last_train), take(y, last_train))
    # The re-used plain pipeline started from the previous folds' coefficients.
    assert not np.allclose(plain[-1].coef_, fresh[-1].coef_)
    np.testing.assert_array_equal(guarded[-1].coef_, fresh[-1].coef_)
    # Each fit fitted a clone: the estimator given in steps was never fitted.
    assert guarded.named_steps["clf"] is not given
    assert not hasattr(given, "coef_")
    assert {
        r["status"] for r in guarded.leak_checks_ if r["check"] == "fresh start"
    } == {"ok"}


def test_guarantee1_step_that_cannot_start_fresh_is_refused(kind_data):
    X, y = kind_data
    pipe = GuardedPipeline([("counter", RunningCount()), ("clf", LogisticRegression())])
    with (
        pytest.raises(
            LeakageError, match=re.escape("clone() returns the same object")
        ) as error,
        pytest.warns(LeakageWarning),
    ):
        pipe.fit(X[:150], y[:150])
    message = str(error.value)
    assert "leak" in message
    assert "step 'counter' (RunningCount)" in message
    assert "clone() returns the same object" in message
    assert "150 training rows" in message
    assert "Fix:" in message and "pretrained=['counter']" in message
    # Nothing was fitted: the state of the refused step did not move.
    assert not hasattr(pipe.named_steps["counter"], "n_rows_seen_")


def test_guarantee1_clone_that_copies_state_is_refused(kind_data):
    X, y = kind_data
    counter = CopyingRunningCount().fit(X)
    pipe = GuardedPipeline([("counter", counter), ("clf", LogisticRegression())])
    with pytest.raises(LeakageError, match="returns a copy that keeps its fitted"):
        with pytest.warns(LeakageWarning, match="step 'counter'"):
            pipe.fit(X[:150], y[:150])


# ---------------------------------------------------------------------------
# Guarantee 2: no step learns outside the fold.


def test_guarantee2_frozen_step_is_refused_at_fit(kind_data):
    X, y = kind_data
    frozen = FrozenEstimator(StandardScaler().fit(X))
    pipe = GuardedPipeline([("scaler", frozen), ("clf", LogisticRegression())])
    with (
        pytest.raises(
            LeakageError, match=re.escape("GuardedPipeline.fit refused a leak (L1.2")
        ) as error,
        pytest.warns(LeakageWarning, match="scaler"),
    ):
        pipe.fit(X[:160], y[:160])
    message = str(error.value)
    assert message.startswith("GuardedPipeline.fit refused a leak (L1.2")
    assert "step 'scaler' (FrozenEstimator(StandardScaler))" in message
    assert "160 training rows" in message
    assert "it learned from 200 rows (n_samples_seen_)" in message
    assert "put an unfitted StandardScaler()" in message
    assert "pretrained=['scaler']" in message
    records = {record["step"]: record for record in pipe.leak_checks_}
    assert records["scaler"]["status"] == "leak"
    assert records["scaler"]["code"] == "L1.2"


def test_guarantee2_fitted_step_passed_in_is_refused(kind_data):
    X, y = kind_data
    fitted = StandardScaler().fit(X)
    pipe = GuardedPipeline([("scaler", fitted), ("clf", LogisticRegression())])
    with pytest.raises(LeakageError, match="already fitted") as error:
        with pytest.warns(LeakageWarning):
            pipe.fit(X[:160], y[:160])
    assert "step 'scaler' (StandardScaler)" in str(error.value)
    assert "wrap it in FrozenEstimator" in str(error.value)


@pytest.mark.parametrize(
    "make_step, part",
    [
        (
            lambda scaler: ColumnTransformer(
                [("num", FrozenEstimator(scaler), [0, 1])]
            ),
            "'num' (FrozenEstimator(StandardScaler))",
        ),
        (
            lambda scaler: FunctionTransformer(func=scaler.transform),
            "'func' (StandardScaler)",
        ),
    ],
    ids=["frozen-inside-column-transformer", "bound-method-of-fitted-scaler"],
)
def test_guarantee2_fitted_sub_estimator_is_refused(kind_data, make_step, part):
    X, y = kind_data
    scaler = StandardScaler().fit(X)
    pipe = GuardedPipeline([("prep", make_step(scaler)), ("clf", LogisticRegression())])
    with (
        pytest.raises(LeakageError, match=re.escape("clone() keeps")) as error,
        pytest.warns(LeakageWarning),
    ):
        pipe.fit(X, y)
    message = str(error.value)
    assert "step 'prep'" in message
    assert part in message
    assert "clone() keeps" in message


def test_guarantee2_declared_external_pretraining_is_allowed(
    kind_data, input_kind, as_kind
):
    X, y = kind_data
    rng = np.random.default_rng(1)
    # No row of X among them; the same columns.
    external = as_kind(rng.normal(size=(500, X.shape[1])), input_kind)
    pipe = GuardedPipeline(
        [
            ("scaler", FrozenEstimator(StandardScaler().fit(external))),
            ("clf", LogisticRegression()),
        ],
        pretrained=["scaler"],
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error", LeakageWarning)
        scores = cross_val_score(pipe, X, y, cv=5)
    assert np.isfinite(scores).all()
    pipe.fit(X[:160], y[:160]).score(X[160:], y[160:])
    statuses = {
        (r["check"], r["status"]) for r in pipe.leak_checks_ if r["step"] == "scaler"
    }
    assert statuses == {("fresh start", "declared"), ("pre-trained statistics", "ok")}


def test_guarantee2_statistics_prove_fit_on_evaluation_rows(kind_data):
    X, y = kind_data
    pipe = GuardedPipeline(
        [
            ("scaler", FrozenEstimator(StandardScaler().fit(X))),
            ("clf", LogisticRegression()),
        ],
        pretrained=["scaler"],
    )
    pipe.fit(X[:160], y[:160])
    with (
        pytest.raises(
            LeakageError,
            match=re.escape(
                "GuardedPipeline.score refused a leak (L1.2, pre-processing fitted"
            ),
        ) as error,
        pytest.warns(LeakageWarning),
    ):
        pipe.score(X[160:], y[160:])
    message = str(error.value)
    assert (
        "GuardedPipeline.score refused a leak "
        "(L1.2, pre-processing fitted on train + test)" in message
    )
    assert "step 'scaler'" in message
    assert "was fitted on the 40 rows being evaluated" in message
    assert (
        "mean_ equals the mean of the 160 training rows and "
        "these 40 evaluation rows together" in message
    )
    assert "n_samples_seen_ is 200 = 160 + 40" in message
    assert "Fix: put an unfitted StandardScaler()" in message


def test_guarantee2_statistics_prove_fit_on_the_evaluation_rows_alone(kind_data):
    X, y = kind_data
    pipe = GuardedPipeline(
        [
            ("scaler", FrozenEstimator(StandardScaler().fit(X[150:]))),
            ("clf", LogisticRegression()),
        ],
        pretrained=["scaler"],
    )
    pipe.fit(X[:150], y[:150])
    with (
        pytest.raises(
            LeakageError, match="its mean_ equals the mean of these 50 evaluation rows"
        ) as error,
        pytest.warns(LeakageWarning),
    ):
        pipe.predict_proba(X[150:])
    assert "its mean_ equals the mean of these 50 evaluation rows" in str(error.value)
    assert "its n_samples_seen_ is 50, the evaluation rows" in str(error.value)


def test_guarantee2_min_max_statistics_prove_fit_on_evaluation_rows(
    data, kind_data, take
):
    X, y = kind_data
    values = data[0]
    scaler = MinMaxScaler().fit(X)
    pipe = GuardedPipeline(
        [("scaler", FrozenEstimator(scaler)), ("clf", LogisticRegression())],
        pretrained=["scaler"],
    )
    # Train on the rows without the column-0 extremes, evaluate on the extremes.
    extremes = np.unique([values[:, 0].argmin(), values[:, 0].argmax()])
    rest = np.setdiff1d(np.arange(len(values)), extremes)
    pipe.fit(take(X, rest[:150]), take(y, rest[:150]))
    evaluation = np.concatenate([extremes, rest[150:160]])
    with pytest.raises(
        LeakageError,
        match=r"data_min_/data_max_ equal values that only the evaluation rows hold",
    ):
        with pytest.warns(LeakageWarning):
            pipe.predict(take(X, evaluation))


def test_guarantee2_pipeline_assembled_from_fitted_steps_is_refused(kind_data):
    X, y = kind_data
    scaler = StandardScaler().fit(X)
    clf = LogisticRegression().fit(scaler.transform(X), y)
    pipe = GuardedPipeline([("scaler", scaler), ("clf", clf)])
    with (
        pytest.raises(LeakageError, match="not fitted by GuardedPipeline.fit") as error,
        pytest.warns(LeakageWarning),
    ):
        pipe.predict(X[:20])
    message = str(error.value)
    assert "not fitted by GuardedPipeline.fit" in message
    assert "steps 'scaler', 'clf' are fitted" in message
    assert "these 20 evaluation rows" in message
    assert "Fix: fit the pipeline itself" in message


def test_guarantee2_step_replaced_after_fit_is_refused(kind_data):
    X, y = kind_data
    pipe = _scaled_logistic().fit(X[:160], y[:160])
    pipe.set_params(scaler=StandardScaler().fit(X))
    with pytest.raises(LeakageError, match="step 'scaler' .* was replaced after"):
        with pytest.warns(LeakageWarning):
            pipe.predict(X[160:])


def test_refit_after_failed_fit_is_not_refused(kind_data):
    X, y = kind_data
    pipe = GuardedPipeline(
        [("scaler", StandardScaler()), ("clf", LogisticRegression(C=-1.0))]
    )
    with pytest.raises(ValueError, match="'C' parameter"):
        pipe.fit(X, y)
    # The failed fit fitted the scaler: it is the pipeline's own, not "passed in".
    pipe.set_params(clf__C=1.0).fit(X[:150], y[:150])
    assert pipe.score(X[150:], y[150:]) > 0.5


# ---------------------------------------------------------------------------
# Guarantee 3: no evaluation on rows it learned from.


def _leaky_fit(pipe, X, y):
    """The classic hand-written loop mistake: fit on all rows, score one fold."""
    return pipe.fit(X, y)


@pytest.mark.parametrize(
    "method",
    ["predict", "predict_proba", "predict_log_proba", "decision_function", "score"],
)
def test_guarantee3_classifier_methods_refuse_training_rows(kind_data, method):
    X, y = kind_data
    pipe = _leaky_fit(_scaled_logistic(), X, y)
    args = (X[:40], y[:40]) if method == "score" else (X[:40],)
    with (
        pytest.raises(
            LeakageError,
            match=re.escape(
                f"GuardedPipeline.{method} refused a leak: evaluation on rows"
            ),
        ) as error,
        pytest.warns(LeakageWarning, match="leak"),
    ):
        getattr(pipe, method)(*args)
    message = str(error.value)
    assert message.startswith(f"GuardedPipeline.{method} refused a leak")
    assert "(L1.1, no separate test set)" in message
    assert f"40 of the 40 rows given to {method} are among the 200 rows" in message
    assert "Steps 'scaler', 'clf' learned from these rows" in message
    assert "First such rows (positions in X): 0, 1, 2, 3, 4" in message
    assert "Fix: fit on the training rows only" in message


@pytest.mark.parametrize("method", ["transform", "score_samples"])
def test_guarantee3_transformer_methods_refuse_training_rows(kind_data, method):
    X, y = kind_data
    pipe = GuardedPipeline([("scaler", StandardScaler()), ("pca", PCA(2))]).fit(X)
    with pytest.raises(LeakageError, match=f"GuardedPipeline.{method} refused a leak"):
        with pytest.warns(LeakageWarning):
            getattr(pipe, method)(X[10:60])


def test_guarantee3_partial_overlap_is_l14(kind_data):
    X, y = kind_data
    pipe = _scaled_logistic().fit(X[:160], y[:160])
    with (
        pytest.raises(
            LeakageError, match=re.escape("(L1.4, train/test overlap")
        ) as error,
        pytest.warns(LeakageWarning),
    ):
        pipe.score(X[120:], y[120:])
    message = str(error.value)
    assert "(L1.4, train/test overlap beyond the data's own duplicates)" in message
    assert "40 of the 80 rows given to score are among the 160 rows" in message
    assert pipe.leak_checks_[-1]["code"] == "L1.4"
    assert pipe.leak_checks_[-1]["n_overlap"] == 40


def test_guarantee3_rows_compared_across_containers_and_dtypes(data):
    X, y = data
    X_int = np.round(X * 10).astype(np.int64)
    frame = pd.DataFrame(X_int, columns=[f"f{i}" for i in range(X.shape[1])])
    pipe = _scaled_logistic().fit(frame, y)
    leaked = X_int[:30].astype(np.float64)  # same rows: float ndarray, no column names
    with pytest.raises(LeakageError, match="30 of the 30 rows"):
        with pytest.warns(LeakageWarning):
            pipe.predict(leaked)


def test_scoring_on_exactly_the_training_rows_is_allowed(kind_data, take):
    X, y = kind_data
    pipe = _scaled_logistic().fit(X[:160], y[:160])
    shuffled = np.random.default_rng(0).permutation(160)
    with warnings.catch_warnings():
        warnings.simplefilter("error", LeakageWarning)
        assert pipe.score(X[:160], y[:160]) == pipe.score(
            take(X, shuffled), take(y, shuffled)
        )
    assert pipe.leak_checks_[-1]["status"] == "ok"
    assert "exactly the training rows" in pipe.leak_checks_[-1]["message"]


def test_natural_duplicates_do_not_trigger(input_kind, as_kind):
    rng = np.random.default_rng(0)
    # Few distinct rows: most rows have duplicates, in training and test alike.
    X = rng.integers(0, 3, size=(300, 3)).astype(float)
    y = as_kind((X.sum(axis=1) + rng.normal(size=300) > 3).astype(int), input_kind)
    X = as_kind(X, input_kind)
    with warnings.catch_warnings():
        warnings.simplefilter("error", LeakageWarning)
        guarded = cross_val_score(
            _scaled_logistic(), X, y, cv=KFold(5, shuffle=True, random_state=0)
        )
    plain = cross_val_score(
        _plain_scaled_logistic(), X, y, cv=KFold(5, shuffle=True, random_state=0)
    )
    np.testing.assert_array_equal(guarded, plain)


def test_a_few_natural_duplicates_across_train_and_test_do_not_trigger(kind_data, take):
    X, y = kind_data
    pipe = _scaled_logistic().fit(X[:150], y[:150])
    # Three of the 53 test rows also occur in training, as duplicates do in data.
    rows = np.r_[150:200, 0:3]
    X_test, y_test = take(X, rows), take(y, rows)
    with warnings.catch_warnings():
        warnings.simplefilter("error", LeakageWarning)
        pipe.score(X_test, y_test)
    record = pipe.leak_checks_[-1]
    assert (record["status"], record["n_overlap"], record["n_rows"]) == ("ok", 3, 53)


# ---------------------------------------------------------------------------
# Guarantee 4: visible inside cross-validation.


def _proven_leaky_pipeline(X):
    return GuardedPipeline(
        [
            ("scaler", FrozenEstimator(StandardScaler().fit(X))),
            ("clf", LogisticRegression()),
        ],
        pretrained=["scaler"],
    )


def test_guarantee4_score_refusal_inside_cross_val_score_is_visible(kind_data):
    X, y = kind_data
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        scores = cross_val_score(_proven_leaky_pipeline(X), X, y, cv=5)
    # scikit-learn turned the error into NaN scores ...
    assert np.isnan(scores).all()
    leakage = [w for w in caught if issubclass(w.category, LeakageWarning)]
    # ... but each fold still says: leakage, which step, and the fix.
    assert len(leakage) == 5
    message = str(leakage[0].message)
    assert "refused a leak" in message
    assert "step 'scaler'" in message
    assert "Fix:" in message


def test_guarantee4_error_score_raise_propagates(kind_data):
    X, y = kind_data
    with (
        pytest.raises(LeakageError, match="step 'scaler'"),
        pytest.warns(LeakageWarning),
    ):
        cross_val_score(_proven_leaky_pipeline(X), X, y, cv=5, error_score="raise")


@pytest.mark.parametrize("n_jobs", [None, 2])
def test_guarantee4_fit_refusal_inside_cross_val_score_is_visible(kind_data, n_jobs):
    X, y = kind_data
    pipe = GuardedPipeline(
        [
            ("scaler", FrozenEstimator(StandardScaler().fit(X))),
            ("clf", LogisticRegression()),
        ]
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", LeakageWarning)  # raised in workers too
        with pytest.raises(ValueError, match="All the 5 fits failed") as error:
            cross_val_score(pipe, X, y, cv=5, n_jobs=n_jobs)
    message = str(error.value)
    assert "LeakageError: GuardedPipeline.fit refused a leak" in message
    assert "step 'scaler'" in message and "Fix:" in message


# ---------------------------------------------------------------------------
# Guarantee 5: findings recorded in every mode.


@pytest.mark.parametrize("on_leak", ["raise", "warn", "ignore"])
def test_guarantee5_findings_recorded_in_every_mode(kind_data, on_leak):
    X, y = kind_data
    pipe = _scaled_logistic(on_leak=on_leak).fit(X, y)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        if on_leak == "raise":
            with pytest.raises(
                LeakageError, match=re.escape("GuardedPipeline.predict refused a leak")
            ):
                pipe.predict(X[:40])
        else:
            assert pipe.predict(X[:40]).shape == (40,)
    n_warnings = sum(issubclass(w.category, LeakageWarning) for w in caught)
    assert n_warnings == (0 if on_leak == "ignore" else 1)
    fit_records = [r for r in pipe.leak_checks_ if r["method"] == "fit"]
    assert [(r["step"], r["check"], r["status"]) for r in fit_records] == [
        ("scaler", "fresh start", "ok"),
        ("clf", "fresh start", "ok"),
        (None, "row fingerprints", "ok"),
    ]
    last = pipe.leak_checks_[-1]
    assert (last["method"], last["check"], last["status"], last["code"]) == (
        "predict",
        "evaluation rows",
        "leak",
        "L1.1",
    )
    assert (last["n_rows"], last["n_overlap"]) == (40, 40)
    assert set(pd.DataFrame(pipe.leak_checks_).columns) == {
        "method",
        "step",
        "check",
        "code",
        "status",
        "n_rows",
        "n_overlap",
        "message",
    }


@pytest.mark.parametrize("on_leak", ["warn", "ignore"])
def test_guarantee5_fit_findings_recorded_without_raising(kind_data, on_leak):
    X, y = kind_data
    pipe = GuardedPipeline(
        [
            ("scaler", FrozenEstimator(StandardScaler().fit(X))),
            ("clf", LogisticRegression()),
        ],
        on_leak=on_leak,
    )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        pipe.fit(X[:160], y[:160])
    assert sum(issubclass(w.category, LeakageWarning) for w in caught) == (
        on_leak == "warn"
    )
    scaler_record = next(r for r in pipe.leak_checks_ if r["step"] == "scaler")
    assert scaler_record["status"] == "leak"
    # Fitting went on, the frozen step untouched, as Pipeline would do.
    assert pipe.named_steps["scaler"].estimator.n_samples_seen_ == 200


def test_evaluation_records_are_bounded(kind_data):
    X, y = kind_data
    pipe = _scaled_logistic().fit(X[:80], y[:80])
    for start in range(80, 200):
        pipe.predict(X[start : start + 1])
    evaluation = [r for r in pipe.leak_checks_ if r["method"] != "fit"]
    assert len(evaluation) == 100  # of 120 predictions, the last 100 are kept
    assert evaluation[-1]["n_rows"] == 1
    assert len([r for r in pipe.leak_checks_ if r["method"] == "fit"]) == 3


# ---------------------------------------------------------------------------
# What must keep working.


def test_grid_and_randomized_search_over_step_params(kind_data):
    X, y = kind_data
    grid = {"clf__C": [0.01, 1.0], "scaler__with_mean": [True, False]}
    guarded = GridSearchCV(_scaled_logistic(), grid, cv=3, return_train_score=True).fit(
        X, y
    )
    plain = GridSearchCV(
        _plain_scaled_logistic(), grid, cv=3, return_train_score=True
    ).fit(X, y)
    for key in ("mean_test_score", "mean_train_score"):
        np.testing.assert_array_equal(guarded.cv_results_[key], plain.cv_results_[key])
    assert isinstance(guarded.best_estimator_, GuardedPipeline)
    assert guarded.best_params_ == plain.best_params_
    randomized = RandomizedSearchCV(
        _scaled_logistic(), {"clf__C": [0.01, 0.1, 1.0]}, n_iter=2, cv=3, random_state=0
    ).fit(X, y)
    assert isinstance(randomized.best_estimator_, GuardedPipeline)
    # The refitted best estimator guards its rows too.
    with (
        pytest.raises(
            LeakageError, match=re.escape("GuardedPipeline.score refused a leak")
        ),
        pytest.warns(LeakageWarning),
    ):
        guarded.score(X[:50], y[:50])


@pytest.mark.parametrize(
    "cv",
    [
        KFold(5),
        StratifiedKFold(4, shuffle=True, random_state=0),
        TimeSeriesSplit(4),
        PurgedKFold(4, horizon=2),
        WalkForward(3, test_size=30, horizon=1),
    ],
    ids=["KFold", "StratifiedKFold", "TimeSeriesSplit", "PurgedKFold", "WalkForward"],
)
def test_cross_validation_tools_match_plain_pipeline(kind_data, cv):
    X, y = kind_data
    if isinstance(X, pd.DataFrame):
        # One row a day: a time index, or (numpy, polars) the row order.
        X = X.set_axis(pd.date_range("2024-01-01", periods=len(X), freq="D"))
        y = y.set_axis(X.index)
    guarded, plain = _scaled_logistic(), _plain_scaled_logistic()
    with warnings.catch_warnings():
        warnings.simplefilter("error", LeakageWarning)
        got = cross_validate(guarded, X, y, cv=cv, return_train_score=True)
        np.testing.assert_array_equal(
            cross_val_score(guarded, X, y, cv=cv), cross_val_score(plain, X, y, cv=cv)
        )
        curve_guarded = learning_curve(guarded, X, y, cv=cv, train_sizes=[0.5, 1.0])
        if not isinstance(cv, (TimeSeriesSplit, WalkForward)):  # partitions
            np.testing.assert_array_equal(
                cross_val_predict(guarded, X, y, cv=cv, method="predict_proba"),
                cross_val_predict(plain, X, y, cv=cv, method="predict_proba"),
            )
    expected = cross_validate(plain, X, y, cv=cv, return_train_score=True)
    for key in ("test_score", "train_score"):
        np.testing.assert_array_equal(got[key], expected[key])
    curve_plain = learning_curve(plain, X, y, cv=cv, train_sizes=[0.5, 1.0])
    for guarded_part, plain_part in zip(curve_guarded, curve_plain):
        np.testing.assert_array_equal(guarded_part, plain_part)


def test_permutation_test_score_matches_plain_pipeline(data):
    X, y = data
    kwargs = dict(cv=3, n_permutations=5, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("error", LeakageWarning)
        guarded = permutation_test_score(_scaled_logistic(), X, y, **kwargs)
    plain = permutation_test_score(_plain_scaled_logistic(), X, y, **kwargs)
    assert guarded[0] == plain[0]
    np.testing.assert_array_equal(guarded[1], plain[1])


def test_metadata_routing_through_the_pipeline(data):
    X, y = data
    weights = np.random.default_rng(0).uniform(0.1, 2.0, len(y))
    with sklearn.config_context(enable_metadata_routing=True):

        def build(cls):
            return cls(
                [
                    ("scaler", StandardScaler().set_fit_request(sample_weight=True)),
                    (
                        "clf",
                        LogisticRegression()
                        .set_fit_request(sample_weight=True)
                        .set_score_request(sample_weight=True),
                    ),
                ]
            )

        guarded = build(GuardedPipeline).fit(
            X[:150], y[:150], sample_weight=weights[:150]
        )
        plain = build(Pipeline).fit(X[:150], y[:150], sample_weight=weights[:150])
        np.testing.assert_array_equal(guarded[-1].coef_, plain[-1].coef_)
        assert guarded.score(
            X[150:], y[150:], sample_weight=weights[150:]
        ) == plain.score(X[150:], y[150:], sample_weight=weights[150:])
        # An explicit scorer: scikit-learn < 1.7 does not route metadata to the
        # default (estimator.score) scorer of cross_validate, for Pipeline either.
        scoring = make_scorer(accuracy_score).set_score_request(sample_weight=True)
        scores = cross_validate(
            build(GuardedPipeline),
            X,
            y,
            cv=3,
            scoring=scoring,
            params={"sample_weight": weights},
        )["test_score"]
        expected = cross_validate(
            build(Pipeline),
            X,
            y,
            cv=3,
            scoring=scoring,
            params={"sample_weight": weights},
        )["test_score"]
        np.testing.assert_array_equal(scores, expected)
        with (
            pytest.raises(
                LeakageError, match=re.escape("GuardedPipeline.score refused a leak")
            ),
            pytest.warns(LeakageWarning),
        ):
            guarded.score(X[:50], y[:50], sample_weight=weights[:50])


def test_transform_input_slices_the_pipeline_during_fit(data):
    X, y = data
    with sklearn.config_context(enable_metadata_routing=True):
        pipe = GuardedPipeline(
            [
                ("scaler", StandardScaler()),
                ("clf", ValidationConsumer().set_fit_request(X_val=True)),
            ],
            transform_input=["X_val"],
        )
        with warnings.catch_warnings():
            warnings.simplefilter("error", LeakageWarning)
            # The validation rows are training rows here: transforming metadata
            # during fit is not an evaluation and is not checked.
            pipe.fit(X[:150], y[:150], X_val=X[100:150])
    np.testing.assert_allclose(pipe[-1].X_val_, pipe[0].transform(X[100:150]))


@pytest.mark.parametrize("output", ["pandas", "polars"])
def test_set_output(kind_data, output):
    X, y = kind_data
    guarded = _scaled_logistic().set_output(transform=output).fit(X[:150], y[:150])
    plain = _plain_scaled_logistic().set_output(transform=output).fit(X[:150], y[:150])
    transformed = guarded[:-1].transform(X[150:])
    expected = plain[:-1].transform(X[150:])
    assert type(transformed) is type(expected)
    assert type(transformed).__module__.split(".")[0] == output
    np.testing.assert_array_equal(np.asarray(transformed), np.asarray(expected))
    assert list(transformed.columns) == list(expected.columns)
    np.testing.assert_array_equal(
        guarded.predict_proba(X[150:]), plain.predict_proba(X[150:])
    )
    # The rows it learned from are refused whatever the output is.
    with pytest.raises(LeakageError, match="20 of the 20 rows"):
        with pytest.warns(LeakageWarning):
            guarded.predict(X[:20])


@pytest.mark.parametrize("evaluated_as", ["numpy", "pandas", "polars", "pyarrow"])
def test_rows_are_the_same_rows_in_numpy_pandas_and_polars(
    kind_data, as_kind, evaluated_as
):
    X, y = kind_data
    pipe = _scaled_logistic().fit(X[:160], y[:160])
    # Rows 150 to 159 were learned from, whatever library holds them now.
    rows = as_kind(np.asarray(X[150:170]), evaluated_as)
    with pytest.raises(LeakageError, match="10 of the 20 rows") as error:
        with pytest.warns(LeakageWarning):
            pipe.predict(rows)
    assert "(L1.4, train/test overlap" in str(error.value)


def test_memory_caching(data, tmp_path):
    X, y = data
    memory = joblib.Memory(location=tmp_path, verbose=0)
    pipe = GuardedPipeline(
        [("scaler", CountingScaler()), ("clf", LogisticRegression())], memory=memory
    )
    FIT_CALLS.clear()
    pipe.fit(X[:150], y[:150])
    first = pipe.predict_proba(X[150:])
    pipe.fit(X[:150], y[:150])  # the scaler comes from the cache: no refit, no refusal
    assert FIT_CALLS == [150]
    np.testing.assert_array_equal(pipe.predict_proba(X[150:]), first)
    with (
        pytest.raises(
            LeakageError, match=re.escape("GuardedPipeline.predict refused a leak")
        ),
        pytest.warns(LeakageWarning),
    ):
        pipe.predict(X[:40])


def test_slicing_keeps_class_settings_and_guard(data, tmp_path):
    X, y = data
    external = np.random.default_rng(2).normal(size=(100, X.shape[1]))
    pipe = GuardedPipeline(
        [
            ("scaler", FrozenEstimator(StandardScaler().fit(external))),
            ("pca", PCA(3)),
            ("clf", LogisticRegression()),
        ],
        on_leak="warn",
        pretrained=("scaler",),
        memory=str(tmp_path),
        verbose=False,
    )
    head = pipe[:-1]
    assert type(head) is GuardedPipeline
    assert (head.on_leak, head.memory, head.verbose, head.pretrained) == (
        "warn",
        str(tmp_path),
        False,
        ("scaler",),
    )
    assert pipe[1:].pretrained == ()
    assert pipe[0] is pipe.steps[0][1] and pipe["clf"] is pipe.steps[2][1]
    with pytest.raises(ValueError, match="step of 1"):
        pipe[::2]
    pipe.fit(X[:150], y[:150])
    with warnings.catch_warnings():
        warnings.simplefilter("error", LeakageWarning)
        assert pipe[:-1].transform(X[150:]).shape == (50, 3)
    with pytest.warns(LeakageWarning, match="GuardedPipeline.transform refused a leak"):
        pipe[:-1].transform(X[:50])
    # A slice after the input takes transformed rows: they are not compared.
    tail = pipe[1:]
    tail.predict(pipe[:1].transform(X[150:160]))
    assert tail.leak_checks_[-1]["status"] == "skipped"


@pytest.mark.parametrize(
    "final",
    [
        LogisticRegression(),
        LinearSVC(),
        SVC(),
        SVC(probability=True),
        PCA(2),
        StandardScaler(),
    ],
    ids=lambda estimator: repr(estimator),
)
def test_available_methods_are_those_of_pipeline(final):
    methods = [
        "predict",
        "predict_proba",
        "predict_log_proba",
        "decision_function",
        "score",
        "score_samples",
        "transform",
        "fit_transform",
        "fit_predict",
        "inverse_transform",
    ]
    guarded = GuardedPipeline([("scaler", StandardScaler()), ("final", final)])
    plain = Pipeline([("scaler", StandardScaler()), ("final", final)])
    available = {m: hasattr(guarded, m) for m in methods}
    assert available == {m: hasattr(plain, m) for m in methods}
    assert available["predict_proba"] == hasattr(final, "predict_proba")


def test_fit_transform_keeps_the_cross_fitting_path():
    rng = np.random.default_rng(0)
    X = rng.integers(0, 15, size=(300, 2))
    y = (rng.random(300) < 0.3 + 0.03 * X[:, 0]).astype(int)
    guarded = GuardedPipeline([("encoder", TargetEncoder(cv=5, shuffle=False))])
    plain = Pipeline([("encoder", TargetEncoder(cv=5, shuffle=False))])
    cross_fitted = guarded.fit_transform(X, y)
    np.testing.assert_array_equal(cross_fitted, plain.fit_transform(X, y))
    # fit_transform differs from fit then transform: the path was kept.
    assert not np.allclose(cross_fitted, plain.transform(X))
    # Inside a model, the scores equal those of Pipeline.
    model = [
        ("encoder", TargetEncoder(cv=5, shuffle=False)),
        ("clf", LogisticRegression()),
    ]
    np.testing.assert_array_equal(
        cross_val_score(GuardedPipeline(model), X, y, cv=3),
        cross_val_score(Pipeline(model), X, y, cv=3),
    )


def test_pickling_keeps_the_guard(data):
    X, y = data
    pipe = _scaled_logistic().fit(X[:150], y[:150])
    restored = pickle.loads(pickle.dumps(pipe))
    assert type(restored) is GuardedPipeline
    np.testing.assert_array_equal(
        restored.train_fingerprints_, pipe.train_fingerprints_
    )
    assert restored.score(X[150:], y[150:]) == pipe.score(X[150:], y[150:])
    with (
        pytest.raises(
            LeakageError, match=re.escape("GuardedPipeline.score refused a leak")
        ),
        pytest.warns(LeakageWarning),
    ):
        restored.score(X[:40], y[:40])
    # A restored pipeline refits without calling its own steps "passed in fitted".
    restored.fit(X[50:], y[50:])


def test_parallel_jobs_give_the_same_scores(data):
    X, y = data
    serial = cross_val_score(_scaled_logistic(), X, y, cv=4)
    parallel = cross_val_score(_scaled_logistic(), X, y, cv=4, n_jobs=2)
    np.testing.assert_array_equal(serial, parallel)
    np.testing.assert_array_equal(
        serial, cross_val_score(_plain_scaled_logistic(), X, y, cv=4)
    )


def test_repr_and_html(data):
    pipe = make_guarded_pipeline(StandardScaler(), LogisticRegression(), on_leak="warn")
    assert repr(pipe) == (
        "GuardedPipeline(on_leak='warn',\n"
        "                steps=[('standardscaler', StandardScaler()),\n"
        "                       ('logisticregression', LogisticRegression())])"
    )
    html = estimator_html_repr(pipe)
    for text in ("GuardedPipeline", "standardscaler", "logisticregression"):
        assert text in html
    assert "GuardedPipeline(steps=[('scaler', StandardScaler())" in repr(
        _scaled_logistic()
    )


def test_text_pipeline_and_one_shot_iterators():
    rng = np.random.default_rng(0)
    vocabulary = [f"word{i}" for i in range(30)]
    documents = [" ".join(rng.choice(vocabulary, 6)) for _ in range(60)]
    labels = np.array([i % 2 for i in range(60)])
    pipe = make_guarded_pipeline(CountVectorizer(), LogisticRegression())
    pipe.fit(iter(documents[:40]), labels[:40])  # a generator is consumed once
    plain = make_pipeline(CountVectorizer(), LogisticRegression()).fit(
        documents[:40], labels[:40]
    )
    np.testing.assert_array_equal(
        pipe.predict(iter(documents[40:])), plain.predict(documents[40:])
    )
    with (
        pytest.raises(LeakageError, match="of the 20 rows"),
        pytest.warns(LeakageWarning),
    ):
        pipe.predict(documents[:20])


def test_unhashable_rows_use_the_slow_path():
    # Rows are dicts (DictVectorizer input): no vectorised hashing applies.
    records = [{"colour": ["red", "blue"][i % 2], "size": float(i)} for i in range(80)]
    labels = np.array([i % 2 for i in range(80)])
    pipe = make_guarded_pipeline(DictVectorizer(), LogisticRegression())
    pipe.fit(records[:60], labels[:60])
    assert pipe.leak_checks_[-1]["check"] == "row fingerprints"
    assert pipe.leak_checks_[-1]["status"] == "ok"
    assert pipe.predict(records[60:]).shape == (20,)
    assert pipe.leak_checks_[-1]["status"] == "ok"
    # Key order does not matter: these are the same rows as the first 20.
    reordered = [{"size": row["size"], "colour": row["colour"]} for row in records[:20]]
    with (
        pytest.raises(LeakageError, match="20 of the 20 rows"),
        pytest.warns(LeakageWarning),
    ):
        pipe.predict(reordered)


# ---------------------------------------------------------------------------
# Bad input.


def test_unknown_on_leak_names_the_parameter(data):
    X, y = data
    with pytest.raises(
        ValueError, match="The 'on_leak' parameter of GuardedPipeline must be"
    ):
        _scaled_logistic(on_leak="loudly").fit(X, y)


def test_non_estimator_step_names_the_parameter(data):
    X, y = data
    pipe = GuardedPipeline(
        [("scaler", "not an estimator"), ("clf", LogisticRegression())]
    )
    with pytest.raises(
        TypeError,
        match="Invalid 'steps' parameter of GuardedPipeline: All intermediate steps",
    ):
        pipe.fit(X, y)
    with pytest.raises(TypeError, match="Last step of Pipeline should implement fit"):
        GuardedPipeline([("scaler", StandardScaler()), ("last", 3)]).fit(X, y)


def test_duplicate_step_names(data):
    X, y = data
    pipe = GuardedPipeline([("step", StandardScaler()), ("step", LogisticRegression())])
    with pytest.raises(
        ValueError,
        match=re.escape(
            "Invalid 'steps' parameter of GuardedPipeline: "
            "Names provided are not unique"
        ),
    ):
        pipe.fit(X, y)


def test_unknown_pretrained_name(data):
    X, y = data
    with pytest.raises(
        ValueError,
        match="Invalid 'pretrained' parameter of GuardedPipeline: "
        "'scalr' is not the name of a step",
    ):
        _scaled_logistic(pretrained=["scalr"]).fit(X, y)
    with pytest.raises(
        ValueError, match="The 'pretrained' parameter of GuardedPipeline must be"
    ):
        _scaled_logistic(pretrained="scaler").fit(X, y)


def test_rows_that_cannot_be_fingerprinted_are_reported_not_crashed(data):
    X, y = data
    pipe = _scaled_logistic().fit(X, y)
    with pytest.warns(UserWarning, match="could not be fingerprinted"):
        with pytest.raises(ValueError, match="Expected 2D array"):
            pipe.predict(3.0)  # scikit-learn's own message about the input
    assert pipe.leak_checks_[-1]["status"] == "skipped"
