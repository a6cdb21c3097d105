"""Reading a CSV or Parquet file with polars into the DataFrame pandas reads.

polars parses in parallel; the audit then works on the pandas DataFrame of the
same columns. A CSV file is read as text, every cell, and its columns typed as
``pandas.read_csv`` types them (:func:`_typed`: its missing-value markers,
numbers written with spaces or a plus sign, true and false in any case; missing
flags become NaN), and ISO date columns are read as dates, as ``read_table``
then reads them. What polars would
read differently is left to pandas: blank lines (pandas skips them, polars reads
empty rows), repeated or empty header names (which pandas renames), integers
beyond int64, a Parquet file written by pandas (pandas restores its own index
and dtypes), column types other than numbers, flags, text, categories and times,
and any file polars fails to read, so that pandas' error is the one reported.
:func:`read_with_polars` returns None in those cases.
"""

import functools
import re

import numpy as np
import pandas as pd

from safesplit._frames import polars_frame

# pandas' default missing-value markers (the ``na_values`` documented for
# ``pandas.read_csv``), so that polars reads the same cells as missing.
PANDAS_NA_VALUES = [
    "",
    "#N/A",
    "#N/A N/A",
    "#NA",
    "-1.#IND",
    "-1.#QNAN",
    "-NaN",
    "-nan",
    "1.#IND",
    "1.#QNAN",
    "<NA>",
    "N/A",
    "NA",
    "NULL",
    "NaN",
    "None",
    "n/a",
    "nan",
    "null",
]
# What pandas reads as an integer, a number and a flag (numbers with spaces and
# tabs around), and the ISO dates read_table reads as dates; NaN spellings are
# missing-value markers. Tried in this order.
_PATTERNS = {
    "int": r"^[ \t]*[+-]?[0-9]+[ \t]*$",
    "float": (
        r"^[ \t]*[+-]?(([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?"
        r"|(?i:inf|infinity))[ \t]*$"
    ),
    "flag": r"^(?i:true|false)$",
    "date": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
}
_FLAGS = ["true", "false"]


def read_with_polars(polars, file, *, parquet, separator=","):
    """The pandas DataFrame of ``file`` read by polars, or None when pandas
    should read it (see the module's documentation)."""
    try:
        if parquet:
            if "pandas" in _parquet_key_values(polars, file):
                return None
            table = polars.read_parquet(file)
            return polars_frame(table) if _plain(polars, table) else None
        # Every cell as text: polars' own types would take a blank cell, or
        # "NAN", beyond its first rows for a missing number (see _typed).
        table = polars.read_csv(file, separator=separator, infer_schema_length=0)
        if not _plain(polars, table) or _has_blank_line(polars, table):
            return None
        return _missing_flags_as_nan(polars, _typed(polars, table))
    except Exception:  # pandas reads it, and reports what is wrong
        return None


def _parquet_key_values(polars, file):
    """The key-value metadata of a Parquet file (where pandas keeps its index
    and dtypes). polars reads it from 1.30 on; before, pyarrow does (without
    pyarrow, the ImportError sends the file to pandas, which needs it too)."""
    if hasattr(polars, "read_parquet_metadata"):
        return polars.read_parquet_metadata(file) or {}
    import pyarrow.parquet

    return {
        key.decode(): value
        for key, value in (pyarrow.parquet.read_metadata(file).metadata or {}).items()
    }


def _has_blank_line(polars, table):
    """Whether a row may come from an empty line or one of spaces and tabs,
    which pandas skips: nothing in any column but spaces in the first (a row of
    empty cells too, which only sends the file to pandas)."""
    first, *rest = (polars.col(name) for name in table.columns)
    blank = first.is_null() | first.str.contains(r"^[ \t\r]*$")
    if rest:
        blank = blank & polars.all_horizontal(column.is_null() for column in rest)
    return table.select(blank.any()).item()


def _plain(polars, table):
    """Whether every column name is one pandas keeps as it is, and every column
    holds numbers, flags, text, categories or times."""
    names = table.columns
    if any(name == "" or "_duplicated_" in name for name in names):
        return False
    plain_types = (
        polars.Boolean,
        polars.String,
        polars.Categorical,
        polars.Enum,
        polars.Date,
        polars.Datetime,
        polars.Duration,
        polars.Int8,
        polars.Int16,
        polars.Int32,
        polars.Int64,
        polars.UInt8,
        polars.UInt16,
        polars.UInt32,
        polars.UInt64,
        polars.Float32,
        polars.Float64,
    )
    return all(isinstance(dtype, plain_types) for dtype in table.dtypes)


def _typed(polars, table):
    """Text columns typed as ``pandas.read_csv`` types them: missing-value
    markers missing; integers if every other value is one (spaces and a plus
    sign allowed), else floats if every one is a number, else flags if every
    one is true or false (in any case), else text. Text columns of ISO dates
    (``2024-01-31``) are read as dates, as ``read_table`` then reads them.

    Raises
    ------
    ValueError
        For integers beyond int64, which pandas reads as uint64 or text.
    """
    col = polars.col
    names = table.columns
    marked = table.select(col(name).is_in(PANDAS_NA_VALUES).any() for name in names)
    table = table.with_columns(
        polars.when(col(name).is_in(PANDAS_NA_VALUES))
        .then(None)
        .otherwise(col(name))
        .alias(name)
        for name, has_marker in zip(names, marked.row(0))
        if has_marker
    )
    # A column is numbers, flags or dates only if its first value is one: the
    # whole column is checked only then.
    firsts = table.select(col(name).drop_nulls().first() for name in names).row(0)
    kinds = {name: _kind_of(first) for name, first in zip(names, firsts)}
    integers = [name for name, kind in kinds.items() if kind == "int"]
    typed = _numbers(polars, table, integers, True)
    # A column that starts with an integer may hold other numbers.
    floats = [name for name, kind in kinds.items() if kind == "float"]
    floats += [name for name in integers if typed[name] is None]
    typed.update(_numbers(polars, table, floats, False))
    for name in [n for n, k in kinds.items() if k in ("flag", "date")]:
        typed[name] = _flags_or_dates(polars, table.get_column(name), kinds[name])
    return table.with_columns(
        values.alias(name) for name, values in typed.items() if values is not None
    )


def _numbers(polars, table, names, integers):
    """``{name: the column as int64 (or float64) numbers, or None}``: None
    when some value is not a number pandas reads as one."""
    found = {}
    for stripped in (False, True):
        pending = [name for name in names if found.get(name) is None]
        if not pending:
            break
        casts = table.select(
            _as_number(polars, polars.col(name), integers, stripped) for name in pending
        )
        for name, cast in zip(pending, casts.iter_columns()):
            original = table.get_column(name)
            exact = cast.null_count() == original.null_count()
            if exact and not integers and cast.is_nan().any():
                exact = False  # "NAN", "nAn"...: text to pandas
            found[name] = cast if exact else None
    if integers:
        for name, cast in found.items():
            if cast is None and _has_large_integers(polars, table.get_column(name)):
                raise ValueError(f"column {name!r} holds integers beyond int64")
    return found


def _as_number(polars, values, integers, stripped):
    if stripped:
        # pandas reads " 5 " as 5; polars only without the spaces.
        values = values.str.strip_chars(" \t")
    return values.cast(polars.Int64 if integers else polars.Float64, strict=False)


def _has_large_integers(polars, values):
    """Whether integer text does not fit int64 (polars casts it to null)."""
    digits = values.str.strip_chars(" \t").str.contains(_PATTERNS["int"])
    return bool((digits & _as_number(polars, values, True, True).is_null()).any())


def _flags_or_dates(polars, values, kind):
    """The column as flags or dates, or None when some value is neither."""
    if kind == "flag":
        lowered = values.str.to_lowercase()
        return lowered == "true" if lowered.is_in(_FLAGS).all() else None
    if not values.str.contains(_PATTERNS["date"]).all():
        return None
    return values.str.to_date("%Y-%m-%d", strict=True).cast(
        polars.Datetime(_pandas_date_unit())
    )


def _kind_of(value):
    """What a first value could make a column: ``"int"``, ``"float"``,
    ``"flag"``, ``"date"``, or None (text). An empty column is read as floats,
    as pandas reads it."""
    if value is None:
        return "float"
    for kind, pattern in _PATTERNS.items():
        if re.match(pattern, value):
            return kind
    return None


@functools.cache
def _pandas_date_unit():
    """The unit of the dates pandas reads from ISO text (microseconds in pandas
    3), so that both readers give the same dtype."""
    parsed = pd.to_datetime(pd.Series(["2000-01-01"]), format="ISO8601")
    return np.datetime_data(parsed.dtype)[0]


def _missing_flags_as_nan(polars, table):
    """The pandas DataFrame of ``table``, a flag column with missing values
    holding NaN for them, as ``pandas.read_csv`` makes it."""
    frame = polars_frame(table)
    for name, dtype in table.schema.items():
        if dtype == polars.Boolean and table.get_column(name).null_count():
            values = np.array(frame[name], dtype=object)
            values[pd.isna(values)] = np.nan
            frame[name] = values
    return frame
