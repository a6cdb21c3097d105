"""What a pipeline step's own state says about the rows it learned from.

Pure functions, no pipeline state: whether a step is fitted, whether a fresh
clone of it really starts clean, which fitted estimators its parameters carry,
column statistics of rows, and proof from a pre-trained step's statistics
(``mean_``, ``data_min_``, ``n_samples_seen_``...) that it learned from given
rows.
"""

# Authors: the safesplit developers
# SPDX-License-Identifier: BSD-3-Clause

import functools

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.utils.validation import check_is_fitted

from safesplit._sklearn_compat import FrozenEstimator, requires_fit

# Relative tolerance when matching a pre-trained step's statistics with those of
# rows: summation order changes the last bits, never the ninth digit.
STATISTICS_RTOL = 1e-9


# ---------------------------------------------------------------------------
# Steps: fitted, pre-trained, passthrough.


def is_passthrough(step):
    """Whether the step is ``None`` or ``"passthrough"`` (it learns nothing)."""
    return step is None or (isinstance(step, str) and step == "passthrough")


def _has_fitted_attributes(estimator):
    """Whether the estimator holds attributes named as scikit-learn names what
    ``fit`` learns: a trailing underscore, no leading double underscore."""
    try:
        attributes = vars(estimator)
    except TypeError:  # no __dict__: nothing stored
        return False
    return any(name.endswith("_") and not name.startswith("__") for name in attributes)


def holds_learned_state(estimator):
    """Whether ``estimator``, or an estimator among its parameters, holds
    fitted attributes.

    This is the evidence of learned state. ``__sklearn_is_fitted__`` returning
    True is not: scikit-learn's convention for a step that learns nothing is to
    return True always (as ``FunctionTransformer`` does), and wrappers
    (``FrozenEstimator``, ``Pipeline``) keep their state in the estimators they
    hold, which are among their parameters.
    """
    if _has_fitted_attributes(estimator):
        return True
    try:
        params = estimator.get_params(deep=True)
    except Exception:  # a step without a working get_params: nothing nested
        return False
    return any(
        _has_fitted_attributes(value)
        for value in params.values()
        if value is not estimator
        and hasattr(value, "get_params")
        and not isinstance(value, type)
    )


def is_fitted(estimator):
    """Whether ``estimator`` holds state learned from data.

    It must say it is fitted (``check_is_fitted``) and hold evidence of it
    (:func:`holds_learned_state`): a stateless step, always "fitted", is not.
    """
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
    return holds_learned_state(estimator)


def _fitted_estimator_in(value, depth=0):
    """The fitted estimator that a parameter value carries, or None.

    Looks into estimators and into callables that wrap one: bound methods
    (``FunctionTransformer(func=scaler.transform)``), ``functools.partial`` and
    closures.
    """
    if isinstance(value, type) or depth > 3:
        return None
    if hasattr(value, "fit") and hasattr(value, "get_params"):
        return value if is_fitted(value) else None
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


def fitted_parameters(estimator):
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


def unwrap_frozen(step):
    """The estimator whose statistics a frozen step carries."""
    if FrozenEstimator is not None and isinstance(step, FrozenEstimator):
        return step.estimator
    return step


def fresh_start(step, fitted_here):
    """Return ``(step to fit, problem kind, detail)`` for one step.

    ``fitted_here`` says whether this very object was fitted by the pipeline
    (then its learned state is the pipeline's own, not pre-training).

    The kinds: ``None`` (a clean clone), ``"unclonable"`` (clone fails; the
    detail is the error text), ``"frozen"`` (clone returns the step itself, or a
    copy that keeps its learned state; detail ``"copy"``), ``"nested"`` (the
    clone still holds fitted sub-estimators; the detail lists them as
    :func:`fitted_parameters` does), ``"prefitted"`` (fitted before it was given
    to the pipeline; the clone is clean and will be refitted; the detail lists
    the fitted sub-estimators it arrived with).
    """
    try:
        fresh = clone(step)
    except (TypeError, RuntimeError) as exc:
        return step, "unclonable", str(exc)
    if fresh is step:
        return step, "frozen", None
    if is_fitted(fresh):
        return fresh, "frozen", "copy"  # a clone that copies learned state
    carried = fitted_parameters(fresh)
    if carried:
        return fresh, "nested", carried
    if not fitted_here:
        arrived_with = fitted_parameters(step)
        if arrived_with or is_fitted(step):
            return fresh, "prefitted", arrived_with
    return fresh, None, None


def input_of_step(steps, X, index):
    """What the step at ``index`` receives: X transformed by the steps before it."""
    Xt = X
    for _, step in steps[:index]:
        if not is_passthrough(step):
            Xt = step.transform(Xt)
    return Xt


# ---------------------------------------------------------------------------
# Column statistics of rows, and what a step's statistics say about them.


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


def column_summary(X):
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
    """The summary of two sets of rows together."""
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


def fit_rows_facts(estimator, n_rows, summary):
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
        if gaps is not None and gaps.max() > STATISTICS_RTOL:
            facts.append(
                f"its {attribute} differs from the mean of these training rows, "
                "so it learned from other rows"
            )
    return facts


def _mean_proof(estimator, fit_summary, eval_summary, pooled):
    """A learned mean that is that of the evaluation rows (alone or with the
    training rows), and not that of the training rows alone."""
    attribute, learned = _learned_mean(estimator)
    fit_gaps = _relative_gap(learned, fit_summary)[0] if attribute else None
    if fit_gaps is None or fit_gaps.max() <= STATISTICS_RTOL:
        return []
    n_fit, n_eval = fit_summary["n_rows"], eval_summary["n_rows"]
    pooled_gaps = _relative_gap(learned, pooled)[0]
    eval_gaps = _relative_gap(learned, eval_summary)[0]
    if pooled_gaps.max() <= STATISTICS_RTOL:
        return [
            f"its {attribute} equals the mean of the {n_fit} training rows and "
            f"these {n_eval} evaluation rows together (to {pooled_gaps.max():.0e} "
            "of the column scale), which the training rows alone do not give"
        ]
    if eval_gaps.max() <= STATISTICS_RTOL:
        return [
            f"its {attribute} equals the mean of these {n_eval} evaluation rows "
            f"(to {eval_gaps.max():.0e} of the column scale)"
        ]
    return []


def _range_proof(estimator, fit_summary, eval_summary):
    """A learned minimum or maximum that only the evaluation rows hold."""
    data_min = getattr(estimator, "data_min_", None)
    data_max = getattr(estimator, "data_max_", None)
    if data_min is None or data_max is None:
        return []
    data_min = np.asarray(data_min, dtype=np.float64)
    data_max = np.asarray(data_max, dtype=np.float64)
    if data_min.shape != fit_summary["min"].shape:
        return []
    beyond_low = (eval_summary["min"] < fit_summary["min"]) & (
        data_min == eval_summary["min"]
    )
    beyond_high = (eval_summary["max"] > fit_summary["max"]) & (
        data_max == eval_summary["max"]
    )
    n_columns = int((beyond_low | beyond_high).sum())
    if not n_columns:
        return []
    return [
        f"its data_min_/data_max_ equal values that only the evaluation "
        f"rows hold, beyond the range of the {fit_summary['n_rows']} training "
        f"rows, in {n_columns} of {data_min.size} columns"
    ]


def proof_of_fit_on(estimator, fit_summary, eval_summary):
    """Evidence, from a step's own statistics, that it learned from the evaluation rows.

    Returns a list of statements (empty when there is no proof). A learned mean
    that equals the mean of the training and evaluation rows together, or of the
    evaluation rows alone, but not that of the training rows, comes from a fit on
    those rows. A learned minimum or maximum equal to a value that only the
    evaluation rows hold, beyond the range of the training rows, comes from having
    seen it. The number of rows seen then confirms it, but proves nothing alone.
    """
    pooled = _pool(fit_summary, eval_summary)
    evidence = _mean_proof(estimator, fit_summary, eval_summary, pooled)
    evidence += _range_proof(estimator, fit_summary, eval_summary)
    seen = _n_samples_seen(estimator)
    if evidence and seen is not None:
        n_fit, n_eval = fit_summary["n_rows"], eval_summary["n_rows"]
        if seen == pooled["n_rows"]:
            evidence.append(
                f"its n_samples_seen_ is {seen} = {n_fit} + {n_eval}, the training "
                "and evaluation rows together"
            )
        elif seen == n_eval:
            evidence.append(f"its n_samples_seen_ is {seen}, the evaluation rows")
    return evidence
