"""``preprocessing`` (L1.2): columns scaled or imputed with statistics of the whole
data set, found from their signatures on every row. Target encodings and other
aggregates of the target are found by :mod:`safesplit.audit.checks._aggregate`."""

import numpy as np

from safesplit.model_selection._engine import TRAIN
from safesplit.report import Finding


def check(context):
    """Findings of whole-data rescaling and imputation.

    The signature of every check: see :mod:`safesplit.audit.checks`.
    """
    numeric = [
        name
        for name in context.columns
        if context.profiles[name].kind in ("float", "integer")
    ]
    return _rescaling(context, numeric) + _imputation(context, numeric)


# --------------------------------------------------------------------------------------
# Rescaling: standardised, centred or min-max scaled over all rows.


def _rescaling(context, numeric):
    scaled, centered, minmax, evidence = _rescaled_columns(context, numeric)
    if not (scaled or centered or minmax):
        return []
    parts = []
    for label, names in (
        ("standardised (mean 0, std 1) over all rows", scaled),
        ("centred (mean exactly 0) over all rows", centered),
        ("min-max scaled to exactly [0, 1] over all rows", minmax),
    ):
        if names:
            parts.append(f"{label}: {', '.join(map(str, names))}")
    return [
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
    ]


def _rescaled_columns(context, numeric):
    """Columns standardised, centred and min-max scaled, and their evidence."""
    frame = context.frame
    train0 = context.roles.in_input_order[0] == TRAIN
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
            train_values = values[train0 & finite]
            train_mean = float(train_values.mean()) if train_values.size else np.nan
            if abs(std0 - 1) <= tolerance or abs(std1 - 1) <= tolerance:
                scaled.append(name)
            elif profile.n_unique >= 10 and not profile.integral:
                centered.append(name)
            else:
                continue
            evidence[name] = {
                "mean_all_rows": mean,
                "std_all_rows": std0,
                "mean_train_split_0": train_mean,
            }
        elif not profile.integral and _exactly_min_max(v):
            minmax.append(name)
            evidence[name] = {"min_all_rows": 0.0, "max_all_rows": 1.0}
    return scaled, centered, minmax, evidence


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
    findings = []
    profile_sample = context.frame.iloc[context.rows.profile]
    for name in numeric:
        profile = context.profiles[name]
        if profile.integral or profile.n_unique < 20:
            continue
        imputed = _imputed_value(profile_sample[name].dropna())
        if imputed is None:
            continue
        value, statistic, n_value = _whole_data_statistic(context.frame[name], imputed)
        if statistic is None:
            continue
        fraction = n_value / context.n_rows
        findings.append(
            Finding(
                "preprocessing",
                "low",
                "L1.2",
                [name],
                [],
                {
                    "imputed_value": value,
                    "n_rows_with_value": n_value,
                    "fraction_of_rows": fraction,
                    f"{statistic}_all_rows": value,
                },
                f"{n_value:,} rows ({fraction:.1%}) of {name!r} hold "
                f"{value:.6g}, exactly the {statistic} of the column over all "
                "rows: they look imputed with a statistic of the whole data set, "
                "test rows included. Impute inside the Pipeline (SimpleImputer) so "
                "each split uses its training rows; add a missing-value indicator "
                "if missingness is informative.",
            )
        )
    return findings


def _imputed_value(sample):
    """The mass point of continuous values that looks filled in, or None."""
    counts = sample.value_counts()
    if counts.empty:
        return None
    value, count = counts.index[0], int(counts.iloc[0])
    if count < max(5, 0.01 * sample.shape[0]):
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
