"""``preprocessing`` (L1.2, L1.3): columns scaled or imputed with statistics of
the whole data set, found from their signatures on every row, and columns left by a
feature selection on all rows (see :mod:`safesplit.audit.checks._selection`).
Target encodings and other aggregates of the target are found by
:mod:`safesplit.audit.checks._aggregate`."""

import numpy as np

from safesplit.audit.checks._selection import selection
from safesplit.model_selection._engine import TRAIN
from safesplit.report import Finding

# Min-max scaling to exactly [0, 1] is certain from this many columns: one natural
# proportion may hold a single 0 and a single 1, several rarely do.
MINMAX_MEDIUM_COLUMNS = 2
# A value filled in is a pile far above the ties of the other values; a median
# matched by a pile only this many times the next largest count is certain.
LONE_PILE_RATIO = 5


def check(context):
    """Findings of whole-data rescaling, imputation and feature selection.

    The signature of every check: see :mod:`safesplit.audit.checks`.
    """
    numeric = [
        name
        for name in context.columns
        if context.profiles[name].kind in ("float", "integer")
    ]
    return (
        _rescaling(context, numeric)
        + _imputation(context, numeric)
        + selection(context)
    )


# --------------------------------------------------------------------------------------
# Rescaling: standardised, centred or min-max scaled over all rows.


def _rescaling(context, numeric):
    """A finding for columns standardised or min-max scaled over all rows (the
    exact output of a fitted scaler), and one for columns only centred."""
    scaled, centered, minmax, evidence = _rescaled_columns(context, numeric)
    findings = []
    if scaled or minmax:
        findings.append(_scaler_finding(context, scaled, minmax, evidence))
    if centered:
        findings.append(_centred_finding(centered, evidence))
    return findings


def _scaler_finding(context, scaled, minmax, evidence):
    """Standardised or min-max scaled columns: medium when the scaler's output is
    certain (standardised, or min-max on two columns or more) and the training
    rows of some split have other statistics, else low."""
    names = scaled + minmax
    shifted = [name for name in names if evidence[name]["training_rows_differ"]]
    certain = bool(scaled) or len(minmax) >= MINMAX_MEDIUM_COLUMNS
    severity = "medium" if certain and shifted else "low"
    parts = []
    for label, group in (
        ("standardised (mean 0, std 1) over all rows", scaled),
        ("min-max scaled to exactly [0, 1] over all rows", minmax),
    ):
        if group:
            parts.append(f"{label}: {', '.join(map(str, group))}")
    largest = max((evidence[name]["largest_shift_in_std"] for name in names), default=0)
    if shifted:
        effect = (
            "The training rows of the splits have other statistics (shifted by up "
            f"to {largest:.2g} standard deviations), so each split was transformed "
            "with statistics of its test rows."
        )
    else:
        effect = (
            "The training rows of every split have these statistics too (the "
            "scaling was done within units the splits keep together), so no test "
            "row informs training here."
        )
    return Finding(
        "preprocessing",
        severity,
        "L1.2",
        names,
        [],
        {name: evidence[name] for name in names},
        "Columns look "
        + "; ".join(parts)
        + f": the exact output of a scaler fitted on every row. {effect} The "
        "effect on the score is usually small for a rescaling, but the pipeline "
        "is wrong, and whatever else ran before the split (imputation, "
        "encodings, feature selection) may matter more: fit the scaler on raw "
        "columns inside a Pipeline (or GuardedPipeline).",
    )


def _centred_finding(centered, evidence):
    return Finding(
        "preprocessing",
        "low",
        "L1.2",
        centered,
        [],
        {name: evidence[name] for name in centered},
        "Columns look centred (mean exactly 0) over all rows: "
        + ", ".join(map(str, centered))
        + ". Their statistics include the test rows of every split. Some data "
        "sets ship this way (scikit-learn's diabetes data); if you centred them, "
        "do it inside a Pipeline on raw columns.",
    )


def _rescaled_columns(context, numeric):
    """Columns standardised, centred and min-max scaled, and their evidence."""
    frame = context.frame
    train = _training_masks(context)
    scaled, centered, minmax = [], [], []
    evidence = {}
    for name in numeric:
        profile = context.profiles[name]
        if profile.n_unique < 2:
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
            if abs(std0 - 1) <= tolerance or abs(std1 - 1) <= tolerance:
                scaled.append(name)
            elif profile.n_unique >= 10 and not profile.integral:
                centered.append(name)
            else:
                continue
            evidence[name] = _moment_shifts(values, train, mean, std0, tolerance)
        elif not profile.integral and _exactly_min_max(v):
            minmax.append(name)
            evidence[name] = _range_shifts(values, train, std0)
    return scaled, centered, minmax, evidence


def _training_masks(context):
    """Training rows of every audited split, one row of a matrix per split."""
    return np.stack([roles == TRAIN for roles in context.roles.in_input_order])


def _moment_shifts(values, train, mean, std, tolerance):
    """Mean and std of the training rows of each split, against the whole column."""
    finite = np.isfinite(values)
    filled = np.where(finite, values, 0.0)
    weights = (train & finite).astype(np.float64)
    counts = np.maximum(weights.sum(axis=1), 1.0)
    means = weights @ filled / counts
    stds = np.sqrt(np.maximum(weights @ (filled * filled) / counts - means**2, 0.0))
    shift = np.maximum(np.abs(means - mean), np.abs(stds - std)) / std
    return {
        "mean_all_rows": mean,
        "std_all_rows": std,
        "mean_train_split_0": float(means[0]),
        "mean_train_by_split": means.tolist(),
        "std_train_by_split": stds.tolist(),
        "largest_shift_in_std": float(shift.max()),
        "training_rows_differ": bool(shift.max() > tolerance),
    }


def _range_shifts(values, train, std):
    """Minimum and maximum of the training rows of each split, against [0, 1]."""
    lows = np.array([np.nanmin(np.where(rows, values, np.inf)) for rows in train])
    highs = np.array([np.nanmax(np.where(rows, values, -np.inf)) for rows in train])
    shift = np.maximum(lows, 1.0 - highs)
    return {
        "min_all_rows": 0.0,
        "max_all_rows": 1.0,
        "min_train_by_split": lows.tolist(),
        "max_train_by_split": highs.tolist(),
        "largest_shift_in_std": float(shift.max() / std),
        "training_rows_differ": bool(shift.max() > 0),
    }


def _exactly_min_max(values):
    """One 0 and one 1, the extremes: the signature of min-max scaling."""
    return (
        values.min() == 0.0
        and values.max() == 1.0
        and np.count_nonzero(values == 0.0) == 1
        and np.count_nonzero(values == 1.0) == 1
    )


# --------------------------------------------------------------------------------------
# Imputation with a whole-data mean or median.


def _imputation(context, numeric):
    """A finding for each column filled with a whole-data mean or median."""
    profile_sample = context.frame.iloc[context.rows.profile]
    train = None
    evidence = {}
    for name in numeric:
        profile = context.profiles[name]
        if profile.integral or profile.n_unique < 20:
            continue
        if profile.n_unique > profile.n_non_null - _least_fill(profile.n_non_null) + 1:
            # Too many distinct values to leave room for a filled-in mass point:
            # known from the profile, without counting the values again.
            continue
        imputed = _imputed_value(profile_sample[name].dropna())
        if imputed is None:
            continue
        value, statistic, n_value = _whole_data_statistic(context.frame[name], imputed)
        if statistic is None:
            continue
        if train is None:
            train = _training_masks(context)
        series = context.frame[name]
        by_split = _training_statistics(series, value, statistic, train)
        tolerance = 1e-9 * max(1.0, abs(value))
        evidence[name] = {
            "imputed_value": value,
            "statistic": statistic,
            "n_rows_with_value": n_value,
            "fraction_of_rows": n_value / context.n_rows,
            f"{statistic}_train_by_split": by_split,
            "training_rows_differ": any(
                abs(v - value) > tolerance for v in by_split if np.isfinite(v)
            ),
            "certain": statistic == "mean" or _lone_pile(series, value),
        }
    return [_imputation_finding(name, e) for name, e in evidence.items()]


def _lone_pile(series, value):
    """Whether ``value`` repeats far more often than any other value: a median
    that rounding ties cannot explain (the median of tied data is often a tie)."""
    counts = series.value_counts()
    others = counts.drop(value, errors="ignore")
    runner_up = int(others.iloc[0]) if not others.empty else 1
    return int(counts.get(value, 0)) >= LONE_PILE_RATIO * runner_up


def _training_statistics(series, value, statistic, train):
    """The statistic of the observed values (those not equal to the filled
    ``value``) of each split's training rows: what the split should have filled."""
    values = series.to_numpy(dtype=np.float64, na_value=np.nan)
    observed = np.isfinite(values) & (values != value)
    out = []
    for rows in train:
        kept = values[rows & observed]
        if kept.size == 0:
            out.append(np.nan)
        elif statistic == "median":
            out.append(float(np.median(kept)))
        else:
            out.append(float(kept.mean()))
    return out


def _imputation_finding(name, evidence):
    """Medium when the fill is certain (the mean, or a median no tie explains) and
    the training rows of some split would have filled another value."""
    severity = (
        "medium" if evidence["certain"] and evidence["training_rows_differ"] else "low"
    )
    statistic, by_split = (
        evidence["statistic"],
        evidence[f"{evidence['statistic']}_train_by_split"],
    )
    evidence = {**evidence, f"{statistic}_all_rows": evidence["imputed_value"]}
    return Finding(
        "preprocessing",
        severity,
        "L1.2",
        [name],
        [],
        evidence,
        f"{evidence['n_rows_with_value']:,} rows ({evidence['fraction_of_rows']:.1%}) "
        f"of {name!r} hold {evidence['imputed_value']:.6g}, exactly the {statistic} "
        "of the column over all rows: they look imputed with a statistic of the "
        "whole data set, test rows included"
        + (
            " (the training rows of the splits would have filled values from "
            f"{np.nanmin(by_split):.6g} to {np.nanmax(by_split):.6g})"
            if evidence["training_rows_differ"]
            else ""
        )
        + ". The effect on the score is usually small, but the pipeline is wrong: "
        "impute inside a Pipeline (SimpleImputer) so each split uses its training "
        "rows, and add a missing-value indicator if missingness is informative.",
    )


def _least_fill(n_values):
    """Fewest rows of ``n_values`` a filled-in value must hold to be one."""
    return max(5, 0.01 * n_values)


def _imputed_value(sample):
    """The mass point of continuous values that looks filled in, or None."""
    counts = sample.value_counts()
    if counts.empty:
        return None
    value, count = counts.index[0], int(counts.iloc[0])
    if count < _least_fill(sample.shape[0]):
        return None
    # The other values must be continuous, and the mass point not a round value.
    others = counts.iloc[1:]
    if others.shape[0] < 10 or (others > 1).mean() > 0.5:
        return None
    if float(value) == round(float(value), 2):
        return None
    return value


def _whole_data_statistic(series, value):
    """``(value, "mean" or "median" or None, rows holding it)``: which statistic of
    the whole column ``value`` equals."""
    values = series.to_numpy(dtype=np.float64, na_value=np.nan)
    finite = values[np.isfinite(values)]
    n_value = int(np.count_nonzero(finite == value))
    mean, median = float(finite.mean()), float(np.median(finite))
    tolerance = 1e-9 * max(1.0, abs(float(value)))
    observed = finite[finite != value]
    statistic = None
    if abs(value - mean) <= tolerance:
        statistic = "mean"
    elif abs(value - median) <= tolerance:
        statistic = "median"
    elif observed.size and abs(value - observed.mean()) <= 1e-7 * max(
        1.0, abs(float(value))
    ):
        statistic = "mean"
    return float(value), statistic, n_value
