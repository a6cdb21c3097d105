"""User input turned into numeric times: the kinds of times the time model knows
(datetimes, timedeltas, numbers), from numpy, pandas, pyarrow-backed and Python
values, with the checks that every sample has one, aligned with ``X``."""

import datetime

import numpy as np
import pandas as pd

from safesplit._frames import (
    check_not_lazy,
    frame_column,
    frame_column_names,
    numpy_backed,
    one_dimensional,
)
from safesplit._sklearn_compat import _num_samples
from safesplit._validation import num_samples

_DATETIME = "datetime"
_TIMEDELTA = "timedelta"
_NUMERIC = "numeric"
_NANOSECOND_KINDS = {
    np.dtype("datetime64[ns]"): _DATETIME,
    np.dtype("timedelta64[ns]"): _TIMEDELTA,
}
_INT64_MAX = np.iinfo(np.int64).max
_INT64_MIN = np.iinfo(np.int64).min


def shifted(time, delta):
    """``time + delta`` in int64 nanoseconds, held at int64's bounds: a duration
    that reaches past the representable times reaches their end, never wraps
    around to the other one."""
    return min(max(int(time) + int(delta), int(_INT64_MIN)), int(_INT64_MAX))


def shifted_array(times, delta):
    """:func:`shifted` of an int64 array and one delta >= 0, without overflow."""
    return np.minimum(times, int(_INT64_MAX) - int(delta)) + delta


def _as_index(values, name):
    """Wrap any 1-d input into a pandas Index (no copy where pandas can help it),
    with polars, pyarrow-backed and object-held times turned into their numpy
    kinds."""
    values = one_dimensional(values, name)
    if isinstance(values, pd.DataFrame):
        raise ValueError(f"{name} must be one-dimensional, got a DataFrame.")
    if isinstance(values, pd.Index):
        index = values
    elif isinstance(values, pd.Series):
        index = pd.Index(values.array, copy=False)
    else:
        if np.ndim(values) == 0:
            raise TypeError(
                f"{name} must hold one time per sample (an array-like), got "
                f"{type(values).__name__} {values!r}."
            )
        array = np.asarray(values)
        if array.ndim != 1:
            raise ValueError(
                f"{name} must be one-dimensional, got shape {array.shape}."
            )
        # The times are only read, never written: wrapping needs no copy.
        index = pd.Index(array, copy=False)
    index = numpy_backed(index)
    if index.dtype == object:
        return _from_objects(index)
    return index


def _from_objects(index):
    """An object Index of Python times or numbers as the Index of their kind;
    anything else stays as it is and is refused with a precise message."""
    inferred = pd.api.types.infer_dtype(index, skipna=False)
    if inferred == "integer":
        return pd.Index(index.to_numpy().astype(np.int64))
    if inferred in ("floating", "mixed-integer-float", "integer-na"):
        return pd.Index(index.to_numpy().astype(np.float64))
    if inferred in ("datetime64", "datetime", "date"):
        try:
            return pd.DatetimeIndex(pd.to_datetime(index))
        except (ValueError, TypeError):
            return index  # mixed time zones: explained by _object_index_error
    if inferred in ("timedelta64", "timedelta"):
        return pd.TimedeltaIndex(pd.to_timedelta(index))
    return index


def _object_index_error(index, name):
    """Explain why an object Index of times cannot be ordered."""
    stamps = [v for v in index if isinstance(v, datetime.datetime)]
    if stamps:
        zones = {str(getattr(v, "tzinfo", None)) for v in stamps}
        if "None" in zones and len(zones) > 1:
            return TypeError(
                f"{name} mixes time-zone aware and naive datetimes; make them all "
                "aware (tz_localize) or all naive before splitting."
            )
        if len(zones) > 1:
            return TypeError(
                f"{name} mixes time zones ({', '.join(sorted(zones))}); convert "
                "them to one with pd.to_datetime(values, utc=True) or tz_convert."
            )
    if any(isinstance(v, str) for v in index[:1000]):
        return TypeError(
            f"{name} holds strings, which cannot be ordered as times; convert them "
            "with pd.to_datetime(...) first."
        )
    kinds = sorted({type(v).__name__ for v in index[:1000]})
    return TypeError(
        f"{name} cannot be ordered as times (it holds {', '.join(kinds)}); pass "
        "datetimes, periods, timedeltas or numbers."
    )


def _has_nat(index):
    """Whether a datetime or timedelta index holds NaT (the smallest int64)."""
    values = index.asi8
    return values.shape[0] > 0 and values.min() == np.iinfo(np.int64).min


def _as_ns(index, name):
    """``index`` in nanoseconds (``as_unit`` copies even when already in ns);
    times in a coarser unit beyond what nanoseconds hold are refused by name."""
    if index.unit == "ns":
        return index
    try:
        return index.as_unit("ns")
    except (pd.errors.OutOfBoundsDatetime, pd.errors.OutOfBoundsTimedelta) as exc:
        raise ValueError(
            f"{name} holds times beyond what the time model's nanoseconds can "
            "represent (dates from 1677 to 2262, durations up to about 292 "
            f"years): {exc}. Pass times within that range, or numbers (for "
            "example seconds since an origin)."
        ) from None


def nat_error(numeric, name):
    """The error for times ``numeric`` (int64 nanoseconds) that hold NaT."""
    n_nat = int(np.count_nonzero(numeric == _INT64_MIN))
    return ValueError(
        f"{name} contains {n_nat} NaT value(s); every sample needs a time. Drop "
        "or fill those rows before splitting."
    )


def _numeric_times(values, name, *, check_nat=True):
    """Return ``(numeric ndarray, kind, tz)`` for one array of times.

    NaT is refused; with ``check_nat=False`` the caller refuses it (NaT is the
    smallest int64: the first of the sorted times, so a caller that sorts them
    finds it without a pass of its own)."""
    kind = type(values) is np.ndarray and _NANOSECOND_KINDS.get(values.dtype)
    if kind and values.ndim == 1:
        # A plain array of nanosecond times is its int64 view already; wrapping it
        # in an Index first costs pandas' construction on every split (a tenth of
        # a millisecond, a twentieth of a WalkForward over a million sorted rows).
        numeric = values.view(np.int64)
        if check_nat and numeric.shape[0] and numeric.min() == _INT64_MIN:
            raise nat_error(numeric, name)
        return numeric, kind, None
    index = _as_index(values, name)
    if isinstance(index, pd.PeriodIndex):
        index = index.to_timestamp(how="start")
    if isinstance(index, pd.DatetimeIndex | pd.TimedeltaIndex):
        if check_nat and _has_nat(index):
            raise nat_error(index.asi8, name)
        kind = _DATETIME if isinstance(index, pd.DatetimeIndex) else _TIMEDELTA
        tz = index.tz if kind == _DATETIME else None
        return _as_ns(index, name).asi8, kind, tz
    dtype = index.dtype
    if pd.api.types.is_bool_dtype(dtype):
        raise TypeError(f"{name} must hold times or numbers, got booleans.")
    if pd.api.types.is_complex_dtype(dtype):
        raise TypeError(
            f"{name} holds complex numbers, which have no order; pass real "
            "numbers, datetimes, periods or timedeltas."
        )
    if pd.api.types.is_numeric_dtype(dtype):
        array = index.to_numpy()
        # Compared as uint64: numpy < 2 compares uint64 with a Python int in float64,
        # where 2**63 - 1 and 2**63 are equal.
        if (
            array.dtype == np.uint64
            and array.size
            and array.max() > np.uint64(_INT64_MAX)
        ):
            raise ValueError(
                f"{name} holds unsigned integers above 2**63 - 1, which do not fit "
                "the int64 the time model computes in; subtract an origin first "
                f"({name} - {name}.min())."
            )
        if pd.api.types.is_float_dtype(array.dtype) or array.dtype == object:
            array = array.astype(np.float64, copy=False)
            if not np.isfinite(array).all():
                n_nan = int(np.isnan(array).sum())
                if n_nan:
                    raise ValueError(
                        f"{name} contains {n_nan} NaN value(s); every sample needs "
                        "a time. Drop or fill those rows before splitting."
                    )
                raise ValueError(
                    f"{name} contains infinite values; give every sample a finite "
                    "time, or drop those rows."
                )
        else:
            array = array.astype(np.int64, copy=False)
        return array, _NUMERIC, None
    raise _object_index_error(index, name)


def _n_samples_of_X(X):
    """The number of rows of ``X``, or a TypeError that names ``X`` (a string or a
    dict has a length, but no rows)."""
    check_not_lazy(X, "X")
    return num_samples(X, "X")


def _check_aligned(values, name, X, n_samples):
    check_not_lazy(values, name)
    ndim = getattr(values, "ndim", None)  # a 0-d array has __len__, but no length
    if isinstance(values, str | bytes | dict | set) or (
        ndim == 0 if ndim is not None else not hasattr(values, "__len__")
    ):
        raise TypeError(
            f"{name} must hold one value per sample (an array-like), got "
            f"{type(values).__name__} {values!r}."
        )
    n_values = _num_samples(values)
    if n_values != n_samples:
        raise ValueError(
            f"{name} has {n_values} entries but X has {n_samples} samples; pass one "
            f"{name.rstrip('s')} per sample, in the rows' order."
        )
    check_same_index(values, name, X)


def check_same_index(values, name, X):
    """Refuse a per-sample Series whose index is not ``X``'s: pandas would align
    by label where the splitters read by position."""
    if (
        isinstance(values, pd.Series)
        and isinstance(X, pd.DataFrame | pd.Series)
        and not values.index.equals(X.index)
    ):
        raise ValueError(
            f"{name} is a Series whose index does not match X's index; align it "
            f"with {name}.reindex(X.index) or pass {name}.to_numpy() to match by "
            "position."
        )


def _times_from_X(X, time_column):
    """The times that X itself carries: its time index or its ``time_column``."""
    if time_column is not None:
        columns = frame_column_names(X)
        if columns is None:
            raise TypeError(
                f"time_column={time_column!r} needs X to be a pandas or polars "
                f"DataFrame, got {type(X).__name__}; pass times=... instead."
            )
        if time_column not in columns:
            raise ValueError(
                f"time_column={time_column!r} is not a column of X; X has columns "
                f"{columns[:10]}{'...' if len(columns) > 10 else ''}."
            )
        return frame_column(X, time_column), f"X[{time_column!r}]"
    index = getattr(X, "index", None)
    if isinstance(index, pd.DatetimeIndex | pd.PeriodIndex | pd.TimedeltaIndex):
        return index, "X.index"
    return None, None
