"""The guard reads the rows on a thread beside the steps: the same answers as
reading them first, steps that cannot change the rows being read, the caller's
rows untouched, and the thread always waited for."""

import os
import sys
import threading
import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.base import BaseEstimator, ClassifierMixin, TransformerMixin
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from safesplit import LeakageError, LeakageWarning, make_guarded_pipeline
from safesplit._fingerprint import row_fingerprints
from safesplit.pipeline import _beside


@pytest.fixture(params=["thread", "first"])
def how(request, monkeypatch):
    """Read the rows on a thread whatever their size, or always first."""
    threshold = 0 if request.param == "thread" else np.iinfo(np.int64).max
    monkeypatch.setattr(_beside, "BESIDE_MIN_VALUES", threshold)
    return request.param


def _guard_threads():
    return [t for t in threading.enumerate() if t.name == "safesplit-guard"]


SEEN = []  # shared by the clones that the pipeline fits


class Writable(TransformerMixin, BaseEstimator):
    """Records in ``SEEN`` whether it could write to its input."""

    def fit(self, X, y=None):
        SEEN.append(("fit", X.flags.writeable))
        self.n_features_in_ = X.shape[1]
        return self

    def transform(self, X):
        SEEN.append(("transform", X.flags.writeable))
        return X


class WritesInPlace(TransformerMixin, BaseEstimator):
    """Overwrites the first column of its input, as a step with copy=False may."""

    def fit(self, X, y=None):
        return self

    def transform(self, X):
        if isinstance(X, pd.DataFrame):
            X.iloc[:, 0] = 0.0
        else:
            X[:, 0] = 0.0
        return X


class FailsToPredict(ClassifierMixin, BaseEstimator):
    def fit(self, X, y):
        self.classes_ = np.unique(y)
        return self

    def predict(self, X):
        raise ValueError("FailsToPredict cannot predict")


class FailsToFit(BaseEstimator):
    def fit(self, X, y):
        raise RuntimeError("FailsToFit cannot fit")


@pytest.fixture
def data():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((200, 4))
    return X, (X[:, 0] > 0).astype(int)


def test_steps_get_read_only_rows_and_the_callers_keep_their_flags(how, data):
    X, y = data
    SEEN.clear()
    pipe = make_guarded_pipeline(Writable(), LogisticRegression())
    pipe.fit(X[:100], y[:100])
    pipe.predict(X[100:])
    pipe[:1].transform(X[100:])  # may return the rows themselves: never a view
    # fit: the step is fitted, then transforms for the next step; predict;
    # transform reads the rows first and hands on the caller's own.
    assert SEEN == [
        ("fit", False),
        ("transform", False),
        ("transform", False),
        ("transform", True),
    ]
    assert X.flags.writeable and X.base is None


def test_a_step_that_writes_to_read_only_rows_is_told_why(how, data):
    X, y = data
    pipe = make_guarded_pipeline(WritesInPlace(), LogisticRegression())
    with pytest.raises(ValueError, match="copy its input before writing") as info:
        pipe.fit(X, y)
    assert "read-only" in str(info.value.__cause__)
    assert not _guard_threads()


def test_a_step_that_writes_in_place_changes_neither_the_callers_rows_nor_the_check(
    how, data
):
    X, y = data
    original = X.copy()
    pipe = make_guarded_pipeline(StandardScaler(copy=False), LogisticRegression())
    pipe.fit(X, y)
    np.testing.assert_array_equal(X, original)
    # The training rows, as given, are still found at evaluation.
    with pytest.warns(LeakageWarning), pytest.raises(LeakageError):
        pipe.predict(X[:150])
    # A plain Pipeline scales the caller's rows in place.
    make_pipeline(StandardScaler(copy=False), LogisticRegression()).fit(X, y)
    assert not np.array_equal(X, original)


def test_a_frame_written_by_a_step_is_fingerprinted_as_given(how, data):
    X, y = data
    frame = pd.DataFrame(X, columns=list("abcd"))
    original = frame.copy()
    pipe = make_guarded_pipeline(WritesInPlace(), LogisticRegression())
    pipe.fit(frame, y)
    expected = np.sort(row_fingerprints(original))
    np.testing.assert_array_equal(pipe.train_fingerprints_, expected)
    if _beside.protected_rows(frame) is not None:  # copy-on-write: a copy is written
        pd.testing.assert_frame_equal(frame, original)


def test_a_failed_fit_still_waits_for_and_records_the_training_rows(how, data):
    X, y = data
    pipe = make_guarded_pipeline(StandardScaler(), FailsToFit())
    with pytest.raises(RuntimeError, match="FailsToFit cannot fit"):
        pipe.fit(X, y)
    assert not _guard_threads()
    np.testing.assert_array_equal(
        pipe.train_fingerprints_, np.sort(row_fingerprints(X))
    )
    assert pipe.leak_checks_[-1]["check"] == "row fingerprints"


@pytest.mark.parametrize("on_leak", ["raise", "warn"])
def test_a_leak_is_reported_even_when_the_method_fails(how, data, on_leak):
    X, y = data
    pipe = make_guarded_pipeline(StandardScaler(), FailsToPredict(), on_leak=on_leak)
    pipe.fit(X, y)
    expected = LeakageError if on_leak == "raise" else ValueError
    with pytest.warns(LeakageWarning), pytest.raises(expected):
        pipe.predict(X[:150])  # training rows
    assert not _guard_threads()
    assert pipe.leak_checks_[-1]["status"] == "leak"
    # Without a leak the method's own error is the answer.
    with pytest.raises(ValueError, match="FailsToPredict cannot predict"):
        pipe.predict(X[:150] + 10.0)
    assert pipe.leak_checks_[-1]["status"] == "ok"


def test_warnings_point_at_the_caller(how, data):
    X, y = data
    pipe = make_guarded_pipeline(StandardScaler(), Ridge(), on_leak="warn")
    pipe.fit(X, y)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        pipe.predict(X[:150])
        pipe.score(X[:150], y[:150])
    leaks = [w for w in caught if issubclass(w.category, LeakageWarning)]
    assert len(leaks) == 2
    assert {w.filename for w in leaks} == {__file__}


@settings(max_examples=40, deadline=None)
@given(
    n_rows=st.integers(2, 60),
    n_columns=st.integers(1, 4),
    n_distinct=st.integers(1, 8),
    labels=st.integers(1, 3),
    data=st.data(),
)
def test_reading_on_a_thread_answers_as_reading_first(
    n_rows, n_columns, n_distinct, labels, data
):
    """Fit and evaluation records, fingerprints and reactions are those of
    reading the rows before the steps run."""
    seed = data.draw(st.integers(0, 2**32 - 1), label="seed")
    rng = np.random.default_rng(seed)
    X = rng.integers(0, n_distinct, size=(n_rows, n_columns)).astype(float)
    y = rng.integers(0, labels, size=n_rows)
    evaluation = X[rng.integers(0, n_rows, size=data.draw(st.integers(1, n_rows)))]
    outcomes = []
    for threshold in (0, np.iinfo(np.int64).max):
        original = _beside.BESIDE_MIN_VALUES
        _beside.BESIDE_MIN_VALUES = threshold
        try:
            outcomes.append(_fit_and_evaluate(X, y, evaluation))
        finally:
            _beside.BESIDE_MIN_VALUES = original
    thread, first = outcomes
    np.testing.assert_array_equal(thread[0], first[0])
    assert thread[1:] == first[1:]


def _fit_and_evaluate(X, y, evaluation):
    pipe = make_guarded_pipeline(Writable(), Ridge(), on_leak="warn")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        pipe.fit(X, y)
        pipe.predict(evaluation)
    return (
        pipe.train_fingerprints_,
        pipe.leak_checks_,
        [(w.category, str(w.message), w.filename) for w in caught],
    )


@pytest.mark.skipif(
    not hasattr(os, "setpriority") or sys.platform != "linux",
    reason="thread priorities are set on Linux only",
)
@pytest.mark.parametrize("low_priority", [True, False])
def test_the_thread_beside_a_fit_yields_to_it(low_priority):
    def niceness():
        return os.getpriority(os.PRIO_PROCESS, threading.get_native_id())

    before = niceness()
    pending = _beside.Beside(niceness, low_priority=low_priority)
    assert pending.result() == (19 if low_priority else before)
    assert niceness() == before  # the calling thread keeps its own


def test_pipelines_fitted_in_parallel_threads_keep_their_own_rows(how, data):
    """Searches run fits in threads of their own (joblib's threading backend):
    each fit's guard thread reads its own rows, and the scores are those of one
    thread."""
    from joblib import parallel_backend
    from sklearn.model_selection import GridSearchCV

    X, y = data
    search = GridSearchCV(
        make_guarded_pipeline(StandardScaler(), LogisticRegression()),
        {"logisticregression__C": [0.1, 1.0, 10.0]},
        cv=4,
        n_jobs=2,
    )
    with parallel_backend("threading", n_jobs=2):
        threaded = search.fit(X, y).cv_results_["mean_test_score"]
    alone = search.set_params(n_jobs=1).fit(X, y).cv_results_["mean_test_score"]
    np.testing.assert_array_equal(threaded, alone)
    assert not _guard_threads()
    np.testing.assert_array_equal(
        search.best_estimator_.train_fingerprints_, np.sort(row_fingerprints(X))
    )
