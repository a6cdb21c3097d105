"""``target_proxy`` (L2): a feature that alone predicts the target about as well as
every feature together, or nearly perfectly.

A column is a proxy when, alone, it is nearly perfect and the full model adds
nothing, or when it is very strong and every other column together (leaving out
columns already flagged as leaky) falls short of it. A strong honest feature is one
the rest of the data can match or beat.
"""

from dataclasses import dataclass

import numpy as np

from safesplit.audit._skills import metric_from_skill, metric_key, metric_name
from safesplit.audit.checks._identifier import leaky_identifiers
from safesplit.report import Finding

PROXY_HIGH_SKILL = 0.90  # alone at least this good, and the other columns worse
PROXY_MEDIUM_SKILL = 0.80
PROXY_MARGIN = 0.02  # "worse": by at least this much skill
PROXY_NEAR_PERFECT = 0.98  # or alone this good (ROC AUC 0.99) ...
PROXY_OTHERS_REMOVE = 0.5  # ... and the other columns remove < 50% of its error
PROXY_SMALL_GAIN = 0.01  # (or add at most this much skill)
PROXY_RESIDUAL_RATIO = 0.70  # medium: the full model removes < 30% of its error
PROXY_MAX_DROP_MODELS = 8


def check(context):
    """Findings of columns that alone predict the target as well as everything
    else.

    The signature of every check: see :mod:`safesplit.audit.checks`.
    """
    singles = {
        name: context.single[name][0]
        for name, profile in context.profiles.items()
        if not profile.id_like and not np.isnan(context.single[name][0])
    }
    leaky = leaky_identifiers(context) | {
        name for name, skill in singles.items() if skill >= PROXY_NEAR_PERFECT
    }
    # Models without a column are fitted for the strongest columns only.
    strong = sorted(
        (name for name, skill in singles.items() if skill >= PROXY_HIGH_SKILL),
        key=lambda name: -singles[name],
    )[:PROXY_MAX_DROP_MODELS]
    findings = []
    for name, skill in sorted(singles.items(), key=lambda item: -item[1]):
        if skill < PROXY_MEDIUM_SKILL:
            continue
        comparison = _compare(context, name, skill, leaky, name in strong)
        severity = comparison.severity()
        if severity is not None:
            findings.append(_finding(context, comparison, severity))
    return findings


@dataclass(frozen=True)
class _Comparison:
    """One column's skill alone against the model's with and without it."""

    name: object
    alone: float
    with_it: float  # every column but the other leaky ones
    rest: float  # every column but the leaky ones and this one; NaN if not fitted
    left_out: frozenset  # the other leaky columns
    comparable: bool  # at least two other columns to compare with

    @property
    def removed(self):
        """Share of the column's remaining error that the other columns remove."""
        if np.isnan(self.with_it):
            return np.nan
        return (self.with_it - self.alone) / max(1.0 - self.alone, 1e-9)

    def severity(self):
        """``"high"``, ``"medium"`` or None (not a proxy)."""
        removed, skill = self.removed, self.alone
        # An honest strong feature is one the full model needs the others to beat.
        others_add_little = not np.isnan(removed) and (
            removed < PROXY_OTHERS_REMOVE or self.with_it - skill <= PROXY_SMALL_GAIN
        )
        beats_rest = not np.isnan(self.rest) and skill >= self.rest + PROXY_MARGIN
        ratio = (
            np.nan
            if np.isnan(self.with_it)
            else (1.0 - self.with_it) / max(1.0 - skill, 1e-9)
        )
        if others_add_little and (
            skill >= PROXY_NEAR_PERFECT or (skill >= PROXY_HIGH_SKILL and beats_rest)
        ):
            return "high"
        if (skill >= PROXY_HIGH_SKILL and beats_rest) or (
            self.comparable and not np.isnan(ratio) and ratio >= PROXY_RESIDUAL_RATIO
        ):
            return "medium"
        return None


def _compare(context, name, skill, leaky, strong):
    # Comparing with "the other columns" needs some: with fewer than two,
    # only a near-perfect column is a proxy.
    n_others = len([c for c in context.columns if c not in leaky | {name}])
    comparable = n_others >= 2
    with_it, rest = context.model_skill.mean, np.nan
    if strong:
        # Every column but those already found leaky, this one included ...
        flagged = leaky - {name}
        if flagged or not context.default_model:
            with_it = context.skill_without(flagged)
        # ... and the same without this one.
        if comparable:
            rest = context.skill_without(leaky | {name})
    return _Comparison(
        name, skill, with_it, rest, frozenset(leaky - {name}), comparable
    )


def _finding(context, comparison, severity):
    task = context.task
    key = metric_key(task)
    name, removed = comparison.name, comparison.removed
    alone = metric_from_skill(comparison.alone, task)
    together = metric_from_skill(comparison.with_it, task)
    evidence = {
        f"{key}_alone": alone,
        f"{key}_all_features": together,
        "skill_alone": comparison.alone,
        "skill_all_features": comparison.with_it,
        "share_of_error_removed_by_other_features": (
            removed if np.isnan(removed) else min(max(removed, 0.0), 1.0)
        ),
    }
    text = (
        f"{name!r} alone predicts the target with {metric_name(task)} {alone:.3f} "
        "out of fold"
    )
    if not np.isnan(comparison.rest):
        rest = metric_from_skill(comparison.rest, task)
        evidence[f"{key}_other_features"] = rest
        evidence["skill_other_features"] = comparison.rest
        text += f"; the other features without it reach {rest:.3f}"
    left_out = comparison.left_out
    if left_out:
        evidence["left_out_as_leaky"] = sorted(map(str, left_out))
    text += f", all features together {together:.3f}" + (
        f" (leaving out {', '.join(map(str, sorted(left_out)))})" if left_out else ""
    )
    if severity == "high":
        text += (
            ". A feature this close to the answer, which the other columns "
            "barely improve on, is usually measured after the outcome or "
            "derived from it: check when its value becomes known, and drop "
            "it if it is not available at prediction time."
        )
    else:
        text += (
            ". A column this dominant deserves a check: if its value is "
            "known only after the outcome (or derived from it), drop it; if "
            "it is known at prediction time, it is a strong honest feature."
        )
    return Finding("target_proxy", severity, "L2", [name], [], evidence, text)
