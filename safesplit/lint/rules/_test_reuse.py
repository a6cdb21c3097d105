"""multi-test: one held-out set used to choose, then its score reported.

Three shapes. A loop that scores several models, or one model with a hyper-
parameter taken from the loop, on the same held-out rows and compares, ranks or
plots the scores (a loop over a collection of models counts as a comparison by
itself). Two or more models scored on the same held-out rows and the best one
picked (``max``, ``sorted``, ``idxmax``, ``if score > best``). Early stopping
(``eval_set``, ``validation_data``) on the rows the model is then scored on. The
same for a search: ``best_score_`` is the best of the scores it chose by.

Not reported: a choice on a validation part followed by a score on a separate test
part; a search whose chosen model is scored on held-out rows, or nested
cross-validation (``cross_val_score(search, X, y)``); models compared by
cross-validation (their scores are out of fold; the best one is optimistic, which
this rule does not judge); repeats with only a different ``random_state``.
"""

from safesplit.lint._values import rows_overlap
from safesplit.lint.rules._base import Rule, make_finding, where


def _fresh_score_after(trace, seq, rows, outside_loop=None):
    """A later score on held-out rows other than ``rows``: the honest estimate."""
    return any(
        evaluation.held_out
        and evaluation.seq > seq
        and not rows_overlap(evaluation.rows, rows)
        and (outside_loop is None or outside_loop not in evaluation.loops)
        for evaluation in trace.evaluations
    )


def _loop_findings(trace, selected):
    findings, flagged = {}, set()
    held_out = [e for e in trace.evaluations if e.held_out]
    for evaluation in held_out:
        loops = [
            loop
            for loop in evaluation.varies
            if loop in evaluation.over_models or evaluation.id in selected
        ]
        for loop in loops:
            group = [
                other
                for other in held_out
                if loop in other.loops and rows_overlap(other.rows, evaluation.rows)
            ]
            last = max(other.seq for other in group)
            if _fresh_score_after(trace, last, evaluation.rows, loop):
                continue
            flagged.update(other.id for other in group)
            key = (evaluation.site.unit, evaluation.site.line)
            findings.setdefault(key, (evaluation, "loop"))
    return findings, flagged


def _picked_findings(trace, flagged):
    findings = {}
    by_id = {e.id: e for e in trace.evaluations if e.held_out}
    for selection in trace.selections:
        chosen = [by_id[i] for i in sorted(selection.evals) if i in by_id]
        chosen = [e for e in chosen if e.id not in flagged]
        for evaluation in chosen:
            rivals = {
                other.obj
                for other in chosen
                if rows_overlap(other.rows, evaluation.rows)
            }
            last = max(other.seq for other in chosen)
            if len(rivals) >= 2 and not _fresh_score_after(
                trace, last, evaluation.rows
            ):
                key = (selection.site.unit, selection.site.line)
                findings.setdefault(key, (evaluation, selection))
                break
    return findings


def _message_loop(evaluation):
    return (
        f"The same held-out rows score every candidate of a loop "
        f"({where(evaluation.site)}) and the scores are compared: the best score is "
        "chosen on those rows, so it is optimistic. Choose on a validation part "
        "or by cross-validation on the training part (GridSearchCV, "
        "cross_val_score), then score the chosen model once on the test part."
    )


def _message_picked(evaluation, selection):
    return (
        f"Several models scored on the same held-out rows are compared "
        f"({where(selection.site)}): the winner's score is chosen on those rows, "
        "so it is optimistic. Compare by cross-validation on the training part "
        "or on a validation part, then score the chosen model once on the test "
        "part."
    )


def _score_read_findings(trace):
    findings = []
    for read in trace.score_reads:
        if read.fit_rows is None:
            continue
        honest = any(
            (evaluation.obj is read.obj and evaluation.via == "cv")  # nested
            or (
                evaluation.seq > read.fit_seq
                and evaluation.held_out
                and not rows_overlap(evaluation.rows, read.fit_rows)
            )
            for evaluation in trace.evaluations
        )
        if not honest:
            message = (
                f"{read.obj.name}.best_score_ ({where(read.site)}) is the best of "
                "the cross-validated scores the search chose by, not an estimate "
                "of the chosen model: score it on held-out rows "
                "(search.score(X_test, y_test)), or nest the search in "
                "cross-validation (cross_val_score(search, X, y))."
            )
            findings.append(
                make_finding(
                    RULE,
                    "medium",
                    read.site,
                    message,
                    [read.obj.site],
                    shape="best_score_",
                )
            )
    return findings


def _early_stop_findings(trace):
    findings = []
    for stop in trace.early_stops:
        scored = [
            e
            for e in trace.evaluations
            if e.obj is stop.obj
            and e.seq > stop.seq
            and e.held_out
            and rows_overlap(e.rows, stop.rows)
        ]
        if scored:
            message = (
                f"{stop.obj.name} stops early ({where(stop.site)}) on the rows it "
                f"is then scored on ({where(scored[0].site)}): the number of rounds "
                "is chosen on them. Stop early on a validation part cut from the "
                "training part, and keep the test part for the final score."
            )
            findings.append(
                make_finding(
                    RULE,
                    "medium",
                    stop.site,
                    message,
                    [scored[0].site],
                    shape="early stopping",
                )
            )
    return findings


def check(trace):
    selected = set()
    for selection in trace.selections:
        selected |= selection.evals
    loops, flagged = _loop_findings(trace, selected)
    findings = [
        make_finding(RULE, "medium", e.site, _message_loop(e), shape="loop")
        for e, _ in loops.values()
    ]
    for evaluation, selection in _picked_findings(trace, flagged).values():
        findings.append(
            make_finding(
                RULE,
                "medium",
                selection.site,
                _message_picked(evaluation, selection),
                [evaluation.site],
                shape="comparison",
            )
        )
    findings.extend(_score_read_findings(trace))
    findings.extend(_early_stop_findings(trace))
    return findings


RULE = Rule(
    "multi-test",
    "test-set-reuse",
    "test_reuse",
    "one held-out set used to choose among models, then its score reported",
    check,
)
