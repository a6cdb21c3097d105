"""L1.1: a model scored on rows it was trained on.

Two shapes. A model trained on data that contains the held-out rows (``fit(X, y)``
on the whole frame after ``train_test_split``, or on ``pd.concat([X_train,
X_test])``) and then scored on them: reported at the ``fit``. A model scored only
on its own training rows, with no held-out score anywhere (no test part, no
cross-validation of any model): reported at the scoring. A training score printed
next to a held-out one is a diagnostic, not a leak, and is not reported.

Not reported: a GuardedPipeline (it refuses, at run time, to score rows it learned
from); models whose fit the analysis cannot see (loaded from disk, fitted in
another file).
"""

from safesplit.lint._values import is_held_out, rows_overlap
from safesplit.lint.rules._base import Rule, first_per_site, make_finding, where


def _scored_held_out(evaluations):
    """Whether the program scores some model out of its training rows, or on a
    held-out part (if that score is itself leaky, it is reported there): then a
    score on training rows is a diagnostic, not the program's estimate."""
    return any(
        evaluation.via == "cv"
        or evaluation.held_out
        or any(is_held_out(atom) for atom in evaluation.rows)
        for evaluation in evaluations
    )


def _judged(trace):
    """``(site, evaluation, trained_on_test)`` for each evaluation that overlaps
    its model's training rows."""
    for evaluation in trace.evaluations:
        fit_rows = evaluation.fit_rows
        if (
            evaluation.via == "cv"
            or not evaluation.rows
            or not fit_rows
            or evaluation.obj.category == "guarded"
            or not rows_overlap(evaluation.rows, fit_rows)
        ):
            continue
        held = frozenset(atom for atom in evaluation.rows if is_held_out(atom))
        if held and rows_overlap(held, fit_rows):
            yield evaluation.fit_site, evaluation, True
        elif not _scored_held_out(trace.evaluations):
            yield evaluation.site, evaluation, False


def check(trace):
    findings = []
    for site, evaluation, trained_on_test in first_per_site(
        list(_judged(trace)), lambda judged: judged[0]
    ):
        name = evaluation.obj.name
        if trained_on_test:
            message = (
                f"{name} is trained ({where(site)}) on rows that include the "
                f"held-out rows it is scored on ({where(evaluation.site)}): fit it "
                "on the training part only (model.fit(X_train, y_train)) and score "
                "it on the test part."
            )
        else:
            message = (
                f"{name} is scored ({where(site)}) on the rows it was trained on "
                f"({where(evaluation.fit_site)}), and nowhere on held-out rows: "
                "the score measures memory, not prediction. Hold out a test part "
                "(train_test_split, before any fit) or cross-validate "
                "(cross_val_score(model, X, y, cv=...))."
            )
        findings.append(
            make_finding(
                RULE,
                "high",
                site,
                message,
                related=[evaluation.site if trained_on_test else evaluation.fit_site],
                model=name,
            )
        )
    return findings


RULE = Rule(
    "L1.1",
    "train-test-overlap",
    "overlap",
    "a model scored on rows it was trained on",
    check,
)
