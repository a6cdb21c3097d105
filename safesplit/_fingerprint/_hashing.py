"""Hashing rows into fingerprints (see the package docstring for what equal means)."""

# Authors: the safesplit developers
# SPDX-License-Identifier: BSD-3-Clause

import collections.abc
import datetime
import decimal
import numbers

import numpy as np
import pandas as pd
from scipy import sparse

from safesplit._fingerprint._bits import CANONICAL_NAN, SHIFT_FOLD, U64
from safesplit._fingerprint._numeric import (
    add_column,
    canonical_float_words,
    column_multipliers,
    finish,
    numeric_row_sums,
)

__all__ = ["row_fingerprints"]

_U64 = U64
# Every missing value (NaN, None, pd.NA, NaT) becomes the word of the canonical NaN.
_MISSING_WORD = CANONICAL_NAN.view(_U64)
# Tags xor-ed into hashed words so that, say, the bytes b"a" and the string "a",
# or a date and the integer holding its nanoseconds, do not hash alike.
_TAG_BYTES = _U64(0x6279746573000001)
_TAG_DATETIME = _U64(0x6461746574696D65)
_TAG_TIMEDELTA = _U64(0x74696D6564656C74)
_TAG_OTHER = _U64(0x6F626A6563740001)


def _hash_strings(values, mask):
    """64-bit content hashes of strings; ``mask`` marks missing entries."""
    filled = np.where(mask, "", values).astype(object)
    words = pd.util.hash_array(filled, categorize=False).astype(_U64, copy=False)
    words[mask] = _MISSING_WORD
    return words


def _datetime_words(values, tag):
    """Words for datetime64 or timedelta64 values: exact nanoseconds, tagged."""
    unit = "datetime64[ns]" if values.dtype.kind == "M" else "timedelta64[ns]"
    nanoseconds = values.astype(unit).view(np.int64)
    words = pd.util.hash_array(nanoseconds).astype(_U64, copy=False) ^ tag
    words[np.isnat(values)] = _MISSING_WORD
    return words


def _canonical_text(value, depth=0):
    """A text that is equal for equal values, used for the slow per-value path."""
    if depth > 50:
        raise RecursionError("value nested more than 50 levels deep")
    if _is_missing_scalar(value):
        return "null"
    if _is_real_number(value) and _fits_float(value):
        return f"num:{_float32_precision_scalar(value)!r}"
    if isinstance(value, str):
        return f"str:{value!r}"
    if isinstance(value, (bytes, bytearray)):
        return f"bytes:{bytes(value)!r}"
    if isinstance(value, (datetime.date, np.datetime64)) and _fits_ns(value):
        return f"datetime:{pd.Timestamp(value).as_unit('ns').value}"
    if isinstance(value, (datetime.timedelta, np.timedelta64)) and _fits_ns(value):
        return f"timedelta:{pd.Timedelta(value).as_unit('ns').value}"
    if isinstance(value, np.ndarray):
        inner = ",".join(_canonical_text(v, depth + 1) for v in value.ravel().tolist())
        return f"ndarray{value.shape}[{inner}]"
    if isinstance(value, collections.abc.Mapping):
        items = sorted(
            f"{_canonical_text(k, depth + 1)}={_canonical_text(v, depth + 1)}"
            for k, v in value.items()
        )
        return "map{" + ",".join(items) + "}"
    if isinstance(value, (set, frozenset)):
        inner = ",".join(sorted(_canonical_text(v, depth + 1) for v in value))
        return "set{" + inner + "}"
    if isinstance(value, (list, tuple)):
        inner = ",".join(_canonical_text(v, depth + 1) for v in value)
        return f"{type(value).__name__}[{inner}]"
    return f"{type(value).__module__}.{type(value).__qualname__}:{value!r}"


def _float32_precision_scalar(value):
    """A number as the kernel compares it (see ``canonical_float_words``)."""
    words = canonical_float_words(np.array([float(value)]))
    return float(words.view(np.float64)[0])


def _is_missing_scalar(value):
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, (float, np.floating)):
        return bool(np.isnan(value))
    if isinstance(value, (np.datetime64, np.timedelta64)):
        return bool(np.isnat(value))
    return False


def _python_value_words(values):
    """Words for an object column of mixed or unhashable values: one call per value.

    Numbers, strings, bytes and dates get the same words as in a column of their
    own type, so that a value hashes alike whatever its neighbours in the column.
    Each kind of value is still hashed in one vectorised call.
    """
    n_values = len(values)
    words = np.full(n_values, _MISSING_WORD, dtype=_U64)
    groups = {kind: ([], []) for kind in ("num", "str", "bytes", "dt", "td", "text")}
    for row, value in enumerate(values):
        if _is_missing_scalar(value):
            continue
        if _is_real_number(value) and _fits_float(value):
            kind, item = "num", float(value)
        elif isinstance(value, str):
            kind, item = "str", value
        elif isinstance(value, (bytes, bytearray)):
            kind, item = "bytes", bytes(value)
        elif isinstance(value, (datetime.date, np.datetime64)) and _fits_ns(value):
            kind, item = "dt", pd.Timestamp(value).as_unit("ns").value
        elif isinstance(value, (datetime.timedelta, np.timedelta64)) and _fits_ns(
            value
        ):
            kind, item = "td", pd.Timedelta(value).as_unit("ns").value
        else:
            try:
                kind, item = "text", _canonical_text(value)
            except RecursionError:
                raise TypeError(
                    f"Cannot fingerprint row {row}: its {type(value).__name__} value "
                    "is nested more than 50 levels deep or refers to itself."
                ) from None
        groups[kind][0].append(row)
        groups[kind][1].append(item)

    def hashed(kind):
        items = groups[kind][1]
        if kind == "num":
            return canonical_float_words(np.array(items, dtype=np.float64))
        if kind == "dt":
            return _datetime_words(np.array(items, dtype="M8[ns]"), _TAG_DATETIME)
        if kind == "td":
            return _datetime_words(np.array(items, dtype="m8[ns]"), _TAG_TIMEDELTA)
        texts = np.empty(len(items), dtype=object)
        texts[:] = items
        tag = {"str": _U64(0), "bytes": _TAG_BYTES, "text": _TAG_OTHER}[kind]
        return _hash_strings(texts, np.zeros(len(items), dtype=bool)) ^ tag

    for kind, (rows, _) in groups.items():
        if rows:
            words[np.asarray(rows)] = hashed(kind)
    return words


def _is_real_number(value):
    return isinstance(value, (bool, np.bool_, numbers.Real, decimal.Decimal))


def _fits_ns(value):
    """Whether a date or duration has a nanosecond value (years 1677 to 2262)."""
    try:
        if isinstance(value, (datetime.timedelta, np.timedelta64)):
            pd.Timedelta(value).as_unit("ns")
        else:
            pd.Timestamp(value).as_unit("ns")
    except (OverflowError, ValueError):
        return False
    return True


def _fits_float(value):
    try:
        float(value)
    except (OverflowError, TypeError, ValueError):
        return False
    return True


def _object_column_words(values):
    """Words for a 1-D object array, using vectorised hashing where the types allow."""
    values = np.asarray(values, dtype=object)
    kind = pd.api.types.infer_dtype(values, skipna=True)
    mask = pd.isna(values)
    if kind == "empty":
        return np.full(len(values), _MISSING_WORD, dtype=_U64)
    if kind in ("integer", "floating", "mixed-integer-float", "boolean", "decimal"):
        floats = np.full(len(values), np.nan)
        try:
            floats[~mask] = values[~mask].astype(np.float64)
        except (OverflowError, TypeError, ValueError):
            return _python_value_words(values)
        return canonical_float_words(floats)
    if kind == "string":
        return _hash_strings(values, mask)
    if kind == "bytes":
        return _hash_strings(values, mask) ^ _TAG_BYTES
    if kind in ("datetime64", "datetime", "date"):
        try:
            stamps = pd.to_datetime(pd.Series(values), utc=False).to_numpy()
        except (TypeError, ValueError, OverflowError):
            return _python_value_words(values)
        if stamps.dtype.kind == "M":
            return _datetime_words(stamps, _TAG_DATETIME)
        return _python_value_words(values)
    if kind in ("timedelta64", "timedelta"):
        try:
            deltas = pd.to_timedelta(pd.Series(values)).to_numpy()
        except (TypeError, ValueError, OverflowError):
            return _python_value_words(values)
        return _datetime_words(deltas, _TAG_TIMEDELTA)
    return _python_value_words(values)


def _array_column_words(values):
    """Words for a 1-D ndarray of any dtype."""
    kind = values.dtype.kind
    if kind in "biuf":
        return canonical_float_words(values)
    if kind == "U":
        return _hash_strings(values.astype(object), np.zeros(len(values), bool))
    if kind == "S":
        words = _hash_strings(values.astype(object), np.zeros(len(values), bool))
        return words ^ _TAG_BYTES
    if kind == "M":
        return _datetime_words(values, _TAG_DATETIME)
    if kind == "m":
        return _datetime_words(values, _TAG_TIMEDELTA)
    return _object_column_words(values.astype(object))


def _series_words(column):
    """Words for one pandas column, whatever its (extension) dtype."""
    dtype = column.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        return _object_column_words(column.to_numpy(dtype=object))
    if _is_real_dtype(dtype):
        try:
            return canonical_float_words(
                column.to_numpy(dtype=np.float64, na_value=np.nan)
            )
        except (TypeError, ValueError):
            return _object_column_words(column.to_numpy(dtype=object))
    if isinstance(dtype, pd.DatetimeTZDtype):
        utc = column.dt.tz_convert("UTC").dt.tz_localize(None)
        return _datetime_words(utc.to_numpy(dtype="datetime64[ns]"), _TAG_DATETIME)
    if pd.api.types.is_datetime64_dtype(dtype):
        return _datetime_words(column.to_numpy(dtype="datetime64[ns]"), _TAG_DATETIME)
    if pd.api.types.is_timedelta64_dtype(dtype):
        return _datetime_words(column.to_numpy(dtype="timedelta64[ns]"), _TAG_TIMEDELTA)
    return _object_column_words(column.to_numpy(dtype=object))


def _is_real_dtype(dtype):
    return pd.api.types.is_bool_dtype(dtype) or (
        pd.api.types.is_numeric_dtype(dtype)
        and not pd.api.types.is_complex_dtype(dtype)
        and not isinstance(dtype, pd.CategoricalDtype)
    )


def _numeric_column(column):
    if isinstance(column.dtype, np.dtype):
        return column.to_numpy()
    # Nullable extension dtypes: pd.NA becomes NaN.
    return column.to_numpy(dtype=np.float64, na_value=np.nan)


def _frame_fingerprints(frame):
    n_rows, n_columns = frame.shape
    numeric = [
        position for position, dtype in enumerate(frame.dtypes) if _is_real_dtype(dtype)
    ]
    row_sums = np.zeros(n_rows, dtype=_U64)
    if numeric:
        dtypes = frame.dtypes.iloc[numeric]
        if len(numeric) == n_columns and (dtypes == np.float64).all():
            # A view, not a copy, of the frame's single float64 block.
            values = frame.to_numpy()
        else:
            values = [_numeric_column(frame.iloc[:, position]) for position in numeric]
        row_sums += numeric_row_sums(values, columns=numeric)
    numeric_set = set(numeric)
    for position in range(n_columns):
        if position not in numeric_set:
            add_column(row_sums, _series_words(frame.iloc[:, position]), position)
    return finish(row_sums, n_columns)


def _sparse_fingerprints(X):
    X = sparse.csr_matrix(X)
    if not X.has_canonical_format:
        X = X.copy()
        X.sum_duplicates()
    if X.dtype.kind not in "biuf":
        raise TypeError(
            f"Cannot fingerprint a sparse matrix of dtype {X.dtype}: "
            "only boolean, integer and float sparse data are supported."
        )
    n_rows, n_columns = X.shape
    words = canonical_float_words(X.data)
    folded = words ^ (words >> SHIFT_FOLD)
    folded *= column_multipliers(X.indices)
    # Row sums by differences of a running sum: wrap-around arithmetic modulo
    # 2**64 keeps it exact, and empty rows come out as zero.
    running = np.zeros(len(folded) + 1, dtype=_U64)
    np.cumsum(folded, out=running[1:])
    row_sums = running[X.indptr[1:]] - running[X.indptr[:-1]]
    return finish(row_sums, n_columns)


def _as_row_array(X):
    """Turn a list or another array-like into an ndarray with one entry per row."""
    try:
        array = np.asarray(X)
    except ValueError:
        return _ragged_rows(X)
    if array.dtype.kind in "biufMm" or array.dtype == object:
        return array
    # Lists mixing numbers and strings become strings under np.asarray; keep the
    # Python values so that each column is hashed by its own types.
    try:
        return np.asarray(X, dtype=object)
    except ValueError:
        return _ragged_rows(X)


def _ragged_rows(X):
    rows = np.empty(len(X), dtype=object)
    for position, row in enumerate(X):
        rows[position] = row
    return rows


def row_fingerprints(X):
    """Return a 64-bit fingerprint of each row of ``X``.

    Equal rows get equal fingerprints, whatever the container and the numeric
    dtype: see the module documentation for the canonicalisation rules.

    Parameters
    ----------
    X : array-like, DataFrame, Series, sparse matrix or list of shape (n_samples, ...)
        The rows to fingerprint. A 1-D input is one column (one value a row).

    Returns
    -------
    fingerprints : ndarray of shape (n_samples,), dtype uint64
        One fingerprint a row, in row order.

    Raises
    ------
    TypeError
        If ``X`` is not a collection of rows (``None``, a scalar), or if a value
        refers to itself.

    Examples
    --------
    >>> import numpy as np
    >>> import pandas as pd
    >>> from safesplit._fingerprint import row_fingerprints
    >>> ints = np.array([[3, 0], [1, 2]])
    >>> floats = pd.DataFrame({"a": [3.0, 1.0], "b": [-0.0, 2.0]})
    >>> bool((row_fingerprints(ints) == row_fingerprints(floats)).all())
    True
    >>> row_fingerprints(ints).dtype
    dtype('uint64')
    """
    if X is None or isinstance(X, (str, bytes, numbers.Number)):
        raise TypeError(
            f"Cannot fingerprint rows of {type(X).__name__}: expected an array-like, "
            "a DataFrame, a sparse matrix or a list of rows."
        )
    if sparse.issparse(X):
        return _sparse_fingerprints(X)
    if isinstance(X, pd.Series):
        X = X.to_frame()
    if not isinstance(X, (pd.DataFrame, np.ndarray)) and hasattr(X, "to_pandas"):
        X = X.to_pandas()  # pyarrow tables, polars frames
        if isinstance(X, pd.Series):
            X = X.to_frame()
    if isinstance(X, pd.DataFrame):
        return _frame_fingerprints(X)
    if not isinstance(X, np.ndarray):
        if not hasattr(X, "__len__") and not hasattr(X, "__array__"):
            raise TypeError(
                f"Cannot fingerprint rows of {type(X).__name__}: expected an "
                "array-like, a DataFrame, a sparse matrix or a list of rows."
            )
        X = _as_row_array(X)
    if X.ndim == 0:
        raise TypeError("Cannot fingerprint a 0-d array: it has no rows.")
    if X.ndim == 1:
        X = X[:, np.newaxis]
    elif X.ndim > 2:
        # Not reshape(n, -1): NumPy cannot infer -1 for zero rows.
        X = X.reshape(X.shape[0], int(np.prod(X.shape[1:])))
    if X.dtype.kind in "biuf":
        return finish(numeric_row_sums(X), X.shape[1])
    n_rows, n_columns = X.shape
    row_sums = np.zeros(n_rows, dtype=_U64)
    for position in range(n_columns):
        add_column(row_sums, _array_column_words(X[:, position]), position)
    return finish(row_sums, n_columns)
