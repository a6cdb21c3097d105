"""Reading a CSV or Parquet file with polars into the DataFrame pandas reads.

polars parses in parallel and is much faster on large files; the audit then
works on the pandas DataFrame of the same columns. Where the two libraries read
a file differently, polars' reading is brought to pandas' (missing-value
markers, numbers written with spaces or a plus sign, missing flags as NaN), and
where that cannot be done cheaply the file is left to pandas: blank lines
(pandas skips them, polars reads empty rows), repeated or empty header names
(which pandas renames), a Parquet file written by pandas (pandas restores its own
index and dtypes), column types other than numbers, flags, text, categories and
times, and any file polars fails to read, so that pandas' error is the one
reported. :func:`read_with_polars` returns None in those cases.
"""

import numpy as np
import pandas as pd

from safesplit._frames import polars_frame

# pandas' default missing-value markers (the ``na_values`` documented for
# ``pandas.read_csv``), so that polars reads the same cells as missing.
PANDAS_NA_VALUES = (
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
)
# Bytes scanned at a time for blank lines.
_SCAN_BYTES = 1 << 24


def read_with_polars(polars, file, *, parquet, separator=","):
    """The pandas DataFrame of ``file`` read by polars, or None when pandas
    should read it (see the module's documentation)."""
    try:
        if parquet:
            if "pandas" in (polars.read_parquet_metadata(file) or {}):
                return None
            table = polars.read_parquet(file)
        else:
            if _has_blank_line(file):
                return None
            table = polars.read_csv(
                file,
                separator=separator,
                null_values=list(PANDAS_NA_VALUES),
                infer_schema_length=None,
                try_parse_dates=False,
            )
        if not _plain(polars, table):
            return None
        if parquet:
            return polars_frame(table)
        return _missing_flags_as_nan(polars, _numbers_in_text(polars, table))
    except Exception:
        return None


def _has_blank_line(file):
    """Whether the file has an empty line (perhaps inside a quoted value, which
    only sends the file to pandas)."""
    previous = b"\n"  # a blank first line counts too
    with open(file, "rb") as handle:
        while chunk := handle.read(_SCAN_BYTES):
            joined = previous + chunk
            if b"\n\n" in joined or b"\n\r\n" in joined:
                return True
            previous = chunk[-2:]
    return False


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


def _numbers_in_text(polars, table):
    """Text columns that pandas reads as numbers (spaces around them, a plus
    sign), read as numbers: integers if all are, else floats."""
    columns = []
    for name, dtype in table.schema.items():
        column = table.get_column(name)
        if dtype == polars.String:
            stripped = column.str.strip_chars()
            for number in (polars.Int64, polars.Float64):
                cast = stripped.cast(number, strict=False)
                if cast.null_count() == column.null_count():
                    column = cast
                    break
        columns.append(column)
    return polars.DataFrame(columns)


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
