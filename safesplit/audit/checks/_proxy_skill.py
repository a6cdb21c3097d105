"""The skill signal of ``target_proxy``: a column against the model with and without
it, and whether the other columns relate to it only through the outcome.

Two measures decide besides the column's skill alone:

* the **share of the remaining error** it removes, ``(all - rest) / (1 - rest)``,
  where ``rest`` is the skill of the model refitted without it: above one half, the
  column carries most of what the model knows beyond the other columns;
* its **dependence on the other columns beyond the outcome**
  (:func:`outcome_dependence`): a measurement taken after the outcome depends on
  the features only through the outcome, so once the outcome is known the other
  columns explain nothing of it; an honest feature shares causes with other
  features, which explain part of it even among rows with the same outcome.
"""

from dataclasses import dataclass

import numpy as np

from safesplit.audit._screen import ROW_ORDER, bin_codes
from safesplit.audit._skills import (
    mean_se,
    metric_from_skill,
    metric_key,
    metric_name,
)
from safesplit.audit.checks._identifier import leaky_identifiers

PROXY_HIGH_SKILL = 0.90  # alone at least this good, and the other columns worse
PROXY_MEDIUM_SKILL = 0.80
PROXY_MARGIN = 0.02  # "worse": by at least this much skill
PROXY_NEAR_PERFECT = 0.98  # or alone this good (ROC AUC 0.99) ...
PROXY_OTHERS_REMOVE = 0.5  # ... and the other columns remove < 50% of its error
PROXY_SMALL_GAIN = 0.01  # (or add at most this much skill)
PROXY_RESIDUAL_RATIO = 0.70  # medium: the full model removes < 30% of its error
# Marginal: the column removes at least half the error the other columns leave
# ("most" of it), by more than this many standard errors of the added skill.
PROXY_REMAINING_SHARE = 0.5
PROXY_LIFT_SES = 2.0
# ... and by at least this much skill (ROC AUC 0.025, or 5 points of R^2): half of
# a near-perfect model's last percent is noise, not a leak that misleads a
# validation.
PROXY_MIN_LIFT = 0.05
# The other columns "explain" a column beyond the outcome when they explain at least
# this share of its variation among rows of one outcome, beyond 2 standard errors.
DEPENDENCE_SHARE = 0.05
DEPENDENCE_SES = 2.0
DEPENDENCE_MAX_COLUMNS = 50  # the strongest other columns explain it
_DEPENDENCE_BINS = 32
_RIDGE = 1e-3  # ridge penalty per row, on standardised columns


def obvious_leaks(context):
    """Columns that leak on their own: identifiers that carry the target and
    columns nearly perfect alone. Comparisons of the other columns leave them out,
    since a model that leans on them hides everything else."""
    return leaky_identifiers(context) | {
        name
        for name, value in context.single.items()
        if name != ROW_ORDER and value[0] >= PROXY_NEAR_PERFECT
    }


@dataclass(frozen=True)
class OutcomeDependence:
    """How much of a column the other columns explain once the outcome is known.

    Attributes
    ----------
    explained : float
        Out-of-fold share of the variation of the column's outcome profile (its
        mean target per value bin) left after the outcome that the other columns
        explain; NaN when there are no other columns.
    se : float
        Its standard error across splits.
    linked : float
        Out-of-fold share of the column's outcome profile that the other columns
        explain without the outcome; NaN when not measured.
    linked_se : float
        Its standard error across splits.
    """

    explained: float
    se: float
    linked: float = np.nan
    linked_se: float = np.nan

    @property
    def through_outcome(self):
        """Whether the other columns explain the column at all: only then can
        "not beyond the outcome" mean anything (columns that know nothing of the
        outcome explain nothing of any column, leak or honest)."""
        if np.isnan(self.linked):
            return False
        se = 0.0 if np.isnan(self.linked_se) else self.linked_se
        return bool(
            self.linked >= DEPENDENCE_SHARE and self.linked > DEPENDENCE_SES * se
        )

    @property
    def reproduced(self):
        """Whether the other columns explain the column beyond the outcome."""
        if np.isnan(self.explained):
            return False
        se = 0.0 if np.isnan(self.se) else self.se
        return bool(
            self.explained >= DEPENDENCE_SHARE and self.explained > DEPENDENCE_SES * se
        )


def outcome_dependence(context, name, others):
    """:class:`OutcomeDependence` of column ``name`` on the columns ``others``.

    On the model rows and splits, the column is turned into its outcome profile
    (the mean target of its value bin, from the training rows) and regressed
    (ridge, out of fold) on the outcome and the other columns, and again with the
    other columns' rows shuffled among rows of the same outcome (class, or decile
    of a number). The shuffle keeps what the other columns say about the outcome,
    and the number of coefficients, but breaks any other tie to the column: the
    share of the shuffled regression's error that the real one removes is what
    the other columns explain of the column beyond the outcome, without the
    optimism of fitting many coefficients on few rows.
    """
    matrix, categorical = context.model_matrix
    keep = _explaining_columns(context, others)
    if not keep:
        return OutcomeDependence(np.nan, np.nan)
    j = context.columns.index(name)
    # As many bins as the single-column screens use: ~50 rows each, 8 to 32.
    n_bins = int(np.clip(matrix.shape[0] // 50, 8, _DEPENDENCE_BINS))
    codes, n_bins = bin_codes(matrix[:, j], n_bins, bool(categorical[j]))
    y = context.target.y[context.rows.model]
    target, outcome, strata = _outcome_columns(
        y, context.task, context.target.n_classes
    )
    explaining = _standardised(matrix[:, keep])
    rng = np.random.default_rng([context.seed, j])
    shuffled = explaining[_shuffle_within(strata, rng)]
    explained, linked = [], []
    for train, test in context.model_splits:
        profile = _bin_means(codes, n_bins, target, train)
        real = _ridge_errors(np.hstack([outcome, explaining]), profile, train, test)
        null = _ridge_errors(np.hstack([outcome, shuffled]), profile, train, test)
        explained.append(1.0 - real / null if null > 0 else np.nan)
        # The other columns alone against no regressor at all: do they see the
        # column in the first place?
        alone = _ridge_errors(explaining, profile, train, test)
        constant = _ridge_errors(explaining[:, :0], profile, train, test)
        linked.append(1.0 - alone / constant if constant > 0 else np.nan)
    return OutcomeDependence(*mean_se(explained), *mean_se(linked))


def _shuffle_within(strata, rng):
    """A permutation of the rows that keeps each row in its stratum."""
    by_stratum = np.lexsort((rng.random(strata.shape[0]), strata))
    again = np.lexsort((rng.random(strata.shape[0]), strata))
    permutation = np.empty(strata.shape[0], dtype=np.int64)
    permutation[by_stratum] = again
    return permutation


def _explaining_columns(context, others):
    """Positions of the other columns that explain: not ID-like, the strongest."""
    candidates = [
        c for c in others if c in context.profiles and not context.profiles[c].id_like
    ]
    candidates.sort(key=lambda c: -np.nan_to_num(context.single[c][0], nan=-1.0))
    return [context.columns.index(c) for c in candidates[:DEPENDENCE_MAX_COLUMNS]]


def _outcome_columns(y, task, n_classes):
    """``(target, regressors, strata)``: the target as profile columns (its
    standardised value, or one column per class but the first), the outcome as
    regressors (one column per class but the first, or the value and indicators of
    its octiles: a flexible function of it), and outcome strata (classes, or
    deciles)."""
    if task == "regression":
        levels = np.unique(np.quantile(y, np.linspace(0, 1, 9)[1:-1]))
        columns = [y] + [(y > level).astype(np.float64) for level in levels]
        deciles = np.unique(np.quantile(y, np.linspace(0, 1, 11)[1:-1]))
        strata = np.searchsorted(deciles, y, side="right")
        return (
            _standardised(y[:, None]),
            _standardised(np.column_stack(columns)),
            strata,
        )
    classes = np.eye(max(n_classes, 2))[y][:, 1:]
    return classes, classes, y


def _standardised(matrix):
    """Columns centred and scaled, missing values at the mean with an indicator."""
    missing = np.isnan(matrix)
    if missing.any():
        means = np.nanmean(np.where(missing.all(axis=0), 0.0, matrix), axis=0)
        matrix = np.where(missing, np.nan_to_num(means), matrix)
        matrix = np.hstack([matrix, missing[:, missing.any(axis=0)]])
    std = matrix.std(axis=0)
    return (matrix - matrix.mean(axis=0)) / np.where(std > 0, std, 1.0)


def _bin_means(codes, n_bins, outcome, train):
    """Each row's mean outcome over the training rows of its bin (smoothed
    towards the training mean)."""
    counts = np.bincount(codes[train], minlength=n_bins).astype(np.float64)
    prior = outcome[train].mean(axis=0)
    sums = np.vstack(
        [
            np.bincount(codes[train], weights=outcome[train, k], minlength=n_bins)
            for k in range(outcome.shape[1])
        ]
    ).T
    return ((sums + prior) / (counts + 1.0)[:, None])[codes]


def _ridge_errors(regressors, response, train, test):
    """Squared error on ``test`` of a ridge regression fitted on ``train``."""
    design = np.hstack([np.ones((regressors.shape[0], 1)), regressors])
    a, b = design[train], response[train]
    penalty = _RIDGE * train.shape[0] * np.eye(design.shape[1])
    penalty[0, 0] = 0.0  # the intercept is not shrunk
    coef = np.linalg.solve(a.T @ a + penalty, a.T @ b)
    return float(np.sum((response[test] - design[test] @ coef) ** 2))


@dataclass(frozen=True)
class SkillComparison:
    """One column's skill alone against the model's with and without it.

    Attributes
    ----------
    name : object
    alone : float
        Skill of the column alone.
    with_split : ndarray
        Skill per split of every column but the other leaky ones.
    rest_split : ndarray or None
        Skill per split without this column too; None when not fitted.
    left_out : frozenset
        The other leaky columns.
    n_others : int
        Columns besides this one and the leaky ones.
    rich : bool
        Enough other columns to stand for the data.
    dependence : OutcomeDependence
    """

    name: object
    alone: float
    with_split: np.ndarray
    rest_split: np.ndarray | None
    left_out: frozenset
    n_others: int
    rich: bool
    dependence: OutcomeDependence

    @property
    def with_it(self):
        return float(np.nanmean(self.with_split))

    @property
    def rest(self):
        return np.nan if self.rest_split is None else float(np.nanmean(self.rest_split))

    @property
    def removed(self):
        """Share of the column's remaining error that the other columns remove."""
        return (self.with_it - self.alone) / max(1.0 - self.alone, 1e-9)

    @property
    def remaining_share(self):
        """Share of the error the other columns leave that the column removes."""
        return (self.with_it - self.rest) / max(1.0 - self.rest, 1e-9)

    @property
    def lift(self):
        """Skill the column adds to the other columns, and its standard error."""
        if self.rest_split is None:
            return np.nan, np.nan
        return mean_se(self.with_split - self.rest_split)

    @property
    def marginal(self):
        """Whether it removes most of the error the others leave, beyond noise."""
        lift, se = self.lift
        if np.isnan(lift):
            return False
        return bool(
            self.remaining_share >= PROXY_REMAINING_SHARE
            and lift >= PROXY_MIN_LIFT
            and lift > PROXY_LIFT_SES * (0.0 if np.isnan(se) else se)
        )

    def _tests(self):
        skill, removed = self.alone, self.removed
        ratio = (1.0 - self.with_it) / max(1.0 - skill, 1e-9)
        return {
            "add_little": removed < PROXY_OTHERS_REMOVE
            or self.with_it - skill <= PROXY_SMALL_GAIN,
            "beats_rest": not np.isnan(self.rest) and skill >= self.rest + PROXY_MARGIN,
            "dominant": self.n_others >= 2 and ratio >= PROXY_RESIDUAL_RATIO,
            "outcome_only": self.dependence.through_outcome
            and not self.dependence.reproduced,
        }

    def severity(self):
        """``"high"``, ``"medium"``, ``"low"`` or None (not a proxy)."""
        t, skill = self._tests(), self.alone
        strong_beats = skill >= PROXY_HIGH_SKILL and t["beats_rest"]
        if t["add_little"] and (
            skill >= PROXY_NEAR_PERFECT
            or (strong_beats and self.rich and t["outcome_only"])
        ):
            return "high"
        dominant = skill >= PROXY_MEDIUM_SKILL and t["dominant"]
        if (
            (strong_beats and self.rich)
            or (dominant and self.rich and t["outcome_only"])
            or (self.marginal and self.rich and t["outcome_only"])
        ):
            return "medium"
        if strong_beats or dominant or self.marginal or skill >= PROXY_NEAR_PERFECT:
            return "low"
        return None

    def evidence(self, task):
        key = metric_key(task)
        removed = self.removed
        evidence = {
            f"{key}_alone": metric_from_skill(self.alone, task),
            f"{key}_all_features": metric_from_skill(self.with_it, task),
            "skill_alone": self.alone,
            "skill_all_features": self.with_it,
            "share_of_error_removed_by_other_features": min(max(removed, 0.0), 1.0),
            "n_other_features": self.n_others,
            "other_features_explain_beyond_outcome": self.dependence.explained,
            "other_features_explain_beyond_outcome_se": self.dependence.se,
        }
        if not np.isnan(self.rest):
            lift, lift_se = self.lift
            evidence[f"{key}_other_features"] = metric_from_skill(self.rest, task)
            evidence["skill_other_features"] = self.rest
            evidence["share_of_remaining_error_removed"] = self.remaining_share
            evidence["skill_added_to_other_features"] = lift
            evidence["skill_added_se"] = lift_se
        if self.left_out:
            evidence["left_out_as_leaky"] = sorted(map(str, self.left_out))
        return evidence

    def text(self, task):
        """What was measured, in words."""
        metric = metric_name(task)
        text = (
            f"{self.name!r} alone predicts the target with {metric} "
            f"{metric_from_skill(self.alone, task):.3f} out of fold"
        )
        if not np.isnan(self.rest):
            text += (
                "; the other features without it reach "
                f"{metric_from_skill(self.rest, task):.3f}"
            )
        left_out = ", ".join(map(str, sorted(self.left_out, key=str)))
        text += f", all features together {metric_from_skill(self.with_it, task):.3f}"
        text += f" (leaving out {left_out})" if left_out else ""
        if self.marginal:
            lift, se = self.lift
            text += (
                f": it removes {self.remaining_share:.0%} of the error the others "
                f"leave (skill +{lift:.3f} +/- {0.0 if np.isnan(se) else se:.3f})"
            )
        explained = self.dependence.explained
        if not np.isnan(explained):
            text += (
                f". Among rows with the same outcome, the other features explain "
                f"{max(explained, 0.0):.0%} of it"
            )
        return text + "."

    def advice(self, severity):
        """What to do, and what would tell a leak from a strong honest feature."""
        if severity == "high":
            return (
                "A feature this close to the answer, which the other columns "
                "barely improve on, is usually measured after the outcome or "
                "derived from it: check when its value becomes known, and drop it "
                "if it is not available at prediction time."
            )
        if severity == "medium":
            return (
                "A column that carries most of what the model knows, and that "
                "the other features relate to only through the outcome, behaves "
                "like a measurement taken after the outcome: check when its value "
                "becomes known, and drop it if it is not available at prediction "
                "time. A strong honest feature known at prediction time can look "
                "the same; its values at prediction time (audit(..., X_new=...)) "
                "tell them apart."
            )
        if self.dependence.reproduced:
            reason = (
                "the other features explain part of it beyond the outcome, as they "
                "do for an honest feature that shares causes with them"
            )
        elif not self.rich:
            reason = (
                f"with {self.n_others} other column(s) a strong honest feature "
                "looks the same"
            )
        else:
            reason = "the other features improve on it a lot"
        return (
            f"Likely a strong honest feature ({reason}); it is a leak only if its "
            "value becomes known after the outcome: check that, or pass the rows "
            "at prediction time as X_new."
        )
