"""A small description of the splits an audit validated with, for the report to draw.

The audit knows the role of every row in every split; the report keeps only a sketch:
the rows in time order cut into at most ``MAX_BINS`` equal bins, and how many rows of
each bin had each role in each split, with a few time labels. Counts, not the most
frequent role, so that a test set scattered over time (a shuffled K-fold) shows as
scattered, and a thin purged band stays visible.
"""

from dataclasses import dataclass

import numpy as np

from safesplit.model_selection._engine import ROLE_NAMES
from safesplit.plotting import _time_ticks

MAX_BINS = 240
N_ROLES = len(ROLE_NAMES)


def bin_role_counts(roles, n_bins):
    """Rows of each role in each of ``n_bins`` equal bins of ``roles``.

    Bin ``b`` holds the rows ``floor(b * n / n_bins)`` up to ``floor((b + 1) * n /
    n_bins)``. The roles are run-length encoded first (one comparison over the
    rows); a bin's count of a role is then the difference, between its two edges, of
    the number of rows of that role before a position, found by a binary search
    among that role's runs. Time-ordered splits have a handful of runs, so this costs
    little more than the comparison.

    Returns
    -------
    counts : ndarray of shape (n_bins, N_ROLES)
    """
    roles = np.asarray(roles)
    n = roles.size
    if not 1 <= n_bins <= n:
        raise ValueError(f"n_bins must be in [1, {n}], got {n_bins}.")
    edges = (np.arange(n_bins + 1) * n) // n_bins
    change = np.flatnonzero(roles[1:] != roles[:-1]) + 1
    run_starts = np.concatenate(([0], change))
    run_ends = np.concatenate((change, [n]))
    run_roles = roles[run_starts]
    counts = np.zeros((n_bins, N_ROLES), dtype=np.int64)
    for role in np.unique(run_roles):
        starts = run_starts[run_roles == role]
        ends = run_ends[run_roles == role]
        rows_before_run = np.concatenate(([0], np.cumsum(ends - starts)))
        # Runs of this role that end at or before each edge, then the part of the
        # next run (which ends after the edge) that starts before it.
        done = np.searchsorted(ends, edges, side="right")
        next_start = starts[np.minimum(done, starts.size - 1)]
        partial = np.where(done < starts.size, np.maximum(edges - next_start, 0), 0)
        counts[:, role] = np.diff(rows_before_run[done] + partial)
    return counts


@dataclass(frozen=True, eq=False)
class SplitSketch:
    """The splits an audit validated with, reduced to what a figure needs.

    Parameters
    ----------
    description : str
        The validation, as the report's summary names it.
    counts : ndarray of shape (n_splits, n_bins, 6)
        Rows of each role in each bin of rows (in time order) in each split, roles
        by code: 0 unused, 1 train, 2 test, 3 purged, 4 embargoed, 5 removed for a
        shared entity. Every split counts the same rows in a bin.
    ticks : tuple of (float, str), default=()
        Positions (0 to 1 along the rows in time order) and their time labels.
    axis : str, default="rows in time order"
        What the horizontal axis counts.

    Examples
    --------
    >>> import numpy as np
    >>> from safesplit.report import SplitSketch
    >>> counts = np.zeros((1, 2, 6), dtype=int)
    >>> counts[0, 0, 2] = 3  # bin 0: 3 test rows
    >>> counts[0, 1, [1, 2]] = [2, 1]  # bin 1: 2 training rows, 1 test row
    >>> sketch = SplitSketch("KFold(n_splits=3)", counts)
    >>> sketch.n_samples, sketch.runs(0)
    (6, [(0, 1, {'test': 1.0}), (1, 1, {'train': 0.666..., 'test': 0.333...})])
    """

    description: str
    counts: np.ndarray
    ticks: tuple = ()
    axis: str = "rows in time order"

    def __post_init__(self):
        counts = np.asarray(self.counts)
        if counts.ndim != 3 or counts.shape[2] != N_ROLES or counts.size == 0:
            raise ValueError(
                f"counts must have shape (n_splits, n_bins, {N_ROLES}) with at least "
                f"one split and one bin, got {counts.shape}."
            )
        if counts.dtype.kind not in "iu" or (counts < 0).any():
            raise ValueError("counts must be non-negative integers (rows per role).")
        per_bin = counts.sum(axis=2)
        if (per_bin != per_bin[0]).any() or (per_bin[0] == 0).any():
            raise ValueError(
                "counts must give every bin at least one row, and the same rows in "
                "every split (each row has one role in each split)."
            )
        read_only = counts.astype(np.int64, copy=True)
        read_only.flags.writeable = False
        object.__setattr__(self, "counts", read_only)

    @property
    def n_splits(self):
        return self.counts.shape[0]

    @property
    def n_bins(self):
        return self.counts.shape[1]

    @property
    def n_samples(self):
        return int(self.counts[0].sum())

    def runs(self, split):
        """``[(first_bin, n_bins, {role: share}), ...]``: consecutive bins of one
        split with the same shares of roles, merged."""
        counts = self.counts[split]
        shares = counts / counts.sum(axis=1, keepdims=True)
        change = np.flatnonzero((shares[1:] != shares[:-1]).any(axis=1)) + 1
        starts = np.concatenate(([0], change))
        lengths = np.diff(np.concatenate((starts, [self.n_bins])))
        return [
            (
                int(start),
                int(length),
                {
                    ROLE_NAMES[r]: float(shares[start, r])
                    for r in ROLE_NAMES
                    if counts[start, r]
                },
            )
            for start, length in zip(starts, lengths)
        ]

    def roles_present(self):
        """The role names that occur, in code order."""
        present = self.counts.sum(axis=(0, 1)) > 0
        return [ROLE_NAMES[code] for code in ROLE_NAMES if present[code]]


def sketch_splits(timeline, roles_in_time_order, description, max_bins=MAX_BINS):
    """The :class:`SplitSketch` of splits given as roles of rows in time order.

    Parameters
    ----------
    timeline : Timeline
        The time model the roles are ordered by.
    roles_in_time_order : list of ndarray
        Per split, the role of every row in time order.
    description : str
        How the report names the validation.
    max_bins : int, default=MAX_BINS
        At most this many bins; fewer rows give one bin per row.

    Returns
    -------
    sketch : SplitSketch
    """
    n_samples = timeline.n_samples
    n_bins = max(1, min(max_bins, n_samples))
    counts = np.stack([bin_role_counts(roles, n_bins) for roles in roles_in_time_order])
    positions, labels = _time_ticks(timeline, n_ticks=3)
    ticks = tuple(
        (float(position) / max(n_samples - 1, 1), str(label))
        for position, label in zip(positions, labels)
    )
    axis = "rows" if timeline.kind == "row order" else "rows in time order"
    return SplitSketch(description, counts, ticks, axis)


__all__ = ["MAX_BINS", "SplitSketch", "bin_role_counts", "sketch_splits"]
