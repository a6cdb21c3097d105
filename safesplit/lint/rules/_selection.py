"""L1.3: features chosen with rows that validation later holds out.

A selector (``SelectKBest``, ``RFE``, ``SelectFromModel``, ``VarianceThreshold``...)
fitted before the split, or columns chosen by their correlation or mutual
information with the target over every row (``df.corr()[target]``,
``mutual_info_classif(X, y)``) and then used to pick the columns of data that is
split or cross-validated. Supervised selection on all rows can make noise look
predictive (scikit-learn's "Common pitfalls" page: 0.46 accuracy becomes 0.76).

Not reported: selection on the training part only, inside a Pipeline given to
cross-validation, or a correlation matrix that only draws a heat map.
"""

from safesplit.lint.rules._base import (
    Rule,
    exposure_findings,
    held_out_by,
    where,
)


def check(trace):
    return exposure_findings(trace, "select", RULE, _describe)


def _describe(exposure):
    taint = exposure.taint
    message = (
        f"Features are chosen by {taint.what} ({where(taint.site)}) with rows "
        f"that are later {held_out_by(exposure)}: choose them on the training "
        "part only, or put the selector in a Pipeline, e.g. "
        "make_pipeline(SelectKBest(k=10), model), so that each cross-validation "
        "fold chooses its own."
    )
    return (
        "high" if taint.supervised else "medium",
        message,
        {"selected_by": taint.what},
    )


RULE = Rule(
    "L1.3",
    "selection-before-split",
    "preprocessing",
    "features chosen with rows that are later held out",
    check,
)
