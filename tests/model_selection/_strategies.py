"""Hypothesis strategies and helpers shared by the splitter tests.

A *panel* is a random time-ordered data set: a few periods (distinct times, spaced
unevenly), one to three rows per period (ties), rows shuffled, optional per-sample
end times and optional entity groups. Times are ints, floats, naive datetimes or
time-zone aware datetimes (across a daylight-saving change).
"""

import re

import numpy as np
import pandas as pd
from hypothesis import strategies as st

KINDS = ("int", "float", "datetime", "datetime_tz")
STEP = pd.Timedelta("12h")
NAIVE_BASE = pd.Timestamp("2024-03-20")
AWARE_BASE = pd.Timestamp("2024-03-28", tz="Europe/Paris")  # DST on 2024-03-31
# Durations are multiples of the 12-hour step, so window and embargo bounds often
# fall exactly on a period (the closed/open ends matter).
DURATIONS = ("12h", "1D", "36h", "2D", "3D", pd.Timedelta("5D"))


# --- messages the tests pin: what is wrong and what to do -------------------------

EMBARGO_FRACTION = re.escape(
    "embargo given as a float is a fraction of all periods and must lie in (0, 1)"
)


def empty_training_set(splitter):
    """The refusal of a split left without training samples: the splitter, the
    split, what removed them and what to change."""
    return (
        rf"^{splitter}: split \d+ would have an empty training set \(.+\)\. "
        + re.escape(
            "Use fewer splits, a shorter horizon, gap or embargo, entities (groups) "
            "that span fewer rows, or more data (more distinct times)."
        )
        + "$"
    )


def is_datetime(kind):
    return kind.startswith("datetime")


def make_times(kind, offsets):
    """Python scalars for integer offsets: the reference works on these."""
    if kind == "int":
        return [int(o) for o in offsets]
    if kind == "float":
        return [o / 4 for o in offsets]
    base = NAIVE_BASE if kind == "datetime" else AWARE_BASE
    return [base + int(o) * STEP for o in offsets]


def make_lags(kind, lags):
    if kind == "int":
        return [int(lag) for lag in lags]
    if kind == "float":
        return [lag / 4 for lag in lags]
    return [int(lag) * STEP for lag in lags]


def to_array(kind, values):
    """The container handed to the splitter."""
    if is_datetime(kind):
        return pd.DatetimeIndex(values)
    return np.asarray(values)


@st.composite
def panels(
    draw, min_periods=2, max_periods=12, max_rows_per_period=3, spread=4, kinds=KINDS
):
    """A random panel: times, end times (or None), groups (or None).

    The periods are drawn among ``spread * max_periods`` evenly spaced slots.
    """
    kind = draw(st.sampled_from(kinds))
    n_periods = draw(st.integers(min_periods, max_periods))
    offsets = sorted(
        draw(
            st.sets(
                st.integers(0, spread * max_periods),
                min_size=n_periods,
                max_size=n_periods,
            )
        )
    )
    counts = draw(
        st.lists(
            st.integers(1, max_rows_per_period),
            min_size=n_periods,
            max_size=n_periods,
        )
    )
    row_offsets = [o for o, c in zip(offsets, counts) for _ in range(c)]
    n = len(row_offsets)
    order = draw(st.permutations(range(n)))
    row_offsets = [row_offsets[i] for i in order]
    times = make_times(kind, row_offsets)
    end_times = None
    if draw(st.booleans()):
        lags = draw(
            st.lists(st.sampled_from([0, 0, 1, 2, 3, 5, 9]), min_size=n, max_size=n)
        )
        end_times = [t + lag for t, lag in zip(times, make_lags(kind, lags))]
    groups = None
    if draw(st.booleans()):
        groups = draw(st.lists(st.integers(0, 14), min_size=n, max_size=n))
    return {
        "kind": kind,
        "times": times,
        "end_times": end_times,
        "groups": groups,
        "n": n,
        "n_periods": n_periods,
    }


def horizons(kind):
    """Horizon values valid for the kind of times."""
    ints = st.integers(0, 3)
    if is_datetime(kind):
        return st.one_of(ints, st.sampled_from(("0D",) + DURATIONS))
    return ints


def embargos(kind):
    """Embargo values of every kind valid for the kind of times."""
    ints = st.integers(0, 3)
    fractions = st.sampled_from([0.05, 0.1, 0.2, 0.25, 0.3, 0.5, 0.7])
    if is_datetime(kind):
        return st.one_of(ints, fractions, st.sampled_from(DURATIONS))
    return st.one_of(ints, fractions)


def split_kwargs(panel):
    """Keyword arguments of ``split`` for a panel."""
    kwargs = {"times": to_array(panel["kind"], panel["times"])}
    if panel["end_times"] is not None:
        kwargs["end_times"] = to_array(panel["kind"], panel["end_times"])
    if panel["groups"] is not None:
        kwargs["groups"] = np.asarray(panel["groups"])
    return kwargs


def as_lists(splits):
    return [(list(map(int, train)), list(map(int, test))) for train, test in splits]


def run(cv, X, **kwargs):
    """The splits as lists, or the ValueError raised."""
    try:
        return as_lists(cv.split(X, **kwargs))
    except ValueError as exc:
        return exc


def check_arrays(splits):
    """Each yielded array is 1-D, of integer dtype, sorted strictly ascending."""
    for train, test in splits:
        for a in (train, test):
            assert isinstance(a, np.ndarray)
            assert a.ndim == 1
            assert np.issubdtype(a.dtype, np.integer), a.dtype
            assert np.all(np.diff(a) > 0)
        assert len(test) > 0
        assert len(train) > 0


def large_panel(seed, n, kind="int", with_end_times=True, with_groups=False):
    """A panel of ``n`` rows (several thousand): many periods with ties, unsorted,
    mostly short labels and a few that reach far ahead, so that work the splitters
    do in chunks of rows is checked across chunk boundaries."""
    rng = np.random.default_rng(seed)
    n_periods = int(rng.integers(n // 20, n // 2))
    period_values = np.sort(rng.choice(5 * n_periods, n_periods, replace=False))
    offsets = rng.choice(period_values, n)
    lags = rng.geometric(0.4, n) - 1
    long = rng.random(n) < 0.002
    lags[long] = rng.integers(0, 5 * n_periods, long.sum())
    times = make_times(kind, offsets.tolist())
    panel = {
        "kind": kind,
        "times": times,
        "end_times": None,
        "groups": None,
        "n": n,
        "n_periods": n_periods,
    }
    if with_end_times:
        panel["end_times"] = [t + lag for t, lag in zip(times, make_lags(kind, lags))]
    if with_groups:
        panel["groups"] = rng.integers(0, n // 10, n).tolist()
    return panel


def assert_permutation_equivariant(cv, panel, random):
    """Shuffling the input rows permutes the output and changes nothing else."""
    n = panel["n"]
    X = np.arange(n).reshape(-1, 1)
    base = run(cv, X, **split_kwargs(panel))
    perm = list(range(n))
    random.shuffle(perm)

    def permuted(values):
        return None if values is None else [values[p] for p in perm]

    shuffled = {
        **panel,
        "times": permuted(panel["times"]),
        "end_times": permuted(panel["end_times"]),
        "groups": permuted(panel["groups"]),
    }
    got = run(cv, X[perm], **split_kwargs(shuffled))
    if isinstance(base, ValueError):
        assert isinstance(got, ValueError)
        return
    perm = np.array(perm)
    assert len(got) == len(base)
    for (train, test), (train0, test0) in zip(got, base):
        assert sorted(perm[train].tolist()) == train0
        assert sorted(perm[test].tolist()) == test0


def assert_matches(want, cv, panel):
    """``cv`` splits ``panel`` as ``want`` says, or refuses it as ``want`` does."""
    got = run(cv, np.zeros((panel["n"], 1)), **split_kwargs(panel))
    if isinstance(want, ValueError):
        assert isinstance(got, ValueError), (want, got)
    else:
        assert got == want


@st.composite
def large_panels(draw):
    """Panels of thousands of rows (see :func:`large_panel`), of int or datetime
    times, with or without end times and entity groups."""
    return large_panel(
        draw(st.integers(0, 2**32 - 1)),
        draw(st.integers(4500, 14000)),
        draw(st.sampled_from(["int", "datetime"])),
        draw(st.booleans()),
        draw(st.booleans()),
    )


# --- random cases of each splitter: (panel, constructor parameters) ---------------


@st.composite
def purged_cases(draw):
    """A panel and parameters of ``PurgedKFold``."""
    panel = draw(panels())
    kind = panel["kind"]
    horizon = 0 if panel["end_times"] is not None else draw(horizons(kind))
    params = {
        "n_splits": draw(st.integers(2, 5)),
        "horizon": horizon,
        "embargo": draw(embargos(kind)),
    }
    return panel, params


@st.composite
def walk_forward_cases(draw):
    """A panel and parameters of ``WalkForward``: test windows by default, of a
    number of periods or of a duration; gaps and training sizes of both kinds."""
    test_kind = draw(st.sampled_from(["default", "periods", "duration"]))
    panel = draw(
        panels(
            min_periods=5,
            max_periods=16,
            spread=draw(st.sampled_from([1, 2])),
            kinds=("datetime", "datetime_tz") if test_kind == "duration" else KINDS,
        )
    )
    kind = panel["kind"]
    durations = st.sampled_from(DURATIONS)
    dated = is_datetime(kind)
    test_size = {
        "default": None,
        "periods": draw(st.integers(1, 3)),
        "duration": draw(st.sampled_from(("12h", "1D", "36h", "2D", "3D"))),
    }[test_kind]
    gap = draw(st.one_of(st.integers(0, 2), durations) if dated else st.integers(0, 2))
    # A train_size duration counts back from first_test_time - gap, which needs
    # the gap as a duration too (or no gap).
    sizes = [st.none(), st.integers(1, 5)]
    if dated and (gap == 0 or isinstance(gap, str | pd.Timedelta)):
        sizes.append(durations)
    train_size = draw(st.one_of(*sizes))
    horizon = 0 if panel["end_times"] is not None else draw(horizons(kind))
    params = {
        "n_splits": draw(st.integers(2, 4)),
        "test_size": test_size,
        "train_size": train_size,
        "gap": gap,
        "horizon": horizon,
    }
    return panel, params


@st.composite
def cpcv_cases(draw):
    """A panel and parameters of ``CombinatorialPurgedCV``."""
    panel = draw(panels(min_periods=2, max_periods=12))
    if panel["groups"] is not None and draw(st.booleans()):
        # More entities than the shared strategy draws, so that some survive.
        n = panel["n"]
        panel["groups"] = draw(st.lists(st.integers(0, 30), min_size=n, max_size=n))
    kind = panel["kind"]
    n_groups = draw(st.sampled_from(range(2, min(6, panel["n_periods"]) + 1)))
    params = {
        "n_groups": n_groups,
        "n_test_groups": draw(st.sampled_from(range(1, n_groups))),
        "horizon": 0 if panel["end_times"] is not None else draw(horizons(kind)),
        "embargo": draw(embargos(kind)),
    }
    return panel, params


BUCKET_BASE = pd.Timestamp("2024-01-01")


@st.composite
def bucket_cases(draw):
    """Random time buckets for ``GroupTimeSeriesSplit`` and its parameters.

    The case holds the bucket labels (ints, strings or dates) as ``groups``,
    optional times and end times, rows shuffled. Without times, the sorted labels
    are the time order; with times, the labels are in any order.
    """
    n_buckets = draw(st.integers(2, 10))
    sizes = draw(st.lists(st.integers(1, 3), min_size=n_buckets, max_size=n_buckets))
    with_times = draw(st.booleans())
    label_kind = draw(st.sampled_from(["int", "str", "date"]))
    if with_times:
        # Any labels: the times order the buckets. Each bucket spans a few days.
        pool = draw(st.permutations(range(n_buckets)))
    else:
        pool = list(range(n_buckets))  # sorted labels are the time order
    if label_kind == "str":
        labels = [f"era{p:02d}" for p in pool]
    elif label_kind == "date":
        labels = [BUCKET_BASE + pd.Timedelta(days=7 * p) for p in pool]
    else:
        labels = [10 * p + 3 for p in pool]
    groups, times = [], []
    for b, size in enumerate(sizes):
        for _ in range(size):
            groups.append(labels[b])
            times.append(
                BUCKET_BASE + pd.Timedelta(days=10 * b + draw(st.integers(0, 4)))
            )
    n = len(groups)
    order = draw(st.permutations(range(n)))
    groups = [groups[i] for i in order]
    times = [times[i] for i in order] if with_times else None
    end_times = None
    if with_times and draw(st.sampled_from([True, True, False])):
        lags = draw(
            st.lists(st.sampled_from([0, 0, 6, 12, 25]), min_size=n, max_size=n)
        )
        end_times = [t + pd.Timedelta(days=lag) for t, lag in zip(times, lags)]
    params = {
        "n_splits": draw(st.integers(2, 4)),
        "test_size": draw(st.integers(1, 2)),
        "train_size": draw(st.one_of(st.none(), st.integers(1, 3))),
        "gap": draw(st.integers(0, 2)),
    }
    return {"groups": groups, "times": times, "end_times": end_times, "n": n}, params


def bucket_split_kwargs(case):
    """Keyword arguments of ``split`` for a case of :func:`bucket_cases`."""
    groups = case["groups"]
    kwargs = {
        "groups": pd.Series(groups)
        if isinstance(groups[0], str)
        else np.asarray(groups)
    }
    if case["times"] is not None:
        kwargs["times"] = pd.DatetimeIndex(case["times"])
    if case["end_times"] is not None:
        kwargs["end_times"] = pd.DatetimeIndex(case["end_times"])
    return kwargs
