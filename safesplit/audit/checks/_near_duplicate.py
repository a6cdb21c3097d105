"""Near copies for the ``duplicate`` check (L1.4): rows a hair away from another
row (copies with tiny noise) or on the segment between two rows (interpolated
synthetic rows, as SMOTE makes), on a sample.

Both are judged by the geometry of each sampled row and its two nearest neighbours
in the continuous columns, against what independent records with a density give
(Facco et al. 2017, "Estimating the intrinsic dimension of datasets by a minimal
neighborhood information"): with ``d`` the data's intrinsic dimension,

* the ratio of the second to the first neighbour distance ``mu`` exceeds ``m`` with
  probability ``m ** -d``;
* the two neighbours lie in opposite directions, ``1 + cos(angle) <= e``, with
  probability about ``e ** ((d - 1) / 2)`` (directions spread over a sphere).

A row is a near copy when one of these is below ``ROW_ALPHA``. Discrete values make
neighbours differ in a single column, by one step, with tied distances: such pairs
are not near copies, and the dimension used is at most the number of columns in
which the pair differs.
"""

from dataclasses import dataclass

import numpy as np
from sklearn.neighbors import NearestNeighbors

from safesplit.model_selection._engine import TEST, TRAIN
from safesplit.report import Finding

# Rows searched for near copies, and rows they are searched among.
QUERY_ROWS = 1_500
REFERENCE_ROWS = 10_000
# Continuous columns are projected (Johnson-Lindenstrauss) to at most this many.
MAX_DIMENSIONS = 32
# Chance that a natural row looks this close to another, or this much between two.
ROW_ALPHA = 1e-6
# Fewer flagged rows than this are coincidences of an approximate null.
MIN_NEAR_ROWS = 5
# Share of test rows with a near copy in training: the severity.
NEAR_FRACTION = {"high": 0.05, "medium": 0.01}
_MIN_ROWS = 30
# Relative difference below which two distances count as tied.
_TIED = 1e-9


def near_duplicate_finding(context, used):
    """A ``duplicate`` finding when sampled test rows have a near copy in training,
    or None.

    Parameters
    ----------
    context : AuditContext
    used : list
        The feature columns compared (ID-like columns left out).
    """
    columns = [
        c
        for c in used
        if context.profiles[c].kind == "float"
        and not context.profiles[c].integral
        and context.profiles[c].n_unique > 2
    ]
    if len(columns) < 2:
        return None
    sample = _sample(context, columns)
    if sample is None:
        return None
    geometry = _neighbour_geometry(sample)
    flagged = np.flatnonzero(geometry.p_value < ROW_ALPHA)
    if flagged.shape[0] < MIN_NEAR_ROWS:
        return None
    crossing = _crossing(context, sample, geometry.nearest, flagged)
    return _finding(context, columns, sample, geometry, flagged, crossing)


@dataclass(frozen=True)
class _Sample:
    """Rows of the continuous columns, scaled, in random order: the first
    ``n_queries`` are searched for near copies among all of them."""

    rows: np.ndarray  # positions in X
    scaled: np.ndarray  # the columns' values, scaled
    points: np.ndarray  # the same, projected when there are many columns
    n_queries: int
    n_complete: int  # rows of X without missing values in these columns


def _sample(context, columns):
    """Sample up to ``REFERENCE_ROWS`` complete rows, robustly scaled (median and
    interquartile range) and projected to ``MAX_DIMENSIONS``.

    Rows identical in these columns are left in: their first neighbour is at
    distance 0, which the geometry ignores (exact copies are counted apart).
    """
    rng = np.random.default_rng(context.seed)
    rows = rng.permutation(context.n_rows)[:REFERENCE_ROWS]
    values = (
        context.frame.iloc[rows][columns]
        .astype(np.float64)
        .to_numpy(dtype=np.float64, na_value=np.nan)
    )
    complete = np.isfinite(values).all(axis=1)
    n_complete = int(round(context.n_rows * complete.mean()))
    rows, values = rows[complete], values[complete]
    if rows.shape[0] < _MIN_ROWS:
        return None
    low, centre, high = np.percentile(values, [25, 50, 75], axis=0)
    scale = high - low
    scale = np.where(scale > 0, scale, values.std(axis=0))
    scaled = (values - centre) / np.where(scale > 0, scale, 1.0)
    points = scaled
    if scaled.shape[1] > MAX_DIMENSIONS:
        # A linear map keeps copies close and segments straight.
        projection = rng.normal(size=(scaled.shape[1], MAX_DIMENSIONS))
        points = scaled @ projection / np.sqrt(MAX_DIMENSIONS)
    n_queries = min(QUERY_ROWS, rows.shape[0])
    return _Sample(rows, scaled, points, n_queries, n_complete)


@dataclass(frozen=True)
class _Geometry:
    """Each query's nearest neighbours and the chance of its geometry."""

    nearest: np.ndarray  # the first neighbour, as a position in the sample
    close: np.ndarray  # near copy by distance
    between: np.ndarray  # near copy by lying between its neighbours
    p_value: np.ndarray
    dimension: float


def _neighbour_geometry(sample):
    """Chance, for each query, of a neighbour this close or of neighbours this
    opposite, among independent records of the estimated intrinsic dimension."""
    points = sample.points
    queries = points[: sample.n_queries]
    distances, neighbours = (
        NearestNeighbors(n_neighbors=3).fit(points).kneighbors(queries)
    )
    # The first neighbour of a query is itself (rows are distinct).
    d1, d2 = distances[:, 1], distances[:, 2]
    first, second = neighbours[:, 1], neighbours[:, 2]
    positive = d1 > 0
    ratio = np.where(positive, d2 / np.where(positive, d1, 1.0), 1.0)
    log_ratio = np.log(ratio[positive])
    # log(mu) is exponential with rate d: estimated from its lower quartile, which
    # near copies (large mu) move only when they are most of the rows.
    quartile = np.quantile(log_ratio, 0.25) if log_ratio.size else 0.0
    dimension = float(np.log(4 / 3) / quartile) if quartile > 0 else 0.0
    to_first, to_second = points[first] - queries, points[second] - queries
    scaled = sample.scaled[: sample.n_queries]
    differ_first = np.count_nonzero(sample.scaled[first] != scaled, axis=1)
    differ_second = np.count_nonzero(sample.scaled[second] != scaled, axis=1)
    # A pair that differs in one column only is a step of discrete values.
    close_dim = np.minimum(dimension, differ_first)
    p_close = np.where(
        positive & (differ_first >= 2), ratio ** -np.maximum(close_dim, 1.0), 1.0
    )
    norms = np.linalg.norm(to_first, axis=1) * np.linalg.norm(to_second, axis=1)
    cosine = np.sum(to_first * to_second, axis=1) / np.where(norms > 0, norms, 1.0)
    opposite = np.clip(1.0 + cosine, 0.0, 2.0)
    between_dim = np.minimum(close_dim, differ_second)
    # Tied distances put a point midway on a lattice; a line needs 2 dimensions.
    eligible = (
        positive
        & (differ_first >= 2)
        & (differ_second >= 2)
        & (between_dim >= 2)
        & (d2 - d1 > _TIED * d2)
    )
    p_between = np.where(
        eligible, opposite ** ((np.maximum(between_dim, 2.0) - 1.0) / 2.0), 1.0
    )
    p_value = np.minimum(p_close, p_between)
    return _Geometry(
        first,
        p_close < ROW_ALPHA,
        (p_between < ROW_ALPHA) & (p_between <= p_close),
        p_value,
        dimension,
    )


@dataclass(frozen=True)
class _Crossing:
    """Flagged queries that are test rows with their near copy in training."""

    n_test_queries: int  # query test rows, over splits
    n_crossing: int
    folds: list


def _crossing(context, sample, nearest, flagged):
    rows = sample.rows
    n_test = n_crossing = 0
    folds = []
    for index, roles in enumerate(context.roles.in_input_order):
        query_roles = roles[rows[: sample.n_queries]]
        n_test += int(np.count_nonzero(query_roles == TEST))
        crossing = (query_roles[flagged] == TEST) & (
            roles[rows[nearest[flagged]]] == TRAIN
        )
        if crossing.any():
            folds.append(index)
        n_crossing += int(np.count_nonzero(crossing))
    return _Crossing(n_test, n_crossing, folds)


def _finding(context, columns, sample, geometry, flagged, crossing):
    # A near copy is found only when its partner was sampled: scale up by the
    # share of (complete) rows the sample holds.
    coverage = sample.rows.shape[0] / max(sample.n_complete, 1)
    observed = crossing.n_crossing / max(crossing.n_test_queries, 1)
    fraction = min(1.0, observed / max(coverage, 1e-12))
    if fraction >= NEAR_FRACTION["high"]:
        severity = "high"
    elif fraction >= NEAR_FRACTION["medium"]:
        severity = "medium"
    else:
        severity = "low"
    n_close = int(np.count_nonzero(geometry.close[flagged]))
    n_between = int(np.count_nonzero(geometry.between[flagged]))
    evidence = {
        "sampled_rows": int(sample.rows.shape[0]),
        "searched_rows": int(sample.n_queries),
        "near_copy_rows": int(flagged.shape[0]),
        "jittered_rows": n_close,
        "interpolated_rows": n_between,
        "expected_by_chance": float(sample.n_queries * ROW_ALPHA),
        "test_rows_with_near_copy_in_train": int(crossing.n_crossing),
        "fraction_of_test_rows": float(fraction),
        "intrinsic_dimension": geometry.dimension,
        "columns_compared": columns,
    }
    kind = "interpolated" if n_between > n_close else "jittered"
    message = (
        f"{flagged.shape[0]:,} of {sample.n_queries:,} sampled rows are near copies "
        f"of another row ({n_close:,} a hair away, {n_between:,} on the segment "
        "between two rows), a geometry that independent records show with "
        f"probability below {ROW_ALPHA:g} each; about {fraction:.1%} of test rows "
        "have one in training. " + _NEAR_ADVICE[kind]
    )
    return Finding("duplicate", severity, "L1.4", [], crossing.folds, evidence, message)


_NEAR_ADVICE = {
    "jittered": (
        "Copies with tiny noise (augmentation, re-saved or rounded records) let "
        "the model be tested on rows it has memorised. Augment inside the training "
        "folds only, or keep each record and its copies on one side with "
        "groups=... of the source record; repeated measurements of one subject "
        "are groups too."
    ),
    "interpolated": (
        "Synthetic rows interpolated between real ones (SMOTE-like oversampling "
        "before splitting) put test rows between their training sources. Split "
        "first and oversample inside the training folds only (an imblearn "
        "Pipeline)."
    ),
}
