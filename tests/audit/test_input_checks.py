"""What the audit refuses before it runs: each case reached numpy's, pandas' or
scikit-learn's internals before its fix (or answered with an undefined score)."""

import tracemalloc

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
from _audit_data import build_context, honest_data
from sklearn.linear_model import LinearRegression, LogisticRegression

from safesplit import audit
from safesplit.audit._input_checks import MAX_CLASSES, MIN_ROWS


def _x(n=60):
    rng = np.random.default_rng(0)
    return pd.DataFrame({"a": rng.normal(size=n), "b": rng.normal(size=n)})


def _y(n=60):
    return np.arange(n) % 2


@pytest.mark.parametrize(
    "X, error, message",
    [
        (sp.csr_matrix(np.ones((60, 2))), TypeError, r"^X is a scipy sparse matrix"),
        (None, TypeError, r"^X must be an array-like of samples"),
        (5, TypeError, r"^X must be an array-like of samples"),
        ("abc", TypeError, r"^X must be an array-like of samples"),
        (_x().iloc[:, :0], ValueError, r"^X has no feature columns"),
        (
            _x().set_axis(["a", "a"], axis=1),
            ValueError,
            r"^X has duplicate column names \['a'\]; give every column a distinct",
        ),
        (
            _x().assign(c=[[i] for i in range(60)]),
            TypeError,
            r"^X's column 'c' holds values that are not single values",
        ),
        (
            _x().assign(c=[{"k": i} for i in range(60)]),
            TypeError,
            r"^X's column 'c' holds values that are not single values",
        ),
    ],
    ids=["sparse", "None", "int", "str", "no columns", "duplicates", "lists", "dicts"],
)
def test_features_the_audit_cannot_read(X, error, message):
    with pytest.raises(error, match=message):
        audit(X, _y())


def test_time_column_alone_is_no_feature():
    from safesplit import PurgedKFold

    X = pd.DataFrame({"day": pd.date_range("2024-01-01", periods=60)})
    with pytest.raises(ValueError, match=r"^X has no feature columns"):
        audit(X, _y(), cv=PurgedKFold(3, time_column="day"))


def test_tuples_are_single_values():
    # Hashable, comparable cells are read as categories, as before.
    X = _x().assign(c=[(i % 3, "k") for i in range(60)])
    assert build_context(X, _y()).columns == ["a", "b", "c"]


@pytest.mark.parametrize(
    "y, error, message",
    [
        (None, TypeError, r"^y must be an array-like of targets, one per row"),
        (5, TypeError, r"^y must be an array-like of targets"),
        (np.zeros((60, 2)), ValueError, r"^y must be one column .* shape \(60, 2\)"),
        (
            np.r_[np.inf, np.arange(59.0)],
            ValueError,
            r"^y holds 1 infinite value\(s\); drop or cap",
        ),
    ],
)
def test_targets_the_audit_cannot_read(y, error, message):
    with pytest.raises(error, match=message):
        audit(_x(), y)


def test_a_column_vector_target_is_one_column():
    context = build_context(_x(), _y().reshape(-1, 1))
    assert context.target.n_classes == 2


@pytest.mark.parametrize("n_rows", [2, 3])
def test_too_few_rows_to_score(n_rows):
    with pytest.raises(ValueError, match=rf"^X has {n_rows} row\(s\); the audit needs"):
        audit(_x(n_rows), _y(n_rows))


def test_the_fewest_rows_give_a_defined_score():
    # Four rows, two of each class: two stratified folds each test both classes.
    report = audit(_x(MIN_ROWS), [0, 1, 0, 1], checks=["target_proxy"])
    assert np.isfinite(report.summary["model_score"])


def test_a_single_row_of_the_second_class_is_refused():
    with pytest.raises(ValueError, match=r"^y's classes have 0: 3, 1: 1 row\(s\)"):
        audit(_x(4), [0, 0, 0, 1])


def test_identifier_like_text_target_is_refused_without_allocating():
    n = 100_000
    X = pd.DataFrame({"a": np.arange(n) % 7})
    y = pd.Series([f"order-{i}" for i in range(n)])
    tracemalloc.start()
    try:
        with pytest.raises(ValueError, match=r"^y has 100,000 classes over 100,000"):
            audit(X, y)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 500 * 2**20  # it tried 37 GiB before


def test_more_classes_than_the_audit_scores_are_refused():
    n_classes = MAX_CLASSES + 1
    y = np.repeat(np.arange(n_classes), 3).astype(str)
    with pytest.raises(ValueError, match=rf"^y has {n_classes:,} classes; the audit"):
        audit(pd.DataFrame({"a": np.arange(y.shape[0])}), y)
    y = np.repeat(np.arange(MAX_CLASSES), 3).astype(str)
    context = build_context(pd.DataFrame({"a": np.arange(y.shape[0])}), y)
    assert context.target.n_classes == MAX_CLASSES


@pytest.mark.parametrize(
    "estimator, y, error, message",
    [
        (None, _y(), None, None),
        ("abc", _y(), TypeError, r"^estimator must be a scikit-learn estimator"),
        (LogisticRegression, _y(), TypeError, r"^estimator is the class"),
        (
            LinearRegression(),
            _y(),
            ValueError,
            r"^estimator LinearRegression is not a classifier but y holds 2 classes",
        ),
        (
            LogisticRegression(),
            np.linspace(0, 1, 60),
            ValueError,
            r"^estimator LogisticRegression is a classifier but y holds continuous",
        ),
    ],
)
def test_estimator_must_fit_the_task(estimator, y, error, message):
    if error is None:
        assert build_context(_x(), y, estimator=estimator).estimator is None
        return
    with pytest.raises(error, match=message):
        audit(_x(), y, estimator=estimator)


@pytest.mark.parametrize(
    "arguments, error, message",
    [
        ({"n_jobs": 0}, ValueError, r"^n_jobs=0 runs nothing"),
        ({"n_jobs": 1.5}, TypeError, r"^n_jobs must be None or an int"),
        ({"random_state": -1}, ValueError, r"^random_state must be an int seed"),
        ({"random_state": 2**40}, ValueError, r"^random_state must be an int seed"),
        ({"random_state": 1.5}, TypeError, r"^random_state must be None, an int"),
        ({"random_state": "x"}, TypeError, r"^random_state must be None, an int"),
        ({"scoring": "nope"}, ValueError, r"^scoring='nope' is not a scorer name"),
        ({"scoring": ["r2"]}, TypeError, r"^scoring must be a scorer name"),
    ],
)
def test_other_arguments_are_checked_before_any_work(arguments, error, message):
    X, y = honest_data(n=100)
    with pytest.raises(error, match=message):
        audit(X, y, **arguments)


@pytest.mark.parametrize(
    "y, error, message",
    [
        (np.arange(60) % 2 + 1j, TypeError, r"^y holds complex numbers"),
        (
            pd.Series([0, "1"] * 30, dtype=object),
            TypeError,
            r"^y mixes kinds of values \(int, str\); pass labels of one kind",
        ),
        (
            pd.Series(pd.period_range("2020-01", periods=2, freq="M"))
            .take(_y())
            .to_numpy(),
            TypeError,
            r"^y holds period values, which are neither classes nor numbers",
        ),
    ],
)
def test_targets_of_no_single_kind(y, error, message):
    with pytest.raises(error, match=message):
        audit(_x(), y)


def test_numbers_held_as_objects_are_numbers():
    as_objects = build_context(_x(), pd.Series(_y(), dtype=object)).target
    as_ints = build_context(_x(), _y()).target
    assert as_objects.task == as_ints.task == "classification"
    assert np.array_equal(as_objects.y, as_ints.y)
    values = pd.Series(np.linspace(0, 1, 60), dtype=object)
    assert build_context(_x(), values).target.task == "regression"


def test_complex_feature_column_is_refused():
    with pytest.raises(TypeError, match=r"^X's column 'c' holds complex numbers"):
        audit(_x().assign(c=np.arange(60) + 1j), _y())


def test_a_target_series_not_aligned_with_X_is_refused():
    X = _x().set_axis(np.arange(100, 160))
    y = pd.Series(_y())  # RangeIndex 0..59: pandas would align by label
    with pytest.raises(ValueError, match=r"^y is a Series whose index does not match"):
        audit(X, y)
    assert build_context(X, y.to_numpy()).target.n_classes == 2
