"""``skew`` (L3.3): columns whose values at prediction time (``X_new``) differ from
the training rows' while the model leans little on them.

The validation rows are then not the rows the model will meet (a changed source, a
unit, a default value, drift). One low finding names them all; a shifted column
that is a post-outcome column (``target_proxy``) is reported there instead.
"""

import numpy as np

from safesplit.audit.checks import _target_proxy
from safesplit.audit.checks._prediction_time import prediction_time_shifts
from safesplit.audit.checks._proxy_skill import obvious_leaks
from safesplit.report import Finding


def check(context):
    """A ``skew`` finding naming the columns that shift at prediction time
    without being post-outcome columns the model leans on.

    The signature of every check: see :mod:`safesplit.audit.checks`.
    """
    shifts = prediction_time_shifts(context, obvious_leaks(context))
    if not shifts:
        return []
    proxies = {
        name
        for finding in _target_proxy.check(context)  # cached measures, no refit
        if finding.severity in ("high", "medium")
        for name in finding.columns
    }
    skewed = {
        name: assessed for name, assessed in shifts.items() if name not in proxies
    }
    if not skewed:
        return []
    names = sorted(skewed, key=lambda name: -skewed[name].shift.distance)
    evidence = {
        "n_columns": len(names),
        "shift_distance": {name: skewed[name].shift.distance for name in names},
        "share_of_skill_lost": {name: skewed[name].loss_share for name in names},
        "time_like": [name for name in names if skewed[name].time_like],
        "n_new_rows": skewed[names[0]].shift.n_new,
    }
    return [
        Finding("skew", "low", "L3.3", names, [], evidence, _skew_text(skewed, names))
    ]


SKEW_SHOWN = 5  # columns described in the message


def _skew_text(skewed, names):
    shown = [
        f"{name!r} ({skewed[name].shift.describe()}"
        + (
            f", {skewed[name].loss_share:.0%} of the model's skill lost"
            if not np.isnan(skewed[name].loss_share)
            else ""
        )
        + ")"
        for name in names[:SKEW_SHOWN]
    ]
    more = f" and {len(names) - SKEW_SHOWN} more" if len(names) > SKEW_SHOWN else ""
    text = (
        f"{len(names)} column(s) take other values at prediction time (X_new) than "
        f"in the training rows, beyond chance: {'; '.join(shown)}{more}. The model "
        "leans little on them, but the validation rows are not the rows it will "
        "meet: check why (a changed source, a unit, a default value, a column "
        "filled in later than prediction time)"
    )
    if any(skewed[name].time_like for name in names):
        text += (
            "; columns that move with time take new values by construction: "
            "validate by time and retrain as time passes"
        )
    return text + "."
