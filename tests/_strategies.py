"""Hypothesis strategies and helpers shared by the splitter tests.

A *panel* is a random time-ordered data set: a few periods (distinct times, spaced
unevenly), one to three rows per period (ties), rows shuffled, optional per-sample
end times and optional entity groups. Times are ints, floats, naive datetimes or
time-zone aware datetimes (across a daylight-saving change).
"""

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
