"""Reading a data file (CSV or Parquet) and its special columns."""

import datetime
import re
import warnings
from pathlib import Path

from safesplit._cli._errors import UserError
from safesplit._cli._read_polars import read_with_polars


def read_table(path, *, engine=None):
    """Read a CSV (optionally compressed) or Parquet file into a DataFrame.

    ``engine`` None reads a Parquet file with polars when it is installed
    (faster: ``benchmarks/bench_read.py``), anything else with pandas;
    ``"pandas"`` always with pandas; ``"polars"`` also an uncompressed CSV file
    with polars, which must be installed. The DataFrame is the same either way
    (see ``_read_polars``): pandas reads what polars would read differently.
    """
    file = Path(path)
    if not file.exists():
        raise UserError(f"no such file: {path}")
    if file.is_dir():
        raise UserError(f"{path} is a directory, not a CSV or Parquet file")
    name = file.name.lower()
    parquet = name.endswith((".parquet", ".pq"))
    sep = "\t" if name.endswith((".tsv", ".tsv.gz", ".tab")) else ","
    frame = None
    polars = _polars(engine)
    # CSV by polars only when asked: on the 2-core machine it was measured on,
    # its parse took more CPU than pandas' and was slower (bench_read.py).
    csv = engine == "polars" and name.endswith((".csv", ".tsv", ".tab"))
    if polars is not None and (parquet or csv):
        frame = read_with_polars(polars, file, parquet=parquet, separator=sep)
    if frame is None:
        frame = _read_parquet(file, path) if parquet else _read_csv(file, path, sep)
    if frame.shape[0] == 0:
        raise UserError(f"{path} has no data rows")
    frame.columns = [str(column) for column in frame.columns]
    return _parse_date_columns(_dates_as_datetimes(frame))


def _polars(engine):
    """polars when ``engine`` asks for it (None: when it is installed)."""
    if engine not in (None, "pandas", "polars"):
        raise ValueError(f"engine must be None, 'pandas' or 'polars', got {engine!r}.")
    if engine == "pandas":
        return None
    try:
        import polars
    except ImportError:
        if engine == "polars":
            raise
        return None
    return polars


def _read_parquet(file, path):
    import pandas as pd

    try:
        import pyarrow  # noqa: F401
    except ImportError:
        raise UserError(
            f"reading {path} needs pyarrow: pip install 'safesplit-cv[parquet]'"
        ) from None
    try:
        return pd.read_parquet(file)
    except (OSError, ValueError) as exc:
        raise UserError(f"could not read {path} as Parquet: {exc}") from None


def _read_csv(file, path, sep):
    import pandas as pd

    try:
        return pd.read_csv(file, sep=sep)
    except pd.errors.EmptyDataError:
        raise UserError(f"{path} is empty") from None
    except (pd.errors.ParserError, UnicodeDecodeError, ValueError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
        raise UserError(f"could not read {path} as CSV: {first}") from None


def _dates_as_datetimes(frame):
    """Columns of dates (``datetime.date``, as pandas reads a Parquet date) as
    datetime columns, as polars reads them."""
    import pandas as pd

    for name in frame.columns:
        column = frame[name]
        if column.dtype != object:
            continue
        present = column.dropna()
        first = present.iloc[0] if len(present) else None
        if isinstance(first, datetime.date) and not isinstance(
            first, datetime.datetime
        ):
            frame[name] = pd.to_datetime(column)
    return frame


_ISO_DATE = (
    r"^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$"
)


def _parse_date_columns(frame):
    """Turn text columns that hold ISO dates only into datetime columns."""
    import numpy as np
    import pandas as pd

    for name in frame.columns:
        column = frame[name]
        dtype = column.dtype
        if (
            pd.api.types.is_numeric_dtype(dtype)
            or pd.api.types.is_bool_dtype(dtype)
            or pd.api.types.is_datetime64_any_dtype(dtype)
        ):
            continue
        # The first 1000 values present, without copying the column.
        present = np.flatnonzero(column.notna().to_numpy())
        values = column.iloc[present[:1000]]
        if values.empty or not isinstance(values.iloc[0], str):
            continue
        head = values.astype(str)
        if not head.str.match(_ISO_DATE).all():
            continue
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                frame[name] = pd.to_datetime(
                    column,
                    format="ISO8601",
                    utc=_offsets_differ(column.iloc[present]),
                )
        except (ValueError, TypeError, OverflowError):
            continue
    return frame


_OFFSET = r"(Z|[+-]\d{2}:?\d{2})$"


def _offsets_differ(values):
    """Whether every value carries a UTC offset, not all the same one: the values
    are then instants, read in UTC (pandas refuses to mix offsets otherwise)."""
    if not re.search(_OFFSET, str(values.iloc[0])):
        return False  # dates and local times: no need to look further
    offsets = values.astype(str).str.extract(_OFFSET, expand=False)
    if offsets.isna().any():
        return False
    return offsets.str.replace("Z", "+00:00").str.replace(":", "").nunique() > 1


def _column(frame, name, option, path):
    if name not in frame.columns:
        shown = ", ".join(list(frame.columns)[:12])
        more = ", ..." if frame.shape[1] > 12 else ""
        raise UserError(
            f"{option} {name!r} is not a column of {path}; columns: {shown}{more}"
        )
    return frame[name]


def _parse_times(series, option):
    import pandas as pd

    if series.isna().any():
        raise UserError(
            f"{option} column {series.name!r} has {int(series.isna().sum())} empty "
            "value(s); every row needs a time"
        )
    if pd.api.types.is_numeric_dtype(series.dtype) and not pd.api.types.is_bool_dtype(
        series.dtype
    ):
        return series
    if pd.api.types.is_datetime64_any_dtype(series.dtype):
        return series
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return pd.to_datetime(series)
    except (ValueError, TypeError, OverflowError):
        for value in series.astype(str):
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    pd.to_datetime(value)
            except (ValueError, TypeError, OverflowError):
                raise UserError(
                    f"could not parse {option} column {series.name!r} as times: "
                    f"{value!r} is not a date or time"
                ) from None
        raise UserError(
            f"could not parse {option} column {series.name!r} as times: mixed "
            "formats; write them as ISO 8601 (2024-01-31 or 2024-01-31T12:00)"
        ) from None
