"""``preprocessing`` (L1.2): a column computed from the target over groups of rows,
on all rows: a target encoding, or any monotone transformation of a group's mean or
total target (a share, an index, a rank, a rounded percentage, a z-score).

An aggregate of the target over a key is constant within the key's groups, so the
rows that share one value of the column form such groups (or unions of groups with
the same statistic), whatever the key was: a declared entity, a category, a cell of
several columns nobody declared. Over these *level sets*, the statistics of the
target (mean, total) are the groups' true effects plus sampling noise. An honest
column (a firm's size, a region's population, a category's published rate) can at
best follow the true effects, and so it keeps the noise; an aggregate of the target
follows the observed statistics themselves, noise included. Two tests measure how
much of that noise the column keeps, against the noise estimated from the spread of
the target within the level sets:

- *affine*: the weighted residual sum of squares of the level statistics around a
  straight line in the column, in units of their noise variance. For the best honest
  column (affine in the true effects) it follows a chi-square law with G - 2 degrees
  of freedom; for an affine transformation of the observed statistic (a share, an
  index, a z-score, a rounded percentage) it is about 0.
- *order*: the number of adjacent level sets, in the column's order, whose statistics
  step the wrong way, against the number that noise alone gives a column ordering the
  true effects exactly (simulated). Any monotone transformation (a rank) has none.

The noise estimate assumes that the rows of a level set are independent draws. When
they are not (a year of a balanced panel holds the same firms as every other year, so
its mean moves far less than the spread across firms says), an honest column looks
too precise too. The other numeric features, measured on the same rows, are the
control: a column is reported only when it follows the target's statistics more
closely, by the same factor, than it follows any feature's. This also clears honest
aggregates of a feature that nearly determines the target (a region's mean income
when spending follows income).
"""

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.stats import chi2, poisson, spearmanr

from safesplit.audit._columns import numeric_values
from safesplit.report import Finding

# A column keeps at most this share of its level sets' sampling noise (residual
# variance, or reversals): at least three quarters of the noise of the observed
# statistics is in the column, which no attribute known before the outcome can be.
AGGREGATE_NOISE_KEPT = 0.25
# Chance of a false alarm per audit, shared (Bonferroni) among all the tests run.
AGGREGATE_FALSE_ALARM = 1e-3
AGGREGATE_MIN_LEVELS = 3
# An aggregate repeats: at least half of the rows share their value with another.
AGGREGATE_MIN_REPEATED = 0.5
AGGREGATE_MIN_FINITE = 0.5
# The level statistics must vary at least this share of their noise variance; less
# means the rows of a level are not independent draws (a matched or balanced design)
# and the noise estimate, on which both tests rest, does not hold.
AGGREGATE_MIN_DISPERSION = 0.25
AGGREGATE_MAX_LEVELS = 5_000  # level sets sampled for the tests
AGGREGATE_MAX_CLASSES = 10  # one-vs-rest targets tested for several classes
AGGREGATE_MAX_CONTROLS = 50  # features used as controls of the noise estimate
AGGREGATE_NULL_DRAWS = 64  # simulations of the order test's null
# Within-level variances are shrunk towards the pooled one with this weight in rows,
# so that a small level whose rows happen to agree does not look noiseless.
_PRIOR_ROWS = 2.0
# Severity, as for an exact target encoding: high when small level sets (where each
# row's own label is a large part of its value) hold a tenth of the rows.
SMALL_LEVEL_ROWS = 30
SMALL_LEVEL_SHARE = 0.1
_STATISTICS = ("mean", "sum")
_TESTS = ("affine", "order")


def check(context):
    """Findings of columns that are aggregates of the target over all rows.

    The signature of every check: see :mod:`safesplit.audit.checks`.
    """
    targets = _target_vectors(context.target)
    candidates = [
        name for name in context.columns if _is_candidate(context.profiles[name])
    ]
    n_tests = len(candidates) * len(targets) * len(_STATISTICS) * len(_TESTS)
    alpha = AGGREGATE_FALSE_ALARM / max(n_tests, 1)
    rng = np.random.default_rng(context.seed)
    partners = _partners(context)
    suspects = {}
    for name in candidates:
        values = numeric_values(context.frame[name], context.profiles[name].kind)
        levels = level_sets(values, rng)
        if levels is None:
            continue
        passed = [
            evidence
            for evidence in _tests(levels, targets, partners, rng)
            if evidence.p_value <= alpha and evidence.noise_kept <= AGGREGATE_NOISE_KEPT
        ]
        if passed:
            suspects[name] = (levels, sorted(passed, key=lambda e: e.p_value))
    controls = _controls(context, set(suspects), rng)
    findings = []
    for name, (levels, passed) in suspects.items():
        for evidence in passed:
            control = _closest_control(context, name, levels, evidence, controls, rng)
            if evidence.noise_kept <= AGGREGATE_NOISE_KEPT * min(1.0, control[1]):
                findings.append(_finding(name, levels, evidence, control, alpha))
                break
    return findings


def _is_candidate(profile):
    """Numbers with several values, some of them repeated."""
    return (
        profile.kind in ("float", "integer")
        and profile.n_unique >= AGGREGATE_MIN_LEVELS
        and profile.unique_ratio <= 1.0 - AGGREGATE_MIN_REPEATED / 2
    )


def _target_vectors(target):
    """``[(class label or None, float vector)]``: the target, or one indicator per
    class (the most frequent first) when there are more than two."""
    if target.task == "regression":
        return [(None, target.y.astype(np.float64))]
    if target.n_classes == 2:
        return [(None, target.y.astype(np.float64))]
    frequent = np.argsort(-np.bincount(target.y, minlength=target.n_classes))
    return [
        (target.labels[k], (target.y == k).astype(np.float64))
        for k in frequent[:AGGREGATE_MAX_CLASSES]
    ]


# --------------------------------------------------------------------------------------
# Level sets: the rows sharing one value of a column.


@dataclass(frozen=True)
class LevelSets:
    """The rows sharing each value of a column.

    Attributes
    ----------
    codes : ndarray of int
        Level of each row (all rows), increasing with the value; -1 where the column
        is missing, its value is held by no other row, or the level was not
        sampled.
    values : ndarray
        The column's value of each level, increasing.
    counts : ndarray
        Rows of each level.
    n_levels : int
        Repeated values before sampling.
    """

    codes: np.ndarray
    values: np.ndarray
    counts: np.ndarray
    n_levels: int

    def statistics(self, y, noise=None):
        """Per level: the column's value, the mean and sum of ``y`` with their
        noise (standard errors from the variance of ``noise``, by default ``y``,
        within the level, shrunk towards the pooled one), over rows where ``y`` is
        known.

        Returns ``{"values": ..., "mean": (means, se), "sum": (sums, se)}`` for the
        levels with two such rows, or None when ``y`` is constant within every
        level (the column then determines it: not an aggregate but a copy).
        """
        noise = y if noise is None else noise
        used = (self.codes >= 0) & np.isfinite(y)
        codes, y, noise = self.codes[used], y[used], noise[used]
        n = np.bincount(codes, minlength=self.counts.size).astype(np.float64)
        sums = np.bincount(codes, weights=y, minlength=n.size)
        means = sums / np.maximum(n, 1)
        centres = np.bincount(codes, weights=noise, minlength=n.size) / np.maximum(n, 1)
        squares = np.bincount(
            codes, weights=(noise - centres[codes]) ** 2, minlength=n.size
        )
        keep = n >= 2
        if keep.sum() < AGGREGATE_MIN_LEVELS:
            return None
        n, sums, means, squares = n[keep], sums[keep], means[keep], squares[keep]
        pooled = squares.sum() / (n - 1).sum()
        if not np.isfinite(pooled) or pooled <= 0:
            return None
        variance = (squares + _PRIOR_ROWS * pooled) / (n - 1 + _PRIOR_ROWS)
        return {
            "values": self.values[keep],
            "mean": (means, np.sqrt(variance / n)),
            "sum": (sums, np.sqrt(variance * n)),
        }


def level_sets(values, rng):
    """:class:`LevelSets` of the repeated values of a numeric column, or None when
    it does not repeat enough to be an aggregate (few repeated values, mostly
    unique or missing).

    A value held by one row is that row's own label, not a statistic of a group:
    such rows are left out. At most ``AGGREGATE_MAX_LEVELS`` levels are kept,
    drawn at random: the tests hold on any subset of the level sets.
    """
    finite = np.isfinite(values)
    if finite.mean() < AGGREGATE_MIN_FINITE:
        return None
    codes, uniques = pd.factorize(values[finite], sort=True)
    counts = np.bincount(codes)
    repeated = counts >= 2
    if repeated.sum() < AGGREGATE_MIN_LEVELS:
        return None
    if counts[repeated].sum() < AGGREGATE_MIN_REPEATED * codes.shape[0]:
        return None
    n_levels = int(repeated.sum())
    keep = np.flatnonzero(repeated)
    if n_levels > AGGREGATE_MAX_LEVELS:
        keep = np.sort(rng.choice(keep, AGGREGATE_MAX_LEVELS, replace=False))
    renumber = np.full(uniques.shape[0], -1)
    renumber[keep] = np.arange(keep.shape[0])
    all_codes = np.full(values.shape[0], -1, dtype=np.int64)
    all_codes[finite] = renumber[codes]
    return LevelSets(
        all_codes, np.asarray(uniques, dtype=np.float64)[keep], counts[keep], n_levels
    )


# --------------------------------------------------------------------------------------
# The tests: how much of the level statistics' noise the column keeps.


@dataclass(frozen=True)
class _Evidence:
    """One test of one column against one statistic of the target."""

    target_class: object  # None, or the class of a one-vs-rest target
    statistic: str  # "mean" or "sum"
    test: str  # "affine" or "order"
    noise_kept: float  # residual variance, or reversals, per unit of noise
    p_value: float  # chance of so little noise for the best honest column
    level_values: np.ndarray
    level_statistic: np.ndarray

    @property
    def equal(self):
        """Whether the column equals the mean target of its rows."""
        return bool(
            self.statistic == "mean"
            and np.allclose(self.level_values, self.level_statistic, rtol=1e-6)
        )


def _tests(levels, targets, partners, rng):
    """Every test of the column: per target, statistic and test.

    With a declared design (entity groups, time periods: ``partners``), the noise
    is also estimated from the target less its partner means, which removes
    entity or period effects from the spread within a level set that crosses them
    (a year holding every firm); each test keeps its weakest result.
    """
    tests = []
    for target_class, y in targets:
        statistics = levels.statistics(y)
        if statistics is None:
            continue
        variants = [statistics] + [
            levels.statistics(y, noise=y - _partner_means(y, codes))
            for codes in partners
        ]
        variants = [v for v in variants if v is not None]
        for statistic in _STATISTICS:
            for test in _TESTS:
                results = [_run(test, v, statistic, rng) for v in variants]
                kept = max(r[0] for r in results)
                if not np.isnan(kept):
                    tests.append(
                        _Evidence(
                            target_class,
                            statistic,
                            test,
                            kept,
                            max(r[1] for r in results),
                            statistics["values"],
                            statistics[statistic][0],
                        )
                    )
    return tests


def _partners(context):
    """Integer codes of the declared design: entity groups and time periods."""
    partners = []
    if context.group_codes is not None:
        partners.append(context.group_codes)
    if context.times.known and context.times.values is not None:
        periods, _ = pd.factorize(np.asarray(context.times.values))
        if periods.min() >= 0:
            partners.append(periods)
    return partners


def _partner_means(y, codes):
    """The mean of ``y`` over the rows of each row's partner code."""
    counts = np.bincount(codes)
    return (np.bincount(codes, weights=y) / np.maximum(counts, 1))[codes]


def _run(test, statistics, statistic, rng):
    """``(noise kept, p-value)`` of one test; NaN when the statistics vary less
    than their noise says they must (the noise estimate does not hold)."""
    stat, se = statistics[statistic]
    if not _disperses(stat, se):
        return np.nan, 1.0
    if test == "affine":
        return affine_test(statistics["values"], stat, se)
    return order_test(stat, se, rng)


def _disperses(stat, se):
    """Whether the level statistics vary at least as their noise says they must."""
    weights = 1.0 / se**2
    centre = np.sum(weights * stat) / weights.sum()
    dispersion = np.sum(weights * (stat - centre) ** 2) / max(stat.shape[0] - 1, 1)
    return dispersion >= AGGREGATE_MIN_DISPERSION


def affine_test(values, stat, se):
    """Residual variance of ``stat`` around a weighted line in ``values``, per unit
    of noise, and the chance of so small a residual when ``values`` are affine in
    the true statistics (chi-square, G - 2 degrees of freedom).

    Returns ``(noise kept, p-value)``; ``(nan, 1.0)`` when there is no line to fit.
    """
    degrees = stat.shape[0] - 2
    weights = 1.0 / se**2
    x = values - np.sum(weights * values) / weights.sum()
    s = stat - np.sum(weights * stat) / weights.sum()
    spread = np.sum(weights * x * x)
    if degrees < 1 or spread <= 0:
        return np.nan, 1.0
    slope = np.sum(weights * x * s) / spread
    residual = float(np.sum(weights * (s - slope * x) ** 2))
    return residual / degrees, float(chi2.cdf(residual, degrees))


def order_test(stat, se, rng):
    """Reversals of ``stat`` between adjacent levels (in the column's order), per
    reversal expected from noise when the true statistics are in exactly that
    order, and the chance of so few (Poisson: conservative, since reversal counts
    vary less than a Poisson count of the same mean).

    A tie counts as half a reversal, as in rank statistics: it fits either order,
    and discrete targets (classes, counts) tie often where continuous noise never
    does.

    Returns ``(noise kept, p-value)``; ``(nan, 1.0)`` when noise gives no reversal.
    """
    tolerance = 1e-9 * max(1.0, float(np.abs(stat).max()))
    steps = np.diff(stat)
    ties = 0.5 * np.sum(np.abs(steps) <= tolerance)
    reversals = min(np.sum(steps < -tolerance), np.sum(steps > tolerance)) + ties
    order = np.argsort(stat, kind="stable")
    draws = (
        stat[order]
        + rng.standard_normal((AGGREGATE_NULL_DRAWS, stat.size)) * (se[order])
    )
    expected = float(np.mean(np.sum(np.diff(draws, axis=1) < -tolerance, axis=1)))
    if expected <= 0:
        return np.nan, 1.0
    return reversals / expected, float(poisson.cdf(np.floor(reversals), expected))


# --------------------------------------------------------------------------------------
# Against honest aggregates of features, and the finding.


def _controls(context, suspects, rng):
    """The numeric features used as controls (at most ``AGGREGATE_MAX_CONTROLS``,
    drawn at random), leaving out the suspected aggregates themselves."""
    names = [
        name
        for name in context.columns
        if name not in suspects
        and context.profiles[name].kind in ("float", "integer", "bool")
    ]
    if len(names) > AGGREGATE_MAX_CONTROLS:
        chosen = rng.choice(len(names), AGGREGATE_MAX_CONTROLS, replace=False)
        names = [names[i] for i in np.sort(chosen)]
    return names


def _closest_control(context, name, levels, evidence, controls, rng):
    """``(feature, noise kept)``: the feature whose statistic, over the column's
    level sets, the column follows most closely by the same test (``(None, inf)``
    when no feature varies across them beyond its noise)."""
    best = (None, np.inf)
    for other in controls:
        if other == name:
            continue
        values = numeric_values(context.frame[other], context.profiles[other].kind)
        statistics = levels.statistics(values)
        if statistics is None:
            continue
        kept, _ = _run(evidence.test, statistics, evidence.statistic, rng)
        if not np.isnan(kept) and kept < best[1]:
            best = (other, float(kept))
    return best


def _rank_correlation(a, b):
    """Absolute Spearman correlation (0 when undefined)."""
    if np.ptp(a) == 0 or np.ptp(b) == 0:
        return 0.0
    value = spearmanr(a, b).statistic
    return 0.0 if np.isnan(value) else abs(float(value))


def _finding(name, levels, evidence, control, alpha):
    counts = levels.counts
    small = counts[counts < SMALL_LEVEL_ROWS].sum() / counts.sum()
    severity = "high" if small >= SMALL_LEVEL_SHARE else "medium"
    statistic = ("mean " if evidence.statistic == "mean" else "total ") + (
        "target"
        if evidence.target_class is None
        else f"of class {evidence.target_class!r}"
    )
    rank = _rank_correlation(evidence.level_values, evidence.level_statistic)
    numbers = {
        "n_repeated_values": levels.n_levels,
        "median_rows_per_value": float(np.median(counts)),
        "fraction_rows_in_values_under_30_rows": float(small),
        "statistic": statistic,
        "test": evidence.test,
        "noise_kept": float(evidence.noise_kept),
        "p_value": float(evidence.p_value),
        "p_value_threshold": float(alpha),
        "rank_correlation_value_vs_statistic": rank,
        "closest_feature": None if control[0] is None else str(control[0]),
        "noise_kept_by_closest_feature": float(control[1]),
    }
    if evidence.target_class is not None:
        numbers["target_class"] = evidence.target_class
    return Finding(
        "preprocessing",
        severity,
        "L1.2",
        [name],
        [],
        numbers,
        _message(name, levels, evidence, statistic, control, severity),
    )


def _message(name, levels, evidence, statistic, control, severity):
    if evidence.equal:
        relation = f"equals the {statistic} of the rows that share it"
    else:
        around = (
            "around a straight line in the value"
            if evidence.test == "affine"
            else "in the value's order"
        )
        relation = (
            f"follows the {statistic} of the rows that share each value more "
            f"closely than its sampling noise allows: {around} it keeps "
            f"{evidence.noise_kept:.1%} of that noise (p = {evidence.p_value:.1e})"
        )
        if control[0] is not None:
            relation += f"; the closest feature, {control[0]!r}, keeps {control[1]:.0%}"
    return (
        f"{name!r} ({levels.n_levels:,} repeated values) {relation}. A group "
        "attribute known before the outcome (a size, a population, a published "
        "rate) can follow a group's true effect, not the noise of its observed "
        "outcomes; this column does, so it was computed from the target over all "
        "rows (a target encoding, share, rank or score), and each row's own label, "
        "and every test label, is inside its feature"
        + ("; with small groups that is a strong leak" if severity == "high" else "")
        + ". Compute it inside the Pipeline from training rows only (sklearn's "
        "TargetEncoder cross-fits), or drop it; if it is a statistic of other "
        "data, check that these rows' outcomes were not part of it."
    )
