"""``group`` (L3.2): entities shared between training and test, declared as
``groups`` or hiding in a column whose values recur across the splits."""

import re

import numpy as np
import pandas as pd

from safesplit.audit._screen import value_outcome_skill
from safesplit.audit._skills import (
    NOISE_SES,
    metric_from_skill,
    metric_key,
    metric_name,
)
from safesplit.model_selection._engine import TEST, TRAIN
from safesplit.report import Finding

GROUP_SHARED_FRACTION = 0.05
GROUP_SKILL = {"high": 0.10, "medium": 0.02}
UNDECLARED_GROUP_SKILL = 0.10
UNDECLARED_GROUP_RECURRENCE = 0.5
UNDECLARED_GROUP_MAX_ROWS = 50  # more rows per value: a panel unit, at most low

_ENTITY_NAME = re.compile(
    r"customer|client|user|account|patient|subject|person|member|device|session"
    r"|household|company|employee|student|player|visitor|owner|entity|"
    r"(^|[_\W])id$",
    re.IGNORECASE,
)


def check(context):
    """Findings of declared groups on both sides of a split, and of columns that
    behave like undeclared entities.

    The signature of every check: see :mod:`safesplit.audit.checks`.
    """
    findings = _declared(context)
    for name, profile in context.profiles.items():
        finding = _undeclared(context, name, profile)
        if finding is not None:
            findings.append(finding)
    return findings


def _share_in_train(codes, n_codes, roles_per_split):
    """Per split, the share of test rows whose code also has a training row."""
    shares = []
    for roles in roles_per_split:
        in_train = np.zeros(n_codes, dtype=bool)
        in_train[codes[roles == TRAIN]] = True
        test = roles == TEST
        shares.append(float(in_train[codes[test]].mean()) if test.any() else 0.0)
    return shares


def _outcome_skill(context, codes):
    """Skill of predicting a row's outcome from the other rows with its code."""
    rows = context.rows.screen
    target = context.target
    return value_outcome_skill(
        codes[rows],
        target.y[rows],
        target.task,
        target.n_classes,
        context.screen_splits,
    )


def _declared(context):
    if context.group_codes is None:
        return []
    shared = _share_in_train(
        context.group_codes, context.n_groups, context.roles.in_input_order
    )
    folds = [index for index, fraction in enumerate(shared) if fraction > 0]
    if not folds:
        return []
    fraction = float(np.mean(shared))
    skill, _ = _outcome_skill(context, context.group_codes)
    skill = 0.0 if np.isnan(skill) else skill
    if fraction >= GROUP_SHARED_FRACTION and skill >= GROUP_SKILL["high"]:
        severity = "high"
    elif skill >= max(GROUP_SKILL["medium"], NOISE_SES * context.null_se):
        severity = "medium"
    else:
        severity = "low"
    advice = (
        "Use a group-aware splitter (GroupKFold, StratifiedGroupKFold, or "
        "PurgedKFold/WalkForward with groups)."
    )
    # --- Entities kept on purpose by the default time-ordered folds -------------
    if not context.cv.passes_groups:
        # The entities recur through time (a balanced panel): the default folds keep
        # them, as forecasting known entities' future does. Only a use on new
        # entities would make this a leak, which the data cannot tell.
        severity = "low"
        advice = (
            "The entities recur in every part of time, so the default time-ordered "
            "folds keep them on both sides, as forecasting known entities does; if "
            "the model will meet new entities, validate with cv=GroupKFold(...)."
        )
    # ------------------------------------------------------------------------------
    task = context.task
    return [
        Finding(
            "group",
            severity,
            "L3.2",
            [],
            folds,
            {
                "fraction_of_test_rows_with_group_in_train": fraction,
                "fraction_per_split": shared,
                "n_groups": context.n_groups,
                "skill_of_group_mean": skill,
                f"{metric_key(task)}_of_group_mean": metric_from_skill(skill, task),
            },
            f"{fraction:.0%} of test rows belong to an entity (groups) that "
            f"is also in training, in {len(folds)} of {context.roles.n_splits} "
            "splits; the other rows of an entity predict its outcome with "
            f"{metric_name(task)} {metric_from_skill(skill, task):.3f}, so "
            "the score rewards recognising entities, not generalising to "
            f"new ones. {advice}",
        )
    ]


def _entity_candidate(name, profile):
    """Whether a column's values could name entities: many values that recur,
    and an entity-like name unless few rows share each value."""
    if profile.kind not in ("categorical", "integer") or profile.unique_ratio >= 0.9:
        return False
    if profile.n_unique < 20:
        return False
    if _entity_name(name, profile):
        return True
    if profile.kind == "integer":
        return False
    return 1.0 / max(profile.unique_ratio, 1e-12) <= 10 and profile.unique_ratio >= 0.01


def _entity_name(name, profile):
    return bool(_ENTITY_NAME.search(str(name))) or profile.id_like


def _undeclared(context, name, profile):
    """A finding when column ``name`` behaves like an undeclared entity, or None."""
    if not _entity_candidate(name, profile):
        return None
    series = context.frame[name]
    if context.group_codes is not None and _same_partition(series, context.group_codes):
        return None
    codes, _ = pd.factorize(series)
    codes = codes.astype(np.int64)
    n_codes = int(codes.max()) + 2
    codes[codes < 0] = n_codes - 1
    recurrence = _share_in_train(codes, n_codes, context.roles.in_input_order)
    recur = float(np.mean(recurrence))
    if recur < UNDECLARED_GROUP_RECURRENCE:
        return None
    skill, _ = _outcome_skill(context, codes)
    if np.isnan(skill) or skill < UNDECLARED_GROUP_SKILL:
        return None
    if skill < NOISE_SES * context.null_se:
        return None
    # Entities that leak (patients, customers) have a few rows each; a value
    # with very many rows (a store in a daily panel) is a unit production
    # sees again, so it is only mentioned.
    rows_per_value = 1.0 / max(profile.unique_ratio, 1e-12)
    few_rows = rows_per_value <= UNDECLARED_GROUP_MAX_ROWS
    severity = "medium" if _entity_name(name, profile) and few_rows else "low"
    task = context.task
    return Finding(
        "group",
        severity,
        "L3.2",
        [name],
        [i for i, r in enumerate(recurrence) if r > 0],
        {
            "n_values": profile.n_unique,
            "rows_per_value": rows_per_value,
            "fraction_of_test_rows_with_value_in_train": recur,
            "skill_of_value_mean": skill,
            f"{metric_key(task)}_of_value_mean": metric_from_skill(skill, task),
        },
        f"{name!r} has {profile.n_unique:,} values that recur across the "
        f"splits ({recur:.0%} of test rows share a value with training), "
        f"and the outcomes of the other rows with the same value predict "
        f"a row's outcome ({metric_name(task)} "
        f"{metric_from_skill(skill, task):.3f}). If it names an "
        "entity (a customer, a patient), rows are not independent: pass it "
        "as groups=... so no entity is on both sides of a split, and drop "
        "it from the features. If production sees the same values again, "
        "it is an ordinary category.",
    )


def _same_partition(series, group_codes):
    """Whether a column splits the rows exactly as the declared groups do."""
    codes, _ = pd.factorize(series)
    pairs = pd.DataFrame({"a": codes, "b": group_codes})
    return pairs.drop_duplicates().shape[0] == max(
        pd.Series(codes).nunique(), pd.Series(group_codes).nunique()
    )
