"""L1.2: a pre-processing step fitted on rows that validation later holds out.

A scaler, imputer, encoder, PCA or any transformer whose ``fit`` (or
``fit_transform``) saw rows that a split, a cross-validation or a scoring then
treats as unseen: the held-out rows shaped the features the model is judged with.

Not reported: a fit on the training part only; a transformer inside a Pipeline
given to cross-validation (refitted per fold); transformers that learn nothing from
the rows (``FunctionTransformer``, ``PolynomialFeatures``, ``HashingVectorizer``);
``LabelEncoder`` on the target; a transformer fitted on a training part whose only
held-out use is a cross-validation inside that training part (the held-out test
score stays honest). pandas statistics (``fillna(df.mean())``) are not followed.
"""

from safesplit.lint._names import CATEGORY_ENCODERS
from safesplit.lint._values import only_training_parts
from safesplit.lint.rules._base import (
    Rule,
    first_per_site,
    held_out_by,
    make_finding,
    where,
)


def _counts(exposure):
    taint = exposure.taint
    if taint.label_only and exposure.target:
        return False
    inner_cv = (
        exposure.via == "cv"
        and only_training_parts(taint.rows)
        and only_training_parts(exposure.rows)
    )
    return not inner_cv


def check(trace):
    exposures = [
        exposure
        for exposure in trace.exposures
        if exposure.taint.kind == "preprocess" and _counts(exposure)
    ]
    findings = []
    for exposure in first_per_site(exposures, lambda e: e.taint.site):
        taint = exposure.taint
        light = taint.what in CATEGORY_ENCODERS or taint.label_only
        message = (
            f"{taint.what} is fitted ({where(taint.site)}) on rows that are later "
            f"{held_out_by(exposure)}: fit it on the training part only, after the "
            f"split (scaler.fit(X_train), then transform X_train and X_test), or put "
            f"it in a Pipeline, e.g. make_pipeline({taint.what}(), model), so that "
            "cross-validation refits it on each training fold."
        )
        findings.append(
            make_finding(
                RULE,
                "low" if light else "medium",
                taint.site,
                message,
                related=[exposure.site],
                fitted=taint.what,
            )
        )
    return findings


RULE = Rule(
    "L1.2",
    "preprocessing-before-split",
    "preprocessing",
    "pre-processing fitted on rows that are later held out",
    check,
)
