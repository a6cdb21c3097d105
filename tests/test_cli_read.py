"""Reading the command line's data files: polars (when installed) and pandas give
the same DataFrame, the same ``--time`` values and the same report."""

import csv
import datetime
import importlib.abc
import io
import json
import re
import sys

import numpy as np
import pandas as pd
import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from safesplit._cli import main
from safesplit._cli._read import _parse_times, read_table
from safesplit._cli._read_polars import PANDAS_NA_VALUES, read_with_polars

FLAGS = ["True", "False", "true", "false", "TRUE", "FALSE", "tRuE"]
# Cells that look like numbers or flags to one reader and not to another.
ODD = [
    "1_000",
    "NAN",
    "Infinity",
    "+inf",
    " True",
    "1.",
    ".5",
    "1.e5",
    "0x1A",
    "1e",
    "\u0661\u0662",
    "\u22121",
    "1 000",
    " 7 ",
]
TEXT = st.text(
    alphabet=st.sampled_from(list("abcXYZ019 ,.-+'\"é")), min_size=1, max_size=6
)


def _date(days):
    return datetime.date(2000, 1, 1) + datetime.timedelta(days=days)


def _offset(minutes):
    sign = "+" if minutes >= 0 else "-"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def cells(kind, offset):
    """Text cells of one kind, as people write them."""
    days = st.integers(0, 20_000)
    if kind == "int":
        return st.integers(-(2**63), 2**63 - 1).map(str)
    if kind == "padded":  # spaces around, a plus sign: pandas reads numbers
        return st.tuples(
            st.integers(-(10**6), 10**6), st.sampled_from(["", " ", "+"])
        ).map(lambda p: f"{p[1]}{p[0]} " if p[0] >= 0 else f" {p[0]}")
    if kind == "float":
        return st.floats(allow_nan=False, width=64).map(repr)
    if kind == "flag":
        return st.sampled_from(FLAGS)
    if kind == "odd":
        return st.one_of(st.sampled_from(ODD), st.integers(-5, 5).map(str))
    if kind == "text":
        return TEXT
    if kind == "date":
        return days.map(lambda d: _date(d).isoformat())
    minutes = st.integers(0, 24 * 60 - 1)
    zone = st.just(offset) if kind == "offset" else st.sampled_from(["Z", "+02:00"])
    return st.tuples(days, minutes, zone).map(
        lambda p: f"{_date(p[0]).isoformat()}T{p[1] // 60:02d}:{p[1] % 60:02d}{p[2]}"
    )


KINDS = ["int", "padded", "float", "flag", "odd", "text", "date", "offset", "offsets"]


@st.composite
def csv_texts(draw):
    """A CSV file's text: a header ``c0, c1...`` and rows of cells of one kind
    per column, some missing (written with a marker pandas knows)."""
    n_rows = draw(st.integers(1, 25))
    kinds = draw(st.lists(st.sampled_from(KINDS), min_size=1, max_size=5))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([f"c{j}" for j in range(len(kinds))])
    offset = _offset(draw(st.integers(-12 * 60, 14 * 60)))
    columns = []
    for kind in kinds:
        values = draw(st.lists(cells(kind, offset), min_size=n_rows, max_size=n_rows))
        missing = draw(st.lists(st.booleans(), min_size=n_rows, max_size=n_rows))
        marker = draw(st.sampled_from(PANDAS_NA_VALUES))
        columns.append([marker if gone else v for v, gone in zip(values, missing)])
    writer.writerows(zip(*columns))
    return buffer.getvalue()


def read_both(path):
    return read_table(path, engine="pandas"), read_table(path, engine="polars")


@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(text=csv_texts())
def test_polars_and_pandas_read_the_same_csv(tmp_path, text):
    path = tmp_path / "data.csv"
    path.write_text(text, encoding="utf-8")
    try:
        by_pandas = read_table(path, engine="pandas")
    except Exception as exc:  # the same refusal from both
        with pytest.raises(type(exc), match=f"^{re.escape(str(exc))}$"):
            read_table(path, engine="polars")
        return
    by_polars = read_table(path, engine="polars")
    pd.testing.assert_frame_equal(by_polars, by_pandas, check_exact=True)
    # Read by polars, not handed to pandas: only a row with nothing in it (a
    # blank line, or all cells empty) sends a file there.
    rows = list(csv.reader(io.StringIO(text)))[1:]
    if all(any(cell.strip(" \t\r") for cell in row) for row in rows):
        assert read_with_polars(pl, path, parquet=False) is not None


def test_files_polars_would_read_differently_go_to_pandas(tmp_path):
    texts = {
        "blank line": "a,b\n1,2\n\n3,4\n",
        "line of spaces": "a,b\n1,2\n  \t\n3,4\n",
        "blank last line": "a,b\n1,2\n \r\n",
        "spaces at the end": "a,b\n1,2\n  ",
        "repeated name": "a,a\n1,2\n",
        "empty name": ",a\n0,1\n",
        "one field too many": "a,b\n1,2,\n",
        "integer beyond int64": "a\n99999999999999999999\n1\n",
    }
    for name, text in texts.items():
        path = tmp_path / "data.csv"
        path.write_text(text)
        assert read_with_polars(pl, path, parquet=False) is None, name
        pd.testing.assert_frame_equal(*read_both(path))
    # polars skips a blank first line as pandas does: it reads that file.
    path.write_text("\na,b\n1,2\n")
    assert read_with_polars(pl, path, parquet=False) is not None
    pd.testing.assert_frame_equal(*read_both(path))


def test_lines_that_start_with_spaces_are_read_by_polars(tmp_path):
    path = tmp_path / "data.csv"
    path.write_text("a,b\n 1,x\n\t2, y\n")
    assert read_with_polars(pl, path, parquet=False) is not None
    by_pandas, by_polars = read_both(path)
    pd.testing.assert_frame_equal(by_polars, by_pandas)
    assert by_pandas["a"].tolist() == [1, 2]


TRICKY = ["NAN", "nan", "inf", "-Infinity", "1_000", "True", "tRuE", "1", "1.5"]
TRICKY += [" 2", "+3", "1e5", "", "NA", "2024-01-01", "2024-02-30", "x", "-nan"]


@pytest.mark.parametrize("first", TRICKY)
def test_every_pair_of_tricky_cells_reads_alike(tmp_path, first):
    path = tmp_path / "data.csv"
    for second in TRICKY:
        path.write_text(f"k,v\n0,{first}\n1,{second}\n2,{first}\n")
        pd.testing.assert_frame_equal(*read_both(path), check_exact=True)


@pytest.mark.parametrize("usual", ["7", "2.5", "true", "x"])
def test_a_cell_after_many_usual_ones_reads_alike(tmp_path, usual):
    """Beyond the rows a reader looks at to guess a column's type."""
    path = tmp_path / "data.csv"
    for odd in [*TRICKY, "  ", "NAN", "1e400", "99999999999999999999"]:
        path.write_text("k,v\n" + f"0,{usual}\n" * 300 + f"1,{odd}\n")
        pd.testing.assert_frame_equal(*read_both(path), check_exact=True)


def _parquet_frame():
    rng = np.random.default_rng(0)
    n = 50
    return pl.DataFrame(
        {
            "count": rng.integers(0, 9, n),
            "amount": np.where(rng.random(n) < 0.1, np.nan, rng.normal(size=n)),
            "with_gaps": pl.Series([None if i % 7 == 0 else i for i in range(n)]),
            "flag": rng.random(n) < 0.5,
            "plan": rng.choice(["basic", "pro"], n),
            "day": pl.date_range(
                datetime.date(2024, 1, 1), datetime.date(2024, 2, 19), eager=True
            ),
            "at": pl.datetime_range(
                datetime.datetime(2024, 1, 1),
                datetime.datetime(2024, 2, 19),
                "1d",
                eager=True,
                time_zone="Europe/Paris",
            ),
            "wait": pl.Series([datetime.timedelta(hours=i) for i in range(n)]),
        }
    )


def test_polars_and_pandas_read_the_same_parquet(tmp_path):
    path = tmp_path / "data.parquet"
    _parquet_frame().write_parquet(path)
    assert read_with_polars(pl, path, parquet=True) is not None
    by_pandas, by_polars = read_both(path)
    pd.testing.assert_frame_equal(by_polars, by_pandas)
    # A date is a datetime, whichever library read it.
    assert by_pandas["day"].dtype.kind == "M"


def test_parquet_written_by_pandas_is_read_by_pandas(tmp_path):
    path = tmp_path / "data.parquet"
    frame = _parquet_frame().to_pandas().set_index("count")
    frame.to_parquet(path)
    assert read_with_polars(pl, path, parquet=True) is None
    by_pandas, by_polars = read_both(path)
    pd.testing.assert_frame_equal(by_polars, by_pandas)
    assert "count" not in by_pandas.columns  # pandas put its index back


TIME_COLUMNS = {
    "ISO dates": [f"2024-01-{d:02d}" for d in range(1, 29)],
    "datetimes with an offset": [f"2024-01-{d:02d}T09:30+02:00" for d in range(1, 29)],
    "datetimes with offsets": [
        f"2024-01-{d:02d}T09:30{'Z' if d % 2 else '-05:00'}" for d in range(1, 29)
    ],
    "integers": [str(3 * d) for d in range(28)],
}


@pytest.mark.parametrize("layout", list(TIME_COLUMNS), ids=list(TIME_COLUMNS))
def test_time_column_is_parsed_the_same_by_both(tmp_path, layout):
    rng = np.random.default_rng(1)
    frame = pd.DataFrame(
        {"when": TIME_COLUMNS[layout], "x": rng.normal(size=28), "y": np.arange(28) % 2}
    )
    path = tmp_path / "data.csv"
    frame.to_csv(path, index=False)
    by_pandas, by_polars = read_both(path)
    times = [_parse_times(part["when"], "--time") for part in (by_pandas, by_polars)]
    pd.testing.assert_series_equal(times[1], times[0])
    assert times[0].dtype.kind == ("i" if layout == "integers" else "M")
    if layout == "datetimes with offsets":
        # Instants with different offsets: read in UTC, none shifted.
        assert str(times[0].dt.tz) == "UTC"
        assert times[0].iloc[1] == pd.Timestamp("2024-01-02T14:30Z")


class _HidePolars(importlib.abc.MetaPathFinder):
    """Makes ``import polars`` fail, as where it is not installed."""

    def find_spec(self, name, path=None, target=None):
        if name == "polars" or name.startswith("polars."):
            raise ImportError(f"No module named {name!r}")
        return None


@pytest.fixture
def without_polars(monkeypatch):
    """polars as if not installed: not imported (scikit-learn, like safesplit,
    looks for it in ``sys.modules``) and not importable."""

    def hide():
        monkeypatch.delitem(sys.modules, "polars")
        monkeypatch.setattr(sys, "meta_path", [_HidePolars(), *sys.meta_path])

    return hide


def _report(capsys, *argv):
    assert main(["audit", *argv, "--format", "json"]) in (0, 1)
    report = json.loads(capsys.readouterr().out)
    report["summary"]["seconds"] = None
    return report


def test_audit_reports_the_same_with_and_without_polars(
    capsys, tmp_path, without_polars
):
    rng = np.random.default_rng(2)
    n = 300
    frame = pl.DataFrame(
        {
            "signup": [
                f"2023-{1 + i // 28 % 12:02d}-{1 + i % 28:02d}" for i in range(n)
            ],
            "account": [f"acct{i // 3}" for i in range(n)],
            "a": rng.normal(size=n),
            "plan": rng.choice(["basic", "pro", "team"], n),
        }
    ).with_columns(churned=(pl.col("a") + rng.normal(size=n) > 0).cast(pl.Int64))
    path = tmp_path / "data.parquet"
    frame.write_parquet(path)
    # By default polars reads a Parquet file (a CSV file only when asked).
    assert read_with_polars(pl, path, parquet=True) is not None
    argv = [str(path), "--target", "churned", "--time", "signup", "--group", "account"]
    with_polars = _report(capsys, *argv)
    without_polars()
    with pytest.raises(ImportError):
        read_table(path, engine="polars")
    without_polars = _report(capsys, *argv)
    assert with_polars == without_polars
    assert with_polars["summary"]["times"] == "times"
