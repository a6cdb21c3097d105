"""One-sided fill patterns, a signal of ``target_proxy``: a column that is filled in
(neither missing nor at its empty value, such as 0 or -1) almost only for one
outcome, while covering a large share of it.

That is the classic "only filled in after the outcome" leak: a cancellation reason,
a refund date, a follow-up measurement, recorded once the outcome has happened. The
test is a likelihood ratio: how many times more often the filled state occurs in
one class (or above or below a level of a numeric target) than elsewhere, with
confidence bounds. Honest informative missingness ("no previous loan") shifts the
odds but is rarely this one-sided.
"""

from dataclasses import dataclass

import numpy as np

from safesplit.audit._columns import numeric_values

# Bounds (Wilson) are this many standard errors wide. Chance cannot make a filled
# state pure: it must cover a quarter of an outcome's rows (FILL_COVERAGE), dozens
# of rows all falling one way, which 2 standard errors already rule out.
FILL_Z = 2.0
# Likelihood-ratio bounds for medium and high: "strong" and "very strong" evidence
# on the scale of Kass & Raftery (1995, J. Am. Stat. Assoc. 90:773).
FILL_RATIO = {"medium": 20.0, "high": 150.0}
# ... and the share of the outcome's rows the filled state must cover.
FILL_COVERAGE = {"medium": 0.25, "high": 0.5}
FILL_MIN_ROWS = 10  # a filled state on fewer rows says nothing
# A column's most common value is its empty value when it holds this share of the
# rows and is 0 or an end of the column's range (a floor or ceiling code: -1, 999).
SENTINEL_SHARE = 0.10
# Target levels of a numeric target: its deciles.
LEVELS = np.linspace(0.1, 0.9, 9)


@dataclass(frozen=True)
class FillPattern:
    """A column's filled state against one outcome.

    Attributes
    ----------
    name : object
    empty : str
        What counts as empty: ``"missing"`` or ``"missing or 0"``...
    outcome : str
        The outcome it goes with, in words (``"converted = 1"``,
        ``"price > 12.5"``).
    coverage : float
        Share of the outcome's rows that are filled in.
    elsewhere : float
        Share of the other rows that are filled in.
    ratio_lower : float
        Lower confidence bound of ``coverage / elsewhere``.
    n_filled : int
    """

    name: object
    empty: str
    outcome: str
    coverage: float
    elsewhere: float
    ratio_lower: float
    n_filled: int

    @property
    def severity(self):
        """``"high"``, ``"medium"`` or None."""
        for level in ("high", "medium"):
            if (
                self.ratio_lower >= FILL_RATIO[level]
                and self.coverage >= FILL_COVERAGE[level]
            ):
                return level
        return None

    @property
    def evidence(self):
        return {
            "filled_means": f"not {self.empty}",
            "filled_outcome": self.outcome,
            "share_of_outcome_filled": self.coverage,
            "share_of_other_rows_filled": self.elsewhere,
            "fill_likelihood_ratio_lower_bound": self.ratio_lower,
        }

    @property
    def text(self):
        times = (
            "never"
            if self.elsewhere == 0
            else f"{self.elsewhere:.1%} of the other rows"
        )
        return (
            f"{self.name!r} is filled in (not {self.empty}) for "
            f"{self.coverage:.0%} of the rows with {self.outcome} and {times} "
            f"(at least {self.ratio_lower:.0f} times as often, {FILL_Z:.0f} "
            "standard errors): the pattern of a value recorded only after the "
            "outcome."
        )


def fill_patterns(context):
    """``{column: FillPattern}`` of the columns with a one-sided filled state at
    medium or high, on the screen sample."""
    rows = context.rows.screen
    outcomes = _outcomes(context.target, rows)
    found = {}
    for name, profile in context.profiles.items():
        if profile.id_like:
            continue
        values = numeric_values(context.frame[name].iloc[rows], profile.kind)
        filled, empty = _filled_state(values, profile.kind)
        if filled is None:
            continue
        pattern = _best_pattern(name, empty, filled, outcomes)
        if pattern is not None and pattern.severity is not None:
            found[name] = pattern
    return found


def _filled_state(values, kind):
    """Which rows are filled in, and what empty means; ``(None, None)`` when every
    row or no row is empty, or too few are filled.

    Empty is missing, or the value among 0 and the column's two ends that holds
    the most rows, when it holds at least ``SENTINEL_SHARE`` of them (counted
    without sorting: wide data have many columns).
    """
    empty = np.isnan(values)
    label = "missing"
    if kind in ("float", "integer", "bool") and not empty.all():
        finite = values[~empty]
        candidates = np.unique([0.0, finite.min(), finite.max()])
        counts = [np.count_nonzero(finite == value) for value in candidates]
        best = int(np.argmax(counts))
        if (
            counts[best] >= SENTINEL_SHARE * values.shape[0]
            and counts[best] < finite.size
        ):
            empty = empty | (values == candidates[best])
            label = f"missing or {_plain(candidates[best])}"
    n_filled = int((~empty).sum())
    if not empty.any() or n_filled < FILL_MIN_ROWS:
        return None, None
    return ~empty, label


def _plain(value):
    return int(value) if float(value).is_integer() else float(value)


def _plain_label(label):
    return label.item() if hasattr(label, "item") else label


def _outcomes(target, rows):
    """``[(words, mask)]``: each class, or each side of each decile of a number."""
    y = target.y[rows]
    if target.task == "classification":
        classes = range(target.n_classes)
        return [
            (f"target = {_plain_label(target.labels[k])!r}", y == k) for k in classes
        ]
    levels = np.unique(np.quantile(y, LEVELS))
    return [(f"target > {t:.4g}", y > t) for t in levels] + [
        (f"target <= {t:.4g}", y <= t) for t in levels
    ]


def _best_pattern(name, empty, filled, outcomes):
    """The outcome whose filled state has the largest likelihood-ratio bound
    among those it covers enough of."""
    best = None
    n_filled = int(filled.sum())
    for words, inside in outcomes:
        n_in = int(inside.sum())
        n_out = inside.shape[0] - n_in
        if n_in == 0 or n_out == 0:
            continue
        filled_in = int(np.count_nonzero(filled & inside))
        coverage = filled_in / n_in
        elsewhere = (n_filled - filled_in) / n_out
        if coverage < FILL_COVERAGE["medium"]:
            continue
        lower = _wilson(coverage, n_in, -FILL_Z) / max(
            _wilson(elsewhere, n_out, FILL_Z), 1e-12
        )
        if best is None or lower > best.ratio_lower:
            best = FillPattern(name, empty, words, coverage, elsewhere, lower, n_filled)
    return best


def _wilson(share, n, z):
    """Wilson score bound of a proportion: lower for ``z < 0``, upper for ``z > 0``."""
    centre = share + z * z / (2 * n)
    spread = abs(z) * np.sqrt(share * (1 - share) / n + z * z / (4 * n * n))
    return (centre + np.sign(z) * spread) / (1 + z * z / n)
