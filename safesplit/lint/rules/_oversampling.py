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
    first_per_site,
    held_out_by,
    make_finding,
    where,
)


def check(trace):
    exposures = [e for e in trace.exposures if e.taint.kind == "oversample"]
    findings = []
    for exposure in first_per_site(exposures, lambda e: e.taint.site):
        taint = exposure.taint
        message = (
            f"{taint.what} ({where(taint.site)}) makes copies of rows that are "
            f"later {held_out_by(exposure)}, so the same rows are trained on and "
            "scored: split first and oversample the training part only, or put "
            "the sampler in an imblearn Pipeline (or a safesplit GuardedPipeline) "
            "so that it runs on training folds only."
        )
        findings.append(
            make_finding(
                RULE,
                "high",
                taint.site,
                message,
                related=[exposure.site],
                sampler=taint.what,
            )
        )
    return findings


RULE = Rule(
    "L1.4",
    "oversampling-before-split",
    "duplicate",
    "copies of rows made before the split",
    check,
)
