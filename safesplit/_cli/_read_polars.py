"""Reading a CSV or Parquet file with polars into the DataFrame pandas reads.

polars parses in parallel; the audit then works on the pandas DataFrame of the
same columns. A CSV file's columns are typed as ``pandas.read_csv`` types them
(:func:`_typed`: its missing-value markers, numbers written with spaces or a plus
sign, true and false in any case; missing flags become NaN), and ISO date
columns are read as dates, as ``read_table`` then reads them. What polars would
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
# Bytes scanned at a time for blank lines, and the bytes a blank line holds.
_SCAN_BYTES = 1 << 22
_NEWLINE = ord("\n")
_BLANK_BYTES = np.frombuffer(b" \t\r\n", dtype=np.uint8)


def read_with_polars(polars, file, *, parquet, separator=","):
    """The pandas DataFrame of ``file`` read by polars, or None when pandas
    should read it (see the module's documentation)."""
    try:
        if parquet:
            if "pandas" in (polars.read_parquet_metadata(file) or {}):
                return None
            table = polars.read_parquet(file)
            return polars_frame(table) if _plain(polars, table) else None
        if _has_blank_line(file):
            return None
        table = _read_csv(polars, file, separator)
        if not _plain(polars, table):
            return None
        return _missing_flags_as_nan(polars, _typed(polars, table))
    except Exception:  # pandas reads it, and reports what is wrong
        return None


def _read_csv(polars, file, separator):
    """polars' own column types where its first rows tell them, else every
    cell as text (typed by :func:`_typed`)."""
    try:
        return polars.read_csv(file, separator=separator, try_parse_dates=False)
    except polars.exceptions.ComputeError:  # a later row does not fit the types
        return polars.read_csv(file, separator=separator, infer_schema=False)


def _has_blank_line(file):
    """Whether the file has a line of nothing but spaces, tabs or a carriage
    return (perhaps inside a quoted value, which only sends the file to
    pandas): pandas skips those lines, polars reads them as rows."""
    tail = b"\n"  # a blank first line counts too
    with open(file, "rb") as handle:
        while chunk := handle.read(_SCAN_BYTES):
            data = np.frombuffer(tail + chunk, dtype=np.uint8)
            ends = np.flatnonzero(data == _NEWLINE)
            if _blank_line_between(data, ends):
                return True
            tail = bytes(data[ends[-1] :])
    return len(tail) > 1 and tail[1:].strip(b" \t\r") == b""


def _blank_line_between(data, ends):
    """Whether a line between two of the line ends ``ends`` of ``data`` is blank."""
    starts, stops = ends[:-1] + 1, ends[1:]
    if np.any(starts == stops):
        return True
    # Only a line that starts with a blank byte can be blank: usually none.
    suspect = np.isin(data[starts], _BLANK_BYTES)
    if not suspect.any():
        return False
    filled = np.cumsum(~np.isin(data, _BLANK_BYTES), dtype=np.int64)
    return bool(np.any(filled[stops[suspect] - 1] == filled[starts[suspect] - 1]))


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
    polars.exceptions.InvalidOperationError
        For integers beyond int64, which pandas reads as uint64 or text.
    """
    col = polars.col
    text = [name for name, dtype in table.schema.items() if dtype == polars.String]
    if not text:
        return table
    table = table.with_columns(
        polars.when(col(name).is_in(PANDAS_NA_VALUES))
        .then(None)
        .otherwise(col(name))
        .alias(name)
        for name in text
    )
    # A column is numbers, flags or dates only if its first value is one: the
    # whole column is checked only then.
    firsts = table.select(col(name).drop_nulls().first() for name in text).row(0)
    kinds = {name: _kind_of(first) for name, first in zip(text, firsts)}
    # A column that starts with an integer may hold other numbers.
    tried = [
        (name, kind)
        for name, first in kinds.items()
        for kind in (("int", "float") if first == "int" else (first,))
        if first is not None
    ]
    if not tried:
        return table
    checks = table.select(
        col(name).str.contains(_PATTERNS[kind]).all().alias(f"{kind} {name}")
        for name, kind in tried
    ).row(0)
    cast = {}
    for (name, kind), holds in zip(tried, checks):
        if holds and name not in cast:
            cast[name] = _cast(polars, col(name), kind).alias(name)
    return table.with_columns(cast.values())


def _kind_of(value):
    """What a first value could make a column: ``"int"``, ``"float"``,
    ``"flag"``, ``"date"``, or None (text; None for an empty column: pandas
    reads it as floats)."""
    if value is None:
        return "float"
    for kind, pattern in _PATTERNS.items():
        if re.match(pattern, value):
            return kind
    return None


def _cast(polars, values, kind):
    if kind == "int":
        # strict: integers beyond int64 raise, and pandas reads them.
        return values.str.strip_chars(" \t").cast(polars.Int64, strict=True)
    if kind == "float":
        return values.str.strip_chars(" \t").cast(polars.Float64)
    if kind == "flag":
        return values.str.to_lowercase() == "true"
    return values.str.to_date("%Y-%m-%d", strict=True).cast(
        polars.Datetime(_pandas_date_unit())
    )


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
