"""L2: an aggregate of the target over rows that validation later holds out.

``df.groupby(key)[target].transform("mean")`` (or ``.mean()`` mapped or merged back,
``.agg({target: ...})``) over every row, or a target encoder (``TargetEncoder``,
``category_encoders``' encoders) fitted before the split: each held-out row's own
label, and those of its group, are built into the features.

Not reported: the aggregate computed on the training part and mapped onto the test
part; counts per group (no label is read); lags of the target (``shift``).
"""

from safesplit.lint.rules._base import (
    Rule,
    exposure_findings,
    held_out_by,
    where,
)


def check(trace):
    return exposure_findings(trace, "target", RULE, _describe)


def _describe(exposure):
    taint = exposure.taint
    message = (
        f"The {taint.what} ({where(taint.site)}) reads the labels of rows that "
        f"are later {held_out_by(exposure)}, so their answers are in the "
        "features: compute it on the training part only (means = "
        "train.groupby(key)[target].mean(), then test[key].map(means)), or "
        "use sklearn's TargetEncoder inside a Pipeline, which cross-fits."
    )
    return "high", message, {"aggregate": taint.what}


RULE = Rule(
    "L2",
    "target-aggregate",
    "target_proxy",
    "an aggregate of the target over rows that are later held out",
    check,
)
