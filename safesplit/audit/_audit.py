"""The leakage audit: find leaks already in a data set or in its validation set-up.

Seven checks, each a :class:`~safesplit.report._report.Finding` kind with a code of
the taxonomy of Kapoor & Narayanan (2023), see ``docs/audit.md``:

* ``target_proxy`` (L2): a feature that carries the answer: nearly perfect alone,
  most of the model's skill with no tie to the other features beyond the outcome,
  filled in only for one outcome, or (given ``X_new``) not what the model learned
  from at prediction time;
* ``identifier`` (L2): an ID-like column, or the row order, that carries signal;
* ``temporal`` (L3.1): the validation trains on labels overlapping the test period,
  shuffled folds score far above time-ordered folds on time-ordered data, or a column
  is explained by labels its row cannot know yet (a centred or forward window);
* ``group`` (L3.2): entities shared between training and test;
* ``duplicate`` (L1.4): identical rows on both sides of a split;
* ``preprocessing`` (L1.2, L1.3): columns scaled, imputed or target-encoded with
  statistics of the whole data set, or left by a feature selection on all rows;
* ``skew`` (L3.3): columns whose values at prediction time (``X_new``) differ from
  the training rows' while the model leans little on them.

Model-based checks run on a random sample of rows (at most ``MODEL_ROWS`` for the
multi-feature model, ``SCREEN_ROWS`` for single-feature screens, see ``_inputs``);
structural checks (duplicates, groups, time overlap, preprocessing signatures) use
every row and are vectorised. Each check is a module of ``checks``; they share one
:class:`~safesplit.audit._context.AuditContext`.
"""

import numpy as np
from threadpoolctl import threadpool_limits

from safesplit.audit._context import AuditContext
from safesplit.audit._given_split import combine_given_split
from safesplit.audit._progress import Progress
from safesplit.audit._skills import metric_from_skill, metric_name
from safesplit.audit.checks import select_checks
from safesplit.report import LeakageReport
from safesplit.report._splits import sketch_splits


def audit(
    X,
    y,
    *,
    cv=None,
    groups=None,
    times=None,
    end_times=None,
    estimator=None,
    scoring=None,
    random_state=None,
    n_jobs=None,
    verbose=False,
    checks=None,
    test=None,
    X_new=None,
):
    """Look for leakage in a data set and in its validation set-up.

    Every check reports findings of one kind, with a code of the leakage
    taxonomy of Kapoor & Narayanan (2023): ``target_proxy`` and ``identifier``
    (L2), ``temporal`` (L3.1), ``group`` (L3.2), ``duplicate`` (L1.4),
    ``preprocessing`` (L1.2, L1.3) and, with ``X_new``, ``skew`` (L3.3).
    ``docs/audit.md`` explains every signal and threshold.

    Parameters
    ----------
    X : array-like or pandas.DataFrame of shape (n_samples, n_features)
        The features, as a model would see them. Columns of any type: numbers,
        booleans, strings and categories (coded), datetimes (as numbers).
    y : array-like of shape (n_samples,)
        The target: classes (binary or several) or a continuous value.
    cv : int or cross-validation splitter, default=None
        The validation to audit. None chooses what a careful user would:
        :class:`~safesplit.PurgedKFold` when times are known (with ``groups``
        removed from training when given, unless they recur through time as in a
        balanced panel, see ``docs/audit.md``), grouped K-fold when ``groups`` are
        known, stratified shuffled K-fold for classification, shuffled K-fold
        for regression. An int is the number of splits of that choice.
    groups : array-like of shape (n_samples,), default=None
        Entity of each row (a customer, a patient).
    times : array-like of shape (n_samples,), default=None
        When each row's features are known. Default: ``X``'s ``DatetimeIndex``
        (or the splitter's ``time_column``) when it has one.
    end_times : array-like of shape (n_samples,), default=None
        When each row's label is known (``>= times``).
    estimator : estimator, default=None
        Model for the multi-feature checks; it receives ``X``'s rows as given.
        Default: a histogram gradient boosting model on a coded copy of ``X``.
    scoring : str or callable, default=None
        A scikit-learn scorer reported next to the audit's own skill in the
        evidence of model comparisons. Decisions use skill (2 * ROC AUC - 1, or
        R^2) so that thresholds mean the same on every data set.
    random_state : int, default=None
        Seed of the row samples and shuffled folds; None means 0, so that the
        same data always give the same report.
    n_jobs : int, default=None
        Processes that fit folds in parallel; None fits them in threads, one per
        core. Each fit uses one thread, so the report does not depend on it.
    verbose : bool, default=False
        Print progress to stderr; without it progress appears only on runs
        longer than two seconds.
    checks : list of str, default=None
        Run only these checks, named as in ``docs/audit.md`` (``"duplicate"``,
        ``"temporal"``...) or by the kind of finding they report; None runs
        every check.
    test : tuple, default=None
        A split you already have, to audit instead of a ``cv``: ``(X_test,
        y_test)``, or ``(X_test, y_test, metadata)`` where ``metadata`` is a
        dict of the test rows' ``times``, ``end_times`` or ``groups`` (needed
        for each of those given for ``X``). ``X`` and ``y`` are then the training
        part; the checks that read a validation look at duplicates and
        near-copies across the two parts, entities in both, time order and
        overlapping labels.
    X_new : array-like or pandas.DataFrame, default=None
        Rows as the model sees them when it scores: production rows, or recent
        rows without a label yet, with ``X``'s columns (never modified). A column
        whose values there are not what the model learned from (missing,
        constant, zero, out of range) and that the model leans on is reported as
        a ``target_proxy``; a shifted column the model barely uses as ``skew``.

    Returns
    -------
    report : LeakageReport
        The findings, sorted by severity, and a summary of what was audited.

    Examples
    --------
    >>> import numpy as np
    >>> import pandas as pd
    >>> from safesplit import audit
    >>> rng = np.random.default_rng(0)
    >>> X = pd.DataFrame({"income": rng.normal(size=500), "age": rng.normal(size=500)})
    >>> y = (X["income"] + rng.normal(size=500) > 0).astype(int)
    >>> X["refund_issued"] = y * (rng.random(500) < 0.995)  # known only afterwards
    >>> report = audit(X, y)
    >>> [(f.kind, f.severity, f.columns) for f in report.findings]
    [('target_proxy', 'high', ['refund_issued'])]

    Rows at prediction time show a column filled in only after the outcome:

    >>> X = X.drop(columns="refund_issued")
    >>> calls = np.where(y == 1, rng.poisson(1.5, 500), rng.poisson(0.2, 500))
    >>> X["support_calls"] = calls  # counted after the outcome
    >>> X_new = X.sample(100, random_state=0).assign(support_calls=0)  # none yet
    >>> report = audit(X, y, X_new=X_new)
    >>> [(f.kind, f.columns) for f in report.findings]
    [('target_proxy', ['support_calls'])]
    """
    progress = Progress(verbose)
    selected = select_checks(checks)
    if test is not None:
        X, y, times, end_times, groups, cv = combine_given_split(
            X, y, test, cv=cv, times=times, end_times=end_times, groups=groups
        )
    context = AuditContext.build(
        X,
        y,
        cv=cv,
        groups=groups,
        times=times,
        end_times=end_times,
        estimator=estimator,
        scoring=scoring,
        random_state=random_state,
        n_jobs=n_jobs,
        progress=progress,
        X_new=X_new,
    )
    findings = []
    # One BLAS thread: the checks' linear algebra is on vectors and thin matrices,
    # where a thread pool costs more than it gives (a dot product of 80,000 values
    # took 0.02 ms on one thread, 24 ms with the pool on a busy machine); the
    # audit runs in parallel across folds instead.
    with threadpool_limits(limits=1, user_api="blas"):
        for check in selected:
            progress(check.progress)
            findings += check.run(context)
        # A chosen subset of checks that fitted no model is not charged one for
        # the summary's sake.
        with_model = checks is None or context.has_computed("model_skill")
        summary = summarize(context, progress.elapsed, with_model=with_model)
    summary["checks"] = [check.name for check in selected]
    progress(f"done: {len(findings)} finding(s)")
    # The HTML report draws the splits the audit validated with.
    roles = context.roles
    splits = sketch_splits(roles.timeline, roles.in_time_order, context.cv.text)
    return LeakageReport(findings, summary, cv=context.cv.splitter, splits=splits)


def summarize(context, seconds, *, with_model=True):
    """The report's summary: what was audited, how, and how well the model did.

    Parameters
    ----------
    context : AuditContext
    seconds : float
        Time the audit took so far.
    with_model : bool, default=True
        Whether to report the model and its score (fitting it if need be).

    Returns
    -------
    summary : dict
    """
    task = context.task
    summary = {
        "n_samples": context.n_rows,
        "n_features": len(context.columns),
        "target_type": context.target.description,
        "cv": context.cv.text,
        "model": None,
        "metric": metric_name(task),
        "model_score": None,
        "model_skill": None,
        "n_model_rows": int(context.rows.model.shape[0]),
        "n_screen_rows": int(context.rows.screen.shape[0]),
        "times": context.times.source,
        "seconds": round(seconds, 2),
        "strongest_single_columns": {},
    }
    if not with_model:
        return summary
    model = context.model_skill
    summary["model"] = context.model_text
    summary["model_score"] = metric_from_skill(model.mean, task)
    summary["model_skill"] = model.mean
    summary["strongest_single_columns"] = {
        str(name): metric_from_skill(skill, task)
        for name, skill in context.strongest_single_columns(5)
    }
    if context.new_frame is not None:
        summary["n_new_rows"] = int(context.new_frame.shape[0])
    if model.user_scores is not None and np.isfinite(model.user_scores).any():
        summary["scoring"] = str(context.scoring)
        summary["score"] = float(np.nanmean(model.user_scores))
    return summary


__all__ = ["audit"]
