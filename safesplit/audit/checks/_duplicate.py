"""``duplicate`` (L1.4): copies of rows on both sides of a split.

Exact copies: every row is fingerprinted and the test rows with an identical row in
training are counted. Identical rows are not always copies: records of discrete
values coincide naturally. Three pieces of evidence tell copies from coincidences,
each against a chance model that holds whatever the dependence between columns:

* values: two distinct records agree on every column only if they agree on the
  column they most rarely share, so that column's collision rate bounds the number
  of natural twins (a Fréchet bound);
* counts: rows drawn independently from any distribution give cell counts whose
  singles, pairs and triples obey ``pairs**2 <= 1.5 * singles * triples`` (the
  counts of a Poisson mixture are log-convex); rows that come in pairs break it;
* labels: a copy carries its record's label, a natural twin only the label its
  values make likely, so twins agree more often than records that differ only in a
  column barely related to the target (see
  :mod:`~safesplit.audit.checks._duplicate_labels`).

Near copies (tiny jitter, interpolated synthetic rows) are in
:mod:`~safesplit.audit.checks._near_duplicate`.
"""

from dataclasses import dataclass

import numpy as np
import pandas as pd

from safesplit._fingerprint import row_fingerprints
from safesplit.audit.checks._duplicate_labels import CONFIDENCE_Z, label_agreement
from safesplit.audit.checks._near_duplicate import near_duplicate_finding
from safesplit.model_selection._engine import TEST, TRAIN
from safesplit.report import Finding

# Share of test rows that are copies: the severity.
DUPLICATE_FRACTION = {"high": 0.05, "medium": 0.01}
# Columns, the most varied first, whose collision rates bound natural twins, and
# how many of them are also taken together.
CHANCE_COLUMNS = 20
CHANCE_JOINT = 3
# Copies gather in one class (oversampling) when its test rows have twins, or
# excess agreement with them, this many times as often as any other class's.
CLASS_CONCENTRATION = 2.0


def check(context):
    """Findings of exact copies across splits and of near copies.

    The signature of every check: see :mod:`safesplit.audit.checks`.
    """
    ignored = [c for c in context.columns if context.profiles[c].id_like]
    used = [c for c in context.columns if c not in ignored]
    if not used:
        return []
    findings = []
    cells, _ = pd.factorize(row_fingerprints(context.frame[used]))
    twins = _twins_across_splits(context, cells)
    if twins.n_copied:
        findings.append(_exact_finding(context, used, ignored, cells, twins))
    near = near_duplicate_finding(context, used)
    if near is not None:
        findings.append(near)
    return findings


# --------------------------------------------------------------------------------------
# Test rows with an identical row in training.


@dataclass(frozen=True)
class _Twins:
    """Test rows with an identical row in training, over all splits."""

    n_test: int
    n_copied: int
    n_duplicated: int  # rows with an identical row anywhere
    per_split: list
    folds: list
    sizes: list  # (test rows, training rows) of each split
    n_same_label: int  # twins with a training twin of the same class
    n_labelled: int  # twins whose labels were compared (classification)
    twin_rate_by_class: np.ndarray | None  # share of each class's test rows


def _twins_across_splits(context, cells):
    """Count, split by split, the test rows whose row occurs in training."""
    sizes = np.bincount(cells)
    dup_rows = np.flatnonzero(sizes[cells] > 1)
    codes, _ = pd.factorize(cells[dup_rows])
    n_codes = int(codes.max()) + 1 if dup_rows.size else 0
    classification = context.task == "classification"
    y = context.target.y
    n_classes = context.target.n_classes
    test_by_class = np.zeros(n_classes)
    twins_by_class = np.zeros(n_classes)
    per_split, folds, split_sizes = [], [], []
    n_test = n_copied = n_same_label = 0
    for index, roles in enumerate(context.roles.in_input_order):
        split_test = int(np.count_nonzero(roles == TEST))
        split_sizes.append((split_test, int(np.count_nonzero(roles == TRAIN))))
        n_test += split_test
        r = roles[dup_rows]
        in_train = np.zeros(n_codes, dtype=bool)
        in_train[codes[r == TRAIN]] = True
        copied = (r == TEST) & in_train[codes]
        split_copied = int(copied.sum())
        n_copied += split_copied
        per_split.append(split_copied / max(split_test, 1))
        if split_copied:
            folds.append(index)
        if classification:
            test_by_class += np.bincount(y[roles == TEST], minlength=n_classes)
            twins_by_class += np.bincount(y[dup_rows[copied]], minlength=n_classes)
            # Does a copy in training carry the same label?
            labels = np.zeros((n_codes, n_classes), dtype=bool)
            train = r == TRAIN
            labels[codes[train], y[dup_rows[train]]] = True
            n_same_label += int(labels[codes[copied], y[dup_rows[copied]]].sum())
    rates = twins_by_class / np.maximum(test_by_class, 1) if classification else None
    return _Twins(
        n_test,
        n_copied,
        int(dup_rows.shape[0]),
        per_split,
        folds,
        split_sizes,
        n_same_label,
        n_copied if classification else 0,
        rates,
    )


# --------------------------------------------------------------------------------------
# Evidence that identical rows are copies, each a lower bound of the copied test rows.


@dataclass(frozen=True)
class _ChanceBound:
    """At most ``expected`` of the ``twins`` test rows have a natural twin: no two
    distinct records agree more often than on ``column`` (``None``: the target),
    whose values they share with probability ``collision``."""

    twins: int
    expected: float
    column: object
    collision: float

    @property
    def copied(self):
        """Test rows whose twin cannot be natural, at least."""
        return max(0.0, self.twins - self.expected)


def _chance_bound(context, used, cells, twins):
    """Upper bound of the test rows with a natural (not copied) twin in training.

    Collision rates are measured on distinct rows of the model sample, so that the
    copies under test do not inflate them; the most varied columns are tried. A
    single column is not bounded by itself (its distinct rows never collide). For
    a continuous target, twins that also share the target value are bounded by
    the target's collision rate too.
    """
    best = _ChanceBound(twins.n_copied, float(twins.n_copied), None, 1.0)
    if len(used) >= 2:
        candidates = sorted(used, key=lambda c: -context.profiles[c].n_unique)
        columns = {c: context.frame[c].to_numpy() for c in candidates[:CHANCE_COLUMNS]}
        # The most varied columns together too, at most half of them: the whole
        # row's distinct values never collide, and neither do those of columns
        # that determine the rest.
        for size in range(2, min(CHANCE_JOINT, len(used) // 2) + 1):
            joint = candidates[:size]
            columns[tuple(joint)] = row_fingerprints(context.frame[joint])
        best = _rarest_collision(context, cells, twins, columns)
    if context.task == "regression":
        values = context.target.y
        codes, _ = pd.factorize(values)
        with_target, _ = pd.factorize(
            cells.astype(np.int64) * (codes.max() + 1) + codes
        )
        same_target = _twins_across_splits(context, with_target)
        by_target = _rarest_collision(context, with_target, same_target, {None: values})
        if by_target.copied > best.copied:
            best = by_target
    return best


def _rarest_collision(context, cells, twins, columns):
    """The bound of :func:`_chance_bound` from the rarest shared of ``columns``
    (``{name: values of every row}``) on distinct rows of ``cells``."""
    rows = context.rows.model
    _, first = np.unique(cells[rows], return_index=True)
    distinct = rows[np.sort(first)]
    n = distinct.shape[0]
    column, collision = None, 1.0
    for name, values in columns.items():
        if n < 2:
            break
        codes, _ = pd.factorize(values[distinct], use_na_sentinel=False)
        counts = np.bincount(codes).astype(np.float64)
        rate = float(np.sum(counts * (counts - 1)) / (n * (n - 1)))
        if rate < collision:
            column, collision = name, rate
    expected = sum(
        n_test * min(1.0, n_train * collision) for n_test, n_train in twins.sizes
    )
    return _ChanceBound(twins.n_copied, float(expected), column, collision)


def _cell_size_counts(cells):
    """How many distinct rows occur once, twice and three times."""
    counts = np.bincount(np.bincount(cells), minlength=4)
    return [int(v) for v in counts[1:4]]


def _excess_pairs(singles, pairs, triples):
    """Pairs of identical rows beyond what independent draws from any distribution
    give, at the confidence of ``CONFIDENCE_Z`` (0 when the counts are ordinary).

    The expected counts of a Poisson mixture satisfy ``pairs**2 <= 1.5 * singles *
    triples``; each count is widened by its Poisson noise first.
    """

    def widened(count):
        return count + CONFIDENCE_Z * np.sqrt(count) + 1.0

    most = np.sqrt(1.5 * widened(singles) * widened(triples))
    least_pairs = pairs - CONFIDENCE_Z * np.sqrt(pairs)
    return max(0.0, float(least_pairs - most))


# --------------------------------------------------------------------------------------
# The finding.


@dataclass(frozen=True)
class _Verdict:
    """What the evidence says: ``copied`` test rows at least, the evidence that
    shows them (strongest first), and whether labels show natural coincidences."""

    severity: str
    copied: float
    reasons: list
    natural: bool


def _verdict(twins, lower, labels):
    """Severity by the share of test rows that are copies at least: the largest
    lower bound, capped by the labels' upper bound. Twins of which labels show no
    copies and bound them to a small share are natural coincidences (info)."""
    n_test = max(twins.n_test, 1)
    reasons = [
        name for name, value in sorted(lower.items(), key=lambda i: -i[1]) if value
    ]
    at_most = twins.n_copied * labels.copy_share_high
    copied = min(max(lower.values()), at_most)
    share = copied / n_test
    if labels.says_natural:
        return _Verdict("info", copied, reasons if copied >= 1 else [], True)
    if share >= DUPLICATE_FRACTION["high"]:
        severity = "high"
    elif share >= DUPLICATE_FRACTION["medium"]:
        severity = "medium"
    elif copied >= 1 or twins.n_copied / n_test >= DUPLICATE_FRACTION["medium"]:
        severity = "low"
    else:
        severity = "info"
    return _Verdict(severity, copied, reasons if copied >= 1 else [], False)


def _exact_finding(context, used, ignored, cells, twins):
    chance = _chance_bound(context, used, cells, twins)
    counts = _cell_size_counts(cells)
    excess = _excess_pairs(*counts)
    labels = label_agreement(context, used, cells)
    lower = {
        "values": chance.copied,
        "counts": twins.n_copied * min(1.0, 2 * excess / max(twins.n_duplicated, 1)),
        "labels": twins.n_copied * labels.copy_share_low if labels.says_copies else 0,
    }
    verdict = _verdict(twins, lower, labels)
    fraction = twins.n_copied / max(twins.n_test, 1)
    evidence = {
        "n_duplicated_rows": twins.n_duplicated,
        "test_rows_with_copy_in_train": twins.n_copied,
        "fraction_of_test_rows": float(fraction),
        "fraction_per_split": [float(f) for f in twins.per_split],
        "columns_ignored_as_ids": ignored,
        "copied_test_rows_at_least": float(verdict.copied),
        "copied_fraction_at_least": float(verdict.copied / max(twins.n_test, 1)),
        "evidence_of_copies": verdict.reasons,
        "natural_twins_at_most": chance.expected,
        "rarest_shared_column": chance.column,
        "rarest_shared_collision": chance.collision,
        "rows_once_twice_thrice": counts,
        "excess_pairs": excess,
    }
    if twins.n_labelled:
        evidence["fraction_same_label"] = twins.n_same_label / twins.n_labelled
        evidence["twin_rate_by_class"] = {
            str(label): float(rate)
            for label, rate in zip(context.target.labels, twins.twin_rate_by_class)
        }
    if labels.n_rows:
        evidence.update(
            label_agreement_of_twins=labels.twins,
            label_agreement_of_neighbours=labels.neighbours,
            neighbours_differ_in=labels.reference_columns,
            copy_share_of_twin_pairs=labels.copy_share,
            copy_share_se=labels.se,
        )
    if labels.informative:
        evidence["copied_fraction_at_most"] = float(
            twins.n_copied * labels.copy_share_high / max(twins.n_test, 1)
        )
    message = _exact_message(context, twins, ignored, verdict, evidence, labels)
    return Finding(
        "duplicate", verdict.severity, "L1.4", [], twins.folds, evidence, message
    )


def _exact_message(context, twins, ignored, verdict, evidence, labels):
    fraction = evidence["fraction_of_test_rows"]
    message = (
        f"{twins.n_copied:,} test rows ({fraction:.1%}) have an identical row in "
        f"training, in {len(twins.folds)} of {context.roles.n_splits} splits"
        + (
            f" (ignoring ID-like columns {', '.join(map(str, ignored))})"
            if ignored
            else ""
        )
        + ". "
    )
    target = "label" if context.task == "classification" else "target value"
    if verdict.reasons:
        message += (
            f"At least {verdict.copied:,.0f} of them "
            f"({evidence['copied_fraction_at_least']:.1%} of test rows) are copies, "
            f"not chance: {_REASONS[verdict.reasons[0]](evidence, target)}. "
        )
        return message + _copy_advice(context, twins, labels)
    if "copied_fraction_at_most" in evidence:
        message += (
            f"Twins share their {target} "
            f"{evidence['label_agreement_of_twins']:.0%} of the time, records that "
            "differ only in a weak column "
            f"{evidence['label_agreement_of_neighbours']:.0%}: at most "
            f"{evidence['copied_fraction_at_most']:.1%} of test rows are copies"
        )
        if verdict.natural:
            return message + (
                "; the rest are natural coincidences of discrete values. No action, "
                "unless the rows are repeated records of one entity (then pass "
                "groups=...)."
            )
        message += ", too few to tell copies from natural coincidences. "
    else:
        message += (
            f"Neither the values, the counts nor the {target}s tell copies from "
            "natural coincidences of discrete values. "
        )
    return message + (
        "If they are copies of one record, drop them before splitting; if they are "
        "records of one entity, pass groups=..."
    )


_REASONS = {
    "values": lambda e, _: (
        f"distinct records share a value of {_column_text(e)} with "
        f"probability {e['rarest_shared_collision']:.2g}, so at most "
        f"{e['natural_twins_at_most']:,.1f} test rows could have a natural twin"
    ),
    "counts": lambda e, _: (
        "identical rows come in pairs far more often than independent records can "
        "(rows seen once, twice, three times: "
        + ", ".join(f"{c:,}" for c in e["rows_once_twice_thrice"])
        + ")"
    ),
    "labels": lambda e, target: (
        f"twins share their {target} {e['label_agreement_of_twins']:.0%} of the "
        f"time, records that differ only in a weak column "
        f"{e['label_agreement_of_neighbours']:.0%}"
    ),
}


def _column_text(evidence):
    column = evidence["rarest_shared_column"]
    if column is None:
        return "the target"
    if isinstance(column, tuple):
        return "the columns " + ", ".join(f"'{c}'" for c in column)
    return f"'{column}'"


def _copy_advice(context, twins, labels):
    """What to do about copies: oversampling when they gather in one class."""
    advice = "The model is tested on rows it has memorised, and the score is inflated. "
    concentrated = _concentrated_class(context, twins, labels)
    if concentrated:
        return advice + (
            f"The copies gather in class {concentrated}: oversampling one class "
            "before splitting does this. Split first and oversample inside the "
            "training folds only (an imblearn Pipeline), or drop exact duplicates "
            "before splitting."
        )
    return advice + (
        "Drop exact duplicates before splitting (or keep copies on one side with "
        "groups=... of a record key)."
    )


def _concentrated_class(context, twins, labels):
    """The class that holds the copies, described, or ``""``: by the labels' excess
    agreement when they show copies, else by the share of each class's test rows
    that have a twin; that of one class must be ``CLASS_CONCENTRATION`` times
    any other's."""
    if labels.says_copies and labels.excess_by_class is not None:
        values, text = labels.excess_by_class, "{:+.2f} more label agreement"
    else:
        values, text = twins.twin_rate_by_class, "{:.0%} of test rows with a twin"
    if values is None or values.shape[0] < 2:
        return ""
    order = np.argsort(values)[::-1]
    top, second = values[order[0]], max(values[order[1]], 0.0)
    if top <= 0 or top < CLASS_CONCENTRATION * second:
        return ""
    label = str(context.target.labels[order[0]])
    return (
        f"{label!r} ({text.format(top)} than records that differ only in a weak "
        f"column, at most {text.format(second)} in another class)"
        if values is labels.excess_by_class
        else f"{label!r} ({text.format(top)}, at most {text.format(second)} in "
        "another class)"
    )
