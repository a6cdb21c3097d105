"""What the audit knows about one feature column: its kind, numeric codes, whether it
looks like an identifier. Profiled on a sample of rows."""

import re
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

_ID_NAME = re.compile(
    r"(^|[_\W])(id|ids|uuid|guid|key|pk|idx|index|ref|no|num|number|code)$"
    r"|^(id|uuid|guid|index|idx|key)[_\W]|^unnamed: ?\d+$|identifier",
    re.IGNORECASE,
)
_HEX = re.compile(r"^[0-9a-fA-F-]{8,}$")
_CODE = re.compile(r"^[A-Za-z0-9_./:#-]{3,40}$")
# Rows of the profile sample whose strings are matched against ID patterns.
_PATTERN_ROWS = 2000


def column_kind(series):
    """``"bool"``, ``"categorical"``, ``"datetime"``, ``"timedelta"``, ``"integer"``
    or ``"float"``: how the audit reads a column (strings are categories)."""
    dtype = series.dtype
    if pd.api.types.is_bool_dtype(dtype):
        return "bool"
    if isinstance(dtype, pd.CategoricalDtype):
        return "categorical"
    if pd.api.types.is_datetime64_any_dtype(dtype) or isinstance(dtype, pd.PeriodDtype):
        return "datetime"
    if pd.api.types.is_timedelta64_dtype(dtype):
        return "timedelta"
    if pd.api.types.is_integer_dtype(dtype):
        return "integer"
    if pd.api.types.is_numeric_dtype(dtype):
        return "float"
    return "categorical"


def numeric_values(series, kind):
    """A float64 view of any column: level codes for categories (sorted when the
    values can be sorted, so that prefixes and ranges stay together)."""
    if kind in ("float", "integer", "bool"):
        return pd.to_numeric(series, errors="coerce").to_numpy(
            dtype=np.float64, na_value=np.nan
        )
    if kind == "datetime":
        if isinstance(series.dtype, pd.PeriodDtype):
            series = series.dt.to_timestamp()
        if getattr(series.dt, "tz", None) is not None:
            series = series.dt.tz_convert("UTC").dt.tz_localize(None)
        values = series.to_numpy(dtype="datetime64[ns]")
        out = values.astype(np.int64).astype(np.float64)
        out[np.isnat(values)] = np.nan
        return out
    if kind == "timedelta":
        out = series.to_numpy(dtype="timedelta64[ns]").astype(np.int64).astype(float)
        out[series.isna().to_numpy()] = np.nan
        return out
    try:
        codes, _ = pd.factorize(series, sort=True)
    except TypeError:
        codes, _ = pd.factorize(series.astype(str).where(series.notna()), sort=True)
    out = codes.astype(np.float64)
    out[codes < 0] = np.nan
    return out


@dataclass(frozen=True)
class ColumnProfile:
    """What the audit knows about one feature column.

    Attributes
    ----------
    name : object
        The column's label in ``X``.
    kind : str
        See :func:`column_kind`.
    n_non_null, n_unique : int
        Counts on the profile sample.
    unique_ratio : float
        Distinct values per non-missing value on the profile sample.
    integral : bool
        Integers, booleans, or floats that are all whole numbers.
    id_reason : str
        Why the column looks like an identifier; empty when it does not.
    """

    name: object
    kind: str
    n_non_null: int
    n_unique: int
    unique_ratio: float
    integral: bool
    id_reason: str = ""

    @property
    def id_like(self):
        """Whether the column looks like an identifier."""
        return bool(self.id_reason)

    @property
    def low_card_categorical(self):
        """A category (or flag) with few enough levels to be screened level by level."""
        return self.kind in ("categorical", "bool") and self.n_unique <= 64


def profile_column(name, series, profile_rows):
    """Profile column ``series`` (every row) on the rows ``profile_rows``.

    Parameters
    ----------
    name : object
        The column's label.
    series : pandas.Series
        The column, every row.
    profile_rows : ndarray of int
        Sorted positions of the profile sample.

    Returns
    -------
    profile : ColumnProfile
    """
    kind = column_kind(series)
    non_null = series.iloc[profile_rows].dropna()
    n_unique = int(non_null.nunique())
    integral = kind in ("integer", "bool")
    if kind == "float" and len(non_null):
        values = non_null.to_numpy(dtype=np.float64)
        finite = values[np.isfinite(values)]
        integral = bool(finite.size) and bool(np.all(finite == np.round(finite)))
    profile = ColumnProfile(
        name=name,
        kind=kind,
        n_non_null=len(non_null),
        n_unique=n_unique,
        unique_ratio=n_unique / max(len(non_null), 1),
        integral=integral,
    )
    reason = _identifier_reason(profile, series, profile_rows)
    return replace(profile, id_reason=reason) if reason else profile


def _identifier_reason(profile, series, profile_rows):
    """Why a column looks like an identifier (its name, hash-like or near-unique
    codes, a counter), or ``""``."""
    if profile.kind == "float" and not profile.integral:
        return ""
    if profile.kind in ("datetime", "timedelta", "bool"):
        return ""
    if profile.unique_ratio < 0.5:
        return ""
    named = bool(_ID_NAME.search(str(profile.name)))
    if profile.kind == "categorical":
        sample = series.iloc[profile_rows[:_PATTERN_ROWS]].dropna().astype(str)
        if sample.empty:
            return ""
        hexlike = sample.str.match(_HEX).mean() > 0.95
        codelike = sample.str.match(_CODE).mean() > 0.95
        if hexlike and sample.str.len().nunique() <= 2:
            return "hash-like strings"
        if named:
            return "an ID-like name"
        if codelike and profile.unique_ratio >= 0.9:
            return "near-unique codes"
        return ""
    return _integer_identifier_reason(profile, series, named)


def _integer_identifier_reason(profile, series, named):
    """Why integers (or integral floats) look like an identifier, or ``""``."""
    values = pd.to_numeric(series, errors="coerce").to_numpy(
        dtype=np.float64, na_value=np.nan
    )
    finite = values[np.isfinite(values)]
    if finite.size < 2:
        return ""
    if named:
        return "an ID-like name"
    if profile.unique_ratio < 0.9:
        return ""
    span = finite.max() - finite.min() + 1
    n_unique = np.unique(finite).shape[0]
    if span <= 1.5 * n_unique:
        return "a near-consecutive counter"
    order = np.argsort(finite, kind="stable")
    if np.all(np.diff(order) > 0) and n_unique == finite.size:
        return "increasing with the row order"
    if finite.min() >= 0 and finite.max() >= 1e12:
        return "hash-like large integers"
    return ""
