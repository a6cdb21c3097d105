"""Labels for the ``duplicate`` check (L1.4): do test rows share the label of
their identical training rows more often than natural coincidences would?

A copy carries its record's label; a natural twin only the label its values make
likely. Records that differ from a test row only in a weak column (one with no
skill alone) have nearly the same chance of each label, so their agreement with
it is what a natural twin's would be; twins agreeing more often are copies. The
target value (exact equality) plays the label's part in regression.
"""

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from safesplit._fingerprint import row_fingerprints
from safesplit.audit._skills import NOISE_SES
from safesplit.model_selection._engine import TEST, TRAIN

# Normal quantile of the one-sided bounds (about 97.5%).
CONFIDENCE_Z = 2.0
# Labels show copies when twins agree more often than their neighbours by at least
# this much (lower bound): natural twins in survey and panel data agree at most
# 0.03 more often, their neighbours differing only in a column of no skill.
LABEL_EXCESS = 0.05
# Labels show natural coincidences when at most this share of twin pairs can be
# copies (upper bound): the natural excess is about a tenth of them.
LABEL_NATURAL_SHARE = 0.25
# Label evidence needs this many disagreements expected between natural twins.
MIN_EXPECTED_DISAGREEMENTS = 10.0
# Columns dropped, one at a time, to find the records that labels are compared
# with: the weakest, and only those alone no better than noise or this skill.
REFERENCE_COLUMNS = 3
REFERENCE_SKILL = 0.05


@dataclass(frozen=True)
class LabelAgreement:
    """How often test rows share the label of their identical training rows, and of
    training rows that differ from them only in one weak column.

    ``copy_share`` estimates the share of twin pairs that are copies:
    ``(twins - neighbours) / (1 - neighbours)``, with its standard error ``se``.
    """

    n_rows: int
    twins: float
    neighbours: float
    copy_share: float
    se: float
    reference_columns: list
    excess_by_class: np.ndarray | None = None  # mean over the test rows of each

    @property
    def informative(self):
        """Natural twins would disagree often enough for copies to show."""
        return (
            self.n_rows > 0
            and self.n_rows * (1.0 - self.neighbours) >= MIN_EXPECTED_DISAGREEMENTS
        )

    @property
    def _excess_bounds(self):
        """Confidence bounds of ``twins - neighbours``."""
        spread = 1.0 - self.neighbours
        excess = self.copy_share * spread
        margin = CONFIDENCE_Z * self.se * spread
        return excess - margin, excess + margin

    @property
    def says_copies(self):
        return self.informative and self._excess_bounds[0] >= LABEL_EXCESS

    @property
    def says_natural(self):
        """No copies shown, and at most ``LABEL_NATURAL_SHARE`` of twin pairs can
        be copies."""
        return (
            self.informative
            and not self.says_copies
            and self.copy_share_high < LABEL_NATURAL_SHARE
        )

    @property
    def copy_share_low(self):
        """Share of twin pairs that are copies, at least (0 without evidence)."""
        if not self.says_copies:
            return 0.0
        return min(1.0, self._excess_bounds[0] / (1.0 - self.neighbours))

    @property
    def copy_share_high(self):
        """Share of twin pairs that are copies, at most (1 without evidence)."""
        if not self.informative:
            return 1.0
        return float(
            np.clip(self._excess_bounds[1] / (1.0 - self.neighbours), 0.0, 1.0)
        )


def label_agreement(context, used, cells):
    """Label agreement of twins against records differing in one weak column, on
    the model sample, split by split (see :class:`_LabelAgreement`).

    The weak columns are those with the least skill alone: a record that differs
    only there has nearly the same chance of each label, so only copies make twins
    agree more often. Pairs are pooled over splits; the standard error is robust
    to the rows of one identical group being counted together.
    """
    skills = {c: np.nan_to_num(context.single[c][0], nan=0.0) for c in used}
    most = max(NOISE_SES * context.null_se, REFERENCE_SKILL)
    weak = sorted((c for c in used if skills[c] <= most), key=skills.get)
    weak = weak[:REFERENCE_COLUMNS] if len(used) > 1 else []
    rows = context.rows.model
    labels, _ = pd.factorize(context.target.y[rows])
    exact, _ = pd.factorize(cells[rows])
    sample = context.frame.iloc[rows]
    coarse = _cells_without_each(sample, used, weak)
    differences, references, groups, classes = [], [], [], []
    for roles in context.roles.in_input_order:
        r = roles[rows]
        counter = _TrainLabelCounter(labels, r == TRAIN, np.flatnonzero(r == TEST))
        same, total = counter.count(exact)
        ref_same, ref_total = np.zeros(same.shape), np.zeros(total.shape)
        for codes in coarse:
            c_same, c_total = counter.count(codes)
            ref_same += c_same - same
            ref_total += c_total - total
        keep = (total > 0) & (ref_total > 0)
        twin = same[keep] / total[keep]
        reference = ref_same[keep] / ref_total[keep]
        differences.append(twin - reference)
        references.append(reference)
        groups.append(exact[counter.test][keep])
        classes.append(context.target.y[rows][counter.test][keep])
    if not weak or not sum(d.shape[0] for d in differences):
        return LabelAgreement(0, np.nan, np.nan, np.nan, np.nan, weak)
    agreement = _summarise_agreement(
        np.concatenate(differences),
        np.concatenate(references),
        np.concatenate(groups),
        weak,
    )
    if context.task != "classification":
        return agreement
    classes = np.concatenate(classes)
    n_classes = context.target.n_classes
    sums = np.bincount(
        classes, weights=np.concatenate(differences), minlength=n_classes
    )
    counts = np.bincount(classes, minlength=n_classes)
    return replace(agreement, excess_by_class=sums / np.maximum(counts, 1))


def _cells_without_each(sample, used, weak):
    """Cell codes of the rows of ``sample`` on all ``used`` columns but one, for
    each of the ``weak`` columns; the columns they share are fingerprinted once."""
    rest = [c for c in used if c not in weak]
    shared = (
        row_fingerprints(sample[rest])
        if rest
        else np.zeros(sample.shape[0], dtype=np.uint64)
    )
    cells = []
    for dropped in weak:
        kept = {
            str(i): sample[c].to_numpy() for i, c in enumerate(weak) if c != dropped
        }
        frame = pd.DataFrame({"shared": shared, **kept})
        cells.append(pd.factorize(row_fingerprints(frame))[0])
    return cells


class _TrainLabelCounter:
    """Counts, for each test row, training rows of its cell and of its label."""

    def __init__(self, labels, train, test):
        self.labels = labels
        self.train = train
        self.test = test
        self.n_labels = int(labels.max()) + 1 if labels.size else 1

    def count(self, codes):
        """Training rows in each test row's cell with its label, and in all."""
        n_codes = int(codes.max()) + 1 if codes.size else 1
        key = codes * self.n_labels + self.labels
        same = np.bincount(key[self.train], minlength=n_codes * self.n_labels)
        total = np.bincount(codes[self.train], minlength=n_codes)
        test = self.test
        return same[key[test]].astype(np.float64), total[codes[test]].astype(float)


def _summarise_agreement(differences, references, groups, weak):
    n = differences.shape[0]
    twins = float(np.mean(differences + references))
    neighbours = float(np.mean(references))
    spread = 1.0 - neighbours
    if spread <= 0:
        return LabelAgreement(n, twins, neighbours, np.nan, np.nan, weak)
    mean = float(np.mean(differences))
    # Cluster-robust: the rows of one group of identical rows are not independent.
    deviations = pd.Series(differences - mean).groupby(groups).sum().to_numpy()
    se = float(np.sqrt(np.sum(deviations**2)) / n)
    return LabelAgreement(n, twins, neighbours, mean / spread, se / spread, weak)
