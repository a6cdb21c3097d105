"""The leakage audit: find leaks already in a data set or in its validation set-up.

Six checks, each a :class:`~safesplit.report._report.Finding` kind with a code of the
taxonomy of Kapoor & Narayanan (2023), see ``docs/audit.md``:

* ``target_proxy`` (L2): a feature that alone predicts the target about as well as
  every feature together, or nearly perfectly;
* ``identifier`` (L2): an ID-like column, or the row order, that carries signal;
* ``temporal`` (L3.1): the validation trains on labels overlapping the test period,
  or shuffled folds score far above time-ordered folds on time-ordered data;
* ``group`` (L3.2): entities shared between training and test;
* ``duplicate`` (L1.4): identical rows on both sides of a split;
* ``preprocessing`` (L1.2): columns scaled, imputed or target-encoded with
  statistics of the whole data set.

Model-based checks run on a random sample of rows (at most ``MODEL_ROWS`` for the
multi-feature model, ``SCREEN_ROWS`` for single-feature screens); structural checks
(duplicates, groups, time overlap, preprocessing signatures) use every row and are
vectorised.
"""

import re
import sys
import time
import warnings

import numpy as np
import pandas as pd
from joblib import Parallel, delayed
from scipy.stats import rankdata
from sklearn.base import clone, is_classifier
from sklearn.ensemble import (
    HistGradientBoostingClassifier,
    HistGradientBoostingRegressor,
)
from sklearn.metrics import get_scorer
from sklearn.model_selection import (
    GroupKFold,
    KFold,
    StratifiedGroupKFold,
    StratifiedKFold,
)
from sklearn.utils.multiclass import type_of_target
from threadpoolctl import threadpool_limits

from safesplit._fingerprint import row_fingerprints
from safesplit.model_selection._base import BaseTimeSplitter
from safesplit.model_selection._describe import iter_split_roles
from safesplit.model_selection._engine import TEST, TRAIN, roles_in_input_order
from safesplit.model_selection._purged import PurgedKFold
from safesplit.model_selection._time import resolve_timeline
from safesplit.report import Finding, LeakageReport

# Rows used by the checks that fit models.
MODEL_ROWS = 20_000
SCREEN_ROWS = 100_000
PROFILE_ROWS = 100_000
N_SPLITS = 5
# Skill is a score rescaled so that chance is 0 and perfect is 1: 2 * AUC - 1 for
# classification (macro one-vs-rest for several classes), R^2 for regression.
PROXY_HIGH_SKILL = 0.90  # alone at least this good, and the other columns worse
PROXY_MEDIUM_SKILL = 0.80
PROXY_MARGIN = 0.02  # "worse": by at least this much skill
PROXY_NEAR_PERFECT = 0.98  # or alone this good (ROC AUC 0.99) ...
PROXY_OTHERS_REMOVE = 0.5  # ... and the other columns remove < 50% of its error
PROXY_SMALL_GAIN = 0.01  # (or add at most this much skill)
PROXY_RESIDUAL_RATIO = 0.70  # medium: the full model removes < 30% of its error
PROXY_MAX_DROP_MODELS = 8
IDENTIFIER_SKILL = {"high": 0.5, "medium": 0.2, "low": 0.05}
ROW_ORDER_SKILL = 0.5
TEMPORAL_GAP = {"high": 0.10, "medium": 0.05}
OVERLAP_HIGH_FRACTION = 0.05
DUPLICATE_FRACTION = {"high": 0.05, "medium": 0.01}
GROUP_SHARED_FRACTION = 0.05
GROUP_SKILL = {"high": 0.10, "medium": 0.02}
UNDECLARED_GROUP_SKILL = 0.10
UNDECLARED_GROUP_RECURRENCE = 0.5
UNDECLARED_GROUP_MAX_ROWS = 50  # more rows per value: a panel unit, at most low
NOISE_SES = 3.0  # weak signals must exceed this many null standard errors
PROGRESS_AFTER_SECONDS = 3.0

_ID_NAME = re.compile(
    r"(^|[_\W])(id|ids|uuid|guid|key|pk|idx|index|ref|no|num|number|code)$"
    r"|^(id|uuid|guid|index|idx|key)[_\W]|^unnamed: ?\d+$|identifier",
    re.IGNORECASE,
)
_ENTITY_NAME = re.compile(
    r"customer|client|user|account|patient|subject|person|member|device|session"
    r"|household|company|employee|student|player|visitor|owner|entity|"
    r"(^|[_\W])id$",
    re.IGNORECASE,
)
_HEX = re.compile(r"^[0-9a-fA-F-]{8,}$")
_CODE = re.compile(r"^[A-Za-z0-9_./:#-]{3,40}$")


# --------------------------------------------------------------------------------------
# Progress on stderr, only when asked or when the audit turns out slow.


class _Progress:
    def __init__(self, verbose):
        self.verbose = bool(verbose)
        self.start = time.perf_counter()
        self.shown = False

    def __call__(self, message):
        elapsed = time.perf_counter() - self.start
        if self.verbose or elapsed > PROGRESS_AFTER_SECONDS:
            print(
                f"[safesplit audit {elapsed:5.1f}s] {message}",
                file=sys.stderr,
                flush=True,
            )
            self.shown = True

    @property
    def elapsed(self):
        return time.perf_counter() - self.start


# --------------------------------------------------------------------------------------
# Inputs.


def _as_frame(X):
    if isinstance(X, pd.DataFrame):
        return X
    if isinstance(X, pd.Series):
        return X.to_frame()
    array = np.asarray(X)
    if array.ndim == 1:
        array = array.reshape(-1, 1)
    if array.ndim != 2:
        raise ValueError(f"X must be two-dimensional, got shape {array.shape}.")
    return pd.DataFrame(array, columns=[f"x{i}" for i in range(array.shape[1])])


def _column_kind(series):
    dtype = series.dtype
    if pd.api.types.is_bool_dtype(dtype):
        return "bool"
    if isinstance(dtype, pd.CategoricalDtype):
        return "categorical"
    if pd.api.types.is_datetime64_any_dtype(dtype) or isinstance(dtype, pd.PeriodDtype):
        return "datetime"
    if pd.api.types.is_timedelta64_dtype(dtype):
        return "timedelta"
    if pd.api.types.is_integer_dtype(dtype):
        return "integer"
    if pd.api.types.is_numeric_dtype(dtype):
        return "float"
    return "categorical"


def _numeric_values(series, kind):
    """A float64 view of any column: level codes for categories (sorted when the
    values can be sorted, so that prefixes and ranges stay together)."""
    if kind in ("float", "integer", "bool"):
        return pd.to_numeric(series, errors="coerce").to_numpy(
            dtype=np.float64, na_value=np.nan
        )
    if kind == "datetime":
        if isinstance(series.dtype, pd.PeriodDtype):
            series = series.dt.to_timestamp()
        if getattr(series.dt, "tz", None) is not None:
            series = series.dt.tz_convert("UTC").dt.tz_localize(None)
        values = series.to_numpy(dtype="datetime64[ns]")
        out = values.astype(np.int64).astype(np.float64)
        out[np.isnat(values)] = np.nan
        return out
    if kind == "timedelta":
        out = series.to_numpy(dtype="timedelta64[ns]").astype(np.int64).astype(float)
        out[series.isna().to_numpy()] = np.nan
        return out
    try:
        codes, _ = pd.factorize(series, sort=True)
    except TypeError:
        codes, _ = pd.factorize(series.astype(str).where(series.notna()), sort=True)
    out = codes.astype(np.float64)
    out[codes < 0] = np.nan
    return out


class _Column:
    """What the audit knows about one feature column (profiled on a sample)."""

    def __init__(self, name, series, n_total):
        self.name = name
        self.kind = _column_kind(series)
        non_null = series.dropna()
        self.n_non_null = len(non_null)
        self.n_unique = int(non_null.nunique())
        self.unique_ratio = self.n_unique / max(self.n_non_null, 1)
        self.integral = False
        if self.kind in ("integer", "bool"):
            self.integral = True
        elif self.kind == "float" and self.n_non_null:
            values = non_null.to_numpy(dtype=np.float64)
            finite = values[np.isfinite(values)]
            self.integral = bool(finite.size) and bool(
                np.all(finite == np.round(finite))
            )
        self.id_like = False
        self.id_reason = ""
        self.n_levels = self.n_unique if self.kind == "categorical" else None

    @property
    def low_card_categorical(self):
        return self.kind in ("categorical", "bool") and self.n_unique <= 64


# --------------------------------------------------------------------------------------
# Scores rescaled to skill: 0 is chance, 1 is perfect.


def _auc(positive, scores):
    n_pos = int(positive.sum())
    n_neg = positive.shape[0] - n_pos
    if n_pos == 0 or n_neg == 0:
        return np.nan
    ranks = rankdata(scores)
    return (ranks[positive].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg)


def _skill(y_true, predictions, task):
    """Skill of predictions: 2 * AUC - 1 (macro one-vs-rest), or R^2."""
    if task == "regression":
        total = np.sum((y_true - y_true.mean()) ** 2)
        if total == 0:
            return np.nan
        return 1.0 - np.sum((y_true - predictions) ** 2) / total
    if predictions.ndim == 1 or predictions.shape[1] == 1:
        return 2.0 * _auc(y_true == 1, predictions.reshape(-1)) - 1.0
    if predictions.shape[1] == 2:
        return 2.0 * _auc(y_true == 1, predictions[:, 1]) - 1.0
    aucs = [
        _auc(y_true == k, predictions[:, k])
        for k in range(predictions.shape[1])
        if 0 < np.count_nonzero(y_true == k) < y_true.shape[0]
    ]
    aucs = [a for a in aucs if not np.isnan(a)]
    return 2.0 * float(np.mean(aucs)) - 1.0 if aucs else np.nan


def _metric_from_skill(skill, task):
    """The familiar score behind a skill: ROC AUC or R^2."""
    if skill is None or np.isnan(skill):
        return np.nan
    return skill if task == "regression" else (skill + 1.0) / 2.0


def _metric_name(task):
    return "R2" if task == "regression" else "ROC AUC"


def _metric_key(task):
    return "r2" if task == "regression" else "auc"


def _null_se(y, task):
    """Standard error of skill under no signal, for out-of-fold predictions of
    ``y``: 2 * SE(AUC) of Hanley & McNeil at AUC 0.5 (the rarest class against
    the rest), or about 1 / sqrt(n) for R^2."""
    n = y.shape[0]
    if task == "regression":
        return 1.0 / np.sqrt(n)
    counts = np.bincount(y)
    n_pos = max(int(counts[counts > 0].min()), 1)
    n_neg = max(n - n_pos, 1)
    return 2.0 * np.sqrt((n + 1) / (12.0 * n_pos * n_neg))


def _mean_se(values):
    values = np.asarray([v for v in values if v is not None and not np.isnan(v)])
    if values.size == 0:
        return np.nan, np.nan
    se = values.std(ddof=1) / np.sqrt(values.size) if values.size > 1 else np.nan
    return float(values.mean()), float(se)


# --------------------------------------------------------------------------------------
# Single-feature power: a cross-fitted histogram model per column, vectorised.


def _bin_codes(values, n_bins, categorical):
    """Integer bin of each value; missing values get the last bin."""
    missing = np.isnan(values)
    if categorical:
        codes = np.where(missing, -1, values).astype(np.int64)
        n_levels = int(codes.max()) + 1 if codes.size else 0
        codes[missing] = n_levels
        return codes, n_levels + 1
    finite = values[~missing]
    if finite.size == 0:
        return np.zeros(values.shape[0], dtype=np.int64), 1
    edges = np.unique(np.quantile(finite, np.linspace(0, 1, n_bins + 1)[1:-1]))
    codes = np.searchsorted(edges, np.where(missing, 0.0, values), side="right")
    codes[missing] = edges.shape[0] + 1
    return codes.astype(np.int64), edges.shape[0] + 2


def _histogram_skills(binnings, y, task, n_classes, splits, smoothing=1.0):
    """Out-of-fold skill of each binning's per-bin target mean, per split.

    ``binnings`` is a list of ``(codes, n_bins)``; returns an array of shape
    ``(len(binnings), len(splits))``.
    """
    out = np.full((len(binnings), len(splits)), np.nan)
    for s, (train, test) in enumerate(splits):
        y_train, y_test = y[train], y[test]
        if task == "regression":
            prior = y_train.mean()
        else:
            prior = np.bincount(y_train, minlength=n_classes) / y_train.shape[0]
        for b, (codes, n_bins) in enumerate(binnings):
            c_train = codes[train]
            counts = np.bincount(c_train, minlength=n_bins).astype(np.float64)
            if task == "regression":
                sums = np.bincount(c_train, weights=y_train, minlength=n_bins)
                table = (sums + smoothing * prior) / (counts + smoothing)
            else:
                sums = np.bincount(
                    c_train * n_classes + y_train, minlength=n_bins * n_classes
                ).reshape(n_bins, n_classes)
                table = (sums + smoothing * prior) / (counts + smoothing)[:, None]
            out[b, s] = _skill(y_test, table[codes[test]], task)
    return out


def _linear_skills(columns, y, task, splits):
    """Out-of-fold skill of each column used monotonically, per split.

    Regression: a least-squares line fitted on the training rows. Two classes:
    the column's values as scores, in the direction its training rows show.
    Missing values get the training mean.
    """
    out = np.full((len(columns), len(splits)), np.nan)
    for s, (train, test) in enumerate(splits):
        y_train = y[train].astype(np.float64)
        for c, values in enumerate(columns):
            x_train, x_test = values[train], values[test]
            finite = np.isfinite(x_train)
            if finite.sum() < 2:
                continue
            mean_x = x_train[finite].mean()
            x_train = np.where(finite, x_train, mean_x)
            x_test = np.where(np.isfinite(x_test), x_test, mean_x)
            dx = x_train - mean_x
            variance = float(dx @ dx)
            if variance == 0:
                continue
            slope = float(dx @ (y_train - y_train.mean())) / variance
            if task == "regression":
                prediction = y_train.mean() + slope * (x_test - mean_x)
                out[c, s] = _skill(y[test], prediction, task)
            else:
                out[c, s] = _skill(y[test], np.sign(slope) * x_test, task)
    return out


# --------------------------------------------------------------------------------------
# The multi-feature model, fitted fold by fold on a sample.


def _default_estimator(task, random_state, categorical_mask, n_classes=0):
    # About 120 trees per fit: one per iteration, or one per class and iteration.
    trees_per_iteration = n_classes if n_classes > 2 else 1
    max_iter = max(15, 60 // trees_per_iteration) if trees_per_iteration > 1 else 60
    params = {
        "max_iter": max_iter,
        "learning_rate": 0.1 if max_iter >= 60 else 0.2,
        "early_stopping": False,
        "random_state": random_state,
        "categorical_features": categorical_mask if categorical_mask.any() else None,
    }
    if task == "regression":
        return HistGradientBoostingRegressor(**params)
    return HistGradientBoostingClassifier(**params)


def _predict(model, X, task, n_classes, model_classes):
    """Predictions as scores: values for regression, one column per class."""
    if task == "regression":
        return np.asarray(model.predict(X), dtype=np.float64)
    if hasattr(model, "predict_proba"):
        proba = np.asarray(model.predict_proba(X))
    elif hasattr(model, "decision_function"):
        proba = np.asarray(model.decision_function(X), dtype=np.float64)
        if proba.ndim == 1:
            proba = np.column_stack([-proba, proba])
    else:
        predicted = np.searchsorted(model_classes, np.asarray(model.predict(X)))
        proba = np.eye(len(model_classes))[predicted]
    full = np.zeros((proba.shape[0], n_classes))
    full[:, model_classes] = proba
    return full


def _fit_score(estimator, X, y, train, test, task, n_classes, scorer, labels):
    """Fit on ``train``, return (skill, user score) on ``test``.

    ``y`` holds class codes (classification) or values; ``labels`` maps codes back
    to the user's labels for a user's estimator (None: fit on the codes).
    """
    take = (lambda rows: X.iloc[rows]) if hasattr(X, "iloc") else (lambda r: X[r])
    if task != "regression" and np.unique(y[train]).shape[0] < 2:
        return np.nan, np.nan
    model = clone(estimator)
    fit_y = y if labels is None else labels[y]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with threadpool_limits(limits=1, user_api="openmp"):
            model.fit(take(train), fit_y[train])
            model_classes = None
            if task != "regression":
                classes = np.asarray(model.classes_)
                model_classes = (
                    classes.astype(np.int64)
                    if labels is None
                    else np.searchsorted(labels, classes)
                )
            predictions = _predict(model, take(test), task, n_classes, model_classes)
            skill = _skill(y[test], predictions, task)
            score = np.nan
            if scorer is not None:
                try:
                    score = float(scorer(model, take(test), fit_y[test]))
                except (ValueError, TypeError):
                    score = np.nan
    return skill, score


def _model_skills(estimator, X, y, splits, task, n_classes, scorer, labels, n_jobs):
    results = Parallel(n_jobs=n_jobs)(
        delayed(_fit_score)(
            estimator, X, y, train, test, task, n_classes, scorer, labels
        )
        for train, test in splits
    )
    skills = np.array([r[0] for r in results], dtype=np.float64)
    scores = np.array([r[1] for r in results], dtype=np.float64)
    return skills, scores


# --------------------------------------------------------------------------------------
# Cross-validation: the user's, or the one a careful user would choose.


def _n_splits_for(y, task, n_rows, wanted=N_SPLITS):
    n_splits = min(wanted, max(n_rows // 2, 2))
    if task != "regression":
        smallest = int(np.bincount(y).min())
        n_splits = min(n_splits, max(smallest, 2))
    return max(n_splits, 2)


def _default_cv(
    task, y, n_rows, *, has_times, groups_codes, random_state, n_splits=None
):
    wanted = N_SPLITS if n_splits is None else n_splits
    if has_times:
        return PurgedKFold(wanted, embargo=0.01), "time"
    if groups_codes is not None:
        n_groups = int(groups_codes.max()) + 1
        k = max(2, min(wanted, n_groups))
        if task != "regression" and int(np.bincount(y).min()) >= k:
            return (
                StratifiedGroupKFold(k, shuffle=True, random_state=random_state),
                "group",
            )
        return GroupKFold(k, shuffle=True, random_state=random_state), "group"
    k = _n_splits_for(y, task, n_rows, wanted)
    if task != "regression" and int(np.bincount(y).min()) >= 2:
        return StratifiedKFold(k, shuffle=True, random_state=random_state), "shuffled"
    return KFold(k, shuffle=True, random_state=random_state), "shuffled"


def _describe_cv(cv):
    text = repr(cv)
    return re.sub(r"\s+", " ", text)


def _split(cv, X, y, groups, times, end_times):
    """List of ``(train, test)`` of any splitter, passing times to ours."""
    if isinstance(cv, BaseTimeSplitter):
        kwargs = {}
        if times is not None and getattr(cv, "time_column", None) is None:
            kwargs["times"] = times
        if end_times is not None:
            kwargs["end_times"] = end_times
        return list(cv.split(X, y, groups, **kwargs))
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="The groups parameter is ignored")
        return list(cv.split(X, y, groups))


def _interleaved(roles_per_split):
    """Whether test sets are scattered over time (shuffled) rather than blocks."""
    blocks = [
        int(np.count_nonzero(np.diff((roles == TEST).astype(np.int8), prepend=0) == 1))
        for roles in roles_per_split
    ]
    return float(np.mean(blocks)) > 2.0, blocks


# --------------------------------------------------------------------------------------
# The audit.


class _Data:
    """Everything the checks share."""


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
):
    """Look for leakage in a data set and in its validation set-up.

    Six checks, each reported as findings of one kind, with a code of the leakage
    taxonomy of Kapoor & Narayanan (2023): ``target_proxy`` and ``identifier``
    (L2), ``temporal`` (L3.1), ``group`` (L3.2), ``duplicate`` (L1.4) and
    ``preprocessing`` (L1.2). ``docs/audit.md`` explains every signal and
    threshold.

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
        removed from training when given), grouped K-fold when ``groups`` are
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
        Folds fitted in parallel (each fit uses one thread).
    verbose : bool, default=False
        Print progress to stderr; without it progress appears only on runs
        longer than a few seconds.

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
    """
    progress = _Progress(verbose)
    data = _prepare(X, y, groups, times, end_times, cv, random_state)
    progress(f"{data.n:,} rows x {len(data.columns)} columns: profiling columns")
    _profile(data)
    _resolve_cv(data, cv, random_state)
    progress(f"splitting the data with {data.cv_text}")
    _structural_splits(data)
    findings = []
    progress("checking preprocessing signatures")
    findings += _check_preprocessing(data)
    progress("checking duplicates across splits")
    findings += _check_duplicates(data)
    progress("screening single columns")
    _screen(data)
    findings += _check_identifiers(data)
    findings += _check_groups(data)
    progress(f"fitting the model on {data.model_rows.shape[0]:,} rows")
    _full_model(data, estimator, scoring, n_jobs)
    progress("comparing single columns with the model")
    findings += _check_proxies(data, n_jobs)
    progress("checking time order")
    findings += _check_temporal(data, n_jobs)
    summary = {
        "n_samples": data.n,
        "n_features": len(data.columns),
        "target_type": data.target_type,
        "cv": data.cv_text,
        "model": data.model_text,
        "metric": _metric_name(data.task),
        "model_score": _metric_from_skill(data.full_skill, data.task),
        "model_skill": data.full_skill,
        "n_model_rows": int(data.model_rows.shape[0]),
        "n_screen_rows": int(data.screen_rows.shape[0]),
        "times": data.time_source,
        "seconds": round(progress.elapsed, 2),
    }
    strongest = sorted(
        (
            (name, value[0])
            for name, value in data.single.items()
            if name != "__row_order__" and not np.isnan(value[0])
        ),
        key=lambda item: -item[1],
    )[:5]
    summary["strongest_single_columns"] = {
        str(name): _metric_from_skill(skill, data.task) for name, skill in strongest
    }
    if data.user_scores is not None and np.isfinite(data.user_scores).any():
        summary["scoring"] = str(scoring)
        summary["score"] = float(np.nanmean(data.user_scores))
    progress(f"done: {len(findings)} finding(s)")
    return LeakageReport(findings, summary, cv=data.cv)


def _prepare(X, y, groups, times, end_times, cv, random_state):
    data = _Data()
    data.X_input = X
    frame = _as_frame(X)
    data.n = frame.shape[0]
    if data.n == 0:
        raise ValueError("X has no rows; there is nothing to audit.")
    y_values = y.to_numpy() if isinstance(y, pd.Series | pd.Index) else np.asarray(y)
    if y_values.ndim != 1:
        y_values = y_values.reshape(-1) if y_values.size == data.n else y_values
    if y_values.shape[0] != data.n:
        raise ValueError(
            f"y has {y_values.shape[0]} entries but X has {data.n} rows; pass one "
            "target per row."
        )
    missing = pd.isna(y_values)
    if missing.any():
        raise ValueError(
            f"y has {int(missing.sum())} missing value(s); drop those rows first "
            "(a row without a label cannot be validated)."
        )
    if random_state is None:
        seed = 0
    elif isinstance(random_state, np.random.RandomState):
        seed = int(random_state.randint(2**31 - 1))
    else:
        seed = int(random_state)
    data.seed = seed
    target_type = type_of_target(y_values)
    if target_type == "multiclass" and _looks_continuous(y_values):
        target_type = "continuous"
    if target_type in ("binary", "multiclass"):
        labels, codes = np.unique(y_values, return_inverse=True)
        if labels.shape[0] < 2:
            raise ValueError(
                f"the target has a single class ({labels[0]!r}); there is nothing "
                "to predict."
            )
        data.task = "classification"
        data.y = codes.astype(np.int64)
        data.labels = labels
        data.n_classes = labels.shape[0]
    elif target_type == "continuous":
        data.task = "regression"
        data.y = y_values.astype(np.float64)
        data.labels = None
        data.n_classes = 0
        if np.unique(data.y).shape[0] < 2:
            raise ValueError("the target is constant; there is nothing to predict.")
    else:
        if np.unique(y_values).shape[0] < 2:
            raise ValueError(
                f"the target has a single class ({y_values[0]!r}); there is "
                "nothing to predict."
            )
        raise ValueError(
            f"the target is {target_type}; audit needs one column of classes or "
            "of numbers."
        )
    data.target_type = (
        "regression"
        if data.task == "regression"
        else f"{'binary' if data.n_classes == 2 else 'multiclass'} classification "
        f"({data.n_classes} classes)"
    )
    data.y_original = y_values

    # Times: given, the splitter's time column, or X's time index.
    time_column = getattr(cv, "time_column", None)
    data.time_column = None
    data.time_source = None
    if times is not None:
        data.time_source = "times"
    elif time_column is not None and isinstance(X, pd.DataFrame):
        times = X[time_column]
        data.time_column = time_column
        data.time_source = f"column {time_column!r}"
    elif isinstance(
        getattr(X, "index", None), pd.DatetimeIndex | pd.PeriodIndex | pd.TimedeltaIndex
    ):
        times = X.index
        data.time_source = "X.index"
    if end_times is not None and times is None:
        raise ValueError(
            "end_times were given but no times: pass times=... (or a time index) "
            "so that the label intervals have a start."
        )
    data.times = times
    data.end_times = end_times
    data.timeline = (
        resolve_timeline(X, times=times, end_times=end_times)
        if times is not None
        else None
    )
    data.has_times = data.timeline is not None
    data.has_horizon = bool(
        data.has_times and np.any(data.timeline.end_times > data.timeline.times)
    )
    # Columns used as features.
    columns = [c for c in frame.columns if c != data.time_column]
    data.frame = frame
    data.columns = columns
    if groups is not None:
        group_values = groups if hasattr(groups, "array") else np.asarray(groups)
        if len(group_values) != data.n:
            raise ValueError(
                f"groups has {len(group_values)} entries but X has {data.n} rows."
            )
        codes, uniques = pd.factorize(group_values)
        if (codes < 0).any():
            raise ValueError(
                f"groups contain {int((codes < 0).sum())} missing value(s); every "
                "row needs an entity group."
            )
        data.group_codes = codes.astype(np.int64)
        data.n_groups = len(uniques)
    else:
        data.group_codes = None
    data.groups = groups
    rng = np.random.default_rng(seed)
    data.screen_rows = _sample(rng, data.n, SCREEN_ROWS)
    data.model_rows = (
        data.screen_rows
        if data.screen_rows.shape[0] <= MODEL_ROWS
        else np.sort(rng.choice(data.screen_rows, MODEL_ROWS, replace=False))
    )
    data.profile_rows = (
        data.screen_rows
        if data.screen_rows.shape[0] <= PROFILE_ROWS
        else np.sort(rng.choice(data.screen_rows, PROFILE_ROWS, replace=False))
    )
    return data


def _looks_continuous(values):
    """Integers (or integral floats) with many distinct values are quantities."""
    if not pd.api.types.is_numeric_dtype(np.asarray(values).dtype):
        return False
    n_unique = np.unique(values).shape[0]
    return n_unique > 50 or (n_unique > 20 and n_unique > 0.05 * values.shape[0])


def _sample(rng, n, size):
    if n <= size:
        return np.arange(n)
    return np.sort(rng.choice(n, size, replace=False))


def _profile(data):
    frame = data.frame
    profile = frame.iloc[data.profile_rows]
    data.info = {}
    for name in data.columns:
        data.info[name] = _Column(name, profile[name], data.n)
    # Identifier-like columns.
    for column in data.info.values():
        _classify_identifier(column, frame[column.name], data)


def _classify_identifier(column, series, data):
    named = bool(_ID_NAME.search(str(column.name)))
    if column.kind in ("float",) and not column.integral:
        return
    if column.kind in ("datetime", "timedelta", "bool"):
        return
    if column.unique_ratio < 0.5:
        return
    if column.kind == "categorical":
        sample = series.iloc[data.profile_rows[:2000]].dropna().astype(str)
        if sample.empty:
            return
        hexlike = sample.str.match(_HEX).mean() > 0.95
        codelike = sample.str.match(_CODE).mean() > 0.95
        if hexlike and sample.str.len().nunique() <= 2:
            column.id_like, column.id_reason = True, "hash-like strings"
        elif named:
            column.id_like, column.id_reason = True, "an ID-like name"
        elif codelike and column.unique_ratio >= 0.9:
            column.id_like, column.id_reason = True, "near-unique codes"
        return
    # Integers (or integral floats).
    values = pd.to_numeric(series, errors="coerce").to_numpy(
        dtype=np.float64, na_value=np.nan
    )
    finite = values[np.isfinite(values)]
    if finite.size < 2:
        return
    if named:
        column.id_like, column.id_reason = True, "an ID-like name"
        return
    if column.unique_ratio < 0.9:
        return
    span = finite.max() - finite.min() + 1
    n_unique = np.unique(finite).shape[0]
    if span <= 1.5 * n_unique:
        column.id_like, column.id_reason = True, "a near-consecutive counter"
        return
    order = np.argsort(finite, kind="stable")
    if np.all(np.diff(order) > 0) and n_unique == finite.size:
        column.id_like, column.id_reason = True, "increasing with the row order"
        return
    if finite.min() >= 0 and finite.max() >= 1e12:
        column.id_like, column.id_reason = True, "hash-like large integers"


def _resolve_cv(data, cv, random_state):
    data.user_cv = cv is not None and not isinstance(cv, int | np.integer)
    if data.user_cv:
        if not hasattr(cv, "split"):
            raise TypeError(
                f"cv must be None, an int or a splitter with a split method, got "
                f"{type(cv).__name__}."
            )
        data.cv = cv
        data.cv_kind = "user"
    else:
        data.cv, data.cv_kind = _default_cv(
            data.task,
            data.y,
            data.n,
            has_times=data.has_times,
            groups_codes=data.group_codes,
            random_state=data.seed,
            n_splits=None if cv is None else int(cv),
        )
    data.cv_text = _describe_cv(data.cv)
    if data.cv_kind == "time" and data.group_codes is not None:
        data.cv_text += " with groups removed from training"


def _cv_inputs(data, rows):
    """X, y, groups, times and end_times of some rows, for ``cv.split``."""
    frame = data.frame.iloc[rows] if rows is not None else data.frame
    y = data.y if rows is None else data.y[rows]
    if data.task == "classification":
        y = data.y_original if rows is None else data.y_original[rows]
    groups = None
    if data.group_codes is not None:
        groups = data.group_codes if rows is None else data.group_codes[rows]
    times = end_times = None
    if data.times is not None and data.time_column is None:
        times = _take(data.times, rows)
        end_times = None if data.end_times is None else _take(data.end_times, rows)
    elif data.end_times is not None:
        end_times = _take(data.end_times, rows)
    return frame, y, groups, times, end_times


def _take(values, rows):
    if rows is None:
        return values
    if isinstance(values, pd.Series):
        return values.iloc[rows]
    if isinstance(values, pd.Index):
        return values[rows]
    return np.asarray(values)[rows]


def _structural_splits(data):
    """Roles of every row in every split of the audited cv (all rows)."""
    frame, y, groups, times, end_times = _cv_inputs(data, None)
    X_split = data.X_input if data.time_column is not None else frame
    if (
        isinstance(data.cv, BaseTimeSplitter)
        and getattr(data.cv, "time_column", None) is not None
    ):
        times_arg = None
    else:
        times_arg = times
    data.split_roles = []
    data.split_timeline = None
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="The groups parameter is ignored")
        for timeline, roles in iter_split_roles(
            data.cv, X_split, y, groups=groups, times=times_arg, end_times=end_times
        ):
            data.split_timeline = timeline
            data.split_roles.append(roles)
    data.n_splits = len(data.split_roles)
    if data.n_splits == 0:
        raise ValueError(f"{data.cv_text} produced no split.")
    data.input_roles = [
        roles_in_input_order(data.split_timeline, roles) for roles in data.split_roles
    ]
    data.interleaved, data.test_blocks = _interleaved(data.split_roles)


def _sample_splits(data, rows, cv=None):
    frame, y, groups, times, end_times = _cv_inputs(data, rows)
    return _split(data.cv if cv is None else cv, frame, y, groups, times, end_times)


# --------------------------------------------------------------------------------------
# Preprocessing signatures (all rows).


def _check_preprocessing(data):
    findings = []
    frame = data.frame
    numeric = [c for c in data.columns if data.info[c].kind in ("float", "integer")]
    train0 = data.input_roles[0] == TRAIN
    scaled, centered, minmax = [], [], []
    evidence = {}
    for name in numeric:
        info = data.info[name]
        if info.n_unique < 2:
            continue
        values = frame[name].to_numpy(dtype=np.float64, na_value=np.nan)
        finite = np.isfinite(values)
        if finite.sum() < 20:
            continue
        v = values[finite]
        tolerance = 1e-5 if frame[name].dtype == np.float32 else 1e-8
        mean = float(v.mean())
        std0 = float(v.std())
        if std0 == 0:
            continue
        std1 = float(v.std(ddof=1))
        if abs(mean) <= tolerance * std0:
            train_values = values[train0 & finite]
            train_mean = float(train_values.mean()) if train_values.size else np.nan
            if abs(std0 - 1) <= tolerance or abs(std1 - 1) <= tolerance:
                scaled.append(name)
            elif info.n_unique >= 10 and not info.integral:
                centered.append(name)
            else:
                continue
            evidence[name] = {
                "mean_all_rows": mean,
                "std_all_rows": std0,
                "mean_train_split_0": train_mean,
            }
            continue
        if (
            not info.integral
            and v.min() == 0.0
            and v.max() == 1.0
            and np.count_nonzero(v == 0.0) == 1
            and np.count_nonzero(v == 1.0) == 1
        ):
            minmax.append(name)
            evidence[name] = {"min_all_rows": 0.0, "max_all_rows": 1.0}
    if scaled or centered or minmax:
        parts = []
        for label, names in (
            ("standardised (mean 0, std 1) over all rows", scaled),
            ("centred (mean exactly 0) over all rows", centered),
            ("min-max scaled to exactly [0, 1] over all rows", minmax),
        ):
            if names:
                parts.append(f"{label}: {', '.join(map(str, names))}")
        findings.append(
            Finding(
                "preprocessing",
                "low",
                "L1.2",
                scaled + centered + minmax,
                [],
                evidence,
                "Columns look "
                + "; ".join(parts)
                + ". Their statistics include the test rows of every split (the "
                "training rows alone are not centred). A linear rescaling rarely "
                "moves scores, but it means preprocessing ran before the split: "
                "check that imputation, feature selection and encodings did not, and "
                "fit the scaler inside a Pipeline on raw columns.",
            )
        )
    findings += _check_imputation(data, numeric)
    findings += _check_target_encoding(data)
    return findings


def _check_imputation(data, numeric):
    findings = []
    frame = data.frame
    profile = frame.iloc[data.profile_rows]
    for name in numeric:
        info = data.info[name]
        if info.integral or info.n_unique < 20:
            continue
        sample = profile[name].dropna()
        counts = sample.value_counts()
        if counts.empty:
            continue
        value, count = counts.index[0], int(counts.iloc[0])
        if count < max(5, 0.01 * sample.shape[0]):
            continue
        # The other values must be continuous, and the mass point not a round value.
        others = counts.iloc[1:]
        if others.shape[0] < 10 or (others > 1).mean() > 0.5:
            continue
        if float(value) == round(float(value), 2):
            continue
        values = frame[name].to_numpy(dtype=np.float64, na_value=np.nan)
        finite = values[np.isfinite(values)]
        n_value = int(np.count_nonzero(finite == value))
        mean, median = float(finite.mean()), float(np.median(finite))
        tolerance = 1e-9 * max(1.0, abs(float(value)))
        statistic = None
        observed = finite[finite != value]
        if abs(value - mean) <= tolerance:
            statistic = "mean"
        elif abs(value - median) <= tolerance:
            statistic = "median"
        elif observed.size and abs(value - observed.mean()) <= 1e-7 * max(
            1.0, abs(float(value))
        ):
            statistic = "mean"
        if statistic is None:
            continue
        findings.append(
            Finding(
                "preprocessing",
                "low",
                "L1.2",
                [name],
                [],
                {
                    "imputed_value": float(value),
                    "n_rows_with_value": n_value,
                    "fraction_of_rows": n_value / data.n,
                    f"{statistic}_all_rows": float(value),
                },
                f"{n_value:,} rows ({n_value / data.n:.1%}) of {name!r} hold "
                f"{float(value):.6g}, exactly the {statistic} of the column over all "
                "rows: they look imputed with a statistic of the whole data set, "
                "test rows included. Impute inside the Pipeline (SimpleImputer) so "
                "each split uses its training rows; add a missing-value indicator "
                "if missingness is informative.",
            )
        )
    return findings


def _check_target_encoding(data):
    """A column whose every level equals the target mean over its rows."""
    findings = []
    if data.task == "classification" and data.n_classes > 2:
        return findings
    frame = data.frame
    y = data.y.astype(np.float64)
    for name in data.columns:
        info = data.info[name]
        if info.kind != "float" or info.id_like:
            continue
        if not 3 <= info.n_unique <= max(3, 0.5 * data.n):
            continue
        values = frame[name].to_numpy(dtype=np.float64, na_value=np.nan)
        finite = np.isfinite(values)
        if finite.mean() < 0.95:
            continue
        codes, levels = pd.factorize(values[finite])
        counts = np.bincount(codes)
        means = np.bincount(codes, weights=y[finite]) / counts
        tolerance = 1e-6 * max(1.0, float(np.abs(levels).max()))
        matches = np.abs(means - levels) <= tolerance
        repeated = counts >= 2
        covered = counts[matches & repeated].sum() / finite.sum()
        if covered < 0.95 or (matches & repeated).sum() < 3:
            continue
        if data.task == "classification" and np.isin(levels, (0.0, 1.0)).all():
            continue
        small = counts[counts < 30].sum() / counts.sum()
        severity = "high" if small >= 0.1 else "medium"
        findings.append(
            Finding(
                "preprocessing",
                severity,
                "L1.2",
                [name],
                [],
                {
                    "n_levels": int(levels.shape[0]),
                    "fraction_rows_equal_level_target_mean": float(covered),
                    "median_rows_per_level": float(np.median(counts)),
                },
                f"Every value of {name!r} equals the mean target of the rows that "
                f"share it ({covered:.0%} of rows, {levels.shape[0]} levels): a "
                "target encoding computed on all rows, so each row's own label (and "
                "every test label) is inside its feature"
                + (
                    "; with small categories that is a strong leak"
                    if severity == "high"
                    else ""
                )
                + ". Encode inside the Pipeline with sklearn's TargetEncoder, "
                "which cross-fits.",
            )
        )
    return findings


# --------------------------------------------------------------------------------------
# Duplicates (all rows, hashed).


def _check_duplicates(data):
    frame = data.frame
    ignored = [c for c in data.columns if data.info[c].id_like]
    used = [c for c in data.columns if c not in ignored]
    if not used:
        return []
    hashes = row_fingerprints(frame[used])
    duplicated = pd.Series(hashes).duplicated(keep=False).to_numpy()
    if not duplicated.any():
        return []
    dup_rows = np.flatnonzero(duplicated)
    dup_hashes = hashes[dup_rows]
    codes, _ = pd.factorize(dup_hashes)
    n_codes = int(codes.max()) + 1
    per_split, folds = [], []
    total_test, total_copied = 0, 0
    agree, copied_all = 0, 0
    y_dup = data.y[dup_rows]
    for index, roles in enumerate(data.input_roles):
        r = roles[dup_rows]
        n_test = int(np.count_nonzero(roles == TEST))
        in_train = np.zeros(n_codes, dtype=bool)
        in_train[codes[r == TRAIN]] = True
        copied = (r == TEST) & in_train[codes]
        n_copied = int(copied.sum())
        total_test += n_test
        total_copied += n_copied
        per_split.append(n_copied / max(n_test, 1))
        if n_copied:
            folds.append(index)
            # Does the copy in training carry the same label?
            if data.task == "classification":
                label_sets = np.zeros((n_codes, data.n_classes), dtype=bool)
                train_mask = r == TRAIN
                label_sets[codes[train_mask], y_dup[train_mask]] = True
                agree += int(label_sets[codes[copied], y_dup[copied]].sum())
                copied_all += n_copied
    if total_copied == 0:
        return []
    fraction = total_copied / max(total_test, 1)
    # Copies of rows with a continuous value cannot be chance coincidences.
    continuous = [
        c
        for c in used
        if data.info[c].kind == "float" and data.info[c].unique_ratio >= 0.5
    ]
    evidence = {
        "n_duplicated_rows": int(dup_rows.shape[0]),
        "test_rows_with_copy_in_train": int(total_copied),
        "fraction_of_test_rows": float(fraction),
        "fraction_per_split": [float(f) for f in per_split],
        "columns_ignored_as_ids": ignored,
    }
    if copied_all:
        evidence["fraction_same_label"] = agree / copied_all
    if continuous:
        severity = (
            "high"
            if fraction >= DUPLICATE_FRACTION["high"]
            else "medium"
            if fraction >= DUPLICATE_FRACTION["medium"]
            else "low"
        )
        expected = 0.0
    else:
        # Only discrete columns: how many rows would match by chance?
        profile = frame[used].iloc[data.profile_rows]
        collision = 1.0
        for c in used:
            p = profile[c].value_counts(normalize=True, dropna=False).to_numpy()
            collision *= float(np.sum(p**2))
        expected = min(1.0, collision * data.n)
        evidence["expected_fraction_by_chance"] = expected
        if dup_rows.shape[0] / data.n <= 3 * expected + 0.01:
            severity = "info"
        else:
            severity = "medium" if fraction >= DUPLICATE_FRACTION["medium"] else "low"
    message = (
        f"{total_copied:,} test rows ({fraction:.1%}) have an identical row in "
        f"training, in {len(folds)} of {data.n_splits} splits"
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
    return [Finding("duplicate", severity, "L1.4", [], folds, evidence, message)]


# --------------------------------------------------------------------------------------
# Single-column screen (sampled rows).


def _screen(data):
    rows = data.screen_rows
    frame = data.frame.iloc[rows]
    y = data.y[rows]
    n_rows = rows.shape[0]
    binnings, owners = [], []
    fine = int(np.clip(n_rows // 50, 8, 64))
    data.screen_values = {}
    for name in data.columns:
        info = data.info[name]
        values = _numeric_values(frame[name], info.kind)
        data.screen_values[name] = values
        if info.low_card_categorical:
            binnings.append(_bin_codes(values, 0, categorical=True))
            owners.append(name)
            continue
        for n_bins in sorted({8, fine}):
            binnings.append(_bin_codes(values, n_bins, categorical=False))
            owners.append(name)
    # Row order (its position), when it is not simply time order.
    check_order = not data.has_times or data.split_timeline.order is not None
    if check_order:
        position = rows.astype(np.float64)
        for n_bins in sorted({8, fine}):
            binnings.append(_bin_codes(position, n_bins, categorical=False))
            owners.append(None)
    data.screen_splits = _sample_splits(data, rows)
    data.null_se = _null_se(y, data.task)
    skills = _histogram_skills(
        binnings, y, data.task, data.n_classes, data.screen_splits
    )
    # A monotone (linear) use of each numeric column too: it does not lose the
    # precision of an exact proxy to the bins.
    if data.task == "regression" or data.n_classes == 2:
        numeric = [
            name
            for name in data.columns
            if not data.info[name].low_card_categorical
            and data.info[name].kind != "categorical"
        ]
        if numeric:
            linear = _linear_skills(
                [data.screen_values[name] for name in numeric],
                y,
                data.task,
                data.screen_splits,
            )
            owners = owners + numeric
            skills = np.vstack([skills, linear])
    data.single = {}
    for owner, per_split in zip(owners, skills):
        mean, se = _mean_se(per_split)
        key = "__row_order__" if owner is None else owner
        best = data.single.get(key)
        if best is None or (not np.isnan(mean) and mean > best[0]):
            data.single[key] = (mean, se, per_split)


def _severity_by(skill, thresholds):
    for severity in ("high", "medium", "low"):
        if severity in thresholds and skill >= thresholds[severity]:
            return severity
    return None


def _check_identifiers(data):
    findings = []
    metric = _metric_name(data.task)
    key = _metric_key(data.task)
    for name, info in data.info.items():
        if not info.id_like:
            continue
        skill, se, _ = data.single[name]
        skill = 0.0 if np.isnan(skill) else skill
        severity = _severity_by(skill, IDENTIFIER_SKILL)
        if severity is not None and skill < NOISE_SES * data.null_se:
            severity = None
        evidence = {
            "reason": info.id_reason,
            "unique_fraction": info.unique_ratio,
            "skill_alone": skill,
            f"{key}_alone": _metric_from_skill(skill, data.task),
        }
        if severity is None:
            findings.append(
                Finding(
                    "identifier",
                    "info",
                    "L2",
                    [name],
                    [],
                    evidence,
                    f"{name!r} looks like an identifier ({info.id_reason}) but "
                    "carries no measurable signal about the target. A model can "
                    "still memorise it; drop it from the features.",
                )
            )
            continue
        findings.append(
            Finding(
                "identifier",
                severity,
                "L2",
                [name],
                [],
                evidence,
                f"{name!r} looks like an identifier ({info.id_reason}) yet alone "
                f"predicts the target with {metric} "
                f"{_metric_from_skill(skill, data.task):.3f} out of fold: the "
                "way IDs were assigned encodes the outcome (or the time, or the "
                "source of the row). Drop it from the features; keep it only as a "
                "key (or as groups=... if it names an entity).",
            )
        )
    if "__row_order__" in data.single:
        skill, se, _ = data.single["__row_order__"]
        if not np.isnan(skill) and skill >= ROW_ORDER_SKILL:
            findings.append(
                Finding(
                    "identifier",
                    "low",
                    "L2",
                    [],
                    [],
                    {
                        "skill_of_row_position": skill,
                        f"{key}_of_row_position": _metric_from_skill(skill, data.task),
                    },
                    "The row order alone predicts the target "
                    f"({metric} {_metric_from_skill(skill, data.task):.3f} from the "
                    "position of a row): the rows are sorted by the outcome, or by "
                    "time or source. Harmless while the index is not a feature and "
                    "folds are shuffled or stratified; if rows are in time order, "
                    "pass times= so that the audit checks temporal leakage.",
                )
            )
    return findings


# --------------------------------------------------------------------------------------
# Groups: declared entities, and columns that behave like entities.


def _group_outcome_skill(data, sample_codes, y):
    """Out-of-fold skill of predicting a row's outcome from its group's other rows.

    Returns the mean skill over the screening splits and its standard error.
    """
    sample_codes, _ = pd.factorize(sample_codes)
    binning = (sample_codes.astype(np.int64), int(sample_codes.max()) + 1)
    per_split = _histogram_skills(
        [binning], y, data.task, data.n_classes, data.screen_splits
    )[0]
    return _mean_se(per_split)


def _check_groups(data):
    findings = []
    metric = _metric_name(data.task)
    key = _metric_key(data.task)
    rows = data.screen_rows
    y = data.y[rows]
    if data.group_codes is not None:
        codes = data.group_codes
        shared, folds = [], []
        for index, roles in enumerate(data.input_roles):
            in_train = np.zeros(data.n_groups, dtype=bool)
            in_train[codes[roles == TRAIN]] = True
            test = roles == TEST
            frac = float(in_train[codes[test]].mean()) if test.any() else 0.0
            shared.append(frac)
            if frac > 0:
                folds.append(index)
        fraction = float(np.mean(shared))
        if folds:
            skill, _ = _group_outcome_skill(data, codes[rows], y)
            skill = 0.0 if np.isnan(skill) else skill
            if fraction >= GROUP_SHARED_FRACTION and skill >= GROUP_SKILL["high"]:
                severity = "high"
            elif skill >= max(GROUP_SKILL["medium"], NOISE_SES * data.null_se):
                severity = "medium"
            else:
                severity = "low"
            findings.append(
                Finding(
                    "group",
                    severity,
                    "L3.2",
                    [],
                    folds,
                    {
                        "fraction_of_test_rows_with_group_in_train": fraction,
                        "fraction_per_split": shared,
                        "n_groups": data.n_groups,
                        "skill_of_group_mean": skill,
                        f"{key}_of_group_mean": _metric_from_skill(skill, data.task),
                    },
                    f"{fraction:.0%} of test rows belong to an entity (groups) that "
                    f"is also in training, in {len(folds)} of {data.n_splits} "
                    "splits; the other rows of an entity predict its outcome with "
                    f"{metric} {_metric_from_skill(skill, data.task):.3f}, so "
                    "the score rewards recognising entities, not generalising to "
                    "new ones. Use a group-aware splitter (GroupKFold, "
                    "StratifiedGroupKFold, or PurgedKFold/WalkForward with groups).",
                )
            )
    # Undeclared: a high-cardinality column whose values recur across folds.
    for name, info in data.info.items():
        if info.kind not in ("categorical", "integer") or info.unique_ratio >= 0.9:
            continue
        if info.kind == "float" or info.n_unique < 20:
            continue
        entity_name = bool(_ENTITY_NAME.search(str(name))) or info.id_like
        rows_per_value = 1.0 / max(info.unique_ratio, 1e-12)
        if info.kind == "integer" and not entity_name:
            continue
        if not entity_name and rows_per_value > 10:
            continue
        if info.unique_ratio < 0.01 and not entity_name:
            continue
        if data.group_codes is not None and _same_partition(
            data.frame[name], data.group_codes
        ):
            continue
        codes, _ = pd.factorize(data.frame[name])
        codes = codes.astype(np.int64)
        n_codes = int(codes.max()) + 2
        codes[codes < 0] = n_codes - 1
        recurrence = []
        for roles in data.input_roles:
            in_train = np.zeros(n_codes, dtype=bool)
            in_train[codes[roles == TRAIN]] = True
            test = roles == TEST
            recurrence.append(float(in_train[codes[test]].mean()) if test.any() else 0)
        recur = float(np.mean(recurrence))
        if recur < UNDECLARED_GROUP_RECURRENCE:
            continue
        skill, se = _group_outcome_skill(data, codes[rows], y)
        if np.isnan(skill) or skill < UNDECLARED_GROUP_SKILL:
            continue
        if skill < NOISE_SES * data.null_se:
            continue
        # Entities that leak (patients, customers) have a few rows each; a value
        # with very many rows (a store in a daily panel) is a unit production
        # sees again, so it is only mentioned.
        few_rows = rows_per_value <= UNDECLARED_GROUP_MAX_ROWS
        severity = "medium" if entity_name and few_rows else "low"
        findings.append(
            Finding(
                "group",
                severity,
                "L3.2",
                [name],
                [i for i, r in enumerate(recurrence) if r > 0],
                {
                    "n_values": info.n_unique,
                    "rows_per_value": rows_per_value,
                    "fraction_of_test_rows_with_value_in_train": recur,
                    "skill_of_value_mean": skill,
                    f"{key}_of_value_mean": _metric_from_skill(skill, data.task),
                },
                f"{name!r} has {info.n_unique:,} values that recur across the "
                f"splits ({recur:.0%} of test rows share a value with training), "
                f"and the outcomes of the other rows with the same value predict "
                f"a row's outcome ({metric} "
                f"{_metric_from_skill(skill, data.task):.3f}). If it names an "
                "entity (a customer, a patient), rows are not independent: pass it "
                "as groups=... so no entity is on both sides of a split, and drop "
                "it from the features. If production sees the same values again, "
                "it is an ordinary category.",
            )
        )
    return findings


def _same_partition(series, group_codes):
    codes, _ = pd.factorize(series)
    pairs = pd.DataFrame({"a": codes, "b": group_codes})
    return pairs.drop_duplicates().shape[0] == max(
        pd.Series(codes).nunique(), pd.Series(group_codes).nunique()
    )


# --------------------------------------------------------------------------------------
# The full model and target proxies.


def _model_matrix(data, rows, columns=None):
    columns = data.columns if columns is None else columns
    frame = data.frame.iloc[rows]
    matrix = np.empty((rows.shape[0], len(columns)), dtype=np.float64)
    categorical = np.zeros(len(columns), dtype=bool)
    for j, name in enumerate(columns):
        info = data.info[name]
        values = _numeric_values(frame[name], info.kind)
        # A column without any value carries nothing (and trips the binning).
        matrix[:, j] = values if np.isfinite(values).any() else 0.0
        categorical[j] = (
            info.kind == "categorical" and 0 < info.n_unique < 250 and not info.id_like
        )
    return matrix, categorical


def _full_model(data, estimator, scoring, n_jobs):
    rows = data.model_rows
    data.model_splits = _sample_splits(data, rows)
    data.scorer = None if scoring is None else get_scorer(scoring)
    matrix, categorical = _model_matrix(data, rows)
    data.coded_X, data.coded_categorical = matrix, categorical
    data.default_estimator = estimator is None
    if estimator is None:
        data.model_X = matrix
        data.estimator = _default_estimator(
            data.task, data.seed, categorical, data.n_classes
        )
        data.model_text = (
            f"{type(data.estimator).__name__}(max_iter={data.estimator.max_iter}) "
            "on coded columns"
        )
    else:
        if data.task == "classification" and not is_classifier(estimator):
            warnings.warn(
                "estimator is not a classifier but the target holds classes; the "
                "audit uses its predictions as scores.",
                stacklevel=3,
            )
        data.model_X = data.frame.iloc[rows]
        if data.time_column is not None:
            data.model_X = data.X_input.iloc[rows]
        data.estimator = estimator
        data.model_text = type(estimator).__name__
    labels = data.labels if estimator is not None else None
    data.model_labels = labels
    skills, scores = _model_skills(
        data.estimator,
        data.model_X,
        data.y[rows],
        data.model_splits,
        data.task,
        data.n_classes,
        data.scorer,
        labels,
        n_jobs,
    )
    data.full_skills = skills
    data.full_skill, data.full_se = _mean_se(skills)
    data.user_scores = scores if data.scorer is not None else None


def _rest_skill(data, drop, n_jobs):
    """Skill of the default model without the columns in ``drop``."""
    keep = [j for j, name in enumerate(data.columns) if name not in drop]
    if not keep:
        return 0.0
    estimator = _default_estimator(
        data.task, data.seed, data.coded_categorical[keep], data.n_classes
    )
    skills, _ = _model_skills(
        estimator,
        data.coded_X[:, keep],
        data.y[data.model_rows],
        data.model_splits,
        data.task,
        data.n_classes,
        None,
        None,
        n_jobs,
    )
    return _mean_se(skills)[0]


def _check_proxies(data, n_jobs):
    """Columns that alone predict the target as well as everything else.

    A column is a proxy when, alone, it is nearly perfect and the full model adds
    nothing, or when it is very strong and every other column together (leaving
    out columns already flagged as leaky) falls short of it. A strong honest
    feature is one the rest of the data can match or beat.
    """
    findings = []
    metric = _metric_name(data.task)
    key = _metric_key(data.task)
    full = data.full_skill
    singles = {
        name: data.single[name][0]
        for name, info in data.info.items()
        if not info.id_like and not np.isnan(data.single[name][0])
    }
    leaky = {
        name
        for name, info in data.info.items()
        if info.id_like and data.single[name][0] >= IDENTIFIER_SKILL["medium"]
    } | {name for name, skill in singles.items() if skill >= PROXY_NEAR_PERFECT}
    strong = sorted(
        (name for name, skill in singles.items() if skill >= PROXY_HIGH_SKILL),
        key=lambda name: -singles[name],
    )[:PROXY_MAX_DROP_MODELS]
    for name, skill in sorted(singles.items(), key=lambda item: -item[1]):
        if skill < PROXY_MEDIUM_SKILL:
            continue
        # Comparing with "the other columns" needs some: with fewer than two,
        # only a near-perfect column is a proxy.
        n_others = len([c for c in data.columns if c not in leaky | {name}])
        comparable = n_others >= 2
        with_it, rest = full, np.nan
        if name in strong:
            # Every column but those already found leaky, this one included ...
            flagged = leaky - {name}
            if flagged or not data.default_estimator:
                with_it = _rest_skill(data, flagged, n_jobs)
            # ... and the same without this one.
            if comparable:
                rest = _rest_skill(data, leaky | {name}, n_jobs)
        # Share of the column's remaining error that the other columns remove: an
        # honest strong feature is one the full model needs the others to beat.
        removed = (
            np.nan if np.isnan(with_it) else (with_it - skill) / max(1.0 - skill, 1e-9)
        )
        others_add_little = not np.isnan(removed) and (
            removed < PROXY_OTHERS_REMOVE or with_it - skill <= PROXY_SMALL_GAIN
        )
        beats_rest = not np.isnan(rest) and skill >= rest + PROXY_MARGIN
        ratio = (
            np.nan if np.isnan(with_it) else (1.0 - with_it) / max(1.0 - skill, 1e-9)
        )
        if others_add_little and (
            skill >= PROXY_NEAR_PERFECT or (skill >= PROXY_HIGH_SKILL and beats_rest)
        ):
            severity = "high"
        elif (skill >= PROXY_HIGH_SKILL and beats_rest) or (
            comparable and not np.isnan(ratio) and ratio >= PROXY_RESIDUAL_RATIO
        ):
            severity = "medium"
        else:
            continue
        alone = _metric_from_skill(skill, data.task)
        together = _metric_from_skill(with_it, data.task)
        evidence = {
            f"{key}_alone": alone,
            f"{key}_all_features": together,
            "skill_alone": skill,
            "skill_all_features": with_it,
            "share_of_error_removed_by_other_features": (
                removed if np.isnan(removed) else min(max(removed, 0.0), 1.0)
            ),
        }
        text = (
            f"{name!r} alone predicts the target with {metric} {alone:.3f} out of fold"
        )
        if not np.isnan(rest):
            evidence[f"{key}_other_features"] = _metric_from_skill(rest, data.task)
            evidence["skill_other_features"] = rest
            text += (
                "; the other features without it reach "
                f"{_metric_from_skill(rest, data.task):.3f}"
            )
        if leaky - {name}:
            evidence["left_out_as_leaky"] = sorted(map(str, leaky - {name}))
        text += f", all features together {together:.3f}" + (
            f" (leaving out {', '.join(map(str, sorted(leaky - {name})))})"
            if leaky - {name}
            else ""
        )
        findings.append(
            Finding(
                "target_proxy",
                severity,
                "L2",
                [name],
                [],
                evidence,
                text
                + (
                    ". A feature this close to the answer, which the other columns "
                    "barely improve on, is usually measured after the outcome or "
                    "derived from it: check when its value becomes known, and drop "
                    "it if it is not available at prediction time."
                    if severity == "high"
                    else ". A column this dominant deserves a check: if its value is "
                    "known only after the outcome (or derived from it), drop it; if "
                    "it is known at prediction time, it is a strong honest feature."
                ),
            )
        )
    return findings


# --------------------------------------------------------------------------------------
# Time: label overlap in the audited split, and shuffled against time-ordered folds.


def _check_temporal(data, n_jobs):
    findings = []
    if data.has_times and data.cv_kind == "user":
        findings += _check_overlap(data)
    # Times for the comparison: known ones, or a datetime column of X.
    column = None
    if not data.has_times:
        candidates = [
            name
            for name, info in data.info.items()
            if info.kind == "datetime" and info.unique_ratio > 0.001
        ]
        if not candidates:
            return findings
        column = max(candidates, key=lambda name: data.info[name].n_unique)
    findings += _compare_shuffled(data, column, n_jobs)
    return findings


def _check_overlap(data):
    if not data.has_horizon or isinstance(data.cv, BaseTimeSplitter):
        return []
    timeline = data.split_timeline
    times, ends = timeline.times, timeline.end_times
    fractions, folds, future = [], [], []
    for index, roles in enumerate(data.split_roles):
        test = roles == TEST
        train = roles == TRAIN
        if not test.any() or not train.any():
            fractions.append(0.0)
            future.append(0.0)
            continue
        # Test blocks (runs of test rows in time order) and their spans
        # [first time, last label end]; rows between blocks do not count.
        starts = np.flatnonzero(np.diff(test.astype(np.int8), prepend=0) == 1)
        span_start = times[starts]
        span_end = np.maximum.reduceat(np.where(test, ends, ends.min()), starts)
        span_end = np.maximum.accumulate(span_end)
        # Merge overlapping spans (sorted by start).
        new = np.ones(starts.shape[0], dtype=bool)
        new[1:] = span_start[1:] > span_end[:-1]
        merged_start = span_start[new]
        merged_end = np.maximum.reduceat(span_end, np.flatnonzero(new))
        t, e = times[train], ends[train]
        k = np.searchsorted(merged_start, e, side="right") - 1
        hit = (k >= 0) & (merged_end[np.maximum(k, 0)] >= t)
        frac = float(hit.mean())
        fractions.append(frac)
        future.append(float(np.mean(t > times[test].min())))
        if hit.any():
            folds.append(index)
    if not folds:
        return []
    worst = max(fractions)
    severity = "high" if worst >= OVERLAP_HIGH_FRACTION else "medium"
    return [
        Finding(
            "temporal",
            severity,
            "L3.1",
            [],
            folds,
            {
                "fraction_of_train_rows_overlapping_test": fractions,
                "fraction_of_train_rows_after_test_start": future,
            },
            f"In {len(folds)} of {data.n_splits} splits, training rows have labels "
            "whose time span [time, end time] overlaps the test period (up to "
            f"{worst:.0%} of the training rows): the model learns from outcomes it "
            "is then tested on. Use PurgedKFold or WalkForward with end_times= (or "
            "horizon=), which purge those rows.",
        )
    ]


def _after_test_start(timeline, roles):
    """Share of training rows later than the first test row: training on the
    future (evidence only; it leaks when labels overlap or rows drift)."""
    train, test = roles == TRAIN, roles == TEST
    if not train.any() or not test.any():
        return 0.0
    return float(np.mean(timeline.times[train] > timeline.times[test].min()))


def _compare_shuffled(data, column, n_jobs):
    """Score the model on shuffled folds and on time-ordered folds."""
    rows = data.model_rows
    n_splits = max(2, min(data.n_splits, N_SPLITS))
    frame, y_cv, groups, times, end_times = _cv_inputs(data, rows)
    if column is not None:
        times = data.frame[column].iloc[rows]
        if times.isna().any():
            return []
        end_times = None
    elif data.time_column is not None:
        times = data.frame[data.time_column].iloc[rows]
    ordered_cv = PurgedKFold(n_splits, embargo=0.01)
    # Compare like with like: when the audited validation keeps entities apart,
    # both sides of the comparison do.
    grouped = data.group_codes is not None and data.cv_kind in ("group", "time")
    entity = groups if grouped else None
    shuffled_skills = ordered_skills = None
    if data.cv_kind in ("shuffled", "group") or (
        data.cv_kind == "user" and data.interleaved
    ):
        shuffled_cv, shuffled_skills = data.cv, data.full_skills
        ordered_splits = _split(ordered_cv, frame, y_cv, entity, times, end_times)
        judged = "user" if data.cv_kind == "user" else "default"
    elif data.cv_kind in ("time", "user"):
        if grouped:
            shuffled_cv = (
                StratifiedGroupKFold(n_splits, shuffle=True, random_state=data.seed)
                if data.task == "classification"
                else GroupKFold(n_splits, shuffle=True, random_state=data.seed)
            )
        elif data.task == "classification":
            shuffled_cv = StratifiedKFold(
                n_splits, shuffle=True, random_state=data.seed
            )
        else:
            shuffled_cv = KFold(n_splits, shuffle=True, random_state=data.seed)
        shuffled_splits = _split(shuffled_cv, frame, y_cv, entity, None, None)
        if data.cv_kind == "time":
            ordered_cv, ordered_skills = data.cv, data.full_skills
        else:
            ordered_splits = _split(ordered_cv, frame, y_cv, None, times, end_times)
        judged = "none"
    else:
        return []
    try:
        if shuffled_skills is None:
            shuffled_skills, _ = _model_skills(
                data.estimator,
                data.model_X,
                data.y[rows],
                shuffled_splits,
                data.task,
                data.n_classes,
                None,
                data.model_labels,
                n_jobs,
            )
        if ordered_skills is None:
            ordered_skills, _ = _model_skills(
                data.estimator,
                data.model_X,
                data.y[rows],
                ordered_splits,
                data.task,
                data.n_classes,
                None,
                data.model_labels,
                n_jobs,
            )
    except ValueError:
        return []
    s_mean, s_se = _mean_se(shuffled_skills)
    o_mean, o_se = _mean_se(ordered_skills)
    if np.isnan(s_mean) or np.isnan(o_mean):
        return []
    gap = s_mean - o_mean
    noise = 2.0 * np.sqrt(np.nan_to_num(s_se) ** 2 + np.nan_to_num(o_se) ** 2)
    if gap < TEMPORAL_GAP["medium"] or gap <= noise:
        return []
    metric = _metric_name(data.task)
    key = _metric_key(data.task)
    if judged == "none":
        severity = "medium"
    else:
        severity = "high" if gap >= TEMPORAL_GAP["high"] else "medium"
    s_metric = _metric_from_skill(s_mean, data.task)
    o_metric = _metric_from_skill(o_mean, data.task)
    scale = 1.0 if data.task == "regression" else 0.5  # skill to ROC AUC
    evidence = {
        f"{key}_shuffled": s_metric,
        f"{key}_time_ordered": o_metric,
        "skill_shuffled": s_mean,
        "skill_time_ordered": o_mean,
        "skill_gap": gap,
        "noise_2se": noise,
        "shuffled_cv": _describe_cv(shuffled_cv),
        "time_ordered_cv": _describe_cv(ordered_cv),
    }
    if judged == "user" and data.has_times:
        evidence["fraction_of_train_rows_after_test_start"] = [
            _after_test_start(data.split_timeline, roles) for roles in data.split_roles
        ]
    source = f"the datetime column {column!r}" if column is not None else "the times"
    if judged == "user":
        what = "The validation you gave shuffles time-ordered rows"
    elif judged == "default":
        what = (
            f"The rows carry times ({source}) and shuffled folds, the usual "
            "default, are inflated"
        )
    else:
        what = "Shuffled folds would be inflated on these time-ordered rows"
    return [
        Finding(
            "temporal",
            severity,
            "L3.1",
            [] if column is None else [column],
            [],
            evidence,
            f"{what}: the same model scores {metric} {s_metric:.3f} on shuffled "
            f"folds but {o_metric:.3f} on time-ordered folds (a gap of "
            f"{scale * gap:.3f}, noise about {scale * noise:.3f}). Neighbouring rows "
            "share information "
            "(overlapping labels, rolling features, drift), so shuffled folds test "
            "on near-copies of training rows; production is the future. Validate "
            "with PurgedKFold or WalkForward.",
        )
    ]


__all__ = ["audit"]
