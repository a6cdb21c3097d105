"""Figures: the splits of any splitter over time.

matplotlib is imported only when a figure is drawn; it comes with the ``plot``
extra (``pip install 'safesplit-cv[plot]'``).
"""

import numpy as np

from safesplit._optional import check_axes, pyplot
from safesplit.model_selection._describe import binned_roles, iter_split_roles
from safesplit.model_selection._engine import (
    EMBARGOED,
    GROUP_REMOVED,
    PURGED,
    ROLE_NAMES,
    TEST,
    TRAIN,
    UNUSED,
)

# Okabe & Ito's colour-blind-safe palette (and a light grey for unused rows).
ROLE_COLORS = {
    TRAIN: "#0072B2",  # blue
    TEST: "#D55E00",  # vermillion
    PURGED: "#CC79A7",  # reddish purple
    EMBARGOED: "#F0E442",  # yellow
    GROUP_REMOVED: "#009E73",  # bluish green
    UNUSED: "#DDDDDD",  # light grey
}
ROLE_ORDER = (TRAIN, TEST, PURGED, EMBARGOED, GROUP_REMOVED, UNUSED)
ROLE_LABELS = {role: ROLE_NAMES[role].replace("_", " ") for role in ROLE_ORDER}
# Above this many runs in one split, roles are drawn per pixel column (the
# majority role of each of MAX_BINS bins); a screen cannot show more anyway.
MAX_RUNS = 4000
MAX_BINS = 2000


def run_lengths(roles):
    """Run-length encode an array of roles: ``(starts, lengths, values)``.

    Examples
    --------
    >>> import numpy as np
    >>> from safesplit.plotting import run_lengths
    >>> starts, lengths, values = run_lengths(np.array([1, 1, 2, 2, 2, 1]))
    >>> starts.tolist(), lengths.tolist(), values.tolist()
    ([0, 2, 5], [2, 3, 1], [1, 2, 1])
    """
    roles = np.asarray(roles)
    if roles.size == 0:
        empty = np.array([], dtype=np.intp)
        return empty, empty, roles
    change = np.flatnonzero(roles[1:] != roles[:-1]) + 1
    starts = np.concatenate(([0], change))
    lengths = np.diff(np.concatenate((starts, [roles.size])))
    return starts, lengths, roles[starts]


def _time_ticks(timeline, n_ticks=6):
    n = timeline.n_samples
    positions = np.unique(np.linspace(0, n - 1, n_ticks).round().astype(np.intp))
    labels = []
    for position in positions:
        value = timeline.display(timeline.times[position])
        if hasattr(value, "strftime"):
            has_time = any(
                getattr(timeline.display(timeline.times[p]), "hour", 0)
                or getattr(timeline.display(timeline.times[p]), "minute", 0)
                for p in positions
            )
            labels.append(value.strftime("%Y-%m-%d %H:%M" if has_time else "%Y-%m-%d"))
        else:
            labels.append(str(value))
    return positions, labels


def plot_splits(cv, X, y=None, *, groups=None, times=None, end_times=None, ax=None):
    """Draw each split of a splitter as one row over time.

    Train, test, purged, embargoed, group-removed and unused samples get distinct
    colour-blind-safe colours (Okabe & Ito) and a legend. Samples are drawn in
    time order, as runs of equal role (rectangles, not points), so the figure
    stays readable and fast at a million rows.

    Parameters
    ----------
    cv : cross-validation splitter
        A safesplit splitter, or any scikit-learn splitter (then samples are only
        train, test or unused, placed on the same time axis).
    X : array-like of shape (n_samples, n_features)
        The data, as passed to ``cv.split``.
    y : array-like of shape (n_samples,), default=None
        The target, as passed to ``cv.split``.
    groups : array-like of shape (n_samples,), default=None
        Entity groups, as passed to ``cv.split``.
    times, end_times : array-like of shape (n_samples,), default=None
        Per-sample times and label end times, as passed to ``cv.split``.
    ax : matplotlib.axes.Axes, default=None
        Where to draw; a new figure when None.

    Returns
    -------
    ax : matplotlib.axes.Axes
        The x axis counts samples in time order; its tick labels are times.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import numpy as np
    >>> from safesplit import PurgedKFold, plot_splits
    >>> ax = plot_splits(PurgedKFold(4, horizon=2, embargo=1), np.zeros((100, 1)))
    >>> [text.get_text() for text in ax.get_legend().get_texts()]
    ['train', 'test', 'purged', 'embargoed']
    """
    plt = pyplot()
    check_axes(ax)
    if ax is None:
        n_splits_guess = getattr(cv, "n_splits", 5)
        height = 1.2 + 0.35 * min(int(n_splits_guess or 5), 30)
        _, ax = plt.subplots(figsize=(10, height))
    seen = set()
    timeline = None
    n_splits = 0
    splits = iter_split_roles(
        cv,
        X,
        y,
        groups=groups,
        times=times,
        end_times=end_times,
        owner="plot_splits",
    )
    for index, (split_timeline, roles) in enumerate(splits):
        timeline = split_timeline
        n_splits += 1
        starts, lengths, values = run_lengths(roles)
        if starts.size > MAX_RUNS:
            starts, lengths, values = binned_roles(roles, MAX_BINS)
        for role in ROLE_ORDER:
            mask = values == role
            if not mask.any():
                continue
            seen.add(role)
            ax.broken_barh(
                list(zip(starts[mask].tolist(), lengths[mask].tolist())),
                (index - 0.4, 0.8),
                facecolors=ROLE_COLORS[role],
                edgecolor="none",
                label=ROLE_LABELS[role],
            )
    if timeline is None:
        raise ValueError(f"{cv!r} produced no split.")
    ax.set_ylim(n_splits - 0.5, -0.5)
    ax.set_yticks(range(n_splits))
    ax.set_yticklabels([f"split {i}" for i in range(n_splits)])
    ax.set_xlim(0, timeline.n_samples)
    positions, labels = _time_ticks(timeline)
    ax.set_xticks(positions)
    ax.set_xticklabels(labels)
    ax.set_xlabel("samples in time order" if timeline.kind != "row order" else "row")
    from matplotlib.patches import Patch

    handles = [
        Patch(facecolor=ROLE_COLORS[role], label=ROLE_LABELS[role])
        for role in ROLE_ORDER
        if role in seen
    ]
    ax.set_title(type(cv).__name__, loc="left")
    ax.legend(
        handles=handles,
        loc="lower right",
        bbox_to_anchor=(1.0, 1.0),
        ncol=len(handles),
        frameon=False,
        borderaxespad=0.2,
        handlelength=1.2,
        columnspacing=1.0,
    )
    ax.figure.tight_layout()
    return ax


__all__ = ["plot_splits", "run_lengths"]
