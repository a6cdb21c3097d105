"""The guard reads the rows once per call: one fingerprint of the training rows
per fit, one of the evaluation rows per evaluation, none of the rows that
``Pipeline`` passes between the steps while it fits."""

import numpy as np
import pytest
from sklearn.decomposition import PCA
from sklearn.linear_model import Ridge
from sklearn.model_selection import cross_val_score
from sklearn.preprocessing import StandardScaler

from safesplit import make_guarded_pipeline
from safesplit.pipeline import _records


@pytest.fixture
def fingerprinted(monkeypatch):
    """The number of rows of each call to the guard's fingerprint function."""
    calls = []
    original = _records.row_fingerprints

    def counting(X):
        calls.append(len(X))
        return original(X)

    monkeypatch.setattr(_records, "row_fingerprints", counting)
    return calls


@pytest.fixture
def data():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((100, 4))
    return X, X @ np.arange(1.0, 5.0) + rng.standard_normal(100)


@pytest.mark.parametrize("method", ["fit", "fit_transform"])
def test_one_fingerprint_per_fit(fingerprinted, data, method):
    X, y = data
    pipe = make_guarded_pipeline(StandardScaler(), PCA(2))
    getattr(pipe, method)(X, y)
    assert fingerprinted == [100]


def test_one_fingerprint_per_evaluation(fingerprinted, data):
    X, y = data
    pipe = make_guarded_pipeline(StandardScaler(), Ridge()).fit(X[:80], y[:80])
    pipe.predict(X[80:])
    pipe.score(X[80:], y[80:])
    assert fingerprinted == [80, 20, 20]


def test_two_fingerprints_per_fold_of_cross_validation(fingerprinted, data):
    X, y = data
    cross_val_score(make_guarded_pipeline(StandardScaler(), Ridge()), X, y, cv=5)
    assert fingerprinted == [80, 20] * 5
