"""``target_proxy`` (L2): a column that carries the answer: measured after the
outcome, derived from it, or filled in only once it is known.

Three signals, merged into one finding per column (the most severe decides):

* **skill**: the column alone is nearly perfect, or it carries most of what the
  model knows beyond the other columns (the share of the error the others leave
  that it removes), and it depends on the other columns only through the outcome,
  as a measurement taken after the outcome does (see :func:`outcome_dependence`);
* **fill pattern**: it is filled in almost only for one outcome
  (:mod:`~safesplit.audit.checks._fill_pattern`);
* **prediction time**: given ``X_new``, its values there are not what the model
  learned from, and the model leans on it
  (:mod:`~safesplit.audit.checks._prediction_time`).
"""

from dataclasses import dataclass

import numpy as np

from safesplit.audit._skills import NOISE_SES, mean_se
from safesplit.audit.checks._fill_pattern import fill_patterns
from safesplit.audit.checks._prediction_time import (
    PROXY_ADVICE,
    prediction_time_shifts,
    proxy_text,
)
from safesplit.audit.checks._proxy_skill import (
    PROXY_HIGH_SKILL,
    PROXY_MEDIUM_SKILL,
    OutcomeDependence,
    SkillComparison,
    obvious_leaks,
    outcome_dependence,
)
from safesplit.report import Finding
from safesplit.report._finding import SEVERITY_RANK

PROXY_MAX_DROP_MODELS = 8  # refits without a column, for the strongest columns
# Columns whose share of the model's remaining error is measured: the strongest
# alone, when a permutation of the fitted models says it may reach the threshold.
PROXY_MAX_MARGINAL = 3
PROXY_RICH = 5  # "the other columns" must be at least this many to stand for the data


@dataclass(frozen=True)
class Signal:
    """One signal that a column carries the answer; a severity of None only adds
    its facts to a finding that other signals make."""

    name: object
    severity: str | None
    evidence: dict
    text: str
    advice: str


def check(context):
    """Findings of columns that carry the answer, one per column.

    The signature of every check: see :mod:`safesplit.audit.checks`.
    """
    obvious = obvious_leaks(context)
    signals = _fill_signals(context) + _prediction_time_signals(context, obvious)
    # Columns already shown to leak are left out of the comparisons of the others.
    leaky = obvious | {s.name for s in signals if s.severity == "high"}
    signals += _skill_signals(context, leaky)
    return _merge(signals)


def _fill_signals(context):
    return [
        Signal(
            name,
            pattern.severity,
            pattern.evidence,
            pattern.text,
            "Check when it is filled in: if only after the outcome, drop it (and "
            "any flag of its missingness). Honest missingness (a value not "
            "collected for some rows) is rarely this one-sided.",
        )
        for name, pattern in fill_patterns(context).items()
    ]


def _prediction_time_signals(context, obvious):
    return [
        Signal(
            name,
            assessed.proxy_severity,
            assessed.evidence(context.task),
            proxy_text(name, assessed, context.task),
            PROXY_ADVICE,
        )
        for name, assessed in prediction_time_shifts(context, obvious).items()
    ]


def _merge(signals):
    """One finding per column: the most severe signal first, then the others."""
    by_column = {}
    for signal in signals:
        by_column.setdefault(signal.name, []).append(signal)
    findings = []
    for name, group in by_column.items():
        if all(s.severity is None for s in group):
            continue
        group.sort(key=lambda s: SEVERITY_RANK.get(s.severity, len(SEVERITY_RANK)))
        evidence = {}
        for signal in reversed(group):
            evidence.update(signal.evidence)
        text = " ".join(s.text for s in group) + " " + group[0].advice
        findings.append(
            Finding("target_proxy", group[0].severity, "L2", [name], [], evidence, text)
        )
    return findings


# --------------------------------------------------------------------------------------
# The skill signal.


def _skill_signals(context, leaky):
    singles = {
        name: context.single[name][0]
        for name, profile in context.profiles.items()
        if not profile.id_like and not np.isnan(context.single[name][0])
    }
    ranked = sorted(singles, key=lambda name: -singles[name])
    # Models without a column are fitted for the strongest columns only.
    strong = [n for n in ranked if singles[n] >= PROXY_HIGH_SKILL][
        :PROXY_MAX_DROP_MODELS
    ]
    floor = NOISE_SES * context.null_se
    marginal = [n for n in ranked if singles[n] > floor][:PROXY_MAX_MARGINAL]
    signals = []
    for name in ranked:
        if singles[name] < PROXY_MEDIUM_SKILL and name not in marginal:
            continue
        comparison = _compare(
            context, name, singles[name], leaky, name in strong, name in marginal
        )
        severity = comparison.severity()
        if severity is not None:
            signals.append(
                Signal(
                    name,
                    severity,
                    comparison.evidence(context.task),
                    comparison.text(context.task),
                    comparison.advice(severity),
                )
            )
    return signals


def _compare(context, name, skill, leaky, strong, candidate):
    """The column against the model with and without it."""
    others = [c for c in context.columns if c not in leaky | {name}]
    flagged = frozenset(leaky - {name})
    # The model with it: without the other leaky columns (a refit, shared by the
    # columns compared), else the audited model.
    model = context.skill_without(flagged) if flagged else context.model_skill.mean
    rich = len(others) >= PROXY_RICH
    # A column weaker than 1 - model alone cannot carry most of the model's skill
    # (see _may_carry_most), so its dependence on the others is not needed.
    needed = skill >= PROXY_MEDIUM_SKILL or (candidate and rich and skill >= 1 - model)
    dependence = (
        outcome_dependence(context, name, others)
        if needed
        else OutcomeDependence(np.nan, np.nan)
    )
    rest = None
    if (strong and len(others) >= 2) or (
        candidate
        and rich
        and _may_carry_most(context, name, flagged, model, dependence)
    ):
        rest = context.skills_without(leaky | {name})
    if flagged or (rest is not None and not context.default_model):
        # Compared with a refit without it, the default model refitted with it.
        with_it = context.skills_without(flagged)
    else:
        with_it = context.model_skill.per_split
    return SkillComparison(
        name, skill, with_it, rest, flagged, len(others), rich, dependence
    )


def _may_carry_most(context, name, flagged, model, dependence):
    """Whether the column may remove most of the error the others leave.

    Removing half the error the others leave, ``(all - rest) >= (1 - rest) / 2``,
    means adding at least ``1 - all`` skill to them; a column adds no more than it
    has alone (without interactions), so it needs that much alone (checked by the
    caller). Then it must not be explained by the others beyond the outcome, and
    shuffling it in the fitted models (which cannot lean on the others instead,
    so they lose at least as much as a model refitted without it) must remove
    half of that error.
    """
    if dependence.reproduced or np.isnan(dependence.explained):
        return False
    shuffled = mean_se(context.permutation_skills(name, flagged))[0]
    if not np.isfinite(shuffled) or not np.isfinite(model):
        return False
    return (model - shuffled) / max(1.0 - shuffled, 1e-9) >= 0.5
