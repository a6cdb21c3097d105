"""``identifier`` (L2): an ID-like column, or the row order, that carries signal."""

import numpy as np

from safesplit.audit._screen import ROW_ORDER
from safesplit.audit._skills import (
    NOISE_SES,
    metric_from_skill,
    metric_key,
    metric_name,
)
from safesplit.report import Finding

IDENTIFIER_SKILL = {"high": 0.5, "medium": 0.2, "low": 0.05}
ROW_ORDER_SKILL = 0.5


def _severity_by(skill, thresholds):
    """The highest severity whose threshold ``skill`` reaches, or None."""
    for severity in ("high", "medium", "low"):
        if severity in thresholds and skill >= thresholds[severity]:
            return severity
    return None


def leaky_identifiers(context):
    """ID-like columns that alone predict the target at least moderately."""
    return {
        name
        for name, profile in context.profiles.items()
        if profile.id_like and context.single[name][0] >= IDENTIFIER_SKILL["medium"]
    }


def check(context):
    """Findings of ID-like columns (``info`` when they carry no signal) and of a
    row order that predicts the target.

    The signature of every check: see :mod:`safesplit.audit.checks`.
    """
    findings = [
        _identifier_finding(context, name, profile)
        for name, profile in context.profiles.items()
        if profile.id_like
    ]
    return findings + _row_order(context)


def _identifier_finding(context, name, profile):
    task = context.task
    skill = context.single[name][0]
    skill = 0.0 if np.isnan(skill) else skill
    severity = _severity_by(skill, IDENTIFIER_SKILL)
    if severity is not None and skill < NOISE_SES * context.null_se:
        severity = None
    evidence = {
        "reason": profile.id_reason,
        "unique_fraction": profile.unique_ratio,
        "skill_alone": skill,
        f"{metric_key(task)}_alone": metric_from_skill(skill, task),
    }
    if severity is None:
        return Finding(
            "identifier",
            "info",
            "L2",
            [name],
            [],
            evidence,
            f"{name!r} looks like an identifier ({profile.id_reason}) but "
            "carries no measurable signal about the target. A model can "
            "still memorise it; drop it from the features.",
        )
    return Finding(
        "identifier",
        severity,
        "L2",
        [name],
        [],
        evidence,
        f"{name!r} looks like an identifier ({profile.id_reason}) yet alone "
        f"predicts the target with {metric_name(task)} "
        f"{metric_from_skill(skill, task):.3f} out of fold: the "
        "way IDs were assigned encodes the outcome (or the time, or the "
        "source of the row). Drop it from the features; keep it only as a "
        "key (or as groups=... if it names an entity).",
    )


def _row_order(context):
    if ROW_ORDER not in context.single:
        return []
    skill = context.single[ROW_ORDER][0]
    if np.isnan(skill) or skill < ROW_ORDER_SKILL:
        return []
    task = context.task
    metric = metric_from_skill(skill, task)
    return [
        Finding(
            "identifier",
            "low",
            "L2",
            [],
            [],
            {
                "skill_of_row_position": skill,
                f"{metric_key(task)}_of_row_position": metric,
            },
            "The row order alone predicts the target "
            f"({metric_name(task)} {metric:.3f} from the "
            "position of a row): the rows are sorted by the outcome, or by "
            "time or source. Harmless while the index is not a feature and "
            "folds are shuffled or stratified; if rows are in time order, "
            "pass times= so that the audit checks temporal leakage.",
        )
    ]
