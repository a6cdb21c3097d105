"""The splitters inside scikit-learn's model selection, with and without routing."""

import numpy as np
import pandas as pd
import pytest
import sklearn
from _strategies import as_lists
from sklearn.linear_model import Ridge
from sklearn.model_selection import (
    GridSearchCV,
    RandomizedSearchCV,
    cross_val_predict,
    cross_val_score,
    cross_validate,
    learning_curve,
    permutation_test_score,
)

from safesplit import PurgedKFold, WalkForward

N_DAYS, N_ASSETS = 80, 3
GRID = {"alpha": [0.1, 10.0]}


def make_data(seed=0):
    """A small panel: 3 assets a day for 80 days, rows in time order then by asset;
    labels measured over the next 5 days."""
    rng = np.random.default_rng(seed)
    days = pd.date_range("2023-01-02", periods=N_DAYS, freq="D")
    times = pd.DatetimeIndex(np.repeat(days, N_ASSETS))
    n = len(times)
    X = rng.normal(size=(n, 4))
    y = X @ np.array([1.0, -0.5, 0.0, 0.25]) + rng.normal(scale=0.5, size=n)
    end_times = times + pd.Timedelta("5D")
    return X, y, times, end_times


def manual_scores(estimator, X, y, splits):
    scores = []
    for train, test in splits:
        model = sklearn.clone(estimator).fit(X[train], y[train])
        scores.append(model.score(X[test], y[test]))
    return np.array(scores)


@pytest.fixture
def routing():
    with sklearn.config_context(enable_metadata_routing=True):
        yield


def test_cross_val_score_times_from_datetime_index():
    X, y, times, _ = make_data()
    frame = pd.DataFrame(X, index=times)
    cv = PurgedKFold(4, horizon="5D", embargo="2D")
    scores = cross_val_score(Ridge(), frame, y, cv=cv)
    splits = list(cv.split(X, times=times))
    assert len(splits) == 4
    # The times were found: purging happened (a row-order split would not purge).
    assert all(len(train) + len(test) < len(y) for train, test in splits)
    np.testing.assert_allclose(scores, manual_scores(Ridge(), X, y, splits))


def test_cross_validate_routing_on(routing):
    X, y, times, end_times = make_data()
    cv = PurgedKFold(4, embargo=2)
    result = cross_validate(
        Ridge(),
        X,
        y,
        cv=cv,
        params={"times": times, "end_times": end_times},
        return_indices=True,
    )
    splits = as_lists(cv.split(X, times=times, end_times=end_times))
    got = [
        (train.tolist(), test.tolist())
        for train, test in zip(result["indices"]["train"], result["indices"]["test"])
    ]
    assert got == splits
    want = manual_scores(Ridge(), X, y, splits)
    np.testing.assert_allclose(result["test_score"], want)


def test_cross_validate_routing_off_equals_routing_on():
    X, y, times, end_times = make_data()
    frame = pd.DataFrame(X, index=times)
    off = cross_validate(
        Ridge(), frame, y, cv=WalkForward(3, horizon="5D", gap=1), return_indices=True
    )
    with sklearn.config_context(enable_metadata_routing=True):
        on = cross_validate(
            Ridge(),
            X,
            y,
            cv=WalkForward(3, gap=1),
            params={"times": times, "end_times": end_times},
            return_indices=True,
        )
    for key in ("train", "test"):
        for a, b in zip(off["indices"][key], on["indices"][key], strict=True):
            np.testing.assert_array_equal(a, b)
    np.testing.assert_allclose(off["test_score"], on["test_score"])


def test_entity_groups_reach_the_splitter_with_and_without_routing():
    X, y, times, end_times = make_data()
    groups = np.arange(len(y)) // 7  # entities active for a few days each
    groups[::41] = 999  # and one that appears all through the data
    frame = pd.DataFrame(X, index=times)
    cv = PurgedKFold(4, embargo=1)
    want = as_lists(cv.split(X, groups=groups, times=times))
    assert all(999 not in groups[train] for train, _ in want)
    assert want != as_lists(cv.split(X, times=times))
    off = cross_validate(Ridge(), frame, y, groups=groups, cv=cv, return_indices=True)
    with sklearn.config_context(enable_metadata_routing=True):
        on = cross_validate(
            Ridge(),
            X,
            y,
            cv=cv,
            return_indices=True,
            params={"groups": groups, "times": times},
        )
    for result in (off, on):
        got = [
            (train.tolist(), test.tolist())
            for train, test in zip(
                result["indices"]["train"], result["indices"]["test"]
            )
        ]
        assert got == want


@pytest.mark.parametrize(
    "make_search",
    [
        lambda cv: GridSearchCV(Ridge(), GRID, cv=cv),
        lambda cv: RandomizedSearchCV(Ridge(), GRID, n_iter=2, cv=cv, random_state=0),
    ],
    ids=["GridSearchCV", "RandomizedSearchCV"],
)
def test_search_routes_times_to_the_splitter(routing, make_search):
    X, y, times, end_times = make_data()
    cv = PurgedKFold(3, embargo="3D")
    routed = make_search(cv).fit(X, y, times=times, end_times=end_times)
    fixed = make_search(list(cv.split(X, times=times, end_times=end_times))).fit(X, y)
    assert routed.n_splits_ == 3
    for k in range(3):
        key = f"split{k}_test_score"
        np.testing.assert_allclose(routed.cv_results_[key], fixed.cv_results_[key])
    # Without the end times the purge differs, and so do the scores.
    plain = make_search(cv).fit(X, y, times=times)
    assert not np.allclose(
        plain.cv_results_["split0_test_score"], routed.cv_results_["split0_test_score"]
    )


SPY_CALLS = []


class SpyPurgedKFold(PurgedKFold):
    """Records the times and end times each split call receives."""

    def split(self, X, y=None, groups=None, *, times=None, end_times=None):
        SPY_CALLS.append((len(X), pd.DatetimeIndex(times), pd.DatetimeIndex(end_times)))
        return super().split(X, y, groups, times=times, end_times=end_times)


def test_nested_cv_inner_splitter_sees_the_subset_times(routing):
    X, y, times, end_times = make_data()
    # Shuffle the rows: the subset's times are then not a prefix or a range.
    order = np.random.default_rng(1).permutation(len(y))
    X, y, times, end_times = X[order], y[order], times[order], end_times[order]
    SPY_CALLS.clear()
    inner = GridSearchCV(Ridge(), GRID, cv=SpyPurgedKFold(3, embargo=1))
    outer = PurgedKFold(4, embargo=2)
    result = cross_validate(
        inner,
        X,
        y,
        cv=outer,
        params={"times": times, "end_times": end_times},
        return_indices=True,
        return_estimator=True,
    )
    outer_train = result["indices"]["train"]
    assert len(SPY_CALLS) == len(outer_train) == 4
    for (n_rows, seen_times, seen_ends), train in zip(SPY_CALLS, outer_train):
        assert n_rows == len(train) < len(y)
        assert len(seen_times) == len(seen_ends) == len(train)
        assert seen_times.equals(times[train])
        assert seen_ends.equals(end_times[train])
    # The inner search scored on purged splits of its subset.
    for estimator, train in zip(result["estimator"], outer_train):
        sub = list(
            PurgedKFold(3, embargo=1).split(
                X[train], times=times[train], end_times=end_times[train]
            )
        )
        want = manual_scores(
            Ridge(alpha=estimator.best_params_["alpha"]), X[train], y[train], sub
        )
        best = estimator.best_index_
        got = [estimator.cv_results_[f"split{k}_test_score"][best] for k in range(3)]
        np.testing.assert_allclose(got, want)


def test_nested_cv_without_routing_uses_the_subset_index():
    X, y, times, _ = make_data()
    frame = pd.DataFrame(X, index=times)
    inner = GridSearchCV(
        Ridge(), GRID, cv=PurgedKFold(3, horizon="2D", embargo=1), error_score="raise"
    )
    outer = WalkForward(3, horizon="5D")
    result = cross_validate(
        inner, frame, y, cv=outer, return_indices=True, return_estimator=True
    )
    for estimator, train in zip(result["estimator"], result["indices"]["train"]):
        sub = list(
            PurgedKFold(3, horizon="2D", embargo=1).split(X[train], times=times[train])
        )
        best = estimator.best_index_
        want = manual_scores(
            Ridge(alpha=estimator.best_params_["alpha"]), X[train], y[train], sub
        )
        got = [estimator.cv_results_[f"split{k}_test_score"][best] for k in range(3)]
        np.testing.assert_allclose(got, want)


def test_cross_val_predict_purged_kfold():
    X, y, times, end_times = make_data()
    frame = pd.DataFrame(X, index=times)
    cv = PurgedKFold(4, horizon="5D", embargo="1D")
    predicted = cross_val_predict(Ridge(), frame, y, cv=cv)
    want = np.empty_like(y)
    for train, test in cv.split(X, times=times):
        want[test] = Ridge().fit(X[train], y[train]).predict(X[test])
    np.testing.assert_allclose(predicted, want)
    with sklearn.config_context(enable_metadata_routing=True):
        routed = cross_val_predict(
            Ridge(),
            X,
            y,
            cv=PurgedKFold(4, embargo="1D"),
            params={"times": times, "end_times": end_times},
        )
    np.testing.assert_allclose(routed, want)


def test_permutation_test_score(routing):
    X, y, times, end_times = make_data()
    cv = PurgedKFold(3, embargo=2)
    params = {"times": times, "end_times": end_times}
    score, permuted, pvalue = permutation_test_score(
        Ridge(), X, y, cv=cv, n_permutations=5, random_state=0, params=params
    )
    splits = list(cv.split(X, times=times, end_times=end_times))
    assert score == pytest.approx(manual_scores(Ridge(), X, y, splits).mean())
    assert permuted.shape == (5,)
    assert (permuted < score).all()
    assert pvalue == pytest.approx(1 / 6)


def test_learning_curve(routing):
    X, y, times, end_times = make_data()
    cv = WalkForward(3, test_size=10, horizon=0)
    sizes, train_scores, test_scores = learning_curve(
        Ridge(),
        X,
        y,
        cv=cv,
        train_sizes=[0.5, 1.0],
        params={"times": times, "end_times": end_times},
    )
    splits = list(cv.split(X, times=times, end_times=end_times))
    assert test_scores.shape == train_scores.shape == (2, 3)
    # learning_curve sizes come from the first split's training set.
    assert sizes.tolist() == [len(splits[0][0]) // 2, len(splits[0][0])]
    want = [
        Ridge()
        .fit(X[train[: sizes[-1]]], y[train[: sizes[-1]]])
        .score(X[test], y[test])
        for train, test in splits
    ]
    np.testing.assert_allclose(test_scores[-1], want)


def test_n_jobs_two_equals_one(routing):
    X, y, times, end_times = make_data()
    params = {"times": times, "end_times": end_times}
    results = [
        cross_validate(
            Ridge(),
            X,
            y,
            cv=PurgedKFold(4, embargo="2D"),
            params=params,
            return_indices=True,
            n_jobs=n_jobs,
        )
        for n_jobs in (1, 2)
    ]
    np.testing.assert_array_equal(results[0]["test_score"], results[1]["test_score"])
    for key in ("train", "test"):
        for a, b in zip(
            results[0]["indices"][key], results[1]["indices"][key], strict=True
        ):
            np.testing.assert_array_equal(a, b)
    searches = [
        GridSearchCV(Ridge(), GRID, cv=WalkForward(3, gap=2), n_jobs=n_jobs).fit(
            X, y, times=times, end_times=end_times
        )
        for n_jobs in (1, 2)
    ]
    np.testing.assert_array_equal(
        searches[0].cv_results_["mean_test_score"],
        searches[1].cv_results_["mean_test_score"],
    )
