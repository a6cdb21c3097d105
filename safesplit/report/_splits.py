"""A small description of the splits an audit validated with, for the report to draw.

The audit knows the role of every row in every split; the report keeps only a sketch:
the roles of at most ``MAX_BINS`` equal bins of rows in time order (each bin shows its
most frequent role, as :func:`~safesplit.show_splits` does), and a few time labels.
That is enough to draw the validation in the HTML report without the data.
"""

from dataclasses import dataclass

import numpy as np

from safesplit.model_selection._describe import binned_roles
from safesplit.model_selection._engine import ROLE_NAMES
from safesplit.plotting import _time_ticks, run_lengths

MAX_BINS = 240


@dataclass(frozen=True, eq=False)
class SplitSketch:
    """The splits an audit validated with, reduced to what a figure needs.

    Parameters
    ----------
    description : str
        The validation, as the report's summary names it.
    roles : ndarray of shape (n_splits, n_bins)
        Role code of each bin of rows (in time order) in each split: the most
        frequent role among the bin's rows (codes as in ``ROLE_NAMES``: 0 unused,
        1 train, 2 test, 3 purged, 4 embargoed, 5 removed for a shared entity).
    n_samples : int
        Rows the bins cover.
    ticks : tuple of (float, str)
        Positions (0 to 1 along the rows in time order) and their time labels.
    axis : str
        What the horizontal axis counts: ``"rows in time order"`` or ``"rows"``.

    Examples
    --------
    >>> import numpy as np
    >>> from safesplit.report import SplitSketch
    >>> sketch = SplitSketch("KFold(n_splits=2)", np.array([[2, 1], [1, 2]]), 10)
    >>> sketch.n_splits, sketch.runs(0)
    (2, [(0, 1, 'test'), (1, 1, 'train')])
    """

    description: str
    roles: np.ndarray
    n_samples: int
    ticks: tuple = ()
    axis: str = "rows in time order"

    def __post_init__(self):
        roles = np.asarray(self.roles)
        if roles.ndim != 2 or roles.size == 0:
            raise ValueError(
                "roles must be a non-empty 2-d array (splits x bins), got shape "
                f"{roles.shape}."
            )
        if not np.isin(roles, list(ROLE_NAMES)).all():
            raise ValueError(
                f"roles must hold role codes {sorted(ROLE_NAMES)}, got "
                f"{sorted(set(np.unique(roles).tolist()) - set(ROLE_NAMES))}."
            )
        read_only = roles.astype(np.int8, copy=True)
        read_only.flags.writeable = False
        object.__setattr__(self, "roles", read_only)

    @property
    def n_splits(self):
        return self.roles.shape[0]

    @property
    def n_bins(self):
        return self.roles.shape[1]

    def runs(self, split):
        """``[(first_bin, n_bins, role_name), ...]`` of one split, run by run."""
        starts, lengths, values = run_lengths(self.roles[split])
        return [
            (int(start), int(length), ROLE_NAMES[int(value)])
            for start, length, value in zip(starts, lengths, values)
        ]

    def roles_present(self):
        """The role names that occur, in code order."""
        return [ROLE_NAMES[int(code)] for code in np.unique(self.roles)]


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
    binned = np.vstack(
        [binned_roles(np.asarray(roles), n_bins)[2] for roles in roles_in_time_order]
    )
    positions, labels = _time_ticks(timeline, n_ticks=3)
    ticks = tuple(
        (float(position) / max(n_samples - 1, 1), str(label))
        for position, label in zip(positions, labels)
    )
    axis = "rows" if timeline.kind == "row order" else "rows in time order"
    return SplitSketch(description, binned, n_samples, ticks, axis)


__all__ = ["MAX_BINS", "SplitSketch", "sketch_splits"]
