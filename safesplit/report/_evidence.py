"""What a finding's evidence looks like drawn: charts of bars, as plain data.

Each reader below looks for the keys one kind of evidence carries (the skill of a
column alone, without it and of the rest; the share of test rows that share an
entity with training, per split; ...) and returns a :class:`Chart`, or None when the
keys are absent. The charts are data only: the HTML report draws them as inline SVG
(``_svg``) and :meth:`LeakageReport.plot` with matplotlib (``_plot``), so both show
the same evidence. A finding none of the readers understands is shown as its table of
numbers only.
"""

import math
import numbers
from dataclasses import dataclass

import numpy as np

# Per-split charts show at most this many splits (the first ones, in split order);
# the chart says how many it left out.
MAX_SPLIT_BARS = 12
# Per-column charts show the columns with the largest values, at most this many.
MAX_COLUMN_BARS = 8


@dataclass(frozen=True)
class Bar:
    """One bar: its label, value, the value as shown, and whether it is the
    thing the finding is about."""

    label: str
    value: float
    text: str
    emphasis: bool = False


@dataclass(frozen=True)
class Chart:
    """Horizontal bars on one scale.

    Bars start at ``baseline`` (chance for a score, 0 for a share) and run to their
    value; the axis spans ``[low, high]``. ``note`` says what was left out or what
    the baseline means.
    """

    title: str
    bars: tuple
    low: float
    high: float
    baseline: float = 0.0
    note: str = ""

    def position(self, value):
        """Where ``value`` sits on the axis, from 0 (``low``) to 1 (``high``)."""
        span = self.high - self.low
        return min(max((value - self.low) / span, 0.0), 1.0) if span > 0 else 0.0


def _number(value):
    """A finite float, or None (missing, None, NaN, not a number); numpy scalars
    count as numbers, booleans do not."""
    if isinstance(value, bool | np.bool_) or not isinstance(value, numbers.Real):
        return None
    value = float(value)
    return value if math.isfinite(value) else None


def _percent(value):
    return f"{value:.0%}" if value >= 0.01 or value == 0 else f"{value:.1%}"


# --------------------------------------------------------------------------------------
# Scores: skill turned back into ROC AUC or R^2.


@dataclass(frozen=True)
class Metric:
    """The score a report shows: ``"ROC AUC"`` (chance 0.5) or ``"R2"`` (chance 0),
    computed from skill (2 AUC - 1, or R^2)."""

    name: str

    @property
    def chance(self):
        return 0.5 if self.name == "ROC AUC" else 0.0

    def from_skill(self, skill):
        return (skill + 1.0) / 2.0 if self.name == "ROC AUC" else skill


def metric_of(evidence, summary_metric=None):
    """The metric of a finding: from its evidence keys, else the summary's."""
    if any(key.startswith("auc_") for key in evidence):
        return Metric("ROC AUC")
    if any(key.startswith("r2_") for key in evidence):
        return Metric("R2")
    return Metric("R2" if summary_metric == "R2" else "ROC AUC")


def _score_chart(title, labelled_skills, metric, note=""):
    """Bars of scores from ``[(label, skill, emphasis), ...]``; None when fewer
    than one skill is known."""
    bars = []
    for label, skill, emphasis in labelled_skills:
        skill = _number(skill)
        if skill is None:
            continue
        score = metric.from_skill(skill)
        bars.append(Bar(label, score, f"{score:.3f}", emphasis))
    if not bars:
        return None
    low = min(metric.chance, *(bar.value for bar in bars))
    # A round lower edge a little below the lowest bar, so every bar has length.
    low = math.floor(low * 10.0) / 10.0 if low < metric.chance else metric.chance
    high = max(1.0, *(bar.value for bar in bars))
    chance = f"bars start at chance, {metric.chance:g}"
    return Chart(
        f"{metric.name} {title}",
        tuple(bars),
        low,
        high,
        metric.chance,
        f"{note}; {chance}" if note else chance,
    )


def _named(columns, fallback):
    shown = ", ".join(columns[:2]) + (
        f" +{len(columns) - 2}" if len(columns) > 2 else ""
    )
    return shown or fallback


def skill(evidence, name, metric):
    """The skill called ``name`` in the evidence: ``skill_<name>``, else the score
    ``auc_<name>`` or ``r2_<name>`` turned into skill; None when absent."""
    value = _number(evidence.get(f"skill_{name}"))
    if value is not None:
        return value
    key = "auc" if metric.name == "ROC AUC" else "r2"
    score = _number(evidence.get(f"{key}_{name}"))
    if score is None:
        return None
    return 2.0 * score - 1.0 if key == "auc" else score


def _skills(finding, metric, labelled_names):
    """``[(label, skill, emphasis), ...]`` of the named skills that are known."""
    return [
        (label, skill(finding.evidence, name, metric), emphasis)
        for label, name, emphasis in labelled_names
        if skill(finding.evidence, name, metric) is not None
    ]


def column_alone_chart(finding, metric):
    """A column alone, the other features without it, and all of them."""
    name = _named(finding.columns, "the column")
    skills = _skills(
        finding,
        metric,
        [
            (f"{name} alone", "alone", True),
            ("the other features, without it", "other_features", False),
            ("all features", "all_features", False),
        ],
    )
    if len(skills) < 2 or not skills[0][2]:
        return None
    return _score_chart("out of fold", skills, metric)


def single_score_chart(finding, metric):
    """A score with nothing to compare it to: an ID alone, the row position, the
    outcomes of the other rows of an entity, a column alone."""
    name = _named(finding.columns, "the column")
    for label, key in (
        ("the row position alone", "of_row_position"),
        (f"outcomes of other rows with the same {name}", "of_value_mean"),
        ("outcomes of other rows of the same entity", "of_group_mean"),
    ):
        skills = _skills(finding, metric, [(label, key, True)])
        if skills:
            return _score_chart("out of fold", skills, metric)
    if column_alone_chart(finding, metric) is None:
        skills = _skills(finding, metric, [(f"{name} alone", "alone", True)])
        if skills:
            return _score_chart("out of fold", skills, metric)
    return None


def shuffled_chart(finding, metric):
    """The same model on shuffled and on time-ordered folds."""
    skills = _skills(
        finding,
        metric,
        [
            ("shuffled folds", "shuffled", True),
            ("time-ordered folds", "time_ordered", False),
        ],
    )
    if len(skills) < 2:
        return None
    noise = _number(finding.evidence.get("noise_2se"))
    note = "" if noise is None else f"noise (2 standard errors) about {noise / 2:.3f}"
    return _score_chart("of the same model", skills, metric, note)


def with_without_chart(finding, metric):
    """The model with and without the flagged columns."""
    name = _named(finding.columns, "the columns")
    skills = _skills(
        finding,
        metric,
        [
            (f"with {name}", "with_columns", True),
            (f"without {name}", "without_columns", False),
        ],
    )
    return _score_chart("of the model", skills, metric) if len(skills) == 2 else None


def prediction_time_chart(finding, metric):
    """The model as validated, and on the rows as they look at prediction time."""
    skills = _skills(
        finding,
        metric,
        [
            ("validated on the training rows", "model", False),
            ("with the column as it is at prediction time", "at_prediction_time", True),
        ],
    )
    return _score_chart("of the model", skills, metric) if len(skills) == 2 else None


# --------------------------------------------------------------------------------------
# Shares: of test rows, of training rows, of rows at prediction time.


def _share_chart(title, labelled_shares, note=""):
    bars = [
        Bar(label, share, _percent(share), emphasis)
        for label, share, emphasis in (
            (label, _number(share), emphasis)
            for label, share, emphasis in labelled_shares
        )
        if share is not None
    ]
    if not bars:
        return None
    return Chart(title, tuple(bars), 0.0, max(1.0, *(b.value for b in bars)), 0.0, note)


def _per_split(title, shares):
    """A share per split, the first MAX_SPLIT_BARS of them."""
    if not isinstance(shares, list) or not shares:
        return None
    shown = shares[:MAX_SPLIT_BARS]
    note = (
        f"the first {MAX_SPLIT_BARS} of {len(shares)} splits"
        if len(shares) > MAX_SPLIT_BARS
        else ""
    )
    return _share_chart(
        title, [(f"split {i}", share, True) for i, share in enumerate(shown)], note
    )


def split_share_chart(finding, metric):
    """Per split: training labels overlapping the test period, test rows with an
    entity or a copy in training."""
    ev = finding.evidence
    if "fraction_of_train_rows_overlapping_test" in ev:
        return _per_split(
            "Training rows whose label span overlaps the test period",
            ev["fraction_of_train_rows_overlapping_test"],
        )
    if "fraction_per_split" in ev:
        what = {
            "group": "Test rows whose entity is also in training",
            "duplicate": "Test rows with an identical copy in training",
        }.get(finding.kind, "Test rows concerned")
        return _per_split(what, ev["fraction_per_split"])
    if "fraction_of_test_rows_with_value_in_train" in ev:
        name = _named(finding.columns, "the column")
        return _share_chart(
            f"Test rows whose {name} also occurs in training",
            [
                (
                    "of all test rows",
                    ev["fraction_of_test_rows_with_value_in_train"],
                    True,
                )
            ],
        )
    if "test_rows_with_near_copy_in_train" in ev and "fraction_of_test_rows" in ev:
        return _share_chart(
            "Test rows with a near copy in training",
            [("of the test rows searched", ev["fraction_of_test_rows"], True)],
        )
    return None


def fill_chart(finding, metric):
    """A column filled in for one outcome only."""
    ev = finding.evidence
    if "share_of_outcome_filled" not in ev:
        return None
    outcome = str(ev.get("filled_outcome", "that outcome"))
    return _share_chart(
        f"Rows where {_named(finding.columns, 'the column')} is filled in",
        [
            (f"rows with {outcome}", ev["share_of_outcome_filled"], True),
            ("the other rows", ev.get("share_of_other_rows_filled"), False),
        ],
    )


def new_value_chart(finding, metric):
    """A value that is common at prediction time and rare in training."""
    ev = finding.evidence
    if "share_at_that_value_new" not in ev:
        return None
    value = ev.get("most_common_new_value")
    return _share_chart(
        f"Rows where {_named(finding.columns, 'the column')} is {value}",
        [
            ("training rows", ev.get("share_at_that_value_training"), False),
            ("rows at prediction time (X_new)", ev["share_at_that_value_new"], True),
        ],
    )


# --------------------------------------------------------------------------------------
# Per column: preprocessing signatures, look-ahead windows, shifts.


def _per_column_chart(title, values, as_text, note=""):
    """Bars of the largest ``values`` (a ``{column: value}`` mapping)."""
    numbers = {name: _number(value) for name, value in values.items()}
    numbers = {name: value for name, value in numbers.items() if value is not None}
    if not numbers:
        return None
    shown = sorted(numbers, key=lambda name: -numbers[name])[:MAX_COLUMN_BARS]
    if len(numbers) > len(shown):
        more = f"the {len(shown)} largest of {len(numbers)} columns"
        note = f"{note}; {more}" if note else more
    bars = tuple(
        Bar(name, numbers[name], as_text(numbers[name]), True) for name in shown
    )
    high = max(bar.value for bar in bars)
    return Chart(title, bars, 0.0, high if high > 0 else 1.0, 0.0, note)


def _column_dicts(evidence, key):
    return {
        name: value[key]
        for name, value in evidence.items()
        if isinstance(value, dict) and key in value
    }


def scaled_columns_chart(finding, metric):
    """Columns scaled with statistics of every row: how far each split's training
    rows are from those statistics."""
    shifts = _column_dicts(finding.evidence, "largest_shift_in_std")
    if not shifts:
        return None
    return _per_column_chart(
        "Largest gap between a split's training statistics and the whole data's",
        shifts,
        lambda value: f"{value:.3f} sd",
        "in standard deviations of the column; the whole data's are exact "
        "(mean 0 and std 1, or min 0 and max 1)",
    )


def imputed_value_chart(finding, metric):
    """A fill value equal to a statistic of every row, not of the training rows."""
    ev = finding.evidence
    statistic = ev.get("statistic")
    by_split = ev.get(f"{statistic}_train_by_split")
    imputed = _number(ev.get("imputed_value"))
    if imputed is None or not isinstance(by_split, list):
        return None
    values = [(f"{statistic} of all rows", imputed, True)] + [
        (f"{statistic} of split {i}'s training rows", _number(v), False)
        for i, v in enumerate(by_split[:MAX_SPLIT_BARS])
    ]
    values = [(label, v, emphasis) for label, v, emphasis in values if v is not None]
    low, high = min(v for _, v, _ in values), max(v for _, v, _ in values)
    pad = (high - low) * 0.5 or abs(high) * 0.1 or 1.0
    bars = tuple(Bar(label, v, f"{v:.4g}", emphasis) for label, v, emphasis in values)
    return Chart(
        f"The value filled in ({imputed:.4g}) against each split's training rows",
        bars,
        low - pad,
        high + pad,
        low - pad,
        "the fill value is the statistic of all rows, test rows included",
    )


def lookahead_chart(finding, metric):
    """Columns explained by labels after their row (centred or forward windows)."""
    shares = _column_dicts(finding.evidence, "lookahead_share")
    if not shares:
        return None
    return _per_column_chart(
        "Share of the column explained by labels after its row",
        shares,
        _percent,
    )


def skew_chart(finding, metric):
    """Distances between training and prediction-time values, per column."""
    distances = finding.evidence.get("shift_distance")
    if not isinstance(distances, dict):
        return None
    return _per_column_chart(
        "Shift between training rows and rows at prediction time (KS distance)",
        distances,
        lambda value: f"{value:.2f}",
    )


READERS = (
    column_alone_chart,
    prediction_time_chart,
    new_value_chart,
    fill_chart,
    shuffled_chart,
    with_without_chart,
    single_score_chart,
    split_share_chart,
    scaled_columns_chart,
    imputed_value_chart,
    lookahead_chart,
    skew_chart,
)


def evidence_charts(finding, summary_metric=None):
    """The charts of a finding's evidence, in a fixed order (possibly none)."""
    metric = metric_of(finding.evidence, summary_metric)
    charts = (reader(finding, metric) for reader in READERS)
    return [chart for chart in charts if chart is not None]


def strongest_columns_chart(summary):
    """The summary's strongest single columns, as scores."""
    columns = summary.get("strongest_single_columns") or {}
    metric = Metric("R2" if summary.get("metric") == "R2" else "ROC AUC")
    to_skill = (lambda s: 2.0 * s - 1.0) if metric.name == "ROC AUC" else (lambda s: s)
    scores = [
        (str(name), to_skill(score), False)
        for name, score in columns.items()
        if _number(score) is not None
    ]
    return _score_chart("of each column alone (the strongest)", scores, metric)


def flat_evidence(evidence, limit=8, max_rows=60):
    """``([(name, text), ...], n_left_out)``: the evidence as rows of a table,
    nested mappings one level deep (``column: key``), long lists shortened, at most
    ``max_rows`` rows."""
    rows = []
    for key, value in evidence.items():
        if isinstance(value, dict):
            rows.extend(
                (f"{key}: {inner}", _shown(item, limit))
                for inner, item in value.items()
            )
        else:
            rows.append((str(key), _shown(value, limit)))
    return rows[:max_rows], max(len(rows) - max_rows, 0)


def _shown(value, limit=8):
    if isinstance(value, dict):
        return (
            "{" + ", ".join(f"{k}: {_shown(v, limit)}" for k, v in value.items()) + "}"
        )
    if isinstance(value, list | tuple):
        items = [_shown(item, limit) for item in value[:limit]]
        more = f", ... ({len(value)} in all)" if len(value) > limit else ""
        return "[" + ", ".join(items) + more + "]"
    number = _number(value)
    if number is not None and not isinstance(value, int):
        return f"{number:.4g}"
    return "-" if value is None else str(value)
