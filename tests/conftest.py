"""Fixtures shared by every test folder: the kinds of input the contracts of the
splitters, the guard and the audit are checked on.

``input_kind`` runs a test on numpy arrays, pandas and polars objects;
``frame_kind`` on data frames: pandas (numpy-backed), pandas with pyarrow-backed
columns and polars. A test builds its data once (numpy or pandas) and passes
each piece through ``as_kind(data, kind)``; ``take(data, rows)`` selects rows
by position from any of them. A test module whose cases pair a kind with other
parameters passes the kind with ``indirect=["input_kind"]``.
"""

import numpy as np
import pandas as pd
import pytest

INPUT_KINDS = ("numpy", "pandas", "polars")
FRAME_KINDS = ("pandas", "pyarrow", "polars")


def _to_pandas(data):
    if isinstance(data, np.ndarray):
        if data.ndim == 2:
            return pd.DataFrame(data, columns=[f"x{i}" for i in range(data.shape[1])])
        return pd.Series(data)
    if isinstance(data, pd.Index):
        return pd.Series(data, name=data.name)
    return data


def convert(data, kind):
    """``data`` (an ndarray, or a pandas DataFrame, Series or Index) as ``kind``.

    ``"numpy"``: its values; ``"pandas"``: pandas (an array's columns named
    ``x0, x1...``); ``"pyarrow"``: pandas with pyarrow-backed columns;
    ``"polars"``: a polars DataFrame or Series (an index is not carried over:
    polars has none). None stays None.
    """
    if data is None:
        return None
    if kind == "numpy":
        return data.to_numpy() if hasattr(data, "to_numpy") else np.asarray(data)
    data = _to_pandas(data)
    if kind == "pandas":
        return data
    if kind == "pyarrow":
        return _pyarrow_backed(data)
    if kind == "polars":
        import polars as pl

        return pl.from_pandas(data.reset_index(drop=True))
    raise ValueError(f"unknown input kind {kind!r}")


def _pyarrow_backed(data):
    import pyarrow as pa

    def zoned(column):
        # By hand: pandas before 2.0.2 drops the time zone in convert_dtypes
        # (pandas-dev/pandas#53382).
        unit, zone = column.dtype.unit, column.dtype.tz
        return column.astype(pd.ArrowDtype(pa.timestamp(unit, zone)))

    if isinstance(data, pd.Series) and isinstance(data.dtype, pd.DatetimeTZDtype):
        return zoned(data)
    converted = data.convert_dtypes(dtype_backend="pyarrow")
    if isinstance(data, pd.DataFrame):
        # By position: column labels may repeat.
        for position, dtype in enumerate(data.dtypes):
            if isinstance(dtype, pd.DatetimeTZDtype):
                converted.isetitem(position, zoned(data.iloc[:, position]))
    return converted


def rows_of(data, rows):
    """The rows at positions ``rows`` (a slice or integer array) of any kind."""
    if hasattr(data, "iloc"):
        return data.iloc[rows]
    return data[rows]


@pytest.fixture(params=INPUT_KINDS)
def input_kind(request):
    """numpy, pandas or polars."""
    return request.param


@pytest.fixture(params=FRAME_KINDS)
def frame_kind(request):
    """A data frame: pandas, pandas backed by pyarrow, or polars."""
    return request.param


@pytest.fixture(scope="session")
def as_kind():
    """``as_kind(data, kind)``: see :func:`convert`."""
    return convert


@pytest.fixture(scope="session")
def take():
    """``take(data, rows)``: rows by position, whatever holds them."""
    return rows_of
