"""Frames and columns from polars and pyarrow-backed pandas, read the same way
everywhere: the time model, the guard, the audit and the command line.

safesplit computes on numpy arrays and numpy-backed pandas objects. What else a
user holds is read here:

- a polars ``Series`` becomes numpy values with its meaning kept (time zone,
  categories, missing values as NaN, NaT or None, as ``polars.to_pandas`` does,
  without needing pyarrow); a polars ``DataFrame`` is converted column by
  column, and only the columns asked for (one, for a ``time_column``);
- a polars ``LazyFrame`` is refused with a message saying to call
  ``.collect()``: collecting runs the whole query (perhaps reading files far
  larger than memory), which is the user's decision to make and to pay for
  once, not something to do silently inside a splitter, possibly on every call;
- a pyarrow-backed pandas column becomes the numpy-backed column of the same
  values.

polars stays optional: an object is a polars object only if its type comes from
the polars package, which its owner has therefore imported already; this module
never imports polars itself (nor pyarrow, unless a pandas column is backed by it).
"""

import functools
import sys

import numpy as np
import pandas as pd

__all__ = [
    "check_not_lazy",
    "frame_column",
    "frame_column_names",
    "is_polars",
    "is_polars_frame",
    "is_polars_series",
    "numpy_backed",
    "numpy_backed_frame",
    "one_dimensional",
    "polars_column",
    "polars_frame",
]


def _polars():
    return sys.modules.get("polars")


def is_polars(obj):
    """Whether ``obj`` is a polars object (never imports polars)."""
    module = type(obj).__module__
    return (module == "polars" or module.startswith("polars.")) and (
        _polars() is not None
    )


def is_polars_frame(obj):
    """Whether ``obj`` is a polars DataFrame."""
    return is_polars(obj) and isinstance(obj, _polars().DataFrame)


def is_polars_series(obj):
    """Whether ``obj`` is a polars Series."""
    return is_polars(obj) and isinstance(obj, _polars().Series)


def check_not_lazy(obj, name):
    """Refuse a polars LazyFrame, saying how to make it data."""
    if is_polars(obj) and isinstance(obj, _polars().LazyFrame):
        raise TypeError(
            f"{name} is a polars LazyFrame, a query that has not run; call "
            f"{name}.collect() first and pass the DataFrame it returns (collecting "
            "runs the whole query, so safesplit leaves that to you)."
        )


# --------------------------------------------------------------------------------------
# polars to numpy-backed pandas.


def _polars_values(series):
    """numpy (or pandas Categorical / time-zone aware) values of a polars Series."""
    polars = _polars()
    dtype = series.dtype
    if dtype.is_nested():
        raise TypeError(
            f"column {series.name!r} is a polars {dtype}, a nested type; safesplit "
            "reads flat columns (numbers, booleans, strings, categories, dates). "
            "Unnest or explode it, or drop it, first."
        )
    if dtype == polars.String and _pyarrow_text() is not None:
        # Straight from polars' Arrow buffers, as fast as pandas holds its text.
        arrow = series.to_arrow(compat_level=polars.CompatLevel.oldest())
        return pd.array(arrow, dtype=_pyarrow_text())
    if isinstance(dtype, polars.Enum):
        return pd.Categorical(series.to_numpy(), categories=list(dtype.categories))
    if isinstance(dtype, polars.Categorical):
        return pd.Categorical(series.to_numpy())
    if dtype == polars.Null:
        # Nothing but missing values, as polars.Series.to_pandas holds them.
        return np.full(len(series), None, dtype=object)
    if isinstance(dtype, polars.Decimal):
        # A decimal is a number: as a float it is what an estimator sees.
        return series.cast(polars.Float64).to_numpy()
    values = series.to_numpy()
    if isinstance(dtype, polars.Datetime) and dtype.time_zone is not None:
        # polars gives the UTC instants; the zone says how to show them.
        return (
            pd.DatetimeIndex(values).tz_localize("UTC").tz_convert(dtype.time_zone)
        ).array
    return values


@functools.cache
def _pyarrow_text():
    """pandas' dtype of text when it is backed by pyarrow (pandas 3 with pyarrow
    installed), else None."""
    dtype = pd.Series(["text"]).dtype
    if isinstance(dtype, pd.StringDtype) and dtype.storage == "pyarrow":
        return dtype
    return None


def polars_column(series):
    """A polars Series as a numpy-backed pandas Series (same name, RangeIndex).

    Numbers without missing values are not copied (the values are polars',
    read-only); integers and booleans with missing values become floats with
    NaN and objects with None, as ``polars.Series.to_pandas`` makes them.

    Raises
    ------
    TypeError
        For a nested column (list, array, struct), which no check can read.
    """
    return pd.Series(_polars_values(series), name=series.name, copy=False)


def polars_frame(frame, columns=None):
    """A polars DataFrame (or only its ``columns``) as a numpy-backed pandas
    DataFrame, converted column by column (see :func:`polars_column`)."""
    names = frame.columns if columns is None else list(columns)
    data = {name: _polars_values(frame.get_column(name)) for name in names}
    return pd.DataFrame(data, columns=names, copy=False)


def numpy_backed_frame(X, name="X"):
    """A DataFrame whose columns are all numpy-backed: a polars DataFrame
    converted, a pandas one with pyarrow-backed columns copied with those columns
    made numpy-backed (the input is not modified); anything else as it is.

    Raises
    ------
    TypeError
        For a polars LazyFrame, or a nested polars column.
    """
    check_not_lazy(X, name)
    if is_polars_frame(X):
        return polars_frame(X)
    if is_polars_series(X):
        return polars_column(X).to_frame()
    if isinstance(X, pd.DataFrame):
        arrow = [
            position
            for position, dtype in enumerate(X.dtypes)
            if isinstance(dtype, pd.ArrowDtype)
        ]
        if arrow:
            # By position: column labels may repeat.
            X = X.copy(deep=False)
            for position in arrow:
                X.isetitem(position, numpy_backed(X.iloc[:, position]))
    return X


# --------------------------------------------------------------------------------------
# One column, and values of one sample each.


def frame_column_names(X):
    """The column names of a pandas or polars DataFrame; None for other input."""
    if isinstance(X, pd.DataFrame) or is_polars_frame(X):
        return list(X.columns)
    return None


def frame_column(X, column):
    """Column ``column`` of a pandas or polars DataFrame as a pandas Series (of a
    polars frame, only that column is converted).

    Raises
    ------
    KeyError
        When ``X`` has no such column.
    """
    if is_polars_frame(X):
        if column not in X.columns:
            raise KeyError(column)
        return polars_column(X.get_column(column))
    return X[column]


def numpy_backed(values):
    """A pyarrow-backed pandas Series or Index as the numpy-backed one of the same
    values (missing numbers as NaN, missing dates as NaT); others as they are."""
    if not isinstance(values, pd.Series | pd.Index) or not isinstance(
        values.dtype, pd.ArrowDtype
    ):
        return values
    import pyarrow as pa  # installed: the values are pyarrow-backed

    arrow_type = values.dtype.pyarrow_dtype
    if pa.types.is_timestamp(arrow_type):
        unit, zone = arrow_type.unit, arrow_type.tz
        return values.astype(
            pd.DatetimeTZDtype(unit, zone) if zone else f"datetime64[{unit}]"
        )
    if pa.types.is_date(arrow_type):
        return values.astype(
            "datetime64[s]" if pa.types.is_date32(arrow_type) else "datetime64[ms]"
        )
    if pa.types.is_duration(arrow_type):
        return values.astype(f"timedelta64[{arrow_type.unit}]")
    if pa.types.is_dictionary(arrow_type):
        return _same_kind(values, pd.Categorical(values.to_numpy(dtype=object)))
    if pa.types.is_floating(arrow_type) or (
        (pa.types.is_integer(arrow_type) or pa.types.is_decimal(arrow_type))
        and values.hasnans
    ):
        # Missing numbers become NaN, as a numpy-backed column holds them.
        return _same_kind(values, values.to_numpy(dtype=np.float64, na_value=np.nan))
    if pa.types.is_integer(arrow_type) or (
        pa.types.is_boolean(arrow_type) and not values.hasnans
    ):
        return _same_kind(values, values.to_numpy())
    return _same_kind(values, values.to_numpy(dtype=object, na_value=None))


def _same_kind(like, values):
    if isinstance(like, pd.Index):
        return pd.Index(values, name=like.name, copy=False)
    return pd.Series(values, index=like.index, name=like.name, copy=False)


def one_dimensional(values, name):
    """Per-sample values (times, end times, groups, a target) in a form numpy and
    pandas read: a polars Series becomes a pandas Index (positional, as polars
    has no index); other values are returned as they are.

    Raises
    ------
    TypeError
        For a polars LazyFrame, or a nested polars column.
    ValueError
        For a polars DataFrame, which is not one value per sample.
    """
    check_not_lazy(values, name)
    if is_polars_frame(values):
        raise ValueError(
            f"{name} must be one-dimensional, got a polars DataFrame; pass one of "
            f"its columns ({name}=frame['column'])."
        )
    if is_polars_series(values):
        return pd.Index(_polars_values(values), copy=False)
    return values
