"""Reading polars and pyarrow-backed pandas (``safesplit._frames``): the values a
column holds, checked against references built value by value from Python
objects; polars never imported by safesplit itself; a LazyFrame refused by every
entry point with the same advice."""

import datetime
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler

from safesplit import (
    PurgedKFold,
    audit,
    describe_splits,
    make_guarded_pipeline,
    purged_train_test_split,
)
from safesplit._frames import (
    numpy_backed,
    numpy_backed_frame,
    one_dimensional,
    polars_column,
    polars_frame,
)
from safesplit.pipeline._records import fingerprint_rows

ZONES = ["UTC", "Europe/Paris", "America/New_York", "Asia/Kolkata"]
EPOCH = datetime.datetime(2000, 1, 1)


@st.composite
def columns(draw, min_size=0):
    """``(kind, Python values)``: one column of a kind, maybe with missing values
    (None)."""
    kind = draw(
        st.sampled_from(
            ["int", "float", "bool", "str", "datetime", "aware", "date", "duration"]
            + ["category"]
        )
    )
    missing = draw(st.booleans())
    seconds = st.integers(0, 10**9)
    values = {
        "int": st.integers(-(2**53), 2**53),
        "float": st.floats(allow_nan=False, allow_infinity=False, width=64),
        "bool": st.booleans(),
        "str": st.text(max_size=5),
        "datetime": seconds.map(lambda s: EPOCH + datetime.timedelta(seconds=s)),
        "aware": seconds.map(lambda s: EPOCH + datetime.timedelta(seconds=s)),
        "date": st.integers(0, 20_000).map(
            lambda d: datetime.date(1970, 1, 1) + datetime.timedelta(days=d)
        ),
        "duration": st.integers(-(10**9), 10**9).map(
            lambda s: datetime.timedelta(seconds=s)
        ),
        "category": st.sampled_from(["red", "green", "blue"]),
    }[kind]
    items = draw(
        st.lists(st.one_of(values, st.none()) if missing else values, min_size=min_size)
    )
    return kind, items


def polars_series(kind, values, zone="UTC"):
    if kind == "aware":
        return pl.Series("c", values, dtype=pl.Datetime("us")).dt.replace_time_zone(
            zone
        )
    dtype = {
        "int": pl.Int64,
        "float": pl.Float64,
        "bool": pl.Boolean,
        "str": pl.String,
        "category": pl.Categorical,
        "datetime": pl.Datetime("us"),
        "date": pl.Date,
        "duration": pl.Duration("us"),
    }[kind]
    return pl.Series("c", values, dtype=dtype)


def reference(kind, values, zone="UTC"):
    """The numpy-backed pandas column a polars column of these Python values is,
    built value by value: missing numbers are NaN, missing flags None, missing
    times NaT; integers and flags stay so when none is missing."""
    missing = [v is None for v in values]
    if kind in ("int", "float"):
        if kind == "int" and not any(missing):
            return pd.Series(np.array(values, dtype=np.int64), name="c")
        floats = [np.nan if v is None else float(v) for v in values]
        return pd.Series(np.array(floats, dtype=np.float64), name="c")
    if kind == "bool":
        if not any(missing):
            return pd.Series(np.array(values, dtype=bool), name="c")
        return pd.Series(np.array(values, dtype=object), name="c")
    if kind == "str":
        return pd.Series(np.array(values, dtype=object), name="c")
    if kind == "category":
        return pd.Series(pd.Categorical(values), name="c")
    if kind in ("datetime", "aware", "date"):
        stamps = [
            pd.NaT if v is None else pd.Timestamp(v).as_unit("us") for v in values
        ]
        column = pd.Series(pd.DatetimeIndex(stamps, dtype="datetime64[us]"), name="c")
        if kind == "aware":
            column = column.dt.tz_localize(zone)  # polars' local wall times
        return column
    deltas = [pd.NaT if v is None else pd.Timedelta(v).as_unit("us") for v in values]
    return pd.Series(pd.TimedeltaIndex(deltas, dtype="timedelta64[us]"), name="c")


def arrow_backed(column):
    """The pyarrow-backed pandas column of the same values and types (NaN, None
    and NaT become nulls; categories a dictionary)."""
    import pyarrow as pa

    array = pa.Array.from_pandas(column)
    return pd.Series(pd.arrays.ArrowExtensionArray(array), name=column.name)


def assert_same_column(got, want):
    """The same values, missing at the same places, and the same kind of dtype
    (datetime units may differ: a date is read at a coarser unit)."""
    assert len(got) == len(want)
    assert isinstance(got.dtype, pd.CategoricalDtype) == isinstance(
        want.dtype, pd.CategoricalDtype
    )
    if isinstance(want.dtype, pd.DatetimeTZDtype):
        assert str(got.dt.tz) == str(want.dt.tz)
    assert got.dtype.kind == want.dtype.kind or (
        want.dtype == object and got.dtype.kind in "OT"
    )
    np.testing.assert_array_equal(got.isna().to_numpy(), want.isna().to_numpy())
    present = ~want.isna().to_numpy()
    assert list(got[present]) == list(want[present])


@settings(max_examples=150, deadline=None)
@given(columns(), st.sampled_from(ZONES))
def test_polars_column_holds_the_values_of_its_python_values(column, zone):
    kind, values = column
    series = polars_series(kind, values, zone)
    got = polars_column(series)
    assert got.name == "c"
    assert_same_column(got, reference(kind, values, zone))
    assert isinstance(got.index, pd.RangeIndex)


@settings(max_examples=150, deadline=None)
@given(columns())
def test_pyarrow_backed_column_reads_as_the_numpy_backed_one(column):
    kind, values = column
    want = reference(kind, values)
    arrow = arrow_backed(want)
    got = numpy_backed(arrow)
    assert_same_column(got, want)
    # Index in, Index out; a Series keeps its index.
    assert isinstance(numpy_backed(pd.Index(arrow)), pd.Index)
    shifted = arrow.set_axis(np.arange(len(arrow)) + 7)
    assert numpy_backed(shifted).index.equals(shifted.index)


@settings(max_examples=100, deadline=None)
@given(st.lists(columns(min_size=4), min_size=1, max_size=4))
def test_same_rows_get_the_same_fingerprints_in_every_library(picked):
    """The guard's row fingerprints: equal for the same rows as numpy-backed
    pandas, pyarrow-backed pandas and polars."""
    n = min(len(values) for _, values in picked)
    frame = pd.concat(
        [
            reference(kind, values[:n]).rename(f"c{i}")
            for i, (kind, values) in enumerate(picked)
        ],
        axis=1,
    )
    want, skipped = fingerprint_rows(frame, "fit")
    assert skipped is None
    as_polars = pl.DataFrame(
        [
            polars_series(kind, values[:n]).rename(f"c{i}")
            for i, (kind, values) in enumerate(picked)
        ]
    )
    arrow = frame.apply(arrow_backed)
    for other in (arrow, as_polars):
        got, skipped = fingerprint_rows(other, "fit")
        assert skipped is None
        np.testing.assert_array_equal(got, want)
    numbers = [j for j, (kind, _) in enumerate(picked) if kind in ("int", "float")]
    if len(numbers) == len(picked):
        values = frame.to_numpy(dtype=np.float64, na_value=np.nan)
        np.testing.assert_array_equal(fingerprint_rows(values, "fit")[0], want)


def test_polars_frame_reads_only_the_columns_asked_for():
    frame = pl.DataFrame({"a": [1, 2], "b": [[1], [2]], "c": ["x", "y"]})
    got = polars_frame(frame, ["c", "a"])
    assert list(got.columns) == ["c", "a"]
    assert got["a"].tolist() == [1, 2]
    # The nested column, not asked for, is not read; asked for, it is refused.
    with pytest.raises(TypeError, match=r"^column 'b' is a polars List\(Int64\)"):
        polars_frame(frame)


def test_numpy_backed_frame_leaves_its_input_alone():
    frame = pd.DataFrame({"a": [1, None, 3], "b": ["x", "y", None]})
    arrow = frame.convert_dtypes(dtype_backend="pyarrow")
    before = arrow.copy()
    got = numpy_backed_frame(arrow)
    pd.testing.assert_frame_equal(arrow, before)
    assert got is not arrow
    assert got["a"].dtype == np.float64 and got["b"].tolist()[:2] == ["x", "y"]
    assert numpy_backed_frame(frame) is frame  # nothing to convert: no copy


def test_one_dimensional_values():
    positions = one_dimensional(pl.Series([3, 1, 2]), "groups")
    assert isinstance(positions, pd.Index) and positions.tolist() == [3, 1, 2]
    array = np.arange(3)
    assert one_dimensional(array, "times") is array
    with pytest.raises(ValueError, match=r"^times must be one-dimensional, got a pol"):
        one_dimensional(pl.DataFrame({"t": [1, 2]}), "times")


# --------------------------------------------------------------------------------------
# Entry points: polars and pyarrow-backed input, a LazyFrame refused.


def _lead_like(n=120, seed=0):
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame(
        {
            "when": pd.date_range("2024-03-01", periods=n, freq="D", tz="Europe/Paris"),
            "a": rng.normal(size=n),
            "b": rng.integers(0, 4, n),
        }
    )
    y = pd.Series((frame["a"] + rng.normal(size=n) > 0).astype(int), name="y")
    return frame, y


def test_pyarrow_kind_keeps_time_zones(as_kind):
    # The pyarrow cases compare with pandas: a zone lost in the conversion (pandas
    # before 2.0.2 loses it in convert_dtypes) would fail them for the wrong reason.
    frame, _ = _lead_like()
    for arrow in (as_kind(frame, "pyarrow")["when"], as_kind(frame["when"], "pyarrow")):
        assert arrow.dtype.pyarrow_dtype.tz == "Europe/Paris"
        assert arrow.tolist() == frame["when"].tolist()


@pytest.mark.parametrize("frame_kind", ["pyarrow", "polars"])
def test_time_column_splits_and_describes_like_pandas(frame_kind, as_kind):
    frame, y = _lead_like()
    cv = PurgedKFold(4, horizon="3D", embargo="2D", time_column="when")
    other = as_kind(frame, frame_kind)
    want = [(tr.tolist(), te.tolist()) for tr, te in cv.split(frame, y)]
    assert [(tr.tolist(), te.tolist()) for tr, te in cv.split(other, y)] == want
    pd.testing.assert_frame_equal(
        describe_splits(cv, other, y), describe_splits(cv, frame, y)
    )
    kwargs = {"test_size": 0.25, "horizon": "3D", "time_column": "when"}
    train, test = purged_train_test_split(other, **kwargs)
    want_train, want_test = purged_train_test_split(frame, **kwargs)
    assert type(train) is type(other) and type(test) is type(other)
    # The 3 days before the test part are purged.
    assert (len(train), len(test)) == (len(want_train), len(want_test)) == (87, 30)


@pytest.mark.parametrize(
    "series",
    [
        pl.Series(pd.date_range("2024-01-01", periods=30)).cast(pl.Date),
        pl.Series(pd.date_range("2024-01-01", periods=30)).cast(pl.Datetime("ms")),
        pl.Series(pd.date_range("2024-01-01", periods=30, tz="Asia/Tokyo")),
        pl.Series(pd.to_timedelta(np.arange(30), unit="h")),
        pl.Series(np.arange(30) * 3, dtype=pl.Int32),
    ],
    ids=["Date", "Datetime-ms", "Datetime-tz", "Duration", "Int32"],
)
def test_polars_times_split_like_their_pandas_values(series):
    X = np.zeros((30, 1))
    reversed_times = series.reverse()
    # Entities of 3 consecutive rows, held as polars categories.
    groups = pl.Series(np.arange(30) // 3).cast(pl.String).cast(pl.Categorical)
    cv = PurgedKFold(3, horizon=1, embargo=1)
    got = list(cv.split(X, times=reversed_times, groups=groups))
    want = list(
        cv.split(
            X,
            times=reversed_times.to_pandas(),
            groups=groups.to_pandas().astype(str),
        )
    )
    assert [(a.tolist(), b.tolist()) for a, b in got] == [
        (a.tolist(), b.tolist()) for a, b in want
    ]


def test_polars_groups_with_missing_values_are_refused_by_name():
    with pytest.raises(ValueError, match=r"^groups contain 2 missing value"):
        list(PurgedKFold(3).split(np.zeros((6, 1)), groups=pl.Series([1, 2, None] * 2)))


LAZY_MESSAGE = (
    "{} is a polars LazyFrame, a query that has not run; call {}.collect() first"
)


def _lazy_calls():
    frame, y = _lead_like(n=60)
    X = pl.from_pandas(frame.drop(columns="when"))
    lazy = X.lazy()
    times = pl.from_pandas(frame["when"])
    pipe = make_guarded_pipeline(StandardScaler(), LogisticRegression())
    fitted = make_guarded_pipeline(StandardScaler(), LogisticRegression()).fit(
        X[:30], y[:30]
    )
    return [
        ("X", lambda: list(PurgedKFold(3).split(lazy, times=times))),
        ("times", lambda: list(PurgedKFold(3).split(X, times=times.to_frame().lazy()))),
        ("y", lambda: list(PurgedKFold(3).split(X, lazy, times=times))),
        ("X", lambda: audit(lazy, y)),
        ("X_new", lambda: audit(X, y, X_new=lazy)),
        ("X_test", lambda: audit(X[:30], y[:30], test=(lazy, y[30:]))),
        ("X", lambda: pipe.fit(lazy, y)),
        ("X", lambda: fitted.predict(lazy)),
    ]


@pytest.mark.parametrize("index", range(len(_lazy_calls())))
def test_every_entry_point_refuses_a_lazy_frame(index):
    name, call = _lazy_calls()[index]
    with pytest.raises(
        TypeError, match="^" + re.escape(LAZY_MESSAGE.format(name, name))
    ):
        call()


def test_safesplit_never_imports_polars_for_numpy_and_pandas_input():
    script = """
import sys
import numpy as np
import pandas as pd
import safesplit
from safesplit import PurgedKFold, audit, describe_splits, make_guarded_pipeline
from sklearn.linear_model import LogisticRegression
rng = np.random.default_rng(0)
X = pd.DataFrame({"a": rng.normal(size=200), "b": rng.normal(size=200)})
X["when"] = pd.date_range("2024-01-01", periods=200)
y = (X["a"] > 0).astype(int)
cv = PurgedKFold(3, horizon=2, time_column="when")
list(cv.split(X, y))
describe_splits(cv, X, y)
list(PurgedKFold(3).split(X.to_numpy(), times=X["when"].to_numpy()))
audit(X, y, cv=cv, X_new=X.iloc[:50])
audit(X[["a", "b"]].to_numpy(), y.to_numpy())
pipe = make_guarded_pipeline(LogisticRegression()).fit(X[["a", "b"]][:150], y[:150])
pipe.predict(X[["a", "b"]][150:])
assert "polars" not in sys.modules, sorted(m for m in sys.modules if "polars" in m)
print("no polars")
"""
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=Path(__file__).resolve().parents[1],  # this checkout's safesplit
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "no polars"
