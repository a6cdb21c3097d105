"""backtest_overfitting on fitted searches: what cv_results_ gives, and how the
splits of each splitter become CSCV's partitions."""

import warnings

import numpy as np
import pytest
from _reference_overfitting import reference_cscv_of_groups
from sklearn.base import BaseEstimator, RegressorMixin
from sklearn.experimental import enable_halving_search_cv  # noqa: F401
from sklearn.linear_model import Ridge
from sklearn.model_selection import (
    GridSearchCV,
    HalvingGridSearchCV,
    KFold,
    RandomizedSearchCV,
)

from safesplit import (
    CombinatorialPurgedCV,
    GroupTimeSeriesSplit,
    PurgedKFold,
    WalkForward,
    backtest_overfitting,
)

ALPHAS = {"alpha": [0.01, 3.0, 30.0, 300.0, 3000.0]}


def _data(n=180, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 4))
    y = X @ [0.5, 0.0, 0.0, 0.0] + rng.normal(size=n)
    return X, y


def _search(cv, scoring="r2", **kwargs):
    X, y = _data()
    return GridSearchCV(Ridge(), ALPHAS, cv=cv, scoring=scoring, **kwargs).fit(X, y)


def _split_scores(search, name="score"):
    results = search.cv_results_
    return np.array([results[f"split{i}_test_{name}"] for i in range(search.n_splits_)])


def _same(report, other):
    for name in (
        "pbo",
        "logits",
        "rank_distribution",
        "is_performance",
        "oos_performance",
    ):
        np.testing.assert_array_equal(getattr(report, name), getattr(other, name))


@pytest.mark.parametrize(
    "cv",
    [PurgedKFold(6, horizon=1), WalkForward(n_splits=4), CombinatorialPurgedCV(6, 1)],
)
def test_disjoint_splits_are_the_rows_of_the_score_matrix(cv):
    search = _search(cv)
    report = backtest_overfitting(search)
    _same(report, backtest_overfitting(_split_scores(search)))
    assert report.configurations == tuple(f"alpha={a!r}" for a in ALPHAS["alpha"])
    assert report.best_configuration == report.configurations[search.best_index_]
    assert f"x {search.n_splits_} split scores ('score')" in report.source


def test_a_group_time_series_split_search_reads_its_windows():
    X, y = _data(n=120)
    buckets = np.repeat(np.arange(12), 10)
    search = GridSearchCV(Ridge(), ALPHAS, cv=GroupTimeSeriesSplit(n_splits=4))
    search.fit(X, y, groups=buckets)
    _same(backtest_overfitting(search), backtest_overfitting(_split_scores(search)))


@pytest.mark.parametrize(
    ("n_groups", "n_test_groups", "n_partitions"),
    [(6, 2, None), (6, 3, None), (8, 2, None), (6, 2, 4), (8, 2, 6), (5, 2, 4)],
)
def test_combinatorial_groups_become_the_partitions(
    n_groups, n_test_groups, n_partitions
):
    cv = CombinatorialPurgedCV(n_groups, n_test_groups, horizon=1)
    search = _search(cv)
    report = backtest_overfitting(search, n_partitions=n_partitions)
    partitions = n_groups if n_partitions is None else n_partitions
    expected = reference_cscv_of_groups(
        _split_scores(search), cv.test_groups(), n_groups, partitions
    )
    for name, value in expected.items():
        np.testing.assert_allclose(
            getattr(report, name), value, rtol=1e-12, err_msg=name
        )
    assert report.n_partitions == partitions


def test_combinatorial_cv_with_one_test_group_is_purged_k_fold():
    combinatorial = backtest_overfitting(
        _search(CombinatorialPurgedCV(6, 1, horizon=2))
    )
    k_fold = backtest_overfitting(_search(PurgedKFold(6, horizon=2)))
    _same(combinatorial, k_fold)


def test_the_source_says_how_many_splits_score_each_half():
    report = backtest_overfitting(_search(CombinatorialPurgedCV(6, 2)))
    # C(3, 2) = 3 of the 15 splits test only groups of one half.
    assert (
        "6 partitions of its 6 groups, each half scored by the 3 splits"
        in report.source
    )


def test_a_randomized_search_and_a_multi_metric_search():
    X, y = _data()
    cv = PurgedKFold(4)
    randomized = RandomizedSearchCV(
        Ridge(), ALPHAS, n_iter=4, cv=cv, random_state=0, scoring="r2"
    ).fit(X, y)
    _same(
        backtest_overfitting(randomized),
        backtest_overfitting(_split_scores(randomized)),
    )
    scoring = {"r2": "r2", "mse": "neg_mean_squared_error"}
    refit_r2 = _search(cv, scoring=scoring, refit="r2")
    _same(backtest_overfitting(refit_r2), backtest_overfitting(_search(cv)))
    mse = backtest_overfitting(refit_r2, score_name="mse")
    _same(mse, backtest_overfitting(_split_scores(refit_r2, "mse")))
    with pytest.raises(
        ValueError, match=r"several scores \['mse', 'r2'\].* score_name="
    ):
        backtest_overfitting(_search(cv, scoring=scoring, refit=False))
    with pytest.raises(ValueError, match=r"score_name='mae' is not a score"):
        backtest_overfitting(refit_r2, score_name="mae")


class FailsOnNegative(RegressorMixin, BaseEstimator):
    def __init__(self, shift=0.0):
        self.shift = shift

    def fit(self, X, y):
        if self.shift < 0:
            raise ValueError("negative shift")
        self.mean_ = float(np.mean(y)) + self.shift
        return self

    def predict(self, X):
        return np.full(len(X), self.mean_)


def test_a_failed_fit_is_named_not_dropped():
    X, y = _data()
    search = GridSearchCV(
        FailsOnNegative(),
        {"shift": [-1.0, 0.0, 1.0]},
        cv=PurgedKFold(4),
        error_score=np.nan,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        search.fit(X, y)
    with pytest.raises(
        ValueError,
        match=r"candidate\(s\) 'shift=-1.0' have no 'score'.*"
        r"error_score='raise'",
    ):
        backtest_overfitting(search)


def test_searches_that_cannot_be_read_are_refused():
    X, y = _data()
    with pytest.raises(
        TypeError, match=r"PurgedKFold, WalkForward.*KFold.*score matrix"
    ):
        backtest_overfitting(_search(KFold(4)))
    with pytest.raises(ValueError, match="is not fitted: call fit first"):
        backtest_overfitting(GridSearchCV(Ridge(), ALPHAS, cv=PurgedKFold(4)))
    halving = HalvingGridSearchCV(Ridge(), ALPHAS, cv=PurgedKFold(3), min_resources=60)
    with pytest.raises(ValueError, match="successive halving"):
        backtest_overfitting(halving.fit(X, y))
    with pytest.raises(ValueError, match=r"5 groups, an odd number.*n_partitions=4"):
        backtest_overfitting(_search(CombinatorialPurgedCV(5, 2)))
    with pytest.raises(ValueError, match=r"n_test_groups <= n_groups / 2"):
        backtest_overfitting(_search(CombinatorialPurgedCV(6, 4)))
    with pytest.raises(ValueError, match=r"n_test_groups <= n_groups / 2"):
        backtest_overfitting(_search(CombinatorialPurgedCV(6, 3)), n_partitions=4)
    changed = _search(PurgedKFold(4))
    changed.cv.set_params(n_splits=6)
    with pytest.raises(ValueError, match="parameters changed after the fit"):
        backtest_overfitting(changed)


def test_chunks_of_combinations_do_not_change_a_search_result(monkeypatch):
    from safesplit.backtest import _cscv

    search = _search(CombinatorialPurgedCV(8, 3))
    expected = backtest_overfitting(search)
    monkeypatch.setattr(_cscv, "CHUNK_BYTES", 64)
    chunked = backtest_overfitting(search)
    _same(chunked, expected)
    assert chunked.source == expected.source
