"""A Pipeline that refuses to learn from rows outside its training fold."""

# Authors: the safesplit developers
# SPDX-License-Identifier: BSD-3-Clause

import collections.abc
import contextlib
import functools
import warnings

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.special import bdtrc
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.utils.metaestimators import available_if
from sklearn.utils.validation import check_is_fitted

from safesplit._exceptions import LeakageError, LeakageWarning
from safesplit._fingerprint import (
    count_duplicated_rows,
    count_member_rows,
    isin_fingerprints,
    row_fingerprints,
)
from safesplit._sklearn_compat import (
    PIPELINE_HAS_TRANSFORM_INPUT,
    FrozenEstimator,
    StrOptions,
    _fit_context,
    requires_fit,
)

__all__ = ["GuardedPipeline", "make_guarded_pipeline"]


_ON_LEAK_MODES = ("raise", "warn", "ignore")

# A one-sided binomial test decides whether evaluation rows found among the
# training rows exceed what the training data's own duplicates explain. The
# level is small because the check runs on every evaluation of every fold of a
# search: a false alarm must be rarer than one in a million checks.
_OVERLAP_TEST_LEVEL = 1e-6

# Evaluation records kept in `leak_checks_`: a pipeline serving predictions must
# not grow without bound. Fit records are always kept.
_MAX_EVALUATION_RECORDS = 100

# Relative tolerance when matching a pre-trained step's statistics with those of
# rows: summation order changes the last bits, never the ninth digit.
_STATISTICS_RTOL = 1e-9

_FIX_ROWS = (
    "Fix: fit on the training rows only and evaluate on rows held out from that fit, "
    "e.g. pipe.fit(X_train, y_train).score(X_test, y_test), or let "
    "cross_val_score(pipe, X, y) do the splitting. To inspect a model on its own "
    "training data on purpose (partial dependence, permutation importance), use "
    "pipe.set_params(on_leak='ignore') for that inspection."
)


def _final_estimator_has(attr):
    """Availability of a method that the final step must provide (for available_if)."""

    def check(self):
        # Re-raise the final step's own AttributeError: it says why it is missing.
        getattr(self._final_estimator, attr)
        return True

    return check


def _can_transform(self):
    return self._final_estimator == "passthrough" or hasattr(
        self._final_estimator, "transform"
    )


def _can_fit_transform(self):
    return (
        self._final_estimator == "passthrough"
        or hasattr(self._final_estimator, "transform")
        or hasattr(self._final_estimator, "fit_transform")
    )


def _is_passthrough(step):
    return step is None or (isinstance(step, str) and step == "passthrough")


def _is_fitted(estimator):
    """Whether ``estimator`` holds state learned from data."""
    if isinstance(estimator, type):
        return False
    try:
        if not requires_fit(estimator):
            return False  # stateless: there is nothing it could have learned
        check_is_fitted(estimator)
    except NotFittedError:
        return False
    except Exception:  # not an estimator, or tags that cannot be read
        return False
    return True


def _fitted_estimator_in(value, depth=0):
    """The fitted estimator that a parameter value carries, or None.

    Looks into estimators and into callables that wrap one: bound methods
    (``FunctionTransformer(func=scaler.transform)``), ``functools.partial`` and
    closures.
    """
    if isinstance(value, type) or depth > 3:
        return None
    if hasattr(value, "fit") and hasattr(value, "get_params"):
        return value if _is_fitted(value) else None
    if not callable(value):
        return None
    candidates = []
    owner = getattr(value, "__self__", None)
    if owner is not None:
        candidates.append(owner)
    if isinstance(value, functools.partial):
        candidates.extend([value.func, *value.args, *value.keywords.values()])
    for cell in getattr(value, "__closure__", None) or ():
        try:
            candidates.append(cell.cell_contents)
        except ValueError:  # an empty cell
            continue
    for candidate in candidates:
        found = _fitted_estimator_in(candidate, depth + 1)
        if found is not None:
            return found
    return None


def _fitted_parameters(estimator):
    """``(parameter path, fitted estimator)`` pairs carried by the parameters."""
    try:
        params = estimator.get_params(deep=True)
    except Exception:  # a step without a working get_params: nothing to inspect
        return []
    found = []
    for key in sorted(params):
        if any(key.startswith(f"{outer}__") for outer, _ in found):
            continue  # already reported through the estimator that holds it
        carried = _fitted_estimator_in(params[key])
        if carried is not None and carried is not estimator:
            found.append((key, carried))
    return found


def _unwrap_frozen(step):
    """The estimator whose statistics a frozen step carries."""
    if FrozenEstimator is not None and isinstance(step, FrozenEstimator):
        return step.estimator
    return step


def _describe(step):
    inner = _unwrap_frozen(step)
    if inner is not step:
        return f"{type(step).__name__}({type(inner).__name__})"
    return type(step).__name__


def _names(names):
    return ", ".join(f"'{name}'" for name in names)


def _materialize(X):
    """Turn a one-shot iterator into a list, so that hashing does not consume it."""
    if isinstance(X, collections.abc.Iterator):
        return list(X)
    return X


def _n_samples_seen(estimator):
    seen = getattr(estimator, "n_samples_seen_", None)
    if seen is None:
        return None
    try:
        # An int, or a float since sample weights are counted (StandardScaler).
        seen = float(np.max(seen))
    except (TypeError, ValueError):
        return None
    return int(seen) if seen.is_integer() else None


def _column_summary(X):
    """Per-column count, sum, sum of squares, min and max of numeric rows, or None."""
    if X is None or sparse.issparse(X):
        return None
    try:
        if isinstance(X, pd.DataFrame):
            values = X.to_numpy(dtype=np.float64, na_value=np.nan)
        else:
            values = np.asarray(X, dtype=np.float64)
    except (TypeError, ValueError):
        return None
    if values.ndim != 2 or values.shape[0] == 0:
        return None
    present = ~np.isnan(values)
    filled = np.where(present, values, 0.0)
    return {
        "n_rows": values.shape[0],
        "count": present.sum(axis=0),
        "total": filled.sum(axis=0),
        "total_sq": (filled * filled).sum(axis=0),
        "min": np.fmin.reduce(values, axis=0),
        "max": np.fmax.reduce(values, axis=0),
    }


def _pool(first, second):
    return {
        "n_rows": first["n_rows"] + second["n_rows"],
        "count": first["count"] + second["count"],
        "total": first["total"] + second["total"],
        "total_sq": first["total_sq"] + second["total_sq"],
        "min": np.fmin(first["min"], second["min"]),
        "max": np.fmax(first["max"], second["max"]),
    }


def _mean_and_scale(summary):
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = summary["total"] / summary["count"]
        variance = summary["total_sq"] / summary["count"] - mean * mean
    scale = np.abs(mean) + np.sqrt(np.maximum(variance, 0.0))
    return mean, np.where(scale > 0, scale, 1.0)


def _learned_mean(estimator):
    """The name and value of a learned column mean, if the estimator has one."""
    if getattr(estimator, "strategy", None) == "mean" and hasattr(
        estimator, "statistics_"
    ):
        return "statistics_", estimator.statistics_
    if hasattr(estimator, "mean_"):
        return "mean_", estimator.mean_
    return None, None


def _relative_gap(learned, summary):
    """Largest gap between a learned mean and the rows' mean, in units of scale."""
    mean, scale = _mean_and_scale(summary)
    try:
        learned = np.asarray(learned, dtype=np.float64)
    except (TypeError, ValueError):
        return None, None
    if learned.shape != mean.shape:
        return None, None
    gaps = np.abs(learned - mean) / scale
    gaps = np.where(np.isnan(learned) & np.isnan(mean), 0.0, gaps)
    return np.nan_to_num(gaps, nan=np.inf), mean


def _fit_rows_facts(estimator, n_rows, summary):
    """What a pre-trained step's own statistics say about the rows it learned from."""
    facts = []
    seen = _n_samples_seen(estimator)
    if seen is not None and seen != n_rows:
        facts.append(
            f"it learned from {seen} rows (n_samples_seen_), not from these "
            f"{n_rows} training rows"
        )
    attribute, learned = _learned_mean(estimator)
    if attribute is not None and summary is not None:
        gaps, _ = _relative_gap(learned, summary)
        if gaps is not None and gaps.max() > _STATISTICS_RTOL:
            facts.append(
                f"its {attribute} differs from the mean of these training rows, "
                "so it learned from other rows"
            )
    return facts


def _proof_of_fit_on(estimator, fit_summary, eval_summary):
    """Evidence, from a step's own statistics, that it learned from the evaluation rows.

    Returns a list of statements (empty when there is no proof). A learned mean
    that equals the mean of the training and evaluation rows together, or of the
    evaluation rows alone, but not that of the training rows, comes from a fit on
    those rows. A learned minimum or maximum equal to a value that only the
    evaluation rows hold, beyond the range of the training rows, comes from having
    seen it.
    """
    evidence = []
    pooled = _pool(fit_summary, eval_summary)
    n_fit, n_eval = fit_summary["n_rows"], eval_summary["n_rows"]
    attribute, learned = _learned_mean(estimator)
    fit_gaps = _relative_gap(learned, fit_summary)[0] if attribute else None
    if fit_gaps is not None and fit_gaps.max() > _STATISTICS_RTOL:
        pooled_gaps = _relative_gap(learned, pooled)[0]
        eval_gaps = _relative_gap(learned, eval_summary)[0]
        if pooled_gaps.max() <= _STATISTICS_RTOL:
            evidence.append(
                f"its {attribute} equals the mean of the {n_fit} training rows and "
                f"these {n_eval} evaluation rows together (to {pooled_gaps.max():.0e} "
                "of the column scale), which the training rows alone do not give"
            )
        elif eval_gaps.max() <= _STATISTICS_RTOL:
            evidence.append(
                f"its {attribute} equals the mean of these {n_eval} evaluation rows "
                f"(to {eval_gaps.max():.0e} of the column scale)"
            )
    data_min = getattr(estimator, "data_min_", None)
    data_max = getattr(estimator, "data_max_", None)
    if data_min is not None and data_max is not None:
        data_min = np.asarray(data_min, dtype=np.float64)
        data_max = np.asarray(data_max, dtype=np.float64)
        if data_min.shape == fit_summary["min"].shape:
            beyond_low = (eval_summary["min"] < fit_summary["min"]) & (
                data_min == eval_summary["min"]
            )
            beyond_high = (eval_summary["max"] > fit_summary["max"]) & (
                data_max == eval_summary["max"]
            )
            n_columns = int((beyond_low | beyond_high).sum())
            if n_columns:
                evidence.append(
                    f"its data_min_/data_max_ equal values that only the evaluation "
                    f"rows hold, beyond the range of the {n_fit} training rows, in "
                    f"{n_columns} of {data_min.size} columns"
                )
    seen = _n_samples_seen(estimator)
    if evidence and seen is not None:
        if seen == pooled["n_rows"]:
            evidence.append(
                f"its n_samples_seen_ is {seen} = {n_fit} + {n_eval}, the training "
                "and evaluation rows together"
            )
        elif seen == n_eval:
            evidence.append(f"its n_samples_seen_ is {seen}, the evaluation rows")
    return evidence


def _record(
    method, step, check, status, *, code=None, n_rows=None, n_overlap=None, message=""
):
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


class GuardedPipeline(Pipeline):
    """A :class:`~sklearn.pipeline.Pipeline` that refuses to learn from evaluation rows.

    It is a drop-in replacement for ``Pipeline`` (same steps, same ``step__param``
    names, same methods) that turns the ways a pipeline silently learns from the
    rows it is evaluated on into clear refusals:

    1. **Every fit starts clean.** Each fit works on fresh clones of the steps,
       so no state survives from an earlier fit (``warm_start``, a pipeline
       re-used across the folds of a hand-written loop). A step that cannot be
       given a fresh start (its ``clone`` returns itself) falls under 2.
    2. **No step learns outside the fold.** A step that is already fitted and
       would not be refitted by the pipeline's fit (a
       :class:`~sklearn.frozen.FrozenEstimator`, a step whose ``clone`` returns
       itself or keeps a fitted sub-estimator, a fitted step passed in) is
       refused at fit, unless its name is listed in ``pretrained``. Whenever the
       statistics of a frozen step show that it was fitted on the very rows being
       evaluated (a scaler's ``mean_`` equal to the mean of the training and
       evaluation rows together), evaluation is refused even for a declared step:
       that is proof, not suspicion.
    3. **No evaluation on rows it learned from.** Fit keeps an 8-byte fingerprint
       of each training row. ``predict``, ``predict_proba``,
       ``predict_log_proba``, ``decision_function``, ``score``, ``score_samples``
       and ``transform`` check the rows they are given: evaluation rows found
       among the training rows beyond what the training data's own duplicate rate
       explains are a leak. Evaluating on exactly the training rows (training
       scores, ``return_train_score=True``, ``learning_curve``) is allowed.
    4. **Visible inside cross-validation.** A refusal is also issued as a
       :class:`~safesplit.LeakageWarning` before the :class:`~safesplit.LeakageError`
       is raised, so it is seen even where scikit-learn turns errors into NaN
       scores (``error_score=np.nan``).
    5. **Findings are recorded** in ``leak_checks_``, in every ``on_leak`` mode.

    With no leak it computes exactly what ``Pipeline`` computes.

    Read more in the guard's page of the documentation (``docs/guard.md``).

    Parameters
    ----------
    steps : list of tuples
        List of ``(name, estimator)`` tuples chained in order, as in
        :class:`~sklearn.pipeline.Pipeline`. All steps but the last must be
        transformers; any step may be ``"passthrough"`` or ``None``.

    on_leak : {"raise", "warn", "ignore"}, default="raise"
        What to do on a leak: raise a :class:`~safesplit.LeakageError` (after
        issuing the message as a :class:`~safesplit.LeakageWarning`), only warn,
        or only record it in ``leak_checks_``.

    pretrained : list or tuple of str, default=()
        Names of the steps allowed to carry state learned before the pipeline's
        fit, because they were deliberately trained on external data (a frozen
        embedding, a scaler fitted on a reference population). Such steps are not
        refused at fit; frozen ones keep being checked against every evaluation
        set for proof that they were fitted on it. To keep a step's pre-trained
        state, wrap it in :class:`~sklearn.frozen.FrozenEstimator`: a step that
        is merely fitted is refitted on the training rows, as ``Pipeline`` does.

    memory : str or object with the joblib.Memory interface, default=None
        Used to cache the fitted transformers, as in
        :class:`~sklearn.pipeline.Pipeline`.

    verbose : bool, default=False
        If True, the time elapsed while fitting each step is printed.

    transform_input : list of str, default=None
        Names of the metadata parameters of ``fit`` to be transformed by the
        steps before the step that consumes them, as in
        :class:`~sklearn.pipeline.Pipeline` (scikit-learn >= 1.6, with metadata
        routing enabled). Transforming them is not checked for leaks.

    Attributes
    ----------
    named_steps : :class:`~sklearn.utils.Bunch`
        Access to the steps by name.

    classes_ : ndarray of shape (n_classes,)
        The class labels, if the last step is a classifier.

    n_features_in_ : int
        Number of features seen by the first step during fit.

    feature_names_in_ : ndarray of shape (`n_features_in_`,)
        Names of the features seen by the first step during fit, when known.

    leak_checks_ : list of dict
        One record per check made: at fit, one per step (fresh start) and one for
        the row fingerprints; at each evaluation, one for the evaluation rows and
        one per frozen step. Each record has the keys ``"method"`` (``"fit"``,
        ``"predict"``, ...), ``"step"`` (step name, or None for the whole
        pipeline), ``"check"``, ``"code"`` (the leakage taxonomy code, such as
        ``"L1.1"``), ``"status"`` (``"ok"``, ``"leak"``, ``"declared"`` or
        ``"skipped"``), ``"n_rows"``, ``"n_overlap"`` and ``"message"``. The
        last 100 evaluation records are kept; a refused fit leaves its records
        too. ``pd.DataFrame(pipe.leak_checks_)`` makes a table of them.

    train_fingerprints_ : ndarray of shape (n_training_rows,), dtype uint64
        Sorted fingerprints of the rows the pipeline was fitted on, 8 bytes a
        row; None if the rows could not be fingerprinted.

    train_duplicate_rate_ : float
        Fraction of the training rows that have a duplicate among the training
        rows: how often a fresh row can be expected to match a training row.

    See Also
    --------
    make_guarded_pipeline : Build a GuardedPipeline without naming the steps.
    sklearn.pipeline.Pipeline : The pipeline it extends.

    Notes
    -----
    Differences from ``Pipeline`` that follow from the guarantees:

    - The estimators given in ``steps`` are never fitted themselves: each fit
      fits clones, which replace them in ``steps`` (as with ``memory`` in
      ``Pipeline``). Inspect fitted steps through ``named_steps``.
    - A step with ``warm_start=True`` starts from scratch at every fit.
    - ``predict`` and the other evaluation methods refuse rows seen at fit,
      unless they are exactly the training rows. To use a model on its own
      training data on purpose (model inspection), set ``on_leak="ignore"``.
    - ``inverse_transform`` takes transformed data and is not checked.
    - With ``n_jobs > 1`` in cross-validation, the warning of a refusal at
      scoring time is issued in a worker process, which prints it on standard
      error; the parent process only sees the NaN score.

    The row check is statistical: with ``k`` of ``m`` evaluation rows found among
    ``n`` training rows of which ``d`` have a duplicate, it refuses when
    ``k`` is improbable (p < 1e-6) under a binomial law of rate
    ``(d + 1) / (n + 1)``. A handful of natural duplicates never triggers it; a
    check on very few rows cannot tell a leak from a duplicate. Rows are
    compared by value (see :mod:`safesplit._fingerprint`): int 3, float 3.0 and
    ``True``/``1`` are equal, ``-0.0`` equals ``0.0``, all NaNs are equal.

    Examples
    --------
    >>> from sklearn.datasets import make_classification
    >>> from sklearn.linear_model import LogisticRegression
    >>> from sklearn.model_selection import cross_val_score
    >>> from sklearn.preprocessing import StandardScaler
    >>> from safesplit import GuardedPipeline
    >>> X, y = make_classification(n_samples=200, random_state=0)
    >>> pipe = GuardedPipeline(
    ...     [("scaler", StandardScaler()), ("clf", LogisticRegression())]
    ... )
    >>> float(cross_val_score(pipe, X, y, cv=5).mean().round(3))
    0.935

    Scoring on rows the pipeline was fitted on is a leak. With
    ``on_leak="ignore"`` it is only recorded:

    >>> _ = pipe.fit(X, y)
    >>> pipe.set_params(on_leak="ignore").score(X[:50], y[:50])
    0.98
    >>> record = pipe.leak_checks_[-1]
    >>> record["status"], record["code"], record["n_overlap"], record["n_rows"]
    ('leak', 'L1.1', 50, 50)

    With the default ``on_leak="raise"`` it is refused:

    >>> pipe.set_params(on_leak="raise").score(X[:50], y[:50])
    Traceback (most recent call last):
    ...
    safesplit._exceptions.LeakageError: GuardedPipeline.score refused a leak: ...
    """

    _parameter_constraints: dict = {
        **Pipeline._parameter_constraints,
        "transform_input": [list, None],
        "on_leak": [StrOptions(set(_ON_LEAK_MODES))],
        "pretrained": [list, tuple],
    }

    def __init__(
        self,
        steps,
        *,
        on_leak="raise",
        pretrained=(),
        memory=None,
        verbose=False,
        transform_input=None,
    ):
        # Set directly rather than through Pipeline.__init__, whose signature
        # lacks transform_input before scikit-learn 1.6.
        self.steps = steps
        self.on_leak = on_leak
        self.pretrained = pretrained
        self.memory = memory
        self.verbose = verbose
        self.transform_input = transform_input

    # ------------------------------------------------------------------
    # Slicing keeps the class, the settings and what the fit recorded.

    def __getitem__(self, ind):
        """Return a sub-pipeline (for a slice) or a single step.

        A slice is a ``GuardedPipeline`` with the same settings (``on_leak``,
        ``memory``, ``verbose``, ``transform_input`` and the ``pretrained``
        names it contains) and the fit records of its steps. It shares the step
        objects with this pipeline, as ``Pipeline`` slices do. A slice starting
        at the first step keeps the training-row fingerprints; a later slice
        takes transformed input, so its evaluation rows are not checked.

        Parameters
        ----------
        ind : int, str or slice
            Position, name, or slice of steps.

        Returns
        -------
        step_or_pipeline : estimator or GuardedPipeline
            The step, or the sub-pipeline.
        """
        if not isinstance(ind, slice):
            return super().__getitem__(ind)
        if ind.step not in (1, None):
            raise ValueError("Pipeline slicing only supports a step of 1")
        params = self.get_params(deep=False)
        params["steps"] = self.steps[ind]
        names = {name for name, _ in params["steps"]}
        if isinstance(self.pretrained, (list, tuple)):
            params["pretrained"] = type(self.pretrained)(
                name for name in self.pretrained if name in names
            )
        sub_pipeline = type(self)(**params)
        sub_pipeline._inherit_guard_state(self, ind, names)
        return sub_pipeline

    def _inherit_guard_state(self, parent, ind, names):
        # A slice taken while the parent fits (transform_input does so) is used
        # on metadata, not on evaluation rows: it checks nothing.
        self._fit_in_progress = getattr(parent, "_fit_in_progress", False)
        if not hasattr(parent, "_guarded_steps"):
            return
        self._guarded_steps = parent._guarded_steps
        self.leak_checks_ = [
            record
            for record in parent.leak_checks_
            if record["method"] == "fit"
            and (record["step"] is None or record["step"] in names)
        ]
        starts_at_input = ind.indices(len(parent.steps))[0] == 0
        self.train_fingerprints_ = (
            parent.train_fingerprints_ if starts_at_input else None
        )
        self.train_duplicate_rate_ = parent.train_duplicate_rate_
        self._n_duplicated_training_rows = parent._n_duplicated_training_rows
        self._rows_checkable = starts_at_input
        self._frozen_input_summaries = {
            name: summary
            for name, summary in parent._frozen_input_summaries.items()
            if starts_at_input and name in names
        }

    # ------------------------------------------------------------------
    # Fit: fresh clones, pre-trained steps, row fingerprints.

    def _validated_steps(self):
        """Validate the steps as Pipeline does, naming the parameter in errors."""
        try:
            self._validate_steps()
        except (TypeError, ValueError) as exc:
            raise type(exc)(
                f"Invalid 'steps' parameter of {type(self).__name__}: {exc}"
            ) from exc

    def _declared_pretrained(self):
        names = [name for name, _ in self.steps]
        declared = list(self.pretrained)
        unknown = [name for name in declared if name not in names]
        if unknown:
            raise ValueError(
                f"Invalid 'pretrained' parameter of {type(self).__name__}: "
                f"{_names(unknown)} {'is' if len(unknown) == 1 else 'are'} not "
                f"the name of a step; the steps are {names}."
            )
        return set(declared)

    def _check_transform_input_support(self):
        if self.transform_input is not None and not PIPELINE_HAS_TRANSFORM_INPUT:
            raise ValueError(
                "The 'transform_input' parameter of GuardedPipeline requires "
                "scikit-learn >= 1.6."
            )

    def _fingerprints(self, X, method):
        """Fingerprints of the rows of X, or None with a record of why not."""
        try:
            return row_fingerprints(X), None
        except TypeError as exc:
            message = (
                f"GuardedPipeline.{method}: the rows of X could not be fingerprinted "
                f"({exc}); the evaluation-row check is off for them."
            )
            warnings.warn(message, UserWarning, stacklevel=5)
            return None, _record(
                method, None, "row fingerprints", "skipped", message=message
            )

    def _start_fit(self, X):
        """Check the steps, make fresh clones and fingerprint the training rows."""
        self._check_transform_input_support()
        self._validated_steps()
        declared = self._declared_pretrained()
        X = _materialize(X)
        fingerprints, skipped = self._fingerprints(X, "fit")
        n_rows = len(fingerprints) if fingerprints is not None else None

        fresh_steps, records, frozen, summary = self._check_steps(X, n_rows, declared)
        if fingerprints is None:
            sorted_fingerprints, n_duplicated = None, 0
            records.append(skipped)
        else:
            sorted_fingerprints = np.sort(fingerprints)
            n_duplicated = count_duplicated_rows(sorted_fingerprints)
            records.append(
                _record(
                    "fit",
                    None,
                    "row fingerprints",
                    "ok",
                    code="L1.1",
                    n_rows=n_rows,
                    n_overlap=n_duplicated,
                    message=f"fingerprinted the {n_rows} training rows (8 bytes "
                    f"each); {n_duplicated} of them have a duplicate among them.",
                )
            )
        self.leak_checks_ = records
        leaks = [record for record in records if record["status"] == "leak"]
        if leaks:
            # Frames: _react, _start_fit, fit, the _fit_context wrapper, caller.
            self._react(leaks, stacklevel=5)

        self.steps = fresh_steps
        # Recorded before fitting: if the fit fails half-way, the steps it did
        # fit are still known as this pipeline's own at the next fit.
        self._guarded_steps = tuple(step for _, step in fresh_steps)
        self.train_fingerprints_ = sorted_fingerprints
        self._n_duplicated_training_rows = n_duplicated
        self.train_duplicate_rate_ = n_duplicated / n_rows if n_rows else 0.0
        self._rows_checkable = fingerprints is not None
        # Statistics of each frozen step's input, for the proof at evaluation:
        # known now for the first step, after the fit for later ones.
        self._frozen_input_summaries = {}
        self._pending_frozen = frozen
        if frozen and frozen[0][0] == 0 and summary is not None:
            self._frozen_input_summaries[frozen[0][1]] = summary
        return X

    def _check_steps(self, X, n_rows, declared):
        """Fresh clones of the steps, with a record of what each step carries.

        Returns the steps to fit, the records, the ``(index, name)`` of the
        frozen steps, and the column statistics of X when the first step carries
        learned state (they serve as evidence in messages).
        """
        previously_fitted = getattr(self, "_guarded_steps", ())
        final_index = len(self.steps) - 1
        fresh_steps, records, frozen, summary = [], [], [], None
        for index, (name, step) in enumerate(self.steps):
            if _is_passthrough(step):
                fresh_steps.append((name, step))
                continue
            fitted_here = any(step is fitted for fitted in previously_fitted)
            fresh, kind, detail = self._fresh_start(step, fitted_here)
            fresh_steps.append((name, fresh))
            if kind is None:
                records.append(
                    _record(
                        "fit",
                        name,
                        "fresh start",
                        "ok",
                        n_rows=n_rows,
                        message=f"step '{name}' is fitted from a fresh clone.",
                    )
                )
                continue
            if kind in ("frozen", "unclonable"):
                frozen.append((index, name))
            if index == 0:
                summary = _column_summary(X)
            code = "L1.1" if index == final_index else "L1.2"
            if name in declared:
                status = "declared"
                message = self._declared_message(name, step, kind)
            else:
                status = "leak"
                message = self._pretrained_message(
                    name,
                    step,
                    kind,
                    detail,
                    code,
                    n_rows,
                    summary if index == 0 else None,
                )
            records.append(
                _record(
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

    @staticmethod
    def _fresh_start(step, fitted_here):
        """Return ``(step to fit, problem kind, detail)`` for one step.

        The kinds: ``"unclonable"`` (clone fails), ``"frozen"`` (clone returns the
        step itself, or a copy that keeps its learned state), ``"nested"`` (the
        clone still holds a fitted sub-estimator), ``"prefitted"`` (fitted before
        it was given to this pipeline; the clone is clean and will be refitted).
        """
        try:
            fresh = clone(step)
        except (TypeError, RuntimeError) as exc:
            return step, "unclonable", str(exc)
        if fresh is step:
            return step, "frozen", None
        if _is_fitted(fresh):
            return fresh, "frozen", "copy"  # a clone that copies learned state
        carried = _fitted_parameters(fresh)
        if carried:
            return fresh, "nested", carried
        if not fitted_here:
            arrived_with = _fitted_parameters(step)
            if arrived_with or _is_fitted(step):
                return fresh, "prefitted", arrived_with
        return fresh, None, None

    def _declared_message(self, name, step, kind):
        declared = (
            f"step '{name}' ({_describe(step)}) is declared pre-trained "
            f"(pretrained={list(self.pretrained)})"
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

    def _pretrained_message(self, name, step, kind, detail, code, n_rows, summary):
        inner = _unwrap_frozen(step)
        rows = f"{n_rows} training rows" if n_rows is not None else "training rows"
        kind_text = (
            "a model fitted outside the training rows"
            if code == "L1.1"
            else "pre-processing fitted outside the training rows"
        )
        if kind == "frozen":
            if detail == "copy":
                why = (
                    "its clone() returns a copy that keeps its fitted state, so every "
                    "fit of the pipeline starts from what it learned before"
                )
            elif inner is not step:
                why = (
                    "FrozenEstimator ignores fit and clone() returns it unchanged, so "
                    "every fit of the pipeline reuses what it learned before"
                )
            else:
                why = (
                    "its clone() returns the same object, so every fit of the "
                    "pipeline reuses the state it learned before (or in an earlier fit)"
                )
        elif kind == "unclonable":
            why = (
                f"it cannot be cloned ({detail}), so the pipeline cannot give it a "
                "fresh start and state from an earlier fit would survive"
            )
        elif kind == "nested":
            parts = ", ".join(f"'{key}' ({_describe(part)})" for key, part in detail)
            why = (
                f"it holds fitted estimators in its parameters ({parts}) that "
                "clone() keeps, so every fit reuses what they learned before"
            )
        else:
            parts = (
                " (through " + ", ".join(f"'{key}'" for key, _ in detail) + ")"
                if detail
                else ""
            )
            why = (
                f"it was already fitted{parts} when it was given to the pipeline, on "
                "rows the pipeline cannot check; the pipeline would refit it and "
                "throw that state away, so this is either a mistake or a pre-trained "
                "step that is not frozen"
            )
        facts = _fit_rows_facts(inner, n_rows, summary) if kind != "nested" else []
        facts_text = f" Evidence: {'; '.join(facts)}." if facts else ""
        suggestion = f"an unfitted {type(inner).__name__}()"
        if kind == "nested":
            suggestion = "unfitted sub-estimators"
        return (
            f"GuardedPipeline.fit refused a leak ({code}, {kind_text}): step '{name}' "
            f"({_describe(step)}) is pre-trained and would not be learned from the "
            f"{rows}: {why}.{facts_text} Fix: put {suggestion} in the pipeline, so "
            "that every fit learns it from its own training rows only; if it was "
            "deliberately trained on external data that shares no rows with any "
            "evaluation set, wrap it in FrozenEstimator and declare it with "
            f"pretrained=['{name}']."
        )

    def _finish_fit(self, X):
        # With memory caching, the fitted steps are new objects.
        self._guarded_steps = tuple(step for _, step in self.steps)
        pending = self.__dict__.pop("_pending_frozen", [])
        for index, name in pending:
            if name in self._frozen_input_summaries:
                continue
            try:
                step_input = self._input_of_step(X, index)
            except Exception:  # statistics are evidence when available, no more
                continue
            summary = _column_summary(step_input)
            if summary is not None:
                self._frozen_input_summaries[name] = summary

    @contextlib.contextmanager
    def _fitting(self):
        self._fit_in_progress = True
        try:
            yield
        finally:
            self._fit_in_progress = False

    @_fit_context(
        # the steps are validated when they are fitted
        prefer_skip_nested_validation=False
    )
    def fit(self, X, y=None, **params):
        """Fit fresh clones of the steps on X, after checking them for leaks.

        Every step is cloned and fitted from scratch; a pre-trained step that
        is not declared in ``pretrained`` is refused (see the class
        documentation). The training rows are fingerprinted for the checks made
        at evaluation.

        Parameters
        ----------
        X : iterable
            Training data. Must fulfill input requirements of the first step.

        y : iterable, default=None
            Training targets.

        **params : dict of str -> object
            Parameters passed to the steps, as in
            :meth:`sklearn.pipeline.Pipeline.fit` (``step__param`` names, or
            routed metadata when metadata routing is enabled).

        Returns
        -------
        self : object
            The pipeline, with fitted steps.

        Raises
        ------
        LeakageError
            If a step is pre-trained and ``on_leak="raise"``.
        """
        X = self._start_fit(X)
        with self._fitting():
            super().fit(X, y, **params)
        self._finish_fit(X)
        return self

    @available_if(_can_fit_transform)
    @_fit_context(prefer_skip_nested_validation=False)
    def fit_transform(self, X, y=None, **params):
        """Fit fresh clones of the steps, then transform X with the final step.

        The ``fit_transform`` of each step is used where it exists, so steps whose
        ``fit_transform`` differs from ``fit`` then ``transform`` (such as
        :class:`~sklearn.preprocessing.TargetEncoder`, which cross-fits) keep
        their behaviour.

        Parameters
        ----------
        X : iterable
            Training data.

        y : iterable, default=None
            Training targets.

        **params : dict of str -> object
            Parameters passed to the steps, as in
            :meth:`sklearn.pipeline.Pipeline.fit_transform`.

        Returns
        -------
        Xt : ndarray of shape (n_samples, n_transformed_features)
            Transformed samples.
        """
        X = self._start_fit(X)
        with self._fitting():
            Xt = super().fit_transform(X, y, **params)
        self._finish_fit(X)
        return Xt

    @available_if(_final_estimator_has("fit_predict"))
    @_fit_context(prefer_skip_nested_validation=False)
    def fit_predict(self, X, y=None, **params):
        """Fit fresh clones of the steps, then ``fit_predict`` with the final step.

        Parameters
        ----------
        X : iterable
            Training data.

        y : iterable, default=None
            Training targets.

        **params : dict of str -> object
            Parameters passed to the steps, as in
            :meth:`sklearn.pipeline.Pipeline.fit_predict`.

        Returns
        -------
        y_pred : ndarray
            Result of ``fit_predict`` of the final step.
        """
        X = self._start_fit(X)
        with self._fitting():
            y_pred = super().fit_predict(X, y, **params)
        self._finish_fit(X)
        return y_pred

    # ------------------------------------------------------------------
    # Evaluation: the rows given must not be rows the pipeline learned from.

    def _input_of_step(self, X, index):
        Xt = X
        for _, step in self.steps[:index]:
            if not _is_passthrough(step):
                Xt = step.transform(Xt)
        return Xt

    def _guard_evaluation(self, X, method):
        """Run the evaluation checks on X; return X (materialised if an iterator)."""
        if getattr(self, "_fit_in_progress", False):
            return X
        X = _materialize(X)
        if not hasattr(self, "_guarded_steps"):
            records = [self._unguarded_record(method, X)]
        else:
            records = self._replaced_step_records(method, X)
            records.append(self._evaluation_rows_record(X, method))
            records.extend(self._frozen_step_records(X, method))
        records = [record for record in records if record is not None]
        self._keep_records(records)
        leaks = [record for record in records if record["status"] == "leak"]
        if leaks:
            self._react(leaks)
        return X

    def _unguarded_record(self, method, X):
        """A pipeline used without GuardedPipeline.fit: its steps came in fitted."""
        declared = (
            set(self.pretrained)
            if isinstance(self.pretrained, (list, tuple))
            else set()
        )
        fitted = [
            name
            for name, step in self.steps
            if not _is_passthrough(step) and name not in declared and _is_fitted(step)
        ]
        if not fitted:
            return _record(
                method,
                None,
                "fitted by this pipeline",
                "skipped",
                message="the pipeline was not fitted by GuardedPipeline.fit; no step "
                "holds undeclared learned state, so there is nothing to check.",
            )
        n_rows = _n_rows(X)
        rows = f"these {n_rows} evaluation rows" if n_rows is not None else "X"
        message = (
            f"GuardedPipeline.{method} refused a leak (L1.2, steps fitted outside the "
            "pipeline): the pipeline was not fitted by GuardedPipeline.fit, yet "
            f"step{'s' if len(fitted) > 1 else ''} {_names(fitted)} "
            f"{'are' if len(fitted) > 1 else 'is'} fitted: "
            "they learned from rows the pipeline never saw, so it cannot check them "
            f"against {rows}. Fix: fit the pipeline itself on the training rows "
            "(pipe.fit(X_train, y_train)) before evaluating it; a step deliberately "
            "trained on external data goes in FrozenEstimator and in pretrained=[...]."
        )
        return _record(
            method,
            fitted[0],
            "fitted by this pipeline",
            "leak",
            code="L1.2",
            n_rows=n_rows,
            message=message,
        )

    def _replaced_step_records(self, method, X):
        records = []
        n_rows = _n_rows(X)
        rows = f"these {n_rows} evaluation rows" if n_rows is not None else "X"
        for name, step in self.steps:
            if _is_passthrough(step) or any(step is s for s in self._guarded_steps):
                continue
            if not _is_fitted(step):
                continue  # the step's own transform will say it is not fitted
            message = (
                f"GuardedPipeline.{method} refused a leak (L1.2, a step fitted "
                f"outside the pipeline): step '{name}' ({_describe(step)}) was "
                "replaced after the pipeline was fitted, by an estimator fitted "
                "elsewhere on rows the pipeline cannot check against "
                f"{rows}. Fix: refit the pipeline after changing its steps "
                "(pipe.fit(X_train, y_train))."
            )
            records.append(
                _record(
                    method,
                    name,
                    "fitted by this pipeline",
                    "leak",
                    code="L1.2",
                    n_rows=n_rows,
                    message=message,
                )
            )
        return records

    def _evaluation_rows_record(self, X, method):
        if not getattr(self, "_rows_checkable", False):
            return _record(
                method,
                None,
                "evaluation rows",
                "skipped",
                message="the training rows were not fingerprinted (a sub-pipeline "
                "that starts after the input, or rows that could not be hashed).",
            )
        fingerprints, skipped = self._fingerprints(X, method)
        if fingerprints is None:
            return skipped
        training = self.train_fingerprints_
        query = np.sort(fingerprints)
        n_eval, n_train = len(query), len(training)
        if n_eval == n_train and np.array_equal(query, training):
            return _record(
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
        n_overlap = count_member_rows(query, training)
        # Rate at which fresh rows match training rows, estimated by the training
        # rows' own duplicates, with one pseudo-duplicate so that data without any
        # duplicate still tolerates a stray natural one.
        rate = (self._n_duplicated_training_rows + 1) / (n_train + 1)
        expected = n_eval * rate
        p_value = bdtrc(n_overlap - 1, n_eval, rate) if n_overlap else 1.0
        if p_value >= _OVERLAP_TEST_LEVEL:
            return _record(
                method,
                None,
                "evaluation rows",
                "ok",
                code="L1.4",
                n_rows=n_eval,
                n_overlap=n_overlap,
                message=f"{n_overlap} of the {n_eval} rows are among the {n_train} "
                f"training rows, which the training data's duplicates explain "
                f"(about {expected:.1f} expected).",
            )
        everything = n_overlap == n_eval
        code = "L1.1" if everything else "L1.4"
        kind = (
            "evaluation on rows it was fitted on (L1.1, no separate test set)"
            if everything
            else "evaluation rows that are training rows (L1.4, train/test overlap "
            "beyond the data's own duplicates)"
        )
        positions = np.flatnonzero(isin_fingerprints(fingerprints, training))[:5]
        fitted_names = [name for name, step in self.steps if not _is_passthrough(step)]
        message = (
            f"GuardedPipeline.{method} refused a leak: {kind}. {n_overlap} of the "
            f"{n_eval} rows given to {method} are among the {n_train} rows the "
            f"pipeline was fitted on; the training data's own duplicate rate "
            f"({self.train_duplicate_rate_:.2%}) explains about {expected:.1f} of "
            f"them. Step{'s' if len(fitted_names) > 1 else ''} "
            f"{_names(fitted_names)} learned from these rows, so the result is "
            f"optimistic. First such rows (positions in X): "
            f"{', '.join(str(p) for p in positions)}. {_FIX_ROWS}"
        )
        return _record(
            method,
            None,
            "evaluation rows",
            "leak",
            code=code,
            n_rows=n_eval,
            n_overlap=n_overlap,
            message=message,
        )

    def _frozen_step_records(self, X, method):
        records = []
        positions = {name: index for index, (name, _) in enumerate(self.steps)}
        for name, fit_summary in self._frozen_input_summaries.items():
            index = positions.get(name)
            if index is None:
                continue
            step = self.steps[index][1]
            try:
                eval_summary = _column_summary(self._input_of_step(X, index))
            except Exception:  # the evaluation call itself will report bad input
                eval_summary = None
            if eval_summary is None:
                continue
            evidence = _proof_of_fit_on(_unwrap_frozen(step), fit_summary, eval_summary)
            n_eval = eval_summary["n_rows"]
            if not evidence:
                records.append(
                    _record(
                        method,
                        name,
                        "pre-trained statistics",
                        "ok",
                        code="L1.2",
                        n_rows=n_eval,
                        message=f"the statistics of step '{name}' show no fit on "
                        f"these {n_eval} evaluation rows.",
                    )
                )
                continue
            message = (
                f"GuardedPipeline.{method} refused a leak (L1.2, pre-processing "
                f"fitted on train + test): step '{name}' ({_describe(step)}) was "
                f"fitted on the {n_eval} rows being evaluated. Proof from its own "
                f"statistics: {'; '.join(evidence)}. Fix: put an unfitted "
                f"{type(_unwrap_frozen(step)).__name__}() in the pipeline so that "
                "each fit learns it from its training rows only; a pre-trained step "
                "must be trained on data that shares no rows with the evaluation set."
            )
            records.append(
                _record(
                    method,
                    name,
                    "pre-trained statistics",
                    "leak",
                    code="L1.2",
                    n_rows=n_eval,
                    message=message,
                )
            )
        return records

    def _keep_records(self, records):
        if not records:
            return
        checks = getattr(self, "leak_checks_", None)
        if checks is None:
            checks = self.leak_checks_ = []
        checks.extend(records)
        evaluation = [i for i, record in enumerate(checks) if record["method"] != "fit"]
        excess = len(evaluation) - _MAX_EVALUATION_RECORDS
        if excess > 0:
            dropped = set(evaluation[:excess])
            checks[:] = [r for i, r in enumerate(checks) if i not in dropped]

    def _react(self, leaks, stacklevel=4):
        """Warn and raise, warn, or stay silent, as ``on_leak`` says."""
        if self.on_leak not in _ON_LEAK_MODES:
            self._validate_params()  # raises the standard parameter error
        if self.on_leak == "ignore":
            return
        message = "\n\n".join(record["message"] for record in leaks)
        # Warn before raising: cross_val_score and the searches turn errors into
        # NaN scores (error_score=np.nan); the warning keeps the message visible.
        warnings.warn(message, LeakageWarning, stacklevel=stacklevel)
        if self.on_leak == "raise":
            raise LeakageError(message)

    @available_if(_final_estimator_has("predict"))
    def predict(self, X, **params):
        """Check the rows of X for leaks, then ``predict`` as Pipeline does.

        Parameters
        ----------
        X : iterable
            Data to predict on.

        **params : dict of str -> object
            Parameters passed as in :meth:`sklearn.pipeline.Pipeline.predict`.

        Returns
        -------
        y_pred : ndarray
            Result of ``predict`` of the final step.

        Raises
        ------
        LeakageError
            If the rows were learned from and ``on_leak="raise"``.
        """
        check_is_fitted(self)
        X = self._guard_evaluation(X, "predict")
        return super().predict(X, **params)

    @available_if(_final_estimator_has("predict_proba"))
    def predict_proba(self, X, **params):
        """Check the rows of X for leaks, then ``predict_proba`` as Pipeline does.

        Parameters
        ----------
        X : iterable
            Data to predict on.

        **params : dict of str -> object
            Parameters passed as in :meth:`sklearn.pipeline.Pipeline.predict_proba`.

        Returns
        -------
        y_proba : ndarray of shape (n_samples, n_classes)
            Result of ``predict_proba`` of the final step.
        """
        check_is_fitted(self)
        X = self._guard_evaluation(X, "predict_proba")
        return super().predict_proba(X, **params)

    @available_if(_final_estimator_has("predict_log_proba"))
    def predict_log_proba(self, X, **params):
        """Check the rows of X for leaks, then ``predict_log_proba`` as Pipeline does.

        Parameters
        ----------
        X : iterable
            Data to predict on.

        **params : dict of str -> object
            Parameters passed as in
            :meth:`sklearn.pipeline.Pipeline.predict_log_proba`.

        Returns
        -------
        y_log_proba : ndarray of shape (n_samples, n_classes)
            Result of ``predict_log_proba`` of the final step.
        """
        check_is_fitted(self)
        X = self._guard_evaluation(X, "predict_log_proba")
        return super().predict_log_proba(X, **params)

    @available_if(_final_estimator_has("decision_function"))
    def decision_function(self, X, **params):
        """Check the rows of X for leaks, then ``decision_function`` as Pipeline does.

        Parameters
        ----------
        X : iterable
            Data to predict on.

        **params : dict of str -> object
            Parameters passed as in
            :meth:`sklearn.pipeline.Pipeline.decision_function`.

        Returns
        -------
        y_score : ndarray of shape (n_samples, n_classes)
            Result of ``decision_function`` of the final step.
        """
        check_is_fitted(self)
        X = self._guard_evaluation(X, "decision_function")
        return super().decision_function(X, **params)

    @available_if(_final_estimator_has("score_samples"))
    def score_samples(self, X):
        """Check the rows of X for leaks, then ``score_samples`` as Pipeline does.

        Parameters
        ----------
        X : iterable
            Data to score.

        Returns
        -------
        y_score : ndarray of shape (n_samples,)
            Result of ``score_samples`` of the final step.
        """
        check_is_fitted(self)
        X = self._guard_evaluation(X, "score_samples")
        return super().score_samples(X)

    @available_if(_can_transform)
    def transform(self, X, **params):
        """Check the rows of X for leaks, then ``transform`` as Pipeline does.

        Parameters
        ----------
        X : iterable
            Data to transform.

        **params : dict of str -> object
            Parameters passed as in :meth:`sklearn.pipeline.Pipeline.transform`.

        Returns
        -------
        Xt : ndarray of shape (n_samples, n_transformed_features)
            Transformed data.
        """
        check_is_fitted(self)
        X = self._guard_evaluation(X, "transform")
        return super().transform(X, **params)

    @available_if(_final_estimator_has("score"))
    def score(self, X, y=None, sample_weight=None, **params):
        """Check the rows of X for leaks, then ``score`` as Pipeline does.

        Parameters
        ----------
        X : iterable
            Data to score.

        y : iterable, default=None
            Targets used for scoring.

        sample_weight : array-like, default=None
            Passed to the final step's ``score``, as in
            :meth:`sklearn.pipeline.Pipeline.score`.

        **params : dict of str -> object
            Routed metadata, as in :meth:`sklearn.pipeline.Pipeline.score`.

        Returns
        -------
        score : float
            Result of ``score`` of the final step.
        """
        check_is_fitted(self)
        X = self._guard_evaluation(X, "score")
        return super().score(X, y, sample_weight=sample_weight, **params)


def _n_rows(X):
    try:
        return X.shape[0]
    except (AttributeError, IndexError, TypeError):
        try:
            return len(X)
        except TypeError:
            return None


def make_guarded_pipeline(
    *steps, on_leak="raise", pretrained=(), memory=None, verbose=False
):
    """Construct a :class:`GuardedPipeline` from estimators, naming them automatically.

    This is :func:`sklearn.pipeline.make_pipeline` for :class:`GuardedPipeline`:
    each step is named after its class in lowercase (with a numeric suffix when
    a class appears twice).

    Parameters
    ----------
    *steps : list of estimators
        The estimators chained together.

    on_leak : {"raise", "warn", "ignore"}, default="raise"
        What to do on a leak; see :class:`GuardedPipeline`.

    pretrained : list or tuple of str, default=()
        Names (as generated, e.g. ``"frozenestimator"``) of the steps allowed to
        carry state learned before the pipeline's fit; see
        :class:`GuardedPipeline`.

    memory : str or object with the joblib.Memory interface, default=None
        Used to cache the fitted transformers.

    verbose : bool, default=False
        If True, the time elapsed while fitting each step is printed.

    Returns
    -------
    pipeline : GuardedPipeline
        The guarded pipeline.

    See Also
    --------
    GuardedPipeline : The pipeline class, with step names of your choice.

    Examples
    --------
    >>> from sklearn.linear_model import LogisticRegression
    >>> from sklearn.preprocessing import StandardScaler
    >>> from safesplit import make_guarded_pipeline
    >>> make_guarded_pipeline(StandardScaler(), LogisticRegression(), on_leak="warn")
    GuardedPipeline(on_leak='warn',
                    steps=[('standardscaler', StandardScaler()),
                           ('logisticregression', LogisticRegression())])
    """
    named_steps = make_pipeline(*steps).steps
    return GuardedPipeline(
        named_steps,
        on_leak=on_leak,
        pretrained=pretrained,
        memory=memory,
        verbose=verbose,
    )
