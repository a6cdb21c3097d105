"""What each split did: sizes, time ranges, and what was purged or embargoed."""

import numbers

import numpy as np
import pandas as pd

from safesplit._validation import (
    check_cv,
    materialize_splits,
    overlap_message,
    shared_rows,
)
from safesplit.model_selection._base import BaseTimeSplitter
from safesplit.model_selection._engine import (
    EMBARGOED,
    GROUP_REMOVED,
    PURGED,
    ROLE_NAMES,
    TEST,
    TRAIN,
    UNUSED,
)
from safesplit.model_selection._time import resolve_timeline


def roles_of_splits(
    cv, X, y=None, *, groups=None, times=None, end_times=None, owner="describe_splits"
):
    """Yield ``(timeline, roles, n_shared)`` for each split of any splitter.

    ``roles`` gives every sample's role in time order (see ``ROLE_NAMES``). For a
    safesplit splitter the roles say what was purged, embargoed or removed for a
    shared group; for any other scikit-learn splitter (or iterable of index
    pairs), samples are train, test or unused, measured against the same times
    (so that, e.g., training on the future is visible). ``n_shared`` counts the
    test samples the split also trains on (always 0 for a safesplit splitter);
    they are marked as test. ``owner`` names the caller in errors.
    """
    if isinstance(cv, BaseTimeSplitter):
        for timeline, roles in cv._iter_roles(
            X, y, groups, times=times, end_times=end_times
        ):
            yield timeline, roles, 0
        return
    timeline = resolve_timeline(
        X,
        times=times,
        end_times=end_times,
        time_column=getattr(cv, "time_column", None),
    )
    n_samples = timeline.n_samples
    to_time_order = (
        np.arange(n_samples) if timeline.order is None else np.argsort(timeline.order)
    )
    split_kwargs = {} if groups is None else {"groups": groups}
    for train, test in materialize_splits(cv, X, y, n_samples, owner, split_kwargs):
        roles = np.zeros(n_samples, dtype=np.int8)
        roles[to_time_order[train]] = TRAIN
        roles[to_time_order[test]] = TEST
        yield timeline, roles, shared_rows(train, test, n_samples)


def iter_split_roles(
    cv, X, y=None, *, groups=None, times=None, end_times=None, owner="describe_splits"
):
    """Yield ``(timeline, roles)`` for each split of any splitter (see
    :func:`roles_of_splits`); ``owner`` names the caller in errors.

    Raises
    ------
    TypeError
        When ``cv`` is neither a splitter nor an iterable of index pairs.
    ValueError
        When a split tests samples it also trains on: a sample cannot be drawn
        in two roles, and such a split has no separate test set.
    """
    cv = check_cv(cv, allow_int=False)
    splits = roles_of_splits(cv, X, y, groups=groups, times=times, end_times=end_times)
    for index, (timeline, roles, n_shared) in enumerate(splits):
        if n_shared:
            n_test = int(np.count_nonzero(roles == TEST))
            raise ValueError(overlap_message(owner, cv, index, n_shared, n_test))
        yield timeline, roles


def describe_splits(cv, X, y=None, *, groups=None, times=None, end_times=None):
    """Describe, split by split, what a splitter trains and tests on.

    Parameters
    ----------
    cv : cross-validation splitter
        A safesplit splitter, or any scikit-learn splitter (then nothing is
        purged or embargoed, and its splits are placed on the same time axis).
    X : array-like of shape (n_samples, n_features)
        The data, as passed to ``cv.split``.
    y : array-like of shape (n_samples,), default=None
        The target, as passed to ``cv.split``.
    groups : array-like of shape (n_samples,), default=None
        Entity groups, as passed to ``cv.split``.
    times, end_times : array-like of shape (n_samples,), default=None
        Per-sample times and label end times, as passed to ``cv.split``.

    Returns
    -------
    description : pandas.DataFrame
        One row per split with the counts ``n_train``, ``n_test``, ``n_purged``
        (training candidates whose label overlapped a test block),
        ``n_embargoed``, ``n_group_removed`` (entities shared with the test set)
        and ``n_unused`` (outside the training window), and the time ranges
        ``train_start``, ``train_end``, ``test_start``, ``test_end`` and
        ``n_test_blocks`` (contiguous runs of test periods). A sample counts in
        exactly one column; a sample both purged and embargoed counts as purged.

    Examples
    --------
    >>> import numpy as np
    >>> from safesplit import PurgedKFold, describe_splits
    >>> X = np.zeros((10, 1))
    >>> cv = PurgedKFold(n_splits=2, horizon=1, embargo=1)
    >>> table = describe_splits(cv, X)
    >>> table[["n_train", "n_test", "n_purged", "n_embargoed", "test_start"]]
           n_train  n_test  n_purged  n_embargoed  test_start
    split
    0            3       5         1            1           0
    1            4       5         1            0           5
    """
    rows = []
    for timeline, roles in iter_split_roles(
        cv, X, y, groups=groups, times=times, end_times=end_times
    ):
        counts = np.bincount(roles, minlength=len(ROLE_NAMES))
        row = {
            "n_train": counts[TRAIN],
            "n_test": counts[TEST],
            "n_purged": counts[PURGED],
            "n_embargoed": counts[EMBARGOED],
            "n_group_removed": counts[GROUP_REMOVED],
            "n_unused": counts[UNUSED],
        }
        for name, role in (("train", TRAIN), ("test", TEST)):
            where = np.flatnonzero(roles == role)
            times = timeline.sample_times
            row[f"{name}_start"] = (
                timeline.display(times[where[0]]) if where.size else None
            )
            row[f"{name}_end"] = (
                timeline.display(times[where[-1]]) if where.size else None
            )
        in_test = roles == TEST
        row["n_test_blocks"] = int(
            np.count_nonzero(np.diff(in_test.astype(np.int8), prepend=0) == 1)
        )
        rows.append(row)
    frame = pd.DataFrame(rows)
    frame.index.name = "split"
    return frame


def binned_roles(roles, n_bins):
    """``(starts, lengths, majority)`` of ``n_bins`` equal bins of ``roles``.

    ``majority`` is each bin's most frequent role, counted with one bincount over
    (bin, role) pairs.
    """
    n_roles = len(ROLE_NAMES)
    edges = np.linspace(0, roles.size, n_bins + 1).astype(np.intp)
    bins = np.repeat(np.arange(n_bins), np.diff(edges))
    counts = np.bincount(bins * n_roles + roles, minlength=n_bins * n_roles)
    majority = counts.reshape(n_bins, n_roles).argmax(axis=1)
    return edges[:-1], np.diff(edges), majority


_ROLE_CHARS = {
    TRAIN: "=",
    TEST: "T",
    PURGED: "p",
    EMBARGOED: "e",
    GROUP_REMOVED: "g",
    UNUSED: ".",
}


def show_splits(cv, X, y=None, *, groups=None, times=None, end_times=None, width=60):
    """Draw each split as a line of text over time, one character per time bin.

    ``=`` train, ``T`` test, ``p`` purged, ``e`` embargoed, ``g`` removed because
    its entity group is tested, ``.`` unused. A bin shows its most frequent role;
    with at most ``width`` samples, every sample (in time order) gets a character.

    Parameters
    ----------
    cv : cross-validation splitter
        A safesplit splitter, or any scikit-learn splitter.
    X : array-like of shape (n_samples, n_features)
        The data, as passed to ``cv.split``.
    y : array-like of shape (n_samples,), default=None
        The target, as passed to ``cv.split``.
    groups : array-like of shape (n_samples,), default=None
        Entity groups, as passed to ``cv.split``.
    times, end_times : array-like of shape (n_samples,), default=None
        Per-sample times and label end times, as passed to ``cv.split``.
    width : int, default=60
        Number of characters per split.

    Returns
    -------
    picture : str
        One line per split, then a legend.

    Examples
    --------
    >>> import numpy as np
    >>> from safesplit import PurgedKFold, show_splits
    >>> X = np.zeros((20, 1))
    >>> print(show_splits(PurgedKFold(n_splits=4, horizon=2, embargo=1), X))
    split 0  TTTTTppe============
    split 1  ===ppTTTTTppe=======
    split 2  ========ppTTTTTppe==
    split 3  =============ppTTTTT
    = train  T test  p purged  e embargoed  g group removed  . unused
    """
    if isinstance(width, bool) or not isinstance(width, numbers.Integral):
        raise TypeError(
            f"width must be an int (characters per split), got "
            f"{type(width).__name__} {width!r}."
        )
    if width < 1:
        raise ValueError(
            f"width must be at least 1 (characters per split), got {width}."
        )
    lines = []
    splits = iter_split_roles(
        cv,
        X,
        y,
        groups=groups,
        times=times,
        end_times=end_times,
        owner="show_splits",
    )
    for index, (_, roles) in enumerate(splits):
        _, _, majority = binned_roles(roles, min(width, roles.shape[0]))
        chars = "".join(_ROLE_CHARS[role] for role in majority)
        lines.append(f"split {index:<2} {chars}")
    lines.append(
        "  ".join(
            f"{_ROLE_CHARS[role]} {ROLE_NAMES[role].replace('_', ' ')}"
            for role in (TRAIN, TEST, PURGED, EMBARGOED, GROUP_REMOVED, UNUSED)
        )
    )
    return "\n".join(lines)


__all__ = ["describe_splits", "iter_split_roles", "roles_of_splits", "show_splits"]
