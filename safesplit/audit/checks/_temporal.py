"""``temporal`` (L3.1): the validation trains on labels overlapping the test period,
shuffled folds score far above time-ordered folds on time-ordered data, or a column
looks ahead (see :mod:`safesplit.audit.checks._lookahead`)."""

from dataclasses import dataclass, replace

import numpy as np
from sklearn.model_selection import (
    GroupKFold,
    KFold,
    StratifiedGroupKFold,
    StratifiedKFold,
)

from safesplit.audit._cv import N_SPLITS, describe_cv, split
from safesplit.audit._skills import mean_se, metric_from_skill, metric_key, metric_name
from safesplit.audit.checks._lookahead import lookahead
from safesplit.model_selection._base import BaseTimeSplitter
from safesplit.model_selection._engine import TEST, TRAIN
from safesplit.model_selection._purged import PurgedKFold
from safesplit.report import Finding

TEMPORAL_GAP = {"high": 0.10, "medium": 0.05}
OVERLAP_HIGH_FRACTION = 0.05


def check(context):
    """Findings of label overlap in the audited splits (a user's splitter with
    times known), and of shuffled folds inflated against time-ordered ones (on the
    known times, or else on a datetime column).

    The signature of every check: see :mod:`safesplit.audit.checks`.
    """
    findings = []
    if context.times.known and context.cv.kind == "user":
        findings += _overlap(context)
    findings += lookahead(context)
    # Times for the comparison: known ones, or a datetime column of X.
    column = None
    if not context.times.known:
        candidates = [
            name
            for name, profile in context.profiles.items()
            if profile.kind == "datetime" and profile.unique_ratio > 0.001
        ]
        if not candidates:
            return findings
        column = max(candidates, key=lambda name: context.profiles[name].n_unique)
    return findings + _shuffled_against_ordered(context, column)


# --------------------------------------------------------------------------------------
# Label overlap in the audited split.


def _overlap(context):
    if not context.times.overlapping_labels or isinstance(
        context.cv.splitter, BaseTimeSplitter
    ):
        return []
    timeline = context.roles.timeline
    meeting, touching, future = [], [], []
    for roles in context.roles.in_time_order:
        meets, touches = _train_label_contact(timeline, roles)
        meeting.append(meets)
        touching.append(touches)
        future.append(_after_test_start(timeline, roles))
    evidence = {
        # What purging removes (closed intervals), and the part of it that only
        # touches a test span.
        "fraction_of_train_rows_overlapping_test": meeting,
        "fraction_of_train_rows_only_touching_test": touching,
        "fraction_of_train_rows_after_test_start": future,
    }
    strict = [m - t for m, t in zip(meeting, touching)]
    folds = [index for index, fraction in enumerate(strict) if fraction > 0]
    if folds:
        return [_overlap_finding(context, folds, max(strict), evidence)]
    folds = [index for index, fraction in enumerate(touching) if fraction > 0]
    if folds:
        return [_touch_finding(context, folds, evidence)]
    return []


def _overlap_finding(context, folds, worst, evidence):
    """Labels of training rows overlap a test span: ``worst`` is the largest share
    of training rows whose label does more than touch it."""
    severity = "high" if worst >= OVERLAP_HIGH_FRACTION else "medium"
    return Finding(
        "temporal",
        severity,
        "L3.1",
        [],
        folds,
        evidence,
        f"In {len(folds)} of {context.roles.n_splits} splits, training rows "
        "have labels whose time span [time, end time] overlaps the test period "
        f"(up to {worst:.0%} of the training rows): the model learns from "
        "outcomes it is then tested on. Use PurgedKFold or WalkForward with "
        "end_times= (or horizon=), which purge those rows.",
    )


def _touch_finding(context, folds, evidence):
    """Labels of training rows only touch a test span: reported low."""
    worst = max(evidence["fraction_of_train_rows_only_touching_test"])
    return Finding(
        "temporal",
        "low",
        "L3.1",
        [],
        folds,
        evidence,
        f"In {len(folds)} of {context.roles.n_splits} splits, training rows "
        f"(up to {worst:.0%}) have labels that end exactly where a test period "
        "begins (or start exactly where its labels end), without overlapping it. "
        "Such a label is known at the moment the test rows are predicted, so it "
        "is information production has too; safesplit's splitters purge it "
        "anyway (label spans are closed intervals), the conservative reading. If "
        "an end time means 'known only after', pass end times one period later "
        "or a gap, or validate with PurgedKFold or WalkForward.",
    )


def _train_label_contact(timeline, roles):
    """Shares of training rows whose label span [time, end time] meets a test span
    (closed intervals, as purging counts), and that only touch one (meet it at an
    end point alone); 0 when a side is empty.

    A test span runs from the first time of a block of test rows (in time order)
    to the last end time of their labels; rows between blocks do not count.
    """
    times, ends = timeline.times, timeline.end_times
    test, train = roles == TEST, roles == TRAIN
    if not test.any() or not train.any():
        return 0.0, 0.0
    starts = np.flatnonzero(np.diff(test.astype(np.int8), prepend=0) == 1)
    span_start = times[starts]
    span_end = np.maximum.reduceat(np.where(test, ends, ends.min()), starts)
    span_end = np.maximum.accumulate(span_end)
    # Merge overlapping spans (sorted by start).
    new = np.ones(starts.shape[0], dtype=bool)
    new[1:] = span_start[1:] > span_end[:-1]
    merged_start = span_start[new]
    merged_end = np.maximum.reduceat(span_end, np.flatnonzero(new))
    t, e = times[train], ends[train]
    # The last span starting at (closed) or before (open) the label's end has
    # the latest end of those: the label meets a span if it ends after the row.
    k = np.searchsorted(merged_start, e, side="right") - 1
    meets = (k >= 0) & (merged_end[np.maximum(k, 0)] >= t)
    k = np.searchsorted(merged_start, e, side="left") - 1
    overlaps = (k >= 0) & (merged_end[np.maximum(k, 0)] > t)
    return float(meets.mean()), float((meets & ~overlaps).mean())


def _after_test_start(timeline, roles):
    """Share of training rows later than the first test row: training on the
    future (evidence only; it leaks when labels overlap or rows drift)."""
    train, test = roles == TRAIN, roles == TEST
    if not train.any() or not test.any():
        return 0.0
    return float(np.mean(timeline.times[train] > timeline.times[test].min()))


# --------------------------------------------------------------------------------------
# Shuffled against time-ordered folds, with the same model on the same rows.


@dataclass(frozen=True)
class _Comparison:
    """Both sides of the comparison: a splitter and its splits, or its skills
    when they are the audited validation's (already fitted)."""

    shuffled_cv: object
    shuffled: object  # splits, or skills when ``shuffled_fitted``
    ordered_cv: object
    ordered: object
    shuffled_fitted: bool
    ordered_fitted: bool
    judged: str  # "user", "default" (the audited cv shuffles) or "none"


def _comparison(context, column):
    """The shuffled and time-ordered sides for the audited validation, or None.

    The audited validation is one side when it is shuffled (or time-ordered by
    default); the other side is built on the model rows.
    """
    inputs = context.model_split_inputs
    if column is not None:
        times = context.frame[column].iloc[context.rows.model]
        if times.isna().any():
            return None
        inputs = replace(inputs, times=times, end_times=None)
    elif context.times.column is not None:
        times = context.frame[context.times.column].iloc[context.rows.model]
        inputs = replace(inputs, times=times)
    n_splits = max(2, min(context.roles.n_splits, N_SPLITS))
    ordered_cv = PurgedKFold(n_splits, embargo=0.01)
    # Compare like with like: when the audited validation keeps entities apart,
    # both sides of the comparison do.
    kind = context.cv.kind
    grouped = (
        context.group_codes is not None
        and kind in ("group", "time")
        and context.cv.passes_groups
    )
    entity_inputs = inputs if grouped else replace(inputs, groups=None)
    audited = (context.cv.splitter, context.model_skill.per_split)
    if kind in ("shuffled", "group") or (kind == "user" and context.roles.interleaved):
        ordered = split(ordered_cv, entity_inputs)
        judged = "user" if kind == "user" else "default"
        return _Comparison(*audited, ordered_cv, ordered, True, False, judged)
    if kind not in ("time", "user"):
        return None
    shuffled_cv = _shuffled_cv(context, n_splits, grouped)
    shuffled = split(shuffled_cv, replace(entity_inputs, times=None, end_times=None))
    if kind == "time":
        return _Comparison(shuffled_cv, shuffled, *audited, False, True, "none")
    ordered = split(ordered_cv, replace(inputs, groups=None))
    return _Comparison(shuffled_cv, shuffled, ordered_cv, ordered, False, False, "none")


def _shuffled_cv(context, n_splits, grouped):
    """Shuffled folds of the kind the audited validation would be without time."""
    seed = context.seed
    classification = context.task == "classification"
    if grouped:
        if classification:
            return StratifiedGroupKFold(n_splits, shuffle=True, random_state=seed)
        return GroupKFold(n_splits, shuffle=True, random_state=seed)
    if classification:
        return StratifiedKFold(n_splits, shuffle=True, random_state=seed)
    return KFold(n_splits, shuffle=True, random_state=seed)


def _shuffled_against_ordered(context, column):
    """A finding when the model scores well above on shuffled folds."""
    comparison = _comparison(context, column)
    if comparison is None:
        return []
    try:
        shuffled_skills = (
            comparison.shuffled
            if comparison.shuffled_fitted
            else context.model.skills(comparison.shuffled)[0]
        )
        ordered_skills = (
            comparison.ordered
            if comparison.ordered_fitted
            else context.model.skills(comparison.ordered)[0]
        )
    except ValueError:
        return []
    s_mean, s_se = mean_se(shuffled_skills)
    o_mean, o_se = mean_se(ordered_skills)
    if np.isnan(s_mean) or np.isnan(o_mean):
        return []
    gap = s_mean - o_mean
    noise = 2.0 * np.sqrt(np.nan_to_num(s_se) ** 2 + np.nan_to_num(o_se) ** 2)
    if gap < TEMPORAL_GAP["medium"] or gap <= noise:
        return []
    task = context.task
    key = metric_key(task)
    evidence = {
        f"{key}_shuffled": metric_from_skill(s_mean, task),
        f"{key}_time_ordered": metric_from_skill(o_mean, task),
        "skill_shuffled": s_mean,
        "skill_time_ordered": o_mean,
        "skill_gap": gap,
        "noise_2se": noise,
        "shuffled_cv": describe_cv(comparison.shuffled_cv),
        "time_ordered_cv": describe_cv(comparison.ordered_cv),
    }
    if comparison.judged == "user" and context.times.known:
        evidence["fraction_of_train_rows_after_test_start"] = [
            _after_test_start(context.roles.timeline, roles)
            for roles in context.roles.in_time_order
        ]
    return [_inflation_finding(context, comparison.judged, column, evidence)]


def _inflation_finding(context, judged, column, evidence):
    task = context.task
    key = metric_key(task)
    gap, noise = evidence["skill_gap"], evidence["noise_2se"]
    if judged == "none":
        # The audited validation is time-ordered already: nothing leaks in it,
        # the gap only warns never to shuffle these rows.
        severity = "low"
    else:
        severity = "high" if gap >= TEMPORAL_GAP["high"] else "medium"
    scale = 1.0 if task == "regression" else 0.5  # skill to ROC AUC
    source = f"the datetime column {column!r}" if column is not None else "the times"
    if judged == "user":
        what = "The validation you gave shuffles time-ordered rows"
    elif judged == "default":
        what = (
            f"The rows carry times ({source}) and shuffled folds, the usual "
            "default, are inflated"
        )
    else:
        what = "Shuffled folds would be inflated on these time-ordered rows"
    return Finding(
        "temporal",
        severity,
        "L3.1",
        [] if column is None else [column],
        [],
        evidence,
        f"{what}: the same model scores {metric_name(task)} "
        f"{evidence[f'{key}_shuffled']:.3f} on shuffled folds but "
        f"{evidence[f'{key}_time_ordered']:.3f} on time-ordered folds (a gap of "
        f"{scale * gap:.3f}, noise about {scale * noise:.3f}). Neighbouring rows "
        "share information "
        "(overlapping labels, rolling features, drift), so shuffled folds test "
        "on near-copies of training rows; production is the future. Validate "
        "with PurgedKFold or WalkForward.",
    )
