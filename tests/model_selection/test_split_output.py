"""What ``split`` yields: read-only index arrays, views where a set is one run of
rows, and scikit-learn's consumers working unchanged on them."""

import pickle

import numpy as np
import pandas as pd
import pytest
import sklearn
from sklearn.linear_model import Ridge
from sklearn.model_selection import (
    GridSearchCV,
    TimeSeriesSplit,
    cross_val_predict,
    cross_val_score,
    cross_validate,
)

from safesplit import (
    CombinatorialPurgedCV,
    GroupTimeSeriesSplit,
    PurgedKFold,
    WalkForward,
)

N_DAYS, ROWS_PER_DAY = 40, 3
DAYS = np.repeat(pd.date_range("2024-01-01", periods=N_DAYS, freq="D"), ROWS_PER_DAY)
N = DAYS.shape[0]

SPLITTERS = {
    "PurgedKFold": lambda: PurgedKFold(4, horizon="2D", embargo=1),
    "WalkForward": lambda: WalkForward(3, horizon="2D"),
    "WalkForward-sliding": lambda: WalkForward(3, train_size=10, gap=1),
    "CombinatorialPurgedCV": lambda: CombinatorialPurgedCV(5, 2, horizon="1D"),
    "GroupTimeSeriesSplit": lambda: GroupTimeSeriesSplit(3),
}


def split_arguments(name, layout):
    """``split`` keyword arguments for sorted, shuffled or grouped rows."""
    rng = np.random.default_rng(0)
    ordered = layout in ("sorted", "one row per time")
    order = np.arange(N) if ordered else rng.permutation(N)
    kwargs = {"times": DAYS[order]}
    if layout == "one row per time":
        # The shared positions are then the time model's own period starts.
        kwargs = {"times": pd.Timestamp("2024-01-01") + pd.to_timedelta(order, "D")}
    if name == "GroupTimeSeriesSplit":
        kwargs["groups"] = (np.arange(N) // (2 * ROWS_PER_DAY))[order]
    elif layout == "entities":
        # Entities active for four days each, three at a time.
        rows = np.arange(N)
        kwargs["groups"] = ((rows // (4 * ROWS_PER_DAY)) * 3 + rows % 3)[order]
    return kwargs


def all_arrays(cv, kwargs):
    return [a for pair in cv.split(np.zeros((N, 1)), **kwargs) for a in pair]


@pytest.mark.parametrize(
    "layout", ["sorted", "shuffled", "entities", "one row per time"]
)
@pytest.mark.parametrize("name", SPLITTERS)
def test_no_caller_can_write_into_an_index_array(name, layout):
    arrays = all_arrays(SPLITTERS[name](), split_arguments(name, layout))
    for array in arrays:
        assert not array.flags.writeable
        with pytest.raises(ValueError, match="read-only"):
            array[0] = 1
        with pytest.raises(ValueError, match="read-only"):
            np.add(array, 1, out=array)
    # An array that shares memory with another is a view of the shared positions:
    # neither it nor its base can be switched back to writeable.
    for array in arrays:
        if any(
            other is not array and np.shares_memory(array, other) for other in arrays
        ):
            with pytest.raises(ValueError, match="WRITEABLE"):
                array.flags.writeable = True
            with pytest.raises(ValueError, match="WRITEABLE"):
                array.base.flags.writeable = True
    # A copy or a pickled array is the caller's own, and writeable.
    for own in (arrays[0].copy(), pickle.loads(pickle.dumps(arrays[0]))):
        own[0] = -1
        assert own[0] == -1


def test_contiguous_sets_are_views_of_one_shared_array():
    # One row per time and no purge: exactly TimeSeriesSplit, and views as its are.
    X = np.zeros((30, 1))
    ours = list(WalkForward(4).split(X))
    theirs = list(TimeSeriesSplit(4).split(X))
    shared = {id(_owner(a)) for pair in ours for a in pair}
    assert len(shared) == 1
    for (train, test), (train0, test0) in zip(ours, theirs):
        np.testing.assert_array_equal(train, train0)
        np.testing.assert_array_equal(test, test0)
    # A duration horizon purges the end of each training window: still one run.
    splits = list(WalkForward(3, horizon="2D").split(X, times=DAYS[:30]))
    assert len({id(_owner(a)) for pair in splits for a in pair}) == 1


def test_sets_of_several_pieces_are_new_arrays():
    splits = list(PurgedKFold(4, horizon="2D").split(np.zeros((N, 1)), times=DAYS))
    inner = splits[1][0]  # training rows on both sides of the second fold
    assert np.any(np.diff(inner) > 1)
    assert inner.base is None
    assert _owner(splits[1][1]) is _owner(splits[0][0])  # the test fold: a view


def _owner(array):
    """The array that owns the memory of ``array`` (itself when it owns it)."""
    while isinstance(array.base, np.ndarray):
        array = array.base
    return array


def _copied(cv, X, y, **kwargs):
    """The same splits as writeable copies: what any other splitter yields."""
    return [(a.copy(), b.copy()) for a, b in cv.split(X, y, **kwargs)]


@pytest.mark.parametrize("routing", [False, True], ids=["time-index", "routing"])
@pytest.mark.parametrize("name", SPLITTERS)
def test_scikit_learn_reads_read_only_indices(name, routing):
    """Scores, indices, searches and predictions equal those on writeable copies,
    with times from a DataFrame's index or routed to the splitter."""
    rng = np.random.default_rng(1)
    values = rng.normal(size=(N, 3))
    y = values @ [1.0, -2.0, 0.5] + rng.normal(scale=0.1, size=N)
    cv, model, grid = SPLITTERS[name](), Ridge(), {"alpha": [0.1, 10.0]}
    metadata = {"times": DAYS, **split_arguments(name, "sorted")}
    if routing:
        X, params = values, metadata
    else:
        X = pd.DataFrame(values, index=DAYS)
        params = {"groups": metadata["groups"]} if "groups" in metadata else {}
    copies = [(a.copy(), b.copy()) for a, b in cv.split(X, y, **params)]
    want = cross_val_score(model, X, y, cv=copies)
    with sklearn.config_context(enable_metadata_routing=routing):
        fit_params = params if routing else {}
        route = {"params": params} if routing else params
        for n_jobs in (1, 2):
            got = cross_val_score(model, X, y, cv=cv, n_jobs=n_jobs, **route)
            np.testing.assert_array_equal(got, want)
        result = cross_validate(model, X, y, cv=cv, return_indices=True, **route)
        search = GridSearchCV(model, grid, cv=cv).fit(X, y, **(fit_params or params))
        predicted = (
            cross_val_predict(model, X, y, cv=cv, **route)
            if name == "PurgedKFold"  # its test folds partition the rows
            else None
        )
    np.testing.assert_array_equal(result["test_score"], want)
    for got, (train, test) in zip(
        zip(result["indices"]["train"], result["indices"]["test"]), copies
    ):
        np.testing.assert_array_equal(got[0], train)
        np.testing.assert_array_equal(got[1], test)
    reference = GridSearchCV(model, grid, cv=copies).fit(X, y)
    np.testing.assert_array_equal(
        search.cv_results_["mean_test_score"], reference.cv_results_["mean_test_score"]
    )
    if predicted is not None:
        np.testing.assert_array_equal(
            predicted, cross_val_predict(model, X, y, cv=copies)
        )
