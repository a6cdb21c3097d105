"""The shared argument checks: what they accept is what scikit-learn and numpy
accept, and everything else is refused by name."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from sklearn.model_selection import KFold, StratifiedKFold

from safesplit._validation import (
    check_cv,
    check_n_jobs,
    check_random_state,
    materialize_splits,
    num_samples,
    shared_rows,
)


@given(st.integers(1, 200), st.data())
def test_shared_rows_is_the_size_of_the_intersection(n, data):
    positions = st.lists(st.integers(0, n - 1), max_size=3 * n)
    train, test = data.draw(positions), data.draw(positions)
    want = sum(1 for row in test if row in set(train))
    assert shared_rows(np.array(train, dtype=int), np.array(test, dtype=int), n) == want


@given(st.integers(2, 50))
def test_an_int_cv_is_scikit_learns(k):
    y = np.arange(100) % 2
    assert isinstance(check_cv(k, y, classifier=True), StratifiedKFold)
    assert check_cv(k, y).get_n_splits() == k


@pytest.mark.parametrize("n_jobs", [None, 1, 2, -1, -2, np.int64(3)])
def test_n_jobs_accepted(n_jobs):
    assert check_n_jobs(n_jobs) == n_jobs


@pytest.mark.parametrize("seed", [None, 0, 2**32 - 1, np.uint32(7)])
def test_seeds_numpy_takes(seed):
    assert check_random_state(seed) == seed
    if seed is not None:
        np.random.RandomState(seed)  # numpy takes it too


@pytest.mark.parametrize(
    "values, n",
    [
        ([1, 2, 3], 3),
        (np.zeros((4, 2)), 4),
        (pd.DataFrame({"a": [1, 2]}), 2),
        (pd.Series([1.0]), 1),
        (pd.Index([1, 2, 3, 4, 5]), 5),
    ],
)
def test_num_samples_of_sample_containers(values, n):
    assert num_samples(values, "X") == n


@pytest.mark.parametrize("values", [None, 5, 2.5, "ab", b"ab", {"a": 1}, {1, 2}])
def test_num_samples_refuses_what_holds_no_samples(values):
    with pytest.raises(TypeError, match=r"^groups must be an array-like of samples"):
        num_samples(values, "groups")


def test_materialize_splits_takes_masks_and_refuses_bad_pairs():
    mask = np.arange(6) < 3
    [(train, test)] = materialize_splits(
        check_cv([(~mask, mask)]), None, None, 6, "owner"
    )
    assert train.tolist() == [3, 4, 5] and test.tolist() == [0, 1, 2]
    with pytest.raises(ValueError, match=r"boolean mask of 5 entries for 6 samples"):
        materialize_splits(check_cv([(~mask[:5], mask)]), None, None, 6, "owner")
    for entry in [(1, 2, 3), 5, "ab", [[0, 1]]]:
        with pytest.raises(TypeError, match=r"^cv's entry 0 is not a \(train, test"):
            check_cv([entry])
    with pytest.raises(ValueError, match=r"tests a sample twice"):
        materialize_splits(check_cv([([0], [1, 1])]), None, None, 6, "owner")
    assert len(materialize_splits(KFold(3), np.zeros(6), None, 6, "owner")) == 3


def test_n_jobs_and_cv_of_no_meaning():
    with pytest.raises(ValueError, match=r"^n_jobs=1000000 is more jobs than joblib"):
        check_n_jobs(1_000_000)
    with pytest.raises(TypeError, match=r"^cv must be .* got a 0-d array"):
        check_cv(np.array(3))


@given(st.one_of(st.none(), st.integers(-5, 10**6)), st.integers(0, 50))
def test_jobs_for_starts_no_more_workers_than_tasks(n_jobs, n_tasks):
    from safesplit._validation import jobs_for

    got = jobs_for(n_jobs, n_tasks)
    if n_jobs is None or n_jobs < 0:
        assert got == n_jobs
    else:
        assert got == min(n_jobs, max(n_tasks, 1))
