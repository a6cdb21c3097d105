"""Combinatorially symmetric cross-validation (CSCV) as pure functions on arrays.

Bailey, Borwein, López de Prado and Zhu (2014) cut a performance matrix (rows in
time order, one column per configuration) into S partitions, and for each of the
C(S, S/2) ways to pick half of them as the in-sample set, select the configuration
with the best in-sample statistic and record where it ranks out of sample, on the
other half. Here the rows are grouped into *cells* (a partition of a matrix, or one
split of a search) that each belong to one or more partitions; a half uses the
cells whose partitions all lie in it. Everything is computed from per-cell sums,
a chunk of combinations at a time, so no loop runs over rows.
"""

import itertools
import math
from dataclasses import dataclass

import numpy as np

# Above this many combinations (S = 22 gives 705,432) the analysis is refused
# before any work: the count doubles with every two partitions added.
MAX_COMBINATIONS = 1_000_000
# Temporary arrays per chunk of combinations stay near this size.
CHUNK_BYTES = 2**25


def partition_bounds(n_units, n_partitions):
    """Bounds of ``n_partitions`` contiguous partitions of ``n_units`` units, the
    first ``n_units % n_partitions`` one unit longer (as KFold's folds)."""
    sizes = np.full(n_partitions, n_units // n_partitions, dtype=np.intp)
    sizes[: n_units % n_partitions] += 1
    return np.concatenate([[0], np.cumsum(sizes)])


def count_combinations(n_partitions):
    """C(S, S/2), the number of in-sample halves."""
    return math.comb(n_partitions, n_partitions // 2)


def in_sample_masks(n_partitions):
    """Boolean ``(C(S, S/2), S)`` array: row c marks the partitions of the c-th
    in-sample half, in :func:`itertools.combinations` order."""
    half = n_partitions // 2
    n_combinations = count_combinations(n_partitions)
    flat = itertools.chain.from_iterable(
        itertools.combinations(range(n_partitions), half)
    )
    chosen = np.fromiter(flat, dtype=np.intp, count=n_combinations * half)
    masks = np.zeros((n_combinations, n_partitions), dtype=bool)
    masks[np.repeat(np.arange(n_combinations), half), chosen] = True
    return masks


@dataclass(frozen=True)
class Cells:
    """Per-cell sufficient statistics of the rows, and the cells' partitions.

    Attributes
    ----------
    membership : ndarray of shape (n_cells, n_partitions), bool
        The partitions each cell belongs to.
    counts : ndarray of shape (n_cells,)
        Rows per cell.
    totals : ndarray of shape (n_cells, n_trials)
        Sums of the values: exact for integers, so exact ties stay ties.
    center : ndarray of shape (n_trials,)
        Each column's mean over all rows; the next sums are of the centred
        values, so that variances lose no precision to a large mean.
    sums, squares : ndarray of shape (n_cells, n_trials)
        Sums of the centred values and of their squares.
    minima, maxima : ndarray of shape (n_cells, n_trials)
        Extremes of each column within each cell (a constant half has no Sharpe
        ratio).
    row_cells : ndarray of shape (n_rows,)
        The cell of each row, for statistics given as a function of the rows.
    """

    membership: np.ndarray
    counts: np.ndarray
    totals: np.ndarray
    center: np.ndarray
    sums: np.ndarray
    squares: np.ndarray
    minima: np.ndarray
    maxima: np.ndarray
    row_cells: np.ndarray


def _row_chunks(n_rows, n_columns):
    step = max(1, CHUNK_BYTES // (8 * max(n_columns, 1)))
    return [(start, min(start + step, n_rows)) for start in range(0, n_rows, step)]


def cells_of_rows(values, row_cells, membership):
    """:class:`Cells` of a ``(n_rows, n_trials)`` matrix whose row i is in cell
    ``row_cells[i]``; ``row_cells`` is non-decreasing (cells are runs of rows)."""
    n_rows, n_trials = values.shape
    n_cells = membership.shape[0]
    starts = np.searchsorted(row_cells, np.arange(n_cells))
    counts = np.diff(np.append(starts, n_rows))
    center = values.mean(axis=0)
    totals = np.zeros((n_cells, n_trials))
    sums = np.zeros((n_cells, n_trials))
    squares = np.zeros((n_cells, n_trials))
    # Chunks of rows bound the temporaries for very long matrices.
    for start, stop in _row_chunks(n_rows, n_trials):
        centred = values[start:stop] - center
        cell_of_chunk = row_cells[start:stop]
        first = np.searchsorted(cell_of_chunk, np.unique(cell_of_chunk))
        present = cell_of_chunk[first]
        totals[present] += np.add.reduceat(values[start:stop], first, axis=0)
        sums[present] += np.add.reduceat(centred, first, axis=0)
        squares[present] += np.add.reduceat(centred * centred, first, axis=0)
    return Cells(
        membership=membership,
        counts=counts,
        totals=totals,
        center=center,
        sums=sums,
        squares=squares,
        minima=np.minimum.reduceat(values, starts, axis=0),
        maxima=np.maximum.reduceat(values, starts, axis=0),
        row_cells=row_cells,
    )


def half_cells(membership, masks):
    """Which cells each half uses: ``(in_sample, out_of_sample)``, both of shape
    ``(n_combinations, n_cells)``. A cell is in a half when all its partitions
    are; a cell reaching into both halves is in neither."""
    outside_in = (membership[None, :, :] & ~masks[:, None, :]).any(axis=2)
    outside_out = (membership[None, :, :] & masks[:, None, :]).any(axis=2)
    return ~outside_in, ~outside_out


def _masked_sum(chosen, per_cell):
    # A product with 0/1 then a sum along the cells: the same order of additions
    # for every column, so equal columns stay exactly equal (ties survive).
    return (chosen[:, :, None] * per_cell[None, :, :]).sum(axis=1)


def _sharpe_of_halves(cells, chosen, counts):
    sums = _masked_sum(chosen, cells.sums)
    squares = _masked_sum(chosen, cells.squares)
    means = cells.center + sums / counts[:, None]
    variances = np.maximum(squares - sums * sums / counts[:, None], 0.0)
    variances /= counts[:, None] - 1
    lowest = np.where(chosen[:, :, None], cells.minima[None], np.inf).min(axis=1)
    highest = np.where(chosen[:, :, None], cells.maxima[None], -np.inf).max(axis=1)
    constant = lowest == highest
    with np.errstate(divide="ignore", invalid="ignore"):
        sharpe = means / np.sqrt(variances)
    return np.where(constant, np.nan, sharpe)


def statistics_of_halves(cells, chosen, statistic):
    """The statistic of every column over the rows of the chosen cells:
    ``(n_combinations, n_trials)``. ``statistic`` is ``"mean"``, ``"sharpe"``
    (mean over standard deviation, ddof=1; NaN where the column is constant) or
    a function of the rows; it is never computed on an empty half."""
    counts = chosen @ cells.counts
    if statistic == "mean":
        return _masked_sum(chosen, cells.totals) / counts[:, None]
    if statistic == "sharpe":
        return _sharpe_of_halves(cells, chosen, counts)
    raise ValueError(f"unknown statistic {statistic!r}")  # pragma: no cover


def statistics_by_function(values, cells, chosen, statistic):
    """``statistic(rows)`` for each combination's half (one call per half)."""
    n_trials = values.shape[1]
    results = np.empty((chosen.shape[0], n_trials))
    for index, cell_mask in enumerate(chosen):
        rows = values[cell_mask[cells.row_cells]]
        try:
            result = np.asarray(statistic(rows), dtype=float)
        except (TypeError, ValueError) as exc:
            raise TypeError(
                "statistic must return one number per configuration (a column of "
                f"the matrix); it returned something that is not numeric: {exc}"
            ) from exc
        if result.shape != (n_trials,):
            raise ValueError(
                "statistic must return one number per configuration, an array of "
                f"shape ({n_trials},), for the rows of a half; it returned shape "
                f"{result.shape}. Reduce over axis 0, e.g. lambda rows: "
                "rows.mean(axis=0)."
            )
        results[index] = result
    return results


def selection_outcomes(in_sample, out_of_sample, loss_threshold):
    """Where the in-sample winner of each combination lands out of sample.

    Ties are broken uniformly at random, in and out of sample independently, and
    every result is its expectation over the tie-breaks; without ties it is the
    plain count of the paper. The winner's out-of-sample rank runs from 1 (worst)
    to ``n_trials`` (best).

    Returns
    -------
    outcomes : dict
        Per combination: ``mean_rank`` (expected rank), ``overfit`` (probability
        that the rank is at most the median, ``rank / (n_trials + 1) <= 1/2``),
        ``is_best`` (the winner's in-sample statistic), ``oos`` (its expected
        out-of-sample statistic), ``loss`` (probability that this is below
        ``loss_threshold``); and ``rank_counts`` of shape ``(n_trials,)``, the
        expected number of combinations whose winner ranks r-th.
    """
    n_combinations, n_trials = in_sample.shape
    best = in_sample.max(axis=1)
    winners = in_sample == best[:, None]
    combination, trial = np.nonzero(winners)
    weight = 1.0 / winners.sum(axis=1)[combination]
    value = out_of_sample[combination, trial]
    others = out_of_sample[combination]
    lowest = (others < value[:, None]).sum(axis=1) + 1
    n_tied = (others == value[:, None]).sum(axis=1)
    highest = lowest + n_tied - 1
    median_rank = (n_trials + 1) // 2
    overfit = np.clip(np.minimum(highest, median_rank) - lowest + 1, 0, None) / n_tied
    # The rank is uniform on [lowest, highest]: spread each winner's weight.
    spread = np.zeros(n_trials + 1)
    np.add.at(spread, lowest - 1, weight / n_tied)
    np.add.at(spread, highest, -weight / n_tied)

    def per_combination(values):
        return np.bincount(
            combination, weights=weight * values, minlength=n_combinations
        )

    return {
        "mean_rank": per_combination((lowest + highest) / 2.0),
        "overfit": per_combination(overfit),
        "is_best": best,
        "oos": per_combination(value),
        "loss": per_combination((value < loss_threshold).astype(float)),
        "rank_counts": np.cumsum(spread)[:n_trials],
    }


def combination_chunks(n_combinations, n_cells, n_trials):
    """Ranges of combinations whose temporaries stay near ``CHUNK_BYTES``."""
    per_combination = 8 * max(n_cells, 1) * max(n_trials, 1)
    step = max(1, CHUNK_BYTES // per_combination)
    return [
        (start, min(start + step, n_combinations))
        for start in range(0, n_combinations, step)
    ]


def _check_halves(counts, chunk, statistic, start):
    needed = 2 if statistic == "sharpe" else 1
    short = np.flatnonzero(counts < needed)
    if short.size:
        partitions = np.flatnonzero(chunk[short[0]]).tolist()
        raise ValueError(
            f"the half made of partitions {partitions} (combination "
            f"{start + int(short[0])}) holds {int(counts[short[0]])} row(s), and "
            f"statistic={statistic!r} needs at least {needed}: use fewer partitions "
            "(n_partitions) or more rows."
        )


def _check_statistics(stats, names, statistic, chunk):
    bad = ~np.isfinite(stats)
    if not bad.any():
        return
    combination, trial = np.argwhere(bad)[0]
    partitions = np.flatnonzero(chunk[combination]).tolist()
    if statistic == "sharpe":
        reason = (
            "its values are constant there, so its Sharpe ratio is undefined; drop "
            "that configuration or use statistic='mean'"
        )
    else:
        reason = "the statistic returned a value that is not finite"
    raise ValueError(
        f"statistic={statistic!r} of configuration {names[trial]!r} on the rows of "
        f"partitions {partitions} is {stats[combination, trial]}: {reason}."
    )


def run_cscv(values, cells, statistic, loss_threshold, names):
    """CSCV over all C(S, S/2) halves; ``values`` is the ``(n_rows, n_trials)``
    matrix (used only by a statistic given as a function)."""
    masks = in_sample_masks(cells.membership.shape[1])
    n_cells, n_trials = cells.sums.shape
    parts = []
    for start, stop in combination_chunks(masks.shape[0], n_cells, n_trials):
        chunk = masks[start:stop]
        halves = half_cells(cells.membership, chunk)
        stats = []
        for chosen, sides in zip(halves, (chunk, ~chunk)):
            _check_halves(chosen @ cells.counts, sides, statistic, start)
            if callable(statistic):
                result = statistics_by_function(values, cells, chosen, statistic)
            else:
                result = statistics_of_halves(cells, chosen, statistic)
            _check_statistics(result, names, statistic, sides)
            stats.append(result)
        parts.append(selection_outcomes(stats[0], stats[1], loss_threshold))
    outcome = {
        key: np.concatenate([part[key] for part in parts])
        for key in ("mean_rank", "overfit", "is_best", "oos", "loss")
    }
    outcome["rank_counts"] = np.sum([part["rank_counts"] for part in parts], axis=0)
    return outcome
