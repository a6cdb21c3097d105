"""Tests of GuardedPipeline on the inputs that Pipeline's contract covers: stateless
steps, every keyword of make_pipeline, slices, zero rows and float32 copies of the
training rows. Each input gets Pipeline's own answer or a clear refusal."""

import inspect

import numpy as np
import pytest
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.datasets import make_classification
from sklearn.dummy import DummyClassifier
from sklearn.frozen import FrozenEstimator
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import StandardScaler

from safesplit import GuardedPipeline, LeakageError, make_guarded_pipeline


@pytest.fixture(scope="module")
def data():
    X, y = make_classification(n_samples=200, n_features=5, random_state=0)
    return X, y


class Log1p(TransformerMixin, BaseEstimator):
    """A stateless step in scikit-learn's convention: always "fitted"."""

    def __sklearn_is_fitted__(self):
        return True

    def fit(self, X, y=None):
        return self

    def transform(self, X):
        return np.log1p(np.abs(X))


class StatefulButAlwaysFitted(Log1p):
    """Claims to be stateless, yet learns a column mean at fit."""

    def fit(self, X, y=None):
        self.mean_ = np.mean(X, axis=0)
        return self

    def transform(self, X):
        return X - self.mean_


# ---------------------------------------------------------------------------
# Stateless steps: __sklearn_is_fitted__ returning True is no learned state.


def test_stateless_step_is_fitted_like_pipeline(data):
    X, y = data
    guarded = make_guarded_pipeline(Log1p(), Ridge()).fit(X[:160], y[:160])
    plain = Pipeline([("log1p", Log1p()), ("ridge", Ridge())]).fit(X[:160], y[:160])
    np.testing.assert_array_equal(guarded.predict(X[160:]), plain.predict(X[160:]))
    statuses = {r["step"]: r["status"] for r in guarded.leak_checks_}
    assert statuses["log1p"] == "ok"


def test_stateless_step_used_before_any_fit_is_not_refused(data):
    X, _ = data
    # Nothing learned anywhere: nothing to refuse, as with Pipeline.
    pipe = make_guarded_pipeline(Log1p())
    np.testing.assert_array_equal(pipe.transform(X[:5]), Log1p().transform(X[:5]))


def test_always_fitted_step_with_learned_state_is_still_refused(data):
    X, y = data
    fitted = StatefulButAlwaysFitted().fit(X)
    pipe = make_guarded_pipeline(fitted, Ridge())
    with pytest.warns(UserWarning, match="already fitted"):
        with pytest.raises(LeakageError, match="already fitted"):
            pipe.fit(X[:160], y[:160])


def test_frozen_stateless_wrapper_of_a_fitted_scaler_is_still_refused(data):
    X, y = data
    frozen = FrozenEstimator(StandardScaler().fit(X))
    pipe = make_guarded_pipeline(frozen, LogisticRegression())
    with pytest.warns(UserWarning, match="FrozenEstimator"):
        with pytest.raises(LeakageError, match="FrozenEstimator ignores fit"):
            pipe.fit(X[:160], y[:160])


# ---------------------------------------------------------------------------
# make_guarded_pipeline takes every keyword of make_pipeline.


def test_make_guarded_pipeline_takes_every_keyword_of_make_pipeline():
    theirs = {
        name
        for name, parameter in inspect.signature(make_pipeline).parameters.items()
        if parameter.kind is inspect.Parameter.KEYWORD_ONLY
    }
    ours = set(inspect.signature(make_guarded_pipeline).parameters)
    assert theirs <= ours, theirs - ours


def test_make_guarded_pipeline_passes_transform_input():
    pipe = make_guarded_pipeline(StandardScaler(), Ridge(), transform_input=["X_val"])
    assert pipe.transform_input == ["X_val"]
    assert isinstance(pipe, GuardedPipeline)


# ---------------------------------------------------------------------------
# Slices derive what they can check from what they hold.


class SecondColumn(TransformerMixin, BaseEstimator):
    """Keeps the number in the second column of each row."""

    def fit(self, X, y=None):
        return self

    def transform(self, X):
        return np.array([[float(row[1])] for row in X])


def _rows_that_cannot_be_fingerprinted(n_rows):
    looped = {}
    looped["self"] = looped  # refers to itself: no canonical text
    return [[looped, float(i)] for i in range(n_rows)]


def test_slice_of_a_pipeline_whose_rows_were_not_fingerprinted_checks_nothing():
    X = _rows_that_cannot_be_fingerprinted(40)
    y = np.arange(40) % 2
    pipe = GuardedPipeline(
        [
            ("second", SecondColumn()),
            ("scaler", StandardScaler()),
            ("clf", LogisticRegression()),
        ]
    )
    with pytest.warns(UserWarning, match="could not be fingerprinted"):
        pipe.fit(X, y)
    assert pipe.train_fingerprints_ is None
    assert pipe.train_duplicate_rate_ is None
    head = pipe[:2]
    assert head.train_fingerprints_ is None
    rows = [[None, 1.0], [None, 2.0]]
    np.testing.assert_allclose(head.transform(rows), pipe[1].transform([[1.0], [2.0]]))
    assert head.leak_checks_[-1]["status"] == "skipped"


def test_slice_after_the_input_keeps_no_training_rows(data):
    X, y = data
    pipe = GuardedPipeline(
        [("scaler", StandardScaler()), ("clf", LogisticRegression())]
    ).fit(X[:160], y[:160])
    assert pipe.train_duplicate_rate_ == 0.0
    tail = pipe[1:]
    assert tail.train_fingerprints_ is None
    assert tail.train_duplicate_rate_ is None
    assert pipe[:1].train_duplicate_rate_ == 0.0


# ---------------------------------------------------------------------------
# Zero rows: Pipeline's own answer, never an internal error.


class Flatten(TransformerMixin, BaseEstimator):
    """Flattens each entry of the first axis into one row (images to pixels)."""

    def fit(self, X, y=None):
        return self

    def transform(self, X):
        X = np.asarray(X)
        # Not reshape(n, -1): NumPy cannot infer -1 for an array of size 0.
        return X.reshape(X.shape[0], int(np.prod(X.shape[1:])))


@pytest.mark.parametrize(
    "rows",
    [
        np.empty((0, 2, 2)),
        np.empty((0, 4)),
        np.empty((0, 4), dtype=object),
        np.empty((0, 0)),
        [],
    ],
    ids=["3-d", "2-d", "object", "no-columns", "empty-list"],
)
def test_predict_on_zero_rows_answers_as_pipeline(rows):
    X = np.random.default_rng(0).normal(size=(40, 2, 2))
    y = np.arange(40) % 2
    plain = Pipeline([("flat", Flatten()), ("clf", DummyClassifier())]).fit(X, y)
    guarded = make_guarded_pipeline(Flatten(), DummyClassifier()).fit(X, y)
    np.testing.assert_array_equal(guarded.predict(rows), plain.predict(rows))
    assert guarded.leak_checks_[-1]["n_rows"] == 0


# ---------------------------------------------------------------------------
# The same row across dtypes: floats compare at float32 precision.


def test_training_rows_cast_to_float32_are_found(data):
    X, y = data
    pipe = GuardedPipeline(
        [("scaler", StandardScaler()), ("clf", LogisticRegression())]
    ).fit(X[:160], y[:160])
    with pytest.warns(UserWarning, match="rows it was fitted on"):
        with pytest.raises(LeakageError, match="40 of the 40 rows"):
            pipe.score(X[:40].astype(np.float32), y[:40])
    # And the other way round: fitted on float32, evaluated on float64.
    pipe.fit(X[:160].astype(np.float32), y[:160])
    with pytest.warns(UserWarning, match="rows it was fitted on"):
        with pytest.raises(LeakageError, match="40 of the 40 rows"):
            pipe.predict(X[:40])
