"""Copies made before the split (oversampling) are told from natural duplicates.

Natural duplicates spread over the classes; the copies that random oversampling
makes of a class concentrate in that class. The overlap test credits a class
with at most a few times the duplicate rate of the other classes, so the copies
no longer explain the evaluation rows found among the training rows.
"""

import numpy as np
import pytest
from sklearn.datasets import load_breast_cancer, load_wine
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.model_selection import KFold, cross_val_score, train_test_split
from sklearn.preprocessing import StandardScaler

from safesplit import LeakageError, make_guarded_pipeline


def _oversampled(X, y, label, n_copies, seed=0):
    """Rows of class ``label`` copied ``n_copies`` times in all (with
    replacement), appended to all rows: oversampling before the split."""
    rng = np.random.default_rng(seed)
    extra = rng.choice(np.flatnonzero(y == label), size=n_copies)
    rows = np.concatenate([np.arange(len(y)), extra])
    return X[rows], y[rows]


def _pipeline():
    return make_guarded_pipeline(StandardScaler(), LogisticRegression(max_iter=500))


def test_oversampling_before_train_test_split_is_refused():
    X, y = load_breast_cancer(return_X_y=True)
    # The minority class (0) brought up to the size of the majority class.
    X, y = _oversampled(X, y, 0, (y == 1).sum() - (y == 0).sum())
    X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0)
    pipe = _pipeline().fit(X_train, y_train)
    with pytest.warns(UserWarning, match="concentrate in class 0"):
        with pytest.raises(LeakageError, match="oversampl") as error:
            pipe.score(X_test, y_test)
    assert "L1.4" in str(error.value)
    record = pipe.leak_checks_[-1]
    assert record["status"] == "leak" and record["n_overlap"] > 0


def test_tripled_class_before_cross_val_score_is_refused():
    X, y = load_wine(return_X_y=True)
    smallest = np.flatnonzero(y == 2)
    X = np.vstack([X, X[smallest], X[smallest]])
    y = np.concatenate([y, y[smallest], y[smallest]])
    with pytest.warns(UserWarning, match="concentrate in class 2"):
        with pytest.raises(LeakageError, match="oversampl"):
            cross_val_score(
                _pipeline(),
                X,
                y,
                cv=KFold(5, shuffle=True, random_state=0),
                error_score="raise",
            )


def test_duplicates_spread_over_the_classes_are_natural():
    # Every class duplicated alike: the concentration test has nothing to say.
    X, y = load_wine(return_X_y=True)
    X, y = np.vstack([X, X[::3]]), np.concatenate([y, y[::3]])
    X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0)
    pipe = _pipeline().fit(X_train, y_train)
    pipe.score(X_test, y_test)
    assert pipe.leak_checks_[-1]["status"] == "ok"


@pytest.mark.parametrize("seed", range(5))
def test_natural_duplicates_of_real_data_are_not_refused(seed):
    statsmodels = pytest.importorskip("statsmodels.api")
    fair = statsmodels.datasets.fair.load_pandas().data
    X = fair.drop(columns="affairs").to_numpy()
    y = (fair["affairs"] > 0).astype(int).to_numpy()
    X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=seed)
    pipe = _pipeline().fit(X_train, y_train)
    pipe.score(X_test, y_test)
    record = pipe.leak_checks_[-1]
    # About a third of the test rows have an identical training row.
    assert record["n_overlap"] > 0.25 * len(X_test)
    assert record["status"] == "ok"


def test_regression_targets_keep_the_pooled_rate():
    X, y = load_breast_cancer(return_X_y=True)
    X, _ = _oversampled(X, y, 0, 145)
    target = X[:, 0] * 2.0  # continuous: no classes to compare
    X_train, X_test, y_train, y_test = train_test_split(X, target, random_state=0)
    pipe = make_guarded_pipeline(StandardScaler(), Ridge()).fit(X_train, y_train)
    pipe.score(X_test, y_test)
    assert pipe.leak_checks_[-1]["status"] == "ok"
