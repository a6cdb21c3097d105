"""Rows at prediction time (``X_new``): columns whose values there are not what the
model learned from.

Each column of ``X_new`` is compared with the training rows (a two-sample distance
with its chance level). For the most shifted columns, the fitted fold models score
their test rows again with the column moved onto its prediction-time distribution
(each row keeps its rank): the skill they lose is what the shift costs the model.

* A column the model leans on, whose shift costs it a large share of its skill, is a
  post-outcome column: filled in after the outcome, it is empty, constant or smaller
  when a prediction is needed. It is reported as ``target_proxy`` (L2) through
  :mod:`~safesplit.audit.checks._target_proxy`, the kind of every column that
  carries the answer, since the remedy is the same: drop it.
* A column that shifts but costs the model little is reported as ``skew`` (L3.3,
  low) by :mod:`~safesplit.audit.checks._skew`: the validation rows are not the
  rows the model will meet.
"""

from dataclasses import dataclass

import numpy as np
import pandas as pd

from safesplit.audit._skills import mean_se, metric_from_skill, metric_name

SHIFT_MATERIAL = 0.10  # a tenth of the rows would have to move
# Share of the model's out-of-fold skill lost at prediction time: most of it is a
# column the model cannot do without (high); a fifth is a column it leans on.
LOSS_SHARE = {"high": 0.5, "medium": 0.2}
# A column collapsed at prediction time (constant or missing there, varied in
# training) is not filled in yet: a twentieth of the skill resting on it is enough.
COLLAPSED_LOSS_SHARE = 0.05
LOSS_SES = 2.0  # the loss must exceed this many of its standard errors
MAX_SCORED = 10  # the most shifted columns whose prediction-time skill is measured
# A column this rank-correlated with the rows' times moves forward with time: new
# rows take new values by construction (a date, a counter, a trend).
TIME_LIKE_CORRELATION = 0.95


@dataclass(frozen=True)
class PredictionTimeShift:
    """One column's shift at prediction time and what it costs the model.

    Attributes
    ----------
    shift : ColumnShift
    loss, loss_se : float
        Out-of-fold skill lost with the column as at prediction time, and its
        standard error across splits; NaN when not measured.
    model_skill : float
    time_like : bool
        A date, or a column moving with the rows' times.
    """

    shift: object
    loss: float
    loss_se: float
    model_skill: float
    time_like: bool

    @property
    def loss_share(self):
        """Share of the model's skill lost (NaN when it has none)."""
        if np.isnan(self.loss) or not self.model_skill > 0:
            return np.nan
        return min(max(self.loss / self.model_skill, 0.0), 1.0)

    @property
    def proxy_severity(self):
        """``"high"`` or ``"medium"`` as a post-outcome column, else None."""
        if self.time_like or np.isnan(self.loss_share):
            return None
        if not self.loss > LOSS_SES * (0.0 if np.isnan(self.loss_se) else self.loss_se):
            return None
        for level in ("high", "medium"):
            if self.loss_share >= LOSS_SHARE[level]:
                return level
        if self.shift.collapsed and self.loss_share >= COLLAPSED_LOSS_SHARE:
            return "medium"
        return None

    def evidence(self, task):
        shift = self.shift
        evidence = {
            "shift_statistic": shift.statistic,
            "shift_distance": shift.distance,
            "shift_p_value": shift.p_value,
            "n_new_rows": shift.n_new,
            "share_missing_training": shift.missing_train,
            "share_missing_new": shift.missing_new,
            "most_common_new_value": shift.top_value,
            "share_at_that_value_training": shift.top_train,
            "share_at_that_value_new": shift.top_new,
            "share_new_outside_training_range": shift.outside_range,
            "collapsed_at_prediction_time": shift.collapsed,
        }
        if not np.isnan(self.loss):
            kept = self.model_skill - self.loss
            evidence[f"{_key(task)}_model"] = metric_from_skill(self.model_skill, task)
            evidence[f"{_key(task)}_at_prediction_time"] = metric_from_skill(kept, task)
            evidence["skill_lost_at_prediction_time"] = self.loss
            evidence["skill_lost_se"] = self.loss_se
            evidence["share_of_skill_lost"] = self.loss_share
        return evidence


def _key(task):
    return "r2" if task == "regression" else "auc"


def prediction_time_shifts(context, leaky):
    """``{column: PredictionTimeShift}`` of the columns whose values in ``X_new``
    differ from the training rows' beyond chance and by at least
    ``SHIFT_MATERIAL``; empty without ``X_new``.

    What a shift costs is measured on the model without the columns of ``leaky``
    (but the one measured): a model that leans on a leaking identifier loses
    nothing when any other column changes.
    """
    shifts = context.prediction_time_shifts
    if not shifts:
        return {}
    n_columns = len(shifts)
    shifted = {
        name: shift
        for name, shift in shifts.items()
        if not context.profiles[name].id_like
        and shift.beyond_chance(n_columns)
        and shift.distance >= SHIFT_MATERIAL
    }
    scored = sorted(shifted, key=lambda name: -shifted[name].distance)[:MAX_SCORED]
    times = _row_times(context)
    found = {}
    for name, shift in shifted.items():
        loss = loss_se = skill = np.nan
        if name in scored:
            without = frozenset(leaky) - {name}
            before = (
                context.skills_without(without)
                if without
                else context.model_skill.per_split
            )
            skill = float(np.nanmean(before))
            if np.isfinite(skill):
                after = context.prediction_time_skills(name, without)
                loss, loss_se = mean_se(before - after)
        found[name] = PredictionTimeShift(
            shift, loss, loss_se, skill, _time_like(context, name, times)
        )
    return found


def _row_times(context):
    """The model rows' times as numbers, in row order; None without times."""
    timeline = context.times.timeline
    if timeline is None or timeline.kind == "row order":
        return None
    times = np.asarray(timeline.sample_times, dtype=np.float64)
    if timeline.order is not None:
        in_input_order = np.empty_like(times)
        in_input_order[timeline.order] = times
        times = in_input_order
    return times[context.rows.model]


def _time_like(context, name, times):
    """A date or duration, or a column that moves in step with the rows' times."""
    if context.profiles[name].kind in ("datetime", "timedelta"):
        return True
    if times is None:
        return False
    matrix, _ = context.model_matrix
    values = pd.Series(matrix[:, context.columns.index(name)])
    correlation = values.corr(pd.Series(times), method="spearman")
    return bool(abs(correlation) >= TIME_LIKE_CORRELATION)


def proxy_text(name, assessed, task):
    """What a ``target_proxy`` finding says about the column at prediction time."""
    text = (
        f"At prediction time (X_new, {assessed.shift.n_new:,} rows) {name!r} is "
        f"{assessed.shift.describe()}"
    )
    if np.isnan(assessed.loss_share):
        return text + "."
    if assessed.proxy_severity is None:
        return text + (
            f"; with its values as they are there the model loses only "
            f"{assessed.loss_share:.0%} of its skill (the other features stand in "
            "for it)."
        )
    metric = metric_name(task)
    before = metric_from_skill(assessed.model_skill, task)
    after = metric_from_skill(assessed.model_skill - assessed.loss, task)
    return text + (
        f"; with its values as they are there, the model falls from {metric} "
        f"{before:.3f} to {after:.3f} ({assessed.loss_share:.0%} of its skill "
        "lost): this column's values are not what the model learned from."
    )


PROXY_ADVICE = (
    "If it is filled in after the outcome (it is empty, zero or smaller when a "
    "prediction is needed), drop it; if it is known at prediction time and has "
    "drifted, retrain on recent rows and validate by time."
)
