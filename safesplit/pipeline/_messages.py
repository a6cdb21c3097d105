"""The wording of the guard's findings: what leaked, the evidence, and the fix.

Every message of a refusal names the method, the leakage code, the step, the
rows involved and the fix. The tests and the guard's documentation page quote
these texts: change them together.
"""

# Authors: the safesplit developers
# SPDX-License-Identifier: BSD-3-Clause

from safesplit.pipeline._evidence import fit_rows_facts, unwrap_frozen

FIX_ROWS = (
    "Fix: fit on the training rows only and evaluate on rows held out from that fit, "
    "e.g. pipe.fit(X_train, y_train).score(X_test, y_test), or let "
    "cross_val_score(pipe, X, y) do the splitting. To inspect a model on its own "
    "training data on purpose (partial dependence, permutation importance), use "
    "pipe.set_params(on_leak='ignore') for that inspection."
)


def names(step_names):
    """``'a', 'b'``: step names quoted, for a sentence."""
    return ", ".join(f"'{name}'" for name in step_names)


def describe(step):
    """The step's class, with the class it wraps if it is frozen."""
    inner = unwrap_frozen(step)
    if inner is not step:
        return f"{type(step).__name__}({type(inner).__name__})"
    return type(step).__name__


def evaluation_rows(n_rows):
    """The evaluation rows of a message, counted when they can be counted."""
    return f"these {n_rows} evaluation rows" if n_rows is not None else "X"


# ---------------------------------------------------------------------------
# At fit: steps that do not start clean.


def declared_message(name, step, kind, pretrained):
    """What a step declared in ``pretrained`` keeps across fits."""
    declared = (
        f"step '{name}' ({describe(step)}) is declared pre-trained "
        f"(pretrained={list(pretrained)})"
    )
    if kind == "prefitted":
        return (
            f"{declared}, but it is not frozen: the pipeline refits it on the "
            "training rows, as Pipeline does. Wrap it in FrozenEstimator to keep "
            "its pre-training."
        )
    if kind == "nested":
        return f"{declared}: it keeps its fitted sub-estimators across fits."
    return (
        f"{declared}: it is not refitted, and its statistics are checked "
        "against every evaluation set."
    )


def _why_not_fresh(step, kind, detail):
    """Why a step of this problem kind would not learn from the training rows."""
    if kind == "frozen" and detail == "copy":
        return (
            "its clone() returns a copy that keeps its fitted state, so every "
            "fit of the pipeline starts from what it learned before"
        )
    if kind == "frozen" and unwrap_frozen(step) is not step:
        return (
            "FrozenEstimator ignores fit and clone() returns it unchanged, so "
            "every fit of the pipeline reuses what it learned before"
        )
    if kind == "frozen":
        return (
            "its clone() returns the same object, so every fit of the "
            "pipeline reuses the state it learned before (or in an earlier fit)"
        )
    if kind == "unclonable":
        return (
            f"it cannot be cloned ({detail}), so the pipeline cannot give it a "
            "fresh start and state from an earlier fit would survive"
        )
    if kind == "nested":
        parts = ", ".join(f"'{key}' ({describe(part)})" for key, part in detail)
        return (
            f"it holds fitted estimators in its parameters ({parts}) that "
            "clone() keeps, so every fit reuses what they learned before"
        )
    parts = (
        " (through " + ", ".join(f"'{key}'" for key, _ in detail) + ")"
        if detail
        else ""
    )
    return (
        f"it was already fitted{parts} when it was given to the pipeline, on "
        "rows the pipeline cannot check; the pipeline would refit it and "
        "throw that state away, so this is either a mistake or a pre-trained "
        "step that is not frozen"
    )


def pretrained_message(name, step, kind, detail, code, n_rows, summary):
    """The refusal at fit of a step that would not learn from the training rows.

    ``kind`` and ``detail`` are as :func:`~._evidence.fresh_start` returns
    them; ``summary`` is the column summary of the step's input, when known
    (it serves as evidence).
    """
    inner = unwrap_frozen(step)
    rows = f"{n_rows} training rows" if n_rows is not None else "training rows"
    kind_text = (
        "a model fitted outside the training rows"
        if code == "L1.1"
        else "pre-processing fitted outside the training rows"
    )
    why = _why_not_fresh(step, kind, detail)
    facts = fit_rows_facts(inner, n_rows, summary) if kind != "nested" else []
    facts_text = f" Evidence: {'; '.join(facts)}." if facts else ""
    suggestion = f"an unfitted {type(inner).__name__}()"
    if kind == "nested":
        suggestion = "unfitted sub-estimators"
    return (
        f"GuardedPipeline.fit refused a leak ({code}, {kind_text}): step '{name}' "
        f"({describe(step)}) is pre-trained and would not be learned from the "
        f"{rows}: {why}.{facts_text} Fix: put {suggestion} in the pipeline, so "
        "that every fit learns it from its own training rows only; if it was "
        "deliberately trained on external data that shares no rows with any "
        "evaluation set, wrap it in FrozenEstimator and declare it with "
        f"pretrained=['{name}']."
    )


def fingerprinted_message(n_rows, n_duplicated):
    return (
        f"fingerprinted the {n_rows} training rows (8 bytes "
        f"each); {n_duplicated} of them have a duplicate among them."
    )


def not_fingerprinted_message(method, exc):
    return (
        f"GuardedPipeline.{method}: the rows of X could not be fingerprinted "
        f"({exc}); the evaluation-row check is off for them."
    )


# ---------------------------------------------------------------------------
# At evaluation: steps the pipeline did not fit, rows it learned from.


def unguarded_message(method, fitted, n_rows):
    """The refusal of a pipeline never fitted by GuardedPipeline.fit, with fitted
    steps."""
    return (
        f"GuardedPipeline.{method} refused a leak (L1.2, steps fitted outside the "
        "pipeline): the pipeline was not fitted by GuardedPipeline.fit, yet "
        f"step{'s' if len(fitted) > 1 else ''} {names(fitted)} "
        f"{'are' if len(fitted) > 1 else 'is'} fitted: "
        "they learned from rows the pipeline never saw, so it cannot check them "
        f"against {evaluation_rows(n_rows)}. Fix: fit the pipeline itself on the "
        "training rows (pipe.fit(X_train, y_train)) before evaluating it; a step "
        "deliberately trained on external data goes in FrozenEstimator and in "
        "pretrained=[...]."
    )


def replaced_step_message(method, name, step, n_rows):
    return (
        f"GuardedPipeline.{method} refused a leak (L1.2, a step fitted "
        f"outside the pipeline): step '{name}' ({describe(step)}) was "
        "replaced after the pipeline was fitted, by an estimator fitted "
        "elsewhere on rows the pipeline cannot check against "
        f"{evaluation_rows(n_rows)}. Fix: refit the pipeline after changing its "
        "steps (pipe.fit(X_train, y_train))."
    )


def _concentration_text(concentration):
    """Why duplicates concentrated in one class are not natural, and the fix."""
    return (
        f"The training rows' duplicates concentrate in class "
        f"{concentration.label!r}: {concentration.n_duplicated} of its "
        f"{concentration.n_rows} rows have a twin among the training rows, against "
        f"{concentration.n_other_duplicated} of the {concentration.n_other_rows} "
        "rows of the other classes. Natural duplicates spread over the classes; "
        "copies of one class's rows, as oversampling before the split makes, do "
        f"not (a class is credited with at most {concentration.factor:g} times the "
        "duplicate "
        "rate of the other classes), so they explain none of the overlap. Fix: "
        "oversample inside the cross-validation, on the training rows of each "
        "fold only (an imbalanced-learn Pipeline with its sampler), or weight the "
        "classes (class_weight='balanced') instead of copying rows; if the "
        "duplicates are the data's own, pipe.set_params(on_leak='warn') keeps "
        "the check visible without refusing."
    )


def overlap_message(method, overlap, fitted_names, positions, duplicate_rate):
    """The refusal of evaluation rows among the training rows.

    ``overlap`` is a :class:`~._records.RowOverlap`; ``positions`` the first
    positions in X of such rows.
    """
    kind = (
        "evaluation on rows it was fitted on (L1.1, no separate test set)"
        if overlap.n_overlap == overlap.n_eval
        else "evaluation rows that are training rows (L1.4, train/test overlap "
        "beyond the data's own duplicates)"
    )
    if overlap.concentration is None:
        explained = f"the training data's own duplicate rate ({duplicate_rate:.2%})"
        fix = FIX_ROWS
    else:
        explained = (
            f"of the training data's duplicate rate ({duplicate_rate:.2%}), the "
            "natural part"
        )
        fix = _concentration_text(overlap.concentration)
    return (
        f"GuardedPipeline.{method} refused a leak: {kind}. {overlap.n_overlap} of "
        f"the {overlap.n_eval} rows given to {method} are among the "
        f"{overlap.n_train} rows the pipeline was fitted on; {explained} explains "
        f"about {overlap.expected:.1f} of them. "
        f"Step{'s' if len(fitted_names) > 1 else ''} "
        f"{names(fitted_names)} learned from these rows, so the result is "
        f"optimistic. First such rows (positions in X): "
        f"{', '.join(str(p) for p in positions)}. {fix}"
    )


def explained_overlap_message(overlap):
    return (
        f"{overlap.n_overlap} of the {overlap.n_eval} rows are among the "
        f"{overlap.n_train} training rows, which the training data's "
        f"duplicates explain (about {overlap.expected:.1f} expected)."
    )


def proof_message(method, name, step, n_eval, evidence):
    """The refusal of a frozen step whose statistics prove a fit on the
    evaluation rows."""
    return (
        f"GuardedPipeline.{method} refused a leak (L1.2, pre-processing "
        f"fitted on train + test): step '{name}' ({describe(step)}) was "
        f"fitted on the {n_eval} rows being evaluated. Proof from its own "
        f"statistics: {'; '.join(evidence)}. Fix: put an unfitted "
        f"{type(unwrap_frozen(step)).__name__}() in the pipeline so that "
        "each fit learns it from its training rows only; a pre-trained step "
        "must be trained on data that shares no rows with the evaluation set."
    )
