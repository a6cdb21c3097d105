"""What every splitter promises, whatever it splits by.

Each splitter is checked in a few configurations (horizon, embargo, gap, label end
times, entity groups, time buckets, a time column), on numpy inputs (times passed
to ``split``), on pandas inputs (times from a ``DatetimeIndex`` or a column) and on
polars inputs (times passed as a Series, or from a column), and by row order:

- pickle and ``sklearn.base.clone`` keep the parameters, the repr and the splits;
- the repr is scikit-learn's and shows every constructor parameter;
- ``split`` is deterministic, yields sorted, disjoint, in-range integer arrays and
  changes neither the splitter's parameters nor its inputs;
- ``get_n_splits`` is right before any ``split``, after it, and counts the splits;
- ``split`` requests ``groups``, ``times`` and ``end_times`` under metadata routing,
  and the splitter works in ``cross_val_score`` and ``GridSearchCV``, with routing
  on and off and with ``n_jobs=2``;
- ``describe_splits`` agrees with ``split``.

The same promises are then checked on random panels of each splitter (the cases of
its own property tests), where ``split`` may also refuse the input.
"""

import copy
import gc
import inspect
import math
import pickle
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pytest
import sklearn
from _strategies import (
    bucket_cases,
    bucket_split_kwargs,
    check_arrays,
    cpcv_cases,
    purged_cases,
    split_kwargs,
    walk_forward_cases,
)
from _strategies_cutoff import explicit_cases, frequency_cases
from hypothesis import given, settings
from sklearn.base import clone
from sklearn.linear_model import Ridge
from sklearn.model_selection import BaseCrossValidator, GridSearchCV, cross_val_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer

from safesplit import (
    CombinatorialPurgedCV,
    CutoffSplit,
    GroupTimeSeriesSplit,
    PurgedKFold,
    WalkForward,
    describe_splits,
)
from safesplit.model_selection import _base, _time
from safesplit.model_selection._base import BaseTimeSplitter
from safesplit.model_selection._engine import TEST, TRAIN, roles_in_input_order

ROLE_COUNTS = [
    "n_train",
    "n_test",
    "n_purged",
    "n_embargoed",
    "n_group_removed",
    "n_unused",
]


@dataclass(frozen=True)
class Config:
    """A splitter configuration: a factory, so that every test gets a fresh
    instance, and the split metadata it is given."""

    name: str
    make: object
    end_times: bool = False
    groups: str | None = None  # "entities" or "buckets"
    time_column: bool = False
    rows: bool = False  # also split by row order (no times at all)
    only_rows: bool = False  # split by row order only (cutoffs that are rows)

    @property
    def kinds(self):
        """The input kinds it is checked on: a time column needs a data frame."""
        return ("pandas", "polars") if self.time_column else INPUT_KINDS


CONFIGS = [
    Config("PurgedKFold", PurgedKFold, rows=True),
    Config(
        "PurgedKFold-horizon-embargo", lambda: PurgedKFold(4, horizon="2D", embargo=1)
    ),
    Config(
        "PurgedKFold-end_times-entities",
        lambda: PurgedKFold(3, embargo=0.1),
        end_times=True,
        groups="entities",
    ),
    Config(
        "PurgedKFold-time_column",
        lambda: PurgedKFold(
            3, horizon=pd.Timedelta("1D"), embargo="2D", time_column="t"
        ),
        time_column=True,
    ),
    Config("WalkForward", WalkForward, rows=True),
    Config(
        "WalkForward-periods-entities",
        lambda: WalkForward(3, test_size=5, train_size=20, gap=2, horizon=1),
        groups="entities",
        rows=True,
    ),
    Config(
        "WalkForward-durations-end_times",
        lambda: WalkForward(3, test_size="2D", train_size=pd.Timedelta("5D"), gap="1D"),
        end_times=True,
    ),
    Config(
        "WalkForward-time_column",
        lambda: WalkForward(2, test_size=3, gap=1, horizon="1D", time_column="t"),
        time_column=True,
    ),
    Config("CombinatorialPurgedCV", CombinatorialPurgedCV, rows=True),
    Config(
        "CombinatorialPurgedCV-horizon-embargo-entities",
        lambda: CombinatorialPurgedCV(4, 2, horizon="2D", embargo=0.1),
        groups="entities",
    ),
    Config(
        "CombinatorialPurgedCV-end_times-time_column",
        lambda: CombinatorialPurgedCV(5, 2, embargo="1D", time_column="t"),
        end_times=True,
        time_column=True,
    ),
    Config(
        "GroupTimeSeriesSplit",
        lambda: GroupTimeSeriesSplit(3),
        groups="buckets",
        rows=True,
    ),
    Config(
        "GroupTimeSeriesSplit-sizes-gap-end_times",
        lambda: GroupTimeSeriesSplit(3, test_size=2, train_size=4, gap=1),
        end_times=True,
        groups="buckets",
    ),
    # Cutoffs within the first 40 days, which a nested split is given.
    Config(
        "CutoffSplit-weekly",
        lambda: CutoffSplit("W-MON", start="2024-01-08", end="2024-01-29"),
    ),
    Config(
        "CutoffSplit-explicit-sizes-entities",
        lambda: CutoffSplit(
            ["2024-01-10", "2024-01-20", "2024-01-30"],
            test_size="7D",
            train_size=pd.Timedelta("8D"),
            gap=1,
            horizon="1D",
        ),
        groups="entities",
    ),
    Config(
        "CutoffSplit-semimonthly-end_times",
        lambda: CutoffSplit(
            "SMS", start="2024-01-15", end="2024-02-01", test_size=10, gap="2D"
        ),
        end_times=True,
    ),
    Config(
        "CutoffSplit-time_column",
        lambda: CutoffSplit(
            pd.to_datetime(["2024-01-20", "2024-02-01"]),
            test_size=3,
            horizon="1D",
            time_column="t",
        ),
        time_column=True,
    ),
    Config(
        "CutoffSplit-rows",
        lambda: CutoffSplit([30, 50, 70], test_size=10, gap=2),
        only_rows=True,
    ),
]

SPLITTERS = [
    PurgedKFold,
    WalkForward,
    CombinatorialPurgedCV,
    GroupTimeSeriesSplit,
    CutoffSplit,
]
# The arguments a splitter cannot be made without.
REQUIRED = {CutoffSplit: ("MS",)}
# A parameter checked for its type: name, a bad value, the start of the
# TypeError, a good value (n_splits=3 where not listed).
TYPED_PARAMETER = {
    CombinatorialPurgedCV: ("n_groups", "3", "n_groups must be an int, got str", 3),
    CutoffSplit: ("skip_empty", "3", "skip_empty must be True or False, got str", True),
}
# The kinds of tests/conftest.py's ``input_kind``, which these cases pick from.
INPUT_KINDS = ("numpy", "pandas", "polars")


def default_instance(splitter):
    return splitter(*REQUIRED.get(splitter, ()))


# --- the data --------------------------------------------------------------------

N_DAYS, ROWS_PER_DAY = 60, 2


@dataclass
class Inputs:
    """What ``split`` is given (X, y and keyword arguments) and the times it
    should read."""

    X: object
    y: object
    kwargs: dict
    times: pd.Index

    @property
    def n(self):
        return len(self.times)


def make_inputs(config, kind, as_kind, by_rows=False, seed=0):
    """Two rows a day for 60 days, rows shuffled (in time order ``by_rows``);
    labels end 0 to 3 days later; entities active for 4 days; time buckets of 5
    days. ``kind`` is the input kind; times come from a ``DatetimeIndex`` or a
    time column in pandas, from a time column in polars, else from ``times=``."""
    rng = np.random.default_rng(seed)
    n = N_DAYS * ROWS_PER_DAY
    order = rng.permutation(n) if not by_rows else np.arange(n)
    day = (np.arange(n) // ROWS_PER_DAY)[order]
    times = pd.Timestamp("2024-01-01") + pd.to_timedelta(day, unit="D")
    end_times = times + pd.to_timedelta(rng.integers(0, 4, n), unit="D")
    entities = (day // 4) * 2 + order % 2
    buckets = day // 5
    values = pd.DataFrame(rng.normal(size=(n, 3)), columns=["a", "b", "c"])
    target = pd.Series(values.to_numpy() @ [1.0, -0.5, 0.25])
    target += rng.normal(scale=0.3, size=n)
    groups = {"entities": entities, "buckets": buckets, None: None}[config.groups]
    groups = None if groups is None else pd.Series(groups)
    if by_rows:
        # Each row is a period; buckets are ordered by their labels.
        kwargs = {} if groups is None else {"groups": as_kind(groups, kind)}
        read = buckets if config.groups == "buckets" else np.arange(n)
        return Inputs(
            as_kind(values, kind), as_kind(target, kind), kwargs, pd.Index(read)
        )
    kwargs = {"end_times": pd.Series(end_times) if config.end_times else None}
    kwargs["groups"] = groups
    if config.time_column:
        # The column supplies the times; the index is not a time index.
        values = values.assign(t=times)
    elif kind == "pandas":
        values.index = times
    else:
        kwargs["times"] = pd.Series(times)
    if kind == "pandas":
        target.index = values.index
        for value in kwargs.values():
            if value is not None:
                value.index = values.index
    kwargs = {
        key: as_kind(value, kind) for key, value in kwargs.items() if value is not None
    }
    return Inputs(as_kind(values, kind), as_kind(target, kind), kwargs, times)


def cases():
    """(config, input kind, by row order) triples: every kind a configuration
    takes, and row order (no times at all) for those that need no times."""
    for config in CONFIGS:
        for kind in config.kinds:
            if not config.only_rows:
                yield pytest.param(config, kind, False, id=f"{config.name}-{kind}")
            if config.rows or config.only_rows:
                yield pytest.param(config, kind, True, id=f"{config.name}-{kind}-rows")


CASES = list(cases())
PARAMETRIZE_CASES = pytest.mark.parametrize(
    "config, input_kind, by_rows", CASES, indirect=["input_kind"]
)


def copies(inputs):
    return copy.deepcopy((inputs.X, inputs.y, inputs.kwargs))


def assert_same_value(a, b):
    assert type(a) is type(b)
    if isinstance(a, pd.DataFrame):
        pd.testing.assert_frame_equal(a, b)
    elif isinstance(a, pd.Series):
        pd.testing.assert_series_equal(a, b)
    elif isinstance(a, pd.Index):
        pd.testing.assert_index_equal(a, b)
    elif type(a).__module__.startswith("polars."):
        assert a.equals(b)
    else:
        assert a.dtype == b.dtype
        np.testing.assert_array_equal(a, b)


def assert_inputs_unchanged(inputs, before):
    X, y, kwargs = before
    assert_same_value(inputs.X, X)
    assert_same_value(inputs.y, y)
    assert inputs.kwargs.keys() == kwargs.keys()
    for key, value in kwargs.items():
        assert_same_value(inputs.kwargs[key], value)


def assert_same_splits(got, want):
    assert len(got) == len(want)
    for (train, test), (train0, test0) in zip(got, want):
        for a, b in ((train, train0), (test, test0)):
            assert a.dtype == b.dtype
            np.testing.assert_array_equal(a, b)


def splits_of(cv, inputs):
    return list(cv.split(inputs.X, inputs.y, **inputs.kwargs))


def assert_well_formed(splits, n):
    """Pairs of sorted 1-D integer arrays, non-empty, disjoint, within range."""
    for pair in splits:
        assert isinstance(pair, tuple) and len(pair) == 2
    check_arrays(splits)
    for train, test in splits:
        assert not np.intersect1d(train, test).size
        assert train[0] >= 0 and test[0] >= 0
        assert train[-1] < n and test[-1] < n


def assert_same_params(got, want):
    """Equal parameters, array-likes (cutoff times) compared element-wise."""
    assert got.keys() == want.keys()
    for name, value in want.items():
        if isinstance(value, np.ndarray | pd.Index):
            assert type(got[name]) is type(value), name
            np.testing.assert_array_equal(got[name], value)
        else:
            assert got[name] == value, name


def constructor_params(cv):
    names = inspect.signature(type(cv).__init__).parameters
    return {name: getattr(cv, name) for name in names if name != "self"}


# --- the estimator-like surface ---------------------------------------------------


@pytest.mark.parametrize("config", CONFIGS, ids=lambda c: c.name)
def test_is_a_scikit_learn_cross_validator(config):
    cv = config.make()
    assert isinstance(cv, BaseTimeSplitter)
    assert isinstance(cv, BaseCrossValidator)


@pytest.mark.parametrize("config", CONFIGS, ids=lambda c: c.name)
def test_repr_shows_every_constructor_parameter(config):
    cv = config.make()
    flat = re.sub(r"\s+", "", repr(cv))
    assert flat.startswith(f"{type(cv).__name__}(")
    for name, value in constructor_params(cv).items():
        assert re.sub(r"\s+", "", f"{name}={value!r}") in flat


@pytest.mark.parametrize(
    "cv, want",
    [
        (
            PurgedKFold(),
            "PurgedKFold(embargo=0, horizon=0, n_splits=5, time_column=None)",
        ),
        (
            PurgedKFold(3, horizon="5D", embargo=0.01, time_column="t"),
            "PurgedKFold(embargo=0.01, horizon='5D', n_splits=3, time_column='t')",
        ),
        # scikit-learn's splitter repr: parameters sorted, wrapped as its pprint does.
        (
            WalkForward(),
            "WalkForward(gap=0, horizon=0, n_splits=5, test_size=None, "
            "time_column=None,\n      train_size=None)",
        ),
        (
            WalkForward(3, test_size="30D", train_size=100, gap="2D"),
            "WalkForward(gap='2D', horizon=0, n_splits=3, test_size='30D',"
            "\n      time_column=None, train_size=100)",
        ),
        (
            CombinatorialPurgedCV(),
            "CombinatorialPurgedCV(embargo=0, horizon=0, n_groups=6, n_test_groups=2,"
            "\n           time_column=None)",
        ),
        (
            GroupTimeSeriesSplit(),
            "GroupTimeSeriesSplit(gap=0, n_splits=5, test_size=1, train_size=None)",
        ),
        (
            CutoffSplit("MS"),
            "CutoffSplit(cutoffs='MS', end=None, gap=0, horizon=0, skip_empty=False,"
            "\n      start=None, test_size=None, time_column=None, train_size=None)",
        ),
    ],
    ids=lambda value: value if isinstance(value, str) else type(value).__name__,
)
def test_repr_is_scikit_learn_style(cv, want):
    assert repr(cv) == want


@PARAMETRIZE_CASES
def test_pickle_round_trip(config, input_kind, by_rows, as_kind):
    cv = config.make()
    inputs = make_inputs(config, input_kind, as_kind, by_rows)
    again = pickle.loads(pickle.dumps(cv))
    assert type(again) is type(cv)
    assert repr(again) == repr(cv)
    assert_same_params(vars(again), vars(cv))
    assert_same_splits(splits_of(again, inputs), splits_of(cv, inputs))


@PARAMETRIZE_CASES
def test_clone_has_the_same_repr_and_splits(config, input_kind, by_rows, as_kind):
    cv = config.make()
    inputs = make_inputs(config, input_kind, as_kind, by_rows)
    splits = splits_of(cv, inputs)
    # Like scikit-learn's own splitters, these have no get_params: clone copies
    # them only when not asked to be safe (see the test below).
    twin = clone(cv, safe=False)
    assert twin is not cv and type(twin) is type(cv)
    assert repr(twin) == repr(cv)
    assert_same_params(constructor_params(twin), constructor_params(cv))
    assert_same_splits(splits_of(twin, inputs), splits)


@pytest.mark.parametrize("splitter", SPLITTERS, ids=lambda s: s.__name__)
def test_clone_without_safe_false(splitter):
    cv = default_instance(splitter)
    assert repr(clone(cv)) == repr(cv)
    assert clone(cv).get_params() == cv.get_params()


@pytest.mark.parametrize("splitter", SPLITTERS, ids=lambda s: s.__name__)
def test_set_params_validates_at_once(splitter):
    cv = default_instance(splitter)
    with pytest.raises(ValueError, match="^Invalid parameter 'shuffle' for splitter"):
        cv.set_params(shuffle=True)
    name, bad, message, good = TYPED_PARAMETER.get(
        splitter, ("n_splits", "3", "n_splits must be an int, got str", 3)
    )
    with pytest.raises(TypeError, match=f"^{message}"):
        cv.set_params(**{name: bad})
    assert cv.set_params(**{name: good}) is cv and cv.get_params()[name] == good


@PARAMETRIZE_CASES
def test_split_is_deterministic_and_well_formed(config, input_kind, by_rows, as_kind):
    cv = config.make()
    inputs = make_inputs(config, input_kind, as_kind, by_rows)
    first = splits_of(cv, inputs)
    assert_well_formed(first, inputs.n)
    assert_same_splits(splits_of(cv, inputs), first)


@PARAMETRIZE_CASES
def test_get_n_splits_before_and_after_split(config, input_kind, by_rows, as_kind):
    inputs = make_inputs(config, input_kind, as_kind, by_rows)
    fresh = config.make().get_n_splits()
    cv = config.make()
    assert cv.get_n_splits() == fresh
    # Any arguments scikit-learn passes are accepted and change nothing.
    assert cv.get_n_splits(np.zeros((3, 1))) == fresh
    assert cv.get_n_splits(inputs.X, inputs.y, **inputs.kwargs) == fresh
    assert len(splits_of(cv, inputs)) == fresh
    assert cv.get_n_splits() == fresh
    assert cv.get_n_splits(inputs.X, inputs.y, **inputs.kwargs) == fresh


@PARAMETRIZE_CASES
def test_split_changes_neither_the_params_nor_the_inputs(
    config, input_kind, by_rows, as_kind
):
    cv = config.make()
    inputs = make_inputs(config, input_kind, as_kind, by_rows)
    state = copy.deepcopy(vars(cv))
    values = dict(vars(cv))
    text = repr(cv)
    params = copy.deepcopy(constructor_params(cv))
    before = copies(inputs)
    splits_of(cv, inputs)
    describe_splits(cv, inputs.X, inputs.y, **inputs.kwargs)
    # The first 40 days (as an inner splitter of nested CV gets a part).
    rows = np.arange(inputs.n * 2 // 3)
    if not by_rows:
        rows = np.flatnonzero(inputs.times < inputs.times.min() + pd.Timedelta("40D"))
    subset = Inputs(
        take(inputs.X, rows),
        take(inputs.y, rows),
        {key: take(value, rows) for key, value in inputs.kwargs.items()},
        inputs.times[rows],
    )
    splits_of(cv, subset)
    assert_inputs_unchanged(inputs, before)
    # Nothing filled in, replaced or added: the very same parameter objects.
    assert_same_params(vars(cv), state)
    assert all(getattr(cv, name) is value for name, value in values.items())
    assert repr(cv) == text
    assert_same_params(constructor_params(cv), params)


@PARAMETRIZE_CASES
def test_split_leaves_no_reference_cycle(config, input_kind, by_rows, as_kind):
    """What a split builds is freed as soon as the caller drops it: no reference
    cycle keeps the time model's arrays alive until the cyclic garbage collector
    happens to run (rarely, as splitting makes few Python objects; arrays of a
    few bytes a row each, at every call)."""
    cv = config.make()
    inputs = make_inputs(config, input_kind, as_kind, by_rows)
    gc.collect()
    gc.disable()
    try:
        splits_of(cv, inputs)
        gc.set_debug(gc.DEBUG_SAVEALL)
        gc.collect()
        ours = [
            type(obj).__qualname__
            for obj in gc.garbage
            if type(obj).__module__.startswith("safesplit")
        ]
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.enable()
    assert not ours


class _PoisonedNumpy:
    """numpy, except that ``empty`` hands out roles that all say TRAIN."""

    def __getattr__(self, name):
        return getattr(np, name)

    @staticmethod
    def empty(shape, dtype=float):
        return np.full(shape, TRAIN, dtype=dtype)


@PARAMETRIZE_CASES
def test_split_reads_the_reused_roles_only_where_it_wrote_them(
    config, input_kind, by_rows, as_kind, monkeypatch
):
    """``split`` writes each split's roles into one buffer, only in the windows it
    scans; a buffer whose every other entry says TRAIN changes nothing: the splits
    are those of the roles written whole."""
    cv = config.make()
    inputs = make_inputs(config, input_kind, as_kind, by_rows)
    want = [
        tuple(
            np.flatnonzero(roles_in_input_order(timeline, roles) == role)
            for role in (TRAIN, TEST)
        )
        for timeline, roles in cv._iter_roles(inputs.X, inputs.y, **inputs.kwargs)
    ]
    monkeypatch.setattr(_base, "np", _PoisonedNumpy())
    got = splits_of(cv, inputs)
    assert len(got) == len(want)
    for (train, test), (train0, test0) in zip(got, want):
        np.testing.assert_array_equal(train, train0)
        np.testing.assert_array_equal(test, test0)


@PARAMETRIZE_CASES
def test_window_rows_from_the_codes_or_the_order_give_the_same_splits(
    config, input_kind, by_rows, as_kind, monkeypatch
):
    """On unsorted input a purge window's rows come from the period codes until
    that would cost more than sorting, then from the order: either way alone, the
    same splits."""
    cv = config.make()
    inputs = make_inputs(config, input_kind, as_kind, by_rows)
    monkeypatch.setattr(_time, "_PASSES_PER_SORT", 0)
    through_the_order = splits_of(cv, inputs)
    monkeypatch.setattr(_time, "_PASSES_PER_SORT", 10**9)
    assert_same_splits(splits_of(cv, inputs), through_the_order)


# --- scikit-learn integration -----------------------------------------------------


@pytest.mark.parametrize("splitter", SPLITTERS, ids=lambda s: s.__name__)
def test_split_requests_groups_times_and_end_times(splitter):
    requests = default_instance(splitter).get_metadata_routing().split.requests
    assert requests == {"groups": True, "times": True, "end_times": True}


def model_and_grid(config):
    """Ridge, behind a step that drops the time column when X has one."""
    if not config.time_column:
        return Ridge(), {"alpha": [1.0, 10.0]}
    # Not a ColumnTransformer: scikit-learn 1.6's cannot take polars frames by
    # column name.
    drop = FunctionTransformer(_feature_columns)
    return make_pipeline(drop, Ridge()), {"ridge__alpha": [1.0, 10.0]}


def _feature_columns(X):
    """The features of a pandas or polars frame, without its time column."""
    return np.asarray(X[["a", "b", "c"]], dtype=np.float64)


def take(data, rows):
    return data.iloc[rows] if hasattr(data, "iloc") else data[rows]


def manual_scores(model, inputs, splits):
    scores = []
    for train, test in splits:
        fitted = clone(model).fit(take(inputs.X, train), take(inputs.y, train))
        scores.append(fitted.score(take(inputs.X, test), take(inputs.y, test)))
    return np.array(scores)


@PARAMETRIZE_CASES
def test_cross_val_score_and_grid_search(config, input_kind, by_rows, as_kind):
    cv = config.make()
    inputs = make_inputs(config, input_kind, as_kind, by_rows)
    before = copies(inputs)
    model, grid = model_and_grid(config)
    want = manual_scores(model, inputs, splits_of(cv, inputs))
    with sklearn.config_context(enable_metadata_routing=True):
        routed = [
            cross_val_score(
                model, inputs.X, inputs.y, cv=cv, params=inputs.kwargs, n_jobs=n_jobs
            )
            for n_jobs in (1, 2)
        ]
        search = GridSearchCV(model, grid, cv=cv).fit(
            inputs.X, inputs.y, **inputs.kwargs
        )
    assert np.isfinite(want).all()
    np.testing.assert_allclose(routed[0], want)
    np.testing.assert_array_equal(routed[1], routed[0])
    assert search.n_splits_ == cv.get_n_splits()
    first = [search.cv_results_[f"split{k}_test_score"][0] for k in range(len(want))]
    np.testing.assert_allclose(first, want)
    # Without routing, times come from X and only groups reach the splitter.
    if "times" not in inputs.kwargs and not config.end_times:
        groups = inputs.kwargs.get("groups")
        plain = cross_val_score(model, inputs.X, inputs.y, cv=cv, groups=groups)
        np.testing.assert_allclose(plain, want)
        search = GridSearchCV(model, grid, cv=cv).fit(inputs.X, inputs.y, groups=groups)
        assert search.n_splits_ == cv.get_n_splits()
    assert_inputs_unchanged(inputs, before)


@PARAMETRIZE_CASES
def test_describe_splits_counts_agree_with_split(config, input_kind, by_rows, as_kind):
    cv = config.make()
    inputs = make_inputs(config, input_kind, as_kind, by_rows)
    splits = splits_of(cv, inputs)
    table = describe_splits(cv, inputs.X, inputs.y, **inputs.kwargs)
    assert_describes(table, splits, inputs.n)


@PARAMETRIZE_CASES
def test_describe_splits_time_ranges_agree_with_split(
    config, input_kind, by_rows, as_kind
):
    cv = config.make()
    inputs = make_inputs(config, input_kind, as_kind, by_rows)
    splits = splits_of(cv, inputs)
    table = describe_splits(cv, inputs.X, inputs.y, **inputs.kwargs)
    assert_describes(table, splits, inputs.n, inputs.times)


def assert_describes(table, splits, n, times=None):
    """``table`` counts the splits and, given the times of the rows, dates them."""
    assert len(table) == len(splits)
    assert table.index.tolist() == list(range(len(splits)))
    assert (table[ROLE_COUNTS].sum(axis=1) == n).all()
    for (train, test), (_, row) in zip(splits, table.iterrows()):
        assert row["n_train"] == len(train)
        assert row["n_test"] == len(test)
        if times is None:
            continue
        assert row["train_start"] == min(times[i] for i in train)
        assert row["train_end"] == max(times[i] for i in train)
        assert row["test_start"] == min(times[i] for i in test)
        assert row["test_end"] == max(times[i] for i in test)


# --- the same promises on random panels -------------------------------------------


def panel_inputs(panel):
    return panel["n"], split_kwargs(panel), panel["times"]


def bucket_inputs(case):
    # The buckets' time ranges are not checked (see BUCKET_RANGES).
    return case["n"], bucket_split_kwargs(case), None


def n_splits_of(params):
    return params["n_splits"]


def n_combinations(params):
    return math.comb(params["n_groups"], params["n_test_groups"])


def n_cutoffs(params):
    cutoffs = params["cutoffs"]
    if isinstance(cutoffs, str):
        return len(pd.date_range(params["start"], params["end"], freq=cutoffs))
    return len(cutoffs)


def splitter_params(case):
    """A case of ``_strategies_cutoff`` as (panel, CutoffSplit's parameters),
    none skipped, so that the number of splits follows from the parameters."""
    panel, (given, _) = case
    return panel, {**given, "skip_empty": False}


RANDOM_CASES = [
    pytest.param(
        PurgedKFold, purged_cases(), panel_inputs, n_splits_of, id="PurgedKFold"
    ),
    pytest.param(
        WalkForward, walk_forward_cases(), panel_inputs, n_splits_of, id="WalkForward"
    ),
    pytest.param(
        CombinatorialPurgedCV,
        cpcv_cases(),
        panel_inputs,
        n_combinations,
        id="CombinatorialPurgedCV",
    ),
    pytest.param(
        GroupTimeSeriesSplit,
        bucket_cases(),
        bucket_inputs,
        n_splits_of,
        id="GroupTimeSeriesSplit",
    ),
    pytest.param(
        CutoffSplit,
        explicit_cases().map(splitter_params),
        panel_inputs,
        n_cutoffs,
        id="CutoffSplit-explicit",
    ),
    pytest.param(
        CutoffSplit,
        frequency_cases(bounded=True).map(splitter_params),
        panel_inputs,
        n_cutoffs,
        id="CutoffSplit-frequency",
    ),
]


@pytest.mark.parametrize("splitter, strategy, inputs_of, count", RANDOM_CASES)
def test_contracts_on_random_panels(splitter, strategy, inputs_of, count):
    @settings(max_examples=150, deadline=None)
    @given(strategy)
    def check(case):
        data, params = case
        n, kwargs, times = inputs_of(data)
        cv = splitter(**params)
        state = copy.deepcopy(vars(cv))
        n_splits = cv.get_n_splits()
        assert n_splits == count(params)
        X = np.zeros((n, 1))
        before = copy.deepcopy(kwargs)
        try:
            first = list(cv.split(X, **kwargs))
        except ValueError as exc:
            # Refused: the same way every time, and by describe_splits too.
            with pytest.raises(ValueError, match=f"^{re.escape(str(exc))}$"):
                list(cv.split(X, **kwargs))
            with pytest.raises(ValueError, match=f"^{re.escape(str(exc))}$"):
                describe_splits(cv, X, **kwargs)
        else:
            assert_well_formed(first, n)
            assert_same_splits(list(cv.split(X, **kwargs)), first)
            assert len(first) == n_splits
            assert_describes(describe_splits(cv, X, **kwargs), first, n, times)
        assert_same_params(vars(cv), state)
        assert cv.get_n_splits() == n_splits
        assert cv.get_n_splits(X, **kwargs) == n_splits
        for key, value in before.items():
            assert_same_value(kwargs[key], value)

    check()
