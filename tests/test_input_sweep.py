"""Every public entry point against bad and unusual input.

Each case calls one entry point with one argument changed from a sound call and
states what must happen: ``REFUSE`` (a ``ValueError`` or ``TypeError`` whose
message names the argument and says what to do) or ``SAME`` (the answer of the
sound call: the argument was only given in another form). For every call, the
arguments are compared with deep copies taken before it (nothing is mutated), and
every answer is checked for rows dropped without a word (each row is placed or
counted in the answer). ``GuardedPipeline`` keeps ``Pipeline``'s contract, so its
cases assert the outcome of a plain ``Pipeline``. Hypothesis then feeds random
odd values to each argument, where either outcome is right but nothing else is.
"""

import copy
import re
import warnings

import matplotlib
import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from sklearn.base import clone
from sklearn.linear_model import LinearRegression, LogisticRegression, Ridge
from sklearn.model_selection import TimeSeriesSplit
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from safesplit import (
    CombinatorialPurgedCV,
    Finding,
    GroupTimeSeriesSplit,
    LeakageReport,
    PurgedKFold,
    WalkForward,
    audit,
    describe_splits,
    make_guarded_pipeline,
    plot_splits,
    predict_paths,
    purged_train_test_split,
    score_paths,
    show_splits,
)
from safesplit._cli import main
from safesplit._sklearn_compat import _num_samples, _safe_indexing

matplotlib.use("Agg")

N = 40
REFUSE, SAME = "refuse", "same"
# A message says what to do with one of these verbs (or a hint of the same kind).
ADVICE = re.compile(
    r"\b(pass|use|drop|give|fill|merge|add|remove|keep|align|choose|install|wrap|"
    r"expand|cap|write|sort|make|call|reshape|enable|audit|split|see|shorten|"
    r"subtract|convert|reduce|lower|increase|"
    r"fewer|more|smaller|larger|needs?|must|expected|requires?)\b",
    re.IGNORECASE,
)


def _frame():
    rng = np.random.default_rng(0)
    return pd.DataFrame(
        {"a": rng.normal(size=N), "b": rng.normal(size=N)},
        index=pd.RangeIndex(100, 100 + N),
    )


X = _frame()
Y = pd.Series(np.arange(N) % 2, index=X.index)  # classes
Y_VALUES = pd.Series(X["a"].to_numpy() * 2 + np.arange(N) / N, index=X.index)
DAYS = pd.Series(pd.date_range("2024-01-01", periods=N, freq="D"), index=X.index)
GROUPS = pd.Series(np.arange(N) // 4, index=X.index)  # ten entities of 4 days


# --------------------------------------------------------------------------------------
# Comparing arguments before and after, and answers with answers.


_UNCOPIED = object()


def _copy(value):
    """A deep copy, or a marker for what cannot be copied (a generator)."""
    try:
        return copy.deepcopy(value)
    except TypeError:
        return _UNCOPIED


def assert_unchanged(before, after, where="argument"):
    """``after`` equals the deep copy ``before`` (NaN equal to NaN)."""
    if before is _UNCOPIED:
        return  # a one-shot iterator: consumed by design
    assert type(before) is type(after), where
    if isinstance(before, type):
        assert before is after, where
    if isinstance(before, pd.DataFrame | pd.Series | pd.Index):
        assert before.equals(after), where
        kinds = (
            (before.dtypes.tolist(), after.dtypes.tolist())
            if isinstance(before, pd.DataFrame)
            else (before.dtype, after.dtype)
        )
        assert kinds[0] == kinds[1], where
        if not isinstance(before, pd.Index):
            assert before.index.equals(after.index), where
    elif isinstance(before, np.ndarray):
        assert before.dtype == after.dtype and before.shape == after.shape, where
        assert np.array_equal(before, after, equal_nan=before.dtype.kind in "fcmM")
    elif sp.issparse(before):
        assert (before != after).nnz == 0, where
    elif isinstance(before, dict):
        assert before.keys() == after.keys(), where
        for key in before:
            assert_unchanged(before[key], after[key], f"{where}[{key!r}]")
    elif isinstance(before, list | tuple):
        assert len(before) == len(after), where
        for index, (one, two) in enumerate(zip(before, after)):
            assert_unchanged(one, two, f"{where}[{index}]")
    elif isinstance(before, type):
        pass
    elif hasattr(before, "get_params"):
        assert repr(before.get_params()) == repr(after.get_params()), where
    elif isinstance(before, float) and np.isnan(before):
        assert np.isnan(after), where
    elif isinstance(before, int | float | str | bytes | bool | type(None) | set):
        assert before == after, where


def _dense(value):
    if sp.issparse(value):
        return value.toarray()
    if isinstance(value, pd.DataFrame | pd.Series):
        return value.to_numpy()
    return np.asarray(value)


def _same_answer(one, two):
    """The same answer, whatever container the input's form gave it."""
    if isinstance(one, pd.DataFrame) and isinstance(two, pd.DataFrame):
        pd.testing.assert_frame_equal(one, two)
    elif isinstance(one, LeakageReport):
        assert [f.to_dict() for f in one.findings] == [
            f.to_dict() for f in two.findings
        ]
        assert one.summary["n_samples"] == two.summary["n_samples"]
    elif isinstance(one, list | tuple) and not np.isscalar(one[0] if one else 0):
        assert len(one) == len(two)
        for a, b in zip(one, two):
            _same_answer(a, b)
    elif isinstance(one, np.ndarray | pd.Series | pd.DataFrame) or sp.issparse(one):
        first, second = _dense(one), _dense(two)
        assert first.shape == second.shape
        if first.dtype.kind in "fc":
            np.testing.assert_allclose(first, second, rtol=1e-6)
        else:
            assert np.array_equal(first, second)
    else:
        assert one == two


def _names(message, name):
    return re.search(rf"(?<![\w]){re.escape(name)}(?![\w])", message) is not None


def run_case(
    call, arguments, name, expected=None, reference=None, check=None, own_error=None
):
    """Call ``call(**arguments)``; assert the outcome and that nothing changed.

    ``own_error(arguments)`` gives the error the user's estimator raises itself
    on these arguments (its own contract, passed on as ``cross_val_predict``
    does), or None. Returns ``"refused"`` or ``"answered"``.
    """
    before = {key: _copy(value) for key, value in arguments.items()}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            answer = call(**arguments)
        except (ValueError, TypeError) as exc:
            message = str(exc)
            assert expected != SAME, f"{name}: refused a sound input: {message}"
            own = None if own_error is None else own_error(arguments)
            if not (
                type(own) is type(exc)
                and str(own).splitlines()[:1] == message.splitlines()[:1]
            ):
                assert _names(message, name), f"does not name {name}: {message}"
                assert ADVICE.search(message), f"says nothing to do: {message}"
            outcome = "refused"
        else:
            assert expected != REFUSE, f"{name}: accepted, answered {answer!r:.200}"
            if check is not None:
                check(answer, arguments)
            if expected == SAME:
                _same_answer(answer, reference)
            outcome = "answered"
    for key in before:
        assert_unchanged(before[key], arguments[key], key)
    return outcome


# --------------------------------------------------------------------------------------
# Entry points: a sound call, and what every answer must satisfy.


def _n_of(arguments):
    X = arguments.get("X", X_SOUND)
    return X.shape[0] if hasattr(X, "shape") else len(X)


X_SOUND = X


def _check_splits(answer, arguments, cv):
    n = _n_of(arguments)
    table = describe_splits(
        cv,
        arguments["X"],
        arguments.get("y"),
        groups=arguments.get("groups"),
        times=arguments.get("times"),
        end_times=arguments.get("end_times"),
    )
    counted = table[[c for c in table.columns if c.startswith("n_")]]
    # every row is placed or counted as removed, in every split
    assert (counted.drop(columns="n_test_blocks").sum(axis=1) == n).all()
    for (train, test), (_, row) in zip(answer, table.iterrows()):
        assert np.intersect1d(train, test).size == 0
        assert (len(train), len(test)) == (row["n_train"], row["n_test"])
        assert train.min() >= 0 and max(train.max(), test.max()) < n


def _check_disjoint(answer, n):
    for train, test in answer:
        assert np.intersect1d(train, test).size == 0
        assert len(train) and len(test) and max(train.max(), test.max()) < n


def splitter_entry(make_cv):
    def call(X, y=None, groups=None, times=None, end_times=None):
        return list(make_cv().split(X, y, groups, times=times, end_times=end_times))

    def check(answer, arguments):
        _check_splits(answer, arguments, make_cv())

    return call, check


def _holdout(X, y, test_size=0.25, horizon=0, times=None, groups=None):
    return purged_train_test_split(
        X, y, test_size=test_size, horizon=horizon, times=times, groups=groups
    )


def _check_holdout(answer, arguments):
    X_train, X_test, y_train, y_test = (_num_samples(part) for part in answer)
    assert X_train == y_train and X_test == y_test
    assert 0 < X_test and X_train + X_test <= _n_of(arguments)


def _describe(cv, X, y=None, groups=None, times=None, end_times=None):
    return describe_splits(cv, X, y, groups=groups, times=times, end_times=end_times)


def _check_description(answer, arguments):
    counts = answer[[c for c in answer.columns if c.startswith("n_")]]
    assert (counts.drop(columns="n_test_blocks").sum(axis=1) == _n_of(arguments)).all()


def _show(cv, X, width=60, times=None):
    return show_splits(cv, X, times=times, width=width)


def _plot(cv, X, ax=None):
    import matplotlib.pyplot as plt

    try:
        drawn = plot_splits(cv, X, ax=ax)
        return drawn.get_title()
    finally:
        plt.close("all")


def _paths(estimator, X, y, cv=None, method="predict", n_jobs=None, groups=None):
    return predict_paths(
        estimator,
        X,
        y,
        cv=PurgedKFold(3) if cv is None else cv,
        method=method,
        n_jobs=n_jobs,
        groups=groups,
    )


def _check_paths(answer, arguments):
    assert answer.shape[0] == _n_of(arguments)  # one row per sample, none dropped


def _scores(estimator, X, y, cv=None, scoring=None, n_jobs=None):
    return score_paths(
        estimator,
        X,
        y,
        cv=PurgedKFold(3) if cv is None else cv,
        scoring=scoring,
        n_jobs=n_jobs,
    )


def _check_scores(answer, arguments):
    assert answer.ndim == 1 and np.isfinite(answer).all()


def _audit(X, y, **arguments):
    arguments.setdefault("checks", ["overlap", "duplicate", "group"])
    return audit(X, y, **arguments)


def _check_report(answer, arguments):
    assert isinstance(answer, LeakageReport)
    assert answer.summary["n_samples"] == _n_of(arguments)


REPORT = LeakageReport(
    [
        Finding("duplicate", "high", "L1.1", [], [0], {"n": 1}, "Tested on its rows."),
        Finding("group", "low", "L3.2", ["customer"], [], {}, "Shared."),
    ],
    {"n_samples": N, "n_features": 2},
)


def _report_method(method, report=REPORT, **arguments):
    return getattr(report, method)(**arguments)


def _pipelines(method, X_fit, y_fit, X_eval, y_eval=None):
    """The outcome of a plain Pipeline and of a GuardedPipeline, side by side."""
    outcomes = []
    for make in (make_pipeline, make_guarded_pipeline):
        steps = [StandardScaler()] + ([] if method == "transform" else [Ridge()])
        pipe = make(*steps)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                pipe.fit(X_fit, y_fit)
                args = (X_eval,) if method != "score" else (X_eval, y_eval)
                outcomes.append(("answer", getattr(pipe, method)(*args)))
        except Exception as exc:  # the outcome compared, whatever it is
            outcomes.append((type(exc), str(exc)))
    return outcomes


# --------------------------------------------------------------------------------------
# Odd values, by what the argument should hold.


def _ragged():
    return [[1, 2]] + [[i] for i in range(N - 1)]


NOT_SAMPLES = {  # none of these holds one value per sample
    "None": None,
    "int": 5,
    "float": 2.5,
    "str": "abcd",
    "bytes": b"ab",
    "dict": {"a": [1, 2]},
    "set": {1, 2},
    "object": object(),
    "numpy scalar": np.float64(1.0),
}
WRONG_LENGTH = {
    "short": np.zeros(N - 1),
    "long": np.zeros(N + 1),
    "empty": np.zeros(0),
}


def _times_forms():
    """The same instants in other forms: the splits must not change."""
    arrow = {}
    try:
        import pyarrow  # noqa: F401

        arrow = {
            "pyarrow timestamp": DAYS.astype("timestamp[us][pyarrow]"),
            "pyarrow date32": DAYS.astype("date32[pyarrow]"),
        }
    except ImportError:  # pragma: no cover - pyarrow is in the test extra
        pass
    return {
        "list": DAYS.tolist(),
        "numpy": DAYS.to_numpy(),
        "seconds unit": DAYS.to_numpy().astype("datetime64[s]"),
        "index": pd.DatetimeIndex(DAYS),
        "object": DAYS.to_numpy().astype(object),
        "utc": DAYS.dt.tz_localize("UTC"),
        **arrow,
    }


BAD_TIMES = {
    **{k: v for k, v in NOT_SAMPLES.items() if k != "None"},
    **WRONG_LENGTH,
    "with NaT": DAYS.where(np.arange(N) != 3),
    "complex": np.arange(N) + 1j,
    "text": np.array(["soon"] * N),
    "date strings": DAYS.dt.strftime("%Y-%m-%d").to_numpy(),
    "misaligned Series": pd.Series(DAYS.to_numpy()),
    "two columns": np.zeros((N, 2)),
    "huge unsigned": np.arange(N, dtype=np.uint64) + np.uint64(2**63),
    "mixed aware and naive": pd.Series(
        [pd.Timestamp("2024-01-01", tz="UTC")] + DAYS.iloc[1:].tolist(),
        dtype=object,
    ),
    "infinite": np.r_[np.inf, np.arange(N - 1.0)],
    # Coarser units hold times that nanoseconds cannot (a fuzz draw found it).
    "dates past 2262 in seconds": np.arange(N).astype("datetime64[s]")
    + np.timedelta64(2**34, "s"),
    "durations past 292 years in seconds": np.full(N, 2**34, dtype="m8[s]"),
}
BAD_GROUPS = {
    **{k: v for k, v in NOT_SAMPLES.items() if k not in ("None", "str", "dict")},
    **WRONG_LENGTH,
    "with NaN": GROUPS.where(np.arange(N) != 2).to_numpy(),
    "lists": [[i] for i in range(N)],
    "ragged lists": _ragged(),
    "two columns": np.zeros((N, 2)),
    "misaligned Series": pd.Series(GROUPS.to_numpy()),
    "DataFrame": GROUPS.to_frame(),
}
SAME_GROUPS = {
    "list": GROUPS.tolist(),
    "numpy": GROUPS.to_numpy(),
    "strings": GROUPS.map("customer-{}".format),
    "category": GROUPS.astype("category"),
    "floats": GROUPS.astype(float),
}
BAD_Y = {
    **{k: v for k, v in NOT_SAMPLES.items() if k != "None"},
    **WRONG_LENGTH,
}
SAME_X = {
    "numpy": X.to_numpy(),
    "list": X.to_numpy().tolist(),
    "fortran": np.asfortranarray(X.to_numpy()),
    "read-only": X.to_numpy().copy(),  # made read-only below
    "strided": np.repeat(X.to_numpy(), 2, axis=0)[::2],
    "sparse": sp.csr_matrix(X.to_numpy()),
}
SAME_X["read-only"].setflags(write=False)
BAD_CV = {
    "0": 0,
    "1": 1,
    "-1": -1,
    "True": True,
    "1.5": 1.5,
    "str": "x",
    "class": PurgedKFold,
    "no split": [],
    "not pairs": [1, 2, 3],
    "out of range": [(np.arange(20), np.arange(20, N + 5))],
    "empty training": [(np.arange(0), np.arange(N))],
    "overlapping pairs": [(np.arange(30), np.arange(25, N))],
    "negative gap": TimeSeriesSplit(3, gap=-1),
    "object": object(),
}
BAD_N_JOBS = {"0": 0, "1.5": 1.5, "str": "x", "True": True}
BAD_ESTIMATORS = {
    "None": None,
    "str": "abc",
    "class": Ridge,
    "object": object(),
    "int": 5,
}


# --------------------------------------------------------------------------------------
# The cases: an entry point's sound call with one argument changed.


class Fresh:
    """A value made anew for each call (a generator is consumed by one)."""

    def __init__(self, make):
        self.make = make


class Entry:
    """A public entry point: how to call it, a sound call, what an answer must
    satisfy; its answer to the sound call is the reference of ``SAME`` cases."""

    def __init__(self, name, call, sound, check=None, own_error=None):
        self.name, self.call, self.sound, self.check = name, call, sound, check
        self.own_error = own_error
        self._reference = None

    def reference(self):
        if self._reference is None:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                self._reference = (self.call(**self.sound),)
        return self._reference[0]


CASES = []


def case(entry, name, label, value, expected, key=None):
    """One case: ``entry`` called with argument ``key`` (default ``name``) set to
    ``value``; a refusal must name ``name``."""
    key = name if key is None else key
    CASES.append(
        pytest.param(
            entry, {key: value}, name, expected, id=f"{entry.name}-{key}-{label}"
        )
    )


def cases(entry, name, values, expected):
    for label, value in values.items():
        case(entry, name, label, value, expected)


SPLIT_ENTRIES = {}
SPLIT_KEYS = ("X", "y", "groups", "times", "end_times")
SPLITTERS = {
    "PurgedKFold": lambda: PurgedKFold(3, horizon=1, embargo=1),
    "WalkForward": lambda: WalkForward(3, horizon=1),
    "CombinatorialPurgedCV": lambda: CombinatorialPurgedCV(4, 2, horizon=1),
}
for splitter_name, make in SPLITTERS.items():
    call, check = splitter_entry(make)
    entry = Entry(
        f"{splitter_name}.split",
        call,
        {"X": X, "y": Y, "groups": GROUPS, "times": DAYS},
        check,
    )
    SPLIT_ENTRIES[splitter_name] = entry
    cases(entry, "X", NOT_SAMPLES, REFUSE)
    cases(entry, "X", SAME_X, SAME)
    cases(entry, "y", BAD_Y, REFUSE)
    cases(entry, "y", {"None": None, "list": Y.tolist(), "text": Y.map(str)}, SAME)
    # a splitter reads only y's length: its index does not matter
    case(entry, "y", "misaligned Series", pd.Series(Y.to_numpy()), SAME)
    cases(entry, "times", BAD_TIMES, REFUSE)
    cases(entry, "times", _times_forms(), SAME)
    cases(entry, "groups", BAD_GROUPS, REFUSE)
    cases(entry, "groups", SAME_GROUPS, SAME)
    case(entry, "end_times", "before times", DAYS - pd.Timedelta("1D"), REFUSE)
    case(entry, "end_times", "short", DAYS.iloc[:-1], REFUSE)
    case(entry, "end_times", "numbers for dates", np.arange(N), REFUSE)
    # the splitters' horizon of 1 would be overruled: refused, not guessed
    case(entry, "end_times", "and a horizon", DAYS + pd.Timedelta("1D"), REFUSE)

GROUP_TIME = Entry(
    "GroupTimeSeriesSplit.split",
    lambda X, y=None, groups=None: list(GroupTimeSeriesSplit(3).split(X, y, groups)),
    {"X": X, "y": Y, "groups": GROUPS},
    lambda answer, arguments: _check_disjoint(answer, _n_of(arguments)),
)
cases(GROUP_TIME, "X", NOT_SAMPLES, REFUSE)
cases(GROUP_TIME, "X", SAME_X, SAME)
cases(GROUP_TIME, "y", BAD_Y, REFUSE)
cases(GROUP_TIME, "groups", BAD_GROUPS, REFUSE)
cases(GROUP_TIME, "groups", {"list": GROUPS.tolist(), "floats": GROUPS * 1.0}, SAME)
case(GROUP_TIME, "groups", "None", None, REFUSE)

N_SPLITS = Entry(
    "PurgedKFold.get_n_splits", lambda X: PurgedKFold(3).get_n_splits(X), {"X": X}
)
# X is documented as ignored: any value gets the number of splits.
cases(N_SPLITS, "X", {**NOT_SAMPLES, **SAME_X}, SAME)

CONSTRUCTOR = Entry("PurgedKFold()", lambda **kw: PurgedKFold(**kw).get_n_splits(), {})
for key, values in {
    "n_splits": {"1": 1, "1.5": 1.5, "str": "3", "None": None, "True": True},
    "horizon": {"-1": -1, "1.5": 1.5, "bad duration": "soon", "list": [1]},
    "embargo": {"-1": -1, "1.0": 1.0, "bad duration": "soon", "NaT": pd.NaT},
    "time_column": {"list": ["day"], "float": 1.5},
}.items():
    cases(CONSTRUCTOR, key, values, REFUSE)

HOLDOUT = Entry(
    "purged_train_test_split",
    _holdout,
    {"X": X, "y": Y, "times": DAYS, "groups": GROUPS, "horizon": 1},
    _check_holdout,
)
cases(HOLDOUT, "X", {k: v for k, v in NOT_SAMPLES.items() if k != "None"}, REFUSE)
case(HOLDOUT, "X", "None", None, REFUSE)
cases(HOLDOUT, "X", {k: v for k, v in SAME_X.items() if k != "list"}, SAME)
for label, value in {**WRONG_LENGTH, "misaligned": pd.Series(Y.to_numpy())}.items():
    case(HOLDOUT, "arrays[1]", label, value, REFUSE, key="y")
cases(HOLDOUT, "times", BAD_TIMES, REFUSE)
cases(HOLDOUT, "groups", BAD_GROUPS, REFUSE)
cases(
    HOLDOUT,
    "test_size",
    {
        "0": 0,
        "0.0": 0.0,
        "1.0": 1.0,
        "-1": -1,
        "nan": float("nan"),
        "None": None,
        "all periods": N,
        "text": "soon",
        "True": True,
    },
    REFUSE,
)
cases(HOLDOUT, "test_size", {"10 periods as 10 days": "10D"}, SAME)

DESCRIBE = Entry(
    "describe_splits",
    _describe,
    {"cv": PurgedKFold(3), "X": X, "y": Y, "groups": GROUPS, "times": DAYS},
    _check_description,
)
cases(DESCRIBE, "cv", {k: v for k, v in BAD_CV.items() if k != "no split"}, REFUSE)
case(DESCRIBE, "cv", "no split", [], REFUSE)
case(DESCRIBE, "cv", "None", None, REFUSE)
cases(DESCRIBE, "X", NOT_SAMPLES, REFUSE)
cases(DESCRIBE, "times", BAD_TIMES, REFUSE)
cases(DESCRIBE, "groups", BAD_GROUPS, REFUSE)
cases(DESCRIBE, "y", BAD_Y, REFUSE)
# A fuzz draw: PurgedKFold(3) has no horizon, so end times before the times reach
# their own check, whose message must say what to do.
case(
    DESCRIBE,
    "end_times",
    "before times",
    np.zeros(N, dtype="datetime64[ns]"),
    REFUSE,
)

SHOW = Entry("show_splits", _show, {"cv": PurgedKFold(3), "X": X, "width": 30})
cases(
    SHOW,
    "width",
    {"0": 0, "-5": -5, "1.5": 1.5, "str": "x", "True": True, "None": None},
    REFUSE,
)
cases(
    SHOW, "cv", {"int": 5, "None": None, "negative gap": BAD_CV["negative gap"]}, REFUSE
)
cases(SHOW, "X", {"None": None, "str": "abcd"}, REFUSE)

PLOT = Entry("plot_splits", _plot, {"cv": PurgedKFold(3), "X": X})
cases(PLOT, "ax", {"str": "x", "int": 5, "object": object()}, REFUSE)
cases(
    PLOT, "cv", {"None": None, "int": 5, "negative gap": BAD_CV["negative gap"]}, REFUSE
)
cases(PLOT, "X", {"None": None}, REFUSE)

for entry_name, call, check in (
    ("predict_paths", _paths, _check_paths),
    ("score_paths", _scores, _check_scores),
):
    entry = Entry(
        entry_name, call, {"estimator": Ridge(), "X": X, "y": Y_VALUES}, check
    )
    cases(entry, "estimator", BAD_ESTIMATORS, REFUSE)
    case(entry, "estimator", "classifier, continuous y", LogisticRegression(), REFUSE)
    cases(entry, "X", {k: v for k, v in NOT_SAMPLES.items() if k != "None"}, REFUSE)
    case(entry, "X", "None", None, REFUSE)
    cases(entry, "X", {"numpy": X.to_numpy(), "sparse": SAME_X["sparse"]}, SAME)
    cases(entry, "y", {**BAD_Y, "misaligned": pd.Series(Y_VALUES.to_numpy())}, REFUSE)
    cases(entry, "y", {"list": Y_VALUES.tolist(), "numpy": Y_VALUES.to_numpy()}, SAME)
    cases(entry, "cv", BAD_CV, REFUSE)
    cases(
        entry,
        "cv",
        {
            "index pairs": list(PurgedKFold(3).split(X)),
            "generator": Fresh(lambda: PurgedKFold(3).split(X)),
        },
        SAME,
    )
    cases(entry, "n_jobs", BAD_N_JOBS, REFUSE)
    case(entry, "n_jobs", "1", 1, SAME)
case(
    Entry("predict_paths", _paths, {"estimator": Ridge(), "X": X, "y": Y_VALUES}),
    "method",
    "None",
    None,
    REFUSE,
)
for label, value in {
    "int": 5,
    "unknown": "nope",
    "fit": "fit",
    "score": "score",
}.items():
    case(
        Entry("predict_paths", _paths, {"estimator": Ridge(), "X": X, "y": Y_VALUES}),
        "method",
        label,
        value,
        REFUSE,
    )


def _estimator_error(arguments):
    """What the estimator raises itself when fitted on each training set of the
    default split in turn and asked to predict its test set, as predict_paths
    does (some estimators fit on any array and refuse it only in ``predict``:
    Ridge on datetimes; a value only one training set holds fails that fit)."""
    X, y = arguments["X"], arguments["y"]
    try:
        for train, test in PurgedKFold(3).split(X):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                clone(arguments["estimator"]).fit(
                    _safe_indexing(X, train), _safe_indexing(y, train)
                ).predict(_safe_indexing(X, test))
    except Exception as exc:  # whatever the estimator's own contract raises
        return exc
    return None


FUZZ_PATHS = Entry(
    "predict_paths",
    _paths,
    {"estimator": Ridge(), "X": X, "y": Y_VALUES},
    _check_paths,
    _estimator_error,
)
SCORES = Entry(
    "score_paths",
    _scores,
    {"estimator": Ridge(), "X": X, "y": Y_VALUES},
    _check_scores,
    _estimator_error,
)
# Fuzz draws, kept: squared errors that overflow make no score; an infinite
# target is the estimator's own error, passed on as cross_val_predict does.
cases(
    SCORES,
    "y",
    {"overflowing squares": Y_VALUES.where(np.arange(N) != 0, 1.36e154)},
    REFUSE,
)
case(FUZZ_PATHS, "y", "infinite", Y_VALUES.where(np.arange(N) != 0, np.inf), None)
# Ridge fits on datetimes and refuses them only in predict: its own error,
# passed on as cross_val_predict does (a draw of the fuzzing below).
case(
    FUZZ_PATHS,
    "X",
    "datetimes",
    np.full((N, 2), np.datetime64("NaT"), dtype="datetime64[ns]"),
    None,
)
cases(
    SCORES,
    "scoring",
    {"unknown": "nope", "int": 5, "list": ["r2"], "dict": {"r2": "r2"}},
    REFUSE,
)
case(
    Entry("predict_paths", _paths, {"estimator": Ridge(), "X": X, "y": Y.map(str)}),
    "estimator",
    "regressor, text classes",
    Ridge(),
    REFUSE,
)

AUDIT = Entry("audit", _audit, {"X": X, "y": Y, "groups": GROUPS}, _check_report)
cases(AUDIT, "X", {k: v for k, v in NOT_SAMPLES.items() if k != "None"}, REFUSE)
case(AUDIT, "X", "None", None, REFUSE)
cases(
    AUDIT,
    "X",
    {
        "sparse": SAME_X["sparse"],
        "no column": X.iloc[:, :0],
        "duplicate names": X.set_axis(["a", "a"], axis=1),
        "lists": X.assign(c=[[i] for i in range(N)]),
        "sets": X.assign(c=[{i} for i in range(N)]),
        "two rows": X.iloc[:2],
    },
    REFUSE,
)
cases(
    AUDIT,
    "X",
    {"read-only": pd.DataFrame(SAME_X["read-only"], index=X.index, columns=list("ab"))},
    SAME,
)
cases(
    AUDIT, "y", {**BAD_Y, "None": None, "misaligned": pd.Series(Y.to_numpy())}, REFUSE
)
cases(
    AUDIT,
    "y",
    {
        "two columns": np.zeros((N, 2)),
        "infinite": np.r_[np.inf, np.arange(N - 1.0)],
        "with NaN": np.r_[np.nan, np.arange(N - 1.0)],
        "one class": np.zeros(N),
        "identifier": np.array([f"id{i}" for i in range(N)]),
        "one row of a class": np.r_[np.zeros(N - 1), 1],
    },
    REFUSE,
)
cases(
    AUDIT,
    "y",
    {
        "list": Y.tolist(),
        "text": Y.map({0: "no", 1: "yes"}),
        "column": Y.to_numpy().reshape(-1, 1),
    },
    SAME,
)
cases(AUDIT, "groups", BAD_GROUPS, REFUSE)
cases(
    AUDIT, "groups", {"list": GROUPS.tolist(), "strings": SAME_GROUPS["strings"]}, SAME
)
cases(AUDIT, "times", BAD_TIMES, REFUSE)
cases(
    AUDIT,
    "cv",
    {k: v for k, v in BAD_CV.items() if k not in ("overlapping pairs", "negative gap")},
    REFUSE,
)
cases(
    AUDIT, "estimator", {k: v for k, v in BAD_ESTIMATORS.items() if k != "None"}, REFUSE
)
case(AUDIT, "estimator", "regressor for classes", LinearRegression(), REFUSE)
cases(AUDIT, "n_jobs", BAD_N_JOBS, REFUSE)
cases(AUDIT, "random_state", {"-1": -1, "2**40": 2**40, "1.5": 1.5, "str": "x"}, REFUSE)
cases(AUDIT, "scoring", {"unknown": "nope", "int": 5, "list": ["r2"]}, REFUSE)
cases(
    AUDIT,
    "checks",
    {"str": "duplicate", "unknown": ["dupes"], "empty": [], "ints": [1]},
    REFUSE,
)
cases(AUDIT, "test", {"int": 5, "one part": (X,), "bad metadata": (X, Y, 5)}, REFUSE)
cases(
    AUDIT,
    "X_new",
    {
        "int": 5,
        "other width": np.zeros((3, 5)),
        "no rows": X.iloc[:0],
        "missing column": X[["a"]],
    },
    REFUSE,
)
cases(AUDIT, "end_times", {"without times": DAYS}, REFUSE)

REPORT_AT_LEAST = Entry(
    "LeakageReport.at_least", _report_method, {"method": "at_least", "severity": "low"}
)
for method, values in {
    "at_least": {"unknown": "x", "None": None, "int": 5, "upper case": "HIGH"},
    "raise_for": {"unknown": "x", "None": None, "int": 5},
}.items():
    entry = Entry(
        f"LeakageReport.{method}", _report_method, {"method": method, "severity": "low"}
    )
    cases(entry, "severity", values, REFUSE)
cases(
    Entry("LeakageReport.plot", _report_method, {"method": "plot", "ax": None}),
    "ax",
    {"str": "x", "int": 5},
    REFUSE,
)
CONSTRUCT_REPORT = Entry(
    "LeakageReport()", lambda **kw: LeakageReport(**kw).worst, {"findings": []}
)
cases(
    CONSTRUCT_REPORT,
    "findings",
    {
        "None": None,
        "str": "abc",
        "ints": [1],
        "one Finding": REPORT.findings[0],
        "int": 5,
    },
    REFUSE,
)
cases(CONSTRUCT_REPORT, "summary", {"int": 5, "list": [("a", 1)], "str": "x"}, REFUSE)
cases(
    CONSTRUCT_REPORT,
    "findings",
    {"tuple": (), "generator": Fresh(lambda: iter([]))},
    SAME,
)
FINDING = Entry(
    "Finding()",
    lambda **kw: Finding(**kw).to_dict(),
    {"kind": "group", "severity": "low", "code": "L3.2", "columns": ["customer"]},
)
for key, values in {
    "kind": {"unknown": "leak", "None": None, "list": ["group"], "int": 1},
    "severity": {"unknown": "severe", "None": None, "upper case": "LOW", "int": 0},
    "code": {"None": None, "int": 3},
    "columns": {"str": "customer", "int": 5, "None": None},
    "folds": {
        "str": "0",
        "texts": ["a"],
        "int": 2,
        "floats": [0.5],
        # numpy's durations are integers to Python (a fuzz draw: all NaT)
        "durations": np.array(["NaT", 3], dtype="m8[ns]"),
    },
    "evidence": {"list": [1], "int": 5},
    "message": {"None": None, "int": 1},
}.items():
    cases(FINDING, key, values, REFUSE)
cases(
    FINDING, "columns", {"tuple": ("customer",), "index": pd.Index(["customer"])}, SAME
)


@pytest.mark.parametrize("entry, changed, name, expected", CASES)
def test_case(entry, changed, name, expected):
    arguments = {**entry.sound, **changed}
    arguments = {
        key: value.make() if isinstance(value, Fresh) else value
        for key, value in arguments.items()
    }
    reference = entry.reference() if expected == SAME else None
    run_case(
        entry.call, arguments, name, expected, reference, entry.check, entry.own_error
    )


# --------------------------------------------------------------------------------------
# GuardedPipeline keeps Pipeline's contract: the outcome of a plain Pipeline.

X_FIT, Y_FIT = X.iloc[:30], Y_VALUES.iloc[:30]
X_EVAL = X.iloc[30:]
PIPELINE_CASES = []
for method in ("predict", "score", "transform"):
    for label, value in {
        **{k: v for k, v in NOT_SAMPLES.items() if k not in ("object",)},
        "no rows": X_EVAL.iloc[:0],
        "other width": np.zeros((3, 5)),
        "one dimension": np.zeros(2),
        "three dimensions": np.zeros((3, 2, 2)),
        "numpy": X_EVAL.to_numpy(),
        "list": X_EVAL.to_numpy().tolist(),
        "float32": X_EVAL.astype(np.float32),
        "sparse": sp.csr_matrix(X_EVAL.to_numpy()),
        "with NaN": X_EVAL.assign(a=np.nan),
        "text": X_EVAL.astype(str).assign(a="x"),
        "columns reordered": X_EVAL[["b", "a"]],
    }.items():
        PIPELINE_CASES.append(
            pytest.param(method, "X_eval", value, id=f"{method}-X-{label}")
        )
for label, value in {
    "None": None,
    "short": Y_FIT.iloc[:5],
    "text": Y_FIT.map(str),
    "two columns": np.zeros((30, 2)),
}.items():
    PIPELINE_CASES.append(pytest.param("predict", "y_fit", value, id=f"fit-y-{label}"))
for label, value in {"None": None, "short": Y_VALUES.iloc[30:35], "int": 5}.items():
    PIPELINE_CASES.append(pytest.param("score", "y_eval", value, id=f"score-y-{label}"))


@pytest.mark.parametrize("method, key, value", PIPELINE_CASES)
def test_guarded_pipeline_answers_as_pipeline(method, key, value):
    compare_pipelines(method, key, value)


def compare_pipelines(method, key, value):
    """A GuardedPipeline's outcome is a Pipeline's, and nothing is mutated."""
    arguments = {
        "X_fit": X_FIT,
        "y_fit": Y_FIT,
        "X_eval": X_EVAL,
        "y_eval": Y_VALUES.iloc[30:],
        key: value,
    }
    before = copy.deepcopy(arguments)
    plain, guarded = _pipelines(method, **arguments)
    if plain[0] == "answer":
        assert guarded[0] == "answer", guarded
        np.testing.assert_allclose(np.asarray(guarded[1]), np.asarray(plain[1]))
        assert np.shape(guarded[1])[:1] == np.shape(plain[1])[:1]  # every row
    else:
        assert guarded == plain  # same exception type and message
    for name in before:
        assert_unchanged(before[name], arguments[name], name)


# --------------------------------------------------------------------------------------
# The command line: a usage error (exit 2, one line on stderr) that names the option.


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("sweep")
    data = X.assign(
        churned=Y.to_numpy(),
        day=DAYS.dt.strftime("%Y-%m-%d").to_numpy(),
        account=GROUPS.to_numpy(),
        note=["n/a"] * N,
    )
    paths = {}
    for name, frame in {
        "data": data,
        "two_rows": data.iloc[:2],
        "empty_group": data.assign(account=GROUPS.where(np.arange(N) != 3).to_numpy()),
        "bad_day": data.assign(day=["soon"] * N),
        "other_columns": data.drop(columns="b"),
        "identifier_target": data.assign(churned=[f"c{i}" for i in range(N)]),
    }.items():
        paths[name] = folder / f"{name}.csv"
        frame.to_csv(paths[name], index=False)
    (folder / "empty.csv").write_text("")
    paths["empty"] = folder / "empty.csv"
    paths["missing"] = folder / "missing.csv"
    paths["folder"] = folder
    return {name: str(path) for name, path in paths.items()}


CLI_CASES = [
    # (id, argv with {placeholders}, the option a refusal names)
    *[
        (f"cv {spec}", ["{data}", "--target", "churned", "--cv", spec], named)
        for spec, named in [
            ("bogus", "--cv"),
            ("kfold:1", "--cv"),
            ("kfold:x", "--cv"),
            ("timeseries:3,gap=-1", "gap"),
            ("timeseries:3,gap=0.5", "gap"),
            ("timeseries:3,gap=5D", "gap"),
            ("purged:3,embargo=-1,", "--time"),
            ("purged:3", "--time"),
            ("group:3", "--group"),
            ("kfold:3,gap=1", "--cv"),
            ("kfold:500", "n_splits"),
        ]
    ],
    *[
        (
            f"cv {spec}",
            ["{data}", "--target", "churned", "--time", "day", "--cv", spec],
            named,
        )
        for spec, named in [
            ("purged:3,embargo=-1", "embargo"),
            ("purged:3,horizon=soon", "horizon"),
            ("purged:3,embargo=1.5", "embargo"),
            ("walk-forward:3,test_size=0", "test_size"),
            ("walk-forward:3,gap=-2", "gap"),
            ("walk-forward:50", "n_splits"),
        ]
    ],
    ("two rows", ["{two_rows}", "--target", "churned"], "X"),
    ("identifier target", ["{identifier_target}", "--target", "churned"], "y"),
    ("missing file", ["{missing}", "--target", "churned"], "file"),
    ("folder", ["{folder}", "--target", "churned"], "directory"),
    ("empty file", ["{empty}", "--target", "churned"], "empty"),
    ("unknown target", ["{data}", "--target", "nope"], "--target"),
    ("unknown time", ["{data}", "--target", "churned", "--time", "nope"], "--time"),
    ("bad times", ["{bad_day}", "--target", "churned", "--time", "day"], "--time"),
    (
        "empty group",
        ["{empty_group}", "--target", "churned", "--group", "account"],
        "--group",
    ),
    (
        "end without time",
        ["{data}", "--target", "churned", "--end-time", "day"],
        "--end-time",
    ),
    ("same column", ["{data}", "--target", "churned", "--group", "churned"], "--group"),
    (
        "test and cv",
        ["{data}", "--target", "churned", "--test", "{data}", "--cv", "kfold"],
        "--test",
    ),
    (
        "test columns",
        ["{data}", "--target", "churned", "--test", "{other_columns}"],
        "columns",
    ),
    (
        "new columns",
        ["{data}", "--target", "churned", "--new", "{other_columns}"],
        "--new",
    ),
    ("plot format", ["{data}", "--target", "churned", "--plot", "x.unknown"], "--plot"),
]
ARGPARSE_CASES = [
    ("seed -1", ["demo", "--random-state", "-1"], "--random-state"),
    ("seed text", ["demo", "--random-state", "x"], "--random-state"),
    ("seed 2**32", ["demo", "--random-state", str(2**32)], "--random-state"),
    (
        "audit seed",
        ["audit", "{data}", "--target", "churned", "--random-state", "-5"],
        "--random-state",
    ),
    ("no target", ["audit", "{data}"], "--target"),
    (
        "fail-on",
        ["audit", "{data}", "--target", "churned", "--fail-on", "x"],
        "--fail-on",
    ),
    ("format", ["audit", "{data}", "--target", "churned", "--format", "x"], "--format"),
    (
        "checks",
        ["audit", "{data}", "--target", "churned", "--checks", "dupes"],
        "--checks",
    ),
    ("no command", [], "COMMAND"),
]


@pytest.mark.parametrize(
    "argv, named", [pytest.param(a, n, id=i) for i, a, n in CLI_CASES]
)
def test_command_line_usage_errors(capsys, files, argv, named):
    status = main(["audit", *[part.format(**files) for part in argv]])
    captured = capsys.readouterr()
    assert status == 2 and captured.out == ""
    assert captured.err.startswith("safesplit audit: error: ")
    assert captured.err.count("\n") == 1 and "Traceback" not in captured.err
    assert named in captured.err


@pytest.mark.parametrize(
    "argv, named", [pytest.param(a, n, id=i) for i, a, n in ARGPARSE_CASES]
)
def test_command_line_argument_errors(capsys, files, argv, named):
    with pytest.raises(SystemExit) as exit_info:
        main([part.format(**files) for part in argv])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and named in err


def test_at_least_300_cases():
    n_cases = len(CASES) + len(PIPELINE_CASES) + len(CLI_CASES) + len(ARGPARSE_CASES)
    assert n_cases >= 300, n_cases


# --------------------------------------------------------------------------------------
# Random odd values: a right answer or a refusal naming the argument, nothing else.

_ELEMENTS = st.one_of(
    st.integers(-5, 5), st.floats(), st.text(max_size=2), st.none(), st.booleans()
)
ODD_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    st.floats(),
    st.complex_numbers(),
    st.text(max_size=5),
    st.binary(max_size=5),
    st.dictionaries(st.text(max_size=2), st.integers(), max_size=2),
    st.sets(st.integers(), max_size=3),
    st.datetimes(),
    st.timedeltas(),
    st.lists(_ELEMENTS, max_size=N + 1),
    st.lists(st.integers(0, 5), min_size=N, max_size=N),
    st.lists(st.text(max_size=1), min_size=N, max_size=N),
    arrays(
        dtype=st.sampled_from(
            ["int64", "uint64", "float64", "float32", "bool", "complex128"]
            + ["datetime64[ns]", "timedelta64[s]", "int8"]
        ),
        shape=st.sampled_from([(N,), (N - 1,), (N, 2), (0,), (), (N, 0)]),
    ),
    st.builds(pd.Series, st.lists(_ELEMENTS, min_size=N, max_size=N)),
)
# Worker processes are started for any n_jobs other than None, 1 or a refused
# value: those are drawn, so that the sweep starts no process.
STRATEGIES = {
    "n_jobs": st.one_of(
        st.sampled_from([None, 0, 1, True, 1.5, "2", 10**6, -(10**6), np.int64(1)]),
        ODD_VALUES.filter(lambda v: not isinstance(v, int | np.integer)),
    )
}
FUZZED = [
    *[(SPLIT_ENTRIES[name], key) for name in SPLIT_ENTRIES for key in SPLIT_KEYS],
    (HOLDOUT, "test_size"),
    (HOLDOUT, "times"),
    (HOLDOUT, "groups"),
    (DESCRIBE, "cv"),
    (DESCRIBE, "times"),
    (SHOW, "width"),
    (PLOT, "ax"),
    (FUZZ_PATHS, "cv"),
    (FUZZ_PATHS, "y"),
    (FUZZ_PATHS, "X"),
    (FUZZ_PATHS, "n_jobs"),
    (FUZZ_PATHS, "method"),
    (SCORES, "scoring"),
    (AUDIT, "X"),
    (AUDIT, "y"),
    (AUDIT, "groups"),
    (AUDIT, "times"),
    (AUDIT, "cv"),
    (AUDIT, "n_jobs"),
    (AUDIT, "random_state"),
    (AUDIT, "scoring"),
    (AUDIT, "checks"),
    (REPORT_AT_LEAST, "severity"),
    (HOLDOUT, "X"),
    (HOLDOUT, "horizon"),
    (DESCRIBE, "X"),
    (DESCRIBE, "y"),
    (DESCRIBE, "groups"),
    (DESCRIBE, "end_times"),
    (SHOW, "cv"),
    (PLOT, "cv"),
    (FUZZ_PATHS, "groups"),
    (FUZZ_PATHS, "estimator"),
    (SCORES, "cv"),
    (SCORES, "y"),
    (AUDIT, "end_times"),
    (AUDIT, "estimator"),
    (AUDIT, "X_new"),
    (AUDIT, "test"),
    (CONSTRUCT_REPORT, "findings"),
    (FINDING, "columns"),
    (FINDING, "folds"),
    (FINDING, "evidence"),
    (CONSTRUCT_REPORT, "summary"),
]


@pytest.mark.parametrize(
    "entry, name", [pytest.param(e, n, id=f"{e.name}-{n}") for e, n in FUZZED]
)
@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data())
def test_odd_values(entry, name, data):
    value = data.draw(STRATEGIES.get(name, ODD_VALUES), label=name)
    run_case(
        entry.call,
        {**entry.sound, name: value},
        name,
        check=entry.check,
        own_error=entry.own_error,
    )


CONSTRUCTED = {
    "PurgedKFold": (PurgedKFold, ("n_splits", "horizon", "embargo", "time_column")),
    "WalkForward": (
        WalkForward,
        ("n_splits", "horizon", "gap", "test_size", "train_size", "time_column"),
    ),
    "CombinatorialPurgedCV": (
        CombinatorialPurgedCV,
        ("n_groups", "n_test_groups", "horizon", "embargo"),
    ),
    "GroupTimeSeriesSplit": (
        GroupTimeSeriesSplit,
        ("n_splits", "test_size", "train_size", "gap"),
    ),
}


def _split_with(cls, **parameters):
    """Construct (parameters are checked there) and split the sound data."""
    cv = cls(**parameters)
    groups = GROUPS if cls is GroupTimeSeriesSplit else None
    times = None if cls is GroupTimeSeriesSplit else DAYS
    return cv, list(
        cv.split(X, Y, groups, **({} if times is None else {"times": times}))
    )


def _check_constructed(answer, arguments):
    cv, splits = answer
    assert len(splits) == cv.get_n_splits() and splits
    _check_disjoint(splits, N)


@pytest.mark.parametrize(
    "cls, name",
    [
        pytest.param(cls, name, id=f"{label}-{name}")
        for label, (cls, names) in CONSTRUCTED.items()
        for name in names
    ],
)
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_odd_splitter_parameters(cls, name, data):
    value = data.draw(
        st.one_of(
            ODD_VALUES,
            st.integers(-3, N + 3),
            st.floats(-1, 2),
            st.sampled_from(["3D", "-1D", "0D", "1h", "soon", "NaT", "100000000D"]),
            st.builds(np.timedelta64, st.integers(-5, 50), st.sampled_from(["D", "h"])),
        ),
        label=name,
    )
    run_case(
        lambda **kw: _split_with(cls, **kw),
        {name: value},
        name,
        check=_check_constructed,
    )


_SPEC_PARTS = st.sampled_from(
    ["kfold", "timeseries", "purged", "walk-forward", "group", "auto", "stratified"]
    + ["bogus", "", ":", ",", "=", "gap", "embargo", "horizon", "test_size"]
    + ["train_size", "-1", "0", "1", "0.5", "3", "5D", "x", "1e9", "NaT", ":3"]
)


@settings(max_examples=40, deadline=None)
@given(parts=st.lists(_SPEC_PARTS, min_size=1, max_size=6))
def test_odd_cv_specs_are_parsed_or_refused_in_one_line(parts):
    from safesplit._cli import UserError, parse_cv_spec

    spec = "".join(parts)
    try:
        cv, n_splits = parse_cv_spec(spec, has_time=True, has_group=True)
    except UserError as exc:
        message = str(exc)
        assert "\n" not in message and message.startswith(("bad --cv", "--cv"))
        return
    if cv is not None:  # what was parsed splits the sound data
        kwargs = {"times": DAYS} if isinstance(cv, PurgedKFold | WalkForward) else {}
        try:
            splits = list(cv.split(X, Y, GROUPS, **kwargs))
        except ValueError as exc:  # too many splits for 40 rows: said so
            assert re.search(r"split|period|sample|group", str(exc)), exc
        else:
            for train, test in splits:
                assert np.intersect1d(train, test).size == 0  # L1.1 impossible


@pytest.mark.parametrize("method", ["predict", "score", "transform"])
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_odd_rows_for_a_guarded_pipeline(method, data):
    value = data.draw(ODD_VALUES, label="X_eval")
    compare_pipelines(method, "X_eval", value)
