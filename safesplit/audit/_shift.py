"""How a column's values at prediction time (``X_new``) differ from the training
rows': a two-sample distance with its chance level, the shares that describe the
change (missing, the most common value, outside the training range), and the
rank-preserving transport of training values onto the new distribution, which lets
the audit ask how much skill the model loses when a column looks as it does at
prediction time."""

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.stats import chi2, kstwobign

from safesplit.audit._columns import numeric_values

# A distance is beyond chance when its p-value is below this, Bonferroni-corrected
# over the columns compared.
SHIFT_ALPHA = 0.01
# A column is collapsed at prediction time when this share of the new rows sits at
# one value (or is missing): the signature of a value not filled in yet.
COLLAPSED_SHARE = 0.95


@dataclass(frozen=True)
class ColumnShift:
    """One column's change between the training rows and ``X_new``.

    Attributes
    ----------
    name : object
    statistic : str
        ``"KS"`` (numbers: the largest gap between the two cumulative
        distributions, missing values counted above every number) or ``"TV"``
        (categories: total variation, half the summed gaps between the shares of
        the levels, missing counted as a level).
    distance : float
        In [0, 1]: the share of rows that would have to move.
    p_value : float
        Chance of a distance at least this large between two samples of one
        distribution of these sizes (asymptotic Kolmogorov, or chi-square).
    n_train, n_new : int
        Rows compared.
    missing_train, missing_new : float
        Shares of missing values.
    top_value : object
        The most common value of ``X_new`` (None when it is missing).
    top_train, top_new : float
        Share of rows at that value (or missing) in the training rows and in
        ``X_new``.
    outside_range : float
        Share of ``X_new``'s values outside the training rows' range (numbers
        only; NaN for categories).
    """

    name: object
    statistic: str
    distance: float
    p_value: float
    n_train: int
    n_new: int
    missing_train: float
    missing_new: float
    top_value: object
    top_train: float
    top_new: float
    outside_range: float

    def beyond_chance(self, n_columns):
        """Whether the distance is beyond chance, over ``n_columns`` comparisons."""
        return self.p_value < SHIFT_ALPHA / max(n_columns, 1)

    @property
    def collapsed(self):
        """Whether ``X_new`` is (nearly) constant, or missing, where the training
        rows vary: at least ``COLLAPSED_SHARE`` of the new rows share one state
        that at least a tenth fewer training rows have."""
        return bool(
            self.top_new >= COLLAPSED_SHARE and self.top_new - self.top_train >= 0.1
        )

    def describe(self):
        """The change in words, for a message: what the new rows look like."""
        parts = []
        if self.missing_new - self.missing_train >= 0.1:
            parts.append(
                f"missing in {self.missing_new:.0%} of the new rows against "
                f"{self.missing_train:.0%} of the training rows"
            )
        elif self.top_value is not None and self.top_new - self.top_train >= 0.1:
            parts.append(
                f"{self.top_value!r} in {self.top_new:.0%} of the new rows against "
                f"{self.top_train:.0%} of the training rows"
            )
        if self.outside_range >= 0.1:
            parts.append(
                f"{self.outside_range:.0%} of the new values outside the training range"
            )
        if not parts:
            parts.append(f"{self.statistic} distance {self.distance:.2f}")
        return "; ".join(parts)


def column_shift(name, train, new, kind):
    """:class:`ColumnShift` of one column between training rows and new rows.

    Parameters
    ----------
    name : object
    train, new : pandas.Series
        The column's values on (a sample of) the training rows and in ``X_new``.
    kind : str
        The column's kind (see :func:`~safesplit.audit._columns.column_kind`).
    """
    top_value, top_train, top_new = _top_value(train, new)
    missing_train = float(train.isna().mean())
    missing_new = float(new.isna().mean())
    n, m = train.shape[0], new.shape[0]
    if kind in ("categorical", "bool"):
        statistic, (distance, p_value) = "TV", _total_variation(train, new)
        outside = np.nan
    else:
        a, b = numeric_values(train, kind), numeric_values(new, kind)
        statistic, (distance, p_value) = "KS", _kolmogorov_smirnov(a, b)
        outside = _outside_range(a, b)
    return ColumnShift(
        name,
        statistic,
        distance,
        p_value,
        n,
        m,
        missing_train,
        missing_new,
        top_value,
        top_train,
        top_new,
        outside,
    )


def _top_value(train, new):
    """X_new's most common value (None: missing) and its shares in both."""
    counts = new.value_counts(dropna=False)
    value = counts.index[0]
    top_new = float(counts.iloc[0] / new.shape[0])
    if pd.isna(value):
        return None, float(train.isna().mean()), top_new
    try:
        top_train = float((train == value).mean())
    except (TypeError, ValueError):
        top_train = np.nan
    plain = value.item() if hasattr(value, "item") else value
    return plain, top_train, top_new


def _kolmogorov_smirnov(a, b):
    """Two-sample KS distance (missing values above every number) and p-value."""
    a = np.sort(np.where(np.isnan(a), np.inf, a))
    b = np.sort(np.where(np.isnan(b), np.inf, b))
    points = np.concatenate([a, b])
    gap = np.abs(
        np.searchsorted(a, points, side="right") / a.shape[0]
        - np.searchsorted(b, points, side="right") / b.shape[0]
    )
    distance = float(gap.max()) if gap.size else 0.0
    n, m = a.shape[0], b.shape[0]
    p_value = float(kstwobign.sf(distance * np.sqrt(n * m / (n + m))))
    return distance, p_value


def _total_variation(train, new):
    """Total variation between the level shares (missing a level) and the
    chi-square homogeneity p-value."""
    left = train.astype(object).where(train.notna(), "\0missing")
    right = new.astype(object).where(new.notna(), "\0missing")
    p = left.value_counts(normalize=True)
    q = right.value_counts(normalize=True)
    p, q = p.align(q, fill_value=0.0)
    distance = float(0.5 * np.abs(p - q).sum())
    n, m = train.shape[0], new.shape[0]
    pooled = (n * p + m * q) / (n + m)
    keep = pooled > 0
    statistic = float(((p - q)[keep] ** 2 / pooled[keep]).sum() * n * m / (n + m))
    dof = max(int(keep.sum()) - 1, 1)
    return distance, float(chi2.sf(statistic, dof))


def _outside_range(a, b):
    """Share of ``b``'s non-missing values outside ``a``'s range."""
    a, b = a[np.isfinite(a)], b[np.isfinite(b)]
    if a.size == 0 or b.size == 0:
        return np.nan
    return float(np.mean((b < a.min()) | (b > a.max())))


def transport(values, new_sorted):
    """Move values onto another distribution, keeping their order.

    Each value goes to the value of ``new_sorted`` at its own quantile among
    ``values`` (ties share their middle quantile; missing values rank last), so
    the rows keep their ranking but take the distribution of the new rows: a
    column that is constant at prediction time becomes constant.

    Parameters
    ----------
    values : ndarray
        One column's values on some rows.
    new_sorted : ndarray
        The column's values at prediction time, sorted (missing last).

    Returns
    -------
    moved : ndarray
        Same length as ``values``, values taken from ``new_sorted``.

    Examples
    --------
    >>> import numpy as np
    >>> from safesplit.audit._shift import transport
    >>> transport(np.array([3.0, 1.0, 2.0, 2.0]), np.array([10.0, 20.0, 30.0, 40.0]))
    array([40., 10., 30., 30.])
    >>> transport(np.array([3.0, 1.0, 2.0]), np.zeros(5))
    array([0., 0., 0.])
    """
    ranks = pd.Series(values).rank(method="average", na_option="bottom").to_numpy()
    quantile = (ranks - 0.5) / max(len(values), 1)
    index = np.clip(
        (quantile * len(new_sorted)).astype(np.int64), 0, len(new_sorted) - 1
    )
    return np.asarray(new_sorted)[index]


def sorted_values(series):
    """A column's values sorted, missing last (what :func:`transport` needs)."""
    try:
        return series.sort_values(na_position="last", kind="stable").to_numpy()
    except TypeError:
        return (
            series.astype(str)
            .where(series.notna())
            .sort_values(na_position="last", kind="stable")
            .to_numpy()
        )


def codes_like(train, new, kind):
    """``new`` coded as the default model codes ``train``: numbers as numbers,
    categories by the sorted levels of ``train`` (NaN for unseen levels)."""
    if kind not in ("categorical",):
        return numeric_values(new, kind)
    try:
        levels = pd.Index(pd.unique(train.dropna())).sort_values()
        codes = pd.Categorical(new, categories=levels).codes
    except TypeError:
        levels = pd.Index(pd.unique(train.dropna().astype(str))).sort_values()
        codes = pd.Categorical(
            new.astype(str).where(new.notna()), categories=levels
        ).codes
    out = codes.astype(np.float64)
    out[codes < 0] = np.nan
    return out
