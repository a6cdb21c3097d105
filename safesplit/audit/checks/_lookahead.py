"""Look-ahead columns (part of the ``temporal`` check, L3.1): a feature that the
labels of *later* rows explain, as a centred or forward-looking window, a
``shift(-k)`` or a two-sided filter (Hodrick-Prescott, a centred moving average)
computed on the target's series does.

Principle. A feature known at its row's time can depend on later outcomes only
through what it causes or shares with them, which is noisy. A feature computed from
later outcomes is, for the common windows and filters, a near-exact linear function
of them. So each candidate column is regressed, out of fold, on the labels around its
row (within its entity on a panel): the labels known at its time (earlier rows whose
label has ended), the row's own label (and those still running), and the labels of
the next periods. The share of what the first two leave unexplained that the later
labels explain is the column's *look-ahead share*; honest columns, lags, trailing
windows and noisy leading indicators included, stay far below the threshold on real
series, centred and forward windows reach 1.
"""

from dataclasses import dataclass

import numpy as np
from threadpoolctl import threadpool_limits

from safesplit.audit._columns import numeric_values
from safesplit.audit._skills import metric_from_skill, metric_name
from safesplit.report import Finding

# Share of a column's unexplained variance that later labels must explain: a partial
# correlation of at least 0.87 with the best combination of later labels.
LOOKAHEAD_SHARE = 0.75
# When labels end after their row's time, the row's own label is future too; but
# an honest predictor explains much of it, so only a near-exact function of it
# (99% of what the known labels leave) is a leak.
OWN_LABEL_SHARE = 0.99
# Periods of labels looked at on each side, at most, and the complete rows needed
# per regression term to use that many (fewer periods on short series).
MAX_PERIODS = 8
_PERIOD_CHOICES = (8, 6, 4, 3, 2)
ROWS_PER_TERM = 10
# Labels running over more periods than this (each a regression term) are not
# screened.
MAX_LABEL_PERIODS = 24
# The columns screened: the numeric ones with the strongest single-column skill.
N_CANDIDATES = 10
_MIN_LEVELS = 5
# A column that follows an exact linear recurrence of order 2 (a constant, a linear
# trend, a sinusoid) on 90% of its rows is a function of time alone: known in
# advance, it cannot carry later outcomes. Rounding is far below this; the smoothest
# data-driven filters (a Hodrick-Prescott trend) stay above 1e-5.
_RECURRENCE_EXACT = 1e-9
# Model skill lost without the look-ahead columns from which the finding is high.
LOOKAHEAD_GAP_HIGH = 0.10
_N_FOLDS = 5


@dataclass(frozen=True)
class _Neighbours:
    """Rows of the same entity some periods away, for the rows regressed.

    Attributes
    ----------
    anchors : ndarray
        Row positions regressed (the model sample).
    rows : dict
        ``rows[k]``: for each anchor, the row ``k`` periods *earlier* in its
        entity (negative ``k``: later), or -1 when there is none.
    horizon : int
        Periods after which a label is known (at least 1: a row's own label is
        never known at its time).
    periods : int
        Periods of labels looked at on each side.
    labels_outlast_rows : bool
        Whether labels end after their row's time (end times or a horizon): the
        row's own label is then strictly future information.
    """

    anchors: np.ndarray
    rows: dict
    horizon: int
    periods: int
    labels_outlast_rows: bool

    def values(self, column, k):
        """``column`` at the row ``k`` periods earlier of each anchor (NaN if none)."""
        index = self.rows[k]
        out = np.full(index.shape[0], np.nan)
        found = index >= 0
        out[found] = column[index[found]]
        return out


def lookahead(context):
    """Findings of columns that the labels of later rows explain.

    Needs known times, one row per period (per entity and period with
    ``groups``), and a target with a numeric order (regression or two classes).
    """
    if not context.times.known:
        return []
    if context.task == "classification" and context.target.n_classes != 2:
        return []
    candidates = _candidates(context)
    if not candidates:
        return []
    neighbours = _neighbours(context)
    if neighbours is None:
        return []
    y = context.target.y.astype(np.float64)
    rng = np.random.default_rng(context.seed)
    flagged = {}
    # Small least-squares problems: threads only contend.
    with threadpool_limits(limits=1, user_api="blas"):
        for name in candidates:
            values = numeric_values(context.frame[name], context.profiles[name].kind)
            result = _lookahead_share(values, y, neighbours, rng)
            if result is not None and _looks_ahead(result, neighbours):
                flagged[name] = result
    if not flagged:
        return []
    return [_finding(context, flagged, neighbours)]


def _looks_ahead(result, neighbours):
    """Whether later labels, or the row's own label when it is known only after
    the row's time, explain the column."""
    if result["lookahead_share"] >= LOOKAHEAD_SHARE:
        return True
    return (
        neighbours.labels_outlast_rows and result["own_label_share"] >= OWN_LABEL_SHARE
    )


def _candidates(context):
    """The numeric columns with the strongest single-column skill, best first.

    No floor: under time-ordered folds a drifting series gives even a good
    predictor a negative out-of-fold R^2, and a look-ahead column matters
    however it scores alone (the finding's severity weighs its effect).
    """
    scored = []
    for name in context.columns:
        profile = context.profiles[name]
        if profile.kind not in ("float", "integer") or profile.id_like:
            continue
        if profile.n_unique < _MIN_LEVELS:
            continue
        skill = context.single.get(name, (np.nan,))[0]
        scored.append((skill if np.isfinite(skill) else -np.inf, name))
    scored.sort(key=lambda item: -item[0])
    return [name for _, name in scored[:N_CANDIDATES]]


def _period_of_rows(timeline):
    """Period index of every row, in input order."""
    counts = np.diff(timeline.period_starts)
    period = np.repeat(np.arange(timeline.n_periods), counts)
    if timeline.order is None:
        return period
    out = np.empty_like(period)
    out[timeline.order] = period
    return out


def _label_horizon(timeline):
    """Periods until most labels (95%) are known: 0 when labels end at their
    row's time."""
    period_times = timeline.period_times
    own = np.repeat(np.arange(timeline.n_periods), np.diff(timeline.period_starts))
    ends = np.searchsorted(period_times, timeline.end_times, side="left")
    return int(np.ceil(np.quantile(ends - own, 0.95)))


def _neighbours(context):
    """Rows some periods away in the same entity, or None when the rows are not
    one per period (per entity and period), or too few for the regression."""
    timeline = context.times.timeline
    period = _period_of_rows(timeline)
    entity = (
        np.zeros(period.shape[0], dtype=np.int64)
        if context.group_codes is None
        else context.group_codes.astype(np.int64)
    )
    stride = timeline.n_periods + 1
    keys = entity * stride + period
    order = np.argsort(keys, kind="stable")
    sorted_keys = keys[order]
    if np.any(sorted_keys[1:] == sorted_keys[:-1]):
        return None  # several rows share a period: "the previous row" is undefined
    anchors = context.rows.model
    label_horizon = _label_horizon(timeline)
    if label_horizon > MAX_LABEL_PERIODS:
        return None  # one regression term per running label: too many
    horizon = max(1, label_horizon)
    rows = {}
    for k in range(-MAX_PERIODS, horizon + MAX_PERIODS):
        wanted = keys[anchors] - k
        inside = (period[anchors] - k >= 0) & (period[anchors] - k < timeline.n_periods)
        position = np.minimum(np.searchsorted(sorted_keys, wanted), keys.shape[0] - 1)
        found = inside & (sorted_keys[position] == wanted)
        rows[k] = np.where(found, order[position], -1)
    periods = _periods_each_side(rows, horizon)
    if periods is None:
        return None
    return _Neighbours(anchors, rows, horizon, periods, label_horizon > 0)


def _periods_each_side(rows, horizon):
    """The most periods on each side whose complete rows fill the regression."""
    for periods in _PERIOD_CHOICES:
        complete = np.ones(rows[0].shape[0], dtype=bool)
        for k in range(-periods, horizon + periods):
            complete &= rows[k] >= 0
        n_terms = 2 * periods + horizon + 2
        if complete.sum() >= ROWS_PER_TERM * n_terms:
            return periods
    return None


def _lookahead_share(values, y, neighbours, rng):
    """Evidence of how much later labels explain column ``values``, or None when
    too few rows are complete or the column is a function of time alone."""
    p, h = neighbours.periods, neighbours.horizon
    x = values[neighbours.anchors]
    previous = neighbours.values(values, 1)
    known = [neighbours.values(y, k) for k in range(h, h + p)]
    own = [neighbours.values(y, k) for k in range(h)]
    later = [neighbours.values(y, -k) for k in range(1, p + 1)]
    design = np.column_stack([previous, *known, *own, *later])
    complete = np.isfinite(design).all(axis=1) & np.isfinite(x)
    if complete.sum() < ROWS_PER_TERM * (design.shape[1] + 1):
        return None
    if _function_of_time(values, neighbours, complete):
        return None
    design, x = design[complete], x[complete]
    folds = rng.permutation(np.arange(x.shape[0]) * _N_FOLDS // x.shape[0])
    total = float(np.sum((x - x.mean()) ** 2))
    n_known = 1 + len(known)
    n_before = n_known + len(own)
    later_shares, own_shares, fits = [], [], []
    # With and without the column's previous value among the known terms: a
    # smooth filter's previous value already holds its future, a window of label
    # changes needs it.
    n_terms = design.shape[1]
    subsets = [
        range(first, stop) for first in (1, 0) for stop in (n_known, n_before, n_terms)
    ]
    rss = iter(_out_of_fold_rss(design, x, folds, subsets))
    for _ in (1, 0):
        known_rss, before, after = next(rss), next(rss), next(rss)
        later_shares.append(_share_explained(before, after, total))
        own_shares.append(_share_explained(known_rss, before, total))
        fits.append(1.0 - after / total if total > 0 else np.nan)
    best = int(np.argmax(later_shares))
    return {
        "lookahead_share": float(later_shares[best]),
        "own_label_share": float(max(own_shares)),
        "r2_on_labels_around": float(fits[best]),
        "n_rows": int(x.shape[0]),
    }


def _share_explained(rss_without, rss_with, total):
    """Share of the residual left without some terms that they explain; 0 when
    nothing is left (the other terms explain the column exactly)."""
    if rss_without <= 1e-9 * total:
        return 0.0
    return 1.0 - rss_with / rss_without


def _function_of_time(values, neighbours, complete):
    """Whether the column follows an exact order-2 linear recurrence on 90% of
    the complete rows (calendar terms, trends)."""
    x = values[neighbours.anchors][complete]
    lags = np.column_stack(
        [
            np.ones(x.shape[0]),
            neighbours.values(values, 1)[complete],
            neighbours.values(values, 2)[complete],
        ]
    )
    usable = np.isfinite(lags).all(axis=1)
    x, lags = x[usable], lags[usable]
    scale = float(np.std(x))
    if x.shape[0] < 10 or scale == 0:
        return True
    coef = np.linalg.lstsq(lags, x, rcond=None)[0]
    residual = np.abs(x - lags @ coef)
    # Refit without the largest tenth (year ends of a day-of-year term, wraps).
    keep = residual <= np.quantile(residual, 0.9)
    coef = np.linalg.lstsq(lags[keep], x[keep], rcond=None)[0]
    residual = np.abs(x - lags @ coef)
    return bool(np.quantile(residual, 0.9) <= _RECURRENCE_EXACT * scale)


def _out_of_fold_rss(design, x, folds, subsets):
    """Out-of-fold residual sums of squares of least squares (with an intercept)
    on each subset of the design's columns.

    The training Gram matrix of a fold is the whole one minus the fold's, so every
    subset and fold costs a small solve; columns are standardised first, which
    keeps the normal equations well conditioned.
    """
    centred = design - design.mean(axis=0)
    spread = centred.std(axis=0)
    full = np.hstack(
        [np.ones((x.shape[0], 1)), centred / np.where(spread > 0, spread, 1.0)]
    )
    target = x - x.mean()
    fold_rows = [folds == fold for fold in range(_N_FOLDS)]
    grams = [full[rows].T @ full[rows] for rows in fold_rows]
    crosses = [full[rows].T @ target[rows] for rows in fold_rows]
    gram, cross = sum(grams), sum(crosses)
    out = []
    for subset in subsets:
        columns = np.r_[0, np.asarray(subset, dtype=np.intp) + 1]
        rss = 0.0
        for rows, fold_gram, fold_cross in zip(fold_rows, grams, crosses):
            train_gram = (gram - fold_gram)[np.ix_(columns, columns)]
            train_cross = (cross - fold_cross)[columns]
            coef = np.linalg.lstsq(train_gram, train_cross, rcond=None)[0]
            residual = target[rows] - full[np.ix_(rows, columns)] @ coef
            rss += float(residual @ residual)
        out.append(rss)
    return out


def _finding(context, flagged, neighbours):
    """One finding naming every look-ahead column, high when the model leans on
    them."""
    names = list(flagged)
    with_them, without = _model_skill_with_and_without(context, names)
    gap = with_them - without
    noise = 2.0 * np.sqrt(2.0) * np.nan_to_num(context.model_skill.se)
    severity = "high" if gap >= LOOKAHEAD_GAP_HIGH and gap > noise else "medium"
    task = context.task
    evidence = {
        name: {**result, "skill_alone": float(context.single[name][0])}
        for name, result in flagged.items()
    }
    evidence.update(
        {
            "periods_each_side": neighbours.periods,
            "label_horizon_periods": neighbours.horizon,
            "skill_with_columns": with_them,
            "skill_without_columns": without,
            "skill_gap": gap,
        }
    )
    return Finding(
        "temporal",
        severity,
        "L3.1",
        names,
        [],
        evidence,
        "Labels not known at each row's time explain these columns: "
        + "; ".join(
            _reason(name, result, neighbours) for name, result in flagged.items()
        )
        + ". That is what a centred or forward-looking window, a shift(-k) or a "
        "two-sided filter (Hodrick-Prescott, a centred moving average) on the "
        "target's series produces: each value uses outcomes that come later, which "
        f"production does not have. The model scores {metric_name(task)} "
        f"{metric_from_skill(with_them, task):.3f} with them and "
        f"{metric_from_skill(without, task):.3f} without. Compute them from data "
        "up to each row's time (trailing windows, one-sided filters). A genuine "
        "leading indicator looks alike only if it foretells later outcomes almost "
        "exactly: check how the column is computed.",
    )


def _reason(name, result, neighbours):
    """Why one column is flagged, in words."""
    if result["lookahead_share"] >= LOOKAHEAD_SHARE:
        return (
            f"the next {neighbours.periods} periods' labels explain "
            f"{result['lookahead_share']:.0%} of what the known labels and the "
            f"row's own leave of {name!r}"
        )
    return (
        f"the row's own label, known only after its time, explains "
        f"{result['own_label_share']:.1%} of what the known labels leave of {name!r}"
    )


def _model_skill_with_and_without(context, names):
    """Skill of the default model on the audited validation with every column and
    without ``names``."""
    without = context.skill_without(set(names))
    if context.default_model:
        return float(context.model_skill.mean), float(without)
    return float(context.skill_without(set())), float(without)
