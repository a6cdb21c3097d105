"""CombinatorialPurgedCV: the reference, the invariants, the paths, bad input and
scikit-learn integration."""

import math
import re
import time
from functools import partial

import numpy as np
import pandas as pd
import pytest
import sklearn
from _reference import reference_splits
from _reference_combinatorial import (
    blocks_of,
    combinatorial,
    group_of_samples,
    label_ends,
    path_table,
    periods_of,
)
from _strategies import (
    EMBARGO_FRACTION,
    as_lists,
    cpcv_cases,
    empty_training_set,
    run,
)
from _strategies import split_kwargs as panel_split_kwargs
from hypothesis import given, settings
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.model_selection import (
    GridSearchCV,
    KFold,
    cross_val_score,
    cross_validate,
)

from safesplit import CombinatorialPurgedCV, PurgedKFold, describe_splits

SETTINGS = settings(max_examples=150, deadline=None)


reference_for = partial(reference_splits, combinatorial)


def splits_or_skip(panel, params):
    """The splits, or None when the reference and the splitter both refuse (or
    the splitter refuses an embargo as long as the data, which the definitions
    leave open)."""
    want = reference_for(panel, params)
    got = run(
        CombinatorialPurgedCV(**params),
        np.zeros((panel["n"], 1)),
        **panel_split_kwargs(panel),
    )
    if isinstance(got, ValueError):
        assert isinstance(want, ValueError) or "embargo" in str(got), (want, got)
        return want, None
    return want, got


@SETTINGS
@given(cpcv_cases())
def test_matches_the_reference(case):
    panel, params = case
    want, got = splits_or_skip(panel, params)
    if got is not None:
        assert got == want


@SETTINGS
@given(cpcv_cases())
def test_invariants(case):
    panel, params = case
    _, got = splits_or_skip(panel, params)
    if got is None:
        return
    cv = CombinatorialPurgedCV(**params)
    n, times, groups = panel["n"], panel["times"], panel["groups"]
    ends = label_ends(times, panel["end_times"], params["horizon"])
    periods = periods_of(times)
    n_splits = math.comb(params["n_groups"], params["n_test_groups"])
    assert len(got) == n_splits
    test_count = np.zeros(n, dtype=int)
    for train, test in got:
        train_set, test_set = set(train), set(test)
        test_count[test] += 1
        # Periods are atomic: never in both, never cut.
        for period in periods:
            rows = {i for i in range(n) if times[i] == period}
            assert rows <= test_set or not rows & test_set
            assert not (rows & test_set and rows & train_set)
        # No training label meets the span of a test block.
        for block in blocks_of({times[i] for i in test}, periods):
            members = [i for i in test if times[i] in block]
            start = min(times[i] for i in members)
            end = max(ends[i] for i in members)
            for i in train:
                assert ends[i] < start or times[i] > end
        # Entities never straddle.
        if groups is not None:
            assert not {groups[i] for i in train} & {groups[i] for i in test}
    expected = math.comb(params["n_groups"] - 1, params["n_test_groups"] - 1)
    assert (test_count == expected).all()
    assert cv.n_paths == expected


@SETTINGS
@given(cpcv_cases())
def test_each_path_covers_every_sample_once(case):
    panel, params = case
    _, got = splits_or_skip(panel, params)
    if got is None:
        return
    cv = CombinatorialPurgedCV(**params)
    group = np.asarray(group_of_samples(panel["times"], params["n_groups"]))
    test_groups, path_ids = cv.test_groups(), cv.path_ids()
    table = path_table(params["n_groups"], params["n_test_groups"])
    covered = np.zeros((panel["n"], cv.n_paths), dtype=int)
    for s, (_, test) in enumerate(got):
        test = np.asarray(test)
        assert set(group[test]) == set(test_groups[s])
        for j, g in enumerate(test_groups[s]):
            assert path_ids[s, j] == table[(s, g)]
            rows = test[group[test] == g]
            assert set(rows) == set(np.flatnonzero(group == g))
            covered[rows, path_ids[s, j]] += 1
    assert (covered == 1).all()


@settings(max_examples=60, deadline=None)
@given(cpcv_cases())
def test_one_test_group_is_purged_kfold(case):
    panel, params = case
    params = {**params, "n_test_groups": 1}
    X = np.zeros((panel["n"], 1))
    kwargs = panel_split_kwargs(panel)
    fold = {k: params[k] for k in ("horizon", "embargo")}
    got = run(CombinatorialPurgedCV(**params), X, **kwargs)
    want = run(PurgedKFold(params["n_groups"], **fold), X, **kwargs)
    if isinstance(want, ValueError):
        assert isinstance(got, ValueError)
    else:
        assert got == want


@pytest.mark.parametrize("n, n_groups, k", [(12, 4, 2), (13, 5, 3), (30, 6, 1)])
def test_one_row_per_time_tests_unions_of_kfold_folds(n, n_groups, k):
    folds = [test for _, test in KFold(n_groups).split(np.zeros(n))]
    cv = CombinatorialPurgedCV(n_groups, k)
    for (train, test), combo in zip(cv.split(np.zeros((n, 1))), cv.test_groups()):
        want = np.sort(np.concatenate([folds[g] for g in combo]))
        np.testing.assert_array_equal(test, want)
        np.testing.assert_array_equal(train, np.setdiff1d(np.arange(n), want))


def test_integer_horizon_and_embargo_on_one_row_per_time():
    # h periods purged before and after each block, e more embargoed after it.
    cv = CombinatorialPurgedCV(5, 2, horizon=1, embargo=2)
    splits = as_lists(cv.split(np.zeros((20, 1))))
    # Split 1 tests groups 0 (rows 0-3) and 2 (rows 8-11).
    train, test = splits[1]
    assert test == [0, 1, 2, 3, 8, 9, 10, 11]
    # Row 3's label ends at row 4 (purged), rows 5-6 embargoed; row 7's label
    # reaches row 8 (purged); row 12 purged after the second block, 13-14 embargoed.
    assert train == [15, 16, 17, 18, 19]
    removed = describe_splits(cv, np.zeros((20, 1))).loc[1]
    assert (removed["n_purged"], removed["n_embargoed"]) == (3, 4)
    assert removed["n_test_blocks"] == 2


def test_embargo_only_after_each_block_never_inside_training():
    # Several test blocks: the embargo follows each block and nothing else.
    times = pd.date_range("2024-01-01", periods=30, freq="D")
    cv = CombinatorialPurgedCV(6, 3, embargo="2D")
    for train, test in cv.split(np.zeros((30, 1)), times=times):
        in_test = np.zeros(30, bool)
        in_test[test] = True
        ends = np.flatnonzero(in_test[:-1] & ~in_test[1:])  # last row of a block
        removed = set(range(30)) - set(train) - set(test)
        allowed = {e + d for e in ends for d in (1, 2)}
        assert removed == allowed & (set(range(30)) - set(test))


def test_panel_rows_sharing_a_time_stay_together_and_unsorted_input():
    rng = np.random.default_rng(0)
    days = np.repeat(pd.date_range("2024-01-01", periods=12, freq="D"), 3)
    order = rng.permutation(days.shape[0])
    times = days[order]
    cv = CombinatorialPurgedCV(4, 2, horizon="1D")
    for train, test in cv.split(np.zeros((36, 1)), times=times):
        assert not set(times[train]) & set(times[test])
        for day in set(times[test]):
            assert set(np.flatnonzero(times == day)) <= set(test)


def test_path_ids_and_test_groups_n6_k2():
    cv = CombinatorialPurgedCV(6, 2)
    assert cv.get_n_splits() == 15 and cv.n_paths == 5
    ids, groups = cv.path_ids(), cv.test_groups()
    assert ids.shape == groups.shape == (15, 2)
    assert np.issubdtype(ids.dtype, np.integer)
    for g in range(6):
        assert sorted(ids[groups == g].tolist()) == [0, 1, 2, 3, 4]


@pytest.mark.parametrize("n_groups, k", [(2, 1), (5, 4), (10, 2), (10, 5), (12, 6)])
def test_path_ids_match_reference(n_groups, k):
    cv = CombinatorialPurgedCV(n_groups, k)
    table = path_table(n_groups, k)
    ids, groups = cv.path_ids(), cv.test_groups()
    for s in range(ids.shape[0]):
        for j in range(k):
            assert ids[s, j] == table[(s, groups[s, j])]


def test_path_methods_change_no_params():
    # split changes none either: see test_splitter_contracts.py.
    cv = CombinatorialPurgedCV(4, 2, horizon="2D", embargo=0.1)
    before = dict(vars(cv))
    cv.n_paths, cv.path_ids(), cv.test_groups(), cv.get_n_splits()
    assert vars(cv) == before


def test_entity_groups_reported_by_describe_splits():
    cv = CombinatorialPurgedCV(4, 2)
    groups = np.repeat(np.arange(6), 4)  # entity e is rows 4e..4e+3
    table = describe_splits(cv, np.zeros((24, 1)), groups=groups)
    # Row groups are 6 long (0-5, 6-11, 12-17, 18-23); e.g. testing 0-5 and 6-11
    # shares no entity with training, testing 0-5 and 12-17 removes rows 6-7 and
    # 18-19 (entities 1 and 4).
    assert table["n_group_removed"].tolist() == [0, 4, 4, 4, 4, 0]
    assert (table["n_train"] + table["n_test"] + table["n_group_removed"] == 24).all()


# --------------------------------------------------------------------------------------
# Bad input


@pytest.mark.parametrize("k", [0, 4, 5, -1])
def test_n_test_groups_out_of_range(k):
    with pytest.raises(ValueError, match=r"n_test_groups must be in \[1, n_groups - 1"):
        CombinatorialPurgedCV(4, k).get_n_splits()
    with pytest.raises(ValueError, match=r"n_test_groups must be in \[1, n_groups - 1"):
        next(CombinatorialPurgedCV(4, k).split(np.zeros((10, 1))))


@pytest.mark.parametrize("k", [2.0, "2", True, None])
def test_n_test_groups_not_an_int(k):
    with pytest.raises(TypeError, match="n_test_groups must be an int"):
        CombinatorialPurgedCV(4, k).get_n_splits()


@pytest.mark.parametrize("n_groups", [1, 0, 2.5, "6"])
def test_bad_n_groups(n_groups):
    with pytest.raises(
        (TypeError, ValueError), match=r"^n_groups must be (an int|at least 2), got"
    ):
        CombinatorialPurgedCV(n_groups, 1).get_n_splits()


def test_more_groups_than_periods():
    times = np.repeat(np.arange(5), 4)  # 5 periods, 20 rows
    with pytest.raises(ValueError, match="n_groups=6 needs at least 6 distinct times"):
        list(CombinatorialPurgedCV(6, 2).split(np.zeros((20, 1)), times=times))


TOO_MANY = re.escape("more than 100,000; each split fits a model. Use fewer groups")


def test_too_many_combinations_refused_before_any_work():
    # 184,756 splits: refused at construction, like scikit-learn's splitters...
    with pytest.raises(ValueError, match=r"n_groups=20 and n_test_groups=10.*100,000"):
        CombinatorialPurgedCV(20, 10)
    # ... and again at every call when the parameters are changed afterwards.
    cv = CombinatorialPurgedCV(20, 2)
    cv.n_test_groups = 10
    with pytest.raises(ValueError, match=r"n_groups=20 and n_test_groups=10.*100,000"):
        cv.get_n_splits()
    with pytest.raises(ValueError, match=TOO_MANY):
        next(cv.split(None))  # X is never looked at
    start = time.perf_counter()
    with pytest.raises(ValueError, match=TOO_MANY):
        CombinatorialPurgedCV(10**6, 5 * 10**5).get_n_splits()
    with pytest.raises(ValueError, match=TOO_MANY):
        CombinatorialPurgedCV(10**6, 5 * 10**5).path_ids()
    assert time.perf_counter() - start < 1.0
    assert CombinatorialPurgedCV(17, 8).get_n_splits() == 24310


def test_bad_horizon_and_embargo_are_named():
    X = np.zeros((20, 1))
    with pytest.raises(ValueError, match=re.escape("horizon must be an int >= 0")):
        next(CombinatorialPurgedCV(4, 2, horizon=-1).split(X))
    with pytest.raises(ValueError, match=EMBARGO_FRACTION):
        next(CombinatorialPurgedCV(4, 2, embargo=1.5).split(X))
    with pytest.raises(
        TypeError, match=r"^embargo=.* is a duration, but the times are row"
    ):
        next(CombinatorialPurgedCV(4, 2, embargo="2D").split(X))  # row-order times


def test_empty_training_set_is_an_error():
    with pytest.raises(ValueError, match=empty_training_set("CombinatorialPurgedCV")):
        list(CombinatorialPurgedCV(3, 2, horizon=3).split(np.zeros((9, 1))))


# --------------------------------------------------------------------------------------
# scikit-learn integration


def _data(n=120, seed=0):
    rng = np.random.default_rng(seed)
    index = pd.date_range("2023-01-01", periods=n, freq="D")
    X = pd.DataFrame(rng.normal(size=(n, 3)), index=index, columns=["a", "b", "c"])
    y = X.to_numpy() @ [1.0, -1.0, 0.5] + rng.normal(scale=0.3, size=n)
    groups = np.arange(n) // 10  # entities active for 10 days each
    return X, y, groups


def test_cross_validate_routing_on_and_off_agree():
    X, y, groups = _data()
    cv = CombinatorialPurgedCV(4, 2, horizon="3D")
    off = cross_validate(Ridge(), X, y, cv=cv, groups=groups)["test_score"]
    plain = X.reset_index(drop=True)
    with sklearn.config_context(enable_metadata_routing=True):
        on = cross_validate(
            Ridge(),
            plain,
            y,
            cv=cv,
            params={"times": X.index, "groups": groups},
        )["test_score"]
        end_times = X.index + pd.Timedelta("3D")
        on_ends = cross_validate(
            Ridge(),
            plain,
            y,
            cv=CombinatorialPurgedCV(4, 2),
            params={"times": X.index, "end_times": end_times, "groups": groups},
        )["test_score"]
    np.testing.assert_allclose(on, off)
    np.testing.assert_allclose(on_ends, off)
    assert len(off) == 6


def test_nested_cv_with_routed_times():
    X, y, _ = _data(n=150)
    plain = X.reset_index(drop=True)
    inner = CombinatorialPurgedCV(4, 2, horizon="2D")
    outer = CombinatorialPurgedCV(3, 1, horizon="2D")
    with sklearn.config_context(enable_metadata_routing=True):
        search = GridSearchCV(Ridge(), {"alpha": [0.1, 1.0]}, cv=inner)
        scores = cross_val_score(
            search, plain, y, cv=outer, params={"times": X.index.to_numpy()}
        )
    # Without routing the times come from the index: the same numbers.
    search = GridSearchCV(Ridge(), {"alpha": [0.1, 1.0]}, cv=inner)
    assert np.allclose(scores, cross_val_score(search, X, y, cv=outer))
    assert scores.shape == (3,)


def test_classifier_in_grid_search_with_groups():
    X, y, groups = _data()
    labels = (y > 0).astype(int)
    cv = CombinatorialPurgedCV(4, 2)
    search = GridSearchCV(LogisticRegression(), {"C": [0.1, 1.0]}, cv=cv)
    search.fit(X, labels, groups=groups)
    assert np.isfinite(search.best_score_)
