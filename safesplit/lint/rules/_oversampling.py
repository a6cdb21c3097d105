"""L1.4: oversampling or augmentation before the split.

``SMOTE().fit_resample(X, y)``, ``RandomOverSampler``, ``resample(...,
replace=True)``, ``df.sample(frac=2, replace=True)`` or rows concatenated with
copies of themselves, before a split or a cross-validation: copies (or
interpolations) of the same rows land in training and in the held-out part.

Not reported: undersampling (it only removes rows); oversampling of the training
part only; a sampler inside an imblearn Pipeline or a GuardedPipeline, which
resamples training folds only.
"""

from safesplit.lint.rules._base import (
    Rule,
    exposure_findings,
    held_out_by,
    where,
)


def check(trace):
    return exposure_findings(trace, "oversample", RULE, _describe)


def _describe(exposure):
    taint = exposure.taint
    message = (
        f"{taint.what} ({where(taint.site)}) makes copies of rows that are "
        f"later {held_out_by(exposure)}, so the same rows are trained on and "
        "scored: split first and oversample the training part only, or put "
        "the sampler in an imblearn Pipeline (or a safesplit GuardedPipeline) "
        "so that it runs on training folds only."
    )
    return "high", message, {"sampler": taint.what}


RULE = Rule(
    "L1.4",
    "oversampling-before-split",
    "duplicate",
    "copies of rows made before the split",
    check,
)
