"""``duplicate`` (L1.4): identical rows on both sides of a split (every row,
fingerprinted)."""

from dataclasses import dataclass

import numpy as np
import pandas as pd

from safesplit._fingerprint import row_fingerprints
from safesplit.model_selection._engine import TEST, TRAIN
from safesplit.report import Finding

DUPLICATE_FRACTION = {"high": 0.05, "medium": 0.01}


def check(context):
    """A finding when test rows have an identical row (ID-like columns aside) in
    training.

    The signature of every check: see :mod:`safesplit.audit.checks`.
    """
    ignored = [c for c in context.columns if context.profiles[c].id_like]
    used = [c for c in context.columns if c not in ignored]
    if not used:
        return []
    hashes = row_fingerprints(context.frame[used])
    duplicated = pd.Series(hashes).duplicated(keep=False).to_numpy()
    if not duplicated.any():
        return []
    dup_rows = np.flatnonzero(duplicated)
    copies = _copies_across_splits(context, dup_rows, hashes[dup_rows])
    if copies.n_copied == 0:
        return []
    fraction = copies.n_copied / max(copies.n_test, 1)
    evidence = {
        "n_duplicated_rows": int(dup_rows.shape[0]),
        "test_rows_with_copy_in_train": int(copies.n_copied),
        "fraction_of_test_rows": float(fraction),
        "fraction_per_split": [float(f) for f in copies.per_split],
        "columns_ignored_as_ids": ignored,
    }
    if copies.n_labelled:
        evidence["fraction_same_label"] = copies.n_same_label / copies.n_labelled
    severity = _severity(context, used, dup_rows.shape[0], fraction, evidence)
    message = (
        f"{copies.n_copied:,} test rows ({fraction:.1%}) have an identical row in "
        f"training, in {len(copies.folds)} of {context.roles.n_splits} splits"
        + (
            f" (ignoring ID-like columns {', '.join(map(str, ignored))})"
            if ignored
            else ""
        )
        + ". "
    )
    if severity == "info":
        message += (
            "All feature columns are discrete, so identical rows are expected by "
            "chance; no action unless the rows are copies of one record."
        )
    else:
        message += (
            "The model is tested on rows it has memorised, and the score is "
            "inflated. Drop exact duplicates before splitting (or keep copies on one "
            "side with groups=... of a record key)."
        )
    return [Finding("duplicate", severity, "L1.4", [], copies.folds, evidence, message)]


@dataclass(frozen=True)
class _Copies:
    """Test rows with an identical row in training, over all splits."""

    n_test: int
    n_copied: int
    per_split: list
    folds: list
    n_same_label: int  # copies whose training twin has the same class
    n_labelled: int  # copies whose labels were compared (classification)


def _copies_across_splits(context, dup_rows, dup_hashes):
    codes, _ = pd.factorize(dup_hashes)
    n_codes = int(codes.max()) + 1
    classification = context.target.task == "classification"
    y_dup = context.target.y[dup_rows]
    per_split, folds = [], []
    n_test = n_copied = n_same_label = n_labelled = 0
    for index, roles in enumerate(context.roles.in_input_order):
        r = roles[dup_rows]
        split_test = int(np.count_nonzero(roles == TEST))
        in_train = np.zeros(n_codes, dtype=bool)
        in_train[codes[r == TRAIN]] = True
        copied = (r == TEST) & in_train[codes]
        split_copied = int(copied.sum())
        n_test += split_test
        n_copied += split_copied
        per_split.append(split_copied / max(split_test, 1))
        if split_copied:
            folds.append(index)
            # Does the copy in training carry the same label?
            if classification:
                label_sets = np.zeros((n_codes, context.target.n_classes), dtype=bool)
                train_mask = r == TRAIN
                label_sets[codes[train_mask], y_dup[train_mask]] = True
                n_same_label += int(label_sets[codes[copied], y_dup[copied]].sum())
                n_labelled += split_copied
    return _Copies(n_test, n_copied, per_split, folds, n_same_label, n_labelled)


def _severity(context, used, n_duplicated, fraction, evidence):
    """By the share of test rows copied; ``"info"`` when discrete columns make
    identical rows likely by chance (the expected share is added to ``evidence``)."""
    # Copies of rows with a continuous value cannot be chance coincidences.
    continuous = any(
        context.profiles[c].kind == "float" and context.profiles[c].unique_ratio >= 0.5
        for c in used
    )
    if continuous:
        if fraction >= DUPLICATE_FRACTION["high"]:
            return "high"
        return "medium" if fraction >= DUPLICATE_FRACTION["medium"] else "low"
    # Only discrete columns: how many rows would match by chance?
    profile_sample = context.frame[used].iloc[context.rows.profile]
    collision = 1.0
    for c in used:
        p = profile_sample[c].value_counts(normalize=True, dropna=False).to_numpy()
        collision *= float(np.sum(p**2))
    expected = min(1.0, collision * context.n_rows)
    evidence["expected_fraction_by_chance"] = expected
    if n_duplicated / context.n_rows <= 3 * expected + 0.01:
        return "info"
    return "medium" if fraction >= DUPLICATE_FRACTION["medium"] else "low"
