"""The guard's records: what was checked, at which call, on how many rows, and
what was found.

A record is a dict with the keys ``method``, ``step``, ``check``, ``code``,
``status``, ``n_rows``, ``n_overlap`` and ``message`` (the public shape of
``GuardedPipeline.leak_checks_``). The functions here make the records of one
check each from the pipeline's steps and what its fit remembered; they raise
and warn nothing: the pipeline decides what a leak does (``on_leak``).
"""

# Authors: the safesplit developers
# SPDX-License-Identifier: BSD-3-Clause

import collections.abc
from typing import NamedTuple

import numpy as np
from scipy.special import bdtrc
from sklearn.utils.multiclass import type_of_target

from safesplit._fingerprint import (
    count_duplicated_rows,
    count_member_rows,
    duplicated_rows,
    isin_fingerprints,
    row_fingerprints,
)
from safesplit._frames import check_not_lazy, numpy_backed_frame
from safesplit.pipeline._evidence import (
    column_summary,
    fresh_start,
    input_of_step,
    is_fitted,
    is_passthrough,
    proof_of_fit_on,
    unwrap_frozen,
)
from safesplit.pipeline._messages import (
    declared_message,
    explained_overlap_message,
    fingerprinted_message,
    not_fingerprinted_message,
    overlap_message,
    pretrained_message,
    proof_message,
    replaced_step_message,
    unguarded_message,
)

# A one-sided binomial test decides whether evaluation rows found among the
# training rows exceed what the training data's own duplicates explain. The
# level is small because the check runs on every evaluation of every fold of a
# search: a false alarm must be rarer than one in a million checks.
OVERLAP_TEST_LEVEL = 1e-6

# The null of that test is natural duplication. Natural duplicates spread over
# the classes, if not evenly (in statsmodels' fair data, 37% of one class's rows
# have a twin and 24% of the other's); the copies that oversampling a class
# before the split makes all fall in that class. So each class is credited with
# at most this many times the duplicate rate of the other classes; beyond it,
# its duplicates are copies and explain no overlap.
CLASS_DUPLICATE_RATE_FACTOR = 4.0

# Evaluation records kept in `leak_checks_`: a pipeline serving predictions must
# not grow without bound. Fit records are always kept.
MAX_EVALUATION_RECORDS = 100


def record(
    method, step, check, status, *, code=None, n_rows=None, n_overlap=None, message=""
):
    """One entry of ``leak_checks_``."""
    return {
        "method": method,
        "step": step,
        "check": check,
        "code": code,
        "status": status,
        "n_rows": n_rows,
        "n_overlap": n_overlap,
        "message": message,
    }


def leaks_in(records):
    return [entry for entry in records if entry["status"] == "leak"]


def keep_bounded(checks, records):
    """Append ``records`` to the list ``checks`` in place, keeping every fit
    record and the last :data:`MAX_EVALUATION_RECORDS` evaluation records."""
    checks.extend(records)
    evaluation = [i for i, entry in enumerate(checks) if entry["method"] != "fit"]
    excess = len(evaluation) - MAX_EVALUATION_RECORDS
    if excess > 0:
        dropped = set(evaluation[:excess])
        checks[:] = [entry for i, entry in enumerate(checks) if i not in dropped]


def materialize(X):
    """Turn a one-shot iterator into a list, so that hashing does not consume it;
    refuse a polars LazyFrame, which holds no rows until it is collected."""
    check_not_lazy(X, "X")
    if isinstance(X, collections.abc.Iterator):
        return list(X)
    return X


def n_rows_of(X):
    """The number of rows of X, or None when X does not say."""
    try:
        return X.shape[0]
    except (AttributeError, IndexError, TypeError):
        try:
            return len(X)
        except TypeError:
            return None


def fingerprint_rows(X, method):
    """``(fingerprints, None)``, or ``(None, skipped record)`` when the rows of X
    cannot be fingerprinted; the caller warns with the record's message.

    polars rows and pyarrow-backed columns are read as numpy-backed pandas first,
    so that the same rows get the same fingerprints whichever library holds them.
    """
    try:
        return row_fingerprints(numpy_backed_frame(X)), None
    except TypeError as exc:
        message = not_fingerprinted_message(method, exc)
        return None, record(
            method, None, "row fingerprints", "skipped", message=message
        )


# ---------------------------------------------------------------------------
# At fit.


def fresh_start_records(steps, X, n_rows, previously_fitted, pretrained):
    """Fresh clones of the steps, with a record of what each step carries.

    ``previously_fitted`` are the step objects an earlier fit of this pipeline
    fitted (their state is its own); ``pretrained`` the declared names.

    Returns the steps to fit, the records, the ``(index, name)`` of the
    frozen steps, and the column statistics of X when the first step carries
    learned state (they serve as evidence in messages).
    """
    final_index = len(steps) - 1
    fresh_steps, records, frozen, summary = [], [], [], None
    for index, (name, step) in enumerate(steps):
        if is_passthrough(step):
            fresh_steps.append((name, step))
            continue
        fitted_here = any(step is fitted for fitted in previously_fitted)
        fresh, kind, detail = fresh_start(step, fitted_here)
        fresh_steps.append((name, fresh))
        if kind is None:
            message = f"step '{name}' is fitted from a fresh clone."
            records.append(
                record("fit", name, "fresh start", "ok", n_rows=n_rows, message=message)
            )
            continue
        if kind in ("frozen", "unclonable"):
            frozen.append((index, name))
        if index == 0:
            summary = column_summary(X)
        code = "L1.1" if index == final_index else "L1.2"
        if name in pretrained:
            status = "declared"
            message = declared_message(name, step, kind, pretrained)
        else:
            status = "leak"
            first_summary = summary if index == 0 else None
            message = pretrained_message(
                name, step, kind, detail, code, n_rows, first_summary
            )
        records.append(
            record(
                "fit",
                name,
                "fresh start",
                status,
                code=code,
                n_rows=n_rows,
                message=message,
            )
        )
    return fresh_steps, records, frozen, summary


class ClassDuplicates(NamedTuple):
    """The training rows of each class, and how many of them have a twin."""

    labels: np.ndarray
    n_rows: np.ndarray
    n_duplicated: np.ndarray


class TrainingRows(NamedTuple):
    """What the evaluation-row check needs of the training rows."""

    fingerprints: np.ndarray  # sorted
    n_duplicated: int
    by_class: ClassDuplicates | None


def class_duplicates(fingerprints, y, n_duplicated):
    """Per-class duplicate counts of the training rows, or None when there are
    no duplicates or y is not a classification target."""
    if n_duplicated == 0 or y is None:
        return None
    try:
        y = np.asarray(y)
        if y.ndim != 1 or len(y) != len(fingerprints):
            return None
        if type_of_target(y) not in ("binary", "multiclass"):
            return None
        labels, codes = np.unique(y, return_inverse=True)
    except (TypeError, ValueError):  # labels that cannot be compared
        return None
    twin = duplicated_rows(fingerprints)
    return ClassDuplicates(
        labels,
        np.bincount(codes, minlength=len(labels)),
        np.bincount(codes[twin], minlength=len(labels)),
    )


def training_rows_record_of(X, y=None):
    """:func:`training_rows_record` of the rows of X, fingerprinted here.

    Pure (it warns nothing), so that it can run on a thread beside the fit."""
    return training_rows_record(*fingerprint_rows(X, "fit"), y)


def training_rows_record(fingerprints, skipped, y=None):
    """``(sorted fingerprints, number of rows with a duplicate, per-class
    duplicates, record)`` of the training rows; ``(None, 0, None, skipped)``
    when they were not fingerprinted."""
    if fingerprints is None:
        return None, 0, None, skipped
    training = np.sort(fingerprints)
    n_rows = len(training)
    n_duplicated = count_duplicated_rows(training)
    entry = record(
        "fit",
        None,
        "row fingerprints",
        "ok",
        code="L1.1",
        n_rows=n_rows,
        n_overlap=n_duplicated,
        message=fingerprinted_message(n_rows, n_duplicated),
    )
    by_class = class_duplicates(fingerprints, y, n_duplicated)
    return training, n_duplicated, by_class, entry


# ---------------------------------------------------------------------------
# At evaluation.


def unguarded_record(method, X, steps, pretrained):
    """A pipeline used without GuardedPipeline.fit: its steps came in fitted."""
    declared = set(pretrained) if isinstance(pretrained, (list, tuple)) else set()
    fitted = [
        name
        for name, step in steps
        if not is_passthrough(step) and name not in declared and is_fitted(step)
    ]
    if not fitted:
        return record(
            method,
            None,
            "fitted by this pipeline",
            "skipped",
            message="the pipeline was not fitted by GuardedPipeline.fit; no step "
            "holds undeclared learned state, so there is nothing to check.",
        )
    n_rows = n_rows_of(X)
    return record(
        method,
        fitted[0],
        "fitted by this pipeline",
        "leak",
        code="L1.2",
        n_rows=n_rows,
        message=unguarded_message(method, fitted, n_rows),
    )


def replaced_step_records(method, X, steps, guarded_steps):
    """Steps put in after the fit, fitted elsewhere."""
    records = []
    n_rows = n_rows_of(X)
    for name, step in steps:
        if is_passthrough(step) or any(step is s for s in guarded_steps):
            continue
        if not is_fitted(step):
            continue  # the step's own transform will say it is not fitted
        records.append(
            record(
                method,
                name,
                "fitted by this pipeline",
                "leak",
                code="L1.2",
                n_rows=n_rows,
                message=replaced_step_message(method, name, step, n_rows),
            )
        )
    return records


def unchecked_rows_record(method):
    return record(
        method,
        None,
        "evaluation rows",
        "skipped",
        message="the training rows were not fingerprinted (a sub-pipeline "
        "that starts after the input, or rows that could not be hashed).",
    )


class Concentration(NamedTuple):
    """A class whose training rows are duplicated beyond what is natural."""

    label: object
    n_rows: int
    n_duplicated: int
    n_other_rows: int
    n_other_duplicated: int
    factor: float  # the most a class is credited, in units of the others' rate


class RowOverlap(NamedTuple):
    """Evaluation rows found among the training rows."""

    n_eval: int
    n_train: int
    n_overlap: int
    expected: float  # how many the training data's natural duplicates explain
    concentration: Concentration | None = None


def natural_match_rate(n_train, n_duplicated, by_class):
    """The rate at which fresh rows match training rows by natural duplication,
    and the class whose duplicates exceed what is natural (or None).

    The training rows' duplicate rate estimates it, with one pseudo-duplicate so
    that data without any duplicate still tolerates a stray natural one. With
    the classes known, each class is credited with its own duplicate rate up to
    ``CLASS_DUPLICATE_RATE_FACTOR`` times that of the other classes, and the
    credited rates are weighted by the classes' shares of the training rows.
    """
    pooled = (n_duplicated + 1) / (n_train + 1)
    if by_class is None or len(by_class.labels) < 2:
        return pooled, None
    n_rows, duplicated = by_class.n_rows, by_class.n_duplicated
    own = (duplicated + 1) / (n_rows + 1)
    others = (n_duplicated - duplicated + 1) / (n_train - n_rows + 1)
    ceiling = CLASS_DUPLICATE_RATE_FACTOR * others
    natural = float(np.sum(n_rows / n_train * np.minimum(own, ceiling)))
    worst = int(np.argmax(own / ceiling))
    if own[worst] <= ceiling[worst]:
        return min(natural, pooled), None
    concentration = Concentration(
        by_class.labels[worst].item(),
        int(n_rows[worst]),
        int(duplicated[worst]),
        int(n_train - n_rows[worst]),
        int(n_duplicated - duplicated[worst]),
        CLASS_DUPLICATE_RATE_FACTOR,
    )
    return min(natural, pooled), concentration


def _overlap(sorted_query, training, n_duplicated, by_class):
    """The overlap of the evaluation rows with the training rows, and the
    p-value of at least that many by natural duplication."""
    n_eval, n_train = len(sorted_query), len(training)
    n_overlap = count_member_rows(sorted_query, training)
    rate, concentration = natural_match_rate(n_train, n_duplicated, by_class)
    p_value = bdtrc(n_overlap - 1, n_eval, rate) if n_overlap else 1.0
    overlap = RowOverlap(n_eval, n_train, n_overlap, n_eval * rate, concentration)
    return overlap, p_value


def evaluation_rows_record_of(X, method, training, fitted_names):
    """:func:`evaluation_rows_record` of the rows of X, fingerprinted here; the
    skipped record when they cannot be, or when ``training`` is None (the
    training rows were not fingerprinted).

    Pure (it warns nothing), so that it can run on a thread beside the steps."""
    if training is None:
        return unchecked_rows_record(method)
    fingerprints, skipped = fingerprint_rows(X, method)
    if fingerprints is None:
        return skipped
    return evaluation_rows_record(method, fingerprints, training, fitted_names)


def evaluation_rows_record(method, fingerprints, training, fitted_names):
    """Whether the evaluation rows are training rows beyond what the training
    data's natural duplicates explain.

    ``training`` is a :class:`TrainingRows`; ``fitted_names`` the steps that
    learned from its rows.
    """
    training, n_duplicated, by_class = training
    query = np.sort(fingerprints)
    n_eval = len(query)
    if n_eval == len(training) and np.array_equal(query, training):
        return record(
            method,
            None,
            "evaluation rows",
            "ok",
            code="L1.1",
            n_rows=n_eval,
            n_overlap=n_eval,
            message=f"the {n_eval} rows are exactly the training rows (a training "
            "score), which is allowed.",
        )
    overlap, p_value = _overlap(query, training, n_duplicated, by_class)
    if p_value >= OVERLAP_TEST_LEVEL:
        status, code = "ok", "L1.4"
        message = explained_overlap_message(overlap)
    else:
        status = "leak"
        code = "L1.1" if overlap.n_overlap == n_eval else "L1.4"
        positions = np.flatnonzero(isin_fingerprints(fingerprints, training))[:5]
        duplicate_rate = n_duplicated / len(training)
        message = overlap_message(
            method, overlap, fitted_names, positions, duplicate_rate
        )
    return record(
        method,
        None,
        "evaluation rows",
        status,
        code=code,
        n_rows=n_eval,
        n_overlap=overlap.n_overlap,
        message=message,
    )


def frozen_step_records(method, X, steps, frozen_input_summaries):
    """Proof, from each frozen step's statistics, of a fit on the evaluation rows.

    ``frozen_input_summaries`` maps a frozen step's name to the column summary
    of its input at fit.
    """
    records = []
    positions = {name: index for index, (name, _) in enumerate(steps)}
    for name, fit_summary in frozen_input_summaries.items():
        index = positions.get(name)
        if index is None:
            continue
        step = steps[index][1]
        try:
            eval_summary = column_summary(input_of_step(steps, X, index))
        except Exception:  # the evaluation call itself will report bad input
            eval_summary = None
        if eval_summary is None:
            continue
        evidence = proof_of_fit_on(unwrap_frozen(step), fit_summary, eval_summary)
        n_eval = eval_summary["n_rows"]
        if evidence:
            status = "leak"
            message = proof_message(method, name, step, n_eval, evidence)
        else:
            status = "ok"
            message = (
                f"the statistics of step '{name}' show no fit on "
                f"these {n_eval} evaluation rows."
            )
        records.append(
            record(
                method,
                name,
                "pre-trained statistics",
                status,
                code="L1.2",
                n_rows=n_eval,
                message=message,
            )
        )
    return records
