"""The split engine shared by every temporal splitter: pure index arithmetic.

A splitter only decides *which periods* are tested and which may train (a
:class:`SplitPlan`); this module turns a plan into sample roles with the rules of
the time model: purging of overlapping labels, the embargo after each test block,
and removal of entities whose group is tested. All of it is vectorised numpy over
positions in time order; no Python loop over samples.
"""

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from safesplit._frames import one_dimensional
from safesplit._sklearn_compat import _num_samples
from safesplit._validation import num_samples
from safesplit.model_selection._time_params import embargo_stop
from safesplit.model_selection._time_values import check_same_index

# Roles of a sample in one split. UNUSED is 0 so that a fresh array means "unused".
UNUSED, TRAIN, TEST, PURGED, EMBARGOED, GROUP_REMOVED = 0, 1, 2, 3, 4, 5
ROLE_NAMES = {
    UNUSED: "unused",
    TRAIN: "train",
    TEST: "test",
    PURGED: "purged",
    EMBARGOED: "embargoed",
    GROUP_REMOVED: "group_removed",
}


@dataclass(frozen=True)
class SplitPlan:
    """Which periods one split tests and which may train.

    Attributes
    ----------
    test_blocks : tuple of (int, int)
        Half-open period ranges ``[start, stop)`` of the test set, in time order;
        adjacent ranges are merged into one block by :func:`merge_blocks`.
    train_periods : tuple of (int, int)
        Half-open period range whose samples are training candidates (those not
        tested); what lies outside is unused.
    embargo : bool
        Whether the embargo applies after each test block (not in walk-forward,
        where nothing after the test block trains).
    """

    test_blocks: tuple
    train_periods: tuple
    embargo: bool = True


def merge_blocks(period_ranges):
    """Merge sorted, adjacent or overlapping period ranges into maximal blocks."""
    return tuple(
        (start, stop)
        for start, stop in _merge_ranges(period_ranges, -math.inf, math.inf)
    )


@dataclass(frozen=True)
class SplitLayout:
    """Where the roles of one split may change, in sorted positions.

    Samples in ``[first, stop)`` outside ``test_ranges``, ``cleared`` and
    ``touched`` are training samples, samples in ``test_ranges`` are tested, no
    sample in ``cleared`` trains (purged or embargoed whole), and nothing else
    trains; so the positions follow from slices, plus one scan of each touched
    window (where each sample's own end time decides). ``touched`` is None when
    anything may have changed (entity groups).
    """

    first: int
    stop: int
    test_ranges: tuple
    touched: tuple | None
    cleared: tuple = ()
    # The time each touched window's end times are compared with.
    reaching: tuple = ()


def split_layout(
    timeline, plan, embargo=None, group_codes=None, *, out=None, windows_only=False
):
    """``(roles, layout)``: every sample's role (in time order) in one split.

    A training candidate is purged when its label interval ``[time, end_time]``
    meets the span ``[first test time, last test end time]`` of any test block
    (closed intervals), embargoed when it falls in the embargo after a block's span
    end, and removed when its entity group also occurs in the test set. The
    :class:`SplitLayout` says where roles may differ from the plain plan. ``out``,
    an int8 array of ``n_samples``, receives the roles instead of a new array (a
    caller that reads each split's roles before the next one reuses one buffer).

    With ``windows_only`` (no entity groups), roles are written only in the
    touched windows, the one part :func:`split_positions` reads: elsewhere they
    follow from the layout, and writing all of them would cost a pass over the
    samples per split.
    """
    starts = timeline.period_starts
    first = int(starts[plan.train_periods[0]])
    stop = int(starts[plan.train_periods[1]])
    test_ranges = tuple(
        (int(starts[block_start]), int(starts[block_stop]))
        for block_start, block_stop in plan.test_blocks
    )
    windows = _purge_windows(timeline, plan, embargo, first, stop, test_ranges)
    # A window that takes every sample needs no roles to say so; one where each
    # sample's end time decides is scanned.
    touched = [(lo, hi) for _, lo, hi, reaching in windows if reaching is not None]
    reaching = tuple(reaching for *_, reaching in windows if reaching is not None)
    cleared = tuple((lo, hi) for _, lo, hi, reaching in windows if reaching is None)
    if out is None:
        roles = np.zeros(timeline.n_samples, dtype=np.int8)
    else:
        roles = out
    written = [(0, timeline.n_samples)]
    if windows_only and group_codes is None:
        # Unsorted input: the positions come from period codes and end times in
        # input order, not from roles.
        written = []
        if timeline.sorted_input:
            written = _merge_ranges(touched, 0, timeline.n_samples)
    for lo, hi in written:
        _write_plain_roles(roles, lo, hi, first, stop, test_ranges)
        for role, window_lo, window_hi, reaching_from in windows:
            window_lo, window_hi = max(window_lo, lo), min(window_hi, hi)
            if window_lo >= window_hi:
                continue
            window = roles[window_lo:window_hi]
            candidates = window == TRAIN
            if reaching_from is not None:
                ends = timeline.end_times_between(window_lo, window_hi)
                candidates &= ends >= reaching_from
            window[candidates] = role
    if group_codes is not None:
        tested = np.zeros(int(group_codes.max()) + 1, dtype=bool)
        tested[group_codes[roles == TEST]] = True
        shared = tested[group_codes] & (roles == TRAIN)
        roles[shared] = GROUP_REMOVED
        touched = None
    layout = SplitLayout(
        first,
        stop,
        test_ranges,
        None if touched is None else tuple(touched),
        cleared,
        reaching,
    )
    return roles, layout


def _purge_windows(timeline, plan, embargo, first, stop, test_ranges):
    """``(role, lo, hi, reaching_from)`` per window whose training samples lose
    their role, in the order they are applied: ``role`` replaces TRAIN in
    ``[lo, hi)``, for every sample there or (``reaching_from`` not None) for
    those whose end time reaches it. The windows follow from the time model
    alone, never from roles."""
    windows = []
    for lo, hi in test_ranges:
        span_start = timeline.time_at(lo)
        # Before the block: only labels ending at or after the block's start meet
        # it, and none does before the first sample whose end time reaches it.
        reach = max(timeline.first_offset_reaching(span_start), first)
        if reach < lo:
            # Ascending end times all reach it from there on: none is read.
            reaching_from = None if timeline.ends_ascend else span_start
            windows.append((PURGED, reach, lo, reaching_from))
        if hi >= stop:
            # Nothing after the block trains (a walk-forward's test block, the
            # last fold): its span end, a pass over its end times, is not needed.
            continue
        span_end = timeline.max_end_time(lo, hi)
        # After the block, times are past its start, so every sample up to the span
        # end is purged, then the embargo follows.
        purge_stop = min(timeline.first_offset_after(span_end), stop)
        if hi < purge_stop:
            windows.append((PURGED, hi, purge_stop, None))
        if plan.embargo and embargo is not None:
            embargo_end = min(embargo_stop(timeline, embargo, span_end), stop)
            if purge_stop < embargo_end:
                windows.append((EMBARGOED, purge_stop, embargo_end, None))
    return windows


def _write_plain_roles(roles, lo, hi, first, stop, test_ranges):
    """Write the plan's roles, before any purge, into ``roles[lo:hi]``: TEST in
    the test ranges, TRAIN elsewhere in ``[first, stop)``, UNUSED beyond."""
    roles[lo:hi] = UNUSED
    roles[max(lo, first) : min(hi, stop)] = TRAIN
    for test_lo, test_hi in test_ranges:
        if test_lo < hi and lo < test_hi:
            roles[max(lo, test_lo) : min(hi, test_hi)] = TEST


def _merge_ranges(ranges, lower, upper):
    """Sorted, disjoint union of half-open ranges, clipped to ``[lower, upper)``."""
    merged = []
    for start, stop in sorted(ranges):
        start, stop = max(start, lower), min(stop, upper)
        if start >= stop:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], stop)
        else:
            merged.append([start, stop])
    return merged


def _subtract_ranges(ranges, removed):
    """The parts of sorted, disjoint ``ranges`` outside sorted, disjoint
    ``removed``."""
    parts = []
    for start, stop in ranges:
        for lo, hi in removed:
            if hi <= start or lo >= stop:
                continue
            if start < lo:
                parts.append((start, lo))
            start = max(start, hi)
        if start < stop:
            parts.append((start, stop))
    return parts


def _join(pieces):
    """One read-only array from views of the shared positions and new arrays of
    positions: a single piece as it is (a view, or an array nobody else holds)."""
    # An empty piece (a touched window where nothing trains) must not force a copy.
    pieces = [piece for piece in pieces if piece.shape[0]]
    if not pieces:
        return read_only(np.empty(0, dtype=np.intp))
    if len(pieces) == 1:
        return read_only(pieces[0])
    return read_only(np.concatenate(pieces))


def read_only(positions):
    """``positions`` with writing switched off (in place, and returned).

    The index arrays of a split are views of one shared array where they can be,
    so that none is copied; all of them are read-only, so that writing into one can
    never change another.
    """
    positions.flags.writeable = False
    return positions


def split_positions(timeline, roles, layout):
    """``(train, test)``: input positions of one split, each sorted ascending.

    Both are read-only. On time-sorted input without entity groups, a set that is
    one contiguous run of rows is a view of one shared ``arange`` (no copy), and
    only the windows that purging and the embargo touched are scanned. On unsorted
    input the rows are found in input order from each row's period code, with no
    sort (see :func:`_positions_in_input_order`). With entity groups the roles
    are put back in input order once and scanned.
    """
    if layout.touched is None:
        in_input = roles_in_input_order(timeline, roles)
        return (
            read_only(np.flatnonzero(in_input == TRAIN)),
            read_only(np.flatnonzero(in_input == TEST)),
        )
    if not timeline.sorted_input:
        return _positions_in_input_order(timeline, layout)
    positions = timeline.positions
    test = _join([positions[lo:hi] for lo, hi in layout.test_ranges])
    first, stop = layout.first, layout.stop
    # Test ranges and cleared windows hold no training sample; touched windows
    # are scanned outside them; every other row in [first, stop) trains.
    empty = _merge_ranges(layout.test_ranges + layout.cleared, first, stop)
    scanned = _subtract_ranges(_merge_ranges(layout.touched, first, stop), empty)
    # Disjoint, so in time order once sorted by their starts.
    segments = sorted(
        [(lo, hi, False) for lo, hi in empty] + [(lo, hi, True) for lo, hi in scanned]
    )
    pieces = []
    cursor = first
    for lo, hi, scan in segments:
        if cursor < lo:
            pieces.append(positions[cursor:lo])
        if scan:
            pieces.append(np.flatnonzero(roles[lo:hi] == TRAIN) + lo)
        cursor = hi
    if cursor < stop:
        pieces.append(positions[cursor:stop])
    return _join(pieces), test


def _positions_in_input_order(timeline, layout):
    """``(train, test)`` of unsorted input, found in input order.

    Outside the touched windows a row's role follows from its period alone (see
    :class:`SplitLayout`), so comparisons of the rows' period codes give it in a
    few passes; windows cleared whole join the test ranges in them. A touched
    window's rows are found the same way (or through the order, once built), and
    those whose end time reaches the window's time leave the training set.
    """
    codes = timeline.input_period_codes()
    period_of = timeline.period_of_offset
    first, stop = layout.first, layout.stop

    def rows_of_periods(ranges):
        mask = None
        for lo, hi in ranges:
            block = codes.in_periods(period_of(lo), period_of(hi))
            mask = block if mask is None else np.logical_or(mask, block, out=mask)
        return np.zeros(timeline.n_samples, dtype=bool) if mask is None else mask

    test_mask = rows_of_periods(layout.test_ranges)
    # A window's rows: from the codes while that costs less than the sort would
    # (a few splits: a walk-forward, a k-fold), else through the order.
    from_codes = timeline.afford_code_passes(len(layout.touched) + bool(layout.cleared))
    whole = [r for r in layout.cleared if from_codes and timeline.whole_periods(*r)]
    excluded = _merge_ranges(list(layout.test_ranges) + whole, first, stop)
    if excluded == _merge_ranges(layout.test_ranges, first, stop):
        excluded_mask = test_mask
    else:
        excluded_mask = rows_of_periods(excluded)
    if first == 0 and stop == timeline.n_samples:
        train_mask = ~excluded_mask
    else:
        train_mask = codes.in_periods(period_of(first), period_of(stop))
        if excluded:
            train_mask &= ~excluded_mask
    for lo, hi in layout.cleared:
        if (lo, hi) not in whole:
            train_mask[timeline.order[lo:hi]] = False
    ends = timeline.input_end_times
    for (lo, hi), reaching_from in zip(layout.touched, layout.reaching):
        if ends is None:
            rows = timeline.order[lo:hi]
            reaches = timeline.end_times_between(lo, hi) >= reaching_from
        else:
            rows = timeline.rows_in(lo, hi, from_codes=from_codes)
            reaches = ends[rows] >= reaching_from
        train_mask[rows[reaches]] = False
    return (
        read_only(np.flatnonzero(train_mask)),
        read_only(np.flatnonzero(test_mask)),
    )


def roles_in_input_order(timeline, roles):
    """Reorder roles from time order back to the input's row order."""
    if timeline.order is None:
        return roles
    out = np.empty_like(roles)
    out[timeline.order] = roles
    return out


def factorize_groups(groups, n_samples, meaning="entity group", X=None):
    """Integer codes (input order) and the distinct labels of per-sample groups.

    ``meaning`` says what a group is (``"entity group"`` or ``"time bucket"``), so
    that errors tell the user what is expected of every sample.
    """
    groups = one_dimensional(groups, "groups")
    if isinstance(groups, pd.DataFrame):
        raise ValueError("groups must be one-dimensional, got a DataFrame.")
    if num_samples(groups, "groups", what=f"{meaning}s") != n_samples:
        raise ValueError(
            f"groups has {_num_samples(groups)} entries but X has {n_samples} "
            f"samples; pass one {meaning} per sample, in the rows' order."
        )
    check_same_index(groups, "groups", X)
    values = groups.array if hasattr(groups, "array") else _label_array(groups)
    if getattr(values, "ndim", 1) != 1:
        raise ValueError(f"groups must be one-dimensional, got shape {values.shape}.")
    try:
        codes, uniques = pd.factorize(values)
    except TypeError:
        raise TypeError(
            "groups must hold one hashable label per sample (a str, an int...), "
            f"got values such as {values[0]!r}."
        ) from None
    if (codes < 0).any():
        raise ValueError(
            f"groups contain {int((codes < 0).sum())} missing value(s); every sample "
            f"needs a value ({meaning}). Fill them or drop those rows before "
            "splitting."
        )
    return codes.astype(np.intp, copy=False), pd.Index(uniques)


def _label_array(groups):
    """``groups`` as an array; sequences of unequal lengths (lists as labels)
    become an object array, which factorizing refuses with a clear message."""
    try:
        return np.asarray(groups)
    except ValueError:
        return pd.Series(list(groups), dtype=object).array


def group_codes_in_time_order(groups, timeline, n_samples, X=None):
    """Integer codes of entity groups, aligned with the timeline's order."""
    if groups is None:
        return None
    codes, _ = factorize_groups(groups, n_samples, X=X)
    return codes if timeline.order is None else codes[timeline.order]
